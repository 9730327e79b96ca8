"""Forms for editing a draft edition of the guide in Veedel's own pages, and the query of the
finder (``?q=…``)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from veedel.core.queryforms import QueryForm
from veedel.guide.models import Edition, KeyProcess, Method, ProcessStep, Situation
from veedel.programme.models import Goal, Topic

YEAR_MIN, YEAR_MAX = 2000, 2100
# The finder's field accepts more than the finder reads; the finder says when it cut the text.
MAX_FINDER_FIELD_CHARS = 10_000


class FinderTextField(forms.CharField):
    """The description of a situation: any text. NUL characters are dropped and the text is
    cut to ``MAX_FINDER_FIELD_CHARS``; nothing in it is refused."""

    def to_python(self, value):
        text = super().to_python(value)
        return text.replace("\x00", "")[:MAX_FINDER_FIELD_CHARS]


class FinderQuery(QueryForm):
    """The finder's address: ``?q=`` the description (absent: nothing searched yet)."""

    q = FinderTextField(required=False, strip=False, label=_("Your situation"))

    @property
    def searched(self) -> bool:
        """Whether the visitor asked for a search (also with an empty description, which gets
        a message)."""
        return "q" in self.data

    @property
    def text(self) -> str:
        return self.values["q"] or ""


def _checkboxes(queryset, label, help_text=""):
    return forms.ModelMultipleChoiceField(
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=capfirst(label),
        help_text=help_text,
    )


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["title", "year", "introduction"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value = YEAR_MIN
        self.fields["year"].widget.attrs.update(min=YEAR_MIN, max=YEAR_MAX)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the edition a title."))
        return title

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise forms.ValidationError(
                _("Enter a year between %(min)d and %(max)d.") % {"min": YEAR_MIN, "max": YEAR_MAX}
            )
        return year


class CopyForm(forms.Form):
    """Title and year of the new draft made from an edition."""

    title = forms.CharField(label=capfirst(_("title of the new draft")), max_length=200)
    year = forms.IntegerField(label=capfirst(_("year")))

    clean_title = EditionForm.clean_title
    clean_year = EditionForm.clean_year


class _EditionContentForm(forms.ModelForm):
    """A form for a record of ``edition``: the choice lists offer only what belongs to it."""

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        if "goals" in self.fields:
            self.fields["goals"].queryset = Goal.objects.filter(programme=edition.programme_id)
            self.fields["topics"].queryset = Topic.objects.filter(programme=edition.programme_id)
        if "order" in self.fields:
            self.fields["order"].required = False
            self.fields["order"].help_text = _("Leave empty to put it at the end of the list.")
            if not self.instance.pk:
                self.initial["order"] = None

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class SituationForm(_EditionContentForm):
    goals = _checkboxes(Goal.objects.none(), _("goals"))
    topics = _checkboxes(Topic.objects.none(), _("topics"))
    key_processes = _checkboxes(
        KeyProcess.objects.none(),
        _("suggested key processes"),
        _("The key processes that help in this situation."),
    )

    class Meta:
        model = Situation
        fields = ["title", "order", "description", "signs", "goals", "topics", "key_processes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_processes"].queryset = KeyProcess.objects.filter(edition=self.edition)


class KeyProcessForm(_EditionContentForm):
    goals = _checkboxes(Goal.objects.none(), _("goals"))
    topics = _checkboxes(Topic.objects.none(), _("topics"))
    situations = _checkboxes(
        Situation.objects.none(),
        _("situations that lead to it"),
        _("The situations in which this key process is suggested."),
    )

    class Meta:
        model = KeyProcess
        fields = ["title", "order", "purpose", "goals", "topics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situations"].queryset = Situation.objects.filter(edition=self.edition)
        if self.instance.pk:
            self.initial.setdefault("situations", list(self.instance.situations.all()))


class StepForm(_EditionContentForm):
    methods = _checkboxes(
        Method.objects.none(), _("methods"), _("Methods of the method library used in this step.")
    )

    class Meta:
        model = ProcessStep
        fields = [
            "title",
            "aim",
            "methods",
            "method_notes",
            "participants",
            "results",
            "duration",
            "pitfalls",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["methods"].queryset = Method.objects.filter(edition=self.edition)


class MethodForm(_EditionContentForm):
    class Meta:
        model = Method
        fields = ["name", "summary", "description"]
