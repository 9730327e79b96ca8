from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veedel.areas.loading import DataFileError, LoadReport
from veedel.guide.loading import EXAMPLE_EDITION_FILE, edition_load, edition_summary
from veedel.programme.models import Programme


class Command(BaseCommand):
    help = (
        "Load an edition of the guide (Handlungsleitfaden) from a JSON file and publish it. "
        "Default: the example edition written for Veedel; a city loads its own with --file "
        "(format: docs/guide-data.md). Safe to run again: an unchanged file changes nothing. "
        "A broken file stops the load and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=EXAMPLE_EDITION_FILE,
            help="Edition file (default: the example edition, %(default)s)",
        )
        parser.add_argument(
            "--programme",
            help="Slug of the programme the edition belongs to (needed only when there are "
            "several programmes)",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Load without publishing (a new edition stays a draft)",
        )

    def handle(self, *args, file: Path, programme: str | None, draft: bool, **options):
        programme_obj = self._programme(programme)
        report = LoadReport()
        try:
            edition = edition_load(
                path=file, programme=programme_obj, publish=not draft, report=report
            )
        except DataFileError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        outcome = "loaded" if report.changed else "unchanged"
        self.stdout.write(self.style.SUCCESS(f"Guide {outcome}: {edition_summary(edition)}"))

    def _programme(self, slug: str | None) -> Programme:
        if slug:
            programme = Programme.objects.filter(slug=slug).first()
            if programme is None:
                raise CommandError(f"There is no programme with the slug '{slug}'.")
            return programme
        programmes = list(Programme.objects.all()[:2])
        if not programmes:
            raise CommandError("There is no programme yet; load the area data first (load_areas).")
        if len(programmes) > 1:
            raise CommandError("There are several programmes; name one with --programme.")
        return programmes[0]
