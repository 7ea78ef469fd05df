"""Citizens' complaints and the registry of projects started from them (МР п.9–10): recording with its
bad input, the primary analysis and the decision that starts a project, who records and who reads,
the registry's filters and its Excel export."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from projects import complaints
from projects.choices import ComplaintDecision, Status
from projects.exceptions import ActionRefused
from projects.models import Complaint, Project
from tests.factories import make_project
from workdays import clock

D = dt.date


def register(world, *, by=None, channel="cur", number="ЦУР-1", received_on=None, department=None, **fields):
    return complaints.complaint_register(
        by=by or world.authority,
        channel=channel,
        number=number,
        received_on=received_on or clock.today() - dt.timedelta(days=5),
        text=fields.get("text", "Долго рассматривают заявление на выплату"),
        department=department or world.department,
        urgency=fields.get("urgency", "normal"),
        priority=fields.get("priority", 3),
    )


def form_data(world, **overrides):
    data = {
        "channel": "cur",
        "number": "ЦУР-2026-0001",
        "received_on": (clock.today() - dt.timedelta(days=3)).isoformat(),
        "text": "Жалоба на очередь при подаче заявления",
        "department": world.department.pk,
        "urgency": "high",
        "priority": "2",
    }
    data.update(overrides)
    return data


# --- Recording (МР п.10) ----------------------------------------------------------------------


def test_complaint_without_a_date_keeps_what_was_typed(client, world):
    client.force_login(world.authority)
    response = client.post(reverse("projects:complaint_create"), form_data(world, received_on=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Укажите дату поступления обращения." in html
    assert "Жалоба на очередь при подаче заявления" in html and 'value="ЦУР-2026-0001"' in html
    assert not Complaint.objects.exists()
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    assert (
        "не может быть в будущем"
        in client.post(
            reverse("projects:complaint_create"), form_data(world, received_on=tomorrow)
        ).content.decode()
    )


def test_duplicate_number_in_the_same_channel(client, world):
    client.force_login(world.authority)
    first = client.post(reverse("projects:complaint_create"), form_data(world))
    complaint = Complaint.objects.get()
    assert first["Location"] == complaint.get_absolute_url()
    assert complaint.registered_by == world.authority and complaint.municipality == world.municipality
    response = client.post(
        reverse("projects:complaint_create"), form_data(world, number="цур-2026-0001", text="Повтор")
    )
    html = response.content.decode()
    assert "уже зарегистрировано" in html and complaint.received_on.strftime("%d.%m.%Y") in html
    assert "Повтор" in html and Complaint.objects.count() == 1
    client.post(reverse("projects:complaint_create"), form_data(world, channel="direct"))  # another channel
    assert Complaint.objects.count() == 2
    with pytest.raises(ActionRefused, match="уже зарегистрировано"):
        register(world, number="ЦУР-2026-0001")


def test_department_head_records_for_his_own_department(world):
    register(world, by=world.lead, number="1")
    with pytest.raises(ActionRefused, match="своё подразделение"):
        register(world, by=world.lead, number="2", department=world.other_department)
    register(world, by=world.authority, number="3", department=world.other_department)
    for user in (world.member, world.coordinator, world.mayor, world.observer):
        with pytest.raises(ActionRefused, match="регистрируют"):
            register(world, by=user, number="4")


def test_triage_urgency_and_priority(client, world):
    complaint = register(world)
    client.force_login(world.lead)
    url = reverse("projects:complaint_edit", args=[complaint.pk])
    data = form_data(world, number=complaint.number, urgency="high", priority="9")
    assert "Выберите корректный вариант" in client.post(url, data).content.decode()
    client.post(url, form_data(world, number=complaint.number, urgency="high", priority="1"))
    complaint.refresh_from_db()
    assert (complaint.urgency, complaint.priority) == ("high", 1)
    with pytest.raises(ActionRefused, match="Уполномоченный орган"):
        complaints.complaint_update(
            complaint=complaint,
            by=world.lead,
            channel="cur",
            number=complaint.number,
            received_on=complaint.received_on,
            text="x",
            department=world.other_department,
            urgency="high",
            priority=1,
        )


# --- The decision and the project (МР п.10) ---------------------------------------------------


def test_head_starts_a_project_from_a_cur_complaint(client, world):
    complaint = register(world, number="ЦУР-77")
    client.force_login(world.lead)
    url = reverse("projects:complaint_decide", args=[complaint.pk])
    response = client.post(url, {"decision": "project", "note": "Системная проблема", "project_title": ""})
    html = response.content.decode()
    assert "Укажите наименование проекта" in html and "Системная проблема" in html
    assert not Project.objects.exists()
    client.post(
        url,
        {"decision": "project", "note": "Системная проблема", "project_title": "Сокращение срока выплаты"},
    )
    complaint.refresh_from_db()
    project = complaint.project
    assert complaint.decision == ComplaintDecision.PROJECT and complaint.decided_by == world.lead
    assert complaint.decided_on == clock.today()
    assert (project.status, project.source, project.lead, project.department) == (
        Status.DRAFT,
        "cur",
        world.lead,
        world.department,
    )
    assert (
        "ЦУР-77" in project.source_reference
        and complaint.received_on.strftime("%d.%m.%Y") in project.source_reference
    )
    assert "Долго рассматривают" in project.dissatisfaction
    assert project.journal.filter(action="complaint_project").exists()
    assert list(project.complaints.all()) == [complaint]
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "Обращения граждан, по которым инициирован проект" in detail and "ЦУР-77" in detail
    with pytest.raises(ActionRefused, match="решение не меняется"):
        complaints.complaint_decide(
            complaint=complaint, by=world.lead, decision="no_action", note="Передумали"
        )


def test_authority_starts_a_project_led_by_the_department_head(world):
    complaint = register(world, channel="direct", number="О-5")
    complaints.complaint_decide(
        complaint=complaint, by=world.authority, decision="project", project_title="Запись на приём"
    )
    complaint.refresh_from_db()
    assert complaint.project.lead == world.lead and complaint.project.source == "complaint"
    assert complaint.decided_by == world.authority
    nobody = register(world, number="Х-1", department=world.other_department)  # no head recorded
    with pytest.raises(ActionRefused, match="не указан руководитель"):
        complaints.complaint_decide(
            complaint=nobody, by=world.authority, decision="project", project_title="X"
        )


def test_complaint_joins_an_open_project(world):
    project = make_project(world)
    complaint = register(world, number="7")
    complaints.complaint_decide(complaint=complaint, by=world.lead, decision="project", project=project)
    complaint.refresh_from_db()
    assert complaint.project == project and project.journal.filter(action="complaint_link").exists()
    other = make_project(world, department=world.other_department, lead=world.other_lead)
    with pytest.raises(ActionRefused, match="действующему проекту"):
        complaints.complaint_decide(
            complaint=register(world, number="8"), by=world.lead, decision="project", project=other
        )


def test_other_decisions_and_who_decides(world):
    complaint = register(world)
    with pytest.raises(ActionRefused, match="почему меры"):
        complaints.complaint_decide(complaint=complaint, by=world.lead, decision="no_action")
    for user in (world.other_lead, world.coordinator, world.mayor, world.member):
        with pytest.raises(ActionRefused, match="Решение по обращению принимает"):
            complaints.complaint_decide(complaint=complaint, by=user, decision="in_work")
    complaints.complaint_decide(complaint=complaint, by=world.lead, decision="in_work", note="Открыта запись")
    complaint.refresh_from_db()
    assert complaint.decision == "in_work" and complaint.project is None


# --- The registry: filters and Excel (МР п.10) ------------------------------------------------


@pytest.fixture
def registry(world):
    a = register(world, number="A", received_on=D(2026, 1, 15))
    b = register(world, channel="direct", number="B", received_on=D(2026, 2, 10))
    c = register(
        world, channel="platform", number="C", received_on=D(2026, 3, 5), department=world.other_department
    )
    complaints.complaint_decide(
        complaint=a, by=world.lead, decision="project", project_title="Проект по обращению A"
    )
    complaints.complaint_decide(complaint=b, by=world.lead, decision="in_work", note="Взято в работу")
    a.refresh_from_db()
    return {"a": a, "b": b, "c": c}


def test_registry_filters(client, world, registry):
    client.force_login(world.authority)
    url = reverse("projects:complaints")

    def found(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {c.number for c in response.context["complaints"]}

    assert found() == {"A", "B", "C"}
    assert found(channel="direct") == {"B"}
    assert found(department=world.other_department.pk) == {"C"}
    assert found(received_from="2026-02-01", received_to="2026-02-28") == {"B"}
    assert found(received_from="01.02.2026") == {"B", "C"}
    assert found(decision="project") == {"A"}
    assert found(stage="draft") == {"A"}
    assert found(stage="closed") == set()
    assert found(q="обращению A") == {"A"}
    response = client.get(url, {"received_from": "вчера"})
    assert "Введите дату" in response.content.decode()


def test_registry_exports_to_excel(client, world, registry):
    from openpyxl import load_workbook

    client.force_login(world.mayor)
    response = client.get(reverse("projects:complaints_xlsx"), {"decision": "project"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Реестр обращений"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Канал", "№ обращения", "Дата поступления")
    assert len(rows) == 2  # the header and complaint A only
    assert rows[1][1] == "A" and isinstance(rows[1][2], dt.datetime) and rows[1][2].date() == D(2026, 1, 15)
    assert rows[1][10] == registry["a"].project.number and rows[1][12] == "Инициатива (черновик карточки)"
    conditions = dict(book["Условия выгрузки"].iter_rows(values_only=True))
    assert conditions["Решение"] == "инициирован проект"


# --- Who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "listing", "detail", "edit", "create"),
    [
        ("authority", 200, 200, 200, 200),
        ("lead", 200, 200, 200, 200),
        ("mayor", 200, 200, 403, 403),
        ("coordinator", 200, 200, 403, 403),
        ("other_coordinator", 200, 404, 404, 403),
        ("other_lead", 200, 404, 404, 200),
        ("member", 403, 403, 403, 403),
        ("observer", 403, 403, 403, 403),
        (
            "foreign_mayor",
            200,
            404,
            404,
            200,
        ),  # the authorised body of another municipality: its own registry
    ],
)
def test_pages_for_each_role(client, world, who, listing, detail, edit, create):
    complaint = register(world)
    client.force_login(world.people()[who])
    response = client.get(reverse("projects:complaints"))
    assert response.status_code == listing
    if listing == 200 and who in ("other_coordinator", "other_lead", "foreign_mayor"):
        assert complaint not in response.context["complaints"]
    assert client.get(complaint.get_absolute_url()).status_code == detail
    assert client.get(reverse("projects:complaint_edit", args=[complaint.pk])).status_code == edit
    assert client.get(reverse("projects:complaint_create")).status_code == create
    assert client.get(reverse("projects:complaints_xlsx")).status_code == listing


def test_registry_list_queries_do_not_grow(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = register(world, number="0")
    complaints.complaint_decide(complaint=first, by=world.lead, decision="project", project_title="Проект 0")
    client.force_login(world.authority)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("projects:complaints"))
    for n in range(1, 5):
        c = register(world, number=str(n))
        complaints.complaint_decide(
            complaint=c, by=world.lead, decision="project", project_title=f"Проект {n}"
        )
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("projects:complaints"))
    assert len(big.captured_queries) == len(small.captured_queries)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_start_one_project():
    """Two heads pressing «Записать решение» at once: one project, the other is told it exists."""
    from tests.factories import World
    from tests.projects.test_concurrency import _race

    world = World()
    complaint = register(world, number="ЦУР-race")
    outcomes = _race(
        6,
        lambda: complaints.complaint_decide(
            complaint=Complaint.objects.get(pk=complaint.pk),
            by=world.lead,
            decision="project",
            project_title="Гонка",
        ),
    )
    assert outcomes.count("ok") == 1
    assert all("решение не меняется" in r for r in outcomes if r != "ok")
    assert Project.objects.filter(source="cur").count() == 1
