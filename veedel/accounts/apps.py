from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "veedel.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from veedel.accounts import panels
        from veedel.core.contributions import demo_loader_add

        panels.register()
        demo_loader_add(command="load_demo_users", order=20, closing=True)
