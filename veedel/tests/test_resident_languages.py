"""Turkish and Arabic on the resident pages are complete: every text of ours that such a page
shows (in its states: results, none, a wrong query) has a translation in both catalogues.

The texts are found the way a visitor meets them: the pages are rendered with the demo loaded
while every gettext call is recorded, so a string added to a resident page later fails here
until it is translated. Texts of Django itself (its own catalogues cover Turkish and Arabic) and
data (names of offers, the guide's German content) are not ours to translate here.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from veedel.core.languages import RESIDENT_PAGES
from veedel.tests import guard_samples, page_walk
from veedel.tests.test_permission_guard import ROWS

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.LOCALE_PATHS[0])
CONTEXT_SEPARATOR = "\x04"


def catalogue(language: str) -> dict[str, polib.POEntry]:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing"
    return {
        (f"{e.msgctxt}{CONTEXT_SEPARATOR}{e.msgid}" if e.msgctxt else e.msgid): e
        for e in polib.pofile(str(path))
        if not e.obsolete
    }


@contextlib.contextmanager
def recorded_msgids():
    """Every msgid looked up while the block runs (with its context as gettext sees it)."""
    seen: set[str] = set()
    gettext, do_ntranslate = trans_real.gettext, trans_real.do_ntranslate

    def recording_gettext(message):
        seen.add(str(message))
        return gettext(message)

    def recording_ntranslate(singular, plural, number, translation_function):
        seen.add(str(singular))
        return do_ntranslate(singular, plural, number, translation_function)

    # django.utils.translation.gettext goes through its cached ``_trans.gettext``; pgettext
    # calls trans_real's module-level gettext; the plural forms meet in do_ntranslate.
    trans_real.gettext = translation._trans.gettext = recording_gettext
    trans_real.do_ntranslate = recording_ntranslate
    try:
        yield seen
    finally:
        trans_real.gettext = translation._trans.gettext = gettext
        trans_real.do_ntranslate = do_ntranslate


def resident_rows() -> list:
    """The public GET rows of docs/roles.md that are resident pages."""
    return [
        row
        for row in ROWS
        if row.method == "GET" and row.name in RESIDENT_PAGES and row.answers[0] == "200"
    ]


def resident_addresses() -> list[str]:
    found = [guard_samples.SAMPLES[row.sample](row.name) for row in resident_rows()]
    directory, events = reverse("offers:directory"), reverse("offers:events")
    return found + [
        f"{directory}?q=Deutschkurs+Kalk",
        f"{directory}?q=Nichtszufindendes",
        f"{directory}?q=Deutschkurs&kostenlos=1&zielgruppe=erwachsene",
        f"{directory}?von=kalk&umkreis=2",
        f"{directory}?umkreis=7&alter=-3&thema=gibt-es-nicht",
        f"{directory}?seite=2",
        f"{events}?tag=mo",
    ]


def offer_addresses() -> list[str]:
    """Offer pages of the demo in their variety (hand-written and composed, with and without
    dates, costs, access notes): every twentieth by name."""
    from veedel.offers.models import Offer

    offers = list(Offer.objects.published().order_by("name").only("pk"))
    return [offer.get_absolute_url() for offer in offers[::20]]


def test_every_text_of_a_resident_page_is_in_turkish_and_arabic(client):
    page_walk.demo_load()
    german = catalogue("de")
    addresses = resident_addresses() + offer_addresses()
    assert len(addresses) > 40
    # Every resident page is walked (a new one is as soon as it has its row in docs/roles.md).
    assert {row.name for row in resident_rows()} == RESIDENT_PAGES
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    with recorded_msgids() as seen:
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            assert response.content.decode().count('lang="tr"') >= 1, address
    ours = {msgid for msgid in seen if msgid in german}
    assert len(ours) > 150, f"only {len(ours)} texts recorded"
    for language in ("tr", "ar"):
        translated = catalogue(language)
        missing = sorted(
            msgid.replace(CONTEXT_SEPARATOR, " | ")
            for msgid in ours
            if msgid not in translated
            or translated[msgid].fuzzy
            or not (translated[msgid].msgstr or translated[msgid].msgstr_plural.get(0))
        )
        assert missing == [], f"{language}: {len(missing)} texts untranslated:\n" + "\n".join(
            missing
        )


def test_the_catalogues_are_compiled_and_used(client):
    """The .mo files are in the repository and current: a resident page shows Turkish and
    Arabic UI text, and the translations keep their placeholders."""
    for language in ("tr", "ar"):
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_size > 1000, mo
        for entry in polib.pofile(str(po)):
            if entry.msgstr and not entry.fuzzy:
                for placeholder in ("%(", "{"):
                    if placeholder in entry.msgid:
                        assert entry.msgstr.count(placeholder) == entry.msgid.count(placeholder), (
                            f"{language}: {entry.msgid!r}"
                        )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    turkish = client.get(reverse("offers:directory")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = client.get(reverse("offers:directory")).content.decode()
    assert "İçeriğe geç" in turkish  # "Skip to content"
    assert "انتقل إلى المحتوى" in arabic
