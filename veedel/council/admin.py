from django.contrib import admin
from django.db import models
from django.utils import timezone
from rules.contrib.admin import ObjectPermissionsModelAdmin

from veedel.council.models import (
    AgendaItem,
    Body,
    LegislativeTerm,
    Location,
    Meeting,
    Organization,
    Person,
)

URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class SoftDeleteAdmin(ObjectPermissionsModelAdmin):
    """Deleting marks the object as deleted instead of removing the row: OParl clients learn of
    it under ``modified_since`` (``deleted: true``). Deleted objects are listed no more."""

    # Related objects that go with the object (as a row deletion would cascade), by the name
    # of their foreign key to it.
    soft_delete_with: dict[type[models.Model], str] = {}

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted__isnull=True)

    def delete_model(self, request, obj):
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        now = timezone.now()
        for model, key in self.soft_delete_with.items():
            model.objects.filter(**{f"{key}__in": queryset}, deleted__isnull=True).update(
                deleted=now, modified=now
            )
        queryset.update(deleted=now, modified=now)


@admin.register(Body)
class BodyAdmin(SoftDeleteAdmin):
    list_display = ["name", "short_name", "ags"]
    formfield_overrides = URL_FIELDS


@admin.register(LegislativeTerm)
class LegislativeTermAdmin(SoftDeleteAdmin):
    list_display = ["name", "body", "start_date", "end_date"]


@admin.register(Location)
class LocationAdmin(SoftDeleteAdmin):
    list_display = ["description", "street_address", "locality"]
    search_fields = ["description", "street_address"]


@admin.register(Organization)
class OrganizationAdmin(SoftDeleteAdmin):
    """The programme office keeps here which committee is responsible for which topics (the
    mapping the proposal of a Beratungsfolge uses)."""

    list_display = ["name", "classification", "district", "topic_list"]
    list_filter = ["classification", "topics"]
    search_fields = ["name"]
    filter_horizontal = ["topics"]
    formfield_overrides = URL_FIELDS

    @admin.display(description=Organization._meta.get_field("topics").verbose_name)
    def topic_list(self, obj):
        return ", ".join(t.name for t in obj.topics.all())

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("district").prefetch_related("topics")


@admin.register(Person)
class PersonAdmin(SoftDeleteAdmin):
    list_display = ["name", "body"]


class AgendaItemInline(admin.TabularInline):
    """Agenda items are kept here but not deleted: those of a fixed Beratungsfolge belong to
    its consultations (veedel/council/services.py)."""

    model = AgendaItem
    extra = 0
    fields = ["order", "number", "name", "public", "result"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted__isnull=True)


@admin.register(Meeting)
class MeetingAdmin(SoftDeleteAdmin):
    soft_delete_with = {AgendaItem: "meeting"}
    list_display = ["start", "organization", "cancelled", "is_example"]
    list_filter = ["organization", "cancelled", "is_example"]
    date_hierarchy = "start"
    inlines = [AgendaItemInline]
    list_select_related = ["organization"]
