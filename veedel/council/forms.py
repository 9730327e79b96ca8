"""Forms of the council pages (papers, their files and their Beratungsfolge). The query
strings of the pages are read in forms_query.py."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veedel.areas.models import SocialSpace
from veedel.core import uploads
from veedel.council.models import (
    Consultation,
    ConsultationRole,
    File,
    FileRole,
    Meeting,
    Organization,
    Paper,
    validate_reference,
)
from veedel.council.services import EXTENSIONS
from veedel.programme.models import Topic


def _spaces():
    # The areas in force since 2006; several area sets may be chosen.
    return SocialSpace.objects.defer("geometry", "display_geometry").order_by("-valid_from", "name")


class SpaceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.validity_label})"


class UploadField(forms.FileField):
    """A file under the upload policy (veedel/core/uploads.py) for the kinds a paper takes."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": uploads.accept_of(EXTENSIONS)})
        )
        super().__init__(**kwargs)

    def help(self) -> str:
        return _("%(types)s; at most %(size)s.") % {
            "types": uploads.labels_of({ext: uploads.KINDS[ext] for ext in EXTENSIONS}),
            "size": filesizeformat(settings.VEEDEL_MAX_UPLOAD_BYTES),
        }

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            uploads.check_upload(upload, extensions=EXTENSIONS)
        return upload


class MitteilungForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    text = forms.CharField(label=_("Public text"), widget=forms.Textarea(attrs={"rows": 12}))
    non_public_text = forms.CharField(
        label=_("Non-public part"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown only to council members and the programme office."),
    )
    department = forms.CharField(label=_("Originating department"), max_length=200)
    social_spaces = SpaceChoiceField(
        label=_("Social spaces concerned"),
        queryset=SocialSpace.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics concerned"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attachment = UploadField(label=_("Attachment"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_spaces"].queryset = _spaces()
        self.fields["attachment"].help_text = _(
            "Optional. The paper itself is made as PDF from its text; %(kinds)s"
        ) % {"kinds": self.fields["attachment"].help()}


class PaperForm(forms.ModelForm):
    social_spaces = SpaceChoiceField(
        label=_("Social spaces concerned"),
        queryset=SocialSpace.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Paper
        fields = [
            "paper_type",
            "reference",
            "title",
            "date",
            "department",
            "text",
            "non_public_text",
            "social_spaces",
            "topics",
            "is_public",
            "source",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "topics": forms.CheckboxSelectMultiple,
            "text": forms.Textarea(attrs={"rows": 12}),
            "non_public_text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_spaces"].queryset = _spaces()
        self.fields["reference"].validators = [validate_reference]


class FileForm(forms.Form):
    """An attachment of a paper, new or in place of one it has."""

    upload = UploadField(label=_("File"))
    name = forms.CharField(label=_("Name shown"), max_length=250, required=False)
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("Untick for a file of the non-public part."),
    )
    replaces = forms.ModelChoiceField(
        label=_("In place of"),
        queryset=File.objects.none(),
        required=False,
        empty_label=_("– a new attachment –"),
        help_text=_("Choose an attachment to put the new version in its place."),
    )

    def __init__(self, *args, paper: Paper, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = self.fields["upload"].help()
        self.fields["replaces"].queryset = paper.files.alive().filter(role=FileRole.AUXILIARY)


class FileRemoveForm(forms.Form):
    """Which attachment of a paper to remove."""

    delete = forms.ModelChoiceField(queryset=File.objects.none())

    def __init__(self, *args, paper: Paper, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delete"].queryset = paper.files.alive().filter(role=FileRole.AUXILIARY)


class SequenceActionForm(forms.Form):
    """What a button of the Beratungsfolge page does (its ``action``)."""

    ACTIONS = ("propose", "add", "up", "down", "remove", "change", "fix")
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])


class StepChoiceForm(forms.Form):
    """Which step of a paper's Beratungsfolge an action is about."""

    consultation = forms.ModelChoiceField(queryset=Consultation.objects.none())

    def __init__(self, *args, paper: Paper, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = paper.consultations.alive()


class ProposeForm(forms.Form):
    after = forms.DateField(
        label=_("Sessions from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Each body is proposed at its first session on or after this day."),
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return timezone.localtime(obj.start).strftime("%d.%m.%Y %H:%M")


class ConsultationForm(forms.Form):
    """Change the session and role of one step (the session list is that body's)."""

    meeting = MeetingChoiceField(
        label=_("Session"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("no session scheduled"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ConsultationRole.choices)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.alive().filter(
            organization=organization, cancelled=False
        )


class ConsultationAddForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Body (Gremium)"), queryset=Organization.objects.alive()
    )
    after = forms.DateField(
        label=_("Next session from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional: the body's first session on or after this day is chosen."),
    )

    def next_meeting(self):
        org = self.cleaned_data["organization"]
        after = self.cleaned_data.get("after") or timezone.localdate()
        return (
            Meeting.objects.upcoming_from(after).filter(organization=org).order_by("start").first()
        )
