"""The HSDS API and its OpenAPI document agree: schemathesis generates requests from the
document (valid ones, invalid ones, other methods) and finds no difference between what the
document promises and what the API answers.

It runs in-process through the WSGI application, against a small directory of offers, with a
bounded number of examples. The response schemas the document refers to (``schema/…``) are
resolved in the repository's copies, as a client resolves them against the document's address
(where the API serves the same files), so nothing is fetched from the internet.

One check is adapted, not switched off: a request that is valid by the document may still be
refused with 400 for reasons no schema of a single value can say, which the document states
in the parameter's description (a page past the end, an id of nothing, lat without lon). Such
an answer passes only when it names one of those parameters (``query.DATA_DEPENDENT``) and the
document's description of that parameter says it answers 400.
"""

from __future__ import annotations

import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events
from schemathesis.engine import from_schema as engine_for
from schemathesis.specs.openapi.checks import positive_data_acceptance

from veedel.offers.api import query
from veedel.offers.openapi import PARAMETERS, SCHEMA_DIR
from veedel.offers.tests.factories import POINTS, make_actor, make_offer

CONFIG = {
    "generation": {"max-examples": 10, "mode": "all", "deterministic": True},
    "phases": {"stateful": {"enabled": False}},
    "checks": {"positive_data_acceptance": {"enabled": False}},
    "suppress-health-check": ["all"],
    "workers": 1,
}
DATA_DEPENDENT_DESCRIBED = {
    name for name in query.DATA_DEPENDENT if "answers 400" in PARAMETERS[name]["description"]
}


@schemathesis.check
def refusals_are_documented(ctx, response, case):
    """Valid data is accepted, or refused for a reason the document names (see above)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return positive_data_acceptance(ctx, response, case)
    if response.json().get("parameter") in DATA_DEPENDENT_DESCRIBED:
        return None
    return positive_data_acceptance(ctx, response, case)


def test_every_parameter_that_may_be_refused_for_data_says_so():
    assert DATA_DEPENDENT_DESCRIBED == query.DATA_DEPENDENT


def _differences(schema) -> list[str]:
    found = []
    for event in engine_for(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.status != Status.SUCCESS:
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        found.append(
                            f"{event.recorder.label} [{check.name}] {failure.title}: "
                            f"{failure.message}\n{check.failure_info.code_sample}"
                        )
            if event.status == Status.ERROR:
                found.append(f"{event.recorder.label}: error")
        elif isinstance(event, events.NonFatalError | events.FatalError):
            found.append(f"{getattr(event, 'label', '')}: {getattr(event, 'info', event)!r}")
    return found


def test_the_api_answers_as_its_openapi_document_says(transactional_db, settings):
    # The engine sends its requests from a thread of its own: the data must be committed
    # (transactional_db; conftest.py puts the base data back afterwards).
    settings.ALLOWED_HOSTS = ["*"]
    club = make_actor(name="Kulturverein Kalk")
    make_offer(
        name="Sprachcafé Kalk",
        organization=club,
        topics=["bildung"],
        target_groups=["familien"],
        languages=["de", "tr"],
        minimum_age=6,
        point=POINTS["kalk"],
        phones=["0221 98765"],
    )
    make_offer(name="Hausaufgabenhilfe", topics=["bildung"], point=POINTS["muelheim"])
    make_offer(name="Entwurf", is_published=False)
    schema = schemathesis.openapi.from_wsgi(
        "/api/hsds/openapi.json",
        get_wsgi_application(),
        config=SchemathesisConfig.from_dict(CONFIG),
    )
    # The document came from /api/hsds/openapi.json; its references (schema/…) are resolved in
    # the folder whose files the API serves under /api/hsds/schema/.
    schema.location = (SCHEMA_DIR.parent / "openapi.json").as_uri()
    differences = _differences(schema)
    assert differences == [], "\n\n".join(differences[:8])
