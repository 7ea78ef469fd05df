import pytest

from tests.factories import World, advance, make_project


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def mapping(world):
    """A project in the stage «Карта текущего состояния» (the card signed by the mayor, п.15–16)."""
    return advance(make_project(world), world, "current_map")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
