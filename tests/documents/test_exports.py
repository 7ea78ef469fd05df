"""Excel exports: the project registry is the project list page with its current filter and only the
projects the user may see (DESIGN §6 «every list exportable»); the deadlines export measures
execution discipline per stage, department and coordinator (DESIGN §2; Положение п.14)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from documents import exports
from projects import services
from tests.factories import assess_card, make_project
from workdays import clock

D = dt.date


def _book(content: bytes):
    return load_workbook(io.BytesIO(content))


def _rows(ws) -> list[list]:
    return [
        [c.value for c in row] for row in ws.iter_rows(min_row=2) if any(c.value is not None for c in row)
    ]


@pytest.fixture
def projects(world):
    with clock.frozen_today(D(2026, 3, 2)):
        social = make_project(world, title="Выдача справок о составе семьи")
        services.card_submit(project=social, by=world.lead)
        quiet = make_project(world, title="Приём заявлений «ёлка» — Ёжиков")
        culture = make_project(
            world, title="Запись в кружки", department=world.other_department, lead=world.other_lead
        )
    return social, quiet, culture


def test_registry_round_trips_values_dates_and_cyrillic_with_a_frozen_header(world, projects):
    social, quiet, culture = projects
    with clock.frozen_today(D(2026, 4, 1)):
        content = exports.registry_xlsx(user=world.authority, params={})
    book = _book(content)
    assert book.sheetnames == ["Реестр проектов", "Условия отбора"]
    ws = book["Реестр проектов"]
    header = [c.value for c in ws[1]]
    assert header[:6] == [
        "№ проекта",
        "Наименование проекта",
        "Подразделение",
        "Руководитель проекта",
        "Координатор",
        "Стадия",
    ]
    assert "Ближайший срок" in header and "Есть просроченные сроки" in header
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:P{1 + 3}"
    assert ws.column_dimensions["B"].width == 48
    assert ws["A1"].font.b

    rows = {row[0]: dict(zip(header, row, strict=True)) for row in _rows(ws)}
    assert set(rows) == {social.number, quiet.number, culture.number}
    row = rows[social.number]
    assert row["Наименование проекта"] == "Выдача справок о составе семьи"
    assert row["Подразделение"] == "Отдел социальной поддержки"
    assert row["Руководитель проекта"] == "Васильева И.И."
    assert row["Координатор"] == "Соколова И.И."
    assert row["Стадия"] == "Рассмотрение координатором"
    assert row["Создан"] == dt.datetime(2026, 3, 2)  # the day of the journal, as a date
    # 10 working days after 02.03.2026 (п.14); 9 March 2026 is a day off, so the due date is 17.03
    assert row["Ближайший срок"] == dt.datetime(2026, 3, 17)
    assert row["Что должно быть сделано к сроку"] == "Рассмотрение карточки координатором"
    assert row["Есть просроченные сроки"] == "да"
    assert row["Старт проекта"] == dt.datetime.combine(social.start_date, dt.time())
    assert rows[quiet.number]["Наименование проекта"] == "Приём заявлений «ёлка» — Ёжиков"
    assert rows[quiet.number]["Есть просроченные сроки"] == "нет"
    assert rows[quiet.number]["Ближайший срок"] is None
    column = header.index("Создан") + 1
    assert ws.cell(row=2, column=column).number_format == "DD.MM.YYYY"


@pytest.mark.parametrize(
    "person, expected",
    [
        (
            "authority",
            {"Выдача справок о составе семьи", "Приём заявлений «ёлка» — Ёжиков", "Запись в кружки"},
        ),
        ("coordinator", {"Выдача справок о составе семьи", "Приём заявлений «ёлка» — Ёжиков"}),
        ("other_lead", {"Запись в кружки"}),
        ("outsider", set()),
        ("foreign_mayor", set()),
    ],
)
def test_registry_holds_only_what_the_user_may_see(world, projects, person, expected):
    content = exports.registry_xlsx(user=world.people()[person], params={})
    titles = {row[1] for row in _rows(_book(content)["Реестр проектов"])}
    assert titles == expected


def test_registry_export_is_the_list_page_with_its_filter(client, world, projects):
    social, quiet, culture = projects
    client.force_login(world.authority)
    query = {"department": world.department.pk, "status": ["draft"]}
    page = client.get(reverse("projects:list"), query)
    listed = {p.number for p in page.context["page"].object_list}
    response = client.get(reverse("documents:registry_xlsx"), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = _book(response.content)
    exported = {row[0] for row in _rows(book["Реестр проектов"])}
    assert exported == listed == {quiet.number}
    conditions = {row[0]: row[1] for row in _rows_all(book["Условия отбора"])}
    assert conditions["Подразделение"] == "Отдел социальной поддержки"
    assert conditions["Стадия"] == "Инициатива (черновик карточки)"
    assert conditions["Проектов в реестре"] == "1"


def _rows_all(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_registry_search_and_overdue_filters(client, world, projects):
    social, quiet, culture = projects
    client.force_login(world.authority)
    with clock.frozen_today(D(2026, 4, 1)):
        overdue = client.get(reverse("documents:registry_xlsx"), {"overdue": "true"})
        search = client.get(reverse("documents:registry_xlsx"), {"q": "ёлка"})
    assert {r[0] for r in _rows(_book(overdue.content)["Реестр проектов"])} == {social.number}
    assert {r[1] for r in _rows(_book(search.content)["Реестр проектов"])} == {
        "Приём заявлений «ёлка» — Ёжиков"
    }


@pytest.fixture
def discipline(world):
    """Four card reviews (10 working days, п.14): on time, late, overdue, still running."""
    made = {}
    for key in ("on_time", "late", "overdue"):
        with clock.frozen_today(D(2026, 3, 2)):
            made[key] = make_project(world, title=f"Проект {key}")
            services.card_submit(project=made[key], by=world.lead)  # due 17.03.2026 (9 March is off)
    with clock.frozen_today(D(2026, 3, 5)):
        assess_card(made["on_time"])
        services.card_approve(project=made["on_time"], by=world.coordinator)
    with clock.frozen_today(D(2026, 3, 20)):
        assess_card(made["late"])
        services.card_approve(project=made["late"], by=world.coordinator)
    with clock.frozen_today(D(2026, 3, 25)):
        made["running"] = make_project(
            world, title="Проект культуры", department=world.other_department, lead=world.other_lead
        )
        services.card_submit(project=made["running"], by=world.other_lead)
    return made


def test_deadlines_export_counts_on_time_late_and_overdue_per_stage_department_and_coordinator(
    world, discipline
):
    with clock.frozen_today(D(2026, 4, 1)):
        content = exports.registry_deadlines_xlsx(user=world.authority, params={})
    book = _book(content)
    assert book.sheetnames == [
        "Сроки",
        "По этапам",
        "По подразделениям",
        "По координаторам",
        "Условия отбора",
    ]

    ws = book["Сроки"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in _rows(ws)]
    reviews = {r["Проект"]: r for r in rows if r["Этап"] == "Рассмотрение карточки координатором"}
    assert reviews["Проект on_time"]["Исполнение"] == "исполнено в срок"
    assert reviews["Проект late"]["Исполнение"] == "исполнено с нарушением срока"
    assert reviews["Проект late"]["Просрочка, раб. дн."] == 3  # 18, 19, 20 March
    assert reviews["Проект overdue"]["Исполнение"] == "просрочено"
    assert reviews["Проект overdue"]["Просрочка, раб. дн."] == 11  # 18.03–01.04 in working days
    assert reviews["Проект overdue"]["Срок"] == dt.datetime(2026, 3, 17)
    assert reviews["Проект overdue"]["Норматив, раб. дн."] == 10
    assert reviews["Проект культуры"]["Исполнение"] == "в работе"
    signing = [r for r in rows if r["Этап"] == "Подписание карточки Мэром"]
    assert {r["Исполнение"] for r in signing} == {"в работе (без нормативного срока)"}

    stages = {r[0]: r for r in _rows(book["По этапам"])}
    review = stages["Рассмотрение карточки координатором (Положение п.14)"]
    assert review[1:6] == [4, 1, 1, 1, 1]
    assert review[6] == pytest.approx(1 / 3)
    assert book["По этапам"].cell(row=2, column=7).number_format == "0%"
    assert stages["Итого"][1:6] == [4, 1, 1, 1, 1]

    departments = {r[0]: r for r in _rows(book["По подразделениям"])}
    assert departments["Отдел социальной поддержки"][1:7] == [3, 1, 1, 1, 0, pytest.approx(1 / 3)]
    assert departments["Управление культуры"][1:7] == [1, 0, 0, 0, 1, None]

    coordinators = {r[0]: r for r in _rows(book["По координаторам"])}
    assert coordinators["Соколова И.И."][2:5] == [1, 1, 1]


def test_deadlines_export_respects_visibility(world, discipline):
    with clock.frozen_today(D(2026, 4, 1)):
        content = exports.registry_deadlines_xlsx(user=world.other_lead, params={})
    rows = _rows(_book(content)["Сроки"])
    assert {r[1] for r in rows} == {"Проект культуры"}


def test_project_deadlines_download(client, world, discipline):
    project = discipline["late"]
    client.force_login(world.lead)
    response = client.get(reverse("documents:project_deadlines_xlsx", args=[project.pk]))
    assert response.status_code == 200
    rows = _rows(_book(response.content)["Сроки"])
    assert {r[0] for r in rows} == {project.number}


def _queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_exports_read_a_fixed_number_of_queries_whatever_the_number_of_projects(world):
    def seed(n):
        for i in range(n):
            project = make_project(world, title=f"Проект {i}")
            services.card_submit(project=project, by=world.lead)

    seed(2)
    exports.registry_xlsx(user=world.coordinator, params={})  # the user's roles are read once
    registry = _queries(lambda: exports.registry_xlsx(user=world.coordinator, params={}))
    deadlines = _queries(lambda: exports.registry_deadlines_xlsx(user=world.coordinator, params={}))
    seed(8)
    assert _queries(lambda: exports.registry_xlsx(user=world.coordinator, params={})) == registry
    assert _queries(lambda: exports.registry_deadlines_xlsx(user=world.coordinator, params={})) == deadlines
