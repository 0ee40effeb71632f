import pytest


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_root_redirects_by_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"


def test_root_redirects_to_english_otherwise(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_public_pages_answer_head_requests_for_monitors(client):
    assert client.head("/en/").status_code == 200
    assert client.head("/en/cities/").status_code == 200
    assert client.head("/en/events/").status_code == 200
    assert client.head("/en/museum/").status_code in (200, 404)
