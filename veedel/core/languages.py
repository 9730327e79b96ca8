"""Which pages speak which language.

German (the default) and English serve every page. Turkish and Arabic serve the pages a
resident uses (``RESIDENT_PAGES``, by URL name): the home page, the Veedel pages, the offers
directory with its offers and events, and the guide's reading pages. A visitor who chose
Turkish or Arabic and opens another page (a staff page, the admin) sees it in German, with a
note in their language that this page exists only in German and English
(``ResidentLanguageMiddleware``). The language switch offers Turkish and Arabic on resident
pages only. Arabic is laid out right to left (``<html dir="rtl">``, logical CSS properties).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

RESIDENT_PAGES = frozenset(
    {
        "programme:home",
        "programme:office",
        "areas:social_space",
        "areas:district",
        "areas:quarter",
        "offers:directory",
        "offers:offer",
        "offers:events",
        "guide:current",
        "guide:editions",
        "guide:edition",
        "guide:goal",
        "guide:topic",
        "guide:situation",
        "guide:process",
        "guide:methods",
        "guide:method",
    }
)


def is_resident_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in RESIDENT_PAGES


class ResidentLanguageMiddleware:
    """After LocaleMiddleware: Turkish and Arabic only on resident pages, German elsewhere.
    Runs when the view is known (``process_view``), so the page's own texts and its redirects
    are in the language it is shown in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.resident_page = is_resident_page(request)
        request.language_not_offered = ""
        chosen = translation.get_language()
        if chosen in settings.RESIDENT_ONLY_LANGUAGES and not request.resident_page:
            request.language_not_offered = chosen
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None


def languages_context(request) -> dict:
    """The language switch: every language on resident pages, German and English elsewhere;
    and the note when the chosen language is not offered here (in that language)."""
    resident = getattr(request, "resident_page", False)
    offered = [
        (code, name)
        for code, name in settings.LANGUAGES
        if resident or code not in settings.RESIDENT_ONLY_LANGUAGES
    ]
    note = ""
    if chosen := getattr(request, "language_not_offered", ""):
        with translation.override(chosen):
            note = translation.gettext(
                "This page is available in German and English only. The pages for residents "
                "are also in your language."
            )
    return {
        "offered_languages": [
            {"code": code, "local": translation.get_language_info(code)["name_local"]}
            for code, _name in offered
        ],
        "language_not_offered_note": note,
        "language_not_offered": getattr(request, "language_not_offered", ""),
        # Content written in German (the guide's texts, an offer's details, event titles) on
        # a page in another language: marked as German and set in its own direction (WCAG
        # 3.1.2, language of parts).
        "content_lang_attrs": ""
        if translation.get_language() == settings.LANGUAGE_CODE
        else format_html(' lang="{}" dir="auto"', settings.LANGUAGE_CODE),
    }
