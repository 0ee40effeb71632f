"""The API's schema fuzzed with schemathesis for a bounded number of examples: no 5xx, no response that
breaks the schema. Runs against the WSGI application in-process (no network)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from harbin_portal.wsgi import application


@pytest.fixture
def api_schema(collection):
    # Loaded inside the test's database, so the filters' choices (read from the data) are in the schema.
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


fuzz = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.django_db
@fuzz.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_every_generated_request_within_its_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
