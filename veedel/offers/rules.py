"""Who may see and change offers (docs/roles.md)."""

import rules

from veedel.core.predicates import (
    add_model_perms,
    manages_programme,
    office_predicate,
    works_in_an_office,
)

responsible_for = office_predicate(lambda offer: offer.office_id, "responsible_for")


@rules.predicate
def is_published_offer(user, offer) -> bool:
    return offer is not None and offer.is_public  # as Offer.objects.published()


rules.add_perm("offers.view_offer", is_published_offer | responsible_for | manages_programme)
rules.add_perm("offers.add_offer", works_in_an_office | manages_programme)
rules.add_perm("offers.change_offer", responsible_for | manages_programme)
rules.add_perm("offers.delete_offer", responsible_for | manages_programme)
# Importing and exporting lists of actors and offers.
rules.add_perm("offers.import_offers", works_in_an_office | manages_programme)
rules.add_perm("offers.view_stale_offers", works_in_an_office | manages_programme)

add_model_perms(
    "offers",
    [
        "taxonomy",
        "taxonomyterm",
        "location",
        "serviceatlocation",
        "schedule",
        "event",
        "phone",
        "language",
        "offertext",
        "synonym",
    ],
    manages_programme,
)
