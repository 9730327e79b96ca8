"""The HSDS 3.0 read API (Open Referral Human Services Data Specification) under /api/hsds/.

Public by design: only published offers of public actors (``Offer.objects.published()``) and
public actors (``is_public``) appear. ``serialisers`` builds the HSDS objects as plain dicts,
``query`` reads the query string strictly and filters, ``views`` answers the requests; the
OpenAPI document describing all of it is in ``veedel.offers.openapi``.
"""

from veedel.offers.api.serialisers import (
    derived_id,
    full_prefetch,
    organization_dict,
    service_dict,
    service_full_dict,
    taxonomy_dict,
    taxonomy_term_dict,
)

__all__ = [
    "derived_id",
    "full_prefetch",
    "organization_dict",
    "service_dict",
    "service_full_dict",
    "taxonomy_dict",
    "taxonomy_term_dict",
]
