"""The permission guard: every address, as every role, answers as docs/roles.md says.

The table "Every address × role" in docs/roles.md lists each URL pattern of Veedel (the admin
aside, which has its own rules and tests) with an object of the demo and the answer each demo
persona gets: ``200``, a redirect (``302``), ``login`` (a redirect to the log-in page), ``403``,
``404``, ``405`` … This test loads the whole demo, requests every row as every persona and
compares. A new view that is not in the table fails here, and so does a view whose answer
changes; both mean: decide who may see it, and write it down.

POST-only addresses are requested with an empty POST inside a savepoint that is rolled back,
so a step that an allowed persona may take changes nothing for the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from veedel.tests import guard_samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

ROLES_MD = Path(settings.PACKAGE_DIR).parent / "docs" / "roles.md"
SECTION = "## Every address × role"
PERSONAS = [
    "anonymous",
    "bewohnerin",
    "koordination-kalk",
    "koordination-chorweiler",
    "traeger",
    "geschaeftsstelle",
    "ratsmitglied",
    "admin",
]
ANSWERS = {"200", "204", "302", "login", "400", "403", "404", "405", "409"}
# Namespaces that are not Veedel's own pages.
LEFT_OUT = {"admin"}


@dataclass(frozen=True)
class Row:
    name: str
    sample: str
    method: str
    answers: tuple[str, ...]
    line: int


def matrix() -> list[Row]:
    """The rows of the table in docs/roles.md, checked for form."""
    text = ROLES_MD.read_text(encoding="utf-8")
    assert SECTION in text, f"{ROLES_MD} has no section “{SECTION}”"
    start = text.index(SECTION)
    rows = []
    for number, line in enumerate(text[start:].splitlines(), text[:start].count("\n") + 1):
        if line.startswith("## ") and not line.startswith(SECTION):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("| `") or len(cells) != 4 + len(PERSONAS):
            continue
        _address, name, sample, method, *answers = cells
        name = name.strip("`")
        where = f"docs/roles.md, line {number}"
        assert method in ("GET", "POST"), f"{where}: method {method!r}"
        for answer in answers:
            assert answer in ANSWERS, f"{where}: {answer!r} is not one of {sorted(ANSWERS)}"
        assert sample in guard_samples.SAMPLES, f"{where}: no sample called {sample!r}"
        rows.append(Row(name, sample, method, tuple(answers), number))
    return rows


ROWS = matrix()


def url_names() -> set[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in LEFT_OUT:
                    continue
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def test_every_address_has_a_row_and_every_row_an_address():
    names = url_names()
    listed = {row.name for row in ROWS}
    assert sorted(names - listed) == [], "addresses missing from docs/roles.md"
    assert sorted(listed - names) == [], "rows in docs/roles.md without an address"


def answer_of(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        login = reverse("accounts:login")
        return "login" if location.startswith(login) or "/admin/login/" in location else "302"
    return str(response.status_code)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.name}[{row.sample}]")
def test_every_role_gets_the_answer_the_matrix_gives(client, personas, row):
    url = guard_samples.SAMPLES[row.sample](row.name)
    got = []
    for username in PERSONAS:
        client.logout()
        if username != "anonymous":
            client.force_login(personas[username])
        with transaction.atomic():
            if row.method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, {})
            got.append(answer_of(response))
            transaction.set_rollback(True)
    expected = dict(zip(PERSONAS, row.answers, strict=True))
    assert dict(zip(PERSONAS, got, strict=True)) == expected, (
        f"{row.method} {url} (docs/roles.md, line {row.line})"
    )
