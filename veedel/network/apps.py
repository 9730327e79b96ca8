from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "veedel.network"
    label = "network"
    verbose_name = _("Actors and networks")

    def ready(self):
        from veedel.network import panels, space_sections

        panels.register()
        space_sections.register()
