"""Fixtures shared by all tests.

The Cologne data set and the demo personas are loaded once into the test database (SQLite or
PostgreSQL, whichever DATABASE_URL names; one database per pytest-xdist worker). Every plain
database test runs in a transaction that is rolled back, so each one sees that base data
unchanged.

A transactional test (``live_server`` for the browser tests, ``transactional_db``) commits for
real, and pytest-django empties every table after it. So that no test depends on the order in
which tests run, the base data is put back right after every such test, from a copy taken
once after loading (``_restore_base_data``). The tests themselves may then run in any order,
on any worker.
"""

import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from pytest_django.plugin import blocking_manager_key

# The browser fixtures (one Chromium per worker): veedel/core/tests/browser.py.
pytest_plugins = ["veedel.core.tests.browser"]

_BASE_DATA: dict[str, str] = {}
_FILES_KEY = pytest.StashKey[Path]()

# A skipped test proves nothing, so a run with a skip fails (see pytest_sessionfinish), unless
# the skip is declared here: the test's node id (or the start of it) and why it may skip.
DECLARED_SKIPS: dict[str, str] = {}
_undeclared_skips: list[str] = []


def pytest_configure(config):
    # Persistent connections (CONN_MAX_AGE) would keep the live server's connections open
    # and stop pytest-django from dropping the PostgreSQL test database at the end.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Uploaded and generated files of the tests go to a folder of their own, not to var/.
    files = Path(tempfile.mkdtemp(prefix="veedel-tests-"))
    config.stash[_FILES_KEY] = files
    settings.MEDIA_ROOT = files / "files"
    settings.VEEDEL_IMPORT_DIR = files / "imports"


def pytest_unconfigure(config):
    files = config.stash.get(_FILES_KEY, None)
    if files is not None:
        shutil.rmtree(files, ignore_errors=True)


@pytest.fixture(autouse=True)
def _language_of_the_next_test_is_german():
    """Each test starts in German, as a request without a language does: the test client's
    requests leave the language they activated behind in the thread (LocaleMiddleware does not
    undo it)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _cache_of_the_next_test_is_empty():
    """Each test starts with an empty cache (memory, per worker): a page kept by one test
    under the version it saw must not answer another test that set up different data and
    happens to reach the same version."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from veedel.accounts.demo import demo_users_create
    from veedel.programme.demo import demo_offices_fill
    from veedel.programme.loading import area_data_load

    with django_db_blocker.unblock():
        area_data_load(data_dir=settings.VEEDEL_AREA_DATA_DIR)
        demo_offices_fill()
        demo_users_create()
        _BASE_DATA["default"] = _serialised()


def _serialised() -> str:
    """Every row of every model as JSON, as Django's ``serialize_db_to_string`` makes it, but
    also for apps without migrations (``pytest --nomigrations``)."""
    from io import StringIO

    from django.apps import apps
    from django.core import serializers

    def rows():
        for model in apps.get_models():
            if model._meta.managed and not model._meta.proxy:
                yield from model._base_manager.order_by(model._meta.pk.name).iterator()

    out = StringIO()
    serializers.serialize("json", rows(), stream=out)
    return out.getvalue()


def _flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in item.fixturenames
        or "live_server" in item.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the test database itself is gone already.
    if nextitem is not None and _flushes_database(item) and "default" in _BASE_DATA:
        _restore_base_data(item.config)
    return result


def _restore_base_data(config) -> None:
    """Put the base data back after pytest-django emptied the tables."""
    from django.core.management import call_command

    with config.stash[blocking_manager_key].unblock():
        # The flush after the test ran Django's post-migrate step, which made content types
        # and permissions anew under other ids: empty the tables once more without it, then
        # load the copy (with the original ids).
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connections["default"].creation.deserialize_db_from_string(_BASE_DATA["default"])
        if connections["default"].vendor == "postgresql":
            # Drop the connection, or PostgreSQL refuses to drop the test database at the end.
            connections.close_all()


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        if not any(report.nodeid.startswith(declared) for declared in DECLARED_SKIPS):
            _undeclared_skips.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _undeclared_skips and not hasattr(session.config, "workerinput"):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.ensure_newline()
            reporter.write_line(
                f"{len(_undeclared_skips)} test(s) skipped without a declared reason "
                "(conftest.py, DECLARED_SKIPS); a skip counts as a failure:",
                red=True,
            )
            for nodeid in _undeclared_skips:
                reporter.write_line(f"  {nodeid}", red=True)
        if session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def personas(db):
    """The demo users by username (see veedel/accounts/demo.py)."""
    from veedel.accounts.models import User

    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def login(client, personas):
    """Log the test client in as one persona: ``login("koordination-kalk")``."""

    def do(username):
        client.force_login(personas[username])
        return client

    return do


@pytest.fixture
def site(live_server):
    """The base URL of the live server; the base data (Cologne and the personas) is in place:
    loaded once, put back after every transactional test."""
    return live_server.url
