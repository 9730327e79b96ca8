from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET

from veedel.accounts.models import Role, User
from veedel.areas.models import SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.network.models import Actor, Meeting, Network
from veedel.offers.models import Offer
from veedel.programme.models import CoordinationOffice, OfficeStaff, Programme


def _upcoming_meetings(offices, limit: int = 8):
    return list(
        Meeting.objects.filter(network__office__in=offices, start__gte=timezone.now())
        .select_related("network")
        .order_by("start")[:limit]
    )


def _count_per_office(queryset, field: str = "office"):
    """A subquery counting the rows of ``queryset`` that belong to the outer office."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _offices(queryset):
    """Offices with provider, areas, staff and what they keep, in a fixed number of queries."""
    return list(
        queryset.annotate(
            actor_count=_count_per_office(Actor.objects.all()),
            network_count=_count_per_office(Network.objects.all()),
            offer_count=_count_per_office(Offer.objects.all()),
            stale_offer_count=_count_per_office(Offer.objects.stale()),
        )
        .select_related("provider")
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


@require_GET
@login_required
def dashboard(request):
    user = request.user
    context = {"role": Role(user.role) if user.role else None}
    if user.role == Role.COORDINATOR:
        context["offices"] = _offices(CoordinationOffice.objects.filter(staff_members__user=user))
        context["meetings"] = _upcoming_meetings(context["offices"])
    elif user.role == Role.PROVIDER_LEAD:
        context["provider"] = user.provider
        context["offices"] = (
            _offices(CoordinationOffice.objects.filter(provider=user.provider))
            if user.provider_id
            else []
        )
    elif user.role in (Role.PROGRAMME_OFFICE, Role.ADMIN):
        context["offices"] = _offices(CoordinationOffice.objects.current())
        if user.role == Role.ADMIN or user.is_superuser:
            context["users_by_role"] = [
                (Role(r["role"]).label, r["n"])
                for r in User.objects.values("role").annotate(n=Count("pk")).order_by("role")
            ]
    elif user.role == Role.COUNCIL_MEMBER:
        programme = Programme.objects.order_by("pk").first()
        context["programme"] = programme
        context["periods"] = (
            list(programme.periods.select_related("decision").order_by("start"))
            if programme
            else []
        )
        context["offices"] = _offices(CoordinationOffice.objects.current())
    _work_panels(user, context)
    return render(request, "accounts/dashboard.html", context)


def _work_panels(user, context: dict) -> None:
    """Initiatives, target agreements waiting for the user, and reports to approve or publish
    (a fixed number of queries each)."""
    from veedel.agreements.queries import agreements_awaiting
    from veedel.initiatives.queries import dashboard_initiatives
    from veedel.reports.models import Report

    if user.role in (Role.COORDINATOR, Role.PROVIDER_LEAD, Role.PROGRAMME_OFFICE, Role.ADMIN):
        context["initiative_panel"] = dashboard_initiatives(user)
        context["agreements_awaiting"] = agreements_awaiting(user)
    if user.role == Role.PROVIDER_LEAD and user.provider_id:
        context["reports_to_approve"] = list(
            Report.objects.drafts()
            .filter(office__provider_id=user.provider_id)
            .select_related("office")
            .order_by("-year", "office__name")
        )
    elif user.role in (Role.PROGRAMME_OFFICE, Role.ADMIN):
        context["reports_to_publish"] = list(
            Report.objects.awaiting_publication()
            .select_related("office")
            .order_by("-year", "office__name")
        )


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")
