import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation

from veedel.accounts.demo import DEMO_PASSWORD, PERSONAS


class Command(BaseCommand):
    help = (
        "Build the database, load the bundled Cologne data and one demo login per role, then "
        "serve Veedel (use --no-serve to stop after loading)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Load only, do not serve.")

    def handle(self, *args, host, port, no_serve, **options):
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_areas", stdout=self.stdout)
        call_command("load_demo_users", stdout=io.StringIO())
        call_command("load_taxonomies", stdout=io.StringIO())
        offers_output = io.StringIO()
        call_command("load_demo_offers", stdout=offers_output)
        # The last line says whether schools, example networks and offers were loaded.
        self.stdout.write(offers_output.getvalue().strip().splitlines()[-1])
        # The guide's example edition, example initiatives following it, target agreements
        # over them, reports from both, and the council papers (all idempotent).
        for command in (
            "load_demo_guide",
            "load_demo_initiatives",
            "load_demo_agreements",
            "load_demo_reports",
            "load_demo_council",
        ):
            output = io.StringIO()
            call_command(command, stdout=output)
            lines = output.getvalue().strip().splitlines()
            if lines:
                self.stdout.write(lines[-1])
        address = f"http://{host}:{port}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Veedel demo: {address}"))
        self.stdout.write(
            f"Demo logins (password for all: {DEMO_PASSWORD}); log in at {address}konto/anmelden/"
        )
        with translation.override(settings.LANGUAGE_CODE):
            for p in PERSONAS:
                self.stdout.write(f"  {p.username:<26} {p.role.label}")
        self.stdout.write(
            "Password-reset e-mails are printed here in the terminal (console e-mail back end)."
        )
        self.stdout.write("")
        if not no_serve:
            call_command("serve", host=host, port=port)
