"""The criteria of Положение п.12 and п.14 are recorded item by item, shown and required (issue 19.6);
the lead of a project is a member of its working group (issue 19.9)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from documents.card import card_document
from projects import services
from projects.choices import Status
from projects.criteria import P12, P14, criteria_record
from projects.exceptions import ActionRefused
from projects.models import CriterionAssessment, ProjectMember
from tests.factories import advance, assess_card, criteria_post, make_project

P12_MISSING = "Не записана оценка инициативы по условиям п.12"
P14_MISSING = "Не записана оценка карточки координатором по п.14"


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _without_p12(world):
    project = make_project(world)
    CriterionAssessment.objects.filter(project=project).delete()
    return project


def _review(world):
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    return project


# --- п.12 ------------------------------------------------------------------------------------------


def test_p12_card_is_not_submitted_without_the_initiative_criteria(world):
    project = _without_p12(world)
    with pytest.raises(ActionRefused) as refusal:
        services.card_submit(project=project, by=world.lead)
    assert P12_MISSING in str(refusal.value) and "1, 2, 3" in str(refusal.value)
    project.refresh_from_db()
    assert project.status == Status.DRAFT


def test_p12_card_is_not_submitted_without_the_criteria_over_http(client, world):
    project = _without_p12(world)
    client.force_login(world.lead)
    page = client.get(project.get_absolute_url()).content.decode()
    assert P12_MISSING in page  # the act's blockers say what is missing before the click
    response = client.post(
        reverse("projects:act", args=[project.pk, "submit_card"]), {"expected_status": "draft"}, follow=True
    )
    assert P12_MISSING in _messages(response)
    project.refresh_from_db()
    assert project.status == Status.DRAFT


def test_p12_an_unmet_condition_stops_the_card(world):
    project = make_project(world)
    criteria_record(project=project, kind=P12, items={3: ("not_met", "Процесс разовый")}, by=world.lead)
    with pytest.raises(ActionRefused, match="не соответствует условиям п.12 \\(пункты 3\\)"):
        services.card_submit(project=project, by=world.lead)


def test_p12_lead_records_the_criteria_on_the_project_page_and_submits(client, world):
    project = _without_p12(world)
    client.force_login(world.lead)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Оценить инициативу по п.12" in page
    response = client.post(reverse("projects:criteria", args=[project.pk, P12]), criteria_post(P12))
    assert response.status_code == 302
    rows = CriterionAssessment.objects.filter(project=project, kind=P12)
    assert sorted(rows.values_list("item", flat=True)) == [1, 2, 3]
    assert project.journal.filter(action="criteria_p12", snapshot_kind="criteria").exists()
    services.card_submit(project=project, by=world.lead)
    assert project.journal.get(action="submit_card").snapshot["criteria"]["p12"][0]["verdict"] == "met"


def test_p12_a_verdict_without_a_comment_is_answered_next_to_the_field(client, world):
    project = _without_p12(world)
    client.force_login(world.lead)
    data = {"verdict_1": "met", "comment_1": "", "verdict_2": "", "comment_2": "Экономия времени"}
    response = client.post(reverse("projects:criteria", args=[project.pk, P12]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Поясните оценку: комментарий обязателен." in html
    assert "Выберите оценку к этому комментарию." in html
    assert "Экономия времени" in html  # what was typed stays
    assert not CriterionAssessment.objects.filter(project=project).exists()


def test_p12_only_the_lead_records_the_initiative_criteria(client, world):
    project = _without_p12(world)
    with pytest.raises(ActionRefused, match="Условия п.12 оценивает руководитель подразделения"):
        criteria_record(project=project, kind=P12, items={1: ("met", "да")}, by=world.member)
    client.force_login(world.member)
    response = client.post(
        reverse("projects:criteria", args=[project.pk, P12]), criteria_post(P12), follow=True
    )
    assert "Условия п.12 оценивает руководитель подразделения" in _messages(response)
    assert not CriterionAssessment.objects.filter(project=project).exists()


# --- п.14 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "kwargs"),
    [
        (services.card_approve, {}),
        (services.card_return, {"comment": "Уточните показатели"}),
        (services.card_reject, {"comment": "Процесс передаётся в МФЦ"}),
    ],
)
def test_p14_no_decision_on_the_card_without_the_coordinators_assessment(world, service, kwargs):
    project = _review(world)
    with pytest.raises(ActionRefused) as refusal:
        service(project=project, by=world.coordinator, **kwargs)
    assert P14_MISSING in str(refusal.value) and "1, 2, 3, 4, 5" in str(refusal.value)
    project.refresh_from_db()
    assert project.status == Status.CARD_REVIEW


@pytest.mark.parametrize("action", ["approve_card", "return_card", "reject_card"])
def test_p14_no_decision_without_the_assessment_over_http(client, world, action):
    project = _review(world)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("projects:act", args=[project.pk, action]),
        {"lead": world.lead.pk, "comment": "Решение", "expected_status": "card_review"},
        follow=True,
    )
    assert P14_MISSING in _messages(response)
    project.refresh_from_db()
    assert project.status == Status.CARD_REVIEW


def test_p14_an_item_judged_unmet_stops_approval_but_not_return(world):
    project = _review(world)
    assess_card(project)
    criteria_record(
        project=project, kind=P14, items={3: ("not_met", "Затраты не оценены")}, by=world.coordinator
    )
    with pytest.raises(ActionRefused, match="согласовать её нельзя"):
        services.card_approve(project=project, by=world.coordinator)
    services.card_return(project=project, by=world.coordinator, comment="Оцените затраты")
    entry = project.journal.get(action="return_card")
    assert entry.snapshot_kind == "criteria"
    assert entry.snapshot["p14"][2] | {"at": ""} == {
        "item": 3,
        "text": "Временные и финансовые затраты на реализацию проекта",
        "verdict": "not_met",
        "verdict_label": "не соответствует",
        "comment": "Затраты не оценены",
        "by": world.coordinator.surname_initials,
        "at": "",
    }


def test_p14_coordinator_records_on_the_review_page_then_approves(client, world):
    project = _review(world)
    client.force_login(world.coordinator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Оценить карточку по п.14" in page
    assert "Сведения о необходимости автоматизации процессов в рамках проекта" in page
    data = criteria_post(P14)
    data["comment_4"] = "Автоматизация не требуется: процесс меняется регламентом"
    client.post(reverse("projects:criteria", args=[project.pk, P14]), data)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Автоматизация не требуется: процесс меняется регламентом" in page
    response = client.post(
        reverse("projects:act", args=[project.pk, "approve_card"]),
        {"lead": world.lead.pk, "expected_status": "card_review"},
        follow=True,
    )
    assert "Карточка согласована координатором" in _messages(response)
    project.refresh_from_db()
    assert project.status == Status.CARD_SIGNING
    agreed = project.journal.get(action="approve_card")
    assert agreed.snapshot["criteria"]["p14"][3]["comment"].startswith("Автоматизация не требуется")


def test_p14_the_assessment_is_printed_on_the_card(world):
    project = advance(make_project(world), world, "card_signing")
    doc = card_document(project)
    html = render_to_string("documents/card.html", doc.context | {"draft": doc.draft})
    assert "Оценка карточки координатором (п.14)" in html
    assert "Оценка инициативы по условиям п.12" in html
    assert "Пункт 5 п.14 оценён" in html and "Условие 3 выполнено" in html


def test_p14_a_card_sent_again_is_assessed_again(world):
    project = _review(world)
    assess_card(project)
    services.card_return(project=project, by=world.coordinator, comment="Уточните показатели")
    services.card_submit(project=project, by=world.lead)
    with pytest.raises(ActionRefused, match=P14_MISSING):
        services.card_approve(project=project, by=world.coordinator)
    assess_card(project)
    services.card_approve(project=project, by=world.coordinator)
    assert project.status == Status.CARD_SIGNING


def test_p14_only_the_coordinator_of_the_direction_records_it(world):
    project = _review(world)
    for person in (world.lead, world.other_coordinator, world.mayor):
        with pytest.raises(ActionRefused, match="записывает координатор направления"):
            criteria_record(project=project, kind=P14, items={1: ("met", "да")}, by=person)
    draft = make_project(world, title="Черновик")
    with pytest.raises(ActionRefused, match="пока карточка у него на рассмотрении"):
        criteria_record(project=draft, kind=P14, items={1: ("met", "да")}, by=world.coordinator)


# --- The lead in the working group (issue 19.9) ----------------------------------------------------


def test_p8_2_a_new_project_has_its_lead_in_the_team(world):
    project = services.project_create(by=world.lead, title="Выдача справок")
    assert project.members.filter(user=world.lead, kind="member").exists()


def test_p8_2_a_card_whose_lead_is_not_in_the_team_is_not_submitted(client, world):
    project = make_project(world)
    ProjectMember.objects.filter(project=project, user=world.lead).delete()
    with pytest.raises(ActionRefused, match="не входит в команду проекта"):
        services.card_submit(project=project, by=world.lead)
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:act", args=[project.pk, "submit_card"]), {"expected_status": "draft"}, follow=True
    )
    assert "не входит в команду проекта" in _messages(response)
    project.refresh_from_db()
    assert project.status == Status.DRAFT


def test_p8_2_the_coordinator_appoints_only_a_member_of_the_team(client, world):
    project = _review(world)
    assess_card(project)
    with pytest.raises(ActionRefused, match="не входит в команду проекта"):
        services.card_approve(project=project, by=world.coordinator, lead=world.other_lead)
    client.force_login(world.coordinator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert f'value="{world.other_lead.pk}"' not in page  # not offered in the list either
    client.post(
        reverse("projects:act", args=[project.pk, "approve_card"]),
        {"lead": world.other_lead.pk, "expected_status": "card_review"},
    )
    project.refresh_from_db()
    assert project.status == Status.CARD_REVIEW and project.lead == world.lead
