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


@pytest.fixture(autouse=True, scope="session")
def _one_redis_database_per_xdist_worker(worker_id):
    """Parallel test processes must not consume each other's Celery messages: each xdist worker
    talks to its own Redis database."""
    url = os.environ.get("REDIS_URL")
    if not url or worker_id == "master":
        yield
        return
    from leanproj.celery import app

    index = 10 + int(worker_id.removeprefix("gw"))
    own = url.rsplit("/", 1)[0] + f"/{index}" if url.count("/") >= 3 else f"{url}/{index}"
    app.conf.broker_url = own
    app.conf.result_backend = own
    yield


def reseed_shipped_data() -> None:
    """What the migrations ship (the production calendar 2025–2027, the eight kinds of waste):
    transactional tests empty every table afterwards, so the next one puts it back."""
    import importlib

    from maps.models import WasteType
    from workdays.data import SHIPPED_YEARS
    from workdays.models import CalendarYear
    from workdays.services import calendar_year_seed

    for year in SHIPPED_YEARS:
        if not CalendarYear.objects.filter(year=year).exists():
            calendar_year_seed(year=year)
    waste = importlib.import_module("maps.migrations.0002_waste_types")
    for number, name, hint in waste.WASTE_TYPES:
        WasteType.objects.get_or_create(number=number, defaults={"name": name, "hint": hint})


@pytest.fixture(autouse=True)
def _shipped_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        reseed_shipped_data()
        clear_cache()
    yield


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"
