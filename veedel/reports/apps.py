from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "veedel.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from veedel.core.contributions import demo_loader_add
        from veedel.reports import panels

        panels.register()
        demo_loader_add(command="load_demo_reports", order=80)
