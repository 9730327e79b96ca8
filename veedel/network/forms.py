"""Forms for actors and contacts (the query forms of the pages: forms_query.py)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from veedel.areas.models import SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.core.validators import postal_code_normalise, reject_bidi_controls
from veedel.network.models import Actor, Contact
from veedel.programme.models import Topic


class OfficeChoiceMixin:
    """An ``office`` field limited to the offices the user may keep records for.

    With a single office to choose from and no choice to leave it empty, the field is left out
    and the view uses that office (``chosen_office``).
    """

    def _add_office_field(self, offices, *, optional: bool, initial=None):
        self.office_choices = list(offices)
        if len(self.office_choices) == 1 and not optional:
            return
        self.fields["office"] = forms.ModelChoiceField(
            queryset=offices,
            required=not optional,
            label=model_label(self._meta.model, "office"),
            empty_label=_("no office (kept by the programme office)") if optional else "---------",
            initial=initial,
            help_text=_("The office decides who may see and change the record."),
        )
        self.order_fields(["office", *[n for n in self.fields if n != "office"]])

    def chosen_office(self):
        if "office" in self.fields:
            return self.cleaned_data.get("office")
        return self.office_choices[0] if self.office_choices else None


class SocialSpaceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.validity_label})"


def model_label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


class CoordinateField(forms.FloatField):
    """Decimal degrees; takes a decimal comma as well as a point, shows a point."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".", 1) if value.count(",") == 1 else value
        return super().to_python(value)


class ActorForm(OfficeChoiceMixin, forms.ModelForm):
    latitude = CoordinateField(
        label=model_label(Actor, "latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Decimal degrees (WGS84), e.g. 50.9367."),
        error_messages={
            "min_value": _("The latitude must lie between -90 and 90."),
            "max_value": _("The latitude must lie between -90 and 90."),
            "invalid": _("Enter the latitude as a decimal number, e.g. 50.9367."),
        },
    )
    longitude = CoordinateField(
        label=model_label(Actor, "longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("Decimal degrees (WGS84), e.g. 7.0071."),
        error_messages={
            "min_value": _("The longitude must lie between -180 and 180."),
            "max_value": _("The longitude must lie between -180 and 180."),
            "invalid": _("Enter the longitude as a decimal number, e.g. 7.0071."),
        },
    )
    website = forms.URLField(
        label=model_label(Actor, "website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[reject_bidi_controls],
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=model_label(Actor, "topics"),
    )
    areas_served = SocialSpaceChoiceField(
        queryset=SocialSpace.objects.defer(*HEAVY_FIELDS).order_by("-valid_from", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=model_label(Actor, "areas_served"),
        help_text=_("The social spaces the actor works for, wherever it is located."),
    )

    class Meta:
        model = Actor
        fields = [
            "name",
            "kind",
            "description",
            "street",
            "postal_code",
            "city",
            "latitude",
            "longitude",
            "topics",
            "areas_served",
            "website",
            "email",
            "phone",
            "is_public",
        ]

    def __init__(self, *args, offices=(), office_optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        initial = self.instance.office_id if self.instance.pk else None
        self._add_office_field(offices, optional=office_optional, initial=initial)

    def clean_postal_code(self):
        """Written as the country writes it ("1012ab" → "1012 AB"); the model's validator
        then checks the format of ``VEEDEL_DEFAULT_COUNTRY``."""
        return postal_code_normalise(self.cleaned_data["postal_code"])

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        # Only complain about a missing half when the other half itself was valid.
        if latitude is not None and longitude is None and not self.has_error("longitude"):
            self.add_error("longitude", _("Enter the longitude as well, or leave both empty."))
        if longitude is not None and latitude is None and not self.has_error("latitude"):
            self.add_error("latitude", _("Enter the latitude as well, or leave both empty."))
        return cleaned

    FIELDSETS = (
        (_("The actor"), ("office", "name", "kind", "description", "is_public")),
        (_("Address and location"), ("street", "postal_code", "city", "latitude", "longitude")),
        (_("Topics and areas"), ("topics", "areas_served")),
        (_("How to reach the organisation"), ("website", "email", "phone")),
    )

    def fieldsets(self):
        """(legend, bound fields, whether the point map belongs here), in the form's order."""
        return [
            (legend, [self[name] for name in names if name in self.fields], "latitude" in names)
            for legend, names in self.FIELDSETS
        ]

    def actor_data(self) -> dict:
        """The cleaned values for ``actor_create``/``actor_update``."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if "office" in self.fields:
            data["office"] = self.cleaned_data["office"]
        return data


class ContactForm(OfficeChoiceMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "function", "email", "phone", "purpose", "legal_basis"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "purpose": {
                "required": _("Say why the office keeps this person's data (GDPR Art. 5(1)(b)).")
            },
            "legal_basis": {
                "required": _("Choose the legal basis for keeping this person's data.")
            },
        }

    def __init__(self, *args, offices=(), **kwargs):
        initial_office = kwargs.pop("initial_office", None)
        super().__init__(*args, **kwargs)
        initial = self.instance.office_id if self.instance.pk else initial_office
        self._add_office_field(offices, optional=False, initial=initial)

    def contact_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if "office" in self.fields:
            data["office"] = self.cleaned_data["office"]
        return data
