"""The best-practice base and replication (Положение п.30–31): marking a closed project, the catalogue,
replication into another department with its prefill and links, the same-department refusal, the
count and summed effect of replications, the plan template, the export to the shared drive, the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from projects import planning, practices, services
from projects.choices import Status
from projects.exceptions import ActionRefused
from projects.models import Closure, Practice, Project, ResultsReport
from tests.factories import (
    assess_card,
    ensure_current_map,
    ensure_kickoff,
    ensure_target_map,
    fill_card,
    settle_survey,
)
from tests.projects.test_results import closed_project


def publish(world, project, **fields):
    values = {
        "title": project.title,
        "process": "Выдача справок о составе семьи",
        "area": "Социальная поддержка",
        "tags": "один визит, справки;  один визит ",
        "effect": "Срок сокращён с 10 до 5 дней",
    }
    values.update(fields)
    return practices.practice_create(project=project, by=world.authority, **values)


@pytest.fixture
def practice(world):
    return publish(world, closed_project(world))


# --- Marking a practice (п.31) ----------------------------------------------------------------


def test_the_authorised_body_marks_a_closed_project(world):
    project = closed_project(world)
    for user in (world.lead, world.coordinator, world.mayor, world.foreign_mayor):
        with pytest.raises(ActionRefused, match="Уполномоченный орган"):
            practices.practice_create(project=project, by=user, title="X", process="X", area="X", effect="X")
    practice = publish(world, project)
    assert practice.tags == "один визит, справки"  # cleaned, without duplicates
    assert practice.published_by == world.authority
    assert project.journal.filter(action="practice_publish").exists()
    with pytest.raises(ActionRefused, match="уже внесён"):
        publish(world, project)


def test_an_open_project_is_not_a_practice(world):
    from tests.projects.test_results import to_defence

    project = to_defence(world)
    with pytest.raises(ActionRefused, match="закрытые проекты"):
        publish(world, project)


def test_practice_needs_process_area_and_effect(client, world):
    project = closed_project(world)
    client.force_login(world.authority)
    url = reverse("projects:practice_create", args=[project.pk])
    page = client.get(url).content.decode()
    assert "135" in page  # the effect is prefilled from the report
    response = client.post(url, {"title": "Справки за один визит", "process": "", "area": "", "effect": ""})
    html = response.content.decode()
    assert response.status_code == 200 and html.count("Обязательное поле") >= 3
    assert 'value="Справки за один визит"' in html
    assert not Practice.objects.exists()


# --- Replication (п.30) -----------------------------------------------------------------------


def test_replication_is_prefilled_and_linked_both_ways(world, practice):
    original = practice.project
    project = practices.practice_replicate(
        practice=practice,
        by=world.other_lead,
        department=world.other_department,
        title="Справки в учреждениях культуры",
    )
    assert project.status == Status.DRAFT and project.source == "replication"
    assert project.replicated_from == original and list(original.replications.all()) == [project]
    assert project.department == world.other_department and project.lead == world.other_lead
    assert original.number in project.source_reference
    assert (project.boundary_start, project.key_risk) == (original.boundary_start, original.key_risk)
    assert project.scale == "" and project.dissatisfaction == ""  # the new department's own figures
    copied = list(project.indicators.values_list("name", "target_value", "current_value", "direction"))
    assert copied == [(i.name, i.target_value, None, i.direction) for i in original.indicators.all()]
    assert project.stakeholders.count() == original.stakeholders.count()
    assert project.journal.filter(action="replication_start").exists()
    assert original.journal.filter(action="replicated").exists()
    assert practices.practice_detail(user=world.other_lead, pk=practice.pk).replication_count == 1
    with pytest.raises(ActionRefused, match="уже тиражируется"):  # a double click makes one project
        practices.practice_replicate(
            practice=practice, by=world.other_lead, department=world.other_department, title="Ещё раз"
        )


def test_replicating_into_the_same_department_is_refused(client, world, practice):
    with pytest.raises(ActionRefused, match="другом подразделении"):
        practices.practice_replicate(
            practice=practice, by=world.lead, department=world.department, title="Копия"
        )
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:practice_replicate", args=[practice.pk]),
        {"title": "Моя копия практики", "department": world.department.pk},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "уже реализована в подразделении" in html and 'value="Моя копия практики"' in html
    assert not Project.objects.filter(replicated_from=practice.project).exists()


def test_replicate_through_the_page(client, world, practice):
    client.force_login(world.other_lead)
    page = client.get(reverse("projects:practice_replicate", args=[practice.pk])).content.decode()
    assert "Срок предоставления услуги" in page  # the indicators that will be carried over
    response = client.post(
        reverse("projects:practice_replicate", args=[practice.pk]),
        {"title": "Справки — Управление культуры", "department": world.other_department.pk},
    )
    project = Project.objects.get(replicated_from=practice.project)
    assert response["Location"] == reverse("projects:card", args=[project.pk, "block1"])
    detail = client.get(practice.get_absolute_url()).content.decode()
    assert 'class="replication-count">1<' in detail and project.title in detail


def test_replication_count_and_summed_effect(world, practice):  # seed 002: the effect of replications
    def replicate(title, money, hours, closed):
        project = practices.practice_replicate(
            practice=practice, by=world.other_lead, department=world.other_department, title=title
        )
        ResultsReport.objects.create(project=project, money_per_year=money, staff_hours_per_year=hours)
        if closed:
            Project.objects.filter(pk=project.pk).update(status=Status.CLOSED)
            Closure.objects.create(
                project=project, achievement="achieved", closed_on=dt.date(2026, 6, 1), decided_by=world.mayor
            )
        return project

    replicate("Первое тиражирование", Decimal("100000"), Decimal("200"), True)
    replicate("Второе тиражирование", Decimal("50000.50"), Decimal("40.5"), True)
    replicate("Третье, ещё в работе", Decimal("999999"), Decimal("999"), False)
    row = practices.practice_list(user=world.observer).get(pk=practice.pk)
    assert (row.replication_count, row.replication_closed) == (3, 2)
    assert row.replication_money == Decimal("150000.50") and row.replication_hours == Decimal("240.5")
    totals = practices.practice_context(practice)["totals"]
    assert totals == {"count": 3, "closed": 2, "money": Decimal("150000.50"), "hours": Decimal("240.5")}


def test_plan_of_the_practice_is_offered_as_a_template(client, world, practice):  # п.17
    project = practices.practice_replicate(
        practice=practice, by=world.other_lead, department=world.other_department, title="Справки"
    )
    fill_card(project, member=world.outsider)
    project.indicators.filter(current_value__isnull=True).update(current_value=Decimal("12"))
    with pytest.raises(ActionRefused, match="Формирование плана"):
        practices.replication_plan_copy(project=project, by=world.other_lead)
    services.transition_perform(project=project, by=world.other_lead, action="submit_card")
    assess_card(project)
    services.transition_perform(project=project, by=world.other_coordinator, action="approve_card")
    services.transition_perform(project=project, by=world.mayor, action="sign_card")
    ensure_current_map(project, by=world.other_lead)
    project.refresh_from_db()
    ensure_kickoff(project)  # Положение п.10.1
    services.transition_perform(project=project, by=world.other_lead, action="complete_current_map")
    ensure_target_map(project, by=world.other_lead)
    settle_survey(project, "initiation")  # Положение п.10.1; МР п.4.4
    services.transition_perform(project=project, by=world.other_lead, action="complete_target_map")
    project.refresh_from_db()
    client.force_login(world.other_lead)
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "Скопировать мероприятия практики в план" in detail
    with pytest.raises(ActionRefused, match="руководитель проекта"):
        practices.replication_plan_copy(project=project, by=world.lead)
    client.post(reverse("projects:replication_plan_copy", args=[project.pk]))
    revision = planning.open_revision(project)
    source = practices.practice_activities(project)
    copied = list(revision.activities.order_by("number"))
    assert [a.title for a in copied] == [a.title for a in source] and len(copied) >= 2
    assert all(a.responsible == world.other_lead and a.deadline == project.implementation_end for a in copied)
    assert practices.replication_plan_copy(project=project, by=world.other_lead) == 0  # not twice


# --- The catalogue (п.31) ---------------------------------------------------------------------


def test_catalogue_search_and_filters(client, world):
    first = publish(world, closed_project(world, title="Выдача справок о составе семьи"))
    second = publish(
        world,
        closed_project(world, title="Запись в кружки учреждений культуры"),
        process="Запись детей в кружки",
        area="Культура",
        tags="электронная запись",
        effect="Запись онлайн",
    )
    practices.practice_replicate(
        practice=second, by=world.other_lead, department=world.other_department, title="Запись"
    )
    client.force_login(world.other_lead)
    url = reverse("projects:practices")

    def found(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {p.pk for p in response.context["practices"]}

    assert found() == {first.pk, second.pk}
    assert found(q="кружки") == {second.pk}
    assert found(q="ЭЛЕКТРОННАЯ запись") == {second.pk}  # key words, any case
    assert found(q=first.project.number) == {first.pk}
    assert found(area="Культура") == {second.pk}
    assert found(replicated="true") == {second.pk}
    assert found(replicated="false") == {first.pk}
    assert found(department=world.department.pk) == {first.pk, second.pk}


def test_catalogue_queries_do_not_grow(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publish(world, closed_project(world, title="Первая"))
    client.force_login(world.observer)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("projects:practices"))
    for n in range(3):
        publish(world, closed_project(world, title=f"Практика {n}"))
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("projects:practices"))
    assert len(big.captured_queries) == len(small.captured_queries)


# --- Pages and who sees them -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "catalogue", "page", "replicate", "edit"),
    [
        ("lead", 200, 200, 200, 403),
        ("other_lead", 200, 200, 200, 403),
        ("member", 200, 200, 403, 403),
        ("coordinator", 200, 200, 403, 403),
        ("mayor", 200, 200, 403, 403),
        ("authority", 200, 200, 403, 200),
        ("observer", 200, 200, 403, 403),
        ("foreign_mayor", 200, 404, 404, 404),
    ],
)
def test_practice_pages_for_each_role(client, world, practice, who, catalogue, page, replicate, edit):
    client.force_login(world.people()[who])
    response = client.get(reverse("projects:practices"))
    assert response.status_code == catalogue
    if who == "foreign_mayor":
        assert practice not in response.context["practices"]
    assert client.get(practice.get_absolute_url()).status_code == page
    assert client.get(reverse("projects:practice_replicate", args=[practice.pk])).status_code == replicate
    assert client.get(reverse("projects:practice_edit", args=[practice.pk])).status_code == edit


def test_practice_page_shows_card_maps_and_results(client, world, practice):
    client.force_login(world.other_lead)  # sees the practice, not the original project
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Утверждённая карточка проекта" in html
    assert "<svg" in html and "Карта целевого состояния" in html
    assert "Целевые показатели: цель и факт" in html and "достигнут частично" in html
    assert f'href="{practice.project.get_absolute_url()}"' not in html
    pdf = client.get(reverse("projects:practice_pdf", args=[practice.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_mark_page_only_for_the_authorised_body(client, world):
    project = closed_project(world)
    for who, status in [("authority", 200), ("lead", 403), ("mayor", 403), ("other_lead", 404)]:
        client.force_login(world.people()[who])
        assert client.get(reverse("projects:practice_create", args=[project.pk])).status_code == status, who
    client.force_login(world.authority)
    assert "Внести в базу лучших практик" in client.get(project.get_absolute_url()).content.decode()


# The export to the shared drive (п.31) is proved in tests/documents/test_practice_export.py.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_replications_make_one_project():
    from tests.factories import World
    from tests.projects.test_concurrency import _race

    world = World()
    practice = publish(world, closed_project(world))
    outcomes = _race(
        5,
        lambda: practices.practice_replicate(
            practice=Practice.objects.get(pk=practice.pk),
            by=world.other_lead,
            department=world.other_department,
            title="Гонка",
        ),
    )
    assert outcomes.count("ok") == 1
    assert all("уже тиражируется" in r for r in outcomes if r != "ok")
    assert Project.objects.filter(replicated_from=practice.project).count() == 1
