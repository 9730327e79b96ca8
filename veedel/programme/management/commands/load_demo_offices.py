from django.core.management.base import BaseCommand

from veedel.programme.demo import demo_offices_fill


class Command(BaseCommand):
    help = (
        "Give the demo's coordination offices whose contact is example data an example "
        "address, phone, opening hours, office hours, description and point (never "
        "overwrites what is there). Needs the areas."
    )

    def handle(self, *args, **options):
        lines = demo_offices_fill()
        for line in lines:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Example office details: {len(lines)} offices filled in.")
