"""Every write to a project goes through here (HackSoft services): one transaction each, the rules
checked, the journal row written, the statutory clocks stopped and started, side effects queued
with `transaction.on_commit`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_fsm import ConcurrentTransition, can_proceed

from org.choices import Role
from org.models import Department, User
from org.selectors import departments_headed_by, leads_curated_by
from workdays import clock
from workdays.services import add_working_days, working_days_between

from . import hooks, rules, snapshots
from . import permissions as perms
from .card_diff import card_diff, needs_mayor
from .choices import Achievement, CardChangeKind, CardChangeStatus, MemberKind, Source, Stage, Status
from .clocks import CLOCKS
from .exceptions import ActionRefused
from .models import (
    CARD_CHANGE_OPEN,
    CardChange,
    Deadline,
    JournalEntry,
    Meeting,
    MeetingParticipant,
    Project,
    ProjectCounter,
    ProjectMember,
)
from .notifications import Invitations, deliver_in_background, deliver_invitations, queue_meeting_invitations
from .signals import deadline_recomputed, project_transitioned
from .workflow import ACTS, ALL_OPEN, STAGE_CLOCK, Act

# --- Project and card ---------------------------------------------------------------------------


def _next_number(municipality_id: int, year: int) -> str:
    counter, _created = ProjectCounter.objects.select_for_update().get_or_create(
        municipality_id=municipality_id, year=year
    )
    ProjectCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db()
    return f"{year}-{counter.last:03d}"


@transaction.atomic
def project_create(
    *,
    by: User,
    title: str,
    department: Department | None = None,
    source: str = Source.INITIATIVE,
    source_reference: str = "",
    replicated_from: Project | None = None,
) -> Project:
    """A department head starts a project by filling its card (Положение п.11, 13)."""
    if not by.has_role(Role.LEAD):
        raise ActionRefused(_("Проект инициирует руководитель подразделения (п.13): у вас нет этой роли."))
    department = department or by.department
    if department is None:
        raise ActionRefused(_("У вас не указано подразделение: обратитесь в Уполномоченный орган."))
    if department.municipality_id != by.municipality_id:
        raise ActionRefused(_("Подразделение из другого муниципального образования."))
    if not departments_headed_by(user=by).filter(pk=department.pk).exists():
        # Положение п.11, 13: a head initiates projects of his own department, not of another one
        raise ActionRefused(
            _(
                "Проект в подразделении «%(d)s» инициирует его руководитель (п.13): создать проект можно только в подразделении, которым вы руководите или где вы заместитель руководителя."
            )
            % {"d": department}
        )
    project = Project(
        municipality_id=department.municipality_id,
        number=_next_number(department.municipality_id, clock.today().year),
        title=title.strip(),
        department=department,
        lead=by,
        created_by=by,
        source=source,
        source_reference=source_reference,
        replicated_from=replicated_from,
        status_changed_on=clock.today(),
    )
    project.full_clean(exclude=["status", "number"])
    project.save()
    project.perimeter.add(department)
    # the lead is a member of the project's working group (Положение п.8.2, 9.3; issue 19.9)
    ProjectMember.objects.create(project=project, user=by, team_role=_("руководитель проекта"))
    _journal(project, by=by, action="create", label=_("Создана карточка проекта"), to_status=Status.DRAFT)
    return project


SIGNED_CARD_NOT_EDITABLE = _lazy(
    "Карточка утверждена Мэром (п.15) и напрямую не редактируется. Оформите изменение карточки: "
    "сроки и состав команды согласует координатор (п.22), а цели, целевые показатели и их значения, "
    "границы процесса, руководителя, заказчика и владельца процесса — координатор и затем Мэр своей "
    "подписью (п.15); до подписания действует утверждённая редакция."
)
CHANGE_UNDER_REVIEW = _lazy(
    "Изменение карточки направлено на рассмотрение: до решения по нему карточка не редактируется, "
    "действует утверждённая редакция."
)


def card_assert_editable(*, project: Project, by: User) -> None:
    if not can_edit_card(project=project, by=by):
        raise ActionRefused(card_refusal(project=project, by=by))


def card_refusal(*, project: Project, by: User) -> str:
    """Why this person may not edit the card now (Положение п.13, 15, 22)."""
    if project.status in (Status.DRAFT, Status.CARD_REVIEW, Status.CARD_SIGNING):
        if project.status == Status.DRAFT:
            # the card is the lead's (п.9.2, 13; issue 18, hole 4)
            return _("Карточку заполняет руководитель проекта (п.9.2, 13); команда проекта её читает.")
        return _("Карточку на стадии «%(stage)s» изменить нельзя: её рассматривают (п.14–15).") % {
            "stage": project.get_status_display()
        }
    change = _open_card_change(project)
    if change is not None and change.status != CardChangeStatus.DRAFT:
        return str(CHANGE_UNDER_REVIEW)
    if change is not None:
        return _("Изменение карточки готовит руководитель проекта.")
    return str(SIGNED_CARD_NOT_EDITABLE)


def can_edit_card(*, project: Project, by: User) -> bool:
    if perms.can_edit_card(project, by):
        return True
    change = _open_card_change(project)
    return bool(change and change.status == CardChangeStatus.DRAFT and perms.is_project_lead(project, by))


def _open_card_change(project: Project) -> CardChange | None:
    return project.card_changes.filter(status__in=CARD_CHANGE_OPEN).first()


@transaction.atomic
def card_section_save(*, project: Project, by: User, forms: list) -> Project:
    """Saves one section of the card (a form and its formsets) while the card may be edited; a draft
    saves whatever is filled — completeness is checked on submission (МР п.4.5)."""
    card_assert_editable(project=project, by=by)
    for form in forms:
        form.save()
    Project.objects.filter(pk=project.pk).update(updated_at=clock.now())
    return project


@transaction.atomic
def team_member_add(
    *, project: Project, by: User, user: User, kind: str = MemberKind.MEMBER, team_role: str = ""
) -> ProjectMember:
    card_assert_editable(project=project, by=by)
    if user.municipality_id != project.municipality_id:
        raise ActionRefused(
            _("В команду включаются работники подразделений этого муниципального образования (п.9.3).")
        )
    member, _created = ProjectMember.objects.get_or_create(
        project=project, user=user, defaults={"kind": kind, "team_role": team_role}
    )
    return member


# --- Transitions ------------------------------------------------------------------------------


def _journal(
    project: Project,
    *,
    by: User | None,
    action: str,
    label: str,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    snapshot_kind: str = "",
    snapshot: dict | None = None,
) -> JournalEntry:
    return JournalEntry.objects.create(
        project=project,
        at=clock.now(),
        actor=by,
        action=action,
        label=str(label),
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        snapshot_kind=snapshot_kind,
        snapshot=snapshot,
    )


def deadline_open(
    project: Project,
    stage: str,
    *,
    started_on: dt.date,
    due_on: dt.date | None = None,
    counted_from: dt.date | None = None,
    working_days: int | None = None,
) -> Deadline:
    """Starts the statutory clock of a stage: due N working days after the event (DESIGN §2);
    `counted_from` is the event when the clock continues an earlier one (п.24 after a return)."""
    clock_def = CLOCKS[stage]
    if working_days is None:
        working_days = clock_def.working_days
    if due_on is None and working_days is not None:
        due_on = add_working_days(counted_from or started_on, working_days)
    return Deadline.objects.create(
        project=project,
        stage=stage,
        clause=clock_def.clause,
        working_days=working_days,
        responsible=clock_def.responsible,
        started_on=started_on,
        counted_from=counted_from or started_on,
        due_on=due_on,
    )


@transaction.atomic
def deadlines_recompute(*, years: frozenset[int] | set[int]) -> list[Deadline]:
    """The authorised body corrected the production calendar (issue 19.8): every open statutory
    clock whose period touches a changed year is counted again from the day it counts from, the
    change is written in the project's journal and the people of the project are told
    (`deadline_recomputed`). Closed clocks keep the dates they were judged by."""
    if not years:
        return []
    first, last = min(years), max(years)
    candidates = (
        Deadline.objects.open()
        .timed()
        .filter(working_days__isnull=False, due_on__year__gte=first)
        .filter(Q(counted_from__year__lte=last) | Q(counted_from__isnull=True, started_on__year__lte=last))
        .select_related("project")
        .select_for_update(of=("self",))
    )
    moved = []
    for deadline in candidates:
        new_due = deadline.statutory_due()
        if new_due is None or new_due == deadline.due_on:
            continue
        old_due = deadline.due_on
        deadline.due_on = new_due
        deadline.save(update_fields=["due_on"])
        entry = _journal(
            deadline.project,
            by=None,
            action="deadline_recomputed",
            label=_("Срок этапа «%(stage)s» пересчитан по производственному календарю: %(old)s → %(new)s")
            % {
                "stage": deadline.get_stage_display(),
                "old": old_due.strftime("%d.%m.%Y"),
                "new": new_due.strftime("%d.%m.%Y"),
            },
            comment=_("Уполномоченный орган исправил производственный календарь (%(clause)s).")
            % {"clause": deadline.clause},
        )
        moved.append(deadline)
        transaction.on_commit(
            lambda d=deadline, o=old_due, e=entry: deadline_recomputed.send(
                sender=Deadline, project=d.project, deadline=d, old_due=o, entry=e
            )
        )
    return moved


def deadline_close(project: Project, stages: tuple[str, ...], *, on: dt.date, cancel: bool = False) -> None:
    qs = Deadline.objects.open().filter(project=project)
    if ALL_OPEN not in stages:
        qs = qs.filter(stage__in=stages)
    for deadline in qs:
        if cancel:
            deadline.cancelled_on = on
        else:
            deadline.done_on = on
            if deadline.due_on is not None:
                deadline.outcome = "on_time" if on <= deadline.due_on else "late"
        deadline.save(update_fields=["done_on", "cancelled_on", "outcome"])


def _clocks_pause(project: Project, *, on: dt.date) -> list[str]:
    """A suspension is a recorded pause, not an amnesty (issue 19.5): the running clocks stop, a
    clock already overdue keeps its lateness («late» in every statistic and in the journal), and
    each keeps its due date so that the resumption can continue it. Returns the overdue ones."""
    overdue = []
    for deadline in Deadline.objects.open().filter(project=project):
        deadline.cancelled_on = on
        if deadline.due_on is not None and on > deadline.due_on:
            deadline.outcome = "late"
            overdue.append(
                _("%(stage)s (срок %(due)s)")
                % {"stage": deadline.get_stage_display(), "due": deadline.due_on.strftime("%d.%m.%Y")}
            )
        deadline.save(update_fields=["cancelled_on", "outcome"])
    return overdue


def _clocks_resume(project: Project, *, on: dt.date, paused_on: dt.date | None) -> None:
    """The clocks paused by the suspension continue with the working days that were left, never
    from the start (issue 19.5); a clock that was overdue when paused is overdue again at once."""
    paused = list(
        Deadline.objects.filter(project=project, cancelled_on=paused_on).order_by("id")
        if paused_on is not None
        else []
    )
    if not paused and project.status in STAGE_CLOCK:  # a suspension recorded before issue 19.5
        deadline_open(project, STAGE_CLOCK[project.status], started_on=on)
        return
    for old in paused:
        if old.outcome == "late":
            old.cancelled_on = None
            old.outcome = ""
            old.save(update_fields=["cancelled_on", "outcome"])
            continue
        if old.due_on is None or old.working_days is None:  # a stage whose age is tracked
            deadline_open(project, old.stage, started_on=on)
            continue
        left = max(working_days_between(paused_on, old.due_on), 0)
        deadline_open(
            project,
            old.stage,
            started_on=on,
            counted_from=on,
            working_days=left,
            due_on=add_working_days(on, left),
        )


def _has_perm(method, user: User) -> bool:
    """The role-and-scope permission of a transition, without its conditions (those are explained
    separately, as blockers)."""
    meta = method._django_fsm
    state = meta.field.get_state(method.__self__)
    return meta.has_transition(state) and meta.has_transition_perm(method.__self__, state, user)


def _refusal_for_state(project: Project, act: Act) -> ActionRefused:
    return ActionRefused(
        _(
            "Действие «%(act)s» сейчас недоступно: проект на стадии «%(stage)s». Возможно, его уже выполнил другой участник — обновите страницу."
        )
        % {"act": act.button, "stage": project.get_status_display()}
    )


def transition_perform(
    *,
    project: Project,
    by: User,
    action: str,
    comment: str = "",
    expected_status: str | None = None,
    on: dt.date | None = None,
    **extra: Any,
) -> Project:
    """Performs one act of the lifecycle: atomic, refused with a clear message, safe under concurrency
    (a row lock and django-fsm's ConcurrentTransitionMixin), journalled with its snapshot."""
    act = ACTS.get(action)
    if act is None:
        raise ActionRefused(_("Неизвестное действие."))
    comment = (comment or "").strip()
    if act.comment_required and not comment:
        raise ActionRefused(
            _("Для действия «%(act)s» нужен комментарий: %(what)s.")
            % {"act": act.button, "what": str(act.comment_label).lower()}
        )
    try:
        with transaction.atomic():
            locked = (
                Project.objects.select_for_update(of=("self",))
                .select_related("department__direction", "lead")
                .get(pk=project.pk)
            )
            if expected_status and locked.status != expected_status:
                raise _refusal_for_state(locked, act)
            method = getattr(locked, action)
            if not can_proceed(method, check_conditions=False):
                raise _refusal_for_state(locked, act)
            if not _has_perm(method, by):
                raise ActionRefused(
                    _(
                        "Действие «%(act)s» выполняет %(actor)s (%(clause)s); у вас нет на него прав по этому проекту."
                    )
                    % {"act": act.button, "actor": act.actor, "clause": act.clause}
                )
            blockers = rules.transition_blockers(action, locked)
            if blockers:
                raise ActionRefused(_("Нельзя выполнить «%(act)s»:") % {"act": act.button}, details=blockers)
            entry = _apply(locked, by=by, act=act, comment=comment, on=on or clock.today(), **extra)
            transaction.on_commit(
                lambda: project_transitioned.send(sender=Project, project=locked, act=act, entry=entry, by=by)
            )
    except ConcurrentTransition:
        raise _refusal_for_state(Project.objects.get(pk=project.pk), act) from None
    project.refresh_from_db()
    return locked


def _apply(project: Project, *, by: User, act: Act, comment: str, on: dt.date, **extra: Any) -> JournalEntry:
    from_status = project.status
    method = getattr(project, act.name)
    if act.name == "resume":
        previous = (
            project.journal.filter(action="suspend")
            .order_by("-at", "-id")
            .values_list("from_status", flat=True)
            .first()
        )
        method(previous or Status.CURRENT_MAP)
    else:
        method()
    if act.name == "approve_card":
        _appoint_lead(project, by=by, lead=extra.get("lead"))
    suspended_on = project.status_changed_on
    project.status_changed_on = on
    project.save()
    hooks.run(act.name, project, by=by, comment=comment, **extra)

    if act.name == "suspend":
        overdue = _clocks_pause(project, on=on)
        if overdue:
            comment = "\n".join(
                [comment, _("Просрочено на момент приостановки: %(list)s.") % {"list": "; ".join(overdue)}]
            )
    else:
        deadline_close(project, act.close, on=on)
    for stage in act.open:
        started = extra.get("started_on") or on
        deadline_open(project, stage, started_on=started)
    if act.name == "resume":
        _clocks_resume(project, on=on, paused_on=suspended_on)
    if act.name == "return_report":
        _reopen_results_clock(project, on=on)

    label = str(act.done)
    if act.name == "close":
        achievement = Achievement(extra["achievement"])
        label = f"{label}: {achievement.label}"
    if act.name == "recommend_closure" and extra.get("defence_at"):
        label = f"{label} ({timezone.localtime(extra['defence_at']):%d.%m.%Y %H:%M})"
    snapshot = snapshots.take(act.snapshot, project) if act.snapshot else None
    return _journal(
        project,
        by=by,
        action=act.name,
        label=label,
        from_status=from_status,
        to_status=project.status,
        comment=comment,
        snapshot_kind=act.snapshot if snapshot is not None else "",
        snapshot=snapshot,
    )


def _appoint_lead(project: Project, *, by: User, lead: User | None) -> None:
    """The coordinator appoints the project lead from the working group (п.8.2): a department head
    who is a member of the project's team (issue 19.9)."""
    if lead is not None and lead.id != project.lead_id:
        if lead.municipality_id != project.municipality_id or not lead.has_role(Role.LEAD):
            raise ActionRefused(_("Руководителем проекта назначается руководитель подразделения (п.8.2)."))
        reasons = []
        eligible = leads_curated_by(coordinator_id=by.id, municipality_id=project.municipality_id)
        if not eligible.filter(pk=lead.pk).exists():
            # п.8.2: «в рамках курируемых направлений» — not a head of another deputy's department
            reasons.append(
                _(
                    "Руководителем проекта назначается руководитель подразделения курируемого вами направления (п.8.2): %(who)s работает в подразделении другого направления."
                )
                % {"who": lead.full_name or lead.username}
            )
        if not project.members.filter(user=lead, kind=MemberKind.MEMBER).exists():
            reasons.append(
                _(
                    "%(name)s не входит в команду проекта: руководитель проекта назначается из членов "
                    "рабочей группы (п.8.2). Верните карточку, чтобы руководитель подразделения включил "
                    "его в команду."
                )
                % {"name": lead.full_name}
            )
        if reasons:
            raise ActionRefused(" ".join(reasons))
        project.lead = lead
    project.coordinator = by


def _reopen_results_clock(project: Project, *, on: dt.date) -> None:
    """A returned report is reworked within the same 25 working days of п.24."""
    first = project.deadlines.filter(stage=Stage.RESULTS).order_by("started_on", "id").first()
    deadline_open(
        project,
        Stage.RESULTS,
        started_on=on,
        due_on=first.due_on if first else None,
        counted_from=(first.counted_from or first.started_on) if first else None,
    )


def available_acts(*, project: Project, user: User) -> list[dict]:
    """The acts this user may take on this project now, with what still blocks each of them."""
    result = []
    for act in ACTS.values():
        method = getattr(project, act.name)
        if not can_proceed(method, check_conditions=False):
            continue
        if not _has_perm(method, user):
            continue
        if act.name == "complete_implementation":
            continue  # happens by itself when the last activity is done (п.24)
        result.append({"act": act, "blockers": rules.transition_blockers(act.name, project)})
    return result


# Named services for the acts (the regulation's verbs), so callers read like the regulation.


def card_submit(*, project: Project, by: User, comment: str = "") -> Project:
    return transition_perform(project=project, by=by, action="submit_card", comment=comment)


def card_return(*, project: Project, by: User, comment: str) -> Project:
    return transition_perform(project=project, by=by, action="return_card", comment=comment)


def card_approve(*, project: Project, by: User, lead: User | None = None, comment: str = "") -> Project:
    return transition_perform(project=project, by=by, action="approve_card", comment=comment, lead=lead)


def card_reject(*, project: Project, by: User, comment: str) -> Project:
    return transition_perform(project=project, by=by, action="reject_card", comment=comment)


def card_sign(*, project: Project, by: User, comment: str = "") -> Project:
    return transition_perform(project=project, by=by, action="sign_card", comment=comment)


def card_return_to_coordinator(*, project: Project, by: User, comment: str) -> Project:
    return transition_perform(project=project, by=by, action="return_card_to_coordinator", comment=comment)


def project_suspend(*, project: Project, by: User, comment: str) -> Project:
    return transition_perform(project=project, by=by, action="suspend", comment=comment)


def project_resume(*, project: Project, by: User, comment: str = "") -> Project:
    return transition_perform(project=project, by=by, action="resume", comment=comment)


# --- Changing a signed card (п.15, 22) -------------------------------------------------------------
#
# The lead drafts the change on the card's pages (the card is the lead's working copy while the change
# is a draft) and submits it: the proposed text is kept in the change and the card returns to the text
# in force. A change of the dates and the team (п.22) comes into force with the coordinator's
# agreement; a change of what the Mayor signed (п.15) is agreed by the coordinator and comes into
# force only with the Mayor's signature. Until then the signed text stays in force.

SIGNED_CHANGE_WAITS_FOR_MAYOR = _lazy(
    "Изменение касается того, что утвердил Мэр (п.15): целей и целевых показателей, их значений, "
    "границ процесса, руководителя, заказчика или владельца процесса. Координатор его согласует, "
    "в силу оно вступит только после подписания Мэром; до этого действует утверждённая редакция."
)


@transaction.atomic
def card_change_start(
    *, project: Project, by: User, reason: str, meeting: Meeting | None = None
) -> CardChange:
    if not perms.is_project_lead(project, by):
        raise ActionRefused(_("Изменение карточки готовит руководитель проекта."))
    if project.status in (
        Status.DRAFT,
        Status.CARD_REVIEW,
        Status.CARD_SIGNING,
        Status.CLOSED,
        Status.REJECTED,
    ):
        raise ActionRefused(_("Изменение оформляется только для утверждённой карточки действующего проекта."))
    if not reason.strip():
        raise ActionRefused(_("Укажите причину изменения."))
    if meeting is not None and meeting.project_id != project.pk:
        raise ActionRefused(_("Протокол заседания другого проекта."))
    if meeting is not None and meeting.is_in_future():  # п.22: decided at a meeting that took place
        raise ActionRefused(
            _(
                "Заседание команды ещё не состоялось: его дата и время в будущем. Изменение карточки "
                "оформляется по протоколу прошедшего заседания (п.22)."
            )
        )
    number = (project.card_changes.count() or 0) + 2  # version 1 is the signed card
    try:
        with transaction.atomic():
            change = CardChange.objects.create(
                project=project,
                number=number,
                reason=reason.strip(),
                meeting=meeting,
                base_snapshot=snapshots.card_snapshot(project),
                created_by=by,
            )
    except IntegrityError:
        raise ActionRefused(_("Изменение карточки уже готовится или ждёт согласования.")) from None
    _journal(
        project,
        by=by,
        action="card_change_start",
        label=_("Начата подготовка изменения карточки (версия %(n)s)") % {"n": number},
        comment=reason,
    )
    return change


def _change_snapshot(change: CardChange, snap: dict) -> dict:
    """A card text stored in the journal for a change: marked with the change's number and kind, so
    that its printout knows whose stamps it needs (п.15, 22)."""
    return {**snap, "change": {"number": change.number, "kind": change.kind}}


def _locked_change(change: CardChange) -> CardChange:
    return CardChange.objects.select_for_update().select_related("project").get(pk=change.pk)


@transaction.atomic
def card_change_submit(*, change: CardChange, by: User) -> CardChange:
    """The lead submits the drafted change: the proposal is kept, the card returns to the text in
    force until the change comes into force (п.15, 22)."""
    change = _locked_change(change)
    project = change.project
    if not perms.is_project_lead(project, by):
        raise ActionRefused(_("Изменение карточки направляет руководитель проекта."))
    if change.status != CardChangeStatus.DRAFT:
        raise ActionRefused(_("Изменение уже направлено координатору."))
    blockers = rules.card_blockers(project)
    if blockers:
        raise ActionRefused(_("Карточка заполнена не полностью:"), details=blockers)
    proposed = snapshots.card_snapshot(project)
    changed = card_diff(change.base_snapshot, proposed)
    if not changed:
        raise ActionRefused(
            _("В карточке ничего не изменено: внесите изменения или отзовите подготовку изменения.")
        )
    change.kind = CardChangeKind.SIGNED if needs_mayor(changed) else CardChangeKind.PLAN
    change.proposed_snapshot = proposed
    change.status = CardChangeStatus.PENDING
    change.save(update_fields=["kind", "proposed_snapshot", "status"])
    card_apply(project, change.base_snapshot)  # the text in force stays in force (п.15)
    deadline_open(project, Stage.CARD_CHANGE, started_on=clock.today())
    if change.needs_mayor:
        label = _(
            "Изменение карточки (версия %(n)s) направлено координатору; оно касается утверждённого "
            "Мэром (п.15) и вступит в силу после подписания Мэром"
        )
    else:
        label = _("Изменение карточки (версия %(n)s) направлено координатору на согласование (п.22)")
    _journal(
        project,
        by=by,
        action="card_change_submit",
        label=label % {"n": change.number},
        snapshot_kind="card",
        snapshot=_change_snapshot(change, proposed),
    )
    return change


@transaction.atomic
def card_change_withdraw(*, change: CardChange, by: User) -> CardChange:
    """The lead withdraws a change still being drafted: the card returns to the text in force."""
    change = _locked_change(change)
    project = change.project
    if not perms.is_project_lead(project, by):
        raise ActionRefused(_("Изменение карточки отзывает руководитель проекта."))
    if change.status != CardChangeStatus.DRAFT:
        raise ActionRefused(_("Направленное изменение отзывать поздно: его рассматривают."))
    card_apply(project, change.base_snapshot)
    change.status = CardChangeStatus.REJECTED
    change.decision_comment = str(_("Отозвано руководителем проекта"))
    change.save(update_fields=["status", "decision_comment"])
    _journal(
        project,
        by=by,
        action="card_change_withdraw",
        label=_("Подготовка изменения карточки (версия %(n)s) отозвана") % {"n": change.number},
    )
    return change


@transaction.atomic
def card_change_decide(*, change: CardChange, by: User, approve: bool, comment: str = "") -> CardChange:
    """The coordinator's decision on a change of the signed card. A change of the dates and the team
    comes into force with it (п.22); a change of what the Mayor signed goes on to the Mayor's
    signature (п.15) — the coordinator alone never brings it into force."""
    change = _locked_change(change)
    project = change.project
    if not perms.is_project_coordinator(project, by):
        raise ActionRefused(_("Изменение карточки согласует координатор направления (п.22)."))
    if change.status != CardChangeStatus.PENDING:
        raise ActionRefused(_("Это изменение уже рассмотрено."))
    if approve and project.status in (Status.CLOSED, Status.REJECTED):
        raise ActionRefused(_("Проект закрыт: его карточка больше не изменяется."))
    if not approve and not comment.strip():
        raise ActionRefused(_("Укажите, почему изменение не согласовано."))
    legacy = change.proposed_snapshot is None  # submitted before proposals were kept (issue 19.2)
    proposed = change.proposed_snapshot if not legacy else snapshots.card_snapshot(project)
    if legacy:
        change.proposed_snapshot = proposed
        changed = card_diff(change.base_snapshot, proposed)
        change.kind = CardChangeKind.SIGNED if needs_mayor(changed) else CardChangeKind.PLAN
        card_apply(project, change.base_snapshot)
    change.decided_by = by
    change.decided_at = clock.now()
    change.decision_comment = comment.strip()
    deadline_close(project, (Stage.CARD_CHANGE,), on=clock.today())
    if not approve:
        change.status = CardChangeStatus.REJECTED
        change.save()
        _journal(
            project,
            by=by,
            action="card_change_reject",
            label=_("Координатор не согласовал изменение карточки — действует утверждённая редакция"),
            comment=comment,
        )
    elif change.needs_mayor:
        change.status = CardChangeStatus.AGREED
        change.save()
        deadline_open(project, Stage.CARD_AMENDMENT, started_on=clock.today())
        _journal(
            project,
            by=by,
            action="card_amendment_agree",
            label=_(
                "Координатор согласовал изменение карточки (версия %(n)s) — направлено на подпись Мэру; "
                "до подписания действует утверждённая редакция (п.15)"
            )
            % {"n": change.number},
            comment=comment,
            snapshot_kind="card",
            snapshot=_change_snapshot(change, proposed),
        )
    else:
        change.status = CardChangeStatus.APPROVED
        change.save()
        card_apply(project, proposed)
        _journal(
            project,
            by=by,
            action="card_change_approve",
            label=_(
                "Координатор согласовал изменение сроков и состава команды — действует версия %(n)s (п.22)"
            )
            % {"n": change.number},
            comment=comment,
            snapshot_kind="card",
            snapshot=_change_snapshot(change, snapshots.card_snapshot(project)),
        )
    return change


@transaction.atomic
def card_amendment_sign(
    *, change: CardChange, by: User, approve: bool = True, comment: str = ""
) -> CardChange:
    """The Mayor signs a change of the card he approved (п.15) — only then it comes into force — or
    refuses it with remarks, and the signed text stays in force."""
    change = _locked_change(change)
    project = change.project
    if not perms.is_mayor_of(project, by):
        raise ActionRefused(
            _("Изменение утверждённой карточки вступает в силу только после подписания Мэром (п.15).")
        )
    if project.status in (Status.CLOSED, Status.REJECTED):
        raise ActionRefused(_("Проект закрыт: его карточка больше не изменяется."))
    if change.status != CardChangeStatus.AGREED:
        if change.status == CardChangeStatus.PENDING:
            raise ActionRefused(_("Изменение ещё не согласовано координатором (п.15)."))
        raise ActionRefused(_("Это изменение не ждёт подписи Мэра."))
    if not approve and not comment.strip():
        raise ActionRefused(_("Укажите замечания: почему изменение не утверждено."))
    change.signed_by = by
    change.signed_at = clock.now()
    change.signing_comment = comment.strip()
    deadline_close(project, (Stage.CARD_AMENDMENT,), on=clock.today())
    if approve:
        change.status = CardChangeStatus.APPROVED
        change.save()
        card_apply(project, change.proposed_snapshot)
        _journal(
            project,
            by=by,
            action="card_amendment_sign",
            label=_("Мэр утвердил изменение карточки — действует версия %(n)s (п.15)") % {"n": change.number},
            comment=comment,
            snapshot_kind="card",
            snapshot=_change_snapshot(change, snapshots.card_snapshot(project)),
        )
    else:
        change.status = CardChangeStatus.REJECTED
        change.save()
        _journal(
            project,
            by=by,
            action="card_amendment_return",
            label=_("Мэр не утвердил изменение карточки — действует утверждённая редакция"),
            comment=comment,
        )
    return change


def card_apply(project: Project, snap: dict) -> None:
    """Writes a card text (a snapshot) onto the card: the text in force after a submission or a
    refusal, the new text when a change comes into force. Indicators keep their rows (and their
    monitoring) where the text names them; only the parts that differ are rewritten."""
    from .models import Stakeholder, TargetIndicator

    project.refresh_from_db()
    current = snapshots.card_snapshot(project)
    for field in (
        "title",
        "process_customer",
        "project_customer",
        "process_owner",
        "perimeter_note",
        "boundary_start",
        "boundary_end",
        "key_risk",
        "scale",
        "dissatisfaction",
        "problems",
        "source_reference",
    ):
        setattr(project, field, snap.get(field, ""))
    if snap.get("source"):
        project.source = snap["source"]
    lead = snap.get("lead") or {}
    if lead.get("id") and User.objects.filter(pk=lead["id"]).exists():
        project.lead_id = lead["id"]
    for field, value in (snap.get("key_events") or {}).items():
        setattr(project, field, dt.date.fromisoformat(value) if isinstance(value, str) else value)
    project.save()
    if [d["id"] for d in current["perimeter"]] != [d["id"] for d in snap.get("perimeter") or []]:
        project.perimeter.set(
            [d["id"] for d in snap.get("perimeter") or [] if Department.objects.filter(pk=d["id"]).exists()]
        )
    if current["indicators"] != snap.get("indicators"):
        existing = {i.pk: i for i in project.indicators.all()}
        keep = set()
        for n, data in enumerate(snap.get("indicators") or [], start=1):
            values = {
                "order": n,
                "name": data["name"],
                "unit": data.get("unit", ""),
                "current_value": data.get("current_value"),
                "target_value": data.get("target_value"),
                "direction": data.get("direction") or "decrease",
                "measurement": data.get("measurement", ""),
            }
            row = existing.get(data.get("id"))
            if row is None:
                row = TargetIndicator.objects.create(project=project, **values)
            else:
                for key, value in values.items():
                    setattr(row, key, value)
                row.save()
            keep.add(row.pk)
        project.indicators.exclude(pk__in=keep).delete()
    if current["stakeholders"] != snap.get("stakeholders"):
        project.stakeholders.all().delete()
        Stakeholder.objects.bulk_create(
            Stakeholder(project=project, **s) for s in snap.get("stakeholders") or []
        )
    if current["team"] != snap.get("team"):
        project.members.all().delete()
        ProjectMember.objects.bulk_create(
            ProjectMember(
                project=project,
                user_id=m["user"]["id"],
                kind=m["kind"],
                team_role=m["team_role"],
                responsibilities=m["responsibilities"],
            )
            for m in snap.get("team") or []
        )


# --- Meetings (МР п.4.9; п.21, 23, 26–28) ----------------------------------------------------------


def meeting_next_number(project: Project, kind: str) -> int:
    """The next protocol number of this project and kind. Takes a lock on the project row until the
    caller's transaction ends, so that meetings created at the same moment get different numbers
    (issue 18, hole 7; the database's `meeting_number_unique` is the last line). The highest number
    plus one: a deleted meeting's number is not given again."""
    Project.objects.select_for_update(of=("self",)).filter(pk=project.pk).values_list("pk").first()
    top = Meeting.objects.filter(project=project, kind=kind).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


FUTURE_MEETING_HELD = _lazy(
    "Совещание ещё не состоялось: его дата и время в будущем. Отметить его проведённым и записать "
    "решения можно после того, как оно пройдёт."
)


@transaction.atomic
def meeting_save(*, project: Project, by: User, form, participants: list[User]) -> Meeting:
    if not perms.can_manage_meetings(project, by):
        raise ActionRefused(_("Совещания проекта готовят руководитель проекта, его команда и координатор."))
    meeting = form.save(commit=False)
    meeting.project = project
    if meeting.pk is None:
        meeting.created_by = by
        meeting.number = meeting_next_number(project, meeting.kind)
    elif meeting.is_protocol_approved:
        raise ActionRefused(_("Протокол утверждён и больше не меняется."))
    elif meeting.kind != Meeting.objects.values_list("kind", flat=True).get(pk=meeting.pk):
        meeting.number = meeting_next_number(project, meeting.kind)  # numbered among its new kind
    if meeting.held and meeting.is_in_future():  # a protocol records what took place (п.21, 23)
        raise ActionRefused(str(FUTURE_MEETING_HELD))
    try:
        meeting.full_clean()
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:  # the lock makes this unreachable; a message rather than a server error
        raise ActionRefused(_("Протокол с этим номером уже есть; сохраните совещание ещё раз.")) from None
    keep = {u.id for u in participants}
    meeting.participants.exclude(user_id__in=keep).delete()
    existing = set(meeting.participants.values_list("user_id", flat=True))
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, user=u) for u in participants if u.id not in existing
    )
    return meeting


@transaction.atomic
def meeting_invite(*, meeting: Meeting, by: User, deliver_later: bool = True) -> Invitations:
    """Queues the invitations with place, date, time and agenda (МР п.4.9г) in the outbox, in this
    transaction. With `deliver_later` a Celery task sends them after the commit; otherwise the
    caller sends them with `meeting_invitations_deliver` and tells the organiser what happened."""
    if not perms.can_manage_meetings(meeting.project, by):
        raise ActionRefused(_("Приглашения рассылает организатор совещания."))
    if not meeting.participants.exists():
        raise ActionRefused(_("Добавьте участников совещания."))
    meeting.invitations_sent_at = clock.now()
    meeting.save(update_fields=["invitations_sent_at"])
    invitations = queue_meeting_invitations(meeting)
    if deliver_later:
        ids = list(invitations.mail_ids)
        transaction.on_commit(lambda: deliver_in_background(ids))
    return invitations


def meeting_invitations_deliver(*, invitations: Invitations) -> Invitations:
    """Sends queued invitations now — call it after `meeting_invite(deliver_later=False)` has
    committed. What the server did not take stays in the outbox and is retried automatically."""
    return deliver_invitations(invitations)


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by: User) -> None:
    updated = meeting.participants.filter(user=by, confirmed_at__isnull=True).update(confirmed_at=clock.now())
    if not updated and not meeting.participants.filter(user=by).exists():
        raise ActionRefused(_("Вы не приглашены на это совещание."))


def can_approve_protocol(*, meeting: Meeting, by: User) -> bool:
    """The chair approves the protocol: the mayor for the closing meeting he chairs (п.26; МР п.8),
    otherwise the project lead, the coordinator or the mayor."""
    project = meeting.project
    if meeting.kind == "closing":
        return perms.is_mayor_of(project, by)
    return (
        perms.is_project_lead(project, by)
        or perms.is_project_coordinator(project, by)
        or perms.is_mayor_of(project, by)
    )


@transaction.atomic
def meeting_protocol_approve(*, meeting: Meeting, by: User) -> Meeting:
    """Approves the protocol; the kick-off protocol records the decision to initiate (п.10.1)."""
    meeting = Meeting.objects.select_for_update().select_related("project").get(pk=meeting.pk)
    project = meeting.project
    if meeting.is_protocol_approved:
        raise ActionRefused(_("Протокол уже утверждён."))
    if not can_approve_protocol(meeting=meeting, by=by):
        if meeting.kind == "closing":
            raise ActionRefused(
                _(
                    "Протокол завершающего совещания утверждает Мэр — председательствующий на защите (п.26, МР п.8)."
                )
            )
        raise ActionRefused(
            _("Протокол утверждает председательствующий: руководитель проекта, координатор или Мэр.")
        )
    if not meeting.held:
        raise ActionRefused(_("Отметьте, что совещание состоялось, и заполните решения."))
    if not meeting.decision_items:
        raise ActionRefused(_("В протоколе нет ни одного решения."))
    if meeting.kind == "kickoff" and not meeting.initiation_decided:
        raise ActionRefused(
            _("Протокол установочного совещания должен отражать решение об инициации проекта (п.10.1).")
        )
    meeting.protocol_approved_at = clock.now()
    meeting.protocol_approved_by = by
    meeting.save(update_fields=["protocol_approved_at", "protocol_approved_by"])
    _journal(
        project,
        by=by,
        action="meeting_protocol",
        label=_("Утверждён протокол: %(m)s № %(n)s") % {"m": meeting.get_kind_display(), "n": meeting.number},
        snapshot_kind="meeting",
        snapshot={
            "decisions": meeting.decision_items,
            "attended": list(
                meeting.participants.filter(attended=True).values_list("user__last_name", flat=True)
            ),
        },
    )
    return meeting


# --- The scan of the signed card (п.15; Прил. 4, слайд 2; issue 20) ------------------------------


@transaction.atomic
def card_scan_attach(*, project: Project, by: User, upload) -> Any:
    """Attaches the scan of the card as the mayor signed it, replacing the previous one; the
    defence presentation shows it on slide 2. The file is recognised by its content."""
    import posixpath
    import uuid

    from leanproj.uploads import UploadRefused, check_scan

    from .models import SignedCardScan

    if not perms.can_attach_card_scan(project, by):
        raise ActionRefused(
            _(
                "Скан подписанной карточки прикладывают руководитель проекта или Аппарат Мэра после подписания карточки Мэром (п.15)."
            )
        )
    try:
        content_type, extension = check_scan(upload)
    except UploadRefused as exc:
        raise ActionRefused(exc.message) from None
    scan = SignedCardScan.objects.select_for_update().filter(project=project).first()
    old_name = scan.file.name if scan else ""
    if scan is None:
        scan = SignedCardScan(project=project)
    scan.content_type = content_type
    scan.original_name = posixpath.basename(str(getattr(upload, "name", "") or ""))[:255]
    scan.uploaded_at = clock.now()
    scan.uploaded_by = by
    scan.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    scan.save()
    _journal(project, by=by, action="card_scan_attach", label=_("Приложен скан подписанной карточки"))
    if old_name:
        storage = scan.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return scan


@transaction.atomic
def card_scan_remove(*, project: Project, by: User) -> None:
    from .models import SignedCardScan

    if not perms.can_attach_card_scan(project, by):
        raise ActionRefused(_("Удалить скан подписанной карточки может тот, кто его прикладывает."))
    scan = SignedCardScan.objects.filter(project=project).first()
    if scan is None:
        return
    name, storage = scan.file.name, scan.file.storage
    scan.delete()
    _journal(project, by=by, action="card_scan_remove", label=_("Удалён скан подписанной карточки"))
    transaction.on_commit(lambda: storage.delete(name) if name else None)
