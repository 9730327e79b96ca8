from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "veedel.programme"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self):
        from veedel.core.contributions import demo_loader_add
        from veedel.programme import panels, sections

        panels.register()
        sections.register()
        demo_loader_add(command="load_areas", order=10)
        demo_loader_add(command="load_demo_offices", order=12)
