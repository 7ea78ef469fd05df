"""The action plan and its execution (Прил. 3; Положение п.17–24; МР п.6–7): services and reads.

- revision 1 is drafted during `plan_drafting` / `plan_rework`, submitted by the lead (п.18) and
  approved or returned by the coordinator within 3 working days (п.19–20) — those are the
  lifecycle's transitions; this module supplies their conditions and the plan snapshot;
- during implementation a change is a new revision citing the team-meeting protocol (п.23) that
  takes effect with the coordinator's consent (п.22); every revision stays readable;
- activities move across the kanban board «Поручения / Делаем / Сделано / Просрочено» (seed 000);
  when the last one is done the project moves to `results` and the 25-working-day clock of п.24
  starts from that activity's completion date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from org.models import User
from workdays import clock

from . import hooks, rules, snapshots
from . import permissions as perms
from .choices import ActivityStatus, MeetingKind, MemberKind, RevisionStatus, Status
from .clocks import TEAM_MEETING_MAX_GAP_DAYS
from .exceptions import ActionRefused
from .models import Meeting, Project
from .models.plan import Activity, IndicatorActual, PlanRevision, ProblemNote

PLAN_EDIT_STAGES = (Status.PLAN_DRAFTING, Status.PLAN_REWORK)


# --- Reads ------------------------------------------------------------------------------------


def current_revision(project: Project) -> PlanRevision | None:
    """The revision being executed (approved), or None before the plan is approved."""
    return project.plan_revisions.filter(status=RevisionStatus.APPROVED).first()


def open_revision(project: Project) -> PlanRevision | None:
    return project.plan_revisions.filter(
        status__in=[RevisionStatus.DRAFT, RevisionStatus.SUBMITTED, RevisionStatus.PENDING]
    ).first()


def working_revision(project: Project) -> PlanRevision | None:
    """What the plan page shows first: the revision being edited or agreed, else the approved one."""
    return open_revision(project) or current_revision(project)


def activities_of(revision: PlanRevision) -> QuerySet[Activity]:
    return (
        revision.activities.select_related("responsible")
        .prefetch_related("problems", "indicators")
        .order_by("number")
    )


def current_map_problems(project: Project) -> QuerySet:
    """The problem list of the current map (п.9.9в) that the plan is built from (п.17)."""
    from maps.models import Problem

    return Problem.objects.filter(process_map__project=project, process_map__kind="current").order_by(
        "number"
    )


def team_ids(project: Project) -> set[int]:
    ids = set(project.members.filter(kind=MemberKind.MEMBER).values_list("user_id", flat=True))
    ids.add(project.lead_id)
    return ids


@dataclass
class Coverage:
    problem: Any
    activities: list[Activity]
    note: ProblemNote | None

    @property
    def covered(self) -> bool:
        return bool(self.activities) or bool(self.note and self.note.reason.strip())


def coverage(revision: PlanRevision) -> list[Coverage]:
    """Each problem of the current map with the activities that solve it or the reason it has none."""
    problems = current_map_problems(revision.project)
    acts = list(activities_of(revision))
    notes = {n.problem_id: n for n in revision.problem_notes.all()}
    by_problem: dict[int, list[Activity]] = {}
    for act in acts:
        for problem in act.problems.all():
            by_problem.setdefault(problem.id, []).append(act)
    return [Coverage(p, by_problem.get(p.id, []), notes.get(p.id)) for p in problems]


def plan_blockers(project: Project) -> list[str]:
    """Condition of submit_plan / approve_plan / resubmit_plan (Положение п.17–18; МР п.6)."""
    revision = open_revision(project) or current_revision(project)
    if revision is None or not revision.activities.exists():
        return [_("В плане нет ни одного мероприятия.")]
    messages = []
    for row in coverage(revision):
        if not row.covered:
            messages.append(
                _("Проблема № %(n)s «%(t)s» не решается ни одним мероприятием и причина не указана.")
                % {"n": row.problem.number, "t": row.problem.text[:80]}
            )
    members = team_ids(project)
    for act in revision.activities.all():
        if act.responsible_id not in members:
            messages.append(
                _("Мероприятие № %(n)s: ответственный не входит в команду проекта.") % {"n": act.number}
            )
    return messages


def implementation_blockers(project: Project) -> list[str]:
    revision = current_revision(project)
    if revision is None:
        return [_("План не утверждён.")]
    left = revision.activities.exclude(status=ActivityStatus.DONE).count()
    if left:
        return [_("Не выполнено мероприятий плана: %(n)s.") % {"n": left}]
    return []


rules.register("submit_plan", plan_blockers)
rules.register("complete_implementation", implementation_blockers)


def plan_snapshot(project: Project) -> dict[str, Any]:
    revision = working_revision(project)
    if revision is None:
        return {"revision": None, "activities": []}
    return {
        "revision": revision.number,
        "reason": revision.reason,
        "meeting": revision.meeting_id,
        "activities": [
            {
                "lineage": str(a.lineage),
                "number": a.number,
                "title": a.title,
                "root_cause": a.root_cause,
                "problems": sorted(p.number for p in a.problems.all()),
                "responsible": {
                    "id": a.responsible_id,
                    "name": a.responsible.full_name,
                    "short": a.responsible.surname_initials,
                },
                "deadline": a.deadline,
                "expected_result": a.expected_result,
            }
            for a in activities_of(revision)
        ],
        "notes": [
            {"problem": n.problem.number, "reason": n.reason}
            for n in revision.problem_notes.select_related("problem")
        ],
    }


snapshots.register("plan", plan_snapshot)


# --- Writes: the plan --------------------------------------------------------------------------


# The fields of an activity that make the plan's structure: who answers for it, by when, and which
# problems of the current map it solves. They are the lead's (Положение п.9.2, 9.4, 18); the
# responsible member words his own activity (DESIGN §1 «activities assigned to them»).
STRUCTURE_FIELDS = ("responsible", "deadline", "problems")


def can_edit_plan(project: Project, user: User) -> bool:
    """Adds, removes and renumbers activities, sets their responsible and deadlines, explains an
    uncovered problem: the project lead (Положение п.9.2, 9.4, 18)."""
    return perms.is_project_lead(project, user)


def can_edit_activity(activity: Activity, user: User) -> bool:
    """The lead edits every activity; a team member only the ones he executes (DESIGN §1)."""
    project = activity.revision.project
    if can_edit_plan(project, user):
        return True
    return bool(activity.pk and activity.responsible_id == user.id and perms.is_team_member(project, user))


def _assert_plan_open(project: Project, revision: PlanRevision) -> None:
    if revision.status != RevisionStatus.DRAFT:
        raise ActionRefused(
            _("Эта редакция плана уже направлена координатору или утверждена и не редактируется.")
        )
    if revision.number == 1 and project.status not in PLAN_EDIT_STAGES:
        raise ActionRefused(
            _("План формируется на стадиях «Формирование плана» и «Доработка плана»; сейчас — «%(s)s».")
            % {"s": project.get_status_display()}
        )


def _assert_can_edit(project: Project, revision: PlanRevision, by: User) -> None:
    if not can_edit_plan(project, by):
        raise ActionRefused(
            _(
                "Состав плана — мероприятия, их ответственных и сроки — определяет руководитель проекта (п.9.2, 9.4, 18); член команды изменяет только мероприятия, которые он исполняет."
            )
        )
    _assert_plan_open(project, revision)


@transaction.atomic
def plan_start(*, project: Project, by: User) -> PlanRevision:
    """Opens revision 1 once the target map is done (п.17)."""
    if not can_edit_plan(project, by):
        raise ActionRefused(_("Формирование плана начинает руководитель проекта (п.9.2, 18)."))
    if project.status not in PLAN_EDIT_STAGES:
        raise ActionRefused(_("План формируется после разработки карты целевого состояния (п.17)."))
    existing = project.plan_revisions.filter(number=1).first()
    if existing:
        return existing
    return PlanRevision.objects.create(project=project, number=1, created_by=by)


def validate_activity(
    *, project: Project, responsible: User | None, deadline: dt.date | None
) -> dict[str, str]:
    """Field errors for an activity: the responsible is in the team, the deadline inside the
    implementation period of the card (block 4)."""
    errors: dict[str, str] = {}
    if responsible is not None and responsible.id not in team_ids(project):
        errors["responsible"] = _(
            "Ответственный должен входить в команду проекта; состав команды меняется через изменение карточки (п.22)."
        )
    if deadline is not None:
        start, end = project.implementation_start, project.implementation_end
        if start and deadline < start or end and deadline > end:
            errors["deadline"] = _("Срок вне периода внедрения улучшений по карточке (%(a)s — %(b)s).") % {
                "a": start.strftime("%d.%m.%Y") if start else "…",
                "b": end.strftime("%d.%m.%Y") if end else "…",
            }
    return errors


def _assert_own_activity_edit(*, revision: PlanRevision, by: User, form) -> None:
    """A member saving an activity: his own one, with its structure left as the lead set it."""
    project = revision.project
    _assert_plan_open(project, revision)
    refusal = ActionRefused(
        _(
            "Член команды изменяет только мероприятия, которые он исполняет; добавляет и удаляет мероприятия, назначает ответственных и сроки руководитель проекта (п.9.2, 9.4, 18)."
        )
    )
    if form.instance.pk is None:
        raise refusal
    original = Activity.objects.prefetch_related("problems").get(pk=form.instance.pk)
    if original.revision_id != revision.pk or not can_edit_activity(original, by):
        raise refusal
    problems = form.cleaned_data.get("problems")
    if (
        form.instance.responsible_id != original.responsible_id
        or form.instance.deadline != original.deadline
        or problems is not None
        and {p.pk for p in problems} != {p.pk for p in original.problems.all()}
    ):
        raise refusal


@transaction.atomic
def activity_save(*, revision: PlanRevision, by: User, form) -> Activity:
    """Saves an activity of a draft revision: the lead any, a member the wording of his own one."""
    project = revision.project
    if can_edit_plan(project, by):
        _assert_can_edit(project, revision, by)
    else:
        _assert_own_activity_edit(revision=revision, by=by, form=form)
    activity = form.save(commit=False)
    activity.revision = revision
    if activity.number is None or not activity.pk:
        activity.number = (revision.activities.aggregate(m=Max("number"))["m"] or 0) + 1
    activity.updated_by = by
    activity.save()
    form.save_m2m()
    ProblemNote.objects.filter(revision=revision, problem__in=activity.problems.all()).delete()
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by: User) -> None:
    revision = activity.revision
    _assert_can_edit(revision.project, revision, by)
    activity.delete()
    for n, act in enumerate(revision.activities.order_by("number"), start=1):
        if act.number != n:
            Activity.objects.filter(pk=act.pk).update(number=n)


@transaction.atomic
def problem_note_save(*, revision: PlanRevision, by: User, problem, reason: str) -> ProblemNote | None:
    _assert_can_edit(revision.project, revision, by)
    reason = reason.strip()
    if not reason:
        ProblemNote.objects.filter(revision=revision, problem=problem).delete()
        return None
    note, _created = ProblemNote.objects.update_or_create(
        revision=revision, problem=problem, defaults={"reason": reason}
    )
    return note


# --- Writes: revisions during implementation (п.22–23) ----------------------------------------

# A decision of a team meeting records a change of the plan when it names the plan or an activity
# and what is done to it (п.23: «изменения … на основании протокола заседания команды проекта»).
# «Принять к сведению ход реализации плана» is not a change; «Перенести срок мероприятия 2» is.
_PLAN_OBJECT = re.compile(r"план|мероприят", re.IGNORECASE)
_PLAN_CHANGE = re.compile(
    r"измен|внес|внест|перен[её]с|перенест|исключ|добав|включ|коррект|продл|сдвин|замен|уточн|отмен|"
    r"удал|редакци",
    re.IGNORECASE,
)


def plan_change_decisions(meeting: Meeting | None) -> list[str]:
    """The decisions of `meeting`'s protocol that record a change of the plan (one per line)."""
    if meeting is None:
        return []
    lines = [" ".join(line.split()) for line in (meeting.decisions or "").splitlines()]
    return [line for line in lines if line and _PLAN_OBJECT.search(line) and _PLAN_CHANGE.search(line)]


@transaction.atomic
def revision_start(*, project: Project, by: User, reason: str, meeting: Meeting | None) -> PlanRevision:
    if not perms.is_project_lead(project, by):
        raise ActionRefused(_("Изменение плана готовит руководитель проекта."))
    if project.status != Status.IMPLEMENTATION:
        raise ActionRefused(_("Изменения плана оформляются во время его реализации (п.22)."))
    if meeting is None:
        raise ActionRefused(_("Укажите протокол заседания команды, на котором утверждено изменение (п.23)."))
    if meeting.project_id != project.pk or meeting.kind != MeetingKind.TEAM:
        raise ActionRefused(_("Нужен протокол заседания команды этого проекта."))
    if not meeting.is_protocol_approved:
        raise ActionRefused(_("Протокол заседания команды ещё не утверждён."))
    if meeting.is_in_future():  # п.22–23: a revision rests on the protocol of a meeting held
        raise ActionRefused(
            _(
                "Заседание команды ещё не состоялось: его дата и время в будущем. Изменение плана "
                "оформляется по протоколу прошедшего заседания (п.22–23)."
            )
        )
    if not plan_change_decisions(meeting):  # п.23: the protocol must record the change it is cited for
        raise ActionRefused(
            _(
                "В решениях протокола заседания команды № %(n)s нет решения об изменении плана "
                "мероприятий. Сошлитесь на протокол, в решениях которого записано это изменение "
                "(например, «Перенести срок мероприятия 2»), или дополните решения протокола (п.23)."
            )
            % {"n": meeting.number}
        )
    if not reason.strip():
        raise ActionRefused(_("Опишите, что и почему меняется."))
    base = current_revision(project)
    if base is None:
        raise ActionRefused(_("План ещё не утверждён."))
    number = (project.plan_revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            revision = PlanRevision.objects.create(
                project=project, number=number, created_by=by, reason=reason.strip(), meeting=meeting
            )
    except IntegrityError:
        raise ActionRefused(_("Другое изменение плана уже готовится или ждёт согласования.")) from None
    for act in activities_of(base):
        problems = list(act.problems.all())
        indicators = list(act.indicators.all())
        act.pk = None
        act._state.adding = True
        act._prefetched_objects_cache = {}
        act.revision = revision
        act.version = 0
        act.save()
        act.problems.set(problems)
        act.indicators.set(indicators)
    from .services import _journal

    _journal(
        project,
        by=by,
        action="plan_revision_start",
        label=_("Начата подготовка изменения плана (редакция %(n)s)") % {"n": number},
        comment=reason,
    )
    return revision


@transaction.atomic
def revision_submit(*, revision: PlanRevision, by: User) -> PlanRevision:
    revision = PlanRevision.objects.select_for_update().get(pk=revision.pk)
    project = revision.project
    if not perms.is_project_lead(project, by):
        raise ActionRefused(_("Изменение плана направляет руководитель проекта."))
    if revision.number == 1:
        raise ActionRefused(
            _("Первая редакция плана направляется действием «Утвердить план и направить координатору».")
        )
    if revision.status != RevisionStatus.DRAFT:
        raise ActionRefused(_("Изменение уже направлено координатору."))
    blockers = plan_blockers(project)
    if blockers:
        raise ActionRefused(_("Изменение плана нельзя направить:"), details=blockers)
    revision.status = RevisionStatus.PENDING
    revision.submitted_at = clock.now()
    revision.save(update_fields=["status", "submitted_at"])
    from .services import _journal

    _journal(
        project,
        by=by,
        action="plan_revision_submit",
        label=_("Изменение плана (редакция %(n)s) направлено координатору") % {"n": revision.number},
        snapshot_kind="plan",
        snapshot=plan_snapshot(project),
    )
    return revision


@transaction.atomic
def revision_decide(*, revision: PlanRevision, by: User, approve: bool, comment: str = "") -> PlanRevision:
    """The coordinator's consent to a change of the plan (п.22): the new revision takes effect and
    the progress of each activity is carried over from the revision it replaces."""
    revision = PlanRevision.objects.select_for_update().select_related("project").get(pk=revision.pk)
    project = revision.project
    if not perms.is_project_coordinator(project, by):
        raise ActionRefused(_("Изменение плана согласует координатор направления (п.22)."))
    if revision.status != RevisionStatus.PENDING:
        raise ActionRefused(_("Это изменение уже рассмотрено."))
    if not approve and not comment.strip():
        raise ActionRefused(_("Укажите, почему изменение не согласовано."))
    from .services import _journal

    revision.decided_at = clock.now()
    revision.decided_by = by
    revision.decision_comment = comment.strip()
    if not approve:
        revision.status = RevisionStatus.REJECTED
        revision.save()
        _journal(
            project,
            by=by,
            action="plan_revision_reject",
            label=_("Изменение плана (редакция %(n)s) не согласовано") % {"n": revision.number},
            comment=comment,
        )
        return revision
    old = current_revision(project)
    if old is not None:
        progress = {a.lineage: a for a in old.activities.all()}
        for act in revision.activities.all():
            prev = progress.get(act.lineage)
            if prev is not None and prev.version > 0:
                Activity.objects.filter(pk=act.pk).update(
                    status=prev.status,
                    done_on=prev.done_on,
                    evidence=prev.evidence,
                    evidence_file=prev.evidence_file.name if prev.evidence_file else "",
                )
        old.status = RevisionStatus.SUPERSEDED
        old.save(update_fields=["status"])
    revision.status = RevisionStatus.APPROVED
    revision.snapshot = plan_snapshot_of(revision)
    revision.save()
    _journal(
        project,
        by=by,
        action="plan_revision_approve",
        label=_("Координатор согласовал изменение плана — действует редакция %(n)s") % {"n": revision.number},
        comment=comment,
        snapshot_kind="plan",
        snapshot=revision.snapshot,
    )
    _maybe_finish_implementation(project, by=by)
    return revision


def plan_snapshot_of(revision: PlanRevision) -> dict[str, Any]:
    snap = plan_snapshot(revision.project) if working_revision(revision.project) == revision else None
    if snap is None:
        snap = {
            "revision": revision.number,
            "activities": [
                {
                    "lineage": str(a.lineage),
                    "number": a.number,
                    "title": a.title,
                    "root_cause": a.root_cause,
                    "problems": sorted(p.number for p in a.problems.all()),
                    "responsible": {
                        "id": a.responsible_id,
                        "name": a.responsible.full_name,
                        "short": a.responsible.surname_initials,
                    },
                    "deadline": a.deadline,
                    "expected_result": a.expected_result,
                }
                for a in activities_of(revision)
            ],
        }
    return snap


def on_plan_approved(project: Project, **kwargs) -> None:
    """Revision 1 becomes the executed plan when the coordinator approves it (п.19)."""
    revision = project.plan_revisions.filter(number=1).first()
    if revision is None:
        return
    revision.status = RevisionStatus.APPROVED
    revision.decided_at = clock.now()
    revision.snapshot = plan_snapshot_of(revision)
    revision.save(update_fields=["status", "decided_at", "snapshot"])


def on_plan_submitted(project: Project, **kwargs) -> None:
    PlanRevision.objects.filter(project=project, number=1).update(
        status=RevisionStatus.SUBMITTED, submitted_at=clock.now()
    )


def on_plan_returned(project: Project, *, comment: str = "", **kwargs) -> None:
    PlanRevision.objects.filter(project=project, number=1).update(
        status=RevisionStatus.DRAFT, decision_comment=comment
    )


def revision_diff(revision: PlanRevision) -> dict[str, list]:
    """«What changed» against the previous revision, matched by the activities' lineage."""
    previous = (
        revision.project.plan_revisions.filter(number__lt=revision.number)
        .exclude(status=RevisionStatus.REJECTED)
        .order_by("-number")
        .first()
    )
    if previous is None:
        return {"previous": None, "added": list(activities_of(revision)), "removed": [], "changed": []}
    old = {a.lineage: a for a in activities_of(previous)}
    new = {a.lineage: a for a in activities_of(revision)}
    fields = [
        ("title", _("наименование")),
        ("responsible", _("ответственный")),
        ("deadline", _("срок")),
        ("expected_result", _("ожидаемый результат")),
        ("root_cause", _("причина")),
    ]
    changed = []
    for lineage, act in new.items():
        before = old.get(lineage)
        if before is None:
            continue
        diffs = []
        for field, label in fields:
            a, b = getattr(before, field), getattr(act, field)
            if a != b:
                diffs.append({"field": label, "before": a, "after": b})
        before_problems = sorted(p.number for p in before.problems.all())
        after_problems = sorted(p.number for p in act.problems.all())
        if before_problems != after_problems:
            diffs.append({"field": _("проблемы"), "before": before_problems, "after": after_problems})
        if diffs:
            changed.append({"activity": act, "diffs": diffs})
    return {
        "previous": previous,
        "added": [a for k, a in new.items() if k not in old],
        "removed": [a for k, a in old.items() if k not in new],
        "changed": changed,
    }


# --- Writes: execution (the kanban board) ------------------------------------------------------


def can_move(activity: Activity, user: User) -> bool:
    """The responsible person and the project lead move an activity (п.21), while the project is
    being implemented: a closed, suspended or rejected project's board is a record, not a worklist
    (issue 21), as `activity_move` refuses any move outside implementation."""
    project = activity.revision.project
    if project.status != Status.IMPLEMENTATION:
        return False
    return user.id == activity.responsible_id or perms.is_project_lead(project, user)


def activity_move(
    *,
    activity: Activity,
    by: User,
    to: str,
    expected_version: int,
    done_on: dt.date | None = None,
    evidence: str = "",
    evidence_file=None,
) -> Activity:
    """Moves a card across the board. Two people moving the same card at once: the first wins, the
    second is told who moved it (an optimistic version check in one UPDATE)."""
    if to not in ActivityStatus.values:
        raise ActionRefused(_("Нет такой колонки."))
    with transaction.atomic():
        fresh = Activity.objects.select_related("revision__project", "updated_by").get(pk=activity.pk)
        project = fresh.revision.project
        if fresh.revision.status != RevisionStatus.APPROVED or project.status != Status.IMPLEMENTATION:
            raise ActionRefused(_("Мероприятия отмечаются во время реализации утверждённого плана."))
        if not can_move(fresh, by):
            raise ActionRefused(
                _("Состояние мероприятия меняют ответственный исполнитель и руководитель проекта.")
            )
        if fresh.version != expected_version:
            who = fresh.updated_by.short_name if fresh.updated_by else _("другой участник")
            raise ActionRefused(
                _("Карточку уже переместил %(who)s: сейчас она в колонке «%(col)s». Обновите доску.")
                % {"who": who, "col": fresh.status_choice.label}
            )
        if (
            fresh.status == ActivityStatus.DONE
            and to != ActivityStatus.DONE
            and not perms.is_project_lead(project, by)
        ):
            raise ActionRefused(_("Выполненное мероприятие возвращает в работу только руководитель проекта."))
        values: dict[str, Any] = {
            "status": to,
            "version": F("version") + 1,
            "updated_by": by,
            "updated_at": clock.now(),
        }
        if to == ActivityStatus.DONE:
            done_on = done_on or clock.today()
            if done_on > clock.today():
                raise ActionRefused(_("Дата выполнения не может быть в будущем."))
            if (
                not evidence.strip()
                and not evidence_file
                and not fresh.evidence.strip()
                and not fresh.evidence_file
            ):
                raise ActionRefused(
                    _(
                        "Чтобы отметить мероприятие выполненным, опишите результат или приложите файл-подтверждение."
                    )
                )
            values["done_on"] = done_on
            if evidence.strip():
                values["evidence"] = evidence.strip()
        else:
            values["done_on"] = None
        updated = Activity.objects.filter(pk=fresh.pk, version=expected_version).update(**values)
        if not updated:
            raise ActionRefused(_("Карточку только что переместил другой участник. Обновите доску."))
        if evidence_file:
            fresh.refresh_from_db()
            fresh.evidence_file.save(evidence_file.name, evidence_file, save=True)
        from .services import _journal

        if to == ActivityStatus.DONE:
            _journal(
                project,
                by=by,
                action="activity_done",
                label=_("Выполнено мероприятие № %(n)s «%(t)s»")
                % {"n": fresh.number, "t": fresh.title[:120]},
                comment=evidence.strip(),
            )
    _maybe_finish_implementation(project, by=by)
    fresh.refresh_from_db()
    return fresh


def _maybe_finish_implementation(project: Project, *, by: User) -> None:
    """When the last activity is done the project moves to `results`; the 25 working days of п.24
    run from that activity's completion date."""
    project.refresh_from_db()
    if project.status != Status.IMPLEMENTATION:
        return
    revision = current_revision(project)
    if revision is None or open_revision(project) is not None:
        return
    stats = revision.activities.aggregate(
        total=Count("id"), done=Count("id", filter=Q(status=ActivityStatus.DONE)), last=Max("done_on")
    )
    if stats["total"] and stats["total"] == stats["done"]:
        from .services import transition_perform

        transition_perform(project=project, by=by, action="complete_implementation", started_on=stats["last"])


# --- Monitoring ------------------------------------------------------------------------------


@transaction.atomic
def indicator_actual_add(
    *, project: Project, by: User, indicator, measured_on: dt.date, value, source: str
) -> IndicatorActual:
    if not perms.is_project_team(project, by):
        raise ActionRefused(_("Фактические значения вносит команда проекта."))
    if indicator.project_id != project.pk:
        raise ActionRefused(_("Показатель другого проекта."))
    if measured_on > clock.today():
        raise ActionRefused(_("Дата измерения не может быть в будущем."))
    if project.status in (
        Status.DRAFT,
        Status.CARD_REVIEW,
        Status.CARD_SIGNING,
        Status.CLOSED,
        Status.REJECTED,
    ):
        raise ActionRefused(_("Фактические значения вносятся с открытия проекта до его закрытия."))
    return IndicatorActual.objects.create(
        indicator=indicator, measured_on=measured_on, value=value, source=source.strip(), recorded_by=by
    )


def last_team_meeting(project: Project) -> Meeting | None:
    return project.meetings.filter(kind=MeetingKind.TEAM, held=True).order_by("-starts_at").first()


def meeting_gap_days(project: Project) -> int | None:
    """Calendar days since the last team meeting held (п.21: at least once in two weeks), counted
    during implementation from the plan's approval when no meeting has been held yet. Both ends are
    local dates of the municipality, never UTC dates (issue 19.7)."""
    if project.status != Status.IMPLEMENTATION:
        return None
    last = last_team_meeting(project)
    if last is not None:
        since = clock.local_date(last.starts_at)
    else:
        approved = (
            project.journal.filter(action="approve_plan").order_by("-at").values_list("at", flat=True).first()
        )
        if approved is None:
            return None
        since = clock.local_date(approved)
    return (clock.today() - since).days


def meeting_gap_warning(project: Project) -> str:
    gap = meeting_gap_days(project)
    if gap is not None and gap > TEAM_MEETING_MAX_GAP_DAYS:
        return _(
            "С последнего заседания команды прошло %(n)s дней: ход реализации плана рассматривается не реже одного раза в две недели (п.21)."
        ) % {"n": gap}
    return ""


def board(*, activities: QuerySet[Activity]) -> dict[str, list[Activity]]:
    columns: dict[str, list[Activity]] = {"todo": [], "doing": [], "done": [], "overdue": []}
    for act in activities:
        columns[act.column].append(act)
    return columns


def my_activities(*, user: User) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(responsible=user, revision__status=RevisionStatus.APPROVED)
        .select_related("revision__project", "responsible")
        .prefetch_related(Prefetch("problems"))
        .order_by("deadline", "id")
    )


hooks.register("submit_plan", on_plan_submitted)
hooks.register("resubmit_plan", on_plan_submitted)
hooks.register("return_plan", on_plan_returned)
hooks.register("approve_plan", on_plan_approved)


def plan_panel(project: Project, user: User) -> list[dict]:
    """The plan's panel on the project page: revision, activities per column, the meeting gap."""
    if project.status in (
        Status.DRAFT,
        Status.CARD_REVIEW,
        Status.CARD_SIGNING,
        Status.CURRENT_MAP,
        Status.TARGET_MAP,
        Status.REJECTED,
    ):
        return []
    revision = working_revision(project)
    counts = {"todo": 0, "doing": 0, "done": 0, "overdue": 0}
    if revision is not None:
        for act in revision.activities.only("revision_id", "status", "deadline"):
            counts[act.column] += 1
    return [
        {
            "template": "projects/plan/panel.html",
            "data": {
                "revision": revision,
                "current": current_revision(project),
                "counts": counts,
                "total": sum(counts.values()),
                "gap_warning": meeting_gap_warning(project),
                "last_meeting": last_team_meeting(project),
            },
        }
    ]


from . import panels as _panels  # noqa: E402

_panels.register(plan_panel)
