from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from veedel.areas.queries import HEAVY_FIELDS
from veedel.programme.models import CoordinationOffice, OfficeStaff


@require_GET
def office(request, slug):
    office = get_object_or_404(CoordinationOffice.objects.select_related("provider"), slug=slug)
    spaces = list(office.social_spaces.defer(*HEAVY_FIELDS).order_by("-valid_from", "name"))
    staff = None
    if request.user.has_perm("programme.view_staff_of_coordinationoffice", office):
        staff = list(
            OfficeStaff.objects.filter(office=office)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
    return render(
        request,
        "programme/office.html",
        {"office": office, "spaces": spaces, "staff": staff},
    )
