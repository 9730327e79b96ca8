"""Pages for the staff who keep the offers directory up to date."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veedel.core.predicates import manages_programme, office_ids_of
from veedel.offers.freshness import stale_before
from veedel.offers.models import FRESHNESS_MONTHS, Offer, ServiceStatus
from veedel.programme.models import CoordinationOffice

PER_PAGE = 50
ONLY_STALE = "veraltet"


@require_GET
@login_required
def stale_offers(request):
    """The offers of the user's offices (programme office: all), those not checked for six
    months first and flagged. ``?nur=veraltet`` lists only those; ``?seite=`` pages."""
    user = request.user
    if not user.has_perm("offers.view_stale_offers"):
        raise PermissionDenied
    problems = []
    only = request.GET.get("nur", "").strip()
    if only not in ("", ONLY_STALE):
        problems.append(
            _("“%(value)s” is not a valid choice for “show”; all offers are listed.")
            % {"value": only[:50]}
        )
        only = ""
    everything = manages_programme(user)
    offers = Offer.objects.exclude(status=ServiceStatus.DEFUNCT)
    offices = CoordinationOffice.objects.order_by("name")
    if not everything:
        offers = offers.filter(office_id__in=office_ids_of(user))
        offices = offices.filter(pk__in=office_ids_of(user))
    today = timezone.localdate()
    limit = stale_before(today)
    stale_condition = Q(assured_date__isnull=True) | Q(assured_date__lt=limit)
    counts = offers.aggregate(total=Count("pk"), stale=Count("pk", filter=stale_condition))
    if only:
        offers = offers.filter(stale_condition)
    offers = (
        offers.select_related("organization", "office")
        .defer("search_document", "description", "organization__description")
        .order_by(F("assured_date").asc(nulls_first=True), "name", "pk")
    )
    paginator = Paginator(offers, PER_PAGE)
    raw_page = request.GET.get("seite", "1")
    try:
        number = int(raw_page)
        if not 1 <= number <= paginator.num_pages:
            raise ValueError
    except ValueError:
        problems.append(
            _("There is no page “%(value)s”; showing page 1.") % {"value": raw_page[:20]}
        )
        number = 1
    page = paginator.page(number)
    rows = [
        {"offer": offer, "stale": offer.assured_date is None or offer.assured_date < limit}
        for offer in page.object_list
        if user.has_perm("offers.view_offer", offer)
    ]
    base_query = f"nur={ONLY_STALE}&" if only else ""
    return render(
        request,
        "offers/stale_offers.html",
        {
            "rows": rows,
            "page": page,
            "base_query": base_query,
            "only_stale": bool(only),
            "problems": problems,
            "counts": counts,
            "offices": list(offices.only("name", "slug")),
            "all_offices": everything,
            "limit": limit,
            "months": FRESHNESS_MONTHS,
        },
    )
