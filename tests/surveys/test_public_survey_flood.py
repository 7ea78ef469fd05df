"""Hole 6 of issue 18, the public survey flood: the limits hold across worker processes (they count in
the database cache, or in Redis), per link and per client address; a filled honeypot, a forged, a
too fresh or an expired form token is refused with a Russian message on the form, which keeps every
answer; an ordinary answer still goes through."""

from __future__ import annotations

import contextlib
import os
import re
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import _caches
from django.test import RequestFactory
from django.urls import reverse

from surveys import guard, throttle
from surveys.models import Response
from tests.surveys.factories import form_data, make_survey


@pytest.fixture
def low(settings):
    settings.SURVEY_THROTTLE_LIMIT = 3
    settings.SURVEY_THROTTLE_ADDRESS_LIMIT = 5
    settings.SURVEY_THROTTLE_LINK_LIMIT = 4
    settings.SURVEY_THROTTLE_WINDOW = 600
    settings.SURVEY_PROXY_COUNT = 0


def _another_worker_process():
    """What a second gunicorn worker has: no memory of this one's caches."""
    _caches.clear()  # every LocMemCache store of this process
    for alias in ("default", "throttle"):
        with contextlib.suppress(AttributeError):
            del caches[alias]


def test_public_survey_flood_from_one_address_is_stopped_across_worker_processes(client, world, low):
    survey = make_survey(world)
    url = reverse("surveys:public", args=[survey.token])
    for _ in range(3):
        assert client.post(url, form_data(), REMOTE_ADDR="10.0.0.7").status_code == 302
        _another_worker_process()
    response = client.post(url, form_data(organisation="ООО «Ромашка»"), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
    assert "не более 3 за 10 минут" in response.content.decode()
    assert 'value="ООО «Ромашка»"' in response.content.decode()
    assert Response.objects.count() == 3


def test_public_survey_flood_two_cache_clients_share_one_count(db, low):
    """Two workers = two clients of the same database cache table; their slots never overlap."""
    first = DatabaseCache(django_settings.THROTTLE_CACHE_TABLE, {})
    second = DatabaseCache(django_settings.THROTTLE_CACHE_TABLE, {})
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    verdicts = [throttle.hit(request, "link", cache=c).allowed for c in (first, second) * 3]
    assert verdicts == [True, True, True, False, False, False]


@pytest.mark.redis
def test_public_survey_flood_two_redis_clients_share_one_count(settings, low):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("нужен Redis: REDIS_URL")
    from django.core.cache.backends.redis import RedisCache

    prefix = f"flood-test-{time.time_ns()}"  # keys of this run only; they expire with the window
    first, second = (RedisCache(url, {"KEY_PREFIX": prefix}) for _ in range(2))
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    verdicts = [throttle.hit(request, "link", cache=c).allowed for c in (first, second) * 3]
    assert verdicts == [True, True, True, False, False, False]


def test_public_survey_flood_per_link_from_many_addresses(client, world, low):
    survey, other = make_survey(world), make_survey(world)
    url = reverse("surveys:public", args=[survey.token])
    for n in range(4):
        assert client.post(url, form_data(), REMOTE_ADDR=f"10.1.0.{n}").status_code == 302
    response = client.post(url, form_data(), REMOTE_ADDR="10.1.0.99")
    assert response.status_code == 429
    assert "Через эту ссылку сейчас приходит слишком много ответов" in response.content.decode()
    # another survey's link is not affected
    assert (
        client.post(
            reverse("surveys:public", args=[other.token]), form_data(), REMOTE_ADDR="10.1.0.99"
        ).status_code
        == 302
    )


def test_public_survey_flood_per_address_across_links(client, world, low):
    surveys = [make_survey(world) for _ in range(3)]
    codes = [
        client.post(
            reverse("surveys:public", args=[s.token]), form_data(), REMOTE_ADDR="10.2.0.1"
        ).status_code
        for s in surveys
        for _ in range(2)
    ]
    assert codes == [302] * 5 + [429]


def _refused(response, *phrase):
    html = response.content.decode()
    assert response.status_code == 200
    for p in phrase:
        assert p in html, p
    assert 'value="ООО «Ромашка»"' in html and "долго" in html  # what was typed is kept
    assert f'name="{guard.TOKEN_FIELD}" value="' in html  # with a new token to send it again
    assert not Response.objects.exists()


def _typed(**extra):
    return form_data((4, 3, 1, 4, 4), organisation="ООО «Ромашка»", comment_duration="долго", **extra)


def test_public_survey_flood_honeypot_filled_is_refused(client, world):
    url = reverse("surveys:public", args=[make_survey(world).token])
    response = client.post(url, _typed(**{guard.HONEYPOT_FIELD: "http://spam.example"}))
    _refused(response, "заполнено поле, которого люди не видят")
    assert 'name="homepage" id="id_homepage" value=""' in response.content.decode()


@pytest.mark.parametrize(
    ("token", "phrase"),
    [
        ("", "страница анкеты повреждена или устарела"),
        ("garbage", "страница анкеты повреждена или устарела"),
        ("tampered", "страница анкеты повреждена или устарела"),
        ("expired", "была открыта слишком давно"),
        ("fresh", "через мгновение после открытия"),
    ],
)
def test_public_survey_flood_bad_form_token_is_refused(client, world, token, phrase):
    url = reverse("surveys:public", args=[make_survey(world).token])
    good = guard.issue(at=time.time() - 60)
    value = {
        "": "",
        "garbage": "abc:def:ghi",
        "tampered": re.sub(r":([^:]+):", ":zzzz:", good, count=1),  # another moment, the old signature
        "expired": guard.issue(at=time.time() - 7 * 3600),
        "fresh": guard.issue(),
    }[token]
    _refused(client.post(url, _typed(**{guard.TOKEN_FIELD: value})), phrase)


def test_public_survey_flood_a_person_reading_the_page_then_answering_is_accepted(client, world, settings):
    settings.SURVEY_FORM_MIN_SECONDS = 0  # the test does not wait two seconds like a reader
    survey = make_survey(world)
    url = reverse("surveys:public", args=[survey.token])
    page = client.get(url).content.decode()
    token = re.search(rf'name="{guard.TOKEN_FIELD}" value="([^"]+)"', page).group(1)
    data = form_data(**{guard.TOKEN_FIELD: token, guard.HONEYPOT_FIELD: ""})
    assert client.post(url, data).status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1


def test_public_survey_flood_a_broken_cache_is_no_server_error(client, world, monkeypatch):
    class Broken:
        def get(self, *a, **k):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(throttle, "caches", {"throttle": Broken()})
    url = reverse("surveys:public", args=[make_survey(world).token])
    assert client.post(url, form_data()).status_code == 302
