from django.core.management.base import BaseCommand

from veedel.reports.demo import demo_reports_load


class Command(BaseCommand):
    help = (
        "Generate example reports for 2025: the activity reports of the offices with demo work "
        "(one of them approved and published) and the programme report. Run after the demo "
        "initiatives and target agreements. Safe to repeat: existing reports are left as they are."
    )

    def handle(self, *args, **options):
        lines = demo_reports_load()
        for line in lines:
            self.stdout.write(f"  {line}")
        if lines:
            self.stdout.write(self.style.SUCCESS("Demo reports generated."))
        else:
            self.stdout.write("Demo reports: nothing to change.")
