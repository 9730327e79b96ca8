from django import template
from django.template.defaultfilters import date
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def breakable(value):
    """Allow a line break after each slash: area names such as
    "Porz-Ost/Finkenberg/Gremberghoven/Eil" must fit a phone screen and a table column."""
    return mark_safe(conditional_escape(value).replace("/", "/<wbr>"))


# Dates with the weekday, as each language writes them (Django's own formats have no weekday).
# German first; a language missing here is written as German.
DATE_FORMATS = {
    "day": {"de": "l, j. F Y", "en": "l, j F Y", "tr": "j F Y, l", "ar": "l، j F Y"},
    "weekday_time": {
        "de": "D, d.m., H:i",
        "en": "D, d.m., H:i",
        "tr": "j F D, H:i",
        "ar": "D، j F، H:i",
    },
    "weekday_date_time": {
        "de": "D, d.m.Y, H:i",
        "en": "D, d.m.Y, H:i",
        "tr": "j F Y D, H:i",
        "ar": "D، j F Y، H:i",
    },
}


@register.filter
def local_date(value, name):
    """``{{ start|local_date:"day" }}``: the date in the named format of the page's language."""
    formats = DATE_FORMATS[name]
    return date(value, formats.get(translation.get_language() or "de", formats["de"]))
