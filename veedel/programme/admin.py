from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from veedel.areas.models import SocialSpace
from veedel.programme.models import (
    CoordinationOffice,
    CouncilDecision,
    Goal,
    OfficeStaff,
    Programme,
    ProgrammePeriod,
    Provider,
    Topic,
)


class PeriodInline(ObjectPermissionsTabularInline):
    model = ProgrammePeriod
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(ObjectPermissionsModelAdmin):
    list_display = ("name", "city", "started")
    search_fields = ("name", "city")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PeriodInline]


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(TranslationAdmin, ObjectPermissionsModelAdmin):
    list_display = ("date", "title", "body", "reference", "programme")
    list_filter = ("programme", "body")
    search_fields = ("title", "summary", "reference")
    date_hierarchy = "date"


@admin.register(ProgrammePeriod)
class ProgrammePeriodAdmin(TranslationAdmin, ObjectPermissionsModelAdmin):
    list_display = ("name", "start", "end", "decision", "programme")
    list_filter = ("programme",)
    search_fields = ("name", "description")
    list_select_related = ("decision", "programme")


@admin.register(Goal)
class GoalAdmin(TranslationAdmin, ObjectPermissionsModelAdmin):
    list_display = ("order", "name", "programme")
    list_display_links = ("name",)
    list_editable = ("order",)
    list_filter = ("programme",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Topic)
class TopicAdmin(GoalAdmin):
    pass


class OfficeInline(ObjectPermissionsTabularInline):
    model = CoordinationOffice
    extra = 0
    fields = ("name", "contract_from", "contract_until")
    show_change_link = True


@admin.register(Provider)
class ProviderAdmin(ObjectPermissionsModelAdmin):
    list_display = ("name", "short_name", "association", "office_count")
    list_filter = ("association",)
    search_fields = ("name", "short_name", "association")
    inlines = [OfficeInline]

    @admin.display(description=_("offices"))
    def office_count(self, obj):
        return obj.offices.count()


class StaffInline(ObjectPermissionsTabularInline):
    model = OfficeStaff
    extra = 0
    autocomplete_fields = ("user",)


class ContractFilter(admin.SimpleListFilter):
    title = _("contract")
    parameter_name = "contract"

    def lookups(self, request, model_admin):
        return [("current", _("under contract today")), ("ended", _("ended"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "ended":
            return queryset.exclude(pk__in=CoordinationOffice.objects.current().values("pk"))
        return queryset


@admin.register(CoordinationOffice)
class CoordinationOfficeAdmin(TranslationAdmin, ObjectPermissionsModelAdmin):
    list_display = (
        "name",
        "provider",
        "area_list",
        "contract_from",
        "contract_until",
        "provider_is_example",
    )
    list_filter = (ContractFilter, "provider", "provider_is_example")
    search_fields = ("name", "slug", "provider__name", "social_spaces__name", "email")
    list_select_related = ("provider",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("social_spaces",)
    inlines = [StaffInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("social_spaces")

    @admin.display(description=_("social spaces"))
    def area_list(self, obj):
        return ", ".join(s.name for s in obj.social_spaces.all())

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "social_spaces":
            kwargs["queryset"] = SocialSpace.objects.defer("geometry", "display_geometry")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
