"""German is the default language; its catalogue is complete and compiled."""

from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "de" / "LC_MESSAGES"


def test_every_string_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo if e.msgid}
    assert compiled == source, "run: msgfmt -o django.mo django.po"


def test_pages_are_german_by_default_and_english_on_request(client, db):
    german = client.get(reverse("programme:home")).content.decode()
    assert '<html lang="de" dir="ltr">' in german
    assert "Die fünf Leitziele" in german

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("programme:home")).content.decode()
    assert '<html lang="en" dir="ltr">' in english
    assert "The five goals" in english
