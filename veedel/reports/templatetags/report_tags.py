"""Numbers in reports, formatted as in the PDF and DOCX (German grouping and decimals)."""

from django import template

from veedel.reports.texts import num

register = template.Library()


@register.filter
def number(value):
    return num(value)


@register.filter
def percent(value):
    return "–" if value is None else f"{num(value)} %"
