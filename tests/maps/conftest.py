import pytest

from tests.factories import World, advance, ensure_kickoff, make_project, settle_survey


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def mapping(world):
    """A project in the stage «Карта текущего состояния» (the card signed by the mayor, п.15–16),
    the initiation done: the kick-off held and the survey «до» settled (Положение п.10.1), so that
    only the maps' own conditions are left to the tests of this app."""
    project = advance(make_project(world), world, "current_map")
    ensure_kickoff(project)
    settle_survey(project, "initiation")
    return project


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
