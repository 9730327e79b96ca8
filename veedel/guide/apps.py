from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "veedel.guide"
    label = "guide"
    verbose_name = _("Guide (Handlungsleitfaden)")

    def ready(self):
        from veedel.core.contributions import demo_loader_add
        from veedel.guide import panels

        panels.register()
        demo_loader_add(command="load_demo_guide", order=50)
