"""The office cards of the dashboard (registered in AccountsConfig.ready).

Which offices a user sees follows from the role and its binding; what each app keeps per
office ("12 actors kept") comes from ``veedel.core.contributions.office_facts``.
"""

from django.db.models import Prefetch

from veedel.core.contributions import dashboard_panels, office_facts
from veedel.core.roles import Role


def offices_of(user):
    """The offices whose cards the user sees: the coordinator's own, the provider's, or all
    under contract today for the programme office, admins and council members."""
    from veedel.programme.models import CoordinationOffice

    if user.role == Role.COORDINATOR:
        return CoordinationOffice.objects.filter(staff_members__user=user)
    if user.role == Role.PROVIDER_LEAD:
        if not user.provider_id:
            return CoordinationOffice.objects.none()
        return CoordinationOffice.objects.filter(provider_id=user.provider_id)
    if user.role in (Role.PROGRAMME_OFFICE, Role.ADMIN, Role.COUNCIL_MEMBER):
        return CoordinationOffice.objects.current()
    return CoordinationOffice.objects.none()


def _with_areas_and_staff(queryset) -> list:
    """Offices with provider, areas and staff, in a fixed number of queries."""
    from veedel.areas.models import SocialSpace
    from veedel.areas.queries import HEAVY_FIELDS
    from veedel.programme.models import OfficeStaff

    return list(
        queryset.select_related("provider")
        .prefetch_related(
            Prefetch(
                "social_spaces",
                queryset=SocialSpace.objects.defer(*HEAVY_FIELDS).order_by("-valid_from", "name"),
            ),
            Prefetch(
                "staff_members",
                queryset=OfficeStaff.objects.select_related("user").order_by(
                    "user__last_name", "user__first_name"
                ),
            ),
        )
        .order_by("name")
    )


def _office_cards(request):
    user = request.user
    if user.role == Role.RESIDENT:
        return None
    offices = _with_areas_and_staff(offices_of(user))
    if not offices and user.role != Role.PROVIDER_LEAD:
        return None
    # Council members see the offices and their areas, not the work kept there or the staff.
    shows_work = user.role != Role.COUNCIL_MEMBER
    facts = office_facts.render_per_object(request, offices) if shows_work and offices else {}
    return {
        "role": user.role,
        "provider": user.provider if user.role == Role.PROVIDER_LEAD else None,
        "offices": [(office, facts.get(office.pk, [])) for office in offices],
        "shows_work": shows_work,
    }


def register() -> None:
    dashboard_panels.add(
        key="offices", order=20, template="accounts/_dashboard_offices.html", context=_office_cards
    )
