"""Forms for networks, their members, meetings and follow-up tasks."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from veedel.areas.models import SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.network.models import (
    Actor,
    Meeting,
    MemberRole,
    Network,
    TaskStatus,
)
from veedel.programme.models import Topic

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y, %H:%M"]
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


class SocialSpaceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.validity_label})"


class ActorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class ActorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _spaces(queryset):
    return queryset.defer(*HEAVY_FIELDS).order_by("-valid_from", "name")


class NetworkForm(forms.ModelForm):
    """A network. ``offices`` are those the user may organise networks for; with one office
    there is nothing to choose, and an existing network keeps its office."""

    social_space = SocialSpaceField(
        queryset=SocialSpace.objects.none(), label=capfirst(_("social space"))
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=capfirst(_("topics")),
    )

    class Meta:
        model = Network
        fields = ["name", "kind", "social_space", "topics", "description", "is_public"]
        help_texts = {
            "is_public": _(
                "Public networks, their members and their public meetings are shown to everybody."
            ),
        }

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.office_choices = [self.instance.office]
            spaces = self.instance.office.social_spaces.all()
        else:
            self.office_choices = list(offices or [])
            spaces = SocialSpace.objects.filter(offices__in=self.office_choices).distinct()
            if len(self.office_choices) > 1:
                self.fields["office"] = forms.ModelChoiceField(
                    queryset=offices,
                    label=capfirst(_("organised by office")),
                    help_text=_("The office decides who may change the network."),
                )
                self.order_fields(["name", "kind", "office"])
        self.fields["social_space"].queryset = _spaces(spaces)

    def chosen_office(self):
        if "office" in self.fields:
            return self.cleaned_data.get("office")
        return self.office_choices[0] if self.office_choices else None

    def clean(self):
        data = super().clean()
        office, space = self.chosen_office(), data.get("social_space")
        if office and space and not office.social_spaces.filter(pk=space.pk).exists():
            self.add_error(
                "social_space",
                _("%(office)s does not work in %(space)s. Choose one of its social spaces.")
                % {"office": office.name, "space": space.name},
            )
        return data


class MemberAddForm(forms.Form):
    actor = ActorField(queryset=Actor.objects.none(), label=capfirst(_("actor")))
    role = forms.ChoiceField(
        choices=MemberRole.choices, initial=MemberRole.MEMBER, label=capfirst(_("role"))
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors
        self.fields["actor"].error_messages["invalid_choice"] = _(
            "This actor cannot be added: it is already a member, or you cannot see it."
        )


class MemberChangeForm(forms.Form):
    actor = forms.ModelChoiceField(
        queryset=Actor.objects.none(), widget=forms.HiddenInput, label=capfirst(_("actor"))
    )
    role = forms.ChoiceField(choices=MemberRole.choices, label=capfirst(_("role")), required=False)

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors
        self.fields["actor"].error_messages["invalid_choice"] = _(
            "This actor is not a member of the network."
        )


def _datetime_field(label, *, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=help_text,
        error_messages={
            "invalid": _("Enter a date and time such as 24.03.2025 18:00."),
            "required": _("Enter the date and time the meeting starts."),
        },
    )


class MeetingForm(forms.ModelForm):
    start = _datetime_field(capfirst(_("start")))
    end = _datetime_field(capfirst(_("end")), required=False, help_text=_("Optional."))
    attendees = ActorsField(
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=capfirst(_("attending actors")),
        help_text=_("Members of the network who took part."),
    )

    class Meta:
        model = Meeting
        fields = [
            "start",
            "end",
            "place",
            "is_public",
            "agenda",
            "attendees",
            "other_attendance",
            "minutes",
            "decisions",
        ]
        help_texts = {
            "is_public": _(
                "Public meetings of a public network appear in the public calendar, and their "
                "minutes, decisions and follow-up tasks are public."
            ),
            "agenda": _("One item per line."),
        }
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, attendee_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = attendee_choices

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end lies before the start. Check the date and time."))
        return data


class TaskForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=capfirst(_("task")), max_length=300)
    responsible = forms.CharField(
        label=capfirst(_("responsible")),
        max_length=200,
        help_text=_("An organisation or a role; it is public with public minutes."),
    )
    due = forms.DateField(
        label=capfirst(_("due")),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the due date such as 31.03.2025.")},
    )
    status = forms.ChoiceField(
        choices=TaskStatus.choices, initial=TaskStatus.OPEN, label=capfirst(_("status"))
    )


class BaseTaskFormSet(forms.BaseFormSet):
    def __init__(self, *args, allowed_ids=frozenset(), **kwargs):
        self.allowed_ids = set(allowed_ids)
        super().__init__(*args, **kwargs)

    def clean(self):
        for form in self.forms:
            task_id = (getattr(form, "cleaned_data", None) or {}).get("id")
            if task_id is not None and task_id not in self.allowed_ids:
                raise forms.ValidationError(
                    _("A task in the form does not belong to this meeting. Reload the page.")
                )


TaskFormSet = forms.formset_factory(
    TaskForm, formset=BaseTaskFormSet, extra=3, can_delete=True, max_num=100
)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices, label=capfirst(_("status")))
