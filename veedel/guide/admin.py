"""The guide in the admin (programme office and administrators).

Veedel's own pages (/leitfaden/…/bearbeiten/) are the main way to edit a draft; the admin is
there for corrections. The rules (veedel/guide/rules.py) make a published edition and
everything in it read-only here too. Copying and publishing happen through the services, so
the admin offers both as actions.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from veedel.guide import services
from veedel.guide.finder import guide_index
from veedel.guide.models import Edition, KeyProcess, Method, ProcessStep, Situation
from veedel.guide.workflow import EditionAction, state_allows


class PublishedReadOnlyMixin:
    """A published edition and its content are read-only, for superusers too (Django grants
    them every permission, so the rules alone would not stop them): the workflow's states say
    where editing and deleting are allowed."""

    def _published(self, obj) -> bool:
        return not state_allows(EditionAction.EDIT, obj)

    def has_change_permission(self, request, obj=None):
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return state_allows(EditionAction.DELETE, obj) and super().has_delete_permission(
            request, obj
        )


class ReindexMixin:
    """Keep the finder's search documents current after a change in the admin."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        guide_index(edition=self._edition_of(form.instance))

    def delete_model(self, request, obj):
        edition = self._edition_of(obj)
        super().delete_model(request, obj)
        guide_index(edition=edition)

    def _edition_of(self, obj):
        return obj.edition


@admin.register(Edition)
class EditionAdmin(PublishedReadOnlyMixin, ObjectPermissionsModelAdmin):
    list_display = ["title", "year", "status", "is_example", "published_at", "based_on"]
    list_filter = ["status", "is_example", "year"]
    search_fields = ["title"]
    readonly_fields = ["status", "published_at", "based_on", "created", "modified"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["copy_editions", "publish_editions"]

    @admin.action(description=_("Copy into a new draft"), permissions=["add"])
    def copy_editions(self, request, queryset):
        year = timezone.localdate().year
        for edition in queryset:
            title = _("%(title)s (copy)") % {"title": edition.title}
            services.edition_copy(edition=edition, title=title, year=year, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d edition was copied into a new draft.",
                "%(count)d editions were copied into new drafts.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Publish"), permissions=["add"])
    def publish_editions(self, request, queryset):
        for edition in queryset:
            try:
                services.edition_publish(edition=edition, by=request.user)
            except (services.EditionIncomplete, services.EditionReadOnly) as refused:
                self.message_user(request, str(refused), level=messages.ERROR)
            else:
                self.message_user(
                    request, _("“%(title)s” was published.") % {"title": edition.title}
                )


class EditionContentAdmin(PublishedReadOnlyMixin, ReindexMixin, ObjectPermissionsModelAdmin):
    list_filter = ["edition"]
    list_select_related = ["edition"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "edition":
            kwargs["queryset"] = Edition.objects.drafts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Situation)
class SituationAdmin(EditionContentAdmin):
    list_display = ["title", "edition", "order"]
    search_fields = ["title", "description"]
    filter_horizontal = ["goals", "topics", "key_processes"]


class StepInline(PublishedReadOnlyMixin, ObjectPermissionsTabularInline):
    model = ProcessStep
    extra = 0
    fields = ["order", "title", "aim", "methods", "participants", "results", "duration"]

    def has_add_permission(self, request, obj=None):
        return not self._published(obj) and super().has_add_permission(request, obj)


@admin.register(KeyProcess)
class KeyProcessAdmin(EditionContentAdmin):
    list_display = ["title", "edition", "order"]
    search_fields = ["title", "purpose"]
    filter_horizontal = ["goals", "topics"]
    inlines = [StepInline]


@admin.register(Method)
class MethodAdmin(EditionContentAdmin):
    list_display = ["name", "edition", "summary"]
    search_fields = ["name", "summary"]
