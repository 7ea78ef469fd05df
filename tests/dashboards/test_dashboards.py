"""Role dashboards (DESIGN §6; issue 10): each role sees only what it may, the figures equal
hand-computed ones, every figure links to the list behind it, the query count does not grow."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards import selectors
from projects import services
from tests.factories import advance, assess_card, make_project
from workdays import clock

D = dt.date


def seed(world):
    """Three projects of the coordinator's direction and one of another direction, with statutory
    steps done on time, late and overdue."""
    with clock.frozen_today(D(2026, 2, 2)):
        a = make_project(world, title="А: вовремя")
        services.card_submit(project=a, by=world.lead)
        b = make_project(world, title="Б: с опозданием")
        services.card_submit(project=b, by=world.lead)
        c = make_project(world, title="В: просрочен")
        services.card_submit(project=c, by=world.lead)
        other = make_project(
            world, title="Чужое направление", department=world.other_department, lead=world.other_lead
        )
        services.card_submit(project=other, by=world.other_lead)
    with clock.frozen_today(D(2026, 2, 5)):
        assess_card(a)
        services.card_approve(project=a, by=world.coordinator)  # on time (due 16.02)
    with clock.frozen_today(D(2026, 2, 20)):
        assess_card(b)
        services.card_approve(project=b, by=world.coordinator)  # late
    return a, b, c, other


def test_coordinator_sees_only_his_direction(world):
    a, b, c, other = seed(world)
    with clock.frozen_today(D(2026, 2, 20)):
        data = selectors.coordinator_dashboard(world.coordinator)
    titles = {d.project.title for d in data["inbox"]}
    assert titles == {"В: просрочен"}
    assert data["total"] == 3
    assert {s["stage"].value: s["count"] for s in data["stages"]} == {"card_review": 1, "card_signing": 2}
    assert [d.project.title for d in data["overdue_steps"]] == ["В: просрочен"]


def test_discipline_is_hand_computable(world):
    seed(world)
    with clock.frozen_today(D(2026, 2, 20)):
        total = selectors.discipline_total(
            selectors.Deadline.objects.filter(project__department__direction__coordinator=world.coordinator)
        )
    # one on time (А), one late (Б), one open and overdue (В): 1 of 3 = 33 %
    assert (total["on_time"], total["late"], total["overdue"], total["share"]) == (1, 1, 1, 33)


def test_figures_link_to_the_filtered_list(client, world):
    seed(world)
    client.force_login(world.coordinator)
    with clock.frozen_today(D(2026, 2, 20)):
        data = selectors.coordinator_dashboard(world.coordinator)
        signing = next(s for s in data["stages"] if s["stage"].value == "card_signing")
        html = client.get(signing["url"]).content.decode()
    assert "А: вовремя" in html and "Б: с опозданием" in html and "В: просрочен" not in html


def test_authority_sees_the_whole_municipality_and_the_foreigner_nothing(world):
    seed(world)
    data = selectors.authority_dashboard(world.authority)
    assert data["total"] == 4
    assert selectors.authority_dashboard(world.foreign_mayor)["total"] == 0


def test_lead_dashboard_shows_next_step_and_days_left(client, world):
    with clock.frozen_today(D(2026, 2, 2)):
        project = make_project(world, title="Мой проект")
        services.card_submit(project=project, by=world.lead)
    client.force_login(world.lead)
    with clock.frozen_today(D(2026, 2, 12)):
        html = client.get("/").content.decode()
    assert (
        "Мой проект" in html
        and "Рассмотрение карточки координатором" in html
        and "осталось 2 рабочих дня" in html
    )


def test_mayor_dashboard_lists_cards_to_sign(client, world):
    project = advance(make_project(world, title="На подпись"), world, "card_signing")
    client.force_login(world.mayor)
    html = client.get("/").content.decode()
    assert "Карточки на утверждение" in html and project.title in html


@pytest.mark.parametrize("who", ["coordinator", "authority", "mayor", "lead", "observer"])
def test_dashboard_queries_do_not_grow_with_projects(client, world, who):
    seed(world)
    client.force_login(getattr(world, who))
    with CaptureQueriesContext(connection) as small:
        assert client.get("/").status_code == 200
    for n in range(6):
        p = make_project(world, title=f"Ещё {n}")
        services.card_submit(project=p, by=world.lead)
    with CaptureQueriesContext(connection) as big:
        assert client.get("/").status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)


def test_export_to_excel(client, world):
    from openpyxl import load_workbook

    seed(world)
    client.force_login(world.coordinator)
    response = client.get(reverse("dashboards:export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert "Ждут решения" in book.sheetnames
    rows = list(book["Ждут решения"].values)
    assert rows[0][0] == "Что" and any("В: просрочен" in str(r[1]) for r in rows[1:])
