"""The areas' part of the loader: what the bundled data gives, and reading and writing the area
files on their own (the whole load of a folder, with the programme, is tested in
``veedel/programme/tests/test_loading.py``).

The test database already holds the bundled data (see conftest.py); every test runs in a
transaction that is rolled back.
"""

import json
import shutil
import stat
from pathlib import Path

import pytest
from django.conf import settings
from shapely.geometry import shape
from shapely.ops import unary_union

from veedel.areas.hooks import areas_changed
from veedel.areas.loading import (
    DataFileError,
    LoadReport,
    _read_json,
    area_data_read,
    area_data_write,
)
from veedel.areas.manifest import manifest_read
from veedel.areas.models import (
    AreaLevel,
    Coverage,
    District,
    Neighbourhood,
    Quarter,
    SocialSpace,
    StructureFigures,
)

DATA_DIR = Path(settings.VEEDEL_AREA_DATA_DIR)
MANIFEST = manifest_read(DATA_DIR)
AREA_SETS = _read_json(DATA_DIR / MANIFEST.file("programme"))["area_sets"]


def read(data_dir: Path = DATA_DIR):
    return area_data_read(
        data_dir=data_dir,
        manifest=manifest_read(data_dir),
        area_sets=AREA_SETS,
        area_sets_file="programme.json",
    )


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    for path in target.iterdir():
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


def geojson_area(geometry) -> float:
    return shape(geometry).area


# --- what the bundled data gives ----------------------------------------------------------


@pytest.mark.django_db
def test_area_counts():
    assert District.objects.count() == 9
    assert Quarter.objects.count() == 86
    assert Neighbourhood.objects.count() == 371
    assert SocialSpace.objects.in_year(2012).count() == 11
    assert SocialSpace.objects.current().count() == 15


@pytest.mark.django_db
def test_structure_figures_for_every_quarter_and_the_city():
    quarters_2012 = StructureFigures.objects.filter(level=AreaLevel.QUARTER, year=2012)
    assert set(quarters_2012.values_list("area_number", flat=True)) == set(
        Quarter.objects.values_list("number", flat=True)
    )
    assert quarters_2012.count() == 86
    city = StructureFigures.objects.get(level=AreaLevel.CITY, year=2012)
    assert city.population == 1_044_555
    # The figures credit the source the manifest names.
    assert city.source == MANIFEST.figures_source
    assert set(StructureFigures.objects.values_list("source", flat=True)) == {city.source}


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


# --- reading and writing the areas on their own -------------------------------------------


def test_reading_checks_the_files_without_a_database():
    """Reading needs no database: everything is checked before the load writes."""
    data = read()
    assert (len(data.districts), len(data.quarters), len(data.neighbourhoods)) == (9, 86, 371)
    assert len(data.space_slugs) == 26  # 11 areas of 2006–2019, 15 since 2020


def test_a_neighbourhood_named_for_the_wrong_quarter_is_refused(data_copy):
    """The neighbourhoods of a part-member must lie in that quarter, as the neighbourhoods'
    own file says (not as their numbers suggest)."""
    path = data_copy / MANIFEST.file("social_spaces")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("60301 Seeberg-Nord", "90105 Mülheim-Nord", 1), encoding="utf-8")

    with pytest.raises(DataFileError) as info:
        read(data_copy)

    message = str(info.value)
    assert message.startswith(MANIFEST.file("social_spaces") + ", line "), message
    assert "neighbourhood 90105 does not lie in quarter 603" in message


@pytest.mark.django_db
def test_writing_the_same_areas_again_changes_nothing_and_tells_nobody():
    calls = []
    areas_changed.connect(lambda **kwargs: calls.append(kwargs), key="test-areas-loading")
    try:
        report = LoadReport()
        programme = SocialSpace.objects.select_related("programme").first().programme
        spaces = area_data_write(read(), programme=programme, report=report)
    finally:
        areas_changed.disconnect(key="test-areas-loading")
    assert report.changed is False
    assert set(spaces) == set(SocialSpace.objects.values_list("slug", flat=True))
    assert calls == []
