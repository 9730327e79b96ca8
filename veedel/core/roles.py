"""The roles of docs/roles.md, one per user (``User.role``).

They live in ``core`` because the shared predicates (``core.predicates``) and every app's
rules speak of them; ``accounts`` keeps the users that carry them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """ "public" is everyone who is not logged in."""

    RESIDENT = "resident", _("Resident")
    COORDINATOR = "coordinator", _("Coordinator")
    PROVIDER_LEAD = "provider_lead", _("Provider lead")
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    COUNCIL_MEMBER = "council_member", _("Council member")
    ADMIN = "admin", _("Administrator")
