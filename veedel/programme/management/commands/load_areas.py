from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from veedel.programme.loading import DataFileError, area_data_load


class Command(BaseCommand):
    help = (
        "Load districts, quarters, neighbourhoods, structure figures, the programme, its social "
        "spaces and offices from a data folder (default: VEEDEL_AREA_DATA_DIR); its manifest.json "
        "names the files. Safe to run again: unchanged records are left alone. A broken file "
        "stops the load and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.VEEDEL_AREA_DATA_DIR,
            help="Folder with the data files (default: %(default)s)",
        )

    def handle(self, *args, data_dir: Path, **options):
        try:
            report = area_data_load(data_dir=data_dir)
        except DataFileError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS("Area data loaded." if report.changed else "Area data unchanged.")
        )
