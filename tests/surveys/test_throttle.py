"""Flooding the public link is throttled per client address, in the cache, and the message says the
limit; the answers typed stay on the page."""

import pytest
from django.urls import reverse

from surveys.models import Response
from tests.surveys.factories import form_data, make_survey


@pytest.fixture
def low_limit(settings):
    settings.SURVEY_THROTTLE_LIMIT = 3
    settings.SURVEY_THROTTLE_WINDOW = 600
    settings.SURVEY_PROXY_COUNT = 0


def test_flooding_one_address_is_stopped_with_the_limit_named(client, world, low_limit):
    survey = make_survey(world)
    url = reverse("surveys:public", args=[survey.token])
    for _ in range(3):
        assert client.post(url, form_data(), REMOTE_ADDR="10.0.0.7").status_code == 302
    response = client.post(
        url,
        form_data((4, 3, 1, 4, 4), organisation="ООО «Ромашка»", comment_duration="долго"),
        REMOTE_ADDR="10.0.0.7",
    )
    html = response.content.decode()
    assert response.status_code == 429
    assert "не более 3 за 10 минут" in html
    assert int(response["Retry-After"]) > 0
    assert 'value="ООО «Ромашка»"' in html and "долго" in html  # nothing typed is lost
    assert Response.objects.count() == 3
    # Another address (another office) is not affected.
    assert client.post(url, form_data(), REMOTE_ADDR="10.0.0.8").status_code == 302


def test_invalid_submissions_count_too(client, world, low_limit):
    survey = make_survey(world)
    url = reverse("surveys:public", args=[survey.token])
    for _ in range(3):
        assert client.post(url, {"garbage": "x"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.post(url, form_data(), REMOTE_ADDR="10.0.0.9").status_code == 429
    assert not Response.objects.exists()


def test_a_forged_forwarded_header_does_not_escape_the_limit(client, world, low_limit):
    survey = make_survey(world)
    url = reverse("surveys:public", args=[survey.token])
    for n in range(3):
        client.post(url, form_data(), REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
    response = client.post(url, form_data(), REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="1.2.3.99")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_counts(client, world, low_limit, settings):
    settings.SURVEY_PROXY_COUNT = 1
    survey = make_survey(world)
    url = reverse("surveys:public", args=[survey.token])
    for _ in range(3):
        client.post(url, form_data(), REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="5.6.7.8")
    assert (
        client.post(url, form_data(), REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="5.6.7.8").status_code
        == 429
    )
    assert (
        client.post(url, form_data(), REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="5.6.7.9").status_code
        == 302
    )


def test_reading_the_form_is_not_limited(client, world, low_limit):
    survey = make_survey(world)
    url = reverse("surveys:public", args=[survey.token])
    for _ in range(10):
        assert client.get(url, REMOTE_ADDR="10.0.0.7").status_code == 200
