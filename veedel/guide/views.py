"""Reading the guide: the current edition, an edition's start page, pages per goal, topic,
situation, key process and method, the list of editions, and the PDFs. None of them takes a
query parameter: a page names any it is given in a message, a PDF answers 400.

A draft is shown only to those who may see it (the programme office and administrators); to
everybody else it does not exist (404), in every page and list.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from veedel.core.queryforms import takes_no_query
from veedel.guide import pdf, workflow
from veedel.guide.models import Edition, EditionStatus, KeyProcess, Method, ProcessStep, Situation
from veedel.guide.pdf_store import stored_pdf
from veedel.programme.models import Goal, Topic


def get_edition(request, slug) -> Edition:
    """The edition with ``slug`` if the user may read it, else 404."""
    edition = get_object_or_404(Edition.objects.select_related("based_on"), slug=slug)
    if not request.user.has_perm("guide.view_edition", edition):
        raise Http404
    return edition


def visible_editions(user):
    editions = Edition.objects.all()
    if user.has_perm("guide.view_edition", Edition(status=EditionStatus.DRAFT)):
        return editions
    return editions.published()


def edition_context(request, edition: Edition, current: Edition | None = None) -> dict:
    """What every page of an edition shows around its content (notes, edit links). ``may``:
    the steps of the workflow the user may take on the edition now (``may.edit`` …)."""
    if current is None:
        current = Edition.objects.current()
    may = workflow.allowed(request.user, edition)
    return {
        "edition": edition,
        "current": current,
        "is_current": current is not None and current.pk == edition.pk,
        "may": may,
    }


def _goals(edition):
    return Goal.objects.filter(programme=edition.programme_id).order_by("order")


def _topics(edition):
    return Topic.objects.filter(programme=edition.programme_id).order_by("order", "name")


def _processes(edition):
    return KeyProcess.objects.filter(edition=edition).order_by("order", "title")


def _situations(edition):
    return (
        Situation.objects.filter(edition=edition)
        .order_by("order", "title")
        .prefetch_related(Prefetch("key_processes", queryset=_processes(edition)))
    )


def _counted(queryset, edition):
    """Goals or topics with the number of situations and key processes of ``edition``."""
    return queryset.annotate(
        n_situations=Count(
            "guide_situations",
            filter=Q(guide_situations__edition=edition),
            distinct=True,
        ),
        n_processes=Count(
            "guide_processes", filter=Q(guide_processes__edition=edition), distinct=True
        ),
    )


def _edition_page(request, edition, current):
    context = edition_context(request, edition, current)
    context.update(
        goals=_counted(_goals(edition), edition),
        topics=_counted(_topics(edition), edition),
        situations=_situations(edition),
        processes=_processes(edition).annotate(n_steps=Count("steps")),
        n_methods=Method.objects.filter(edition=edition).count(),
    )
    return render(request, "guide/edition.html", context)


@require_GET
@takes_no_query
def current_edition(request):
    current = Edition.objects.current()
    if current is None:
        return render(
            request,
            "guide/edition_none.html",
            {"may": workflow.allowed(request.user)},
        )
    return _edition_page(request, current, current)


@require_GET
@takes_no_query
def edition_detail(request, edition_slug):
    return _edition_page(request, get_edition(request, edition_slug), None)


@require_GET
@takes_no_query
def edition_list(request):
    current = Edition.objects.current()
    editions = (
        visible_editions(request.user)
        .select_related("based_on")
        .annotate(
            n_situations=Count("situations", distinct=True),
            n_processes=Count("key_processes", distinct=True),
        )
        .order_by("-year", "-published_at", "title")
    )
    return render(
        request,
        "guide/editions.html",
        {
            "editions": editions,
            "current": current,
            "may": workflow.allowed(request.user),
        },
    )


def _theme_page(request, edition_slug, slug, *, model, relation: str, kind: str):
    edition = get_edition(request, edition_slug)
    theme = get_object_or_404(model, programme=edition.programme_id, slug=slug)
    context = edition_context(request, edition)
    context.update(
        theme=theme,
        kind=kind,
        situations=_situations(edition).filter(**{relation: theme}),
        processes=_processes(edition).filter(**{relation: theme}).annotate(n_steps=Count("steps")),
    )
    return render(request, "guide/theme.html", context)


@require_GET
@takes_no_query
def goal_detail(request, edition_slug, slug):
    return _theme_page(request, edition_slug, slug, model=Goal, relation="goals", kind="goal")


@require_GET
@takes_no_query
def topic_detail(request, edition_slug, slug):
    return _theme_page(request, edition_slug, slug, model=Topic, relation="topics", kind="topic")


@require_GET
@takes_no_query
def situation_detail(request, edition_slug, slug):
    edition = get_edition(request, edition_slug)
    situation = get_object_or_404(
        Situation.objects.prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order")),
            Prefetch("topics", queryset=Topic.objects.order_by("order", "name")),
            Prefetch("key_processes", queryset=_processes(edition)),
        ),
        edition=edition,
        slug=slug,
    )
    context = edition_context(request, edition)
    context["situation"] = situation
    return render(request, "guide/situation.html", context)


def process_with_steps(edition, slug) -> KeyProcess:
    steps = ProcessStep.objects.order_by("order").prefetch_related(
        Prefetch("methods", queryset=Method.objects.order_by("name"))
    )
    return get_object_or_404(
        KeyProcess.objects.prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order")),
            Prefetch("topics", queryset=Topic.objects.order_by("order", "name")),
            Prefetch("steps", queryset=steps),
            Prefetch("situations", queryset=Situation.objects.order_by("order", "title")),
        ),
        edition=edition,
        slug=slug,
    )


@require_GET
@takes_no_query
def process_detail(request, edition_slug, slug):
    edition = get_edition(request, edition_slug)
    process = process_with_steps(edition, slug)
    process.edition = edition
    context = edition_context(request, edition)
    steps = list(process.steps.all())
    context.update(process=process, steps=steps, last_step=len(steps))
    return render(request, "guide/process.html", context)


@require_GET
@takes_no_query
def method_list(request, edition_slug):
    edition = get_edition(request, edition_slug)
    context = edition_context(request, edition)
    context["methods"] = (
        Method.objects.filter(edition=edition).annotate(n_steps=Count("steps")).order_by("name")
    )
    return render(request, "guide/methods.html", context)


@require_GET
@takes_no_query
def method_detail(request, edition_slug, slug):
    edition = get_edition(request, edition_slug)
    method = get_object_or_404(Method, edition=edition, slug=slug)
    context = edition_context(request, edition)
    context.update(
        method=method,
        steps=method.steps.select_related("key_process").order_by(
            "key_process__order", "key_process__title", "order"
        ),
    )
    return render(request, "guide/method.html", context)


# --- PDFs ---------------------------------------------------------------------------------


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@takes_no_query(download=True)
def edition_pdf(request, edition_slug):
    edition = get_edition(request, edition_slug)
    content = stored_pdf(edition, "edition", lambda: pdf.edition_pdf(edition=edition))
    return _pdf_response(content, f"{edition.slug}.pdf")


@require_GET
@takes_no_query(download=True)
def process_pdf(request, edition_slug, slug):
    edition = get_edition(request, edition_slug)
    process = process_with_steps(edition, slug)
    process.edition = edition
    filename = f"{edition.slug}-{slugify(process.slug)}.pdf"
    content = stored_pdf(
        edition, f"process-{process.slug}", lambda: pdf.process_pdf(process=process)
    )
    return _pdf_response(content, filename)
