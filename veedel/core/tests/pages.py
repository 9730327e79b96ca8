"""What the tests of every app check on a page: the content security policy and HTML that
keeps to it (``check_page``), the rows of a table (``table_rows``), German as the catalogue has
it (``german``). Knows no app."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "de" / "LC_MESSAGES" / "django.po"


class PageAudit(HTMLParser):
    """Collects what the content security policy would block, and the forms that post."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.forms = []  # [method, has_csrf_token, action]
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: event handler attribute")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>: style attribute")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>: javascript: URL")
        if tag == "script" and not names.get("src"):
            # JSON data (json_script) is not executed; anything else inline would be.
            if names.get("type") != "application/json":
                self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "form":
            self.forms.append(
                [(names.get("method") or "get").lower(), False, names.get("action") or ""]
            )
        if (
            tag == "input"
            and names.get("name") == "csrfmiddlewaretoken"
            and self.forms
            and names.get("value")
        ):
            self.forms[-1][1] = True


def audit(html):
    parser = PageAudit()
    parser.feed(html)
    return parser


def directives(header):
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0].lower()] = words[1:]
    return result


def check_page(response):
    assert response.status_code in (200, 404), response.status_code
    header = response.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    policy = directives(header)
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts, f"no script-src or default-src in {header!r}"
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert "*" not in scripts
    assert policy.get("object-src") == ["'none'"]
    assert "'unsafe-inline'" not in policy.get("style-src", policy.get("default-src", []))
    assert policy.get("frame-ancestors") == ["'none'"]

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"

    page = audit(response.content.decode())
    assert page.problems == []
    # The language switch needs none: it only sets the language cookie, and it stands on pages
    # kept in the page cache for every visitor (veedel/urls.py, veedel.core.pagecache).
    language_switch = reverse("set_language")
    for method, has_token, action in page.forms:
        if method == "post" and action != language_switch:
            assert has_token, f"a form posts to {action or 'itself'} without a CSRF token"
    return page


class TableRows(HTMLParser):
    """Counts the rows in the body of the table with a given id, and collects their text."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id = table_id
        self.depth = 0  # nesting of <table> inside the wanted one; 0 = outside
        self.in_body = False
        self.rows = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            if self.depth:
                self.depth += 1
            elif dict(attrs).get("id") == self.table_id:
                self.depth = 1
        elif self.depth == 1 and tag == "tbody":
            self.in_body = True
        elif self.depth == 1 and self.in_body and tag == "tr":
            self.rows.append("")

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif tag == "tbody" and self.depth == 1:
            self.in_body = False

    def handle_data(self, data):
        if self.depth == 1 and self.in_body and self.rows:
            self.rows[-1] += data


def table_rows(html, table_id):
    parser = TableRows(table_id)
    parser.feed(html)
    return [" ".join(row.split()) for row in parser.rows]


def german(msgid):
    """The German text of ``msgid`` as the .po file has it, or the English source while the
    string is untranslated (or marked fuzzy, which compilemessages leaves out)."""
    text = PO_FILE.read_text(encoding="utf-8") if PO_FILE.exists() else ""
    match = re.search(
        r'^((?:#[^\n]*\n)*)msgid "' + re.escape(msgid) + r'"\nmsgstr "(.*)"$', text, re.M
    )
    if not match or not match.group(2) or "fuzzy" in match.group(1):
        return msgid
    return match.group(2)
