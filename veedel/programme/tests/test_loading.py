"""The loader of a data folder (areas and programme, ``veedel load_areas``): what it loads,
that loading again changes nothing, that a broken file is refused with a message a person can
act on while the database stays as it was, and that it tells the apps that follow the areas.

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

from veedel.areas.hooks import areas_changed
from veedel.areas.manifest import MANIFEST_FILE, manifest_read
from veedel.areas.models import (
    District,
    Neighbourhood,
    Quarter,
    SocialSpace,
    StructureFigures,
)
from veedel.programme.loading import DataFileError, area_data_load
from veedel.programme.models import (
    CoordinationOffice,
    CouncilDecision,
    Goal,
    ProgrammePeriod,
    Topic,
)

DATA_DIR = Path(settings.VEEDEL_AREA_DATA_DIR)
MANIFEST = manifest_read(DATA_DIR)
DISTRICTS_FILE = MANIFEST.file("districts")
QUARTERS_FILE = MANIFEST.file("quarters")
NEIGHBOURHOODS_FILE = MANIFEST.file("neighbourhoods")
FIGURES_FILE = MANIFEST.file("figures")
SOCIAL_SPACES_FILE = MANIFEST.file("social_spaces")
PROGRAMME_FILE = MANIFEST.file("programme")

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


# --- the manifest ---------------------------------------------------------------------------


def edit_manifest(change):
    def corrupt(data_dir):
        path = data_dir / MANIFEST_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return corrupt


@pytest.mark.django_db
def test_the_manifest_names_the_files(data_copy):
    """A city's folder may call its files what it likes: the manifest names them."""
    renamed = "bezirke.geojson"
    (data_copy / DISTRICTS_FILE).rename(data_copy / renamed)
    set_property(renamed, 1, stadtbezirk="Neustadt am Rhein")(data_copy)
    edit_manifest(lambda m: m["files"].update(districts=renamed))(data_copy)

    report = area_data_load(data_dir=data_copy)

    assert report.updated == {"District": 1}
    assert District.objects.filter(name="Neustadt am Rhein").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("corrupt", "where", "reason"),
    [
        pytest.param(remove(MANIFEST_FILE), "", "file not found", id="no-manifest"),
        pytest.param(
            edit_manifest(lambda m: m["files"].pop("figures")),
            "files",
            "no file named for: figures",
            id="file-not-named",
        ),
        pytest.param(
            edit_manifest(lambda m: m["files"].update(districts="../../settings.py")),
            "files, 'districts'",
            "expected the name of a file in this folder",
            id="path-outside-the-folder",
        ),
        pytest.param(
            edit_manifest(lambda m: m.update(city="")),
            "city",
            "'city' must be a non-empty text",
            id="no-city",
        ),
        pytest.param(
            edit_manifest(lambda m: m["map"].update(centre=[6.96])),
            "map, 'centre'",
            "expected [latitude, longitude]",
            id="map-centre",
        ),
        pytest.param(
            edit_manifest(lambda m: m["expected_counts"].update(quarters="86")),
            "expected_counts",
            "expected whole numbers",
            id="count-not-a-number",
        ),
    ],
)
def test_a_broken_manifest_is_refused_and_changes_nothing(data_copy, corrupt, where, reason):
    corrupt(data_copy)
    before = db_snapshot()

    message = load_error(data_copy)

    assert message.startswith(f"{MANIFEST_FILE}, {where}" if where else MANIFEST_FILE), message
    assert reason in message, message
    assert db_snapshot() == before


# --- telling the apps that follow the areas -----------------------------------------------


@pytest.fixture
def sent():
    """What ``areas_changed`` was sent during the test (a receiver like the offers' one)."""
    calls = []
    areas_changed.connect(lambda **kwargs: calls.append(kwargs), key="test-loading")
    yield calls
    areas_changed.disconnect(key="test-loading")


@pytest.mark.django_db
def test_renaming_areas_tells_the_apps_that_follow_them(data_copy, sent):
    set_property(DISTRICTS_FILE, 1, stadtbezirk="Neustadt am Rhein")(data_copy)
    features = json.loads((data_copy / QUARTERS_FILE).read_text(encoding="utf-8"))["features"]
    quarter_number = features[4]["properties"]["stadtteil_nr"]
    set_property(QUARTERS_FILE, 5, stadtteil="Neuviertel")(data_copy)

    area_data_load(data_dir=data_copy)

    district = District.objects.get(name="Neustadt am Rhein")
    quarter = Quarter.objects.get(number=quarter_number)
    assert quarter.name == "Neuviertel"
    assert sent == [
        {
            "district_ids": [district.pk],
            "quarter_ids": [quarter.pk],
            "neighbourhood_ids": [],
            "social_space_ids": [],
        }
    ]


@pytest.mark.django_db
def test_a_new_outline_of_a_social_space_tells_the_apps_too(data_copy, sent):
    """A quarter that joins a social space changes the social space's outline."""

    def add_member(rows):
        header = rows[0]
        row = next(r for r in rows[1:] if r[header.index("sozialraum")] == "Kalk")
        extra = list(row)
        extra[header.index("stadtteil_nr")] = "805"  # Ostheim, next to Kalk
        extra[header.index("stadtteil")] = "Ostheim"
        extra[header.index("stadtviertel_hinweis")] = ""
        rows.append(extra)

    edit_csv(data_copy / SOCIAL_SPACES_FILE, add_member)

    area_data_load(data_dir=data_copy)

    kalk = SocialSpace.objects.get(slug="kalk")
    assert "805" in kalk.quarters.values_list("number", flat=True)
    assert sent == [
        {
            "district_ids": [],
            "quarter_ids": [],
            "neighbourhood_ids": [],
            "social_space_ids": [kalk.pk],
        }
    ]


@pytest.mark.django_db
def test_loading_unchanged_data_tells_nobody(sent):
    area_data_load(data_dir=DATA_DIR)
    assert sent == []


@pytest.mark.django_db
def test_a_refused_load_tells_nobody(data_copy, sent):
    set_property(DISTRICTS_FILE, 1, stadtbezirk="Neustadt am Rhein")(data_copy)
    set_cell(FIGURES_FILE, 20, "einwohner", "abc")(data_copy)
    load_error(data_copy)
    assert sent == []
