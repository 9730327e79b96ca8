from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from veedel.accounts.models import Role, User
from veedel.core.contributions import dashboard_panels


@require_GET
@login_required
def dashboard(request):
    """The dashboard: what each app contributes for this user, in order
    (``veedel.core.contributions.dashboard_panels``; the office cards are accounts' own,
    ``veedel/accounts/panels.py``), then the account."""
    user = request.user
    context = {
        "role": Role(user.role) if user.role else None,
        "panels": dashboard_panels.render_list(request),
    }
    if user.role == Role.ADMIN or user.is_superuser:
        context["users_by_role"] = [
            (Role(r["role"]).label, r["n"])
            for r in User.objects.values("role").annotate(n=Count("pk")).order_by("role")
        ]
    return render(request, "accounts/dashboard.html", context)


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
