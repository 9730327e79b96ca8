from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from veedel.accounts.demo import DEMO_PASSWORD, PERSONAS, demo_users_create


class Command(BaseCommand):
    help = "Create (or reset) one demo login per role. For demonstrations only."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args, password, **options):
        try:
            demo_users_create(password=password)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Demo logins (password for all: {password}):")
        with translation.override(settings.LANGUAGE_CODE):
            for p in PERSONAS:
                self.stdout.write(f"  {p.username:<26} {p.role.label}")
