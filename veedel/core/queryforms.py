"""Query strings read through forms: every page and API parameter passes one.

A ``QueryForm`` is always bound (an empty query string is a valid, unfiltered request). It
answers with the clean values of the parameters it could read, and names every one it could
not: a malformed value ("Seite ²"), a value out of range, an unknown parameter. Pages show
those problems as messages and go on without the parameter; APIs answer 400 naming it. No
view reads ``request.GET`` itself.

    form = ActorQuery.read(request)       # a page: problems become messages
    actors = form.filter(actors)          # or: form.values["sozialraum"]

    form = ServiceQuery(request.GET)      # an API
    if form.api_problems():
        return error_400(form.api_problems())

The filter bar of a list page renders from the same form through one include,
``core/_filter_bar.html``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django import forms
from django.contrib import messages
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The largest page number any list accepts; larger ones are refused before they reach the
#: database (20 digits overflow a 64-bit integer on SQLite and PostgreSQL alike).
MAX_PAGE = 100_000

UNKNOWN_CHOICE = {"invalid_choice": gettext_lazy("“%(value)s” is not known.")}


class PageField(forms.IntegerField):
    """The page of a list (``?seite=3``): a whole number from 1 to ``MAX_PAGE``. It is never
    shown in the filter bar; a new filter starts at page 1."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_PAGE)
        kwargs.setdefault("label", gettext_lazy("Page"))
        super().__init__(**kwargs)


class QueryForm(forms.Form):
    """The parameters of one page or API, named as they appear in its address."""

    #: Parameters that may appear in the address without being fields (none by default).
    extra_parameters: ClassVar[frozenset[str]] = frozenset()
    #: Parameters that, when given, must not be empty (``?per_page=`` is refused, not ignored).
    refuse_empty: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, data: QueryDict | dict | None = None, **kwargs):
        super().__init__(QueryDict() if data is None else data, **kwargs)

    @classmethod
    def read(cls, request, **kwargs) -> Self:
        """The form over the request's query string; what it could not read is shown to the
        visitor as a warning (the page goes on without it)."""
        form = cls(request.GET, **kwargs)
        for problem in form.problems():
            messages.warning(request, problem)
        return form

    # -- what was read ------------------------------------------------------------------------

    def full_clean(self):
        super().full_clean()
        for name in self.refuse_empty:
            if name in self.fields and name in self.data and self.data.get(name, "") == "":
                self.add_error(name, _("This parameter is given but empty."))

    @property
    def values(self) -> dict[str, Any]:
        """Every field's clean value; a field that could not be read has its initial value
        (usually None), as if it had not been given."""
        self.is_valid()
        return {
            name: (
                self.cleaned_data.get(name)
                if name not in self.errors
                else self.get_initial_for_field(field, name)
            )
            for name, field in self.fields.items()
        }

    def given(self) -> dict[str, Any]:
        """The values that were given and could be read (empty ones left out)."""
        return {
            name: value
            for name, value in self.values.items()
            if name not in self.errors and value not in (None, "", [], ())
        }

    def unknown_parameters(self) -> list[str]:
        known = set(self.fields) | set(self.extra_parameters)
        return sorted(key for key in self.data if key not in known)

    # -- what was not -------------------------------------------------------------------------

    def field_problems(self) -> list[tuple[str, str]]:
        """(parameter, reason) for each parameter that was given but could not be read."""
        self.is_valid()
        return [(name, " ".join(str(e) for e in errors)) for name, errors in self.errors.items()]

    def problems(self) -> list[str]:
        """One sentence per parameter that could not be used, for the visitor."""
        sentences = []
        for name, reason in self.field_problems():
            label = self.fields[name].label if name in self.fields else name
            sentences.append(
                _("Filter “%(filter)s”: %(error)s It was ignored.")
                % {"filter": label, "error": reason}
            )
        for name in self.unknown_parameters():
            sentences.append(
                _(
                    "The address contains “%(parameter)s”, which this page does not know; "
                    "it was ignored."
                )
                % {"parameter": name}
            )
        return sentences

    def api_problems(self) -> list[tuple[str, str]]:
        """(parameter, reason) for an API's 400 answer: unreadable and unknown parameters."""
        return self.field_problems() + [
            (name, _("Unknown parameter.")) for name in self.unknown_parameters()
        ]

    # -- links --------------------------------------------------------------------------------

    def urlencode(self, **changes) -> str:
        """The query string of the parameters that could be read, as they were given, with
        ``changes`` applied (a value of None removes a parameter). For pagination links and
        for links that keep the filters."""
        self.is_valid()
        query = QueryDict(mutable=True)
        for name in self.fields:
            if name in self.errors or name not in self.data:
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data[name]]
            values = [v for v in values if v != ""]
            if values:
                query.setlist(name, values)
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            elif isinstance(value, list | tuple):
                query.setlist(name, [str(v) for v in value])
            else:
                query[name] = str(value)
        return query.urlencode()

    # -- the filter bar -----------------------------------------------------------------------

    def bar_fields(self):
        """The fields the filter bar shows: the visible ones."""
        return self.visible_fields()

    def carried_fields(self):
        """Hidden fields the filter bar carries along (not the page: a new filter starts at
        page 1)."""
        return [f for f in self.hidden_fields() if not isinstance(f.field, PageField)]

    @property
    def has_filters(self) -> bool:
        """Whether a filter shown in the bar is set (the bar then offers to reset them)."""
        given = self.given()
        return any(bound.name in given for bound in self.bar_fields())
