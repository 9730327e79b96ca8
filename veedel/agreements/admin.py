"""Target agreements in the admin (programme office and administrators): for looking things
up and correcting typos. The workflow (states, signatures, amendments) runs in Veedel's own
pages through services.py, so those fields are read-only here."""

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from veedel.agreements.models import AgreementEvent, Amendment, Target, TargetAgreement


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["goal", "order", "title", "indicator", "baseline", "target_value", "unit"]
    show_change_link = True


@admin.register(TargetAgreement)
class AgreementAdmin(ObjectPermissionsModelAdmin):
    list_display = ["office", "year", "state", "is_example"]
    list_filter = ["year", "state", "is_example"]
    search_fields = ["office__name"]
    readonly_fields = [
        "state",
        "proposed_at",
        "agreed_at",
        "agreed_by",
        "office_signed_by",
        "office_signed_name",
        "office_signed_at",
        "city_signed_by",
        "city_signed_name",
        "city_signed_at",
        "reviewed_at",
        "assessed_at",
        "closed_at",
        "copied_from",
        "created_by",
    ]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "agreement", "goal", "metric_kind"]
    list_filter = ["goal", "metric_kind"]
    search_fields = ["title", "indicator"]
    raw_id_fields = ["agreement", "copied_from"]
    filter_horizontal = ["initiatives"]


@admin.register(Amendment)
class AmendmentAdmin(ObjectPermissionsModelAdmin):
    list_display = ["agreement", "number", "state"]
    readonly_fields = [
        "state",
        "office_signed_by",
        "office_signed_name",
        "office_signed_at",
        "city_signed_by",
        "city_signed_name",
        "city_signed_at",
        "created_by",
    ]


@admin.register(AgreementEvent)
class AgreementEventAdmin(ObjectPermissionsModelAdmin):
    list_display = ["agreement", "action", "actor", "at"]
    list_filter = ["action"]
