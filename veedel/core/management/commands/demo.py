import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from veedel.core.contributions import demo_loaders


class Command(BaseCommand):
    help = (
        "Build the database, load the bundled area data, the examples of every module and one "
        "demo login per role, then serve Veedel (use --no-serve to stop after loading)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Load only, do not serve.")

    def handle(self, *args, host, port, no_serve, **options):
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        # Each app registers the command that loads its examples (AppConfig.ready); they are
        # idempotent and run in their order: area data first, then what builds on it.
        closing = []
        for loader in demo_loaders():
            output = io.StringIO()
            call_command(loader.command, stdout=output)
            lines = output.getvalue().strip().splitlines()
            if loader.closing:
                closing.extend(lines)
            elif lines:
                self.stdout.write(lines[-1])
        address = f"http://{host}:{port}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Veedel demo: {address}"))
        for line in closing:
            self.stdout.write(line)
        self.stdout.write(f"Log in at {address}konto/anmelden/")
        self.stdout.write(
            "Password-reset e-mails are printed here in the terminal (console e-mail back end)."
        )
        self.stdout.write("")
        if not no_serve:
            call_command("serve", host=host, port=port)
