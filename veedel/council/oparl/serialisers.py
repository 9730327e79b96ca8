"""OParl 1.1 objects as dicts: ids are absolute URLs; dates ``yyyy-mm-dd``; date-times with
their offset in Europe/Berlin; null and empty properties are left out. Nothing non-public is
ever read here: the non-public text of a paper has no property, and the callers pass only
public files and agenda items.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import namedtuple

from django.urls import reverse

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
    Person,
)

SCHEMA = "https://schema.oparl.org/1.1/"
CONSULTATION_TYPE = SCHEMA + "Consultation"
# Light rows for what a paper embeds (no model instances: the paper list is the hot path).
FileRow = namedtuple(
    "FileRow",
    "pk paper_id role name file_name mime_type size sha1_checksum sha512_checksum date "
    "created modified",
)
ConsultationRow = namedtuple(
    "ConsultationRow",
    "pk paper_id organization_id meeting_id agenda_item_id item_public authoritative role "
    "created modified",
)
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def date_time(value: datetime.datetime | str | None) -> str | None:
    """ISO 8601 with the Europe/Berlin offset; text made by the database passes through."""
    if value is None or isinstance(value, str):
        return value
    return value.astimezone(BERLIN).isoformat(timespec="seconds")


def date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def clean(data: dict) -> dict:
    """Leave out None, empty strings and empty lists (booleans and 0 stay)."""
    return {k: v for k, v in data.items() if v is not None and v != "" and v != []}


class Urls:
    """Absolute URLs of the API and of the site, built from one prefix per request."""

    def __init__(self, request):
        self.api = request.build_absolute_uri(reverse("council:oparl:system"))
        self.site = request.build_absolute_uri("/")[:-1]
        self.papers_web = reverse("council:papers")

    def obj(self, kind: str, pk: int) -> str:
        return f"{self.api}{kind}/{pk}/"

    def list(self, body_pk: int, kind: str) -> str:
        return f"{self.api}bodies/{body_pk}/{kind}/"

    def web(self, path: str) -> str:
        return self.site + path


def tombstone(urls: Urls, kind: str, type_name: str, obj) -> dict:
    """A deleted object, or one that is no longer public: id, type, created, modified,
    ``deleted: true`` (the kinds add what the schema requires besides)."""
    return {
        "id": urls.obj(kind, obj.pk),
        "type": SCHEMA + type_name,
        "created": date_time(obj.created),
        "modified": date_time(max(obj.modified, obj.deleted or obj.modified)),
        "deleted": True,
    }


def _common(obj) -> dict:
    return {"created": date_time(obj.created), "modified": date_time(obj.modified)}


def system_dict(urls: Urls, bodies: list[Body]) -> dict:
    created = min((b.created for b in bodies), default=None)
    modified = max((b.modified for b in bodies), default=None)
    return clean(
        {
            "id": urls.api,
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "body": urls.api + "bodies/",
            "name": "Veedel",
            "website": urls.web("/"),
            "created": date_time(created),
            "modified": date_time(modified),
        }
    )


def legislative_term_dict(urls: Urls, term: LegislativeTerm) -> dict:
    return clean(
        {
            "id": urls.obj("legislative-terms", term.pk),
            "type": SCHEMA + "LegislativeTerm",
            "body": urls.obj("bodies", term.body_id),
            "name": term.name,
            "startDate": date(term.start_date),
            "endDate": date(term.end_date),
            **_common(term),
        }
    )


BODY_LISTS = {
    "organization": "organizations",
    "person": "persons",
    "meeting": "meetings",
    "paper": "papers",
    "agendaItem": "agenda-items",
    "consultation": "consultations",
    "file": "files",
    "locationList": "locations",
    "legislativeTermList": "legislative-terms",
}


def body_kept(urls: Urls, body: Body) -> dict:
    """What a deleted body keeps: the properties the schema requires."""
    return {
        "name": body.name,
        **{key: urls.list(body.pk, path) for key, path in BODY_LISTS.items()},
        "legislativeTerm": [],
    }


def body_dict(urls: Urls, body: Body, terms: list[LegislativeTerm]) -> dict:
    lists = BODY_LISTS
    data = clean(
        {
            "id": urls.obj("bodies", body.pk),
            "type": SCHEMA + "Body",
            "system": urls.api,
            "name": body.name,
            "shortName": body.short_name,
            "website": body.website,
            "license": body.license,
            "ags": body.ags,
            "rgs": body.rgs,
            "contactEmail": body.contact_email,
            "contactName": body.contact_name,
            "classification": body.classification,
            **{key: urls.list(body.pk, path) for key, path in lists.items()},
            "web": urls.web(reverse("council:organizations")),
            **_common(body),
        }
    )
    # Required, so present even when empty.
    data["legislativeTerm"] = [legislative_term_dict(urls, t) for t in terms]
    return data


def location_dict(urls: Urls, location: Location) -> dict:
    return clean(
        {
            "id": urls.obj("locations", location.pk),
            "type": SCHEMA + "Location",
            "description": location.description,
            "streetAddress": location.street_address,
            "room": location.room,
            "postalCode": location.postal_code,
            "subLocality": location.sub_locality,
            "locality": location.locality,
            **_common(location),
        }
    )


def organization_dict(urls: Urls, org: Organization) -> dict:
    return clean(
        {
            "id": urls.obj("organizations", org.pk),
            "type": SCHEMA + "Organization",
            "body": urls.obj("bodies", org.body_id),
            "name": org.name,
            "shortName": org.short_name,
            "organizationType": org.organization_type,
            "classification": org.classification,
            "meeting": urls.obj("organizations", org.pk) + "meetings/",
            "subOrganizationOf": urls.obj("organizations", org.sub_organization_of_id)
            if org.sub_organization_of_id
            else None,
            "startDate": date(org.start_date),
            "endDate": date(org.end_date),
            "website": org.website,
            "location": location_dict(urls, org.location)
            if org.location and org.location.publicly_visible
            else None,
            "keyword": [t.name for t in org.topics.all()],
            "web": urls.web(org.get_absolute_url()),
            **_common(org),
        }
    )


def person_dict(urls: Urls, person: Person) -> dict:
    return clean(
        {
            "id": urls.obj("persons", person.pk),
            "type": SCHEMA + "Person",
            "body": urls.obj("bodies", person.body_id),
            "name": person.name,
            "familyName": person.family_name,
            "givenName": person.given_name,
            "formOfAddress": person.form_of_address,
            **_common(person),
        }
    )


def agenda_item_dict(urls: Urls, item: AgendaItem, consultation_id: int | None) -> dict:
    return clean(
        {
            "id": urls.obj("agenda-items", item.pk),
            "type": SCHEMA + "AgendaItem",
            "meeting": urls.obj("meetings", item.meeting_id),
            "number": item.number,
            "order": item.order,
            "name": item.name,
            "public": item.public,
            "consultation": urls.obj("consultations", consultation_id) if consultation_id else None,
            "result": item.result,
            "resolutionText": item.resolution_text,
            **_common(item),
        }
    )


def meeting_dict(urls: Urls, meeting: Meeting, items: list[tuple[AgendaItem, int | None]]) -> dict:
    """``items``: the public agenda items with the id of their consultation."""
    return clean(
        {
            "id": urls.obj("meetings", meeting.pk),
            "type": SCHEMA + "Meeting",
            "name": meeting.name or meeting.organization.name,
            "meetingState": meeting.state,
            "cancelled": meeting.cancelled,
            "start": date_time(meeting.start),
            "end": date_time(meeting.end),
            "location": location_dict(urls, meeting.location)
            if meeting.location and meeting.location.publicly_visible
            else None,
            "organization": [urls.obj("organizations", meeting.organization_id)],
            "agendaItem": [agenda_item_dict(urls, item, cid) for item, cid in items],
            "keyword": ["Beispieldaten"] if meeting.is_example else None,
            "web": urls.web(meeting.get_absolute_url()),
            **_common(meeting),
        }
    )


def consultation_dict(
    urls: Urls, consultation: Consultation | ConsultationRow, *, item_public: bool
) -> dict:
    """``item_public``: whether its agenda item may be named (a public item). Built without
    ``clean()``: on the paper list this runs for every step of every paper."""
    api = urls.api
    data = {
        "id": f"{api}consultations/{consultation.pk}/",
        "type": CONSULTATION_TYPE,
        "paper": f"{api}papers/{consultation.paper_id}/",
    }
    if consultation.agenda_item_id and item_public:
        data["agendaItem"] = f"{api}agenda-items/{consultation.agenda_item_id}/"
    if consultation.meeting_id:
        data["meeting"] = f"{api}meetings/{consultation.meeting_id}/"
    data["organization"] = [f"{api}organizations/{consultation.organization_id}/"]
    data["authoritative"] = consultation.authoritative
    if consultation.role:
        data["role"] = consultation.role
    data["created"] = date_time(consultation.created)
    data["modified"] = date_time(consultation.modified)
    return data


def file_access_url(urls: Urls, file: File | FileRow) -> str:
    return f"{urls.api}files/{file.pk}/download/"


def file_dict(urls: Urls, file: File | FileRow) -> dict:
    own = f"{urls.api}files/{file.pk}/"
    access = file_access_url(urls, file)
    return clean(
        {
            "id": own,
            "type": SCHEMA + "File",
            "name": file.name,
            "fileName": file.file_name,
            "mimeType": file.mime_type,
            "date": date(file.date),
            "size": file.size,
            "sha1Checksum": file.sha1_checksum,
            "sha512Checksum": file.sha512_checksum,
            "accessUrl": access,
            "downloadUrl": access,
            "paper": [urls.obj("papers", file.paper_id)],
            **_common(file),
        }
    )


def paper_dict(urls: Urls, paper: Paper) -> dict:
    """Expects ``paper.public_files`` (FileRow), ``paper.alive_consultations``
    (ConsultationRow) and ``paper.topic_names`` attached."""
    files = paper.public_files
    main = next((f for f in files if f.role == FileRole.MAIN), None)
    return clean(
        {
            "id": urls.obj("papers", paper.pk),
            "type": SCHEMA + "Paper",
            "body": urls.obj("bodies", paper.body_id),
            "name": paper.title,
            "reference": paper.reference,
            "date": date(paper.date),
            "paperType": paper.paper_type,
            "mainFile": file_dict(urls, main) if main else None,
            "auxiliaryFile": [file_dict(urls, f) for f in files if f is not main],
            "consultation": [
                consultation_dict(urls, c, item_public=c.item_public)
                for c in paper.alive_consultations
            ],
            "keyword": paper.topic_names,
            "web": urls.web(f"{urls.papers_web}{paper.pk}/"),
            **_common(paper),
        }
    )
