"""What one registration costs: the queries are asserted; the time is printed for the report, never asserted."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegations.models import Registration

from .factories import RegistrationWindowFactory, photo_upload
from .test_registration import form_data, register_url

pytestmark = pytest.mark.django_db


def test_one_registration_costs_a_fixed_number_of_queries(client, capsys):
    window = RegistrationWindowFactory()
    url = register_url(window)
    client.get(url)  # warm up templates and URL resolvers, as a running server would be
    timings = []
    for i in range(5):
        data = form_data(
            name_latin=f"Person {chr(97 + i)}",
            photo=photo_upload(size=(1200, 1600)),
            visa_letter_requested="on",
            consulate="Embassy of China in Seoul",
            consulate_language="en",
            passport_number="M12345678",
            passport_nationality="KR",
            passport_date_of_birth="1975-05-05",
            passport_expires_on="2034-09-01",
        )
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(url, data)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302
    # Event, window, used-token check, the two check constraints (each in a savepoint), the city match,
    # the insert in its savepoint.
    assert len(queries) <= 13, [q["sql"][:80] for q in queries.captured_queries]
    query_count = len(queries)
    small, large = [], []
    for i in range(5):
        started = time.perf_counter()
        client.post(url, form_data(name_latin=f"Other {chr(97 + i)}", photo=photo_upload(size=(300, 400))))
        small.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        client.post(url, form_data(name_latin=f"Third {chr(97 + i)}", photo=photo_upload(size=(1200, 1600))))
        large.append((time.perf_counter() - started) * 1000)
    get_started = time.perf_counter()
    with CaptureQueriesContext(connection) as page_queries:
        client.get(url)
    get_ms = (time.perf_counter() - get_started) * 1000
    assert Registration.objects.count() == 15
    with capsys.disabled():
        print(
            f"\none registration (1200x1600 JPEG photo, passport fields, mail): {query_count} queries,"
            f" {min(timings):.0f}-{max(timings):.0f} ms (median {sorted(timings)[2]:.0f} ms);"
            f" without passport: 1200x1600 photo median {sorted(large)[2]:.0f} ms,"
            f" 300x400 photo median {sorted(small)[2]:.0f} ms;"
            f" the empty form: {len(page_queries)} queries, {get_ms:.0f} ms"
        )
