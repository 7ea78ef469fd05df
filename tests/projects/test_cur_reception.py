"""МР п.10: «Прием обращений от ЦУР осуществляется работником Отдела информационной политики,
после чего обращение направляется для первичного анализа» в подразделение по существу — the
reception records the ЦУР's messages (and only those), routes them to any department, and keeps
its own worklist of the messages still awaiting the primary analysis (issue 19.9)."""

import pytest
from django.urls import reverse

from projects import complaints
from projects.exceptions import ActionRefused
from tests.factories import DepartmentFactory, UserFactory

from .test_complaints import form_data, register


@pytest.fixture
def reception(world):
    media = DepartmentFactory(
        municipality=world.municipality, name="Отдел информационной политики", receives_cur_messages=True
    )
    return UserFactory(username="cur_reception", municipality=world.municipality, department=media, roles=[])


def test_mr_p10_the_information_policy_department_takes_in_cur_messages(world, reception):
    complaint = register(world, by=reception, channel="cur", number="ЦУР-77", department=world.department)
    assert complaint.department == world.department and complaint.registered_by == reception
    # the head of the department it was routed to analyses and decides
    assert complaints.can_manage(complaint, world.lead)
    assert not complaints.can_manage(complaint, reception)
    assert list(complaints.cur_worklist(user=reception)) == [complaint]
    complaints.complaint_decide(complaint=complaint, by=world.lead, decision="in_work", note="Берём в работу")
    assert not complaints.cur_worklist(user=reception).exists()
    assert complaint in complaints.complaints_visible_to(user=reception)


def test_mr_p10_the_reception_records_only_the_cur_channel(world, reception):
    with pytest.raises(ActionRefused, match="Отдел информационной политики принимает обращения ЦУР"):
        register(world, by=reception, channel="direct", number="А-1")


def test_mr_p10_an_employee_of_another_department_records_nothing(world):
    with pytest.raises(ActionRefused, match="обращения ЦУР — Отдел информационной политики"):
        register(world, by=world.member, channel="cur", number="ЦУР-78")


def test_mr_p10_the_reception_has_its_own_worklist_and_form(client, world, reception):
    client.force_login(reception)
    form = client.get(reverse("projects:complaint_create")).content.decode()
    assert 'value="cur"' in form and 'value="direct"' not in form
    response = client.post(
        reverse("projects:complaint_create"), form_data(world, channel="direct", number="А-2")
    )
    assert response.status_code == 200 and not complaints.Complaint.objects.exists()
    client.post(reverse("projects:complaint_create"), form_data(world, number="ЦУР-79"))
    assert complaints.Complaint.objects.filter(number="ЦУР-79", registered_by=reception).exists()
    home = client.get(reverse("home")).content.decode()
    assert "Обращения ЦУР на первичном анализе: 1" in home and "ЦУР-79" in home
    assert "Роли не назначены" not in home
