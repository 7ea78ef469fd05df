"""Who reads and who edits the maps (Положение п.16; DESIGN §1): every map URL × every role and
scope. Everybody who may see the project reads; the team (lead and members) edits the current map
during «Карта текущего состояния» and the target map during «Карта целевого состояния»; nobody
else changes anything, and who may not see the project gets a 404. A new URL without an entry here
fails the suite."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from maps import services, urls
from maps.choices import MapKind
from maps.models import Lane, ProcessMap, Step
from tests.factories import advance, build_current_map, build_target_map, make_project

VIEWERS = {"lead", "member", "coordinator", "mayor", "authority", "observer"}
TEAM = {"lead", "member"}
HIDDEN = {"outsider", "other_coordinator", "other_lead", "foreign_coordinator", "foreign_mayor"}


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def state(world):
    """A project in the stage «Карта целевого состояния»: the current map done (journalled),
    the target map started, a photo on it."""
    project = advance(make_project(world), world, "current_map")
    build_current_map(project, by=world.lead)
    project = advance(project, world, "target_map")
    build_target_map(project, by=world.lead)
    services.photo_attach(
        project=project,
        map_kind=MapKind.TARGET,
        by=world.lead,
        upload=SimpleUploadedFile("карта.png", _png(), content_type="image/png"),
    )
    target = ProcessMap.objects.get(project=project, kind="target")
    current = ProcessMap.objects.get(project=project, kind="current")
    return {
        "project": project,
        "target": target,
        "current": current,
        "entry": project.journal.get(snapshot_kind="current_map"),
        "lane": target.lanes.first(),
        "step": target.steps.first(),
        "problem": current.problems.first(),
        "proposal": target.proposals.first(),
    }


def _reads(s):
    p = s["project"].pk
    return {
        "map": [reverse("maps:map", args=[p, "current"]), reverse("maps:map", args=[p, "target"])],
        "svg": [reverse("maps:svg", args=[p, "target"])],
        "photo": [reverse("maps:photo", args=[p, "target"])],
        "version": [reverse("maps:version", args=[p, "current", s["entry"].pk])],
        "item": [reverse("maps:item", args=[p, "target", "steps", s["step"].pk])],
        "problems": [reverse("maps:problems", args=[p])],
        "problems_xlsx": [reverse("maps:problems_xlsx", args=[p])],
    }


# url name -> (path maker, POST data maker, how to tell that something changed)
def _writes(s):
    p = s["project"].pk
    return {
        "start": (
            reverse("maps:start", args=[p, "target"]),
            {},
            lambda: ProcessMap.objects.filter(project=s["project"]).count(),
        ),
        "add": (
            reverse("maps:add", args=[p, "target", "lanes"]),
            {"lane-name": "МФЦ"},
            lambda: Lane.objects.filter(process_map=s["target"]).count(),
        ),
        "item": (
            reverse("maps:item", args=[p, "target", "lanes", s["lane"].pk]),
            {f"lane-{s['lane'].pk}-name": "Переименован"},
            lambda: Lane.objects.get(pk=s["lane"].pk).name,
        ),
        "item_act": (
            reverse("maps:item_act", args=[p, "target", "steps", s["step"].pk, "delete"]),
            {},
            lambda: Step.objects.filter(pk=s["step"].pk).exists(),
        ),
        "photo": (
            reverse("maps:photo", args=[p, "target"]),
            {"delete": "1"},
            lambda: bool(ProcessMap.objects.get(pk=s["target"].pk).photo),
        ),
    }


def test_every_maps_url_is_in_the_matrix(state):
    names = {pattern.name for pattern in urls.urlpatterns}
    assert names == set(_reads(state)) | set(_writes(state))


def test_readers_read_and_others_get_404(client, world, state):
    people = world.people()
    for name, urls_ in _reads(state).items():
        for url in urls_:
            for person in VIEWERS | HIDDEN:
                client.force_login(people[person])
                response = client.get(url)
                if person in HIDDEN:
                    assert response.status_code == 404, (name, person)
                elif name == "item":
                    assert response.status_code == 302, (name, person)  # the row opens in the page
                else:
                    assert response.status_code == 200, (name, person, response.status_code)
    client.logout()
    response = client.get(reverse("maps:map", args=[state["project"].pk, "current"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["start", "add", "item", "item_act", "photo"])
def test_only_the_team_edits_the_map_of_its_stage(client, world, state, name):
    url, data, observe = _writes(state)[name]
    people = world.people()
    before = observe()
    for person in (VIEWERS - TEAM) | HIDDEN:
        client.force_login(people[person])
        response = client.post(url, data)
        assert response.status_code == (404 if person in HIDDEN else 302), (name, person)
        assert observe() == before, (name, person)
        if person not in HIDDEN:
            page = client.get(response["Location"]).content.decode()
            assert "команда проекта" in page, (name, person)
    client.force_login(people["member"])
    response = client.post(url, data)
    assert response.status_code == 302
    if name == "start":  # the target map exists already: a clear refusal, nothing doubled
        assert observe() == before
        assert "уже начата" in client.get(response["Location"]).content.decode()
    else:
        assert observe() != before, name


def test_the_current_map_is_read_only_once_its_stage_is_over(client, world, state):  # Положение п.16.1
    client.force_login(world.lead)
    current = state["current"]
    url = reverse("maps:add", args=[state["project"].pk, "current", "lanes"])
    response = client.post(url, {"lane-name": "Новый участник"}, follow=True)
    assert "разрабатывается на стадии «Карта текущего состояния»" in response.content.decode()
    assert not current.lanes.filter(name="Новый участник").exists()
    page = client.get(reverse("maps:map", args=[state["project"].pk, "current"])).content.decode()
    assert "Добавить шаг" not in page and "Изменить" not in page


def test_the_target_map_is_not_edited_before_its_stage(client, world):  # Положение п.16.2
    project = advance(make_project(world), world, "current_map")
    build_current_map(project, by=world.lead)
    client.force_login(world.lead)
    response = client.post(reverse("maps:start", args=[project.pk, "target"]), follow=True)
    assert (
        "Карта целевого состояния разрабатывается на стадии «Карта целевого состояния»"
        in response.content.decode()
    )
    assert not ProcessMap.objects.filter(project=project, kind="target").exists()


def test_unknown_map_kind_or_thing_is_404(client, world, state):
    client.force_login(world.lead)
    p = state["project"].pk
    assert client.get(f"/projects/{p}/maps/future/").status_code == 404
    assert client.post(f"/projects/{p}/maps/target/widgets/add/").status_code == 404
    other = ProcessMap.objects.get(pk=state["current"].pk).steps.first()
    # a step of the current map addressed through the target map's URL
    assert (
        client.post(reverse("maps:item_act", args=[p, "target", "steps", other.pk, "delete"])).status_code
        == 404
    )
