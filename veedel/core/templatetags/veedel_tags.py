from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def breakable(value):
    """Allow a line break after each slash: area names such as
    "Porz-Ost/Finkenberg/Gremberghoven/Eil" must fit a phone screen and a table column."""
    return mark_safe(conditional_escape(value).replace("/", "/<wbr>"))
