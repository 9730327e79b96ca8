import pytest


@pytest.fixture
def council(db):
    """The Cologne council demo (body, bodies, sessions, the Mitteilung of 2012)."""
    from veedel.council.demo import demo_council_load

    demo_council_load()
    from veedel.council.models import Paper

    return Paper.objects.get(reference="0815/2012")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
