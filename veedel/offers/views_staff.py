"""Pages for the staff who keep the offers directory up to date."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veedel.core.predicates import manages_programme, office_ids_of
from veedel.offers.forms_query import StaleQuery
from veedel.offers.models import FRESHNESS_MONTHS, Offer, ServiceStatus, stale_before
from veedel.programme.models import CoordinationOffice

PER_PAGE = 50


@require_GET
@login_required
def stale_offers(request):
    """The offers of the user's offices (programme office: all), those not checked for six
    months first and flagged. ``?nur=veraltet`` lists only those; ``?seite=`` pages."""
    user = request.user
    if not user.has_perm("offers.view_stale_offers"):
        raise PermissionDenied
    form = StaleQuery.read(request)
    everything = manages_programme(user)
    offers = Offer.objects.exclude(status=ServiceStatus.DEFUNCT)
    offices = CoordinationOffice.objects.order_by("name")
    if not everything:
        offers = offers.filter(office_id__in=office_ids_of(user))
        offices = offices.filter(pk__in=office_ids_of(user))
    today = timezone.localdate()
    stale = Offer.stale_condition(today)
    counts = offers.aggregate(total=Count("pk"), stale=Count("pk", filter=stale))
    if form.only_stale:
        offers = offers.stale(today)
    offers = (
        offers.select_related("organization", "office")
        .defer("search_document", "description", "organization__description")
        .order_by(F("assured_date").asc(nulls_first=True), "name", "pk")
    )
    paginator = Paginator(offers, PER_PAGE)
    number = form.values["seite"] or 1
    if number > paginator.num_pages:
        messages.warning(
            request, _("There is no page “%(value)s”; showing page 1.") % {"value": number}
        )
        number = 1
    page = paginator.page(number)
    rows = [
        {"offer": offer, "stale": offer.stale_on(today)}
        for offer in page.object_list
        if user.has_perm("offers.view_offer", offer)
    ]

    def page_query(number: int) -> str:
        return form.urlencode(seite=number if number > 1 else None)

    return render(
        request,
        "offers/stale_offers.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "previous_query": page_query(page.previous_page_number())
            if page.has_previous()
            else None,
            "next_query": page_query(page.next_page_number()) if page.has_next() else None,
            "only_stale": form.only_stale,
            "counts": counts,
            "offices": list(offices.only("name", "slug")),
            "all_offices": everything,
            "limit": stale_before(today),
            "months": FRESHNESS_MONTHS,
        },
    )
