"""Every role lands on its own worklist (issue 21): the authorised body's worklist with counts, the
observer's portfolio, the team member's activities and next meeting, the lead's returned card with
the coordinator's remarks, the archive of closed projects; a closed project offers no moves."""

import datetime as dt
import re

from django.urls import reverse

from projects import services
from projects.choices import ComplaintChannel, Status
from projects.models import Complaint, Meeting, Project
from tests.browser.builders import with_plan
from tests.factories import assess_card, make_project
from workdays import clock
from workdays.models import CalendarYear

D = dt.date


def _count(html: str, anchor_id: str) -> int:
    match = re.search(rf'id="{anchor_id}">(\d+)<', html)
    assert match, f"{anchor_id} not on the page"
    return int(match.group(1))


def _close(project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(status=Status.CLOSED)


def test_authority_landing_page_has_its_worklist_with_counts(client, world):
    # Положение п.30–31: two closed projects await a decision on the practice base
    for title in ("Закрыт первый", "Закрыт второй"):
        _close(make_project(world, title=title))
    make_project(world, title="Ещё в работе")
    # МР п.10: one complaint still on the primary analysis, one decided
    for n, decision in (("1", "pending"), ("2", "no_action")):
        Complaint.objects.create(
            municipality=world.municipality,
            channel=ComplaintChannel.CUR,
            number=n,
            received_on=D(2026, 2, 2),
            text="Очередь",
            department=world.department,
            decision=decision,
            registered_by=world.authority,
        )
    CalendarYear.objects.create(year=2031, confirmed=False)
    CalendarYear.objects.create(year=2032, confirmed=True, decree_number="", decree="?")
    CalendarYear.objects.create(year=2033, confirmed=True, decree_number="1335", decree_date=D(2032, 10, 4))
    expected_years = (
        CalendarYear.objects.filter(year__lt=2031, confirmed=False).count()
        + CalendarYear.objects.filter(year__lt=2031, confirmed=True, decree_number="").count()
    )
    client.force_login(world.authority)
    html = client.get("/").content.decode()
    assert "Ждут Уполномоченного органа" in html
    assert _count(html, "worklist-practices") == 2
    assert "Закрыт первый" in html and reverse("projects:complaints") + "?decision=pending" in html
    assert _count(html, "worklist-complaints") == 1
    assert _count(html, "worklist-calendar") == expected_years + 2


def test_observer_lands_on_the_portfolio_with_charts_not_an_empty_my_projects(client, world):
    make_project(world, title="Проект портфеля")
    client.force_login(world.observer)
    html = client.get("/").content.decode()
    assert "Портфель проектов" in html and "<svg" in html
    assert "Мои проекты" not in html


def test_team_member_sees_overdue_then_this_week_and_next_meeting_first(client, world):
    with clock.frozen_today(D(2026, 2, 2)):
        project = with_plan(world)
        services.transition_perform(project=project, by=world.lead, action="submit_plan")
        services.transition_perform(project=project, by=world.coordinator, action="approve_plan")
    mine = list(project.plan_revisions.get(status="approved").activities.filter(responsible=world.member))
    assert mine
    first = min(a.deadline for a in mine)
    Meeting.objects.create(
        project=project,
        kind="team",
        number=1,
        starts_at=dt.datetime(first.year, first.month, first.day, 10, tzinfo=dt.UTC) + dt.timedelta(days=5),
        place="каб. 12",
        created_by=world.lead,
    )
    client.force_login(world.member)
    with clock.frozen_today(first + dt.timedelta(days=1)):
        html = client.get("/").content.decode()
    team = html.index('id="dash-team"')
    assert team < html.index('id="dash-lead"')  # nothing else on top
    assert "Просрочено</h3>" not in html  # the heading carries the count
    assert re.search(r"Просрочено — [1-9]", html)
    assert "Ближайшее совещание" in html and "каб. 12" in html


def test_returned_card_is_flagged_with_the_coordinators_remarks(client, world):
    # Положение п.14: the coordinator returns the card with remarks; the lead sees them on landing
    project = make_project(world, title="Вернули")
    services.card_submit(project=project, by=world.lead)
    assess_card(project)  # Положение п.14: the assessment comes before the decision
    services.card_return(project=project, by=world.coordinator, comment="Уточните целевые показатели")
    client.force_login(world.lead)
    home = client.get("/").content.decode()
    assert "карточка возвращена на доработку" in home and "«Уточните целевые показатели»" in home
    page = client.get(project.get_absolute_url()).content.decode()
    flag = page[page.index('id="card-returned"') :]
    assert flag.index("Уточните целевые показатели") < flag.index("</div>")


def test_resubmitted_card_is_no_longer_flagged(client, world):
    project = make_project(world, title="Вернули и отправили")
    services.card_submit(project=project, by=world.lead)
    assess_card(project)
    services.card_return(project=project, by=world.coordinator, comment="Доработать")
    services.card_submit(project=project, by=world.lead)
    client.force_login(world.lead)
    assert "возвращена на доработку" not in client.get("/").content.decode()


def test_lead_landing_page_has_charts_of_deadlines_and_indicators(client, world):
    project = make_project(world, title="С графиками")
    services.card_submit(project=project, by=world.lead)
    client.force_login(world.lead)
    html = client.get("/").content.decode()
    assert "Сроки моих проектов" in html and "Целевые показатели: плановое изменение" in html


def test_closed_projects_are_in_the_archive_tab_of_my_projects(client, world):
    _close(make_project(world, title="Старый закрытый"))
    make_project(world, title="Текущий")
    client.force_login(world.lead)
    html = client.get("/").content.decode()
    assert "Текущий" in html and "Старый закрытый" not in html and "?projects=archive" in html
    archive = client.get("/?projects=archive").content.decode()
    assert "Старый закрытый" in archive and "Текущий" not in archive


def test_closed_project_has_no_kanban_moves_and_no_editing_actions(client, world):
    project = with_plan(world)
    services.transition_perform(project=project, by=world.lead, action="submit_plan")
    services.transition_perform(project=project, by=world.coordinator, action="approve_plan")
    client.force_login(world.lead)
    board = reverse("projects:board", args=[project.pk])
    assert "Отметить выполненным" in client.get(board).content.decode()
    _close(project)
    html = client.get(board).content.decode()
    assert "Отметить выполненным" not in html and "/move/" not in html
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("projects:meeting_create", args=[project.pk]) not in page
