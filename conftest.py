"""Fixtures shared by all tests.

The Cologne data set is loaded once into the test database (SQLite or PostgreSQL, whichever
DATABASE_URL names); every test runs in a transaction that is rolled back, so each one sees the
loaded data and the demo personas unchanged.
"""

import pytest
from django.conf import settings

# The browser fixtures (one Chromium for the whole run): veedel/core/tests/browser.py.
pytest_plugins = ["veedel.core.tests.browser"]


def pytest_configure(config):
    # Persistent connections (CONN_MAX_AGE) would keep the live server's connections open
    # and stop pytest-django from dropping the PostgreSQL test database at the end.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from veedel.accounts.demo import demo_users_create
    from veedel.areas.loading import area_data_load

    with django_db_blocker.unblock():
        area_data_load(data_dir=settings.VEEDEL_AREA_DATA_DIR)
        demo_users_create()


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
