"""Public pages of the council information: bodies (Gremien), the session calendar (HTML by
month and iCalendar), sessions with their agenda, papers (Vorlagen) with filters, a paper's
page and PDF, and its files.

Every view asks the rules about the object. A paper the reader may not see is a 404 (its
existence is not given away); the non-public PDF of a paper they may see is a 403. What is
public is the models' definition (``public()``, ``publicly_visible``). Query strings are read
through the forms of forms_query.py.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veedel.core.queryforms import bad_request, takes_no_query
from veedel.core.uploads import attachment_response
from veedel.council import ical, workflow
from veedel.council.forms_query import (
    CalendarQuery,
    MeetingListQuery,
    PaperListQuery,
)
from veedel.council.models import (
    Classification,
    Consultation,
    File,
    Meeting,
    Organization,
    Paper,
)
from veedel.council.pdf import paper_pdf as render_paper_pdf

PAPERS_PER_PAGE = 50
CLASS_ORDER = [
    Classification.PARLAMENT,
    Classification.AUSSCHUSS,
    Classification.BEIRAT,
    Classification.BEZIRKSVERTRETUNG,
    Classification.SONSTIGES,
    "",
]


@require_GET
@takes_no_query
def organization_list(request):
    orgs = list(
        Organization.objects.public()
        .select_related("district")
        .prefetch_related("topics")
        .annotate(sessions=Count("meetings", filter=Q(meetings__deleted=None)))
    )
    groups = []
    for value in CLASS_ORDER:
        members = [o for o in orgs if o.classification == value]
        if members:
            label = Classification(value).label if value else _("Other")
            groups.append((label, members))
    return render(request, "council/organization_list.html", {"groups": groups})


@require_GET
@takes_no_query
def organization_detail(request, pk: int):
    org = get_object_or_404(
        Organization.objects.public().select_related("district", "location"), pk=pk
    )
    meetings = list(org.meetings.public().select_related("location").order_by("-start"))
    return render(
        request,
        "council/organization_detail.html",
        {"org": org, "meetings": meetings, "topics": list(org.topics.all())},
    )


@require_GET
def meeting_list(request):
    months = list(Meeting.objects.public().dates("start", "month"))
    form = MeetingListQuery.read(request, months=months)
    chosen = form.values["monat"]
    if chosen is None:
        today = timezone.localdate().replace(day=1)
        past = [m for m in months if m <= today]
        chosen = past[-1] if past else (months[0] if months else today)
    start = timezone.make_aware(datetime.datetime.combine(chosen, datetime.time.min))
    following = (chosen + datetime.timedelta(days=32)).replace(day=1)
    end = timezone.make_aware(datetime.datetime.combine(following, datetime.time.min))
    meetings = list(
        Meeting.objects.public()
        .filter(start__gte=start, start__lt=end)
        .select_related("organization", "location")
        .order_by("start", "organization__name")
    )
    days: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings:
        days.setdefault(meeting.local_date, []).append(meeting)
    earlier = [m for m in months if m < chosen]
    later = [m for m in months if m > chosen]
    if "monat" not in form.data:
        # The bar shows the month chosen for the visitor.
        form = MeetingListQuery({"monat": chosen.strftime("%Y-%m")}, months=months)
    return render(
        request,
        "council/meeting_list.html",
        {
            "form": form,
            "chosen": chosen,
            "days": sorted(days.items()),
            "previous": earlier[-1] if earlier else None,
            "next": later[0] if later else None,
        },
    )


@require_GET
def meeting_ical(request):
    form = CalendarQuery(request.GET)
    if problems := form.api_problems():
        return bad_request(problems)
    organization = form.values["gremium"]
    body = ical.sessions_calendar(
        name=organization.name if organization else _("Council sessions"),
        meetings=form.meetings(),
        url_of=lambda m: request.build_absolute_uri(m.get_absolute_url()),
    )
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="sitzungen.ics"'
    return response


@require_GET
@takes_no_query
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(
        Meeting.objects.public().select_related("organization", "location"), pk=pk
    )
    items = list(
        meeting.agenda_items.alive()
        .select_related("meeting", "consultation__paper")
        .order_by("order", "pk")
    )
    reader_sees_all = request.user.has_perm("council.view_nonpublic_items")
    visible, hidden = [], 0
    for item in items:
        consultation = item.consultation_or_none
        paper = consultation.paper if consultation and consultation.deleted is None else None
        may_see_paper = paper is None or request.user.has_perm("council.view_paper", paper)
        # An item of a paper the reader may not see (a draft, for a council member) is only
        # counted: its title names the paper.
        if item.publicly_visible or (reader_sees_all and may_see_paper):
            visible.append({"item": item, "paper": paper, "public": item.publicly_visible})
        else:
            hidden += 1
    return render(
        request,
        "council/meeting_detail.html",
        {"meeting": meeting, "items": visible, "hidden": hidden},
    )


@require_GET
def paper_list(request):
    form = PaperListQuery.read(request)
    papers = form.filter(Paper.objects.visible_to(request.user).select_related("body"))
    page = Paginator(papers.order_by("-date", "-reference", "pk"), PAPERS_PER_PAGE).get_page(
        form.values["seite"]
    )
    return render(
        request,
        "council/paper_list.html",
        {
            "form": form,
            "page": page,
            "previous_query": form.urlencode(seite=page.number - 1) if page.has_previous() else "",
            "next_query": form.urlencode(seite=page.number + 1) if page.has_next() else "",
            "may_add": request.user.has_perm("council.add_paper"),
        },
    )


def _paper_or_404(request, pk: int) -> Paper:
    paper = get_object_or_404(Paper.objects.select_related("body"), pk=pk)
    if not request.user.has_perm("council.view_paper", paper):
        raise Http404
    return paper


def _steps(paper: Paper) -> list[Consultation]:
    return list(
        paper.consultations.alive()
        .select_related("organization", "meeting")
        .order_by("order", "pk")
    )


@require_GET
@takes_no_query
def paper_detail(request, pk: int):
    paper = _paper_or_404(request, pk)
    may_read_part = request.user.has_perm("council.view_nonpublic_part", paper)
    files = [
        f
        for f in paper.files.alive().select_related("paper").order_by("-role", "pk")
        if request.user.has_perm("council.view_file", f)
    ]
    return render(
        request,
        "council/paper_detail.html",
        {
            "paper": paper,
            "steps": _steps(paper),
            "files": files,
            "spaces": list(paper.social_spaces.defer("geometry", "display_geometry")),
            "topics": list(paper.topics.all()),
            "may_read_part": may_read_part,
            "offers": workflow.offers(request.user, paper),
        },
    )


def _pdf_response(paper: Paper, *, non_public: bool) -> HttpResponse:
    body = render_paper_pdf(paper=paper, consultations=_steps(paper), non_public=non_public)
    response = HttpResponse(body, content_type="application/pdf")
    suffix = "-nichtoeffentlich" if non_public else ""
    name = f"{paper.paper_type}-{paper.reference.replace('/', '-')}{suffix}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    if non_public:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@takes_no_query(download=True)
def paper_pdf(request, pk: int):
    return _pdf_response(_paper_or_404(request, pk), non_public=False)


@require_GET
@takes_no_query(download=True)
def paper_pdf_non_public(request, pk: int):
    paper = _paper_or_404(request, pk)
    if not request.user.has_perm("council.view_nonpublic_part", paper):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return _pdf_response(paper, non_public=True)


@require_GET
@takes_no_query(download=True)
def file_download(request, pk: int):
    file = get_object_or_404(File.objects.alive().select_related("paper"), pk=pk)
    if not request.user.has_perm("council.view_file", file):
        raise Http404
    try:
        handle = file.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return attachment_response(
        handle,
        filename=file.file_name,
        content_type=file.mime_type,
        public=file.publicly_visible,
    )
