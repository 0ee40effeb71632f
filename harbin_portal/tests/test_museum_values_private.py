"""Values, loan insurance and condition notes never leave the staff side: not in the open datasets, the API,
OAI-PMH, IIIF or the public pages (issue 16). Here, at the site level, since these surfaces sit above museum."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from museum.models import LoanStatus
from museum.tests.factories import (
    ConditionCheckFactory,
    ExhibitFactory,
    LoanFactory,
    LoanObjectFactory,
    ValuationFactory,
)

pytestmark = pytest.mark.django_db

SECRETS = ("987654", "4040404", "modern glue")


@pytest.fixture
def valued_exhibit_on_loan():
    vase = ExhibitFactory(accession_number="HISCM.2009.60")
    ValuationFactory(exhibit=vase, value=Decimal("987654.00"))
    ConditionCheckFactory(exhibit=vase, notes="Repaired with modern glue")
    loan = LoanFactory(
        status=LoanStatus.AGREED,
        agreed_on=datetime.date(2026, 2, 1),
        end_on=datetime.date(2026, 9, 1),
        insurance_value=Decimal("4040404.00"),
    )
    LoanObjectFactory(loan=loan, exhibit=vase)
    return vase


def public_surfaces(vase):
    yield vase.get_absolute_url()
    yield reverse("museum:exhibits")
    yield "/api/v1/exhibits/"
    yield f"/api/v1/exhibits/{vase.accession_number}/"
    for fmt in ("csv", "json"):
        yield reverse("opendata:download", args=["exhibits", fmt])
    yield "/oai/?verb=ListRecords&metadataPrefix=oai_dc"
    yield "/oai/?verb=ListRecords&metadataPrefix=lido"
    yield f"/iiif/exhibits/{vase.accession_number}/manifest.json"


def test_values_insurance_and_condition_notes_are_on_no_public_surface(client, valued_exhibit_on_loan):
    for url in public_surfaces(valued_exhibit_on_loan):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        for secret in SECRETS:
            assert secret not in text, f"{secret} leaked on {url}"
