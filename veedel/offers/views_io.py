"""Import and export of actors and offers: upload → preview → confirm; exports as CSV, Excel
and (offers) HSDS JSON.

An upload passes the one upload policy (veedel/core/uploads.py: type by content, at most
``size_limit(MAX_BYTES)``), then is read and checked completely before the preview shows; a
file with problems can only be corrected and uploaded again. A file without problems is kept
on the server under a random name (``stored_name``) until it is confirmed (at most an hour),
named by a signed token in the confirm form, and checked once more before it is written in one
transaction. The pages take no query parameters (``NoQuery``); an export given one answers 400.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from veedel.core.predicates import manages_programme, office_ids_of
from veedel.core.queryforms import NoQuery
from veedel.core.uploads import accept_of, check_upload, size_limit, stored_name
from veedel.network.models import Actor
from veedel.offers import imports
from veedel.offers.api import service_full_dict
from veedel.offers.imports import actors as actor_io
from veedel.offers.imports import offers as offer_io
from veedel.offers.imports.tables import MAX_BYTES
from veedel.offers.models import Offer
from veedel.offers.taxonomy import TARGET_GROUPS_SLUG, TOPICS_SLUG
from veedel.programme.models import CoordinationOffice

TOKEN_SALT = "veedel.offers.import"
TOKEN_MAX_AGE = 3600
KEEP_UPLOADS_SECONDS = 24 * 3600
STORED_NAME = re.compile(r"^[A-Za-z0-9_-]{20,40}\.(csv|xlsx)$")
EXPORT_CHUNK = 500
EXTENSIONS = ("csv", "xlsx")


def upload_limit() -> int:
    """The largest file an import takes: the import's own limit, never above the setting."""
    return size_limit(MAX_BYTES)


@dataclass(frozen=True)
class Kind:
    slug: str
    title: object
    check: Callable
    write: Callable
    columns: list
    # Permission on a blank object of the chosen office: may the user keep records there?
    office_perm: str
    blank: Callable


KINDS = {
    "offers": Kind(
        slug="offers",
        title=gettext_lazy("Import offers"),
        check=imports.offers_check,
        write=imports.offers_import,
        columns=imports.OFFER_COLUMNS,
        office_perm="offers.change_offer",
        blank=lambda office: Offer(office=office),
    ),
    "actors": Kind(
        slug="actors",
        title=gettext_lazy("Import actors"),
        check=imports.actors_check,
        write=imports.actors_import,
        columns=imports.ACTOR_COLUMNS,
        office_perm="network.change_actor",
        blank=lambda office: Actor(office=office),
    ),
}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    office = forms.ModelChoiceField(
        queryset=CoordinationOffice.objects.none(),
        label=gettext_lazy("Kept by office"),
        empty_label=None,
        help_text=gettext_lazy("New entries are kept by this coordination office."),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["file"].help_text = _(
            "CSV (UTF-8, separated by ; or ,) or Excel (.xlsx), at most %(limit)s."
        ) % {"limit": filesizeformat(upload_limit())}
        self.fields["file"].widget.attrs["accept"] = accept_of(EXTENSIONS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload, extensions=EXTENSIONS, max_bytes=upload_limit())
        except ValidationError as error:
            raise ValidationError(
                [
                    _("“%(name)s”: %(reason)s") % {"name": upload.name, "reason": message}
                    for message in error.messages
                ]
            ) from None
        return upload


class LimitedUpload(FileUploadHandler):
    """Stops reading an uploaded file once it is larger than the import limit."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > upload_limit():
            self.request.veedel_upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def _offices_for(user):
    """The offices a user may import into: a coordinator's own; the programme office: all."""
    offices = CoordinationOffice.objects.order_by("name")
    if manages_programme(user):
        return offices
    return offices.filter(pk__in=office_ids_of(user))


def _upload_dir() -> Path:
    folder = Path(settings.VEEDEL_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _store(content: bytes, fmt: str) -> str:
    folder = _upload_dir()
    limit = time.time() - KEEP_UPLOADS_SECONDS
    for old in folder.iterdir():
        if STORED_NAME.match(old.name) and old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)
    name = stored_name(fmt)
    path = folder / name
    path.write_bytes(content)
    path.chmod(0o600)
    return name


@csrf_exempt
def import_offers(request):
    request.upload_handlers.insert(0, LimitedUpload(request))
    return _import(request, KINDS["offers"])


@csrf_exempt
def import_actors(request):
    request.upload_handlers.insert(0, LimitedUpload(request))
    return _import(request, KINDS["actors"])


@csrf_protect
def _import(request, kind: Kind):
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("offers.import_offers"):
        raise PermissionDenied
    if request.method == "GET":
        NoQuery.read(request)
    offices = _offices_for(request.user)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, kind, offices)
    form = ImportForm(request.POST or None, request.FILES or None, offices=offices)
    if getattr(request, "veedel_upload_too_large", False):
        form.is_valid()
        form.errors.pop("file", None)  # not "required": it was too large to be read
        form.add_error(
            "file",
            _("The file is larger than %(limit)s and cannot be imported.")
            % {"limit": filesizeformat(upload_limit())},
        )
    elif request.method == "POST" and form.is_valid():
        office = form.cleaned_data["office"]
        if not request.user.has_perm(kind.office_perm, kind.blank(office)):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            table = imports.table_read(name=upload.name, content=content)
            check = kind.check(table=table, office=office, by=request.user)
        except imports.ImportRefused as refused:
            form.add_error("file", refused.reason)
        else:
            token = ""
            if check.ok:
                stored = _store(content, table.format)
                token = signing.dumps(
                    {"k": kind.slug, "u": request.user.pk, "o": office.pk, "f": stored},
                    salt=TOKEN_SALT,
                )
            return _preview(request, kind, check, office=office, name=upload.name, token=token)
    return render(request, "offers/import_form.html", _form_context(kind, form))


def _form_context(kind: Kind, form: ImportForm) -> dict:
    context = {
        "kind": kind,
        "form": form,
        "columns": kind.columns,
        "max_rows": imports.MAX_ROWS,
        "action": reverse(f"offers:import_{kind.slug}"),
    }
    if kind.slug == "offers":
        context["code_lists"] = [
            (_("Topic fields (themen)"), _term_list(TOPICS_SLUG)),
            (_("Target groups (zielgruppen)"), _term_list(TARGET_GROUPS_SLUG)),
        ]
        context["exports"] = [
            ("CSV", reverse("offers:export_offers_csv")),
            ("Excel", reverse("offers:export_offers_xlsx")),
        ]
    else:
        from veedel.programme.models import Topic

        topics = {t.slug: t.name for t in Topic.objects.order_by("order", "name")}
        context["code_lists"] = [
            (_("Kinds of actor (art)"), actor_io.kind_choices()),
            (_("Topic fields (themen)"), list(topics.items())),
        ]
        context["exports"] = [
            ("CSV", reverse("offers:export_actors_csv")),
            ("Excel", reverse("offers:export_actors_xlsx")),
        ]
    return context


def _term_list(taxonomy: str) -> list[tuple[str, str]]:
    from veedel.offers.models import TaxonomyTerm

    return list(
        TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy)
        .order_by("order", "name")
        .values_list("code", "name")
    )


def _preview(request, kind: Kind, check, *, office, name: str, token: str):
    return render(
        request,
        "offers/import_preview.html",
        {
            "kind": kind,
            "check": check,
            "office": office,
            "file_name": name,
            "token": token,
            "headers": [col.name for col in check.columns],
            "preview_rows": check.preview(),
            "action": reverse(f"offers:import_{kind.slug}"),
        },
    )


def _confirm(request, kind: Kind, offices):
    try:
        data = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("This upload has expired. Please upload the file again."))
        return redirect(f"offers:import_{kind.slug}")
    if data.get("k") != kind.slug or data.get("u") != request.user.pk:
        raise PermissionDenied
    office = offices.filter(pk=data.get("o")).first()
    if office is None or not request.user.has_perm(kind.office_perm, kind.blank(office)):
        raise PermissionDenied
    stored = str(data.get("f", ""))
    path = _upload_dir() / stored
    if not STORED_NAME.match(stored) or not path.is_file():
        messages.error(
            request,
            _("This upload has already been imported or has expired. Upload the file again."),
        )
        return redirect(f"offers:import_{kind.slug}")
    content = path.read_bytes()
    try:
        table = imports.table_read(name=stored, content=content)
        check = kind.check(table=table, office=office, by=request.user)
    except imports.ImportRefused as refused:  # pragma: no cover - it was read before
        messages.error(request, refused.reason)
        return redirect(f"offers:import_{kind.slug}")
    if not check.ok:
        # The data changed since the preview (e.g. an actor was renamed): show why.
        path.unlink(missing_ok=True)
        return _preview(request, kind, check, office=office, name="", token="")
    result = kind.write(check=check, office=office, by=request.user)
    path.unlink(missing_ok=True)
    messages.success(
        request,
        _(
            "Import finished: %(created)s new, %(updated)s changed, %(unchanged)s unchanged. "
            "New entries are kept by %(office)s."
        )
        % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "office": office.name,
        },
    )
    return redirect(f"offers:import_{kind.slug}")


# --- exports ----------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(response, stem: str, fmt: str):
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{stem}-{day}.{fmt}"'
    return response


def _tabular(rows, headers: list[str], stem: str, fmt: str, title: str):
    if fmt == "xlsx":
        response = HttpResponse(
            imports.xlsx_bytes(headers, rows, title=title), content_type=XLSX_TYPE
        )
    else:
        response = StreamingHttpResponse(
            imports.csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
        )
    return _attachment(response, stem, fmt)


def _refused_query(request) -> HttpResponse | None:
    """An export takes no parameters: a download has no page to explain one on, so 400."""
    if problems := NoQuery.of(request).api_problems():
        return HttpResponseBadRequest(
            "\n".join(f"{name}: {reason}" for name, reason in problems),
            content_type="text/plain; charset=utf-8",
        )
    return None


@require_GET
def export_offers(request, fmt: str):
    """The offers the user may see: published ones for everyone, more for offices."""
    if refused := _refused_query(request):
        return refused
    user = request.user
    queryset = offer_io.export_queryset(imports.offers_visible_to(user))
    offers = (
        offer
        for offer in queryset.iterator(chunk_size=EXPORT_CHUNK)
        if user.has_perm("offers.view_offer", offer)
    )
    if fmt == "json":
        response = StreamingHttpResponse(_json_array(offers), content_type="application/json")
        return _attachment(response, "angebote", "json")
    return _tabular(imports.offer_rows(offers), imports.OFFER_HEADERS, "angebote", fmt, "Angebote")


def _json_array(offers):
    """A JSON array of fully nested HSDS services, written piece by piece."""
    yield "["
    for number, offer in enumerate(offers):
        yield (
            ("," if number else "")
            + "\n"
            + json.dumps(service_full_dict(offer), ensure_ascii=False)
        )
    yield "\n]\n"


@require_GET
def export_actors(request, fmt: str):
    """The actors the user may see: public ones for everyone, internal ones for their office."""
    if refused := _refused_query(request):
        return refused
    user = request.user
    queryset = actor_io.export_queryset(imports.actors_visible_to(user))
    actors = (
        actor
        for actor in queryset.iterator(chunk_size=EXPORT_CHUNK)
        if user.has_perm("network.view_actor", actor)
    )
    return _tabular(imports.actor_rows(actors), imports.ACTOR_HEADERS, "akteure", fmt, "Akteure")
