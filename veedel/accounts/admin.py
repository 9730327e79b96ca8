from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from veedel.accounts.models import Role, User
from veedel.accounts.services import apply_role_flags
from veedel.programme.models import OfficeStaff

# Veedel grants rights by role (docs/roles.md), not by Django groups.
admin.site.unregister(Group)


class OfficeStaffInline(admin.TabularInline):
    model = OfficeStaff
    extra = 0
    verbose_name = _("coordination office (for coordinators)")
    verbose_name_plural = _("coordination offices (for coordinators)")


@admin.register(User)
class UserAdmin(ObjectPermissionsModelAdminMixin, BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "provider", "is_active")
    list_filter = ("role", "is_active", "provider")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("provider",)
    inlines = [OfficeStaffInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role"), {"fields": ("role", "provider", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "usable_password", "password1", "password2")}),
        (_("Role"), {"fields": ("role", "provider")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.role == Role.ADMIN or request.user.is_superuser:
            return queryset
        # The programme office sees coordinators only, to bind them to offices.
        return queryset.filter(role=Role.COORDINATOR)

    def save_model(self, request, obj, form, change):
        # Admin rights follow the role; see veedel.accounts.services.user_set_role.
        apply_role_flags(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if user.role != Role.COORDINATOR:
            OfficeStaff.objects.filter(user=user).delete()
        elif not OfficeStaff.objects.filter(user=user).exists():
            self.message_user(
                request,
                _("%(user)s is a coordinator but works in no coordination office yet.")
                % {"user": user},
                messages.WARNING,
            )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class RoleForm(form):
            def clean(self):
                data = super().clean()
                if data.get("role") == Role.PROVIDER_LEAD and not data.get("provider"):
                    raise ValidationError(
                        {"provider": _("A provider lead must be bound to a provider.")}
                    )
                return data

        return RoleForm
