"""Fixtures of the tests across apps."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo (every app's examples, as ``veedel demo`` loads them) for the tests of
    one module: loaded once, inside a transaction that is rolled back after the module, so the
    other tests see only the base data. Each test runs in a savepoint inside it."""
    from veedel.core.contributions import demo_loaders

    with django_db_blocker.unblock():
        with transaction.atomic():
            for loader in demo_loaders():
                call_command(loader.command, stdout=io.StringIO())
            yield
            transaction.set_rollback(True)
