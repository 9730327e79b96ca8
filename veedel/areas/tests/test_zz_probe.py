import json

import pytest

from veedel.areas.loading import PROGRAMME_FILE, DataFileError, area_data_load
from veedel.areas.tests.test_loading import data_copy, db_snapshot  # noqa


def edit(d, f):
    p = d / PROGRAMME_FILE
    data = json.loads(p.read_text())
    f(data)
    p.write_text(json.dumps(data, ensure_ascii=False))


CASES = {
    "goal-no-slug": lambda d: d["goals"][0].pop("slug"),
    "area-set-no-valid-from": lambda d: d["area_sets"][0].pop("valid_from"),
    "area-set-until-before-from": lambda d: d["area_sets"][0].update(valid_until="2000-01-01"),
    "period-end-before-start": lambda d: d["periods"][0].update(end="2000-01-01"),
    "office-until-before-from": lambda d: d["offices"][0].update(contract_until="2000-01-01"),
    "office-no-contract-from": lambda d: d["offices"][0].pop("contract_from"),
    "provider-no-name": lambda d: d["providers"][0].pop("name"),
    "topics-not-list": lambda d: d.update(topics="x"),
    "bad-email": lambda d: d["offices"][0].update(email="not an email"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_probe(data_copy, case):
    edit(data_copy, CASES[case])
    before = db_snapshot()
    try:
        area_data_load(data_dir=data_copy)
        print(case, "LOADED WITHOUT ERROR")
    except DataFileError as e:
        print(case, "DataFileError:", e)
    except Exception as e:
        print(case, "OTHER:", type(e).__name__, e)
    assert db_snapshot() == before
