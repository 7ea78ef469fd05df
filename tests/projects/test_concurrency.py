"""N simultaneous approvals of one card on PostgreSQL: exactly one transition, one journal row
(DESIGN §2: transitions are atomic and cannot run twice concurrently)."""

import threading

import pytest
from django.db import connection

from projects import services
from projects.exceptions import ActionRefused
from projects.models import JournalEntry, Project
from tests.factories import World, assess_card, make_project

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n, fn):
    barrier = threading.Barrier(n)
    results = []

    def worker():
        try:
            barrier.wait()
            fn()
            results.append("ok")
        except ActionRefused as exc:
            results.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_twenty_concurrent_approvals_make_one_transition():
    world = World()
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    assess_card(project)

    results = _race(
        20, lambda: services.card_approve(project=Project.objects.get(pk=project.pk), by=world.coordinator)
    )

    assert results.count("ok") == 1
    assert all("уже выполнил" in r for r in results if r != "ok")
    assert JournalEntry.objects.filter(project=project, action="approve_card").count() == 1
    project.refresh_from_db()
    assert project.status == "card_signing"
    assert project.deadlines.filter(stage="card_signing").count() == 1


def test_concurrent_return_and_approve_one_wins():
    world = World()
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    assess_card(project)
    acts = iter(["approve_card", "return_card"] * 5)
    lock = threading.Lock()

    def act():
        with lock:
            name = next(acts)
        services.transition_perform(
            project=Project.objects.get(pk=project.pk), by=world.coordinator, action=name, comment="гонка"
        )

    results = _race(10, act)
    assert results.count("ok") == 1
    assert (
        JournalEntry.objects.filter(project=project, action__in=["approve_card", "return_card"]).count() == 1
    )


def test_twenty_concurrent_moves_of_one_kanban_card():
    from projects import planning
    from projects.models import Activity
    from tests.projects.test_plan import implementing

    world = World()
    project, revision = implementing(world)
    card = revision.activities.get(number=1)
    movers = iter([world.lead, card.responsible] * 10)
    lock = threading.Lock()

    def move():
        with lock:
            user = next(movers)
        planning.activity_move(
            activity=Activity.objects.get(pk=card.pk), by=user, to="doing", expected_version=0
        )

    results = _race(20, move)
    assert results.count("ok") == 1
    assert all("переместил" in r for r in results if r != "ok")
    card.refresh_from_db()
    assert card.version == 1 and card.status == "doing"
