"""Two OParl clients for the tests: an incremental one, as a council portal's importer keeps
its copy (it polls only the paper, meeting and organization lists with ``modified_since`` and
takes what they embed), and a fresh full walk of every list of the body.

Both reduce what they hold to one dict ``{id: object}`` of every object they know, the
embedded ones included, so that the two can be compared whole.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.test import Client
from django.utils import timezone

API = "/oparl/v1/"
POLLED = ("papers", "meetings", "organizations")
LISTS = (
    "organizations",
    "persons",
    "meetings",
    "papers",
    "agenda-items",
    "consultations",
    "files",
    "locations",
    "legislative-terms",
)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def get_json(client: Client, url: str, params=None) -> dict:
    response = client.get(path_of(url), params or {})
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def walk_list(client: Client, url: str, params=None) -> list[dict]:
    """Every object of a list, following ``links.next``."""
    objects, page = [], get_json(client, url, params)
    while True:
        objects += page["data"]
        following = page["links"].get("next")
        if not following:
            return objects
        page = get_json(client, following)


def flatten(objects, into: dict | None = None) -> dict[str, dict]:
    """``{id: object}`` of ``objects`` and of everything they embed."""
    into = {} if into is None else into

    def visit(node):
        if isinstance(node, dict):
            if "id" in node and "type" in node:
                previous = into.setdefault(node["id"], node)
                assert previous == node, f"{node['id']} differs where it is embedded"
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(list(objects))
    return into


class IncrementalClient:
    """Keeps a copy of a body by polling its paper, meeting and organization lists; after the
    first (full) poll only with ``modified_since`` the time of the previous poll. A listed
    tombstone (``deleted: true``) removes the object from the copy."""

    def __init__(self, body_pk: int):
        self.client = Client()
        self.body_pk = body_pk
        self.held: dict[str, dict] = {}
        self.since = None
        self.tombstones_seen: list[str] = []

    def poll(self) -> int:
        """One round; returns how many objects were listed."""
        started = timezone.now()
        params = {"modified_since": self.since.isoformat()} if self.since else None
        listed = 0
        for kind in POLLED:
            for obj in walk_list(self.client, f"{API}bodies/{self.body_pk}/{kind}/", params):
                listed += 1
                if obj.get("deleted"):
                    self.tombstones_seen.append(obj["id"])
                    self.held.pop(obj["id"], None)
                else:
                    self.held[obj["id"]] = obj
        self.since = started
        return listed

    def copy(self) -> dict[str, dict]:
        return flatten(self.held.values())


def full_walk(body_pk: int) -> tuple[dict[str, dict], dict[str, dict]]:
    """A fresh walk of every list of the body: (the objects of the paper, meeting and
    organization lists with all they embed, every object of every list)."""
    client = Client()
    by_list = {kind: walk_list(client, f"{API}bodies/{body_pk}/{kind}/") for kind in LISTS}
    polled = flatten(obj for kind in POLLED for obj in by_list[kind])
    everything = {obj["id"]: obj for objects in by_list.values() for obj in objects}
    return polled, everything
