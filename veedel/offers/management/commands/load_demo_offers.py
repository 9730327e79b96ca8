from django.core.management.base import BaseCommand, CommandError

from veedel.areas.loading import DataFileError
from veedel.offers.demo import demo_offers_load


class Command(BaseCommand):
    help = (
        "Load the schools of the area data as actors, and example actors, networks (a "
        "Stadtteilkonferenz and two Arbeitskreise per social space of 2012) and example offers "
        "for the demo. Safe to repeat: existing records are left as they are. Needs the area "
        "data (load_areas)."
    )

    def handle(self, *args, **options):
        try:
            report = demo_offers_load()
        except DataFileError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Demo actors, networks and offers loaded."))
        else:
            self.stdout.write("Demo actors, networks and offers: nothing to change.")
