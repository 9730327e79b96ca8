from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "veedel.offers"
    label = "offers"
    verbose_name = _("Offers")

    def ready(self):
        from veedel.core.contributions import demo_loader_add
        from veedel.offers import panels

        panels.register()
        demo_loader_add(command="load_taxonomies", order=30)
        demo_loader_add(command="load_demo_offers", order=40)

        from veedel.offers import network_gaps, space_sections

        network_gaps.register()
        space_sections.register()

        # Search documents follow renamed or changed actors, terms and areas.
        from veedel.offers import services

        services.connect_receivers()
