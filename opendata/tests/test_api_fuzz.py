"""The API's schema fuzzed with schemathesis for a bounded number of examples: no 5xx, no response that
breaks the schema. Runs against the WSGI application in-process (no network)."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

# Django's own WSGI handler: this app's tests do not import the site above it (harbin_portal.wsgi).
application = WSGIHandler()


@pytest.fixture
def api_schema(collection):
    # Loaded inside the test's database, so the filters' choices (read from the data) are in the schema.
    # Requests go straight to the WSGI application: keep the test's connection open between them, as
    # Django's test client does (otherwise PostgreSQL loses the test transaction after the first request).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


fuzz = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.django_db
@fuzz.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_every_generated_request_within_its_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
