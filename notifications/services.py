"""Every write of the reminders (DESIGN §5; issue 9): the daily scan, the notifications of the
lifecycle's events, the daily digests, the delivery of the outbox, «прочитано».

The order that makes each reminder go out once and never get lost:

1. claim — insert the `Reminder` rows of a batch with ON CONFLICT DO NOTHING, tagged with this
   run's token; the rows carrying our token are the ones we won. In the same transaction the
   notifications and the outbox rows are written, so a claim never exists without them;
2. send — a worker leases outbox rows (a conditional UPDATE), sends them, and
3. marks each one sent right after the server accepted it. A worker killed before step 3 leaves
   a lease that runs out, and the row is sent again by the next delivery (SMTP cannot do better
   than that one-message window); a server error postpones the row with back-off."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from org.models import User
from workdays import clock
from workdays.services import is_working_day

from . import emails, recipients, sources
from .choices import Audience, Delivery, Kind, MailState
from .models import Notification, OutgoingMail, Reminder
from .sources import Item

logger = logging.getLogger(__name__)

BATCH_SIZE = 500  # reminders claimed per transaction
DIGEST_USERS_PER_BATCH = 200
MAIL_BATCH = 50  # e-mails leased at once by one delivery
LEASE = dt.timedelta(minutes=10)
BACKOFF_FIRST = dt.timedelta(minutes=5)
BACKOFF_MAX = dt.timedelta(hours=6)
CLAIM_ATTEMPTS = 3


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- The scan -----------------------------------------------------------------------------------


@dataclass
class ScanResult:
    day: dt.date
    working_day: bool = True
    batches: int = 0
    candidates: int = 0
    claimed: int = 0  # reminders this run owns
    repeated: int = 0  # already claimed earlier (a second beat, a retry, another worker)
    notifications: int = 0
    mails: int = 0  # single e-mails queued
    no_address: int = 0  # notifications only in the app: the person has no e-mail address
    nobody: int = 0  # reminders with nobody to tell
    skipped_projects: int = 0  # projects deleted while the scan ran
    digests: int = 0
    failed_sources: list[str] = field(default_factory=list)
    mail_ids: list[int] = field(default_factory=list, repr=False)  # the e-mails this run queued

    def add(self, other: ScanResult) -> None:
        for name in (
            "batches",
            "candidates",
            "claimed",
            "repeated",
            "notifications",
            "mails",
            "no_address",
            "nobody",
            "skipped_projects",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data.pop("mail_ids")
        return data


def reminders_scan(*, day: dt.date | None = None) -> ScanResult:
    """The daily scan (DESIGN §5): every registered source, in batches, each reminder claimed once,
    then the daily digests. Runs on working days only: a period counts working days (Положение
    п.14–24), and a reminder found on a day off would be read on the next working day anyway."""
    day = day or clock.today()
    result = ScanResult(day=day)
    if not is_working_day(day):
        result.working_day = False
        logger.info("reminder scan %s: not a working day, nothing to send", day)
        return result
    for source in sources.registered():
        name = sources.source_name(source)
        try:
            for batch in _chunks(source(day), BATCH_SIZE):
                result.add(process_items(batch, day=day))
        except Exception:  # one broken source must not stop the others
            logger.exception("reminder scan %s: source %s failed; the other sources still run", day, name)
            result.failed_sources.append(name)
    result.digests = digests_build(day=day)
    logger.info("reminder scan %s: %s", day, result.as_dict())
    return result


def process_items(items: list[Item], *, day: dt.date) -> ScanResult:
    """Claims a batch of reminders and writes their notifications and e-mails in one transaction.
    A project or a person deleted between reading and committing fails the commit; the batch is
    then read again without them."""
    for attempt in range(1, CLAIM_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _claim_and_notify(items, day=day)
        except IntegrityError:
            if attempt == CLAIM_ATTEMPTS:
                raise
            logger.warning(
                "reminders of %s: a project or a person disappeared during the batch; retrying (%s)",
                day,
                attempt,
            )
    raise AssertionError("unreachable")


def _claim_and_notify(items: list[Item], *, day: dt.date) -> ScanResult:
    stats = ScanResult(day=day, batches=1, candidates=len(items))
    projects = recipients.load_projects(i.project_id for i in items)
    live: dict[tuple[str, str, str], Item] = {}
    for item in items:
        # an item without a project (an initiative before its card, п.11) goes to named people
        if item.project_id is not None and item.project_id not in projects:
            logger.warning(
                "reminder %s:%s (%s) skipped: project %s no longer exists",
                item.source,
                item.object_key,
                item.kind,
                item.project_id,
            )
            stats.skipped_projects += 1
            continue
        live.setdefault(item.key, item)
    if not live:
        return stats

    token = uuid.uuid4()
    now = timezone.now()
    Reminder.objects.bulk_create(
        [
            Reminder(
                source=i.source,
                object_key=i.object_key,
                kind=i.kind,
                day=day,
                project_id=i.project_id,
                claim=token,
                created_at=now,
            )
            for i in live.values()
        ],
        ignore_conflicts=True,
    )
    won = {
        (source, key, kind): pk
        for pk, source, key, kind in Reminder.objects.filter(claim=token)
        .order_by()
        .values_list("pk", "source", "object_key", "kind")
    }
    stats.claimed = len(won)
    stats.repeated = len(live) - len(won)
    fresh = [item for key, item in live.items() if key in won]
    if not fresh:
        return stats

    people = recipients.load_people(fresh, projects)
    notifications: list[Notification] = []
    mails: list[tuple[Notification, OutgoingMail]] = []
    for item in fresh:
        project = projects.get(item.project_id)
        reminder_id = won[item.key]
        if project is None:
            title = item.title or item.what
        else:
            title = emails.title_for(
                kind=item.kind,
                what=item.what,
                days_left=item.days_left,
                number=project.number,
                head=item.title,
            )
        to = people.recipients(item)
        if not to:
            stats.nobody += 1
            logger.warning(
                "reminder %s:%s (%s) of project %s: nobody to tell",
                item.source,
                item.object_key,
                item.kind,
                project.number if project else "—",
            )
        for uid in to:
            person = people.persons[uid]
            n = Notification(
                recipient_id=uid,
                reminder_id=reminder_id,
                project_id=project.pk if project else None,
                kind=item.kind,
                title=title[:300],
                what=item.what[:500],
                note=item.note,
                clause=item.clause,
                due_on=item.due_on,
                days_left=item.days_left,
                url=item.url,
                created_at=now,
            )
            if not person.email:
                n.delivery = Delivery.NONE
                stats.no_address += 1
                logger.warning("user %s has no e-mail address: «%s» shown in the app only", uid, title)
            elif person.digest:
                n.delivery = Delivery.DIGEST
            else:
                # The body is written when the e-mail is sent (`_render_bodies`): the scan stays
                # a few bulk inserts however many people are told.
                n.delivery = Delivery.SINGLE
                mails.append(
                    (
                        n,
                        OutgoingMail(
                            key=f"r{reminder_id}:u{uid}",
                            recipient_id=uid,
                            to=person.email,
                            subject=emails.subject_line(title),
                            body="",
                            created_at=now,
                            next_attempt_at=now,
                        ),
                    )
                )
            notifications.append(n)
    OutgoingMail.objects.bulk_create([m for _n, m in mails])
    for n, m in mails:
        n.mail_id = m.pk
    Notification.objects.bulk_create(notifications)
    stats.notifications = len(notifications)
    stats.mails = len(mails)
    stats.mail_ids = [m.pk for _n, m in mails]
    return stats


# --- Daily digests ------------------------------------------------------------------------------


def digests_build(*, day: dt.date) -> int:
    """One e-mail per person who asked for a daily digest (`User.email_digest`), with everything
    not mailed since the previous one. A person gets at most one digest a day; what arrives after
    it waits for the next one."""
    waiting_users = list(
        Notification.objects.filter(delivery=Delivery.DIGEST, mail__isnull=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    built = 0
    for chunk in _chunks(waiting_users, DIGEST_USERS_PER_BATCH):
        for attempt in range(1, CLAIM_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    built += _digest_chunk(chunk, day=day)
                break
            except IntegrityError:
                if attempt == CLAIM_ATTEMPTS:
                    raise
                logger.warning("digests of %s: built concurrently by another worker; retrying", day)
    return built


def _digest_key(user_id: int, day: dt.date) -> str:
    return f"digest:{user_id}:{day.isoformat()}"


def _digest_chunk(user_ids: list[int], *, day: dt.date) -> int:
    waiting = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(recipient_id__in=user_ids, delivery=Delivery.DIGEST, mail__isnull=True)
        .select_related("project")
        .order_by("id")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in waiting:
        by_user[n.recipient_id].append(n)
    if not by_user:
        return 0
    keys = {uid: _digest_key(uid, day) for uid in by_user}
    done_today = set(OutgoingMail.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    users = {
        u["pk"]: u
        for u in User.objects.filter(pk__in=by_user, is_active=True).values(
            "pk", "email", "first_name", "patronymic", "username"
        )
    }
    now = timezone.now()
    mails: list[tuple[OutgoingMail, list[Notification]]] = []
    no_address: list[Notification] = []
    for uid, items in by_user.items():
        if keys[uid] in done_today:
            continue  # today's digest is gone; these go into tomorrow's
        user = users.get(uid)
        email = ((user or {}).get("email") or "").strip()
        if not email:
            logger.warning("user %s has no e-mail address: digest of %s not sent", uid, day)
            no_address.extend(items)
            continue
        greeting = " ".join(p for p in (user["first_name"], user["patronymic"]) if p) or user["username"]
        subject, body = emails.render_digest(notifications=items, day=day, greeting=greeting)
        mail = OutgoingMail(
            key=keys[uid],
            recipient_id=uid,
            to=email,
            subject=emails.subject_line(subject),
            body=body,
            is_digest=True,
            created_at=now,
            next_attempt_at=now,
        )
        mails.append((mail, items))
    OutgoingMail.objects.bulk_create([m for m, _items in mails])
    changed = []
    for mail, items in mails:
        for n in items:
            n.mail_id = mail.pk
            changed.append(n)
    for n in no_address:
        n.delivery = Delivery.NONE
        changed.append(n)
    if changed:
        Notification.objects.bulk_update(changed, ["mail", "delivery"], batch_size=500)
    return len(mails)


# --- Delivery of the outbox ---------------------------------------------------------------------


@dataclass
class DeliveryResult:
    sent: int = 0
    refused: int = 0  # the server refused the address: listed for administrators, not retried
    postponed: int = 0  # a server or connection error: retried later with back-off

    @property
    def total(self) -> int:
        return self.sent + self.refused + self.postponed

    def as_dict(self) -> dict:
        return asdict(self)


def backoff(attempts: int) -> dt.timedelta:
    """5, 10, 20, 40 … minutes after the n-th failed attempt, at most 6 hours."""
    return min(BACKOFF_FIRST * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def _due(now: dt.datetime) -> Q:
    return Q(state=MailState.PENDING, next_attempt_at__lte=now) & (
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    )


def mail_deliver_pending(
    *, now: dt.datetime | None = None, limit: int | None = None, only: Iterable[int] | None = None
) -> DeliveryResult:
    """Sends the outbox (or only the e-mails `only` names): lease a batch, send each message, mark
    it sent. Safe to run in several workers at once; a message whose worker died is sent when its
    lease runs out."""
    result = DeliveryResult()
    scope = OutgoingMail.objects.all() if only is None else OutgoingMail.objects.filter(pk__in=list(only))
    while limit is None or result.total < limit:
        current = now or timezone.now()
        size = MAIL_BATCH if limit is None else min(MAIL_BATCH, limit - result.total)
        candidates = list(
            scope.filter(_due(current)).order_by("next_attempt_at", "id").values_list("pk", flat=True)[:size]
        )
        if not candidates:
            break
        token = uuid.uuid4()
        OutgoingMail.objects.filter(_due(current), pk__in=candidates).update(
            lease_until=current + LEASE, lease_token=token
        )
        batch = list(OutgoingMail.objects.filter(lease_token=token, state=MailState.PENDING).order_by("id"))
        if batch:
            _send_batch(batch, now=current, result=result)
    return result


def _render_bodies(batch: list[OutgoingMail]) -> None:
    """Writes the text of single reminders leased for sending: one query for the whole batch."""
    empty = [m for m in batch if not m.body]
    if not empty:
        return
    by_mail = {
        n.mail_id: n
        for n in Notification.objects.filter(mail__in=empty).select_related("project", "recipient")
    }
    for mail in empty:
        n = by_mail.get(mail.pk)
        if n is None:  # its notification went with a deleted project: say what there is
            mail.body = mail.subject
            continue
        user = n.recipient
        greeting = " ".join(p for p in (user.first_name, user.patronymic) if p) or user.username
        _subject, mail.body = emails.render_single(
            notification=n, project_title=n.project.title if n.project_id else "", greeting=greeting
        )


def _send_batch(batch: list[OutgoingMail], *, now: dt.datetime, result: DeliveryResult) -> None:
    try:
        _render_bodies(batch)
    except Exception as exc:
        logger.exception("e-mail texts could not be written; %s e-mails postponed", len(batch))
        for mail in batch:
            _postpone(mail, exc, now=now, result=result)
        return
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:
        logger.warning("mail server unavailable: %s; %s e-mails postponed", exc, len(batch))
        for mail in batch:
            _postpone(mail, exc, now=now, result=result)
        return
    try:
        for index, mail in enumerate(batch):
            message = EmailMessage(
                # again here: a row queued before subjects were sanitised must not fail forever
                subject=emails.subject_line(mail.subject),
                body=mail.body,
                to=[mail.to],
                connection=connection,
                headers={"Auto-Submitted": "auto-generated", "X-Leanproj-Mail": mail.key},
            )
            try:
                accepted = connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _msg in exc.recipients.values()]
                if codes and min(codes) >= 500:
                    _refuse(mail, exc, now=now, result=result)
                else:
                    _postpone(mail, exc, now=now, result=result)
                continue
            except smtplib.SMTPResponseException as exc:  # e.g. 451 or a refused sender
                _postpone(mail, exc, now=now, result=result)
                continue
            except OSError as exc:  # the connection is lost: the rest waits for the next run
                logger.warning("mail server connection lost: %s", exc)
                for rest in batch[index:]:
                    _postpone(rest, exc, now=now, result=result)
                return
            except Exception as exc:  # a message that cannot be built or sent
                _postpone(mail, exc, now=now, result=result)
                continue
            if not accepted:
                _postpone(mail, RuntimeError("the mail backend accepted nothing"), now=now, result=result)
                continue
            # Marked by primary key, whatever the lease: the server has the message.
            OutgoingMail.objects.filter(pk=mail.pk).update(
                state=MailState.SENT,
                body=mail.body,
                sent_at=timezone.now(),
                attempts=mail.attempts + 1,
                last_error="",
                lease_until=None,
                lease_token=None,
            )
            result.sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection must not hide what was sent
            logger.debug("closing the mail connection failed", exc_info=True)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _postpone(mail: OutgoingMail, exc: BaseException, *, now: dt.datetime, result: DeliveryResult) -> None:
    attempts = mail.attempts + 1
    retry_at = now + backoff(attempts)
    OutgoingMail.objects.filter(pk=mail.pk, state=MailState.PENDING).update(
        attempts=attempts,
        last_error=_error_text(exc),
        next_attempt_at=retry_at,
        lease_until=None,
        lease_token=None,
    )
    logger.warning(
        "e-mail %s to %s postponed to %s (attempt %s): %s", mail.pk, mail.to, retry_at, attempts, exc
    )
    result.postponed += 1


def _refuse(mail: OutgoingMail, exc: BaseException, *, now: dt.datetime, result: DeliveryResult) -> None:
    OutgoingMail.objects.filter(pk=mail.pk, state=MailState.PENDING).update(
        state=MailState.FAILED,
        attempts=mail.attempts + 1,
        last_error=_error_text(exc),
        lease_until=None,
        lease_token=None,
    )
    logger.warning("e-mail %s: the server refused the address %s: %s", mail.pk, mail.to, exc)
    result.refused += 1


@transaction.atomic
def mail_retry(*, mails: QuerySet[OutgoingMail], by: User | None = None) -> int:
    """An administrator sends undelivered e-mails again now, to the person's current address
    (corrected after a refusal)."""
    count = 0
    now = timezone.now()
    for mail in (
        mails.exclude(state=MailState.SENT).select_related("recipient").select_for_update(of=("self",))
    ):
        address = (mail.recipient.email or "").strip()
        if not address:
            continue
        OutgoingMail.objects.filter(pk=mail.pk).update(
            to=address,
            state=MailState.PENDING,
            next_attempt_at=now,
            lease_until=None,
            lease_token=None,
        )
        count += 1
    logger.info("%s e-mails queued again by %s", count, by)
    return count


# --- In-app list ----------------------------------------------------------------------------------


def notification_mark_read(*, notification_id: int, by: User) -> bool:
    """Marks one of the user's own notifications as read; another person's is never touched."""
    return bool(
        Notification.objects.filter(pk=notification_id, recipient=by, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def notifications_mark_all_read(*, by: User) -> int:
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


def delivery_preference_set(*, by: User, digest: bool) -> None:
    """A person chooses single e-mails or one daily digest. What already waits for a digest goes
    out in the next one."""
    User.objects.filter(pk=by.pk).update(email_digest=digest)
    by.email_digest = digest


# --- Events of the lifecycle --------------------------------------------------------------------

A = Audience
# Who must act next once the project is in a stage (Положение п.13–29); everyone else learns it
# from the project page.
NEXT_ACTORS: dict[str, frozenset[str]] = {
    "draft": frozenset({A.LEAD, A.TEAM}),  # returned for rework (п.14)
    "card_review": frozenset({A.COORDINATOR}),  # п.13–14
    "card_signing": frozenset({A.MAYOR}),  # п.15
    "current_map": frozenset({A.LEAD, A.TEAM}),  # п.15–16.1: the project is open
    "target_map": frozenset({A.LEAD, A.TEAM}),  # п.16.2
    "plan_drafting": frozenset({A.LEAD, A.TEAM}),  # п.17
    "plan_review": frozenset({A.COORDINATOR}),  # п.18–19
    "plan_rework": frozenset({A.LEAD, A.TEAM}),  # п.20
    "implementation": frozenset({A.LEAD, A.TEAM}),  # п.21
    "results": frozenset({A.LEAD, A.TEAM}),  # п.24
    "report_review": frozenset({A.COORDINATOR}),  # п.25
    "defence": frozenset({A.MAYOR, A.LEAD}),  # п.26–28: the mayor holds it, the lead defends
    "closed": frozenset({A.LEAD, A.TEAM, A.COORDINATOR}),  # п.29
    "rejected": frozenset({A.LEAD, A.TEAM}),  # п.8.1
    "suspended": frozenset({A.LEAD, A.TEAM, A.COORDINATOR}),
}
EVENT_SOURCE = "journal"
INFORMATIONAL_STATUSES = frozenset({"closed", "rejected", "suspended"})
# What to do next in a stage that has no statutory clock of its own.
NEXT_STEPS = {
    "draft": _lazy("Доработать карточку и направить её координатору повторно (п.13–14)"),
    "implementation": _lazy(
        "Выполнять план мероприятий в установленные сроки; заседания команды — не реже раза в две недели (п.21)"
    ),
}


def transition_notify(*, project, entry, by: User | None, act=None) -> ScanResult:
    """Tells the people who must act next that a transition happened (in the app always, by
    e-mail too): the coordinator when a card is submitted, the lead with the coordinator's comment
    when it is returned, the mayor's office when a card awaits signing… Once per journal row."""
    from projects.models import Deadline
    from projects.workflow import STAGE_CLOCK

    today = clock.today()
    audience = NEXT_ACTORS.get(project.status)
    if not audience:
        return ScanResult(day=today)
    stage = STAGE_CLOCK.get(project.status)
    deadline = (
        Deadline.objects.open().filter(project=project, stage=stage).order_by("-started_on", "-id").first()
        if stage
        else None
    )
    lines = []
    if by is not None:
        lines.append(_("Кто: %(who)s") % {"who": by.surname_initials})
    if entry.comment:
        lines.append(_("Комментарий: %(comment)s") % {"comment": entry.comment})
    item = Item(
        source=EVENT_SOURCE,
        object_key=str(entry.pk),
        # A closed, rejected or suspended project asks nothing more of anybody: they are told.
        kind=Kind.INFO if project.status in INFORMATIONAL_STATUSES else Kind.EVENT,
        project_id=project.pk,
        title=entry.label,
        what=deadline.get_stage_display() if deadline else str(NEXT_STEPS.get(project.status, "")),
        clause=deadline.clause if deadline else (act.clause if act is not None else ""),
        due_on=deadline.due_on if deadline else None,
        days_left=deadline.days_left(today) if deadline and deadline.due_on else None,
        audience=audience,
        exclude_user_ids=(by.pk,) if by is not None else (),
        note="\n".join(lines),
    )
    return process_items([item], day=today)


CALENDAR_SOURCE = "calendar"


def deadline_recomputed_notify(*, project, deadline, old_due: dt.date, entry) -> ScanResult:
    """Issue 19.8: a correction of the production calendar moved an open statutory clock; whoever
    acts on it, and whoever watches it, learns the new date (once per clock and new date)."""
    from .deadlines import AUDIENCES

    today = clock.today()
    acting, watching = AUDIENCES.get(deadline.responsible, (frozenset(), frozenset()))
    item = Item(
        source=CALENDAR_SOURCE,
        object_key=f"{deadline.pk}:{deadline.due_on.isoformat()}",
        kind=Kind.INFO,  # the date moved; the act itself is asked by the clock's own reminders
        project_id=project.pk,
        title=entry.label,
        what=deadline.get_stage_display(),
        clause=deadline.clause,
        due_on=deadline.due_on,
        days_left=deadline.days_left(today),
        audience=frozenset(acting | watching | {Audience.LEAD}),
        note=_("Прежний срок: %(old)s. Новый срок: %(new)s.")
        % {"old": old_due.strftime("%d.%m.%Y"), "new": deadline.due_on.strftime("%d.%m.%Y")},
    )
    return process_items([item], day=today)


INITIATIVE_SOURCE = "initiative"


def initiative_submitted_notify(*, initiative) -> ScanResult:
    """Issue 19.9: the head of the department learns of an employee's new initiative, which waits
    for his decision against the conditions of Положение п.12 (once per initiative)."""
    from django.urls import reverse

    from projects.initiatives import heads_of

    today = clock.today()
    item = Item(
        source=INITIATIVE_SOURCE,
        object_key=f"{initiative.pk}:submitted",
        kind=Kind.EVENT,
        project_id=None,
        title=_("Новая инициатива работника: %(title)s") % {"title": initiative.title},
        what=_("Рассмотреть инициативу и принять решение по условиям п.12"),
        clause="Положение п.11–12",
        url=reverse("projects:initiative", args=[initiative.pk]),
        user_ids=tuple(heads_of(initiative.department)),
        exclude_user_ids=(initiative.author_id,),
        note=_("Автор: %(who)s") % {"who": initiative.author.surname_initials},
    )
    return process_items([item], day=today)


def initiative_decided_notify(*, initiative) -> ScanResult:
    """Issue 19.9: the author learns the head's decision on his initiative, with the reason."""
    from django.urls import reverse

    from projects.choices import InitiativeStatus

    today = clock.today()
    accepted = initiative.status == InitiativeStatus.ACCEPTED
    if accepted:
        title = _("Ваша инициатива принята: %(title)s") % {"title": initiative.title}
        what = _("По инициативе создана карточка проекта № %(n)s") % {"n": initiative.project.number}
    else:
        title = _("Ваша инициатива отклонена: %(title)s") % {"title": initiative.title}
        what = _("Руководитель подразделения отклонил инициативу")
    lines = [_("Решение принял: %(who)s") % {"who": initiative.decided_by.surname_initials}]
    if initiative.decision_reason:
        lines.append(_("Обоснование: %(reason)s") % {"reason": initiative.decision_reason})
    item = Item(
        source=INITIATIVE_SOURCE,
        object_key=f"{initiative.pk}:decided",
        kind=Kind.EVENT,
        project_id=initiative.project_id if accepted else None,
        title=title,
        what=what,
        clause="Положение п.12",
        url=reverse("projects:initiative", args=[initiative.pk]),
        user_ids=(initiative.author_id,),
        exclude_user_ids=(initiative.decided_by_id,),
        note="\n".join(lines),
    )
    return process_items([item], day=today)
