from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "veedel.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from veedel.core.contributions import demo_loader_add
        from veedel.initiatives import panels

        panels.register()
        demo_loader_add(command="load_demo_initiatives", order=60)

        from veedel.initiatives import network_links, space_sections

        network_links.register()
        space_sections.register()
