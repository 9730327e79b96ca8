from django.core.management.base import BaseCommand

from veedel.council.demo import demo_council_load


class Command(BaseCommand):
    help = (
        "Load the council demo for Cologne: the body, the council, the nine "
        "Bezirksvertretungen, committees with their topics, sessions in spring 2012 and the "
        "Mitteilung of 2012 on the Handlungsleitfaden with its Beratungsfolge. Safe to repeat. "
        "Needs the area data (load_areas)."
    )

    def handle(self, *args, **options):
        report = demo_council_load()
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Council demo loaded."))
        else:
            self.stdout.write("Council demo: nothing to change.")
