import pytest
from django.core.cache import cache

from tests.factories import World


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The submission limit counts in the cache; every test starts with none counted."""
    cache.clear()
    yield
    cache.clear()
