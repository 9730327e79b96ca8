from django.core.management.base import BaseCommand

from veedel.offers.taxonomy import taxonomies_load


class Command(BaseCommand):
    help = (
        "Create or update the taxonomies of the offers directory (topic fields and target "
        "groups) with their fixed ids. Safe to repeat. Needs the programme's topics (load_areas)."
    )

    def handle(self, *args, **options):
        report = taxonomies_load()
        self.stdout.write(
            f"Taxonomies: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."
        )
