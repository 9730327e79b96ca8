import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from veedel.offers.freshness import REMIND_AGAIN_AFTER_DAYS, freshness_digest_send

DEFAULT_BASE_URL = "http://localhost:8000"


class Command(BaseCommand):
    help = (
        "E-mail the coordinators of each office one list of their offers that were not checked "
        "for six months. Safe to run daily: an offer is mentioned to the same person at most "
        f"once in {REMIND_AGAIN_AFTER_DAYS} days."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "VEEDEL_BASE_URL", "")
            or os.environ.get("VEEDEL_BASE_URL", ""),
            help="Address of the site for the links in the e-mails, e.g. "
            "https://veedel.example.org (default: $VEEDEL_BASE_URL, else "
            f"{DEFAULT_BASE_URL}).",
        )

    def handle(self, *args, dry_run, base_url, **options):
        if not base_url:
            base_url = DEFAULT_BASE_URL
            self.stderr.write(
                f"No --base-url or VEEDEL_BASE_URL given: links in the e-mails use {base_url}."
            )
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(f"--base-url must start with http:// or https://, not {base_url!r}")
        report = freshness_digest_send(base_url=base_url, dry_run=dry_run)
        if dry_run:
            self.stdout.write("Dry run: nothing was sent or recorded.")
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            raise CommandError(f"{len(report.failed)} e-mails could not be sent (see above).")
