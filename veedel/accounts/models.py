from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from veedel.core.roles import Role

__all__ = ["Role", "User", "UserManager"]


class UserManager(BaseUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # The first administrator (``veedel createsuperuser``) gets the administrator role, so
        # that saving the account later keeps its rights (see accounts.services).
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(
        _("role"), max_length=32, choices=Role.choices, default=Role.RESIDENT, db_index=True
    )
    # A provider lead is bound to one provider; coordinators are bound to offices through
    # programme.OfficeStaff.
    provider = models.ForeignKey(
        "programme.Provider",
        verbose_name=_("provider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        help_text=_("Only for provider leads: the provider whose offices they oversee."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)
