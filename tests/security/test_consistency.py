"""Consistency (issue 18, hole 7): protocol numbers stay unique under concurrency, e-mail subjects
cannot break a message, a failed invitation is reported to its sender and retried from the outbox,
dates in e-mails are in the municipality's time zone, and a meeting that has not taken place yet
is neither held nor the ground of a plan revision (Положение п.21–23)."""

import datetime as dt
import threading

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications import services as mail_services
from notifications.choices import MailState
from notifications.models import OutgoingMail, UndeliveredMail
from projects import planning, services
from projects.exceptions import ActionRefused
from projects.forms import MeetingForm, RevisionStartForm
from projects.models import JournalEntry, Meeting, MeetingParticipant, Project
from tests.factories import World, advance, make_project
from workdays import clock


class FailingBackend(BaseEmailBackend):
    """A mail server that is down: every send raises."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


class _Saved:
    """What `meeting_save` takes from a valid form: the unsaved meeting."""

    def __init__(self, meeting):
        self.meeting = meeting

    def save(self, commit=True):
        return self.meeting


def _meeting(project, world, *, starts_at, kind="team", **fields):
    return Meeting.objects.create(
        project=project, kind=kind, starts_at=starts_at, created_by=world.lead, **fields
    )


def _invited(project, world, *, starts_at):
    meeting = _meeting(project, world, starts_at=starts_at, place="каб. 210", agenda="Ход реализации")
    for user in (world.member, world.coordinator):
        MeetingParticipant.objects.create(meeting=meeting, user=user)
    return meeting


# --- Protocol numbers -----------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_consistency_protocol_numbers_unique_under_concurrency():
    """20 people create a team meeting of the same project at the same moment: 20 protocols
    numbered 1…20, no duplicate and no error."""
    world = World()
    project = advance(make_project(world), world, "current_map")
    count = 20
    barrier = threading.Barrier(count)
    errors = []

    def create(n):
        try:
            copy = Project.objects.get(pk=project.pk)
            form = MeetingForm(
                {"kind": "team", "starts_at": "2026-11-10T10:00", "place": f"каб. {n}"}, project=copy
            )
            assert form.is_valid(), form.errors
            barrier.wait()
            services.meeting_save(project=copy, by=world.lead, form=form, participants=[])
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Meeting.objects.filter(project=project, kind="team").values_list("number", flat=True))
    assert numbers == list(range(1, count + 1))


def test_consistency_protocol_number_is_unique_in_the_database(world):
    """The constraint itself: a second protocol № 1 of the same kind is refused by the database."""
    from django.db import IntegrityError, transaction

    project = make_project(world)
    _meeting(project, world, starts_at=clock.now(), number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.bulk_create(
            [Meeting(project=project, kind="team", number=1, starts_at=clock.now(), created_by=world.lead)]
        )
    _meeting(project, world, starts_at=clock.now(), kind="kickoff", number=1)  # another kind: fine


def test_consistency_a_deleted_meeting_does_not_reuse_numbers(world):
    project = advance(make_project(world), world, "current_map")
    made = []
    for n in range(3):
        form = MeetingForm(
            {"kind": "team", "starts_at": "2026-11-10T10:00", "place": str(n)}, project=project
        )
        assert form.is_valid(), form.errors
        made.append(services.meeting_save(project=project, by=world.lead, form=form, participants=[]))
    made[0].delete()
    form = MeetingForm({"kind": "team", "starts_at": "2026-11-11T10:00"}, project=project)
    assert form.is_valid(), form.errors
    assert services.meeting_save(project=project, by=world.lead, form=form, participants=[]).number == 4


# --- E-mail subjects ------------------------------------------------------------------------------


def test_consistency_title_with_line_break_invitation_subject(client, world, mailoutbox):
    """A title with a line break (or a header smuggled after it) no longer breaks the invitation:
    the e-mail goes out with a one-line subject."""
    project = make_project(world, title="Выдача справок\r\nBcc: victim@example.test\u2028за один визит")
    meeting = _invited(project, world, starts_at=clock.now() + dt.timedelta(days=2))
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:meeting_act", args=[project.pk, meeting.pk, "invite"]), follow=True
    )
    assert "Приглашения отправлены: 2" in response.content.decode()
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert "\r" not in message.subject and "\n" not in message.subject and "\u2028" not in message.subject
        assert "Выдача справок Bcc: victim@example.test за один визит" in message.subject
        assert message.bcc == [] and "victim@example.test" not in message.recipients()


def test_consistency_subject_line_collapses_control_characters_and_is_capped():
    from notifications.emails import subject_line

    assert subject_line("  Проект\r\n\t«Справки»\x00\x1b[31m\u202eтекст\u2029конец  ") == (
        "Проект «Справки» [31mтекст конец"
    )
    long = subject_line("Я" * 5000)
    assert len(long) <= 200 and long.endswith("…")


def test_consistency_reminder_with_line_break_in_subject_is_delivered(world, mailoutbox):
    """An outbox row whose subject holds a line break (a journal label, an old row) is sent with
    the subject collapsed, instead of failing on every attempt."""
    mail = OutgoingMail.objects.create(
        key="test:1",
        recipient=world.lead,
        to=world.lead.email,
        subject="Проект\nBcc: x@example.test",
        body=".",
    )
    result = mail_services.mail_deliver_pending(only=[mail.pk])
    assert result.sent == 1
    assert mailoutbox[0].subject == "Проект Bcc: x@example.test"


# --- A failed invitation ----------------------------------------------------------------------------


@override_settings(EMAIL_BACKEND="tests.security.test_consistency.FailingBackend")
def test_consistency_failed_invitation_is_reported_and_retried(client, world, mailoutbox):
    """The mail server is down: the organiser is told the invitations did not go out (not
    «отправлены»), they wait in the outbox («Недоставленные письма»), and the next delivery — the
    Celery beat task or `send_reminders --mail-only` — sends them once the server is back."""
    project = make_project(world)
    meeting = _invited(project, world, starts_at=clock.now() + dt.timedelta(days=2))
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:meeting_act", args=[project.pk, meeting.pk, "invite"]), follow=True
    )
    page = response.content.decode()
    assert "Приглашения отправлены" not in page
    assert "Не удалось отправить приглашения: 2 из 2" in page
    assert "будут отправлены повторно автоматически" in page

    waiting = UndeliveredMail.objects.filter(to__in=[world.member.email, world.coordinator.email])
    assert waiting.count() == 2
    assert all(m.state == MailState.PENDING and m.attempts == 1 and m.last_error for m in waiting)
    assert all("каб. 210" in m.body for m in waiting)
    assert mailoutbox == []
    # the meeting page keeps telling the organiser until they are delivered
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Не доставлены приглашения" in page and world.member.email in page
    # sending again replaces the undelivered ones instead of adding a second copy
    client.post(reverse("projects:meeting_act", args=[project.pk, meeting.pk, "invite"]))
    assert OutgoingMail.objects.count() == 2

    # the server is back; the beat's delivery after the back-off sends them
    from notifications.tasks import deliver_mail

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert deliver_mail() == {"sent": 0, "refused": 0, "postponed": 0}  # not due yet: back-off
        OutgoingMail.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        assert deliver_mail()["sent"] == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.member.email, world.coordinator.email])
    assert not UndeliveredMail.objects.exclude(state=MailState.SENT).exists()
    assert "Не доставлены приглашения" not in client.get(meeting.get_absolute_url()).content.decode()


# --- Time zone --------------------------------------------------------------------------------------


@override_settings(TIME_ZONE="Asia/Tomsk")
def test_consistency_email_dates_in_local_time_zone(client, world, mailoutbox):
    """A meeting at 2026-12-06 20:30 UTC is at 07.12.2026 03:30 in Tomsk: the invitation's subject
    and body, the meeting's and the journal's names, and the revision's choice all say so."""
    starts_at = dt.datetime(2026, 12, 6, 20, 30, tzinfo=dt.UTC)
    project = make_project(world)
    meeting = _invited(project, world, starts_at=starts_at)
    with clock.frozen_today(dt.date(2026, 12, 1)):
        client.force_login(world.lead)
        client.post(reverse("projects:meeting_act", args=[project.pk, meeting.pk, "invite"]))
    assert len(mailoutbox) == 2
    assert "07.12.2026 03:30" in mailoutbox[0].subject
    assert "07.12.2026 03:30" in mailoutbox[0].body
    assert "06.12.2026" not in mailoutbox[0].subject + mailoutbox[0].body

    meeting.refresh_from_db()  # as read from the database: in UTC
    assert str(meeting).endswith("07.12.2026")
    entry = JournalEntry(project=project, at=starts_at, label="Событие")
    assert str(entry) == "07.12.2026 03:30 Событие"
    Meeting.objects.filter(pk=meeting.pk).update(held=True, protocol_approved_at=starts_at)
    form = RevisionStartForm(project=project)
    assert [label for _value, label in form.fields["meeting"].choices][1:] == ["№ 1 от 07.12.2026"]


# --- A meeting in the future ----------------------------------------------------------------------


def test_consistency_future_meeting_cannot_be_marked_held(client, world):
    """Положение п.21, 23: a protocol records a meeting that took place; one dated tomorrow cannot
    be marked held — neither through the form nor through the service."""
    project = advance(make_project(world), world, "current_map")
    tomorrow = timezone.localtime(clock.now() + dt.timedelta(days=1))
    data = {
        "kind": "team",
        "starts_at": tomorrow.strftime("%Y-%m-%dT%H:%M"),
        "place": "каб. 210",
        "held": "on",
        "decisions": "Перенести срок",
    }
    client.force_login(world.lead)
    response = client.post(reverse("projects:meeting_create", args=[project.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "ещё не состоялось" in " ".join(form.errors["held"])
    assert form["place"].value() == "каб. 210"  # what was typed is kept
    assert not project.meetings.exists()

    # the service refuses it too, also for a meeting moved to the future after it was held
    prepared = Meeting(kind="team", starts_at=tomorrow, held=True, decisions="Перенести срок")
    with pytest.raises(ActionRefused, match="ещё не состоялось"):
        services.meeting_save(project=project, by=world.lead, form=_Saved(prepared), participants=[])
    assert not project.meetings.exists()

    # a meeting that is over can be marked held
    data["starts_at"] = timezone.localtime(clock.now() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("projects:meeting_create", args=[project.pk]), data)
    assert response.status_code == 302
    assert project.meetings.get().held


def test_consistency_revision_cannot_cite_future_meeting(world):
    """Положение п.22–23: a revision of the plan rests on the protocol of a team meeting that took
    place. A protocol dated in the future (an old row, an edited date) is refused by the service
    and is not offered by the form."""
    from tests.projects.test_plan import implementing

    project, _revision = implementing(world)
    future = _meeting(
        project,
        world,
        starts_at=clock.now() + dt.timedelta(days=3),
        held=True,
        decisions="Перенести срок мероприятия 1",
        protocol_approved_at=clock.now(),
        protocol_approved_by=world.lead,
    )
    with pytest.raises(ActionRefused, match="ещё не состоялось"):
        planning.revision_start(project=project, by=world.lead, reason="Перенос срока", meeting=future)
    assert not project.plan_revisions.filter(number=2).exists()

    form = RevisionStartForm({"reason": "Перенос срока", "meeting": future.pk}, project=project)
    assert not form.is_valid()
    assert "ещё не состоялось" in " ".join(form.errors["meeting"])
    with pytest.raises(ActionRefused, match="ещё не состоялось"):
        services.card_change_start(project=project, by=world.lead, reason="Уточнение", meeting=future)


@pytest.mark.django_db(transaction=True)
def test_consistency_migration_renumbers_duplicate_protocols_before_the_constraint():
    """Data written before the constraint: the earliest of each duplicate keeps its number, the
    others get the next free numbers of their project and kind; then the constraint goes on."""
    from django.db.migrations.executor import MigrationExecutor

    old = [("projects", "0005_deadline_counted_from")]
    executor = MigrationExecutor(connection)
    executor.migrate(old)
    executor.loader.build_graph()
    apps = executor.loader.project_state(old).apps
    world = World()
    project = make_project(world, filled=False)  # a full card needs tables of later migrations
    OldMeeting = apps.get_model("projects", "Meeting")
    made = [
        OldMeeting.objects.create(
            project_id=project.pk,
            kind=kind,
            number=number,
            starts_at=clock.now(),
            created_by_id=world.lead.pk,
        )
        for kind, number in [("team", 1), ("team", 1), ("team", 2), ("team", 1), ("kickoff", 1)]
    ]
    executor.migrate(executor.loader.graph.leaf_nodes())  # every migration again, this one too
    numbers = {m.pk: Meeting.objects.get(pk=m.pk).number for m in made}
    assert [numbers[m.pk] for m in made] == [1, 3, 2, 4, 1]
