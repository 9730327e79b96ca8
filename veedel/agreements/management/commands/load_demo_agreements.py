from django.core.management.base import BaseCommand

from veedel.agreements.demo import demo_agreements_load


class Command(BaseCommand):
    help = (
        "Load example target agreements (marked as example data): 2025 closed with actual "
        "values and 2026 in force for Kalk and Chorweiler, and 2026 drafts in other states for "
        "two more offices. Safe to repeat: existing agreements are left as they are. Needs the "
        "area data (load_areas); uses the demo users and initiatives where they are loaded."
    )

    def handle(self, *args, **options):
        report = demo_agreements_load()
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Demo target agreements loaded."))
        else:
            self.stdout.write("Demo target agreements: nothing to change.")
