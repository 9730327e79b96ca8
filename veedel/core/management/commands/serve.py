"""``veedel serve``: serve Veedel with gunicorn.

Collects the static files first (whitenoise serves them from STATIC_ROOT), then replaces this
process with gunicorn, so signals (Strg+C, systemd's stop) reach gunicorn directly.
"""

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def control_socket_flags() -> list[str]:
    """Switch off gunicorn's control socket (25.1 and newer), which every instance would
    otherwise put at the same path in the home folder, so two servers on one machine clash."""
    try:
        from gunicorn import config
    except ImportError:
        return []
    return ["--no-control-socket"] if hasattr(config, "ControlSocketDisable") else []


def bind_address(host: str, port: int) -> str:
    """``host:port`` for gunicorn and for the URL; an IPv6 address gets its brackets."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


class Command(BaseCommand):
    help = "Serve Veedel with gunicorn (collects the static files first)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to listen on (default: %(default)s)"
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="Port to listen on (default: %(default)s)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Number of gunicorn worker processes (default: %(default)s)",
        )
        parser.add_argument(
            "--access-log",
            action="store_true",
            help="Print one line per request to standard output",
        )

    def handle(self, *args, host, port, workers, access_log, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        if workers < 1:
            raise CommandError(f"--workers must be at least 1, not {workers}.")

        call_command("collectstatic", interactive=False, verbosity=0)

        bind = bind_address(host, port)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "veedel.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            *control_socket_flags(),
        ]
        if access_log:
            argv += ["--access-logfile", "-"]

        # gunicorn imports veedel.wsgi, which needs the same settings as this command.
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veedel.settings")
        self.stdout.write(f"Veedel läuft auf http://{bind}/ (Strg+C beendet)")
        self.stdout.flush()
        sys.stderr.flush()
        os.execvp(sys.executable, argv)
