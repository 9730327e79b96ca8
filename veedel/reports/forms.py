"""Forms of the reports app: choosing what to generate, and editing the narrative sections."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veedel.reports.models import ReportKind


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    office = forms.ModelChoiceField(
        label=_("Coordination office"),
        queryset=None,
        required=False,
        help_text=_("For an activity report only."),
        error_messages={"invalid_choice": _("Choose one of the offices in the list.")},
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Enter the year as a number, e.g. 2025."),
            "min_value": _("Enter a year from 2000 on."),
            "max_value": _("Enter a year up to 2100."),
        },
    )

    def __init__(self, *args, offices, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["kind"].choices = [c for c in ReportKind.choices if c[0] in kinds]
        self.fields["year"].initial = timezone.localdate().year - 1
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        if ReportKind.OFFICE not in kinds:
            del self.fields["office"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReportKind.OFFICE and not data.get("office"):
            self.add_error("office", _("Choose the office whose activity report to generate."))
        if data.get("kind") == ReportKind.PROGRAMME or "office" not in self.fields:
            data["office"] = None
        if data.get("year") and data["year"] > timezone.localdate().year:
            self.add_error(
                "year", _("A report covers a year that has begun; choose an earlier year.")
            )
        return data


class TextsForm(forms.Form):
    """One text area per section of the report, plus the version the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        for section in sections:
            self.fields[section["key"]] = forms.CharField(
                label=section["title"],
                required=False,
                max_length=20000,
                help_text=section["help"],
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=section["text"],
            )

    def texts(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
