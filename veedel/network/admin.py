"""The network module in the admin (programme office and administrators).

Actors are saved and deleted through the same services as in Veedel's own forms
(``actor_save``, ``actor_delete``): located by point-in-polygon, and the apps that follow
actors (the offers' search) are told in the same transaction. Contacts are
personal data: deleting one here erases it as ``contact_erase`` does, and no admin log entry
keeps the person's name.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from veedel.areas.models import District, SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.network import services
from veedel.network.models import (
    Actor,
    Contact,
    FollowUpTask,
    Meeting,
    Network,
    NetworkMembership,
)

LEAN_SPACES = SocialSpace.objects.defer(*HEAVY_FIELDS)


class LeanSocialSpacesMixin:
    """Choice lists of social spaces without the geometry columns."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is SocialSpace:
            kwargs["queryset"] = LEAN_SPACES
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is SocialSpace:
            kwargs["queryset"] = LEAN_SPACES
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ActorAdminForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Actor
        fields = [
            "name",
            "kind",
            "description",
            "office",
            "is_public",
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
            "is_example",
            "source",
            "external_id",
        ]

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            raise ValidationError(_("Enter both latitude and longitude, or neither."))
        try:
            services.point_location(latitude, longitude)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class DistrictFilter(admin.SimpleListFilter):
    """By district of the actor's quarter, without loading the districts' outlines."""

    title = _("district")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        return [(d.number, d.name) for d in District.objects.only("number", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(quarter__district__number=self.value())
        return queryset


class MembershipInline(ObjectPermissionsTabularInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ("actor",)


@admin.register(Actor)
class ActorAdmin(LeanSocialSpacesMixin, ObjectPermissionsModelAdmin):
    form = ActorAdminForm
    list_display = ("name", "kind", "quarter", "office", "is_public", "is_example", "modified")
    list_filter = ("kind", "is_public", "is_example", "office", "topics", DistrictFilter)
    search_fields = ("name", "street", "postal_code", "email", "external_id")
    list_select_related = ("quarter", "office")
    readonly_fields = ("quarter", "neighbourhood", "located_in", "created", "modified")
    filter_horizontal = ("topics", "areas_served")
    date_hierarchy = "modified"
    fieldsets = (
        (None, {"fields": ("name", "kind", "description", "office", "is_public")}),
        (
            _("Address and location"),
            {
                "fields": (
                    "street",
                    "postal_code",
                    "city",
                    "latitude",
                    "longitude",
                    "quarter",
                    "neighbourhood",
                    "located_in",
                )
            },
        ),
        (_("Topics and areas"), {"fields": ("topics", "areas_served")}),
        (_("Contact"), {"fields": ("website", "email", "phone")}),
        (
            _("Source"),
            {"fields": ("is_example", "source", "external_id", "created", "modified")},
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("description", *(f"quarter__{f}" for f in HEAVY_FIELDS))
        )

    @admin.display(description=_("located in social spaces"))
    def located_in(self, obj):
        if not obj.pk:
            return "–"
        spaces = obj.social_spaces.defer(*HEAVY_FIELDS).order_by("-valid_from")
        return ", ".join(str(s) for s in spaces) or "–"

    def save_model(self, request, obj, form, change):
        services.actor_save(actor=obj)  # topics and areas served follow in save_related

    def delete_model(self, request, obj):
        services.actor_delete(actor=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for actor in queryset:
            services.actor_delete(actor=actor, by=request.user)


@admin.register(Contact)
class ContactAdmin(ObjectPermissionsModelAdmin):
    list_display = ("name", "function", "actor", "office", "legal_basis", "modified")
    list_filter = ("office", "legal_basis")
    search_fields = ("name", "function", "email", "actor__name")
    list_select_related = ("actor", "office")
    autocomplete_fields = ("actor",)
    readonly_fields = ("created", "modified")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("actor__description")

    # Erasure leaves no trace: the service deletes the admin log entries about the contact,
    # and the deletion itself is not logged under the person's name.
    def log_deletions(self, request, queryset):
        return []

    def delete_model(self, request, obj):
        services.contact_erase(contact=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for contact in queryset:
            services.contact_erase(contact=contact, by=request.user)


@admin.register(Network)
class NetworkAdmin(LeanSocialSpacesMixin, ObjectPermissionsModelAdmin):
    list_display = ("name", "kind", "social_space", "office", "is_public", "member_count")
    list_filter = ("kind", "is_public", "is_example", "office", "topics")
    search_fields = ("name", "slug", "social_space__name", "description")
    list_select_related = ("social_space", "office")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("topics",)
    readonly_fields = ("calendar_token", "created", "modified")
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("description", *(f"social_space__{f}" for f in HEAVY_FIELDS))
            .annotate(member_total=Count("memberships"))
        )

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


class TaskInline(ObjectPermissionsTabularInline):
    model = FollowUpTask
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ObjectPermissionsModelAdmin):
    list_display = ("network", "start", "place", "is_public", "other_attendance")
    list_filter = ("is_public", "network__office", "network")
    search_fields = ("network__name", "place", "agenda", "minutes", "decisions")
    list_select_related = ("network",)
    date_hierarchy = "start"
    autocomplete_fields = ("network", "attendees")
    readonly_fields = ("created", "modified")
    inlines = [TaskInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("agenda", "minutes", "decisions", "network__description")
        )
