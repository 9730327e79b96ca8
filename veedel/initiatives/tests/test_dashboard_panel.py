"""The panel the accounts dashboard includes: running and planned initiatives of my offices."""

import pytest
from django.template.loader import render_to_string

from veedel.initiatives.queries import dashboard_initiatives
from veedel.initiatives.tests.factories import CHORWEILER, make_initiative

pytestmark = pytest.mark.django_db


def test_each_role_sees_its_own_initiatives(personas):
    make_initiative(title="Kalker Vorhaben")
    make_initiative(office_slug=CHORWEILER, title="Chorweiler Vorhaben")
    make_initiative(title="Abgeschlossen", status="completed")

    def titles(username):
        return [i.title for i in dashboard_initiatives(personas[username])["initiatives"]]

    assert titles("koordination-kalk") == ["Kalker Vorhaben"]
    assert sorted(titles("traeger")) == ["Chorweiler Vorhaben", "Kalker Vorhaben"]
    assert len(titles("geschaeftsstelle")) == 2
    assert titles("bewohnerin") == titles("ratsmitglied") == []


def test_the_panel_renders_with_counts(personas):
    initiative = make_initiative(title="Kalker Vorhaben")
    panel = dashboard_initiatives(personas["koordination-kalk"])
    html = render_to_string("initiatives/_dashboard_panel.html", {"data": panel})
    assert initiative.get_absolute_url() in html
    assert f"0/{initiative.steps.count()}" in html
    assert "/vorhaben/neu/" in html
