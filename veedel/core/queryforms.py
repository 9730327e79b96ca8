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

import html
from functools import wraps
from typing import Any, ClassVar, Self

from django import forms
from django.contrib import messages
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.http import HttpResponseBadRequest, QueryDict
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The largest page number any list accepts; larger ones are refused before they reach the
#: database (20 digits overflow a 64-bit integer on SQLite and PostgreSQL alike).
MAX_PAGE = 100_000

UNKNOWN_CHOICE = {"invalid_choice": gettext_lazy("“%(value)s” is not known.")}

#: Longer values name nothing we keep (slugs, numbers); they are refused before any lookup.
MAX_KEY_LENGTH = 150


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

    def to_python(self, value):
        """A page number in ASCII digits within the bounds; the refusal names the value."""
        raw = "" if value is None else str(value).strip()
        if raw in self.empty_values:
            return None
        if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(self.max_value))) or not (
            self.min_value <= int(raw) <= self.max_value
        ):
            raise forms.ValidationError(
                _("“%(value)s” is not a page number from %(min)s to %(max)s.")
                % {
                    "value": raw[:20] + ("…" if len(raw) > 20 else ""),
                    "min": self.min_value,
                    "max": self.max_value,
                },
                code="invalid",
            )
        return int(raw)

    def validate(self, value):
        pass  # to_python checked the bounds

    def run_validators(self, value):
        pass  # … and said so with the value


class QuickSelect(forms.Select):
    """A select box written out in Python: the same HTML as Django's ``Select`` without one
    template rendering (or one option dictionary) per option; a filter bar may offer hundreds
    of areas and quarters."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options: list[str] = []

        def add(choices) -> None:
            for key, label in choices:
                if isinstance(label, list | tuple):  # an option group
                    options.append(f'<optgroup label="{_escaped(key)}">')
                    add(label)
                    options.append("</optgroup>")
                    continue
                key = "" if key is None else str(key)
                selected = key in chosen
                if selected:
                    chosen.clear()  # one selected option, as in Django's Select
                options.append(
                    f'<option value="{_escaped(key)}"{" selected" if selected else ""}>'
                    f"{_escaped(label)}</option>"
                )

        add(self.choices)
        return mark_safe(
            f'<select name="{_escaped(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>'
            + "".join(options)
            + "</select>"
        )


def _escaped(text) -> str:
    """``text`` for HTML, as Django's ``conditional_escape`` writes it, in a fraction of its
    time (no lazy wrapper): safe strings stay as they are."""
    if isinstance(text, SafeData):
        return str(text)
    return html.escape(str(text), quote=True)


# Django's templates that ``QuickRenderer`` writes out in Python: the plain inputs (each only
# includes input.html), a label and a field with its label, help text and errors.
_PLAIN_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("text", "search", "number", "hidden", "checkbox", "email", "url", "date")
)
_LABEL = "django/forms/label.html"
_FIELD = "django/forms/field.html"


def _attributes(attrs) -> str:
    """HTML attributes as Django's ``attrs.html`` writes them: in their order, ``True`` as
    the bare name, ``False`` left out."""
    return "".join(
        f" {_escaped(name)}" if value is True else f' {_escaped(name)}="{_escaped(value)}"'
        for name, value in (attrs or {}).items()
        if value is not False
    )


class QuickRenderer(DjangoTemplates):
    """Django's form renderer, with the templates a filter bar renders a dozen times per page
    (inputs, labels, a field's group) written out in Python: the same HTML (``.strip()``-ed
    as Django's renderer does) at a fraction of the cost. Anything else goes to the templates.
    """

    def render(self, template_name, context, request=None):
        if template_name in _PLAIN_INPUTS:
            widget = context["widget"]
            value = widget["value"]
            shown = "" if value is None else f' value="{_escaped(value)}"'
            return mark_safe(
                f'<input type="{_escaped(widget["type"])}" name="{_escaped(widget["name"])}"'
                f"{shown}{_attributes(widget['attrs'])}>"
            )
        if template_name == _LABEL:
            label = _escaped(context["label"])
            if not context["use_tag"]:
                return mark_safe(label)
            tag = _escaped(context["tag"])
            return mark_safe(f"<{tag}{_attributes(context['attrs'])}>{label}</{tag}>")
        if template_name == _FIELD and not context["field"].use_fieldset:
            field = context["field"]
            label = field.label_tag() if field.label else ""
            help_text = ""
            if field.help_text:
                anchor = f' id="{_escaped(field.auto_id)}_helptext"' if field.auto_id else ""
                help_text = f'<div class="helptext"{anchor}>{field.help_text}</div>'
            errors = str(field.errors) if field.errors else ""
            return mark_safe(f"\n  {label}\n\n{help_text}\n{errors}\n{field}\n".strip())
        return super().render(template_name, context, request)


QUICK_RENDERER = QuickRenderer()


class QueryForm(forms.Form):
    """The parameters of one page or API, named as they appear in its address."""

    #: Parameters that may appear in the address without being fields (none by default).
    extra_parameters: ClassVar[frozenset[str]] = frozenset()
    #: Parameters that, when given, must not be empty (``?per_page=`` is refused, not ignored).
    refuse_empty: ClassVar[frozenset[str]] = frozenset()
    #: Groups of the filter bar, each ``(legend, field names)``; the bar shows the fields in no
    #: group first, then each group as a fieldset (``_filter_bar.html`` may fold the groups).
    fieldsets: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = ()
    #: Filter bars render many fields on pages that must be quick (one shared instance: its
    #: template engine is built once).
    default_renderer = QUICK_RENDERER

    def __init__(self, data: QueryDict | dict | None = None, **kwargs):
        super().__init__(QueryDict() if data is None else data, **kwargs)

    @classmethod
    def of(cls, request, **kwargs) -> Self:
        """The form over the request's query string, showing nothing (for APIs and data
        answers, which refuse with ``api_problems()`` instead)."""
        return cls(request.GET, **kwargs)

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
        """Every field's clean value. A field that was not given, was empty or could not be
        read has its initial value (its default; usually None)."""
        self.is_valid()
        values = {}
        for name, field in self.fields.items():
            value = None if name in self.errors else self.cleaned_data.get(name)
            if value in field.empty_values:
                initial = self.get_initial_for_field(field, name)
                value = initial if initial is not None else value
            values[name] = value
        return values

    def given(self) -> dict[str, Any]:
        """The values of the parameters that were given, not empty, and could be read."""
        values = self.values
        return {
            name: values[name]
            for name in self.fields
            if name in self.data
            and name not in self.errors
            and values[name] not in (None, "", [], ())
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
            label = self[name].label if name in self.fields else name
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

    def bar_loose_fields(self):
        """The bar's fields that belong to no fieldset, in field order."""
        grouped = {name for _legend, names in self.fieldsets for name in names}
        return [bound for bound in self.bar_fields() if bound.name not in grouped]

    def bar_fieldsets(self) -> list[tuple[str, list]]:
        """(legend, bound fields) of each fieldset that shows a field."""
        shown = {bound.name: bound for bound in self.bar_fields()}
        groups = [
            (legend, [shown[name] for name in names if name in shown])
            for legend, names in self.fieldsets
        ]
        return [(legend, fields) for legend, fields in groups if fields]

    @property
    def bar_has_errors(self) -> bool:
        """Whether a field shown in the bar could not be read (the bar then says so)."""
        return any(bound.errors for bound in self.bar_fields())

    @property
    def fieldsets_open(self) -> bool:
        """Whether a field of a fieldset could not be read (a folded bar then opens, to show
        it). After a search the bar stays folded, so that the results come first on a phone;
        its summary counts the filters set (``fieldsets_set``)."""
        return any(
            bound.name in self.errors
            for _legend, fields in self.bar_fieldsets()
            for bound in fields
        )

    @property
    def fieldsets_set(self) -> int:
        """How many fields of the fieldsets are set."""
        given = self.given()
        return sum(
            bound.name in given for _legend, fields in self.bar_fieldsets() for bound in fields
        )

    @property
    def has_filters(self) -> bool:
        """Whether a filter shown in the bar is set (the bar then offers to reset them)."""
        given = self.given()
        return any(bound.name in given for bound in self.bar_fields())


class NoQuery(QueryForm):
    """A page or API that takes no parameters: each one it is given is named as unknown
    (``NoQuery.read(request)`` on a page, ``NoQuery(request.GET).api_problems()`` in an API)."""


def bad_request(problems: list[tuple[str, str]]) -> HttpResponseBadRequest:
    """The plain-text 400 of a download or data address: one line per refused parameter."""
    return HttpResponseBadRequest(
        "\n".join(f"{name}: {reason}" for name, reason in problems),
        content_type="text/plain; charset=utf-8",
    )


def takes_no_query(view=None, *, download: bool = False):
    """A view whose address takes no parameters. A page names each one it is given in a
    message and goes on; a download (``download=True``), which has no page to show a message
    on, answers 400 naming them."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                if not download:
                    NoQuery.read(request)
                elif problems := NoQuery(request.GET).api_problems():
                    return bad_request(problems)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


class KeyChoiceField(forms.ModelChoiceField):
    """A record chosen by a key in the address (a slug, an official number).

    Refuses without asking the database what cannot be a key (too long, a NUL character), and
    takes the first by primary key where a key repeats (topics are unique per programme)."""

    def __init__(self, queryset, *, to_field_name, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", gettext_lazy("all"))
        kwargs.setdefault("error_messages", UNKNOWN_CHOICE)
        super().__init__(queryset, to_field_name=to_field_name, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        found = None
        if len(value) <= MAX_KEY_LENGTH and "\x00" not in value:
            found = self.queryset.filter(**{self.to_field_name: value}).order_by("pk").first()
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value[:40] + ("…" if len(value) > 40 else "")},
            )
        return found


def kind_field(kinds, *, empty_label=None, label=None) -> forms.ChoiceField:
    """An optional choice among the members of an enum (``kinds``), by their stable keys."""
    return forms.ChoiceField(
        choices=[("", empty_label or gettext_lazy("all")), *kinds.choices],
        required=False,
        label=label or gettext_lazy("Kind"),
        error_messages=UNKNOWN_CHOICE,
    )
