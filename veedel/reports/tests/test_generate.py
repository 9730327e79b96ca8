"""Generating reports: the figures against values counted by hand, the first texts, and
generating again."""

import datetime

import pytest
from django.utils import translation

from veedel.reports.models import ReportStatus
from veedel.reports.services import ReportRefused, report_generate, report_publish
from veedel.reports.tests.factories import YEAR, activity, kalk_year

pytestmark = pytest.mark.django_db


def test_office_figures_are_those_counted_by_hand(personas):
    data = kalk_year()
    report = report_generate(office=data["office"], year=YEAR, by=personas["koordination-kalk"])
    f = report.figures
    assert f["activities"]["total"] == 3
    assert f["activities"]["hours"] == 6.5
    assert f["activities"]["participants"] == 37
    assert {r["kind"]: r["count"] for r in f["activities"]["by_kind"]} == {
        "network_meeting": 1,
        "event": 1,
        "counselling": 1,
    }
    assert {r["group"]: r["count"] for r in f["target_groups"]["rows"]} == {
        "children": 15,
        "families": 10,
        "seniors": 4,
        "migrants": 2,
        "residents": 6,
    }
    assert f["target_groups"]["total"] == 37
    first, second = f["goals"][0], f["goals"][1]
    assert [
        (t["title"], t["target_value"], t["actual"], t["achievement"]) for t in first["targets"]
    ] == [("Treffpunkte", 10.0, 8.0, 80.0)]
    assert second["targets"][0]["achievement"] == 110.0
    assert (first["achieved"], second["achieved"]) == (0, 1)
    assert (first["activities"], second["activities"]) == (2, 1)
    assert f["agreement"]["signed"] is True
    initiatives = f["initiatives"]
    assert initiatives["total"] == 2 and initiatives["not_public"] == 1
    assert [(r["title"], r["step"], r["activities"]) for r in initiatives["rows"]] == [
        ("Spielplatz Kalk", 3, 2)
    ]
    assert [t["name"] for t in f["topics"]] == [data["topic"].name]
    assert report.status == ReportStatus.DRAFT


def test_nothing_internal_or_personal_goes_into_the_figures(personas):
    data = kalk_year()
    report = report_generate(office=data["office"], year=YEAR, by=None)
    dump = str(report.figures) + str(report.texts)
    assert "Interne Runde" not in dump
    assert "Streit mit Vermieter" not in dump
    assert "Frau Beispiel" not in dump


def test_first_texts_are_written_from_the_figures(personas, settings):
    settings.LANGUAGE_CODE = "en"

    data = kalk_year()
    with translation.override("en"):
        report = report_generate(office=data["office"], year=YEAR, by=None)
    assert "3 activities" in report.texts["activities"]
    assert "6.5 hours" in report.texts["activities"]
    assert "Treffpunkte (80 %)" in report.texts["deviations"]
    assert "Spielplatz Kalk" in report.texts["outlook"]


def test_programme_figures_add_up_the_offices(personas):
    kalk_year()
    report = report_generate(year=YEAR, by=personas["geschaeftsstelle"])
    f = report.figures
    rows = {o["slug"]: o for o in f["offices"]}
    assert rows["kalk"]["activities"] == 3
    assert rows["kalk"]["participants"] == 37
    assert rows["kalk"]["average"] == 95.0  # (80 + 110) / 2
    assert f["totals"]["activities"] == 3
    assert f["totals"]["offices"] == len(f["offices"]) >= 15
    assert f["target_groups"]["total"] == 37
    goal_rows = {g["goal"]: g for g in f["goals"]}
    assert sum(g["targets"] for g in goal_rows.values()) == 2


def test_generating_again_refreshes_figures_and_keeps_edited_texts(personas):
    from veedel.reports.services import report_texts_update

    data = kalk_year()
    report = report_generate(office=data["office"], year=YEAR, by=None)
    report = report_texts_update(
        report=report, texts={"obstacles": "Baustelle am Platz."}, version=report.version, by=None
    )
    activity(
        data["public"],
        day=datetime.date(YEAR, 10, 1),
        kind="event",
        hours="1",
        groups={"children": 5},
    )
    report = report_generate(office=data["office"], year=YEAR, by=None)
    assert report.figures["activities"]["total"] == 4
    assert report.texts["obstacles"] == "Baustelle am Platz."
    assert "4" in report.texts["activities"]


def test_a_published_report_is_not_generated_again(personas):
    data = kalk_year()
    report = report_generate(year=YEAR, by=None)
    report_publish(report=report, by=personas["geschaeftsstelle"])
    with translation.override("en"), pytest.raises(ReportRefused, match="frozen"):
        report_generate(year=YEAR, by=None)
    assert data
