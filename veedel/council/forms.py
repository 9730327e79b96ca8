"""Forms of the council pages (papers, their files and their Beratungsfolge)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veedel.areas.models import SocialSpace
from veedel.council.models import (
    ConsultationRole,
    FileRole,
    Meeting,
    Organization,
    Paper,
    validate_reference,
)
from veedel.council.services import ALLOWED_EXTENSIONS, MAX_FILE_BYTES
from veedel.programme.models import Topic


def _spaces():
    # The areas in force since 2006; several area sets may be chosen.
    return SocialSpace.objects.defer("geometry", "display_geometry").order_by("-valid_from", "name")


class SpaceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.validity_label})"


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
    main_file = forms.FileField(
        label=_("Main file"),
        required=False,
        help_text=_("Optional. PDF, DOCX, ODT, XLSX, ODS, PNG, JPG or TXT, at most 20 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_spaces"].queryset = _spaces()


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
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, ODT, XLSX, ODS, PNG, JPG or TXT, at most 20 MB."),
    )
    name = forms.CharField(label=_("Name shown"), max_length=250, required=False)
    role = forms.ChoiceField(label=_("Kind"), choices=FileRole.choices, initial=FileRole.AUXILIARY)
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("Untick for a file of the non-public part."),
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Files of type “%(suffix)s” cannot be attached. Allowed: %(allowed)s.")
                % {"suffix": suffix or "?", "allowed": ", ".join(sorted(ALLOWED_EXTENSIONS))}
            )
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


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


class PaperFilterForm(forms.Form):
    """The filters of the paper list, in the URL (German parameter names)."""

    q = forms.CharField(label=_("Words in title or reference"), required=False, max_length=100)
    art = forms.ChoiceField(label=_("Kind of paper"), required=False)
    jahr = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    sozialraum = forms.ModelChoiceField(
        label=_("Social space"),
        queryset=SocialSpace.objects.none(),
        required=False,
        to_field_name="slug",
    )
    thema = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, to_field_name="slug"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from veedel.council.models import PaperType

        self.fields["art"].choices = [("", _("all kinds"))] + list(PaperType.choices)
        self.fields["sozialraum"].queryset = _spaces()

    def filter(self, papers):
        data = self.cleaned_data
        if data.get("q"):
            words = data["q"].split()
            for word in words:
                papers = papers.filter(Q(title__icontains=word) | Q(reference__icontains=word))
        if data.get("art"):
            papers = papers.filter(paper_type=data["art"])
        if data.get("jahr"):
            papers = papers.filter(date__year=data["jahr"])
        if data.get("sozialraum"):
            papers = papers.filter(social_spaces=data["sozialraum"])
        if data.get("thema"):
            papers = papers.filter(topics=data["thema"])
        return papers
