from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "veedel.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from veedel.core.sitechanges import after_migrate

        # Sent once per app after the whole migrate; the core app's turn is enough.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="veedel.core.sitechanges")
