"""Issue 19.7: every «today», deadline and reminder date is the municipality's date (TIME_ZONE,
Asia/Tomsk = UTC+7), never the UTC date. Each test runs at fixed instants just before and just after
local midnight, which is 17:00 UTC, so the suite passes at any hour of the day."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from projects import services
from projects.choices import Stage
from tests.factories import make_project
from workdays import clock

UTC = dt.UTC
TOMSK = ZoneInfo("Asia/Tomsk")
BEFORE_MIDNIGHT = dt.datetime(2026, 12, 7, 16, 59, tzinfo=UTC)  # Monday 07.12, 23:59 in Tomsk
AFTER_MIDNIGHT = dt.datetime(2026, 12, 7, 17, 1, tzinfo=UTC)  # Tuesday 08.12, 00:01 in Tomsk


def test_municipality_time_zone_is_tomsk():
    assert settings.TIME_ZONE == "Asia/Tomsk"


@pytest.mark.parametrize(
    ("instant", "local_day"),
    [(BEFORE_MIDNIGHT, dt.date(2026, 12, 7)), (AFTER_MIDNIGHT, dt.date(2026, 12, 8))],
    ids=["23:59-local", "00:01-local"],
)
def test_today_is_the_local_date(instant, local_day):
    with time_machine.travel(instant, tick=False):
        assert clock.today() == local_day
        assert clock.now().date() == local_day
        assert clock.local_date(dt.datetime.now(tz=UTC)) == local_day


@pytest.mark.parametrize(
    ("instant", "started", "due"),
    [
        # Положение п.14: 10 working days from the day after the submission
        (BEFORE_MIDNIGHT, dt.date(2026, 12, 7), dt.date(2026, 12, 21)),
        (AFTER_MIDNIGHT, dt.date(2026, 12, 8), dt.date(2026, 12, 22)),
    ],
    ids=["submitted-23:59-local", "submitted-00:01-local"],
)
def test_card_review_clock_starts_on_the_local_date(world, instant, started, due):  # Положение п.14
    with time_machine.travel(instant, tick=False):
        project = make_project(world)
        services.card_submit(project=project, by=world.lead)
    deadline = project.deadlines.get(stage=Stage.CARD_REVIEW)
    assert deadline.started_on == started
    assert deadline.due_on == due
    entry = project.journal.get(action="submit_card")
    assert clock.local_date(entry.at) == started
