from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "veedel.council"
    label = "council"
    verbose_name = _("Council papers")

    def ready(self):
        from veedel.core.contributions import demo_loader_add
        from veedel.council import panels

        panels.register()
        demo_loader_add(command="load_demo_council", order=90)
