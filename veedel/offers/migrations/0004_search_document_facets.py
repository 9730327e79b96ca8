"""Rebuild every offer's search document so that it holds its facets (offers/search.py).

Filters in the directory and the API look facets up in the search document; documents written
before this migration have none, so without it a filtered search would find nothing.
"""

from django.db import migrations
from django.db.models import Prefetch

BATCH = 500


def rebuild(apps, schema_editor):
    # The document is built by the same function the application uses, on the historical
    # models: it reads only fields and relations that these models have.
    from veedel.offers.search import offer_document

    Offer = apps.get_model("offers", "Offer")
    ServiceAtLocation = apps.get_model("offers", "ServiceAtLocation")
    db = schema_editor.connection.alias
    places = ServiceAtLocation.objects.using(db).select_related("location__quarter")
    pks = list(Offer.objects.using(db).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        offers = (
            Offer.objects.using(db)
            .filter(pk__in=pks[start : start + BATCH])
            .select_related("organization")
            .prefetch_related(
                "taxonomy_terms",
                "languages",
                Prefetch("at_locations", queryset=places),
                "at_locations__location__social_spaces",
            )
        )
        changed = []
        for offer in offers:
            text = offer_document(offer)
            if text != offer.search_document:
                offer.search_document = text
                changed.append(offer)
        Offer.objects.using(db).bulk_update(changed, ["search_document"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("offers", "0003_freshness_notice")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
