import os

import pytest
from django.db import connection

from workdays import clock
from workdays.services import clear_cache


def pytest_collection_modifyitems(config, items):
    """Tests that need a real service say so with a marker; without it they cannot prove anything,
    so they are reported as skipped with the reason. `.ci/run` provides every service."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    skip_pg = pytest.mark.skip(
        reason="нужен PostgreSQL: задайте DATABASE_URL=postgres://… (это делает .ci/run)"
    )
    skip_redis = pytest.mark.skip(reason="нужен Redis: задайте REDIS_URL=redis://… (это делает .ci/run)")
    for item in items:
        if "postgres" in item.keywords and "postgresql" not in engine:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _fresh_calendar_and_clock():
    """Each test starts with the calendar read afresh from its own database and the real date."""
    clear_cache()
    clock.set_today(None)
    yield
    clock.set_today(None)
    clear_cache()


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"
