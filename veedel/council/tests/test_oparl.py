"""The OParl 1.1 API: every object type validated against the official schemas (the copy in
the repository; nothing is skipped), a client that walks the whole body by following links
only, paging, date filters, deleted objects, bad input, CORS, and nothing non-public in any
answer. What a client sees while the data changes: test_oparl_changes.py."""

from __future__ import annotations

import datetime
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from veedel.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    FileRole,
    LegislativeTerm,
    Location,
    Meeting,
    Organization,
    Paper,
    PaperState,
)
from veedel.council.oparl.serialisers import date_time
from veedel.council.services import file_add, paper_delete
from veedel.council.tests.oparl_helpers import SCHEMA, check_object

pytestmark = pytest.mark.django_db

API = "/oparl/v1/"
SECRET = "Geheimer Personalkostenvergleich der Träger"
PDF = b"%PDF-1.4\n% Veedel test\n"


@pytest.fixture
def served(council, personas):
    """The demo plus a public file, a non-public file, a non-public paper, a draft and a
    deleted paper."""
    office = personas["geschaeftsstelle"]
    council.non_public_text = SECRET
    council.save()
    file_add(paper=council, upload=ContentFile(PDF, name="handlungsleitfaden.pdf"), by=office)
    file_add(
        paper=council,
        upload=ContentFile(PDF, name="kosten-intern.pdf"),
        by=office,
        name=SECRET,
        is_public=False,
    )
    body = council.body
    hidden = Paper.objects.create(
        body=body,
        reference="0900/2012",
        title=f"Vertraulich: {SECRET}",
        date=datetime.date(2012, 3, 1),
        is_public=False,
        state=PaperState.RELEASED,
        released_at=timezone.now(),
    )
    youth = Organization.objects.get(name="Jugendhilfeausschuss")
    meeting = youth.meetings.get(start__date=datetime.date(2012, 3, 6))
    item = AgendaItem.objects.create(meeting=meeting, order=9, name=f"TOP {SECRET}", public=True)
    Consultation.objects.create(
        paper=hidden, organization=youth, meeting=meeting, agenda_item=item, order=1
    )
    file_add(paper=hidden, upload=ContentFile(PDF, name="vertraulich.pdf"), by=office)
    Paper.objects.create(
        body=body,
        reference="0901/2012",
        title=f"Entwurf {SECRET}",
        date=datetime.date(2012, 3, 1),
        state=PaperState.DRAFT,
    )
    AgendaItem.objects.create(meeting=meeting, order=10, name=f"Personal {SECRET}", public=False)
    gone = Paper.objects.create(
        body=body,
        reference="0902/2012",
        title="Zurückgezogene Mitteilung",
        date=datetime.date(2012, 3, 1),
        state=PaperState.RELEASED,
        released_at=timezone.now(),
    )
    paper_delete(paper=gone, by=office)
    return {"paper": council, "hidden": hidden, "gone": gone}


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _urls_in(node, base: str):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("accessUrl", "downloadUrl", "web", "website", "product"):
                continue
            yield from _urls_in(value, base)
    elif isinstance(node, list):
        for value in node:
            yield from _urls_in(value, base)
    elif isinstance(node, str) and node.startswith(base):
        yield node


def _objects(node):
    if isinstance(node, dict):
        if "type" in node and "id" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_a_client_walks_the_whole_body_by_links_only(client, served):
    base = "http://testserver" + API
    queue, seen, bodies = deque([base]), set(), []
    reached: dict[str, dict] = {}
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = _get(client, _path(url))
        assert response["Content-Type"].startswith("application/json")
        text = response.content.decode()
        assert SECRET not in text, url
        data = response.json()
        if "data" in data:
            assert set(data) == {"data", "pagination", "links"}, url
            for i, obj in enumerate(data["data"]):
                check_object(obj, f"{url} data[{i}]")
        else:
            check_object(data, url)
        for obj in _objects(data):
            reached.setdefault(obj["id"], obj)
        bodies += [data] if data.get("type") == SCHEMA + "Body" else []
        queue.extend(u for u in _urls_in(data, base) if u not in seen)
        assert len(seen) < 3000, "the walk does not end"

    ids = {url.removeprefix(base) for url in reached}

    def expect(kind, queryset):
        wanted = {f"{kind}/{pk}/" for pk in queryset.values_list("pk", flat=True)}
        assert wanted and wanted <= ids, (kind, wanted - ids)

    expect("bodies", Body.objects.all())
    expect("organizations", Organization.objects.all())
    expect("meetings", Meeting.objects.all())
    expect("papers", Paper.objects.public())
    expect("consultations", Consultation.objects.filter(paper__in=Paper.objects.public()))
    expect("agenda-items", AgendaItem.objects.public())
    expect("files", File.objects.public())
    expect("locations", Location.objects.all())
    expect("legislative-terms", LegislativeTerm.objects.all())
    types = Counter(obj["type"].removeprefix(SCHEMA) for obj in reached.values())
    # The paper's own document and its public attachment.
    assert types["Paper"] == 1 and types["Consultation"] == 14 and types["File"] == 2
    # Every embedded object is also served at its own id.
    for url in reached:
        if url.startswith(base) and url != base:
            assert url in seen or _get(client, _path(url)).json()["id"] == url
    # Nothing non-public: the hidden paper, draft, their items and files are not there.
    hidden = served["hidden"]
    assert f"papers/{hidden.pk}/" not in ids
    assert not any(SECRET in str(obj) for obj in reached.values())
    served_files = [int(i.split("/")[1]) for i in ids if i.startswith("files/")]
    assert not File.objects.filter(paper=hidden, pk__in=served_files).exists()


def test_the_paper_as_served(client, served):
    paper = served["paper"]
    data = _get(client, f"{API}papers/{paper.pk}/").json()
    check_object(data)
    assert data["reference"] == "0815/2012"
    assert data["paperType"] == "Mitteilung"
    assert data["date"] == "2012-02-21"
    main = data["mainFile"]
    assert main["fileName"] == "Mitteilung-0815-2012.pdf" and main["mimeType"] == "application/pdf"
    document = paper.files.get(role=FileRole.MAIN, deleted=None)
    assert main["size"] == document.size and main["sha512Checksum"] == document.sha512_checksum
    # The public attachment; the non-public file is left out.
    assert [f["fileName"] for f in data["auxiliaryFile"]] == ["handlungsleitfaden.pdf"]
    steps = data["consultation"]
    assert len(steps) == 14
    assert steps[0]["role"] == "Kenntnisnahme"
    # The database formats embedded date-times on PostgreSQL: the same text as Python's.
    first = Consultation.objects.get(pk=int(steps[0]["id"].rstrip("/").rsplit("/", 1)[1]))
    assert steps[0]["created"] == date_time(first.created)
    assert steps[0]["modified"] == date_time(first.modified)
    assert main["created"] == date_time(document.created)
    first_meeting = _get(client, _path(steps[0]["meeting"])).json()
    assert first_meeting["start"] == "2012-03-05T17:00:00+01:00"
    assert first_meeting["organization"] == [steps[0]["organization"][0]]
    assert _get(client, _path(steps[0]["organization"][0])).json()["name"] == (
        "Bezirksvertretung 2 (Rodenkirchen)"
    )
    download = _get(client, _path(data["auxiliaryFile"][0]["accessUrl"]))
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")


def test_what_was_never_public_is_404_and_hidden_agenda_items_answer_deleted(client, served):
    hidden = served["hidden"]
    _get(client, f"{API}papers/{hidden.pk}/", 404)
    for file in File.objects.filter(deleted=None).exclude(pk__in=File.objects.public()):
        _get(client, f"{API}files/{file.pk}/", 404)
        _get(client, f"{API}files/{file.pk}/download/", 404)
    for consultation in Consultation.objects.filter(paper=hidden):
        _get(client, f"{API}consultations/{consultation.pk}/", 404)
    # A session page counts its non-public items for everybody; OParl answers them as
    # deleted, with nothing of them but their place in the agenda.
    hidden_items = AgendaItem.objects.exclude(pk__in=AgendaItem.objects.public())
    assert hidden_items.count() == 2
    for item in hidden_items:
        data = _get(client, f"{API}agenda-items/{item.pk}/").json()
        check_object(data)
        assert set(data) == {"id", "type", "created", "modified", "deleted", "order"}
        assert data["deleted"] is True and data["order"] == item.order


def test_deleted_objects_only_with_modified_since(client, served):
    body = served["paper"].body
    gone = served["gone"]
    plain = _get(client, f"{API}bodies/{body.pk}/papers/").json()
    assert all(p["id"].endswith(f"/papers/{served['paper'].pk}/") for p in plain["data"])
    since = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    listed = client.get(f"{API}bodies/{body.pk}/papers/", {"modified_since": since}).json()
    tombstones = [p for p in listed["data"] if p.get("deleted")]
    assert [t["id"].rsplit("/", 2)[-2] for t in tombstones] == [str(gone.pk)]
    check_object(tombstones[0])
    assert set(tombstones[0]) == {"id", "type", "created", "modified", "deleted"}
    assert "modified_since=" in listed["links"]["first"]
    single = _get(client, f"{API}papers/{gone.pk}/").json()
    assert single["deleted"] is True


def test_pagination_follows_next_and_carries_filters(client, served):
    body = served["paper"].body
    url = f"{API}bodies/{body.pk}/meetings/?limit=7&created_since=2000-01-01T00:00:00%2B01:00"
    collected, pages = [], 0
    while url:
        page = _get(client, url).json()
        pages += 1
        collected += [m["id"] for m in page["data"]]
        assert page["pagination"]["elementsPerPage"] == 7
        nxt = page["links"].get("next")
        if nxt:
            assert "limit=7" in nxt and "created_since=" in nxt
        url = _path(nxt) if nxt else None
    assert len(collected) == len(set(collected)) == Meeting.objects.count()
    assert pages == -(-Meeting.objects.count() // 7)
    # modified_until in the past: nothing.
    empty = client.get(f"{API}bodies/{body.pk}/meetings/", {"modified_until": "2000-01-01"})
    assert empty.json()["data"] == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("modified_since=gestern", "modified_since"),
        ("created_until=2012-13-01T00:00:00", "created_until"),
        ("limit=viele", "limit"),
        ("limit=0", "limit"),
        ("after=-3", "after"),
    ],
)
def test_bad_parameters_are_400_json(client, served, query, parameter):
    body = served["paper"].body
    response = _get(client, f"{API}bodies/{body.pk}/papers/?{query}", 400)
    error = response.json()
    assert error["type"] == "Error" and error["code"] == 400
    assert error["parameter"] == parameter
    assert parameter in error["message"]


def test_unknown_ids_are_404_json(client, served):
    for url in (f"{API}papers/999999/", f"{API}bodies/999999/", f"{API}bodies/999999/papers/"):
        response = _get(client, url, 404)
        assert response.json()["code"] == 404


def test_unencoded_plus_in_a_date_is_understood(client, served):
    body = served["paper"].body
    response = _get(
        client, f"{API}bodies/{body.pk}/papers/?modified_since=2000-01-01T00:00:00+01:00"
    )
    assert len(response.json()["data"]) >= 1


def test_paper_list_query_count_does_not_grow_with_the_page(client, served):
    body = served["paper"].body
    template = served["paper"]
    papers = Paper.objects.bulk_create(
        [
            Paper(
                body=body,
                reference=f"{n:04d}/2013",
                title=f"Mitteilung {n}",
                date=datetime.date(2013, 1, 1),
                state=PaperState.RELEASED,
                released_at=timezone.now(),
            )
            for n in range(1, 121)
        ]
    )
    meeting = Meeting.objects.filter(organization__name="Sportausschuss").first()
    Consultation.objects.bulk_create(
        [
            Consultation(paper=p, organization=meeting.organization, meeting=meeting, order=1)
            for p in papers
        ]
    )
    for p in papers[:3]:
        p.topics.set(template.topics.all())

    def count(limit):
        with CaptureQueriesContext(connection) as ctx:
            response = _get(client, f"{API}bodies/{body.pk}/papers/?limit={limit}")
        assert len(response.json()["data"]) == limit
        return len(ctx.captured_queries)

    assert count(10) == count(100)
