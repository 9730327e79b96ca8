from django.core.management.base import BaseCommand

from veedel.initiatives.demo import demo_initiatives_load


class Command(BaseCommand):
    help = (
        "Load example initiatives (marked as example data) for the offices of Kalk and "
        "Chorweiler, following key processes of the current published guide edition. Safe to "
        "repeat: existing examples are left as they are. Needs the areas, the demo users and "
        "a published guide edition."
    )

    def handle(self, *args, **options):
        lines = demo_initiatives_load()
        for line in lines:
            self.stdout.write(f"  {line}")
        created = sum(1 for line in lines if "” created (" in line)
        self.stdout.write(
            f"Example initiatives: {created} created, {len(lines) - created} already there "
            "or skipped."
        )
