"""Form fields for the programme's records, used by the query forms of higher apps."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from veedel.core.queryforms import KeyChoiceField
from veedel.programme.models import Topic


class TopicKeyField(KeyChoiceField):
    """A topic field chosen by its slug in the address (``?thema=sport``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Topic"))
        super().__init__(Topic.objects.order_by("order", "name"), to_field_name="slug", **kwargs)
