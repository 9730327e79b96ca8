"""The council's admin: bodies, legislative terms, places, organisations (with the topics they
are responsible for), persons and sessions with their agenda items. Every save and delete goes
through services_admin.py, so OParl clients learn of it like of every other change; deleting
marks the object deleted (a tombstone) instead of removing the row. Papers and their files are
edited in Veedel's own pages, not here.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
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
from veedel.council.services_admin import (
    agenda_item_remove,
    agenda_item_save,
    belongs_to_sequence,
    council_object_save,
    council_objects_delete,
)

URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class ServiceAdmin(ObjectPermissionsModelAdmin):
    """Saves and deletes (softly) through the services. Deleted objects are listed no more."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted__isnull=True)

    def save_model(self, request, obj, form, change):
        council_object_save(obj=obj, by=request.user, changed_fields=form.changed_data)

    def delete_model(self, request, obj):
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        try:
            council_objects_delete(queryset=queryset, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)


@admin.register(Body)
class BodyAdmin(ServiceAdmin):
    list_display = ["name", "short_name", "ags"]
    formfield_overrides = URL_FIELDS


@admin.register(LegislativeTerm)
class LegislativeTermAdmin(ServiceAdmin):
    list_display = ["name", "body", "start_date", "end_date"]


@admin.register(Location)
class LocationAdmin(ServiceAdmin):
    list_display = ["description", "street_address", "locality"]
    search_fields = ["description", "street_address"]


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
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
class PersonAdmin(ServiceAdmin):
    list_display = ["name", "body"]


class AgendaItemFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if belongs_to_sequence(form.instance):
                raise ValidationError(
                    _("“%(item)s” belongs to a sequence of consultation and is not removed.")
                    % {"item": form.instance}
                )


class AgendaItemInline(admin.TabularInline):
    """A session's agenda. The items of a fixed Beratungsfolge belong to their consultations
    and cannot be removed here (the paper's Beratungsfolge is fixed)."""

    model = AgendaItem
    formset = AgendaItemFormSet
    extra = 0
    fields = ["order", "number", "name", "public", "result"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted__isnull=True)


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin):
    list_display = ["start", "organization", "cancelled", "is_example"]
    list_filter = ["organization", "cancelled", "is_example"]
    date_hierarchy = "start"
    inlines = [AgendaItemInline]
    list_select_related = ["organization"]

    def save_formset(self, request, form, formset, change):
        """The agenda items through the services (soft removal, OParl clients told)."""
        items = formset.save(commit=False)
        for item in formset.deleted_objects:
            agenda_item_remove(item=item, by=request.user)
        for item in items:
            agenda_item_save(item=item, by=request.user)
        formset.save_m2m()
