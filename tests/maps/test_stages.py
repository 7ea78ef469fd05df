"""The map stages end when the maps are done (Положение п.16; issue 4 «Stage conditions»), the
journal keeps the approved maps, and the whole path works through the pages as a new team would
walk it (issue 4 «Done when»)."""

import pytest
from django.urls import reverse

from maps import services
from maps.choices import MapKind
from maps.models import Lane, Problem, ProcessMap, Proposal, Step
from projects import services as project_services
from projects.exceptions import ActionRefused
from tests.factories import advance, build_current_map


def test_current_map_needs_steps_with_durations_and_problems(world, mapping):  # Положение п.16.1
    with pytest.raises(ActionRefused) as refusal:
        project_services.transition_perform(project=mapping, by=world.lead, action="complete_current_map")
    assert "Карта текущего состояния не начата" in " ".join(refusal.value.details)
    build_current_map(mapping, by=world.lead, steps=2, problems=0)
    with pytest.raises(ActionRefused) as refusal:
        project_services.transition_perform(project=mapping, by=world.lead, action="complete_current_map")
    assert refusal.value.details == [
        "На карте текущего состояния не выявлено ни одной проблемы: опишите и пронумеруйте проблемы процесса (п.9.9в)."
    ]
    services.problem_add(project=mapping, by=world.lead, text="Очередь")
    project_services.transition_perform(project=mapping, by=world.member, action="complete_current_map")
    mapping.refresh_from_db()
    assert mapping.status == "target_map"


def test_target_map_needs_a_proposal_or_a_reason_for_every_problem(world, mapping):  # Положение п.16.2
    build_current_map(mapping, by=world.lead, steps=3, problems=3)
    project = advance(mapping, world, "target_map")
    with pytest.raises(ActionRefused) as refusal:
        project_services.transition_perform(project=project, by=world.lead, action="complete_target_map")
    assert "Карта целевого состояния не начата" in " ".join(refusal.value.details)
    services.target_map_start(project=project, by=world.lead)
    p1, p2, p3 = Problem.objects.filter(process_map__project=project).order_by("number")
    services.proposal_add(project=project, by=world.lead, text="СМЭВ", problems=[p1])
    with pytest.raises(ActionRefused) as refusal:
        project_services.transition_perform(project=project, by=world.lead, action="complete_target_map")
    assert refusal.value.details == [
        "Для проблем № 2, 3 нет ни предложения по улучшению, ни причины, почему их не решаем: добавьте предложение или укажите причину."
    ]
    services.problem_reason_set(problem=p2, by=world.member, reason="Решается вне проекта: федеральный закон")
    services.proposal_add(project=project, by=world.lead, text="Запись", problems=[p3, p1])
    project_services.transition_perform(project=project, by=world.lead, action="complete_target_map")
    project.refresh_from_db()
    assert project.status == "plan_drafting"


def test_starting_the_target_map_copies_lanes_and_steps(world, mapping):
    build_current_map(mapping, by=world.lead, steps=4, problems=1)
    project = advance(mapping, world, "target_map")
    target = services.target_map_start(project=project, by=world.lead)
    current = ProcessMap.objects.get(project=project, kind="current")
    assert target.copied_from == current

    def rows(m):
        return list(
            Step.objects.filter(process_map=m)
            .order_by("order")
            .values_list("order", "lane__name", "name", "kind", "value_class", "duration_minutes", "visit")
        )

    assert rows(target) == rows(current)
    waste = [list(s.waste_types.values_list("number", flat=True)) for s in target.steps.order_by("order")]
    assert waste == [
        list(s.waste_types.values_list("number", flat=True)) for s in current.steps.order_by("order")
    ]
    assert Lane.objects.filter(process_map=target).count() == 2
    assert not target.problems.exists()  # problems stay on the current map
    services.step_delete(step=target.steps.first(), by=world.lead)
    assert current.steps.count() == 4  # the copy is independent
    with pytest.raises(ActionRefused, match="уже начата"):
        services.target_map_start(project=project, by=world.lead)


def test_the_journal_keeps_the_maps_as_they_were_approved(client, world, mapping):
    build_current_map(mapping, by=world.lead, steps=3, problems=2)
    project = advance(mapping, world, "plan_drafting")
    entry = project.journal.get(snapshot_kind="current_map")
    snap = entry.snapshot
    assert [s["name"] for s in snap["map"]["steps"]] == ["Шаг 1", "Шаг 2", "Шаг 3"]
    assert snap["metrics"]["steps_total"] == 3 and snap["metrics"]["lead_time"] == 30 + 60 + 90
    target_entry = project.journal.get(snapshot_kind="target_map")
    assert [p["proposal_numbers"] for p in target_entry.snapshot["problems"]] == [[1], [2]]
    # later changes (here: behind the services' back) do not alter the approved version
    Step.objects.filter(process_map__project=project, process_map__kind="current").update(name="Переписано")
    client.force_login(world.observer)
    html = client.get(reverse("maps:version", args=[project.pk, "current", entry.pk])).content.decode()
    assert "Шаг 1" in html and "Переписано" not in html
    svg = client.get(reverse("maps:version", args=[project.pk, "current", entry.pk]) + "?format=svg")
    assert svg["Content-Type"].startswith("image/svg+xml") and "Шаг 1".encode() in svg.content
    html = client.get(reverse("maps:version", args=[project.pk, "target", target_entry.pk])).content.decode()
    assert "Проблема 2" in html


def _post(client, url, data=None, **kw):
    response = client.post(url, data or {}, **kw)
    assert response.status_code in (200, 302), response.status_code
    return response


def test_done_when_a_new_team_walks_the_whole_path_through_the_pages(client, world, mapping):
    """The team builds a current map with problems, finishes it, starts the target map from a copy,
    adds proposals, finishes it, and the project moves to plan drafting; the project page shows
    both diagrams and the before/after metrics side by side."""
    project = mapping
    p = project.pk
    client.force_login(world.member)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Редактировать карту текущего состояния" in page
    _post(client, reverse("maps:start", args=[p, "current"]))
    applicant = Lane.objects.get(process_map__project=project, is_client=True)
    _post(client, reverse("maps:add", args=[p, "current", "lanes"]), {"lane-name": "Специалист ОСПН"})
    specialist = Lane.objects.get(process_map__project=project, name="Специалист ОСПН")
    for lane, name, kind, value, amount, unit, extra in [
        (applicant, "Прийти с документами", "movement", "necessary", "30", "min", {"step-visit": "on"}),
        (specialist, "Принять заявление", "operation", "value", "20", "min", {}),
        (specialist, "Ждать ответа на запрос", "waiting", "waste", "5", "wday", {"step-waste_types": ["2"]}),
        (
            applicant,
            "Прийти за решением",
            "movement",
            "waste",
            "1",
            "hour",
            {"step-visit": "on", "step-waste_types": ["6"]},
        ),
    ]:
        data = {
            "step-lane": lane.pk,
            "step-name": name,
            "step-kind": kind,
            "step-value_class": value,
            "step-duration_value": amount,
            "step-duration_unit": unit,
        }
        if "step-waste_types" in extra:
            from maps.models import WasteType

            extra = {
                **extra,
                "step-waste_types": [
                    WasteType.objects.get(number=int(n)).pk for n in extra["step-waste_types"]
                ],
            }
        data.update(extra)
        assert _post(client, reverse("maps:add", args=[p, "current", "steps"]), data).status_code == 302
    steps = list(Step.objects.filter(process_map__project=project).order_by("order"))
    _post(
        client,
        reverse("maps:add", args=[p, "current", "problems"]),
        {"problem-text": "Ответ на запрос идёт 5 дней", "problem-steps": [steps[2].pk]},
    )
    _post(
        client,
        reverse("maps:add", args=[p, "current", "problems"]),
        {"problem-text": "Второй визит за решением", "problem-steps": [steps[3].pk]},
    )
    page = client.get(reverse("maps:map", args=[p, "current"])).content.decode()
    assert "Карта готова: есть шаги с длительностью и пронумерованные проблемы." in page
    response = _post(
        client,
        reverse("projects:act", args=[p, "complete_current_map"]),
        {"expected_status": "current_map"},
        follow=True,
    )
    assert "Карта текущего состояния разработана" in response.content.decode()

    _post(client, reverse("maps:start", args=[p, "target"]))
    target = ProcessMap.objects.get(project=project, kind="target")
    wait = target.steps.get(name="Ждать ответа на запрос")
    visit = target.steps.get(name="Прийти за решением")
    _post(
        client,
        reverse("maps:item", args=[p, "target", "steps", wait.pk]),
        {
            f"step-{wait.pk}-lane": wait.lane_id,
            f"step-{wait.pk}-name": "Получить ответ через СМЭВ",
            f"step-{wait.pk}-kind": "waiting",
            f"step-{wait.pk}-value_class": "necessary",
            f"step-{wait.pk}-duration_value": "1",
            f"step-{wait.pk}-duration_unit": "hour",
            f"step-{wait.pk}-number": "3",
        },
    )
    _post(client, reverse("maps:item_act", args=[p, "target", "steps", visit.pk, "delete"]))
    problems = list(Problem.objects.filter(process_map__project=project).order_by("number"))
    _post(
        client,
        reverse("maps:add", args=[p, "target", "proposals"]),
        {
            "proposal-text": "Запрос через СМЭВ",
            "proposal-problems": [problems[0].pk],
            "proposal-steps": [wait.pk],
        },
    )
    page = client.get(reverse("maps:map", args=[p, "target"])).content.decode()
    assert "Для проблем № 2 нет ни предложения" in page
    _post(
        client,
        reverse("maps:add", args=[p, "target", "proposals"]),
        {"proposal-text": "Решение по СМС и на Госуслугах", "proposal-problems": [problems[1].pk]},
    )
    response = _post(
        client,
        reverse("projects:act", args=[p, "complete_target_map"]),
        {"expected_status": "target_map"},
        follow=True,
    )
    project.refresh_from_db()
    assert project.status == "plan_drafting"
    assert Proposal.objects.filter(process_map=target).count() == 2

    client.force_login(world.coordinator)
    page = client.get(project.get_absolute_url()).content.decode()
    panel = page.split('id="maps-panel"', 1)[1]
    assert panel.count("<svg") == 2  # both diagrams
    assert "Было — карта текущего состояния" in panel and "Стало — карта целевого состояния" in panel
    assert "Показатели: было — стало" in panel
    # 30 min + 20 min + 5 wd + 1 h → 30 min + 20 min + 1 h
    assert "5 раб. дн. 1 ч 50 мин" in panel and "1 ч 50 мин" in panel
    assert "−5 раб. дн." in panel and "−1" in panel  # visits 2 → 1
    assert "Доля ВДЦ = ВДЦ ÷ ВПП × 100 %" in panel


def test_the_panel_is_absent_before_the_card_is_signed(client, world):
    from tests.factories import make_project

    project = make_project(world)
    client.force_login(world.lead)
    assert 'id="maps-panel"' not in client.get(project.get_absolute_url()).content.decode()


def test_map_page_tells_a_reader_that_the_team_edits(client, world, mapping):
    build_current_map(mapping, by=world.lead)
    client.force_login(world.authority)
    html = client.get(reverse("maps:map", args=[mapping.pk, MapKind.CURRENT])).content.decode()
    assert "вы видите её в режиме чтения" in html
    assert "Добавить шаг" not in html
