"""The offers directory in the admin (programme office and administrators).

The admin writes through the same services as everything else (``veedel.offers.services``), so
search documents follow in the same transaction: an offer saved with its inlines gets its
document rebuilt; a location saved here is placed into its quarter and social spaces by
point-in-polygon and the offers held there are reindexed; a renamed or deleted taxonomy term
(here or in its taxonomy's inline) reindexes the offers that have it.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from veedel.areas.models import Quarter
from veedel.areas.queries import HEAVY_FIELDS
from veedel.network.services import point_location
from veedel.offers import services
from veedel.offers.models import (
    Event,
    Language,
    Location,
    Offer,
    OfferText,
    Phone,
    Schedule,
    ServiceAtLocation,
    Synonym,
    Taxonomy,
    TaxonomyTerm,
)

HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class TermInline(TranslationTabularInline, ObjectPermissionsTabularInline):
    model = TaxonomyTerm
    fk_name = "taxonomy"
    extra = 0
    fields = ("order", "code", "name", "description", "parent", "topic")
    show_change_link = True


@admin.register(Taxonomy)
class TaxonomyAdmin(TranslationAdmin, ObjectPermissionsModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("name", "slug", "version", "id")
    search_fields = ("name", "slug", "description")
    readonly_fields = ("id",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [TermInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not TaxonomyTerm:
            return super().save_formset(request, form, formset, change)
        terms = formset.save(commit=False)
        services.taxonomy_terms_save(terms=terms)
        services.taxonomy_terms_delete(terms=formset.deleted_objects)
        formset.save_m2m()

    def delete_model(self, request, obj):
        services.taxonomies_delete(taxonomies=[obj])

    def delete_queryset(self, request, queryset):
        services.taxonomies_delete(taxonomies=queryset)


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(TranslationAdmin, ObjectPermissionsModelAdmin):
    list_display = ("name", "code", "taxonomy", "parent", "topic", "order", "id")
    list_filter = ("taxonomy",)
    search_fields = ("name", "code", "description")
    list_select_related = ("taxonomy", "parent", "topic")
    readonly_fields = ("id",)
    ordering = ("taxonomy__name", "order", "name")

    def save_model(self, request, obj, form, change):
        services.taxonomy_terms_save(terms=[obj])

    def delete_model(self, request, obj):
        services.taxonomy_terms_delete(terms=[obj])

    def delete_queryset(self, request, queryset):
        services.taxonomy_terms_delete(terms=queryset)


class FreshnessFilter(admin.SimpleListFilter):
    """Offers not checked for six months (``Offer.objects.stale()``), or the others."""

    title = _("last checked")
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return [("stale", _("out of date")), ("fresh", _("up to date"))]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.stale()
        if self.value() == "fresh":
            return queryset.exclude(Offer.stale_condition())
        return queryset


class TopicFilter(admin.SimpleListFilter):
    title = _("taxonomy term")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        terms = TaxonomyTerm.objects.select_related("taxonomy").only("id", "name", "taxonomy__name")
        return [(str(t.pk), f"{t.taxonomy.name}: {t.name}") for t in terms]

    def queryset(self, request, queryset):
        if self.value():
            try:
                return queryset.filter(taxonomy_terms__pk=self.value())
            except ValidationError:
                return queryset.none()
        return queryset


class QuarterFilter(admin.SimpleListFilter):
    """By quarter, without loading the quarters' outlines."""

    title = _("quarter")
    parameter_name = "quarter"

    def lookups(self, request, model_admin):
        return [(q.number, q.name) for q in Quarter.objects.only("number", "name").order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(quarter__number=self.value())
        return queryset


class AtLocationInline(ObjectPermissionsTabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ("location",)


class ScheduleInline(ObjectPermissionsTabularInline):
    model = Schedule
    extra = 0
    fields = (
        "byday",
        "opens_at",
        "closes_at",
        "service_at_location",
        "valid_from",
        "valid_to",
        "description",
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "service_at_location":
            kwargs["queryset"] = ServiceAtLocation.objects.select_related("offer", "location")
            offer_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = kwargs["queryset"].filter(offer_id=offer_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EventInline(ObjectPermissionsTabularInline):
    model = Event
    extra = 0
    autocomplete_fields = ("location",)


class PhoneInline(ObjectPermissionsTabularInline):
    model = Phone
    fk_name = "offer"
    extra = 0
    fields = ("number", "description")


class LanguageInline(ObjectPermissionsTabularInline):
    model = Language
    extra = 0


class OfferTextInline(ObjectPermissionsTabularInline):
    model = OfferText
    extra = 0
    fields = ("language", "name", "description")


@admin.register(Offer)
class OfferAdmin(ObjectPermissionsModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = (
        "name",
        "organization",
        "status",
        "assured_date",
        "is_stale",
        "office",
        "is_example",
    )
    list_filter = (
        FreshnessFilter,
        "status",
        "is_published",
        "is_free",
        "is_barrier_free",
        "is_example",
        "office",
        TopicFilter,
    )
    search_fields = ("name", "alternate_name", "organization__name", "email")
    list_select_related = ("organization", "office")
    autocomplete_fields = ("organization",)
    filter_horizontal = ("taxonomy_terms",)
    readonly_fields = ("id", "created", "modified")
    date_hierarchy = "assured_date"
    fieldsets = (
        (None, {"fields": ("name", "alternate_name", "organization", "office", "status")}),
        (_("Description"), {"fields": ("description", "url", "email")}),
        (
            _("Who and how"),
            {
                "fields": (
                    "taxonomy_terms",
                    "minimum_age",
                    "maximum_age",
                    "eligibility_description",
                    "application_process",
                    "is_free",
                    "fees_description",
                    "is_barrier_free",
                    "accessibility_description",
                )
            },
        ),
        (
            _("Checked and published"),
            {
                "fields": (
                    "assured_date",
                    "assurer_email",
                    "is_published",
                    "is_example",
                    "id",
                    "created",
                    "modified",
                )
            },
        ),
    )
    inlines = [
        AtLocationInline,
        ScheduleInline,
        EventInline,
        PhoneInline,
        LanguageInline,
        OfferTextInline,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("search_document", "description", "organization__description")
        )

    @admin.display(description=_("out of date"), boolean=True)
    def is_stale(self, obj):
        return obj.is_stale

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.offer_saved(offer=form.instance)


class LocationAdminForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = [
            "name",
            "organization",
            "location_type",
            "description",
            "address_1",
            "postal_code",
            "city",
            "state_province",
            "country",
            "latitude",
            "longitude",
            "is_barrier_free",
        ]

    def clean(self):
        cleaned = super().clean()
        try:
            self.located = point_location(cleaned.get("latitude"), cleaned.get("longitude"))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(Location)
class LocationAdmin(ObjectPermissionsModelAdmin):
    form = LocationAdminForm
    list_display = ("__str__", "address_1", "postal_code", "city", "quarter", "is_barrier_free")
    list_filter = (QuarterFilter, "location_type", "is_barrier_free")
    search_fields = ("name", "address_1", "postal_code", "city", "organization__name")
    list_select_related = ("quarter",)
    autocomplete_fields = ("organization",)
    readonly_fields = ("quarter", "located_in")

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*(f"quarter__{f}" for f in HEAVY_FIELDS))

    @admin.display(description=_("located in social spaces"))
    def located_in(self, obj):
        if not obj.pk:
            return "–"
        spaces = obj.social_spaces.defer(*HEAVY_FIELDS).order_by("-valid_from")
        return ", ".join(str(s) for s in spaces) or "–"

    def save_model(self, request, obj, form, change):
        services.location_save(location=obj, placement=getattr(form, "located", None))

    def delete_model(self, request, obj):
        services.locations_delete(locations=[obj])

    def delete_queryset(self, request, queryset):
        services.locations_delete(locations=queryset)


@admin.register(Synonym)
class SynonymAdmin(ObjectPermissionsModelAdmin):
    """Words that mean the same for the directory's search; no reindex is needed, a search
    reads the list as it is."""

    list_display = ("words", "note", "modified")
    search_fields = ("words", "note")
    readonly_fields = ("modified",)
