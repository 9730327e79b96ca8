"""Four languages on the public side: German and English everywhere, Turkish and Arabic on the
pages a resident uses (veedel/core/languages.py), Arabic right to left; the fixed vocabulary
in the visitor's language with German where a translation is missing; and no page in one
language shows a UI string of the other."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from veedel.core.languages import RESIDENT_PAGES
from veedel.offers.tests.factories import make_offer
from veedel.programme.models import Goal

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "de" / "LC_MESSAGES" / "django.po"


def page(client, url, language=None):
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def visible(text: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize(
    "cookie", ["xx", "de-xx-garbage", "../../etc", "ar; DROP", "%D8%B9", "x" * 500]
)
def test_a_language_cookie_with_garbage_falls_back_to_german(client, cookie):
    text = page(client, reverse("programme:home"), cookie)
    assert '<html lang="de" dir="ltr">' in text


def test_turkish_and_arabic_are_offered_on_resident_pages(client):
    text = page(client, reverse("offers:directory"), "tr")
    assert '<html lang="tr" dir="ltr">' in text
    assert "Türkçe" in text and "العربيّة" in text
    arabic = page(client, reverse("areas:social_space", args=["kalk"]), "ar")
    assert '<html lang="ar" dir="rtl">' in arabic


def test_other_pages_show_in_german_with_a_note_in_the_chosen_language(client):
    text = page(client, reverse("council:papers"), "tr")
    assert '<html lang="de" dir="ltr">' in text
    assert "Türkçe" not in text  # the switch offers German and English here
    note = re.search(r'<p class="message message-info" lang="tr"[^>]*>(.*?)</p>', text)
    assert note and "Almanca" in note.group(1)
    english = page(client, reverse("council:papers"), "en")
    assert '<html lang="en" dir="ltr">' in english and 'lang="tr"' not in english


def test_every_resident_page_name_is_an_address():
    from django.urls import NoReverseMatch, get_resolver

    names = set()
    resolver = get_resolver()
    for namespace, (_prefix, sub) in resolver.namespace_dict.items():
        names |= {f"{namespace}:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    assert RESIDENT_PAGES <= names, RESIDENT_PAGES - names
    with pytest.raises(NoReverseMatch):
        reverse("programme:no-such-page")


def test_the_vocabulary_shows_in_the_visitors_language_else_in_german(client):
    english = visible(page(client, reverse("programme:home"), "en"))
    assert "Stronger prevention" in english and "Verstärkte Prävention" not in english
    goal = Goal.objects.get(slug="praevention")
    goal.name_en = None
    goal.save()
    assert "Verstärkte Prävention" in visible(page(client, reverse("programme:home"), "en"))
    turkish = visible(page(client, reverse("programme:home"), "tr"))
    assert "Daha güçlü önleme" in turkish


def test_target_groups_and_topics_are_translated_in_the_directory(client):
    make_offer(name="Sprachcafé", topics=["bildung"], target_groups=["erwachsene"])
    english = visible(page(client, reverse("offers:directory"), "en"))
    assert "Education" in english and "Adults" in english
    arabic = visible(page(client, reverse("offers:directory"), "ar"))
    assert "التعليم" in arabic and "البالغون" in arabic


def _phrases():
    """(English msgid, German msgstr) of the catalogue's phrases: several words, no
    placeholders, different in the two languages."""
    found = []
    for entry in polib.pofile(str(CATALOGUE)):
        english, german = entry.msgid, entry.msgstr
        if entry.msgid_plural or "%" in english or "{" in english or "<" in english:
            continue
        if len(english.split()) < 3 or len(german.split()) < 2 or english == german:
            continue
        found.append((english, german))
    return found


RESIDENT_URLS = [
    reverse("programme:home"),
    reverse("areas:social_space", args=["kalk"]),
    reverse("offers:directory"),
    reverse("offers:directory") + "?q=Deutschkurs+Kalk",
    reverse("offers:directory") + "?q=Nichtszufinden",
    reverse("offers:events"),
    reverse("guide:current"),
]


@pytest.mark.parametrize("url", RESIDENT_URLS)
def test_a_german_page_shows_no_english_ui_string_and_an_english_page_no_german(client, url):
    make_offer(name="Sprachcafé", topics=["bildung"], target_groups=["erwachsene"])
    phrases = _phrases()
    assert len(phrases) > 300
    german = visible(page(client, url, "de"))
    english = visible(page(client, url, "en"))
    assert [e for e, _g in phrases if e in german] == []
    assert [g for _e, g in phrases if g in english] == []


def test_a_record_made_while_english_is_active_keeps_its_name_in_german(client):
    """Made in code with the plain field under another language, a record also gets its
    German value (MODELTRANSLATION_AUTO_POPULATE), so German pages and APIs never lose it."""
    from django.utils import translation

    from veedel.offers.models import Taxonomy

    with translation.override("en"):
        made = Taxonomy.objects.create(name="Testgruppen", slug="testgruppen", description="x")
    stored = Taxonomy.objects.get(pk=made.pk)
    assert (stored.name_de, stored.name_en) == ("Testgruppen", "Testgruppen")
    with translation.override("de"):
        assert stored.name == "Testgruppen"
