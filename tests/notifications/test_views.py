"""The in-app notification list: own notifications only, the unread count in the navbar, «прочитано»."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification

from .conftest import scan, submitted

D = dt.date


@pytest.fixture
def reminded(world):
    """The coordinator has an overdue reminder; the authorised body and the mayor an escalation."""
    project = submitted(world, D(2025, 10, 29))
    scan(D(2025, 11, 14))
    return project


def test_list_shows_my_notifications_and_the_navbar_counts_unread(client, world, reminded):
    client.force_login(world.coordinator)
    html = client.get(reverse("home")).content.decode()
    assert reverse("notifications:list") in html
    assert '<span class="badge rounded-pill text-bg-danger"' in html and ">1<span" in html

    html = client.get(reverse("notifications:list")).content.decode()
    assert "Просрочено на 1 рабочий день: Рассмотрение карточки координатором" in html
    assert "13.11.2025" in html and "просрочено на 1 рабочий день" in html
    assert "Положение п.14" in html
    assert "Нарушен срок" not in html  # the escalation went to others


def test_escalation_is_in_the_mayors_list(client, world, reminded):
    client.force_login(world.mayor)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Нарушен срок (просрочено на 1 рабочий день)" in html
    assert "Срок нарушил координатор направления — Соколова" in html


def test_opening_marks_read_and_goes_to_the_project(client, world, reminded):
    note = Notification.objects.get(recipient=world.coordinator)
    client.force_login(world.coordinator)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reminded.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None
    html = client.get(reverse("home")).content.decode()
    assert "text-bg-danger" not in html


def test_mark_read_and_mark_all(client, world, reminded):
    submitted(world, D(2025, 10, 30), title="Второй")
    scan(D(2025, 11, 17))
    first, second = Notification.objects.filter(recipient=world.coordinator).order_by("id")
    client.force_login(world.coordinator)
    response = client.post(reverse("notifications:read", args=[first.pk]))
    assert response["Location"] == reverse("notifications:list")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    unread = client.get(reverse("notifications:list") + "?show=unread").content.decode()
    assert "Второй" in unread and reminded.title not in unread

    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=world.coordinator, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.mayor, read_at__isnull=True).exists()


def test_htmx_mark_read_returns_the_row(client, world, reminded):
    note = Notification.objects.get(recipient=world.coordinator)
    client.force_login(world.coordinator)
    response = client.post(reverse("notifications:read", args=[note.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and f'id="notification-{note.pk}"' in html and "прочитано" in html


def test_somebody_elses_notification_is_not_found(client, world, reminded):
    note = Notification.objects.get(recipient=world.coordinator)
    client.force_login(world.lead)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    assert reminded.title not in client.get(reverse("notifications:list")).content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_anonymous_goes_to_login(client, db):
    for url in (reverse("notifications:list"), reverse("notifications:read_all")):
        response = client.get(url) if url.endswith("notifications/") else client.post(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_list_queries_do_not_grow_with_rows(client, world):
    submitted(world, D(2025, 10, 29), title="Первый")
    scan(D(2025, 11, 10))
    client.force_login(world.coordinator)
    url = reverse("notifications:list")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for day in (D(2025, 10, 30), D(2025, 10, 31)):
        for i in range(3):
            submitted(world, day, title=f"Проект {day} {i}")
    scan(D(2025, 11, 12))
    assert Notification.objects.filter(recipient=world.coordinator).count() == 5
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_person_chooses_a_daily_digest(client, world, mailoutbox):
    client.force_login(world.coordinator)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "одной сводкой в день" in html and world.coordinator.email in html
    response = client.post(reverse("notifications:delivery"), {"digest": "1"}, follow=True)
    assert "одной сводкой в день" in " ".join(str(m) for m in response.context["messages"])
    world.coordinator.refresh_from_db()
    assert world.coordinator.email_digest is True
    submitted(world, D(2025, 10, 29))
    scan(D(2025, 11, 10))
    assert [m.subject for m in mailoutbox] == ["Сводка напоминаний на 10.11.2025: 1 уведомление"]

    response = client.post(reverse("notifications:delivery"), {"digest": "maybe"})
    assert response.status_code == 200 and "Выберите корректный вариант" in response.content.decode()
    world.coordinator.refresh_from_db()
    assert world.coordinator.email_digest is True
