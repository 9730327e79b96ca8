"""Forms for initiatives, their checklist steps, activities, outcome and documents.

The forms check what a user can correct (end before start, a skipped step without reason,
participants by group above the total, a wrong file); the services check again.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from veedel.areas.models import SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.core import uploads
from veedel.initiatives.models import (
    IMPACT_STEP_MEANINGS,
    Activity,
    ImpactStep,
    Initiative,
    InitiativeStep,
    StepStatus,
    TargetGroup,
)
from veedel.initiatives.workflow import step_state
from veedel.network.models import Meeting
from veedel.programme.models import CoordinationOffice, Goal, Topic

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
# More participants than this at one activity is a typing error, not a neighbourhood event.
MAX_PARTICIPANTS = 1_000_000


def _date_field(label, required=False, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class SpaceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.validity_label})"


class GoalsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


def _goals_field(label=None):
    return GoalsField(
        queryset=Goal.objects.order_by("order"), required=False, label=label or capfirst(_("goals"))
    )


def _topics_field():
    return forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=capfirst(_("topics")),
    )


class VersionMixin:
    """A hidden ``version``: the version of the record the user started from."""

    def add_version(self, version: int):
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=version, min_value=1
        )


def _check_end(cleaned, start="start", end="end", message=None):
    if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
        return message or _("The end (%(end)s) lies before the start (%(start)s).") % {
            "end": f"{cleaned[end]:%d.%m.%Y}",
            "start": f"{cleaned[start]:%d.%m.%Y}",
        }
    return None


class StartForm(forms.Form):
    """Start an initiative: in which social space, from which situation and key process."""

    office = forms.ModelChoiceField(
        queryset=CoordinationOffice.objects.none(), label=capfirst(_("coordination office"))
    )
    social_space = SpaceField(
        queryset=SocialSpace.objects.none(), label=capfirst(_("social space"))
    )
    situation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=capfirst(_("starting situation")),
        help_text=_("From the current edition of the guide; optional."),
    )
    key_process = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=capfirst(_("key process")),
        help_text=_(
            "Its steps become the checklist. Without a key process you add your own steps."
        ),
    )
    title = forms.CharField(max_length=200, label=capfirst(_("title")))
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=capfirst(_("summary")),
        help_text=_("What is the initiative about? Public once the initiative is published."),
    )
    start = _date_field(capfirst(_("start")))
    end = _date_field(capfirst(_("end")))
    goals = _goals_field()
    topics = _topics_field()

    def __init__(self, *args, offices, edition, **kwargs):
        super().__init__(*args, **kwargs)
        from veedel.guide.models import KeyProcess, Situation

        self.fields["office"].queryset = offices
        if len(offices) == 1:
            self.fields["office"].initial = offices.first()
            self.fields["office"].widget = forms.HiddenInput()
        self.fields["social_space"].queryset = (
            SocialSpace.objects.current()
            .filter(offices__in=offices)
            .defer(*HEAVY_FIELDS)
            .distinct()
            .order_by("name")
        )
        if edition is None:
            self.fields["situation"].queryset = Situation.objects.none()
            self.fields["key_process"].queryset = KeyProcess.objects.none()
            self.fields["situation"].widget = forms.HiddenInput()
            self.fields["key_process"].widget = forms.HiddenInput()
        else:
            self.fields["situation"].queryset = edition.situations.order_by("order", "title")
            self.fields["key_process"].queryset = edition.key_processes.order_by("order", "title")

    def clean(self):
        cleaned = super().clean()
        if message := _check_end(cleaned):
            self.add_error("end", message)
        office, space = cleaned.get("office"), cleaned.get("social_space")
        if office and space and not office.social_spaces.filter(pk=space.pk).exists():
            self.add_error(
                "social_space",
                _("%(office)s does not work in %(space)s.")
                % {"office": office.name, "space": space.name},
            )
        return cleaned


class ActorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class InitiativeForm(VersionMixin, forms.ModelForm):
    goals = _goals_field()
    topics = _topics_field()
    start = _date_field(capfirst(_("start")))
    end = _date_field(capfirst(_("end")))
    actors = ActorsField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=capfirst(_("actors involved")),
        help_text=_("Actors of the office and of the social space."),
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "status",
            "start",
            "end",
            "goals",
            "topics",
            "actors",
            "is_published",
            "internal_notes",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "is_published": _(
                "The public then sees title, summary, goals, topics, area, status, start and "
                "end; never the notes, the checklist, the activities or documents not marked "
                "public."
            ),
            "internal_notes": _("Seen only by the office, its provider and the programme office."),
        }

    def __init__(self, *args, actors, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actors"].queryset = actors
        self.add_version(version)

    def clean(self):
        cleaned = super().clean()
        if message := _check_end(cleaned):
            self.add_error("end", message)
        return cleaned

    def _post_clean(self):
        # The service saves (with the version check); the model's own validation of the
        # constraint is done by clean() above with a message that says what is wrong.
        pass


class OutcomeForm(VersionMixin, forms.Form):
    outcome_step = forms.TypedChoiceField(
        choices=[("", _("not yet assessed"))] + list(ImpactStep.choices),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=capfirst(_("highest impact step reached")),
    )
    outcome_evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=capfirst(_("evidence for the impact step")),
        help_text=_("What shows that the step was reached: counts, feedback, observations."),
    )
    outcome_statement = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=capfirst(_("outcome")),
        help_text=_("What came of the initiative, in a few sentences."),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version(version)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome_step") and not cleaned.get("outcome_evidence", "").strip():
            self.add_error("outcome_evidence", _("Say what shows that this step was reached."))
        return cleaned

    @staticmethod
    def steps():
        return [(value, label, IMPACT_STEP_MEANINGS[value]) for value, label in ImpactStep.choices]


class StepForm(VersionMixin, forms.ModelForm):
    due = _date_field(capfirst(_("due")))
    started = _date_field(capfirst(_("started")))
    finished = _date_field(capfirst(_("finished")))

    class Meta:
        model = InitiativeStep
        fields = [
            "title",
            "aim",
            "status",
            "skip_reason",
            "responsible",
            "due",
            "started",
            "finished",
            "notes",
        ]
        widgets = {
            "aim": forms.Textarea(attrs={"rows": 3}),
            "skip_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "skip_reason": _("Needed when the step is skipped."),
            "responsible": _("Who takes care of it; internal."),
        }

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version(version)

    def clean(self):
        cleaned = super().clean()
        _check_status(self, cleaned)
        if message := _check_end(
            cleaned,
            "started",
            "finished",
            _("The step cannot be finished before it was started."),
        ):
            self.add_error("finished", message)
        return cleaned

    def _post_clean(self):
        pass


def _check_status(form, cleaned):
    status = cleaned.get("status")
    if status and step_state(status).needs_reason and not cleaned.get("skip_reason", "").strip():
        form.add_error("skip_reason", _("Say why the step is skipped."))


class StepStatusForm(VersionMixin, forms.Form):
    """The short form beside each step of the checklist: status (and a reason to skip)."""

    status = forms.ChoiceField(choices=StepStatus.choices, label=capfirst(_("status")))
    skip_reason = forms.CharField(
        required=False, max_length=2000, label=capfirst(_("reason for skipping"))
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version(version)

    def clean(self):
        cleaned = super().clean()
        _check_status(self, cleaned)
        return cleaned


class StepAddForm(forms.Form):
    title = forms.CharField(max_length=200, label=capfirst(_("title")))
    aim = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=capfirst(_("aim"))
    )
    responsible = forms.CharField(required=False, max_length=200, label=capfirst(_("responsible")))
    due = _date_field(capfirst(_("due")))


class MeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.start:%d.%m.%Y} – {obj.network.name}"


class ActivityForm(forms.ModelForm):
    """An activity with one number field per target group (``group_<value>``)."""

    date = _date_field(capfirst(_("date")), required=True)
    goals = _goals_field(capfirst(_("goals served")))
    network_meeting = MeetingField(
        queryset=Meeting.objects.none(),
        required=False,
        label=capfirst(_("network meeting")),
        help_text=_("Optional: the meeting of one of the office's networks this was."),
    )

    class Meta:
        model = Activity
        fields = [
            "date",
            "kind",
            "title",
            "description",
            "participants_total",
            "hours",
            "goals",
            "impact_step",
            "network_meeting",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "participants_total": _("Everybody who took part, counted once."),
            "impact_step": _("The highest step of the Wirkungstreppe this activity reached."),
        }

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network_meeting"].queryset = meetings
        self.fields["participants_total"].min_value = 0
        self.fields["participants_total"].widget.attrs["min"] = 0
        self.fields["participants_total"].widget.attrs["max"] = MAX_PARTICIPANTS
        self.fields["participants_total"].validators.append(MaxValueValidator(MAX_PARTICIPANTS))
        # "2,5" in German, "2.5" in English.
        self.fields["hours"].localize = True
        self.fields["hours"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["hours"].widget.is_localized = True
        self.fields["hours"].validators.append(MinValueValidator(0))
        counts = {}
        if self.instance.pk:
            counts = {p.target_group: p.count for p in self.instance.participants.all()}
        for value, label in TargetGroup.choices:
            self.fields[f"group_{value}"] = forms.IntegerField(
                required=False,
                min_value=0,
                max_value=MAX_PARTICIPANTS,
                label=capfirst(label),
                initial=counts.get(value),
                widget=forms.NumberInput(attrs={"min": 0}),
            )

    def group_fields(self):
        return [self[f"group_{value}"] for value in TargetGroup.values]

    def main_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("group_")]

    def participants(self) -> dict[str, int | None]:
        return {v: self.cleaned_data.get(f"group_{v}") for v in TargetGroup.values}

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("participants_total")
        counts = [c for c in self.participants().values() if c]
        if total is not None and sum(counts) > total:
            self.add_error(
                "participants_total",
                _(
                    "The participants by target group add up to %(sum)d, more than the "
                    "%(total)d participants in total. A person may be counted in one group "
                    "only; raise the total or correct the groups."
                )
                % {"sum": sum(counts), "total": total},
            )
        return cleaned

    def _post_clean(self):
        pass


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=capfirst(_("file")),
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        label=capfirst(_("title")),
        help_text=_("Leave empty to use the file name."),
    )
    is_public = forms.BooleanField(
        required=False,
        label=capfirst(_("public")),
        help_text=_("Anyone may download it once the initiative is published."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings
        from django.template.defaultfilters import filesizeformat

        self.fields["file"].help_text = _("%(types)s; at most %(size)s.") % {
            "types": uploads.ALLOWED_LABELS,
            "size": filesizeformat(settings.VEEDEL_MAX_UPLOAD_BYTES),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check_upload(upload)
        return upload
