"""The areas in the admin (programme office and administrators).

Areas are saved and deleted through ``veedel.areas.services``, so the apps that follow their
names and outlines (the offers' search documents) are told in the same transaction.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from veedel.areas import services
from veedel.areas.models import (
    District,
    Neighbourhood,
    Quarter,
    SocialSpace,
    SocialSpaceQuarter,
    StructureFigures,
)

LIGHT = ("geometry", "display_geometry")


class LightAdmin(ObjectPermissionsModelAdmin):
    """Keeps the heavy geometry columns out of list queries; saves and deletes through the
    area services."""

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*LIGHT)

    def save_model(self, request, obj, form, change):
        services.area_save(area=obj)

    def delete_model(self, request, obj):
        services.areas_delete(areas=[obj])

    def delete_queryset(self, request, queryset):
        services.areas_delete(areas=queryset)


@admin.register(District)
class DistrictAdmin(LightAdmin):
    list_display = ("number", "name", "area_km2")
    search_fields = ("number", "name")
    readonly_fields = ("number",)


@admin.register(Quarter)
class QuarterAdmin(LightAdmin):
    list_display = ("number", "name", "district", "area_km2")
    list_filter = ("district",)
    search_fields = ("number", "name")
    list_select_related = ("district",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*(f"district__{f}" for f in LIGHT))


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(LightAdmin):
    list_display = ("number", "name", "quarter", "area_km2")
    list_filter = ("quarter__district",)
    search_fields = ("number", "name", "quarter__name")
    list_select_related = ("quarter",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*(f"quarter__{f}" for f in LIGHT))


class MembershipInline(admin.TabularInline):
    model = SocialSpaceQuarter
    extra = 0
    autocomplete_fields = ("quarter",)


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("current", _("current")), ("former", _("former"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "former":
            return queryset.exclude(pk__in=SocialSpace.objects.current().values("pk"))
        return queryset


@admin.register(SocialSpace)
class SocialSpaceAdmin(LightAdmin):
    list_display = ("name", "valid_from", "valid_until", "quarter_list", "programme")
    list_filter = (ValidityFilter, "programme", "memberships__quarter__district")
    search_fields = ("name", "slug", "quarters__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]
    filter_horizontal = ("neighbourhoods",)
    date_hierarchy = "valid_from"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("quarters")

    @admin.display(description=_("quarters"))
    def quarter_list(self, obj):
        return ", ".join(q.name for q in obj.quarters.all())


@admin.register(StructureFigures)
class StructureFiguresAdmin(ObjectPermissionsModelAdmin):
    list_display = ("name", "level", "area_number", "year", "population", "under_18")
    list_filter = ("year", "level")
    search_fields = ("name", "area_number")
