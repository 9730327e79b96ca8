"""The query strings of the offers pages, each read through a QueryForm
(veedel/core/queryforms.py): the directory and its map data, the events page, the list of
offers to check, and the import and export pages.

Parameters keep their German names (``?thema=bildung&kostenlos=1``). A value that cannot be
used is named: pages show it as a message and go on without it; the map data answers 400.
The choices of the directory come from ``filters.directory_choices()``, loaded once per request
with a fixed number of queries, so reading the form costs no query of its own (an earlier
outline of a social space costs one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veedel.areas.models import SocialSpace
from veedel.core.queryforms import UNKNOWN_CHOICE, PageField, QueryForm, QuickSelect
from veedel.offers import mapdata
from veedel.offers.filters import (
    MAX_AGE,
    MAX_QUERY_LENGTH,
    NEAR_DEFAULT_KM,
    NEAR_RADII_KM,
    OPEN_NOW_VALUE,
    YES_VALUES,
    Choices,
    DirectoryFilters,
    in_the_city,
    is_known_language,
    language_label,
    place_in_query,
    quarter_point,
    term_by_key,
)
from veedel.offers.models import WEEKDAY_CODES

# --- the query form ------------------------------------------------------------------------


def _shown(value: str) -> str:
    return value[:40] + ("…" if len(value) > 40 else "")


class LoadedChoiceField(forms.ChoiceField):
    """A choice among records loaded once per request (``Choices``), named in the address by a
    key; ``find`` turns the key into the record or None. The clean value is the record."""

    widget = QuickSelect

    def __init__(self, *, empty_label, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", UNKNOWN_CHOICE)
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.find: Callable[[str], Any] = lambda key: None
        self.key: Callable[[Any], str] = str

    def load(self, objects, *, key, label, find=None):
        """Offer ``objects`` (each shown as ``label(obj)``, sent as ``key(obj)``)."""
        self.key = key
        by_key = {key(obj): obj for obj in objects}
        self.find = find or (lambda value: by_key.get(value.lower()))
        self.choices = [("", self.empty_label), *((key(o), label(o)) for o in objects)]

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        found = self.find(value)
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": _shown(value)},
            )
        return found

    def validate(self, value):
        pass  # to_python found it among the choices

    def prepare_value(self, value):
        # The bar shows the choice under its own key ("KALK" and a topic's slug select it).
        if isinstance(value, str) and value.strip():
            found = self.find(value.strip())
            return self.key(found) if found is not None else value
        return value


class CoordinateField(forms.FloatField):
    """A latitude or longitude in degrees, sent by the browser's "Near me" (hidden)."""

    widget = forms.HiddenInput

    def __init__(self, *, minimum: float, maximum: float, **kwargs):
        super().__init__(required=False, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is None or not (self.minimum <= number <= self.maximum) or number != number:
            raise forms.ValidationError(
                _("“%(value)s” is not a position in degrees from %(min)s to %(max)s.")
                % {"value": _shown(value), "min": self.minimum, "max": self.maximum},
                code="invalid",
            )
        return number

    def validate(self, value):
        pass


class AgeField(forms.IntegerField):
    """An age in years, 0 to ``MAX_AGE``, in ASCII digits."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            min_value=0,
            max_value=MAX_AGE,
            widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
            **kwargs,
        )

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and int(value) <= MAX_AGE):
            raise forms.ValidationError(
                _("The age must be a whole number from 0 to %(max)s, not “%(value)s”.")
                % {"max": MAX_AGE, "value": _shown(value)},
                code="invalid",
            )
        return int(value)


class FlagInput(forms.CheckboxInput):
    """A checkbox that sends ``token`` (``?offen=jetzt``) and passes on what it was sent."""

    def __init__(self, token: str):
        super().__init__(check_test=lambda value: value is True)
        self.token = token

    def format_value(self, value):
        return self.token

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class FlagField(forms.Field):
    """A yes/no filter shown as a checkbox: given as ``token`` (or a word for yes), it is set."""

    def __init__(self, *, token: str, accepted=(), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(widget=FlagInput(token), **kwargs)
        self.accepted = {token, *accepted}

    def to_python(self, value):
        value = (value or "").strip().lower()
        if not value:
            return False
        if value not in self.accepted:
            raise forms.ValidationError(
                _("“%(value)s” is not a value for “%(filter)s”.")
                % {"value": _shown(value), "filter": self.label},
                code="invalid",
            )
        return True

    def prepare_value(self, value):
        if isinstance(value, bool):
            return value
        return (value or "").strip().lower() in self.accepted


class PageQuery(QueryForm):
    """A query form of a page whose filter bar shows labels without a colon."""

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)


class OfferQuery(PageQuery):
    """The filters of the directory, shared by its page and its map data. The choices come
    from ``directory_choices()``, loaded with a fixed number of queries."""

    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        label=gettext_lazy("Search words"),
        help_text=gettext_lazy("e.g. German course, homework help, Kalk"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    thema = LoadedChoiceField(
        label=gettext_lazy("Topic field"), empty_label=gettext_lazy("all topics")
    )
    zielgruppe = LoadedChoiceField(
        label=gettext_lazy("Target group"), empty_label=gettext_lazy("any target group")
    )
    alter = AgeField(
        label=gettext_lazy("Age in years"),
        help_text=gettext_lazy("Shows offers open to this age."),
    )
    sprache = LoadedChoiceField(
        label=gettext_lazy("Language"), empty_label=gettext_lazy("any language")
    )
    sozialraum = LoadedChoiceField(
        label=gettext_lazy("Social space"), empty_label=gettext_lazy("whole city")
    )
    stadtteil = LoadedChoiceField(
        label=gettext_lazy("Quarter"), empty_label=gettext_lazy("all quarters")
    )
    von = LoadedChoiceField(
        label=gettext_lazy("Nearest first, from"),
        empty_label=gettext_lazy("no distance order"),
        help_text=gettext_lazy("Or use “Near me” to start from where you are."),
    )
    umkreis = forms.TypedChoiceField(
        required=False,
        label=gettext_lazy("Within"),
        coerce=int,
        choices=[("", f"{NEAR_DEFAULT_KM} km")] + [(str(km), f"{km} km") for km in NEAR_RADII_KM],
        error_messages=UNKNOWN_CHOICE,
        widget=QuickSelect,
    )
    lat = CoordinateField(minimum=-90, maximum=90, label=gettext_lazy("Latitude"))
    lon = CoordinateField(minimum=-180, maximum=180, label=gettext_lazy("Longitude"))
    tag = LoadedChoiceField(label=gettext_lazy("Weekday"), empty_label=gettext_lazy("any day"))
    offen = FlagField(token=OPEN_NOW_VALUE, label=gettext_lazy("Open now"))
    kostenlos = FlagField(token="1", accepted=YES_VALUES, label=gettext_lazy("Free of charge"))
    barrierefrei = FlagField(token="1", accepted=YES_VALUES, label=gettext_lazy("Barrier-free"))

    fieldsets = (
        (gettext_lazy("What and for whom"), ("thema", "zielgruppe", "alter", "sprache")),
        (gettext_lazy("Where"), ("sozialraum", "stadtteil", "von", "umkreis")),
        (gettext_lazy("When"), ("tag", "offen")),
        (gettext_lazy("Costs and access"), ("kostenlos", "barrierefrei")),
    )

    def __init__(self, data=None, *, choices: Choices, **kwargs):
        super().__init__(data, **kwargs)
        self.choices = choices
        fields = self.fields
        fields["thema"].load(
            choices.topics,
            key=lambda t: t.code,
            label=lambda t: t.name,
            find=lambda value: term_by_key(value, choices.topics, by_topic=True),
        )
        fields["zielgruppe"].load(
            choices.target_groups,
            key=lambda t: t.code,
            label=lambda t: t.name,
            find=lambda value: term_by_key(value, choices.target_groups, by_topic=False),
        )
        offered = dict(choices.languages)
        fields["sprache"].load(
            [code for code, _label in choices.languages],
            key=str,
            label=offered.get,
            find=_language_finder(offered),
        )
        fields["sozialraum"].load(
            choices.social_spaces,
            key=lambda s: s.slug,
            label=lambda s: s.name,
            find=_social_space_finder(choices.social_spaces),
        )
        fields["stadtteil"].load(
            choices.quarters,
            key=lambda q: q.number,
            label=lambda q: q.name,
            find=lambda value: next((q for q in choices.quarters if q.number == value), None),
        )
        fields["von"].load(
            choices.quarters,
            key=lambda q: q.number,
            label=lambda q: q.name,
            find=lambda value: next((q for q in choices.quarters if q.number == value), None),
        )
        fields["tag"].load(
            [code for code, _label in choices.weekdays],
            key=str,
            label=dict(choices.weekdays).get,
            find=lambda value: value.upper() if value.upper() in WEEKDAY_CODES else None,
        )

    def full_clean(self):
        super().full_clean()
        # A language or an earlier area chosen by address stays selectable in the bar.
        values = self.values
        if (code := values["sprache"]) and code not in dict(self.choices.languages):
            field = self.fields["sprache"]
            field.choices = [field.choices[0], (code, language_label(code)), *field.choices[1:]]
        space = values["sozialraum"]
        if space is not None and space not in self.choices.social_spaces:
            field = self.fields["sozialraum"]
            field.choices = [field.choices[0], (space.slug, space.name), *field.choices[1:]]

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) and "lat" not in self.errors and "lon" not in self.errors:
            self.add_error("lat", _("A position needs both latitude and longitude."))
        elif lat is not None and lon is not None and not in_the_city(lat, lon):
            self.add_error(
                "lat",
                _(
                    "The position %(lat)s, %(lon)s lies outside the city; choose a quarter "
                    "to start from instead."
                )
                % {"lat": f"{lat:.4f}", "lon": f"{lon:.4f}"},
            )
        return data

    def filters(self) -> DirectoryFilters:
        """The filters that could be read."""
        values = self.values
        topic, group = values["thema"], values["zielgruppe"]
        words = " ".join((values["q"] or "").split())
        space, quarter, place_words = values["sozialraum"], values["stadtteil"], ""
        if space is None and quarter is None and words:
            # "Deutschkurs Kalk": the place is a filter, not a word to search for.
            words, quarter, space, place_words = place_in_query(
                words, self.choices.quarters, self.choices.social_spaces
            )
        origin, origin_quarter = None, values["von"]
        if origin_quarter is not None:
            origin = quarter_point(origin_quarter)
        elif values["lat"] is not None and values["lon"] is not None:
            origin = (values["lat"], values["lon"])
        return DirectoryFilters(
            origin=origin,
            origin_quarter=origin_quarter,
            radius_km=values["umkreis"] or NEAR_DEFAULT_KM,
            q=words,
            place_words=place_words,
            topic=topic,
            target_group=group,
            age=values["alter"],
            language=values["sprache"] or "",
            social_space=space,
            quarter=quarter,
            weekday=values["tag"] or "",
            open_now=bool(values["offen"]),
            free=bool(values["kostenlos"]),
            barrier_free=bool(values["barrierefrei"]),
            topic_ids=self.choices.term_ids(topic) if topic else [],
            target_group_ids=self.choices.term_ids(group) if group else [],
        )


class DirectoryQuery(OfferQuery):
    """The directory page: its filters and the page of results (``?seite=2``)."""

    seite = PageField()


def _language_finder(offered: dict) -> Callable[[str], str | None]:
    def find(value: str) -> str | None:
        value = value.lower()
        if value in offered or (len(value) in (2, 3) and is_known_language(value)):
            return value
        return None

    return find


def _social_space_finder(current: list[SocialSpace]) -> Callable[[str], SocialSpace | None]:
    found: dict = {}

    def find(value: str) -> SocialSpace | None:
        value = value.lower()
        if value not in found:
            found[value] = next((s for s in current if s.slug == value), None) or (
                # An earlier outline of an area is still a valid filter (one query).
                SocialSpace.objects.only("id", "slug", "name", "valid_from", "valid_until")
                .filter(slug=value[:200])
                .first()
            )
        return found[value]

    return find


class MapQuery(OfferQuery):
    """The map data: the directory's filters and the map's view."""

    zoom = forms.IntegerField(required=False, min_value=0, max_value=mapdata.MAX_ZOOM)
    bbox = forms.CharField(required=False, max_length=200)

    def clean_zoom(self):
        raw = (self.data.get("zoom") or "").strip()
        if raw and not (raw.isascii() and raw.isdigit()):
            raise forms.ValidationError(
                _("“zoom” must be a whole number from 0 to %(max)s.") % {"max": mapdata.MAX_ZOOM}
            )
        return self.cleaned_data["zoom"]

    def clean_bbox(self):
        raw = self.cleaned_data["bbox"].strip()
        if not raw:
            return None
        box = mapdata.bbox_parse(raw)
        if box is None:
            raise forms.ValidationError(
                _("“bbox” must be west,south,east,north in degrees, e.g. 6.8,50.8,7.1,51.1.")
            )
        return box

    def view(self) -> mapdata.MapView:
        values = self.values
        zoom = values["zoom"]
        return mapdata.MapView(
            zoom=mapdata.DEFAULT_ZOOM if zoom is None else zoom, bbox=values["bbox"]
        )


# --- events ---------------------------------------------------------------------------------


class EventsQuery(PageQuery):
    """The events page: the area (``?sozialraum=``, also an earlier outline) and the page."""

    sozialraum = LoadedChoiceField(
        label=gettext_lazy("Social space"), empty_label=gettext_lazy("whole city")
    )
    seite = PageField()

    def __init__(self, data=None, *, spaces: list[SocialSpace], **kwargs):
        super().__init__(data, **kwargs)
        self.spaces = spaces
        self.fields["sozialraum"].load(
            spaces, key=lambda s: s.slug, label=lambda s: s.name, find=_social_space_finder(spaces)
        )

    def full_clean(self):
        super().full_clean()
        space = self.values["sozialraum"]
        if space is not None and space not in self.spaces:
            field = self.fields["sozialraum"]
            field.choices = [field.choices[0], (space.slug, space.name), *field.choices[1:]]


# --- staff pages -----------------------------------------------------------------------------

ONLY_STALE = "veraltet"


class StaleQuery(PageQuery):
    """The list of offers to check: all or only the out-of-date ones (``?nur=veraltet``), and
    the page."""

    nur = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Show"),
        choices=[
            ("", gettext_lazy("all offers")),
            (ONLY_STALE, gettext_lazy("only out-of-date offers")),
        ],
        widget=forms.RadioSelect,
        error_messages=UNKNOWN_CHOICE,
    )
    seite = PageField()

    @property
    def only_stale(self) -> bool:
        return self.values["nur"] == ONLY_STALE
