"""The action plan as a document (Положение п.17–23; Прил. 3; МР п.6): «СОГЛАСОВАНО» of the
coordinator, «ПЛАН реализации проекта», the table «N п/п — Наименование мероприятия — Ответственный
исполнитель — Срок мероприятия — Ожидаемый результат» with the problems each activity solves and
their root cause, and the signature block of the project lead, who approves the plan (п.18)
«(наименование должности руководителя проекта) (подпись) (Ф.И.О.)».

Every revision is a document of its own: an approved one (п.19, 22) is printed from the text the
coordinator approved, with the stamp filled from the journal; a revision being drafted or agreed is
a draft marked «ПРОЕКТ» with a blank stamp. The workbook lists every revision with the execution of
each activity (п.21)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from projects.choices import RevisionStatus
from projects.models import Project
from projects.risks import risk_rows
from workdays import clock

from .files import DocumentFile, pdf_file, xlsx_file
from .pdf import render_pdf
from .sources import PlanRow, PlanSource, map_sources, plan_journal, plan_revisions, plan_source, stage_at
from .stamps import coordinator_stamp
from .text import local_date, short_date
from .xlsx import DATE, INT, WRAP, Column, Workbook

TEMPLATE = "documents/plan.html"


@dataclass(frozen=True)
class PlanDocument:
    context: dict[str, Any]
    draft: bool
    footer: str
    filename: str


@dataclass(frozen=True)
class LeadSignature:
    """The lead's block under the plan (Прил. 3): filled once the lead approved the plan and sent it
    to the coordinator (п.18), blank lines with the form's captions before."""

    position: str = ""
    name: str = ""
    on: Any = None

    @property
    def signed(self) -> bool:
        return bool(self.name)


def lead_signature(plan: PlanSource) -> LeadSignature:
    entry = plan.submitted_by
    if entry is None or entry.actor is None:
        return LeadSignature()
    return LeadSignature(position=entry.actor.position, name=entry.actor.short_name, on=local_date(entry.at))


def problem_table(plan: PlanSource, problems) -> list[dict]:
    """The problems of the current map with the activities of this revision that solve them and the
    key factors of their appearance (п.17), or the reason why no activity is needed."""
    notes = {n.get("problem"): n.get("reason", "") for n in plan.notes}
    rows = []
    for problem in problems:
        acts = [r for r in plan.rows if problem.number in r.problems]
        causes = []
        for r in acts:
            cause = " ".join(r.root_cause.split())
            if cause and cause not in causes:
                causes.append(cause)
        rows.append(
            {
                "number": problem.number,
                "text": problem.text,
                "causes": causes,
                "activities": [r.number for r in acts],
                "note": notes.get(problem.number, ""),
            }
        )
    return rows


@dataclass(frozen=True)
class PlanChanges:
    """What a revision changed against the previous one (Положение п.22–23), matched by lineage."""

    previous: int
    added: list[PlanRow]
    removed: list[PlanRow]
    moved: list[tuple[PlanRow, Any, Any]]  # (row as now, deadline before, deadline after)
    changed: list[tuple[PlanRow, list[str]]]  # (row, the other fields that changed)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.changed)


def plan_changes(before: PlanSource, after: PlanSource) -> PlanChanges:
    old = {row.lineage: row for row in before.rows}
    new = {row.lineage: row for row in after.rows}
    fields = [
        ("title", _("наименование")),
        ("responsible_full", _("ответственный исполнитель")),
        ("expected_result", _("ожидаемый результат")),
        ("problems", _("решаемые проблемы")),
    ]
    moved, changed = [], []
    for lineage, row in new.items():
        was = old.get(lineage)
        if was is None:
            continue
        if was.deadline != row.deadline:
            moved.append((row, was.deadline, row.deadline))
        diffs = [str(label) for name, label in fields if getattr(was, name) != getattr(row, name)]
        if diffs:
            changed.append((row, diffs))
    return PlanChanges(
        previous=before.number or 0,
        added=[row for lineage, row in new.items() if lineage not in old],
        removed=[row for lineage, row in old.items() if lineage not in new],
        moved=moved,
        changed=changed,
    )


def previous_revision(revision):
    """The revision a change is made against: the latest earlier one that was not rejected."""
    if revision is None or revision.number <= 1:
        return None
    return (
        revision.project.plan_revisions.filter(number__lt=revision.number)
        .exclude(status=RevisionStatus.REJECTED)
        .order_by("-number")
        .first()
    )


def revision_date(plan: PlanSource):
    """The date a printed revision carries (issue 20): its coordinator's consent when approved, the
    decision when rejected, the submission while it waits; None for a revision still being drafted,
    which is printed as it stands now."""
    revision = plan.revision
    if revision is None:
        return None
    if plan.approved and plan.approved_by is not None:
        return plan.approved_by.at
    if revision.status in (RevisionStatus.APPROVED, RevisionStatus.SUPERSEDED, RevisionStatus.REJECTED):
        return revision.decided_at or revision.submitted_at
    if revision.status == RevisionStatus.PENDING:
        return revision.submitted_at
    return None


def plan_document(project: Project, revision=None) -> PlanDocument:
    """Прил. 3 for `revision` (a PlanRevision), by default the one in force or being drafted."""
    from projects.planning import plan_change_decisions

    journal = plan_journal(project)
    plan = plan_source(project, revision, journal=journal)
    draft = not plan.approved
    maps = map_sources(project)
    now = clock.now()
    made = timezone.localtime(now).strftime("%d.%m.%Y %H:%M")
    number = plan.number or 1
    own_date = revision_date(plan)
    revision_note = ""
    changes = None
    basis = None
    if plan.revision is not None and plan.number and plan.number > 1:
        meeting = plan.meeting
        revision_note = _("Редакция %(n)s: изменения плана (Положение п.22–23).") % {"n": plan.number}
        if meeting is not None:
            revision_note += " " + _(
                "Утверждены на заседании команды проекта, протокол № %(m)s от %(d)s."
            ) % {
                "m": meeting.number,
                "d": short_date(meeting.starts_at),
            }
            # п.23: the decisions of that protocol which record this change
            basis = {"meeting": meeting, "decisions": plan_change_decisions(meeting)}
        previous = previous_revision(plan.revision)
        if previous is not None:
            changes = plan_changes(plan_source(project, previous, journal=journal), plan)
    if plan.revision is not None and plan.revision.status == RevisionStatus.SUPERSEDED:
        revision_note = (revision_note + " " + _("Редакция заменена более поздней.")).strip()
    if plan.revision is not None and plan.revision.status == RevisionStatus.REJECTED:
        revision_note = (revision_note + " " + _("Изменение не согласовано координатором.")).strip()
    doc_name = _("План мероприятий, проект № %(n)s") % {"n": project.number}
    if plan.revision is not None:
        doc_name += ", " + _("редакция %(r)s") % {"r": number}
    footer = (
        _("%(doc)s — проект документа, сформирован %(at)s")
        if draft
        else _("%(doc)s — согласован %(date)s, сформировано %(at)s")
    ) % {"doc": doc_name, "at": made, "date": short_date(plan.approved_on)}
    context = {
        "project": project,
        "plan": plan,
        "administration": project.municipality.administration_name,
        "agreed": coordinator_stamp(plan.approved_by, project.municipality),
        "lead": lead_signature(plan),
        "problems": problem_table(plan, maps["current"].data.problems),
        "risks": risk_rows(project),  # Положение п.10.2; МР п.5
        "revision_note": revision_note,
        "changes": changes,
        "basis": basis,
        # a revision carries its own date and the stage of that date, a draft the moment it is
        # printed (issue 20)
        "own_date": own_date,
        "as_of": own_date or now,
        "status_label": stage_at(project, own_date) if own_date else project.get_status_display(),
    }
    suffix = f" {_('редакция')} {number}" if plan.revision is not None else ""
    filename = f"{project.number} {_('План мероприятий')}{suffix}{' ' + _('(проект)') if draft else ''}.pdf"
    return PlanDocument(context=context, draft=draft, footer=footer, filename=filename)


def plan_file(project: Project, revision=None) -> DocumentFile:
    """Прил. 3 as a PDF file named «2026-001 План мероприятий редакция 2.pdf» (issue 20: the name
    carries the revision's number, so two revisions never overwrite each other in a folder)."""
    doc = plan_document(project, revision)
    content = render_pdf(TEMPLATE, doc.context, draft=doc.draft, footer=doc.footer, landscape=True)
    return pdf_file(content, doc.filename)


# --- Excel -----------------------------------------------------------------------------------------


def _plan_columns() -> list[Column]:
    return [
        Column(_("№ п/п"), 7, INT),
        Column(_("Наименование мероприятия"), 46, WRAP),
        Column(_("Решаемые проблемы №"), 12),
        Column(_("Причина проблемы (ключевой фактор)"), 32, WRAP),
        Column(_("Ответственный исполнитель"), 24),
        Column(_("Срок мероприятия"), 13, DATE),
        Column(_("Ожидаемый результат"), 40, WRAP),
        Column(_("Состояние"), 14),
        Column(_("Просрочено"), 11),
        Column(_("Выполнено"), 13, DATE),
        Column(_("Подтверждение выполнения"), 36, WRAP),
    ]


def plan_xlsx(project: Project) -> bytes:
    """Every revision of the plan on a sheet of its own, the approved ones as approved (п.19, 22),
    with the execution of each activity as it stands (п.21), and the list of revisions."""
    book = Workbook()
    journal = plan_journal(project)
    revisions = plan_revisions(project)
    yes, no = _("да"), _("нет")
    overview = []
    for revision in revisions:
        plan = plan_source(project, revision, journal=journal)
        title = _("Редакция %(n)s") % {"n": revision.number}
        if revision.status == RevisionStatus.APPROVED:
            title += " " + _("(действует)")
        book.table(
            title,
            _plan_columns(),
            [
                (
                    r.number,
                    r.title,
                    ", ".join(map(str, r.problems)),
                    r.root_cause,
                    r.responsible_full or r.responsible,
                    r.deadline,
                    r.expected_result,
                    r.status_label,
                    yes if r.overdue else no,
                    r.done_on,
                    r.evidence,
                )
                for r in plan.rows
            ],
            notes=[
                _("Проблема № %(n)s без мероприятия: %(r)s")
                % {"n": n.get("problem"), "r": n.get("reason", "")}
                for n in plan.notes
            ],
        )
        overview.append(
            (
                revision.number,
                str(revision.get_status_display()),
                len(plan.rows),
                revision.reason,
                (
                    _("№ %(m)s от %(d)s")
                    % {"m": revision.meeting.number, "d": short_date(revision.meeting.starts_at)}
                    if revision.meeting_id
                    else ""
                ),
                revision.submitted_at,
                plan.approved_on,
                revision.decision_comment,
            )
        )
    if not revisions:
        book.table(
            _("План мероприятий"), _plan_columns(), [], notes=[_("План мероприятий ещё не начат (п.17).")]
        )
    book.table(
        _("Редакции плана"),
        [
            Column(_("Редакция"), 10, INT),
            Column(_("Состояние"), 24),
            Column(_("Мероприятий"), 12, INT),
            Column(_("Что и почему меняется"), 44, WRAP),
            Column(_("Протокол заседания команды"), 22),
            Column(_("Направлена координатору"), 16, DATE),
            Column(_("Согласована"), 14, DATE),
            Column(_("Комментарий координатора"), 40, WRAP),
        ],
        overview,
    )
    book.pairs(
        _("О выгрузке"),
        [
            (_("Проект"), f"{project.number} {project.title}"),
            (_("Сформировано"), timezone.localtime(clock.now())),
            (_("Основание"), _("Положение п.17–23, Прил. 3")),
        ],
    )
    return book.to_bytes()


def plan_xlsx_file(project: Project) -> DocumentFile:
    return xlsx_file(plan_xlsx(project), f"{project.number} {_('План мероприятий')}.xlsx")
