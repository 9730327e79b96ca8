"""Forms for target agreements: creating one, targets, the steps that need input (changes asked
for, mid-year review, final assessment, amendments), metric bindings and actual values."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from veedel.agreements.metrics import FILTER_KEYS, validate_metric
from veedel.agreements.models import MetricKind, ReviewStatus, Target
from veedel.agreements.services import AMENDABLE_FIELDS
from veedel.initiatives.models import ActivityKind, ImpactStep, Initiative, TargetGroup
from veedel.programme.models import CoordinationOffice, Goal, Topic

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


def _decimal(label, *, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class AgreementCreateForm(forms.Form):
    office = forms.ModelChoiceField(
        queryset=CoordinationOffice.objects.none(), label=capfirst(_("coordination office"))
    )
    year = forms.IntegerField(label=capfirst(_("year")), min_value=2000, max_value=2100)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class PreambleForm(forms.Form):
    preamble = forms.CharField(
        label=capfirst(_("preamble")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Context and priorities of the year."),
    )


class InitiativesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class TargetForm(forms.ModelForm):
    baseline = _decimal(capfirst(_("baseline")), help_text=_("The value at the start."))
    target_value = _decimal(capfirst(_("target value")), required=True)
    deadline = forms.DateField(
        label=capfirst(_("deadline")),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    initiatives = InitiativesField(
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=capfirst(_("linked initiatives")),
        help_text=_("Initiatives of the office that work towards this target."),
    )

    class Meta:
        model = Target
        fields = [
            "goal",
            "title",
            "description",
            "indicator",
            "baseline",
            "target_value",
            "unit",
            "data_source",
            "responsible",
            "deadline",
            "initiatives",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "indicator": _("The figure that shows whether the target is met (Kennzahl)."),
            "unit": _("For example: participants, meetings, %."),
            "data_source": _("Where the actual value comes from."),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.order_by("programme_id", "order")
        self.fields["goal"].empty_label = None
        self.fields["initiatives"].queryset = Initiative.objects.filter(office=office).order_by(
            "title"
        )

    def clean_target_value(self):
        value = self.cleaned_data["target_value"]
        if value is not None and value < 0:
            raise ValidationError(_("The target value cannot be negative."))
        return value


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("Which changes do you ask for?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ReviewForm(forms.Form):
    """Mid-year review: one status and comment per target, plus an overall comment."""

    comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for t in self.targets:
            self.fields[f"status_{t.pk}"] = forms.ChoiceField(
                label=_("Status"),
                choices=ReviewStatus.choices,
                widget=forms.RadioSelect,
                initial=t.review_status or None,
                error_messages={"required": _("Choose a status for this target.")},
            )
            self.fields[f"comment_{t.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=t.review_comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(t, self[f"status_{t.pk}"], self[f"comment_{t.pk}"]) for t in self.targets]

    def statuses(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {t.pk: (d[f"status_{t.pk}"], d[f"comment_{t.pk}"]) for t in self.targets}


class AssessmentForm(forms.Form):
    """Final assessment: actual value, degree of achievement and reasons per target."""

    comment = forms.CharField(
        label=_("Overall assessment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_rows = list(rows)
        for row in self.target_rows:
            t = row["target"]
            self.fields[f"actual_{t.pk}"] = _decimal(
                _("Actual value"),
                required=True,
                help_text=_("Computed from the documented work: %(value)s")
                % {"value": row["actual"]}
                if row["computed"]
                else "",
            )
            self.fields[f"actual_{t.pk}"].initial = row["actual"]
            self.fields[f"actual_{t.pk}"].error_messages["required"] = _(
                "Enter the actual value of this target."
            )
            self.fields[f"achievement_{t.pk}"] = forms.DecimalField(
                label=_("Degree of achievement in %"),
                required=False,
                max_digits=7,
                decimal_places=1,
                min_value=0,
                localize=True,
                initial=t.achievement,
                help_text=_("Leave empty to compute it from actual and target value."),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"reasons_{t.pk}"] = forms.CharField(
                label=_("Reasons for deviations"),
                required=False,
                initial=t.deviation_reasons,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [
            (
                row,
                self[f"actual_{row['target'].pk}"],
                self[f"achievement_{row['target'].pk}"],
                self[f"reasons_{row['target'].pk}"],
            )
            for row in self.target_rows
        ]

    def results(self) -> dict[int, dict]:
        d = self.cleaned_data
        return {
            row["target"].pk: {
                "actual_value": d.get(f"actual_{row['target'].pk}"),
                "achievement": d.get(f"achievement_{row['target'].pk}"),
                "deviation_reasons": d.get(f"reasons_{row['target'].pk}", ""),
            }
            for row in self.target_rows
        }


class AmendmentForm(forms.Form):
    """What changes and why, and the new values of the targets' fields (prefilled with the
    values in force; what stays the same is not recorded)."""

    summary = forms.CharField(label=_("What changes"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for t in self.targets:
            for name in AMENDABLE_FIELDS:
                model_field = Target._meta.get_field(name)
                label = capfirst(model_field.verbose_name)
                key = f"t{t.pk}_{name}"
                if name in ("baseline", "target_value"):
                    field = _decimal(label, required=name == "target_value")
                elif name == "deadline":
                    field = forms.DateField(
                        label=label,
                        required=False,
                        input_formats=DATE_FORMATS,
                        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                    )
                elif name == "description":
                    field = forms.CharField(
                        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
                    )
                else:
                    field = forms.CharField(
                        label=label,
                        required=not model_field.blank,
                        max_length=model_field.max_length,
                    )
                field.initial = getattr(t, name)
                self.fields[key] = field

    def groups(self):
        return [(t, [self[f"t{t.pk}_{name}"] for name in AMENDABLE_FIELDS]) for t in self.targets]

    def changes(self) -> dict[int, dict]:
        d = self.cleaned_data
        return {
            t.pk: {name: d.get(f"t{t.pk}_{name}") for name in AMENDABLE_FIELDS}
            for t in self.targets
        }


class MetricForm(forms.Form):
    """Bind a target's indicator to a metric of the documented work."""

    kind = forms.ChoiceField(
        label=_("Metric"),
        required=False,
        choices=[("", _("none – the actual value is entered by hand"))] + MetricKind.choices,
    )
    activity_kind = forms.ChoiceField(
        label=_("Kind of activity"),
        required=False,
        choices=[("", _("all kinds"))] + ActivityKind.choices,
    )
    goal = forms.ChoiceField(label=_("Goal served"), required=False)
    topic = forms.ChoiceField(label=_("Topic of the initiative or network"), required=False)
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[("", _("all target groups"))] + TargetGroup.choices,
    )
    min_step = forms.TypedChoiceField(
        label=_("Impact step at least"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any step"))] + ImpactStep.choices,
    )
    linked_only = forms.BooleanField(
        label=_("Only the initiatives linked to this target"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("all goals"))] + [
            (g.slug, g.name) for g in Goal.objects.order_by("programme_id", "order")
        ]
        self.fields["topic"].choices = [("", _("all topics"))] + [
            (t.slug, t.name) for t in Topic.objects.order_by("order", "name")
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            self.filters = {}
            return data
        raw = {key: data.get(key) for key in FILTER_KEYS}
        try:
            self.filters = validate_metric(kind, raw)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                self.add_error(None if key == "__all__" else key, messages)
        return data


class ActualForm(forms.Form):
    value = _decimal(_("Actual value"))
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=200,
        help_text=_("Where the value comes from, e.g. attendance lists or the city's statistics."),
    )

    def clean(self):
        data = super().clean()
        if data.get("value") is not None and not (data.get("source") or "").strip():
            self.add_error("source", _("Name the source of the actual value."))
        return data
