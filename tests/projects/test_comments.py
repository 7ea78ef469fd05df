"""The authorised body's methodological comments and consultations (Положение п.6.1, 6.3; issue
19.9): on any project at any stage, by the authority of the project's municipality only, each reaching
the lead at once (in the app and by e-mail), shown on the project page with who and when, visible to
everybody who sees the project, who may reply. And the mayor's office's notes for the mayor (п.4)."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import mail_deliver_pending
from org.choices import Role
from projects import comments
from projects.choices import CommentKind, Status
from projects.exceptions import ActionRefused
from projects.models import ProjectComment
from tests.factories import UserFactory, advance, make_project
from workdays import clock

D = dt.date
TEXT = "Уточните цель: показатель «время ожидания» должен иметь базовое и целевое значение (МР п.4.5)."


@pytest.fixture
def mailer(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _url(project):
    return reverse("projects:comments", args=[project.pk])


def test_p6_authority_comment_reaches_the_lead(client, world, mailer, django_capture_on_commit_callbacks):
    """п.6.1: the authority comments on the card; the lead is told at once in the app and by e-mail;
    the project page shows the comment with who and when."""
    project = advance(make_project(world), world, "card_review")
    client.force_login(world.authority)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(project), {"kind": "method", "artefact": "card", "text": TEXT})
    assert response.status_code == 302, _messages(response)
    comment = ProjectComment.objects.get(project=project)
    assert (comment.kind, comment.artefact, comment.author) == ("method", "card", world.authority)

    note = Notification.objects.get(project=project, recipient=world.lead)
    assert "Методический комментарий Уполномоченного органа" in note.title
    assert Notification.objects.filter(project=project).count() == 1  # the lead, not the author
    mail_deliver_pending()  # what a Celery worker does (with Redis the task waits for one)
    to_lead = [m for m in mail.outbox if m.to == [world.lead.email]]
    assert len(to_lead) == 1 and "время ожидания" in to_lead[0].body
    assert "Положение п.6.1" in to_lead[0].body

    # Everybody who sees the project reads it, with who and when, on the project page.
    for reader in (world.lead, world.coordinator, world.mayor, world.observer, world.member):
        client.force_login(reader)
        page = client.get(project.get_absolute_url()).content.decode()
        assert "время ожидания" in page and world.authority.full_name in page
        assert timezone.localtime(comment.created_at).strftime("%d.%m.%Y %H:%M") in page
    client.force_login(world.outsider)
    assert client.get(_url(project)).status_code == 404


def test_p6_only_the_authority_of_the_municipality_writes_methodological_comments(client, world):
    project = advance(make_project(world), world, "card_signing")
    foreign_authority = UserFactory(municipality=world.foreign_municipality, roles=[Role.AUTHORITY])
    for person in (
        world.lead,
        world.member,
        world.coordinator,
        world.mayor,
        world.observer,
        foreign_authority,
    ):
        for kind in ("method", "consult"):
            with pytest.raises(ActionRefused):
                comments.comment_post(project=project, by=person, kind=kind, text=TEXT)
    # Through the page: a viewer who is not the authority is refused, another municipality sees nothing.
    client.force_login(world.lead)
    assert client.post(_url(project), {"kind": "method", "text": TEXT}).status_code == 403
    client.force_login(world.foreign_mayor)  # the authority of another municipality
    assert client.post(_url(project), {"kind": "method", "text": TEXT}).status_code == 404
    assert not ProjectComment.objects.exists()


def test_p6_comments_on_any_stage(world):
    for stage in ("draft", "card_signing", "target_map"):
        project = advance(make_project(world, title=f"Проект {stage}"), world, stage)
        comments.comment_post(project=project, by=world.authority, kind=CommentKind.METHODOLOGICAL, text=TEXT)
    type(project).objects.filter(pk=project.pk).update(status=Status.SUSPENDED)
    project.refresh_from_db()
    comments.comment_post(project=project, by=world.authority, kind=CommentKind.METHODOLOGICAL, text=TEXT)
    assert ProjectComment.objects.count() == 4


def test_p6_consultation_records_date_format_participants_outcome(client, world):  # п.6.3
    project = advance(make_project(world), world, "current_map")
    client.force_login(world.authority)
    with clock.frozen_today(D(2026, 3, 10)):
        response = client.post(
            _url(project), {"kind": "consult", "artefact": "current_map", "text": "Разбор карты"}
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["consulted_on"] == ["Укажите дату консультации."]
        assert form.errors["consultation_format"] == ["Укажите формат консультации."]
        assert form.errors["participants"] == ["Перечислите участников консультации."]
        assert form.errors["outcome"] == ["Запишите итог консультации."]
        assert "Разбор карты" in response.content.decode()  # what was typed is kept
        data = {
            "kind": "consult",
            "artefact": "current_map",
            "text": "Разбор карты текущего состояния",
            "consulted_on": "2026-03-11",
            "consultation_format": "video",
            "participants": "Васильева Е.А., Петров И.И.",
            "outcome": "Добавить этап согласования в МФЦ",
        }
        response = client.post(_url(project), data)
        assert response.context["form"].errors["consulted_on"] == [
            "Консультация записывается после того, как состоялась: дата не может быть в будущем."
        ]
        response = client.post(_url(project), {**data, "consulted_on": "2026-03-10"})
        assert response.status_code == 302
    consultation = ProjectComment.objects.get()
    assert consultation.consulted_on == D(2026, 3, 10) and consultation.consultation_format == "video"
    page = client.get(_url(project)).content.decode()
    for shown in ("10.03.2026", "видеоконференция", "Петров И.И.", "Добавить этап согласования в МФЦ"):
        assert shown in page
    with pytest.raises(ActionRefused, match="итог"):
        comments.comment_post(
            project=project,
            by=world.authority,
            kind=CommentKind.CONSULTATION,
            text="Без итога",
            consulted_on=D(2026, 3, 10),
            consultation_format="phone",
            participants="Васильева Е.А.",
        )


def test_p6_comment_length_limits(client, world):
    project = make_project(world)
    client.force_login(world.authority)
    long = "а" * 4001
    response = client.post(_url(project), {"kind": "method", "text": long})
    assert response.status_code == 200
    assert "не более 4000" in " ".join(response.context["form"].errors["text"])
    assert long in response.content.decode()
    response = client.post(_url(project), {"kind": "method", "text": "   "})
    assert response.context["form"].errors["text"]
    with pytest.raises(ActionRefused):
        comments.comment_post(project=project, by=world.authority, kind=CommentKind.METHODOLOGICAL, text=long)
    assert not ProjectComment.objects.exists()


def test_p6_the_lead_replies_and_the_authority_is_told(client, world, django_capture_on_commit_callbacks):
    project = advance(make_project(world), world, "card_review")
    with django_capture_on_commit_callbacks(execute=True):
        root = comments.comment_post(
            project=project, by=world.authority, kind=CommentKind.METHODOLOGICAL, text=TEXT
        )
    client.force_login(world.lead)
    response = client.post(_url(project), {"parent": root.pk, "text": ""})
    assert response.status_code == 200 and "Ответ не записан" in _messages(response)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(project), {"parent": root.pk, "text": "Базовое значение добавлено в блок 2."}
        )
    assert response.status_code == 302
    reply = root.replies.get()
    assert reply.author == world.lead and reply.artefact == root.artefact
    assert Notification.objects.filter(recipient=world.authority, project=project).exists()
    assert not Notification.objects.filter(recipient=world.lead, title__startswith="Ответ").exists()
    # A reply to a reply or to another project's comment is refused.
    other = make_project(world, title="Другой проект")
    with pytest.raises(ActionRefused):
        comments.comment_post(project=other, by=world.lead, kind=CommentKind.REPLY, text="x", parent=root)
    with pytest.raises(ActionRefused):
        comments.comment_post(project=project, by=world.lead, kind=CommentKind.REPLY, text="x", parent=reply)


def test_mayor_office_prepares_a_note_for_the_mayor(client, world, django_capture_on_commit_callbacks):
    """Issue 19.9: the office prepares; the note reaches the mayor; the lead does not see it."""
    office = UserFactory(username="office", municipality=world.municipality, roles=[Role.MAYOR_OFFICE])
    project = advance(make_project(world), world, "card_signing")
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(project), {"kind": "mayor_note", "text": "Карточка готова к подписи, замечаний нет."}
        )
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=world.mayor, project=project).exists()
    assert not Notification.objects.filter(
        recipient=world.lead, project=project, title__contains="Справка"
    ).exists()
    client.force_login(world.mayor)
    assert "замечаний нет" in client.get(project.get_absolute_url()).content.decode()
    client.force_login(world.lead)
    assert "замечаний нет" not in client.get(_url(project)).content.decode()
    for person in (world.authority, world.lead, world.mayor):
        with pytest.raises(ActionRefused, match="аппарат Мэра"):
            comments.comment_post(project=project, by=person, kind=CommentKind.MAYOR_NOTE, text="Справка")


def test_demo_shows_a_consultation_a_comment_and_the_mayors_office(db, client):  # issue 19.9
    from django.core.management import call_command

    from org.models import User

    call_command("load_demo", verbosity=0)
    thread = ProjectComment.objects.filter(project__lead__username="lead", parent__isnull=True)
    assert set(thread.values_list("kind", flat=True)) == {"consult", "method"}
    assert ProjectComment.objects.filter(kind="reply", author__username="lead").exists()
    office = User.objects.get(username="mayor_office")
    assert office.has_role(Role.MAYOR_OFFICE) and not office.has_role(Role.MAYOR)
    client.force_login(office)
    assert client.get(reverse("projects:signing")).status_code == 200
