"""What the mayor signed stays signed (issue 19.2; Положение п.15, 22).

п.22 lets the activities' dates and the team change with the coordinator's agreement; the rest of
the card — goals, target indicators and their values, process boundaries, the lead, the process
customer and owner — is what the Mayor signed (п.15): a change of it is agreed by the coordinator and
comes into force only with the Mayor's signature. Until then the signed text stays in force."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from projects import services
from projects.exceptions import ActionRefused
from projects.models import Deadline, IndicatorActual, Project, ProjectMember, TargetIndicator
from tests.factories import UserFactory, advance, make_project
from workdays import clock

D = dt.date


def _signed(world) -> Project:
    with clock.frozen_today(D(2026, 3, 10)):
        return advance(make_project(world), world, "current_map")


def _target(project) -> Decimal:
    return project.indicators.get(order=1).target_value


def _propose_target(project, world, value="4"):
    """The lead drafts a change of the first indicator's target value and submits it."""
    change = services.card_change_start(project=project, by=world.lead, reason="Уточнён целевой показатель")
    TargetIndicator.objects.filter(project=project, order=1).update(target_value=Decimal(value))
    return services.card_change_submit(change=change, by=world.lead)


def _new_end(project) -> dt.date:
    """An earlier end of the implementation that keeps block 4 consistent."""
    return Project.objects.get(pk=project.pk).implementation_end - dt.timedelta(days=7)


def _propose_dates(project, world):
    """The lead drafts a change of the dates and the team (п.22) and submits it."""
    change = services.card_change_start(project=project, by=world.lead, reason="Перенос сроков внедрения")
    Project.objects.filter(pk=project.pk).update(implementation_end=_new_end(project))
    ProjectMember.objects.create(project=project, user=world.other_lead, team_role="эксперт")
    return services.card_change_submit(change=change, by=world.lead)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- п.15: the forbidden path --------------------------------------------------------------------


def test_p15_a_coordinator_alone_cannot_bring_a_change_of_target_values_into_force(world):
    project = _signed(world)
    change = _propose_target(project, world)
    assert change.kind == "p15" and change.needs_mayor
    assert _target(project) == Decimal("5")  # submitted: the signed text stays in force

    change = services.card_change_decide(change=change, by=world.coordinator, approve=True)
    assert change.status == "agreed"
    assert _target(project) == Decimal("5")  # agreed by the coordinator: still the signed value
    assert not project.journal.filter(action="card_change_approve").exists()
    with pytest.raises(ActionRefused, match="только после подписания Мэром"):
        services.card_amendment_sign(change=change, by=world.coordinator)
    with pytest.raises(ActionRefused, match="только после подписания Мэром"):
        services.card_amendment_sign(change=change, by=world.lead)
    change.refresh_from_db()
    assert change.status == "agreed" and _target(project) == Decimal("5")
    assert Deadline.objects.open().filter(project=project, stage="card_amendment").exists()


def test_p15_a_coordinator_alone_cannot_bring_a_change_of_target_values_into_force_over_http(client, world):
    project = _signed(world)
    change = _propose_target(project, world)
    client.force_login(world.coordinator)
    act = lambda name: reverse("projects:card_change_act", args=[project.pk, change.pk, name])  # noqa: E731

    response = client.post(act("approve"), {"comment": ""}, follow=True)
    assert "направлено на подпись Мэру" in _messages(response)
    response = client.post(act("sign"), {"comment": ""}, follow=True)
    assert "вступает в силу только после подписания Мэром (п.15)" in _messages(response)
    change.refresh_from_db()
    assert change.status == "agreed" and _target(project) == Decimal("5")
    # the page shows the signed card, with the proposal listed apart
    assert response.context["card"]["indicators"][0]["target_value"] == "5"
    assert "Согласовать и направить на подпись Мэру" not in response.content.decode()


def test_p15_a_change_that_touches_both_dates_and_targets_needs_the_mayor(world):
    project = _signed(world)
    change = services.card_change_start(project=project, by=world.lead, reason="Сроки и показатель")
    new_end = _new_end(project)
    Project.objects.filter(pk=project.pk).update(implementation_end=new_end)
    TargetIndicator.objects.filter(project=project, order=1).update(target_value=Decimal("4"))
    change = services.card_change_submit(change=change, by=world.lead)
    assert change.kind == "p15"
    services.card_change_decide(change=change, by=world.coordinator, approve=True)
    project.refresh_from_db()
    assert project.implementation_end != new_end and _target(project) == Decimal("5")


@pytest.mark.parametrize(
    "field,value",
    [
        ("boundary_start", "Регистрация заявления"),
        ("boundary_end", "Выдача справки"),
        ("process_owner", "Заместитель начальника отдела"),
        ("process_customer", "Заявители"),
    ],
)
def test_p15_process_boundaries_and_owner_are_what_the_mayor_signed(world, field, value):
    project = _signed(world)
    change = services.card_change_start(project=project, by=world.lead, reason="Уточнение")
    Project.objects.filter(pk=project.pk).update(**{field: value})
    change = services.card_change_submit(change=change, by=world.lead)
    assert change.kind == "p15"
    project.refresh_from_db()
    assert getattr(project, field) != value  # the signed text stays in force


def test_p15_editing_a_signed_card_directly_is_refused_with_a_message(client, world):
    project = _signed(world)
    client.force_login(world.lead)
    url = reverse("projects:card", args=[project.pk, "block1"])
    response = client.post(url, {"title": "Новое наименование"}, follow=True)
    assert "Карточка утверждена Мэром (п.15) и напрямую не редактируется" in _messages(response)
    project.refresh_from_db()
    assert project.title == "Оптимизация выдачи справок"
    with pytest.raises(ActionRefused, match="напрямую не редактируется"):
        services.team_member_add(project=project, by=world.lead, user=world.other_lead)


def test_p15_a_change_under_review_is_not_edited(world):
    project = _signed(world)
    _propose_target(project, world)
    with pytest.raises(ActionRefused, match="направлено на рассмотрение"):
        services.team_member_add(project=project, by=world.lead, user=world.other_lead)


def test_p15_an_empty_change_is_refused_and_can_be_withdrawn(world):
    project = _signed(world)
    change = services.card_change_start(project=project, by=world.lead, reason="Передумали")
    with pytest.raises(ActionRefused, match="ничего не изменено"):
        services.card_change_submit(change=change, by=world.lead)
    TargetIndicator.objects.filter(project=project, order=1).update(target_value=Decimal("1"))
    services.card_change_withdraw(change=change, by=world.lead)
    assert _target(project) == Decimal("5")
    change.refresh_from_db()
    assert change.status == "rejected"


# --- п.15: the allowed path through the Mayor's signature ----------------------------------------


def test_p15_the_mayor_signs_the_change_and_only_then_it_is_in_force(world):
    project = _signed(world)
    indicator = project.indicators.get(order=1)
    IndicatorActual.objects.create(
        indicator=indicator,
        measured_on=D(2026, 4, 1),
        value=Decimal("8"),
        source="Журнал",
        recorded_by=world.lead,
    )
    with clock.frozen_today(D(2026, 4, 13)):
        change = _propose_target(project, world)
    with clock.frozen_today(D(2026, 4, 14)):
        services.card_change_decide(change=change, by=world.coordinator, approve=True)
    with clock.frozen_today(D(2026, 4, 20)):
        change = services.card_amendment_sign(change=change, by=world.mayor)
    assert change.status == "approved" and change.signed_by == world.mayor
    assert _target(project) == Decimal("4")
    # the indicator keeps its row and its monitoring (МР п.7)
    assert project.indicators.get(order=1).pk == indicator.pk and indicator.actuals.count() == 1
    entry = project.journal.get(action="card_amendment_sign")
    assert entry.snapshot["indicators"][0]["target_value"] == "4"
    assert not Deadline.objects.open().filter(project=project).filter(stage__startswith="card_").exists()


def test_p15_the_mayor_may_refuse_the_change_and_the_signed_text_stays(world):
    project = _signed(world)
    change = _propose_target(project, world)
    services.card_change_decide(change=change, by=world.coordinator, approve=True)
    with pytest.raises(ActionRefused, match="замечания"):
        services.card_amendment_sign(change=change, by=world.mayor, approve=False)
    change = services.card_amendment_sign(
        change=change, by=world.mayor, approve=False, comment="Нереалистично"
    )
    assert change.status == "rejected" and _target(project) == Decimal("5")
    assert project.journal.filter(action="card_amendment_return").exists()


def test_p15_the_signing_queue_shows_changes_waiting_for_the_mayor(client, world):
    project = _signed(world)
    change = _propose_target(project, world)
    services.card_change_decide(change=change, by=world.coordinator, approve=True)
    office = UserFactory(username="office", municipality=world.municipality, roles=["mayor"])
    for who in (world.mayor, office):
        client.force_login(who)
        response = client.get(reverse("projects:signing"))
        html = response.content.decode()
        assert response.status_code == 200
        assert [a["change"].pk for a in response.context["amendments"]] == [change.pk]
        assert project.number in html and "Срок предоставления услуги" in html and "5 → 4" in html
    client.force_login(world.mayor)
    response = client.post(
        reverse("projects:card_change_act", args=[project.pk, change.pk, "sign"]),
        {"comment": ""},
        follow=True,
    )
    assert "Решение Мэра по изменению карточки записано" in _messages(response)
    assert _target(project) == Decimal("4")
    assert client.get(reverse("projects:signing")).context["amendments"] == []


# --- п.22: the dates and the team with the coordinator's agreement ----------------------------------


def test_p22_a_change_of_dates_and_team_comes_into_force_with_the_coordinators_agreement(world):
    project = _signed(world)
    new_end = _new_end(project)
    change = _propose_dates(project, world)
    assert change.kind == "p22" and not change.needs_mayor
    project.refresh_from_db()
    assert project.implementation_end != new_end  # not in force while it waits
    assert not project.members.filter(user=world.other_lead).exists()
    change = services.card_change_decide(change=change, by=world.coordinator, approve=True)
    assert change.status == "approved"
    project.refresh_from_db()
    assert project.implementation_end == new_end
    assert project.members.filter(user=world.other_lead).exists()
    assert not Deadline.objects.filter(project=project, stage="card_amendment").exists()


def test_p22_a_refused_change_leaves_the_card_in_force(world):
    project = _signed(world)
    before = project.implementation_end
    change = _propose_dates(project, world)
    services.card_change_decide(change=change, by=world.coordinator, approve=False, comment="Рано")
    project.refresh_from_db()
    assert project.implementation_end == before


# --- The page: versions and what changed between them ---------------------------------------------


def test_p15_p22_the_card_page_lists_versions_and_shows_what_changed(client, world):
    project = _signed(world)
    new_end = _new_end(project)
    with clock.frozen_today(D(2026, 4, 13)):
        change = _propose_dates(project, world)
        services.card_change_decide(change=change, by=world.coordinator, approve=True)
    with clock.frozen_today(D(2026, 5, 4)):
        change = _propose_target(project, world)
        services.card_change_decide(change=change, by=world.coordinator, approve=True)

    client.force_login(world.lead)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Редакция 2 — изменения согласованы координатором (п.22)" in html
    assert "Проект изменения (версия 3) — согласован координатором, на подписи у Мэра" in html
    assert f"<ins>{new_end:%d.%m.%Y}</ins>" in html  # the new end of the implementation, version 2
    assert "<del>5</del>" in html and "<ins>4</ins>" in html  # the proposed target value, old → new
    assert "действует редакция 2" in html

    with clock.frozen_today(D(2026, 5, 6)):
        services.card_amendment_sign(change=change, by=world.mayor)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Редакция 3 — изменения утверждены Мэром (п.15)" in html
    assert "действует редакция 3" in html
    signed = project.journal.get(action="card_amendment_sign")
    page = client.get(reverse("projects:card_version", args=[project.pk, signed.pk])).content.decode()
    assert "Что изменилось по сравнению с действовавшей редакцией" in page
    assert "«Срок предоставления услуги»: целевое значение" in page
    assert "<del>5</del>" in page and "<ins>4</ins>" in page
