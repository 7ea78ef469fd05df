"""Problems and proposals are numbered 1..N without gaps (Прил. 2 «1, 2, 3, n»; DOMAIN: the
national project's workbook rejects gaps): a deletion renumbers, a number that would leave a gap is
refused with a message next to the field; steps and lanes keep their order the same way."""

import pytest
from django.core.exceptions import ValidationError

from maps import rules, services
from maps.choices import DurationUnit, MapKind, StepKind, ValueClass
from maps.models import Problem, ProcessMap, Step
from tests.factories import advance, build_current_map


def _numbers(qs):
    return list(qs.order_by("number").values_list("number", "text"))


def _problems(project):
    return Problem.objects.filter(process_map__project=project, process_map__kind=MapKind.CURRENT)


def test_problems_get_the_next_number_and_insert_shifts_the_rest(world, mapping):
    for text in ("А", "Б", "В"):
        services.problem_add(project=mapping, by=world.lead, text=text)
    assert _numbers(_problems(mapping)) == [(1, "А"), (2, "Б"), (3, "В")]
    services.problem_add(project=mapping, by=world.lead, text="Вставка", number=2)
    assert _numbers(_problems(mapping)) == [(1, "А"), (2, "Вставка"), (3, "Б"), (4, "В")]


def test_deleting_a_problem_renumbers_without_gaps(world, mapping):
    made = [services.problem_add(project=mapping, by=world.lead, text=t) for t in "АБВГ"]
    services.problem_delete(problem=made[1], by=world.lead)
    assert _numbers(_problems(mapping)) == [(1, "А"), (2, "В"), (3, "Г")]


@pytest.mark.parametrize("number", [0, 3, 10])
def test_a_number_that_leaves_a_gap_is_refused(world, mapping, number):
    services.problem_add(project=mapping, by=world.lead, text="А")
    with pytest.raises(ValidationError) as refusal:
        services.problem_add(project=mapping, by=world.lead, text="Б", number=number)
    assert refusal.value.message_dict["number"] == [
        "Номера проблем идут подряд без пропусков: укажите номер от 1 до 2."
    ]
    assert _numbers(_problems(mapping)) == [(1, "А")]


def test_changing_a_number_moves_the_problem(world, mapping):
    made = [services.problem_add(project=mapping, by=world.lead, text=t) for t in "АБВ"]
    services.problem_update(problem=made[2], by=world.lead, text="В", number=1)
    assert _numbers(_problems(mapping)) == [(1, "В"), (2, "А"), (3, "Б")]
    with pytest.raises(ValidationError):
        services.problem_update(problem=made[0], by=world.lead, text="А", number=4)  # only 1..3 exist


def test_empty_problem_text_is_refused_next_to_the_field(world, mapping):
    with pytest.raises(ValidationError) as refusal:
        services.problem_add(project=mapping, by=world.lead, text="   ")
    assert "Опишите проблему" in refusal.value.message_dict["text"][0]


def test_proposals_are_numbered_and_linked_to_problems(world, mapping):
    build_current_map(mapping, by=world.lead, problems=3)
    project = advance(mapping, world, "target_map")
    services.target_map_start(project=project, by=world.lead)
    p1, p2, p3 = _problems(project).order_by("number")
    a = services.proposal_add(project=project, by=world.lead, text="СМЭВ", problems=[p1, p2])
    b = services.proposal_add(project=project, by=world.lead, text="Запись", problems=[p3], number=1)
    assert (a.__class__.objects.get(pk=a.pk).number, b.number) == (2, 1)
    assert sorted(p.number for p in a.problems.all()) == [1, 2]
    with pytest.raises(ValidationError) as refusal:
        services.proposal_add(project=project, by=world.lead, text="Без проблем", problems=[])
    assert "Отметьте проблемы" in refusal.value.message_dict["problems"][0]
    services.proposal_delete(proposal=b, by=world.lead)
    target = ProcessMap.objects.get(project=project, kind=MapKind.TARGET)
    assert list(target.proposals.values_list("number", "text")) == [(1, "СМЭВ")]


def _step(project, by, lane, name, position=None):
    return services.step_add(
        project=project,
        map_kind=MapKind.CURRENT,
        by=by,
        lane=lane,
        name=name,
        kind=StepKind.OPERATION,
        value_class=ValueClass.NECESSARY,
        duration_minutes=10,
        duration_unit=DurationUnit.MINUTES,
        position=position,
    )


def _order(project):
    return list(
        Step.objects.filter(process_map__project=project, process_map__kind=MapKind.CURRENT)
        .order_by("order")
        .values_list("order", "name")
    )


def test_steps_are_inserted_moved_and_renumbered(world, mapping):
    lane = services.lane_add(project=mapping, map_kind=MapKind.CURRENT, by=world.lead, name="Специалист")
    a = _step(mapping, world.lead, lane, "А")
    _step(mapping, world.lead, lane, "В")
    _step(mapping, world.lead, lane, "Б", position=2)
    assert _order(mapping) == [(1, "А"), (2, "Б"), (3, "В")]
    services.step_move(step=a, by=world.lead, offset=1)
    assert _order(mapping) == [(1, "Б"), (2, "А"), (3, "В")]
    services.step_move(step=Step.objects.get(name="Б"), by=world.lead, offset=-1)  # already first
    assert _order(mapping) == [(1, "Б"), (2, "А"), (3, "В")]
    services.step_delete(step=Step.objects.get(name="А"), by=world.lead)
    assert _order(mapping) == [(1, "Б"), (2, "В")]
    with pytest.raises(ValidationError) as refusal:
        _step(mapping, world.lead, lane, "Г", position=5)
    assert "от 1 до 3" in refusal.value.message_dict["position"][0]


def test_lanes_move_and_a_lane_with_steps_is_not_deleted(world, mapping):
    from projects.exceptions import ActionRefused

    a = services.lane_add(
        project=mapping, map_kind=MapKind.CURRENT, by=world.lead, name="Заявитель", is_client=True
    )
    b = services.lane_add(project=mapping, map_kind=MapKind.CURRENT, by=world.lead, name="Специалист")
    services.lane_move(lane=b, by=world.lead, offset=-1)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (b.order, a.order) == (1, 2)
    _step(mapping, world.lead, b, "Принять заявление")
    with pytest.raises(ActionRefused, match="есть шаги"):
        services.lane_delete(lane=b, by=world.lead)
    with pytest.raises(ValidationError, match="уже есть"):
        services.lane_add(project=mapping, map_kind=MapKind.CURRENT, by=world.lead, name="заявитель")
    services.lane_delete(lane=a, by=world.lead)
    b.refresh_from_db()
    assert b.order == 1


def test_a_gap_made_behind_the_services_back_blocks_the_stage(world, mapping):
    build_current_map(mapping, by=world.lead, problems=3)
    _problems(mapping).filter(number=3).update(number=5)
    assert (
        "Номера проблем должны идти подряд с 1 без пропусков, сейчас: 1, 2, 5."
        in rules.current_map_blockers(mapping)
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_keep_the_numbers_unique_and_gapless():
    """Eight people add problems at the same moment: the project row lock serialises them, so the
    numbers are 1..8 — no duplicate, no gap (PostgreSQL; SQLite cannot run writers in parallel)."""
    import threading

    from django.db import connection

    from tests.factories import World, make_project

    world = World()
    project = advance(make_project(world), world, "current_map")
    services.problem_add(project=project, by=world.lead, text="первая")
    barrier = threading.Barrier(8)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            services.problem_add(
                project=project, by=world.member, text=f"проблема {n}", number=1 if n % 2 else None
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(_problems(project).values_list("number", flat=True)) == list(range(1, 10))
