from django.contrib import admin
from django.db import models
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


@admin.register(Body)
class BodyAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "short_name", "ags"]
    formfield_overrides = URL_FIELDS


@admin.register(LegislativeTerm)
class LegislativeTermAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "body", "start_date", "end_date"]


@admin.register(Location)
class LocationAdmin(ObjectPermissionsModelAdmin):
    list_display = ["description", "street_address", "locality"]
    search_fields = ["description", "street_address"]


@admin.register(Organization)
class OrganizationAdmin(ObjectPermissionsModelAdmin):
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
class PersonAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "body"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "number", "name", "public", "result"]


@admin.register(Meeting)
class MeetingAdmin(ObjectPermissionsModelAdmin):
    list_display = ["start", "organization", "cancelled", "is_example"]
    list_filter = ["organization", "cancelled", "is_example"]
    date_hierarchy = "start"
    inlines = [AgendaItemInline]
    list_select_related = ["organization"]
