from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "veedel.agreements"
    label = "agreements"
    verbose_name = _("Target agreements")

    def ready(self):
        from veedel.agreements import panels
        from veedel.core.contributions import demo_loader_add

        panels.register()
        demo_loader_add(command="load_demo_agreements", order=70)
