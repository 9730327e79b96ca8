"""The ``veedel`` command: Django's manage.py with a few commands of Veedel's own.

``veedel demo``   builds the database, loads the Cologne data and the demo logins, and serves.
``veedel serve``  serves the application with gunicorn (``--port``, ``--host``, ``--workers``).
Every other argument is passed to Django's management commands (``veedel migrate`` …).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veedel.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "veedel"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
