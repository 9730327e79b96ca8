"""The area data loader: what it loads, that loading again changes nothing, and that a broken
file is refused with a message a person can act on while the database stays as it was.

The test database already holds the Cologne data (see conftest.py); every test runs in a
transaction that is rolled back.
"""

import csv
import hashlib
import io
import json
import re
import shutil
import stat
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from shapely.geometry import shape
from shapely.ops import unary_union

from veedel.areas.loading import (
    DISTRICTS_FILE,
    FIGURES_FILE,
    NEIGHBOURHOODS_FILE,
    PROGRAMME_FILE,
    QUARTERS_FILE,
    SOCIAL_SPACES_FILE,
    DataFileError,
    area_data_load,
)
from veedel.areas.models import (
    AreaLevel,
    Coverage,
    District,
    Neighbourhood,
    Quarter,
    SocialSpace,
    StructureFigures,
)
from veedel.programme.models import (
    CoordinationOffice,
    CouncilDecision,
    Goal,
    ProgrammePeriod,
    Topic,
)

DATA_DIR = Path(settings.VEEDEL_AREA_DATA_DIR)

# A bow-tie in Cologne: its two edges cross at (6.95, 50.95).
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[6.9, 50.9], [7.0, 51.0], [7.0, 50.9], [6.9, 51.0], [6.9, 50.9]]],
}


# --- helpers ------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the bundled data folder, to be corrupted by the test."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    for path in target.iterdir():
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def area_rows(model, *parents) -> list[tuple]:
    rows = model.objects.order_by("number").values_list(
        "number", "name", "area_km2", "display_geometry", *parents, "geometry"
    )
    return [(*row[:-1], digest(row[-1])) for row in rows]


def db_snapshot() -> dict:
    """Everything a user could see of the loaded data, in comparable form. Its row counts
    cover every model, so a load that adds rows to empty tables is caught as well."""
    spaces = SocialSpace.objects.order_by("slug")
    return {
        "counts": {m._meta.label: m._base_manager.count() for m in apps.get_models()},
        "districts": area_rows(District),
        "quarters": area_rows(Quarter, "district__number"),
        "neighbourhoods": area_rows(Neighbourhood, "quarter__number"),
        "social_spaces": [
            (
                s.slug,
                s.name,
                s.valid_from,
                s.valid_until,
                s.description,
                s.boundary_note,
                digest(s.geometry),
                s.display_geometry,
            )
            for s in spaces
        ],
        "memberships": sorted(
            SocialSpace.quarters.through.objects.values_list(
                "social_space__slug", "quarter__number", "coverage", "note"
            )
        ),
        "space_neighbourhoods": sorted(
            SocialSpace.neighbourhoods.through.objects.values_list(
                "socialspace__slug", "neighbourhood__number"
            )
        ),
        "offices": sorted(
            CoordinationOffice.objects.values_list(
                "slug", "name", "provider__name", "email", "contract_from", "contract_until"
            )
        ),
        "office_spaces": sorted(
            CoordinationOffice.social_spaces.through.objects.values_list(
                "coordinationoffice__slug", "socialspace__slug"
            )
        ),
        "figures": list(StructureFigures.objects.order_by("pk").values()),
        "goals": list(Goal.objects.values_list("order", "slug", "name")),
        "topics": list(Topic.objects.values_list("order", "slug", "name")),
        "periods": list(ProgrammePeriod.objects.values_list("start", "end", "name")),
        "decisions": list(CouncilDecision.objects.values_list("date", "title")),
    }


def load_error(data_dir: Path) -> str:
    """Load ``data_dir``, expecting it to be refused; return the message."""
    with pytest.raises(DataFileError) as info:
        area_data_load(data_dir=data_dir)
    return str(info.value)


def geojson_area(geometry) -> float:
    return shape(geometry).area


# --- ways to break a copy of the data folder (each returns ``corrupt(data_dir)``) -------


def edit_features(path: Path, change) -> None:
    """Rewrite a GeoJSON file after ``change(features)`` has modified its feature list."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["features"])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def edit_csv(path: Path, change) -> None:
    """Rewrite a CSV file after ``change(rows)`` has modified its rows (``rows[0]`` is the
    header, so ``rows[n - 1]`` is on line n)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_csv_cell(rows: list[list[str]], line: int, column: str, value: str) -> None:
    rows[line - 1][rows[0].index(column)] = value


def edit_programme(change):
    def corrupt(data_dir):
        path = data_dir / PROGRAMME_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return corrupt


def truncate(file):
    def corrupt(data_dir):
        path = data_dir / file
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: len(text) // 2], encoding="utf-8")

    return corrupt


def set_property(file, index, **properties):
    """Set properties of feature ``index`` (counted from 1, as in the messages)."""

    def corrupt(data_dir):
        edit_features(data_dir / file, lambda f: f[index - 1]["properties"].update(properties))

    return corrupt


def drop_property(file, index, prop):
    def corrupt(data_dir):
        edit_features(data_dir / file, lambda f: f[index - 1]["properties"].pop(prop))

    return corrupt


def set_geometry(file, index, geometry):
    def corrupt(data_dir):
        edit_features(data_dir / file, lambda f: f[index - 1].update(geometry=geometry))

    return corrupt


def drop_feature(file, index):
    def corrupt(data_dir):
        edit_features(data_dir / file, lambda f: f.pop(index - 1))

    return corrupt


def set_cell(file, line, column, value):
    def corrupt(data_dir):
        edit_csv(data_dir / file, lambda rows: set_csv_cell(rows, line, column, value))

    return corrupt


def drop_column(file, column):
    def corrupt(data_dir):
        def change(rows):
            index = rows[0].index(column)
            for row in rows:
                del row[index]

        edit_csv(data_dir / file, change)

    return corrupt


def remove(file):
    def corrupt(data_dir):
        (data_dir / file).unlink()

    return corrupt


# --- what the bundled data gives ----------------------------------------------------------


@pytest.mark.django_db
def test_area_counts():
    assert District.objects.count() == 9
    assert Quarter.objects.count() == 86
    assert Neighbourhood.objects.count() == 371
    assert SocialSpace.objects.in_year(2012).count() == 11
    assert SocialSpace.objects.current().count() == 15


@pytest.mark.django_db
def test_programme_goals_topics_and_offices():
    programme = json.loads((DATA_DIR / PROGRAMME_FILE).read_text(encoding="utf-8"))
    goal_names = [g["name"] for g in programme["goals"]]
    assert len(goal_names) == 5
    assert list(Goal.objects.values_list("name", flat=True)) == goal_names
    assert Topic.objects.count() == 10

    offices = CoordinationOffice.objects.current()
    assert offices.count() == 15
    served = set(SocialSpace.objects.current().filter(offices__in=offices))
    assert served == set(SocialSpace.objects.current())


@pytest.mark.django_db
def test_structure_figures_for_every_quarter_and_the_city():
    quarters_2012 = StructureFigures.objects.filter(level=AreaLevel.QUARTER, year=2012)
    assert set(quarters_2012.values_list("area_number", flat=True)) == set(
        Quarter.objects.values_list("number", flat=True)
    )
    assert quarters_2012.count() == 86
    city = StructureFigures.objects.get(level=AreaLevel.CITY, year=2012)
    assert city.population == 1_044_555


@pytest.mark.django_db
def test_every_social_space_has_an_outline_for_the_map():
    for space in SocialSpace.objects.all():
        assert not shape(space.geometry).is_empty, space.slug
        display = shape(json.loads(space.display_geometry))
        assert display.geom_type in {"Polygon", "MultiPolygon"}, space.slug
        assert not display.is_empty, space.slug


@pytest.mark.django_db
def test_partial_member_covers_only_its_neighbourhoods():
    space = SocialSpace.objects.get(name="Mülheim-Nord/Keupstraße", valid_until__isnull=False)
    membership = space.memberships.get(quarter__number="901")
    assert membership.coverage == Coverage.PARTIAL
    named = ["90104", "90105"]
    assert sorted(space.neighbourhoods.values_list("number", flat=True)) == named

    quarter_area = geojson_area(Quarter.objects.get(number="901").geometry)
    space_area = geojson_area(space.geometry)
    assert space_area < 0.9 * quarter_area
    parts = unary_union([shape(n.geometry) for n in Neighbourhood.objects.filter(number__in=named)])
    assert space_area == pytest.approx(parts.area, rel=0.01)


# --- loading again ------------------------------------------------------------------------


@pytest.mark.django_db
def test_loading_the_same_data_again_changes_nothing():
    before = db_snapshot()
    report = area_data_load(data_dir=DATA_DIR)
    assert report.changed is False
    for line in report.lines():
        assert re.fullmatch(r"\w+: 0 new, 0 changed, \d+ unchanged", line), line
    assert db_snapshot() == before


@pytest.mark.django_db
def test_loading_a_changed_file_updates_that_record(data_copy):
    set_property(DISTRICTS_FILE, 1, stadtbezirk="Neustadt am Rhein")(data_copy)
    features = json.loads((data_copy / DISTRICTS_FILE).read_text(encoding="utf-8"))["features"]
    number = features[0]["properties"]["stadtbezirk_nr"]
    before = db_snapshot()

    report = area_data_load(data_dir=data_copy)

    assert report.changed is True
    assert report.updated == {"District": 1}
    assert District.objects.get(number=number).name == "Neustadt am Rhein"
    after = db_snapshot()
    assert {part for part in before if before[part] != after[part]} == {"districts"}


# --- broken files -------------------------------------------------------------------------


BAD_FILES = [
    # corruption; the file, location (None: the whole file) and reason the message must name
    pytest.param(
        truncate(NEIGHBOURHOODS_FILE), NEIGHBOURHOODS_FILE, "line 1, column ",
        "not valid JSON", id="truncated-geojson",
    ),
    pytest.param(
        set_property(QUARTERS_FILE, 5, stadtbezirk_nr="10"), QUARTERS_FILE,
        "feature 5 (stadtteil_nr 501)", "stadtbezirk_nr 10 is not a district",
        id="quarter-in-unknown-district",
    ),
    pytest.param(
        drop_property(NEIGHBOURHOODS_FILE, 7, "stadtviertel"), NEIGHBOURHOODS_FILE,
        "feature 7 (stadtviertel_nr ", "property 'stadtviertel' is missing or empty",
        id="neighbourhood-without-name",
    ),
    pytest.param(
        set_geometry(DISTRICTS_FILE, 3, {"type": "Point", "coordinates": [6.95, 50.94]}),
        DISTRICTS_FILE, "feature 3 (stadtbezirk_nr ",
        "geometry must be a Polygon or MultiPolygon, not Point", id="point-geometry",
    ),
    pytest.param(
        set_geometry(NEIGHBOURHOODS_FILE, 12, BOW_TIE), NEIGHBOURHOODS_FILE,
        "feature 12 (stadtviertel_nr ", "geometry is not a valid area (Self-intersection",
        id="self-intersecting-polygon",
    ),
    pytest.param(
        drop_feature(NEIGHBOURHOODS_FILE, 100), NEIGHBOURHOODS_FILE, None,
        "expected 371 features, found 370: file incomplete?", id="neighbourhood-missing",
    ),
    pytest.param(
        set_cell(FIGURES_FILE, 20, "einwohner", "abc"), FIGURES_FILE,
        "line 20, column 'einwohner'", "'abc' is not a whole number", id="figures-not-a-number",
    ),
    pytest.param(
        drop_column(FIGURES_FILE, "ab_65"), FIGURES_FILE, "line 1",
        "missing column(s): ab_65", id="figures-column-missing",
    ),
    pytest.param(
        set_cell(SOCIAL_SPACES_FILE, 5, "stadtteil_nr", "999"), SOCIAL_SPACES_FILE,
        "line 5, column 'stadtteil_nr'", "'999' is not a known quarter",
        id="social-space-unknown-quarter",
    ),
    pytest.param(
        set_cell(SOCIAL_SPACES_FILE, 30, "programmstand", "seit 2030"), SOCIAL_SPACES_FILE,
        "line 30, column 'programmstand'",
        f"'seit 2030' is not an area set named in {PROGRAMME_FILE}",
        id="social-space-unknown-area-set",
    ),
    pytest.param(
        remove(QUARTERS_FILE), QUARTERS_FILE, None, "file not found", id="file-missing",
    ),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("corrupt", "file", "where", "reason"), BAD_FILES)
def test_broken_file_is_refused_and_changes_nothing(data_copy, corrupt, file, where, reason):
    corrupt(data_copy)
    before = db_snapshot()

    message = load_error(data_copy)

    assert message.startswith(f"{file}, {where}" if where else f"{file}: "), message
    assert reason in message, message
    assert db_snapshot() == before


@pytest.mark.django_db
def test_a_bad_programme_date_leaves_the_renamed_district_alone(data_copy):
    """A district renamed in the same load as a bad council decision date stays unrenamed."""
    set_property(DISTRICTS_FILE, 1, stadtbezirk="Neustadt am Rhein")(data_copy)
    edit_programme(lambda p: p["decisions"][1].update(date="20.12.2011"))(data_copy)
    before = db_snapshot()

    message = load_error(data_copy)

    assert message.startswith(f"{PROGRAMME_FILE}, decisions[2], 'date': "), message
    assert "'20.12.2011' is not a date (YYYY-MM-DD)" in message
    assert not District.objects.filter(name="Neustadt am Rhein").exists()
    assert db_snapshot() == before


# Mistakes in programme.json are found before anything is written and reported with their place.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param(edit_programme(lambda p: p["goals"][0].pop("slug")), id="goal-slug"),
        pytest.param(
            edit_programme(lambda p: p["area_sets"][0].update(valid_until="2000-01-01")),
            id="area-set-ends-before-start",
        ),
        pytest.param(
            edit_programme(lambda p: p["periods"][0].update(end="2000-01-01")),
            id="period-ends-before-start",
        ),
        pytest.param(
            edit_programme(lambda p: p["offices"][0].pop("contract_from")),
            id="office-without-contract-start",
        ),
    ],
)
def test_broken_programme_file_is_refused_with_a_message(data_copy, corrupt):
    corrupt(data_copy)
    before = db_snapshot()

    message = load_error(data_copy)

    assert message.startswith(f"{PROGRAMME_FILE}, "), message
    assert db_snapshot() == before


# --- the management command ---------------------------------------------------------------


@pytest.mark.django_db
def test_command_refuses_a_broken_folder(data_copy):
    set_cell(FIGURES_FILE, 20, "einwohner", "abc")(data_copy)
    before = db_snapshot()
    with pytest.raises(CommandError) as info:
        call_command("load_areas", data_dir=data_copy, stdout=io.StringIO())
    message = str(info.value)
    assert message.startswith("Nothing was loaded."), message
    assert f"{FIGURES_FILE}, line 20" in message
    assert db_snapshot() == before


@pytest.mark.django_db
def test_command_reports_unchanged_data():
    out = io.StringIO()
    call_command("load_areas", data_dir=DATA_DIR, stdout=out)
    assert "Area data unchanged." in out.getvalue()
    assert "Area data loaded." not in out.getvalue()
