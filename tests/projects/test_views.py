"""The pages people drive the lifecycle from (issue 3 «Done when»), tried through the test client."""

import datetime as dt

import pytest
from django.urls import reverse

from projects import services
from projects.models import Project
from tests.factories import advance, assess_card, criteria_post, fill_card, make_project
from workdays import clock

D = dt.date


def _follow_messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_lead_creates_a_project_and_fills_the_card_by_sections(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:create"),
        {"title": "Выдача справок", "department": world.department.pk, "source": "initiative"},
    )
    project = Project.objects.get(title="Выдача справок")
    assert response["Location"] == reverse("projects:card", args=[project.pk, "block1"])
    assert project.lead == world.lead and project.status == "draft"

    response = client.post(
        reverse("projects:card", args=[project.pk, "block2"]),
        {
            "key_risk": "Срыв сроков",
            "scale": "1000 в год",
            "dissatisfaction": "",
            "problems": "Очереди",
            "save": "1",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.key_risk == "Срыв сроков"


def test_bad_number_keeps_what_was_typed(client, world):
    project = make_project(world, filled=False)
    client.force_login(world.lead)
    data = {
        "ind-TOTAL_FORMS": "1",
        "ind-INITIAL_FORMS": "0",
        "ind-MIN_NUM_FORMS": "0",
        "ind-MAX_NUM_FORMS": "1000",
        "ind-0-name": "Время ожидания в очереди",
        "ind-0-unit": "минут",
        "ind-0-current_value": "сорок",
        "ind-0-target_value": "15",
        "ind-0-direction": "decrease",
        "ind-0-measurement": "хронометраж",
    }
    response = client.post(reverse("projects:card", args=[project.pk, "block3"]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Введите число, например 12 или 12,5." in html
    assert 'value="Время ожидания в очереди"' in html
    assert 'value="сорок"' in html
    assert not project.indicators.exists()


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "-Infinity"])
def test_not_a_number_in_a_saved_indicator_row_is_a_message(client, world, typed):
    """A signalling NaN once reached Decimal comparison in has_changed() (found by fuzzing)."""
    project = make_project(world, filled=False)
    indicator = project.indicators.create(
        name="Время ожидания", unit="мин", current_value=40, target_value=15, direction="decrease"
    )
    client.force_login(world.lead)
    data = {
        "ind-TOTAL_FORMS": "1",
        "ind-INITIAL_FORMS": "1",
        "ind-MIN_NUM_FORMS": "0",
        "ind-MAX_NUM_FORMS": "1000",
        "ind-0-id": str(indicator.pk),
        "ind-0-name": "Время ожидания",
        "ind-0-unit": "мин",
        "ind-0-current_value": typed,
        "ind-0-target_value": "15",
        "ind-0-direction": "decrease",
        "ind-0-measurement": "",
    }
    response = client.post(reverse("projects:card", args=[project.pk, "block3"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Введите число, например 12 или 12,5." in html
    assert f'value="{typed}"' in html
    indicator.refresh_from_db()
    assert indicator.current_value == 40


def test_decimal_comma_is_accepted_and_slogan_warned(client, world):
    project = make_project(world, filled=False)
    client.force_login(world.lead)
    data = {
        "ind-TOTAL_FORMS": "1",
        "ind-INITIAL_FORMS": "0",
        "ind-MIN_NUM_FORMS": "0",
        "ind-MAX_NUM_FORMS": "1000",
        "ind-0-name": "Повысить эффективность работы персонала",
        "ind-0-unit": "",
        "ind-0-current_value": "12,5",
        "ind-0-target_value": "20",
        "ind-0-direction": "increase",
        "ind-0-measurement": "",
    }
    response = client.post(reverse("projects:card", args=[project.pk, "block3"]), data, follow=True)
    assert project.indicators.get().current_value == 12.5
    html = response.content.decode()
    assert "похоже на лозунг" in html  # a warning, the draft is saved anyway (МР п.4.5в)


def test_block4_proposes_statutory_dates(client, world):
    project = make_project(world, filled=False)
    client.force_login(world.lead)
    with clock.frozen_today(D(2025, 10, 29)):
        response = client.post(reverse("projects:card", args=[project.pk, "block4"]), {"propose": "1"})
    html = response.content.decode()
    assert 'value="2025-11-13"' in html  # start: after the coordinator's 10 working days
    project.refresh_from_db()
    assert project.start_date is None  # proposed, not saved


def test_card_of_a_submitted_project_is_not_editable(client, world):
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:card", args=[project.pk, "block2"]), {"key_risk": "другое"}, follow=True
    )
    assert "изменить нельзя" in _follow_messages(response)
    project.refresh_from_db()
    assert project.key_risk != "другое"


def test_the_whole_issue3_scenario_through_the_pages(client, world):
    with clock.frozen_today(D(2026, 2, 2)):
        project = make_project(world)
        client.force_login(world.lead)
        client.post(reverse("projects:act", args=[project.pk, "submit_card"]), {"expected_status": "draft"})
        client.force_login(world.coordinator)
        inbox = client.get(reverse("projects:inbox")).content.decode()
        assert project.title in inbox and "осталось 10 рабочих дней" in inbox

    with clock.frozen_today(D(2026, 2, 12)):
        inbox = client.get(reverse("projects:inbox")).content.decode()
        assert "осталось 2 рабочих дня" in inbox  # 23 February is a holiday
        # п.14: the coordinator records his assessment on the review page before deciding
        client.post(reverse("projects:criteria", args=[project.pk, "p14"]), criteria_post("p14"))
        response = client.post(
            reverse("projects:act", args=[project.pk, "return_card"]),
            {"comment": "Добавьте анализ сторон", "expected_status": "card_review"},
            follow=True,
        )
        assert "возвращена на доработку" in response.content.decode()
        client.force_login(world.lead)
        client.post(reverse("projects:act", args=[project.pk, "submit_card"]), {"expected_status": "draft"})
        client.force_login(world.coordinator)
        client.post(reverse("projects:criteria", args=[project.pk, "p14"]), criteria_post("p14"))
        client.post(
            reverse("projects:act", args=[project.pk, "approve_card"]),
            {"lead": world.lead.pk, "expected_status": "card_review"},
        )
        client.force_login(world.mayor)
        signing = client.get(reverse("projects:signing")).content.decode()
        assert project.title in signing
        client.post(
            reverse("projects:act", args=[project.pk, "sign_card"]), {"expected_status": "card_signing"}
        )

    project.refresh_from_db()
    assert project.status == "current_map"
    deadline = project.deadlines.get(stage="current_map")
    assert deadline.due_on == D(2026, 3, 23)  # 25 working days after 12.02.2026 (23.02 and 9.03 off)
    page = client.get(project.get_absolute_url()).content.decode()
    for text in [
        "Карточка направлена координатору",
        "Карточка возвращена на доработку",
        "Добавьте анализ сторон",
        "Карточка согласована координатором",
        "Карточка утверждена Мэром",
    ]:
        assert text in page


def test_refused_act_is_a_message_not_an_error(client, world):
    project = make_project(world)
    client.force_login(world.other_coordinator)  # another direction: 404, he cannot even see it
    assert client.post(reverse("projects:act", args=[project.pk, "approve_card"])).status_code == 404
    services.card_submit(project=project, by=world.lead)
    client.force_login(world.mayor)  # sees it, may not approve
    response = client.post(
        reverse("projects:act", args=[project.pk, "approve_card"]), {"lead": world.lead.pk}, follow=True
    )
    assert response.status_code == 200
    assert "нет на него прав" in response.content.decode()
    project.refresh_from_db()
    assert project.status == "card_review"


def test_same_form_submitted_twice_makes_one_transition(client, world):
    project = make_project(world)
    client.force_login(world.lead)
    url = reverse("projects:act", args=[project.pk, "submit_card"])
    client.post(url, {"expected_status": "draft"})
    response = client.post(url, {"expected_status": "draft"}, follow=True)
    assert "уже выполнил другой участник" in response.content.decode()
    assert project.journal.filter(action="submit_card").count() == 1


def test_project_page_shows_only_acts_the_user_may_take(client, world):
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    client.force_login(world.coordinator)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Согласовать и назначить руководителя" in html
    assert "Утвердить карточку" not in html
    client.force_login(world.lead)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Согласовать и назначить руководителя" not in html
    assert "Сейчас от вас по этому проекту ничего не требуется" in html


def test_signed_card_version_stays_readable(client, world):
    project = advance(make_project(world), world, "current_map")
    entry = project.journal.get(action="sign_card")
    project.indicators.update(name="Изменённое название")
    client.force_login(world.authority)
    html = client.get(reverse("projects:card_version", args=[project.pk, entry.pk])).content.decode()
    assert "Срок предоставления услуги" in html
    assert "Изменённое название" not in html


def test_list_filters(client, world):
    a = make_project(world, title="Первый проект")
    make_project(world, title="Второй проект", department=world.other_department, lead=world.other_lead)
    services.card_submit(project=a, by=world.lead)
    client.force_login(world.authority)
    html = client.get(reverse("projects:list"), {"status": "card_review"}).content.decode()
    assert "Первый проект" in html and "Второй проект" not in html
    html = client.get(reverse("projects:list"), {"q": "второй"}).content.decode()
    assert "Второй проект" in html and "Первый проект" not in html
    html = client.get(reverse("projects:list"), {"department": world.other_department.pk}).content.decode()
    assert "Второй проект" in html and "Первый проект" not in html
    html = client.get(reverse("projects:list"), {"coordinator": world.coordinator.pk}).content.decode()
    assert "Первый проект" in html and "Второй проект" not in html


def test_overdue_filter(client, world):
    with clock.frozen_today(D(2026, 2, 2)):
        late = make_project(world, title="Просроченный")
        services.card_submit(project=late, by=world.lead)
    make_project(world, title="Свежий")
    client.force_login(world.authority)
    with clock.frozen_today(D(2026, 3, 2)):
        html = client.get(reverse("projects:list"), {"overdue": "true"}).content.decode()
    assert "Просроченный" in html and "Свежий" not in html


def _count_queries(client, url, django_assert_max_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_inbox_queries_do_not_grow_with_rows(client, world):
    def seed(n):
        for i in range(n):
            p = make_project(world, title=f"Проект {i}")
            services.card_submit(project=p, by=world.lead)

    seed(2)
    client.force_login(world.coordinator)
    list_small = _count_queries(client, reverse("projects:list"))
    inbox_small = _count_queries(client, reverse("projects:inbox"))
    seed(8)
    assert _count_queries(client, reverse("projects:list")) == list_small
    assert _count_queries(client, reverse("projects:inbox")) == inbox_small


def test_detail_page_queries_do_not_grow_with_journal(client, world):
    project = make_project(world)
    client.force_login(world.coordinator)
    services.card_submit(project=project, by=world.lead)
    first = _count_queries(client, project.get_absolute_url())
    for _ in range(3):
        assess_card(project)
        services.card_return(project=project, by=world.coordinator, comment="ещё")
        services.card_submit(project=project, by=world.lead)
    assert _count_queries(client, project.get_absolute_url()) == first


@pytest.mark.parametrize("kind", ["kickoff", "team"])
def test_meeting_with_invitations_confirmation_and_protocol(
    client, world, kind, mailoutbox, django_capture_on_commit_callbacks
):
    project = advance(make_project(world), world, "current_map")
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:meeting_create", args=[project.pk]),
        {
            "kind": kind,
            "starts_at": "2026-03-10T10:00",
            "place": "каб. 210",
            "agenda": "Цели проекта\nРоли участников",
            "participants": [world.member.pk, world.coordinator.pk],
        },
    )
    meeting = project.meetings.get()
    assert response["Location"] == meeting.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("projects:meeting_act", args=[project.pk, meeting.pk, "invite"]))
    assert len(mailoutbox) == 2
    assert "каб. 210" in mailoutbox[0].body and "Роли участников" in mailoutbox[0].body
    client.force_login(world.member)
    client.post(reverse("projects:meeting_act", args=[project.pk, meeting.pk, "confirm"]))
    assert meeting.participants.get(user=world.member).confirmed_at is not None
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:meeting_act", args=[project.pk, meeting.pk, "approve"]), follow=True
    )
    assert "Отметьте, что совещание состоялось" in response.content.decode()
    client.post(
        reverse("projects:meeting_edit", args=[project.pk, meeting.pk]),
        {
            "kind": kind,
            "starts_at": "2026-03-10T10:00",
            "place": "каб. 210",
            "agenda": "Цели проекта",
            "held": "on",
            "decisions": "Инициировать проект\nПровести картирование",
            "initiation_decided": "on" if kind == "kickoff" else "",
            "participants": [world.member.pk],
        },
    )
    client.post(reverse("projects:meeting_act", args=[project.pk, meeting.pk, "approve"]))
    meeting.refresh_from_db()
    assert meeting.is_protocol_approved
    assert project.journal.filter(action="meeting_protocol").exists()


def test_kickoff_protocol_needs_the_decision_to_initiate(world):  # Положение п.10.1
    from projects.exceptions import ActionRefused
    from projects.models import Meeting

    project = make_project(world)
    meeting = Meeting.objects.create(
        project=project,
        kind="kickoff",
        starts_at=clock.now(),
        held=True,
        decisions="Обсудили",
        created_by=world.lead,
    )
    with pytest.raises(ActionRefused, match="решение об инициации"):
        services.meeting_protocol_approve(meeting=meeting, by=world.lead)


def test_card_change_after_signing_needs_coordinator_consent(client, world):  # Положение п.15, 22
    project = advance(make_project(world), world, "current_map")
    change = services.card_change_start(project=project, by=world.lead, reason="Уточнён целевой показатель")
    project.indicators.filter(order=1).update(target_value=4)
    services.card_change_submit(change=change, by=world.lead)
    services.card_change_decide(change=change, by=world.coordinator, approve=True)
    assert project.indicators.get(order=1).target_value == 5  # a target value waits for the Mayor (п.15)
    services.card_amendment_sign(change=change, by=world.mayor)
    assert (
        project.journal.filter(action="card_amendment_sign").get().snapshot["indicators"][0]["target_value"]
        == "4"
    )

    change = services.card_change_start(project=project, by=world.lead, reason="Ещё раз")
    project.indicators.filter(order=1).update(target_value=1)
    services.card_change_submit(change=change, by=world.lead)
    services.card_change_decide(change=change, by=world.coordinator, approve=False, comment="Нереалистично")
    assert project.indicators.get(order=1).target_value == 4  # the approved version is restored


def test_fill_card_helper_is_complete(world):
    from projects.card_checks import check_card

    project = make_project(world, filled=False)
    fill_card(project, member=world.member)
    assert [i.message for i in check_card(project) if i.blocking] == []


def test_only_the_mayor_approves_the_closing_protocol(world):  # Положение п.26; МР п.8
    from projects.exceptions import ActionRefused
    from projects.models import Meeting

    project = make_project(world)
    meeting = Meeting.objects.create(
        project=project,
        kind="closing",
        starts_at=clock.now(),
        held=True,
        decisions="Закрыть проект",
        created_by=world.lead,
    )
    for who in (world.lead, world.coordinator):
        with pytest.raises(ActionRefused, match="утверждает Мэр"):
            services.meeting_protocol_approve(meeting=meeting, by=who)
    assert services.meeting_protocol_approve(meeting=meeting, by=world.mayor).is_protocol_approved


def test_a_card_change_decision_with_a_nul_in_its_comment_is_a_message(client, world):  # issue 13
    project = advance(make_project(world), world, "current_map")
    change = services.card_change_start(project=project, by=world.lead, reason="Уточнён целевой показатель")
    project.indicators.filter(order=1).update(target_value=4)
    services.card_change_submit(change=change, by=world.lead)
    client.force_login(world.coordinator)
    url = reverse("projects:card_change_act", args=[project.pk, change.pk, "reject"])
    response = client.post(url, {"comment": "\x00"}, follow=True)
    assert "Решение не записано: комментарий" in response.content.decode()
    change.refresh_from_db()
    assert change.status == "pending"
