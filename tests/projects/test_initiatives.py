"""Initiatives of employees (Положение п.11) and the department head's decision on them against the
conditions of п.12 (issue 19.9)."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from projects import initiatives, permissions, services
from projects.choices import InitiativeStatus, Source, Status
from projects.exceptions import ActionRefused
from tests.factories import criteria_post

MET = {n: ("met", f"Условие {n}: да") for n in (1, 2, 3)}


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _submit(world, django_capture_on_commit_callbacks=None):
    kwargs = {
        "by": world.member,
        "title": "Выдача справок о составе семьи",
        "problem": "Заявитель приходит трижды",
        "proposal": "Справка выдаётся в день обращения по межведомственному запросу",
    }
    if django_capture_on_commit_callbacks is None:
        return initiatives.initiative_submit(**kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        return initiatives.initiative_submit(**kwargs)


def test_p11_an_employee_submits_an_initiative_and_the_head_is_told(
    world, django_capture_on_commit_callbacks
):
    initiative = _submit(world, django_capture_on_commit_callbacks)
    assert initiative.status == InitiativeStatus.PENDING
    assert initiative.department == world.department
    note = Notification.objects.get(recipient=world.lead)
    assert note.title == "Новая инициатива работника: Выдача справок о составе семьи"
    assert note.url == reverse("projects:initiative", args=[initiative.pk])
    assert note.project_id is None
    assert not Notification.objects.filter(recipient=world.member).exists()


def test_p11_an_employee_submits_an_initiative_through_the_page(client, world):
    client.force_login(world.member)
    response = client.post(reverse("projects:initiative_create"), {"title": "", "problem": "Очереди"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Обязательное поле." in html and "Очереди" in html  # next to the field, typed text kept
    response = client.post(
        reverse("projects:initiative_create"),
        {"title": "Запись на приём", "problem": "Очереди", "proposal": "Запись по телефону"},
    )
    (initiative,) = initiatives.initiatives_visible_to(user=world.member)
    assert response["Location"] == initiative.get_absolute_url()
    client.force_login(world.lead)  # the head sees it on his landing page and in his list
    assert "Запись на приём" in client.get(reverse("home")).content.decode()
    assert "Запись на приём" in client.get(reverse("projects:initiatives")).content.decode()


def test_p11_someone_without_a_department_does_not_submit(client, world):
    with pytest.raises(ActionRefused, match="работник подразделения"):
        initiatives.initiative_submit(by=world.coordinator, title="x", problem="y", proposal="z")
    client.force_login(world.coordinator)
    assert client.get(reverse("projects:initiative_create")).status_code == 403


def test_p11_only_the_author_and_his_head_see_an_initiative(client, world):
    initiative = _submit(world)
    url = initiative.get_absolute_url()
    for person, status in [
        (world.member, 200),
        (world.lead, 200),
        (world.outsider, 404),
        (world.other_lead, 404),
        (world.coordinator, 404),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status, person


def test_p12_the_head_accepts_and_a_draft_card_credits_the_author(world, django_capture_on_commit_callbacks):
    initiative = _submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        initiative = initiatives.initiative_decide(
            initiative=initiative, by=world.lead, accept=True, criteria=MET
        )
    project = initiative.project
    assert initiative.status == InitiativeStatus.ACCEPTED
    assert project.status == Status.DRAFT and project.lead == world.lead
    assert project.title == "Выдача справок о составе семьи"
    assert project.source == Source.INITIATIVE
    assert world.member.surname_initials in project.source_reference
    assert "Заявитель приходит трижды" in project.problems
    assert "Справка выдаётся в день обращения" in project.problems
    assert project.members.filter(user=world.member, team_role="автор инициативы").exists()
    assert project.members.filter(user=world.lead).exists()
    # the head's п.12 judgement is the card's: nothing about п.12 blocks the submission
    assert not [b for b in services.rules.blockers("submit_card", project) if "п.12" in b]
    assert permissions.can_view(project, world.member)
    note = Notification.objects.get(recipient=world.member)
    assert note.title.startswith("Ваша инициатива принята")
    assert project.number in note.what


def test_p12_an_initiative_failing_a_condition_is_not_accepted(world):
    initiative = _submit(world)
    criteria = MET | {2: ("not_met", "Экономии нет")}
    with pytest.raises(ActionRefused, match="не соответствует условиям п.12 \\(пункты 2\\)"):
        initiatives.initiative_decide(initiative=initiative, by=world.lead, accept=True, criteria=criteria)
    with pytest.raises(ActionRefused, match="Оцените условие 3"):
        initiatives.initiative_decide(
            initiative=initiative, by=world.lead, accept=True, criteria={1: MET[1], 2: MET[2]}
        )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.PENDING and initiative.project is None


def test_p12_a_decline_needs_a_reason_that_reaches_the_author(
    client, world, django_capture_on_commit_callbacks
):
    initiative = _submit(world)
    criteria = MET | {3: ("not_met", "Разовая задача")}
    with pytest.raises(ActionRefused, match="Укажите причину отклонения"):
        initiatives.initiative_decide(initiative=initiative, by=world.lead, accept=False, criteria=criteria)
    with django_capture_on_commit_callbacks(execute=True):
        initiatives.initiative_decide(
            initiative=initiative,
            by=world.lead,
            accept=False,
            criteria=criteria,
            reason="Процесс выполняется раз в год",
        )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.DECLINED and initiative.project is None
    note = Notification.objects.get(recipient=world.member)
    assert "Процесс выполняется раз в год" in note.note
    client.force_login(world.member)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Процесс выполняется раз в год" in page and "Разовая задача" in page


def test_p12_only_the_head_of_the_authors_department_decides(client, world):
    initiative = _submit(world)
    for person in (world.member, world.other_lead):
        with pytest.raises(ActionRefused, match="принимает руководитель подразделения её автора"):
            initiatives.initiative_decide(initiative=initiative, by=person, accept=True, criteria=MET)
    client.force_login(world.member)
    data = criteria_post("p12") | {"decision": "accept"}
    response = client.post(reverse("projects:initiative_decide", args=[initiative.pk]), data, follow=True)
    assert "принимает руководитель подразделения её автора" in _messages(response)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.PENDING


def test_p12_the_head_decides_through_the_page(client, world):
    initiative = _submit(world)
    client.force_login(world.lead)
    url = reverse("projects:initiative_decide", args=[initiative.pk])
    response = client.post(url, criteria_post("p12") | {"decision": "decline", "reason": ""})
    assert response.status_code == 200
    assert "Укажите причину отклонения" in response.content.decode()
    response = client.post(url, criteria_post("p12") | {"decision": "accept"})
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.ACCEPTED
    assert response["Location"] == reverse("projects:card", args=[initiative.project_id, "block1"])
    response = client.post(url, criteria_post("p12") | {"decision": "accept"}, follow=True)
    assert "руководитель подразделения её автора" in _messages(response)  # decided once


def test_p11_p12_p14_the_demo_carries_initiatives_and_criteria(db):
    from django.core.management import call_command

    from projects.criteria import P12, P14, current
    from projects.models import Initiative, Project

    call_command("load_demo", verbosity=0)
    assert set(Initiative.objects.values_list("status", flat=True)) == {"pending", "declined"}
    for project in Project.objects.exclude(status="draft"):
        assert len(current(project, P12)) == 3, project
        assert project.members.filter(user=project.lead).exists(), project
        if project.status not in ("card_review", "draft"):
            assert project.criteria_assessments.filter(kind=P14).count() >= 5, project
    rejected = Project.objects.get(status="rejected")
    assert rejected.journal.get(action="reject_card").snapshot["p14"][0]["verdict"] == "not_met"
