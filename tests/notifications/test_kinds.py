"""A notification says what kind it is (issue 21): an action required of the reader, with the
action's button, versus information that asks nothing of them."""

from django.urls import reverse

from notifications.choices import Kind
from notifications.models import Notification
from projects import services as project_services
from tests.factories import advance, make_project

from .test_events import _act


def test_suspension_is_information_not_an_action(
    world, mailoutbox, django_capture_on_commit_callbacks, client
):
    project = advance(make_project(world), world, "current_map")
    _act(
        django_capture_on_commit_callbacks,
        project_services.project_suspend,
        project=project,
        by=world.coordinator,
        comment="Нет исполнителей",
    )
    note = Notification.objects.get(recipient=world.lead, project=project, title__icontains="приостановлен")
    assert note.kind == Kind.INFO and not note.needs_action
    mail = next(m for m in mailoutbox if m.to == [world.lead.email] and "приостановлен" in m.subject.lower())
    assert "Для сведения: действий от вас не требуется." in mail.body
    client.force_login(world.lead)
    html = client.get(reverse("notifications:list")).content.decode()
    item = html[html.index(f'id="notification-{note.pk}"') :]
    item = item[: item.index("</li>")]
    assert "Для сведения" in item and "Действий от вас не требуется." in item
    assert "Перейти к действию" not in item and "Требуется ваше действие" not in item


def test_submitted_card_asks_the_coordinator_to_act_with_a_button(
    world, mailoutbox, django_capture_on_commit_callbacks, client
):
    project = make_project(world)
    _act(django_capture_on_commit_callbacks, project_services.card_submit, project=project, by=world.lead)
    note = Notification.objects.get(recipient=world.coordinator)
    assert note.kind == Kind.EVENT and note.needs_action
    (mail,) = mailoutbox
    assert "Требуется ваше действие." in mail.body
    client.force_login(world.coordinator)
    html = client.get(reverse("notifications:list")).content.decode()
    item = html[html.index(f'id="notification-{note.pk}"') :]
    item = item[: item.index("</li>")]
    assert "Перейти к действию" in item and reverse("notifications:open", args=[note.pk]) in item
