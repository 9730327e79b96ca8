"""The agreements tests check English messages: the German catalogue is merged by the lead
later, and would otherwise change what the tests see."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
