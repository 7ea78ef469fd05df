"""Excel exports of lists: the project registry (the project list page with its current filter) and
the statutory deadlines with on-time statistics per stage, department and coordinator (DESIGN §2
«execution discipline can be measured per coordinator, department and stage», §6 «every list
exportable»; Положение п.14–24)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org.models import User
from projects.choices import DeadlineOutcome, ResponsibleRole, Source, Stage, Status
from projects.clocks import CLOCKS
from projects.models import Deadline, Project
from workdays import clock
from workdays.services import is_working_day

from . import selectors
from .files import DocumentFile, xlsx_file
from .text import short_date
from .xlsx import DATE, INT, PERCENT, WRAP, Column, Workbook


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _yes(value: bool) -> str:
    return _("да") if value else _("нет")


# --- The project registry --------------------------------------------------------------------------


def registry_columns() -> list[Column]:
    return [
        Column(_("№ проекта"), 11),
        Column(_("Наименование проекта"), 48, WRAP),
        Column(_("Подразделение"), 34, WRAP),
        Column(_("Руководитель проекта"), 22),
        Column(_("Координатор"), 22),
        Column(_("Стадия"), 26),
        Column(_("На стадии с"), 12, DATE),
        Column(_("Источник"), 24),
        Column(_("Реквизиты обращения"), 22),
        Column(_("Создан"), 12, DATE),
        Column(_("Старт проекта"), 12, DATE),
        Column(_("Плановая дата закрытия (завершающее совещание)"), 16, DATE),
        Column(_("Закрыт (решение Мэра)"), 12, DATE),
        Column(_("Ближайший срок"), 13, DATE),
        Column(_("Что должно быть сделано к сроку"), 34, WRAP),
        Column(_("Есть просроченные сроки"), 12),
    ]


REGISTRY_FIELDS = (
    "pk",
    "number",
    "title",
    "department__name",
    "lead_id",
    "coordinator_id",
    "department__direction__coordinator_id",
    "status",
    "status_changed_on",
    "source",
    "source_reference",
    "created_at",
    "start_date",
    "closing_meeting_date",
    "closure__closed_on",
)


def registry_values(projects: QuerySet[Project]) -> QuerySet:
    """The registry's columns of `projects.selectors.project_list` (filtered), read as plain values:
    10 000 model instances with their joined rows would cost more than writing the workbook."""
    return projects.prefetch_related(None).values_list(*REGISTRY_FIELDS)


def nearest_deadlines(projects: QuerySet[Project]) -> dict[int, tuple[dt.date, str]]:
    """The nearest open statutory clock with a due date of each project — the one the list page
    shows — in one query (a correlated subquery per project is at the mercy of the planner's
    statistics on a large registry)."""
    nearest: dict[int, tuple[dt.date, str]] = {}
    rows = (
        Deadline.objects.open()
        .filter(project__in=projects.order_by().values("pk"), due_on__isnull=False)
        .order_by("project_id", "due_on", "id")
        .values_list("project_id", "due_on", "stage")
    )
    for project_id, due_on, stage in rows:
        nearest.setdefault(project_id, (due_on, stage))
    return nearest


def created_dates(projects: QuerySet[Project]) -> dict[int, dt.datetime]:
    """When each card was created, as the journal recorded it (`workdays.clock`, the clock every act
    of the application keeps), in one query. `Project.created_at` is the moment the row was written:
    a project entered afterwards (the demo, a migration of paper records) would show today (issue 20)."""
    from projects.models import JournalEntry

    rows = (
        JournalEntry.objects.filter(project__in=projects.order_by().values("pk"), action="create")
        .order_by("project_id", "at", "id")
        .values_list("project_id", "at")
    )
    created: dict[int, dt.datetime] = {}
    for project_id, at in rows:
        created.setdefault(project_id, at)
    return created


def registry_rows(
    values: Iterable[tuple],
    nearest: dict[int, tuple[dt.date, str]],
    created: dict[int, dt.datetime] | None = None,
) -> Iterator[tuple]:
    """One row per project from `registry_values`, with its nearest deadline and the overdue flag
    (an open clock past its due date, as `projects.selectors.project_list` computes it)."""
    today = clock.today()
    status = _labels(Status)
    source = _labels(Source)
    stage_labels = _labels(Stage)
    yes, no = _yes(True), _yes(False)
    rows = list(values)
    ids = {r[4] for r in rows} | {r[5] for r in rows if r[5]} | {r[6] for r in rows if r[6]}
    # The few people of the registry, each read once and printed as User.surname_initials.
    people = {user.pk: user.surname_initials for user in User.objects.filter(pk__in=ids)}
    created = created or {}
    for (
        pk,
        number,
        title,
        department,
        lead_id,
        coordinator_id,
        curator_id,
        code,
        status_changed_on,
        source_code,
        source_reference,
        created_at,
        start_date,
        closing_meeting_date,
        closed_on,
    ) in rows:
        due_on, stage = nearest.get(pk, (None, ""))
        yield (
            number,
            title,
            department,
            people.get(lead_id, ""),
            # the coordinator who approved the card, else the one who curates the department (п.7)
            people.get(coordinator_id or curator_id, ""),
            status.get(code, code),
            status_changed_on,
            source.get(source_code, source_code),
            source_reference,
            created.get(pk, created_at),
            start_date,
            closing_meeting_date,  # the card's key event, planned (МР п.4.5г)
            closed_on,
            due_on,
            stage_labels.get(stage, stage),
            yes if due_on is not None and due_on < today else no,
        )


def _conditions(filterset) -> list[tuple[str, str]]:
    """The list page's filter as a person reads it: «Стадия — Реализация плана, Закрыт»."""
    if not filterset.is_bound:
        return []
    form = filterset.form
    form.is_valid()  # invalid fields are left out, exactly as the list page ignores them
    cleaned = getattr(form, "cleaned_data", {})
    rows = []
    for name, field in form.fields.items():
        value = cleaned.get(name)
        if value in (None, "", [], ()):
            continue
        if name == "status":
            labels = _labels(Status)
            text = ", ".join(labels.get(v, v) for v in value)
        elif name == "source":
            text = _labels(Source).get(value, value)
        elif name == "coordinator":
            text = value.full_name
        elif name == "department":
            text = value.name
        elif isinstance(value, bool):
            text = _yes(value)
        else:
            text = str(value)
        rows.append((str(field.label), text))
    return rows


def registry_file(*, user: User, params=None) -> DocumentFile:
    """«Реестр проектов 24.11.2025.xlsx»."""
    return xlsx_file(
        registry_xlsx(user=user, params=params), f"{_('Реестр проектов')} {short_date(clock.today())}.xlsx"
    )


def registry_xlsx(*, user: User, params=None) -> bytes:
    """The registry of projects the user sees, narrowed by the list page's filter `params`."""
    projects, filterset = selectors.registry_projects(user=user, params=params)
    book = Workbook()
    count = book.table(
        _("Реестр проектов"),
        registry_columns(),
        registry_rows(registry_values(projects), nearest_deadlines(projects), created_dates(projects)),
    )
    conditions = _conditions(filterset) or [(_("Условия отбора"), _("все доступные пользователю проекты"))]
    book.pairs(
        _("Условия отбора"),
        [
            (_("Реестр проектов сформирован"), timezone.localtime(clock.now())),
            (_("Сформировал"), user.full_name or user.username),
            (_("Проектов в реестре"), str(count)),
            *conditions,
        ],
    )
    return book.to_bytes()


# --- Deadlines and on-time statistics ----------------------------------------------------------------

ON_TIME_NOTE = gettext_lazy(
    "Доля в срок = исполнено в срок ÷ (исполнено в срок + исполнено с нарушением срока + просрочено). "
    "Учитываются сроки, установленные Положением в рабочих днях (п.14, 16, 17, 19, 20, 24); "
    "снятые сроки (приостановка проекта) и стадии без нормативного срока (п.15, 22, 25–29) не учитываются."
)


@dataclass
class Tally:
    """Execution discipline of a group of statutory clocks."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    running: int = 0

    def add(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.overdue + self.running

    @property
    def share(self) -> float | None:
        decided = self.on_time + self.late + self.overdue
        return self.on_time / decided if decided else None

    def row(self, label: str) -> tuple:
        return (label, self.total, self.on_time, self.late, self.overdue, self.running, self.share)

    def __iadd__(self, other: Tally) -> Tally:
        self.on_time += other.on_time
        self.late += other.late
        self.overdue += other.overdue
        self.running += other.running
        return self


def clock_state(
    due_on: dt.date | None,
    done_on: dt.date | None,
    cancelled_on: dt.date | None,
    outcome: str,
    today: dt.date,
) -> str | None:
    """on_time / late / overdue / running for a timed clock; None otherwise. A clock stopped by a
    suspension counts only when it was already overdue: late (issue 19.5)."""
    if due_on is None:
        return None
    if cancelled_on is not None:
        return "late" if outcome == DeadlineOutcome.LATE else None
    if done_on is not None:
        if outcome:
            return "on_time" if outcome == DeadlineOutcome.ON_TIME else "late"
        return "on_time" if done_on <= due_on else "late"
    return "overdue" if today > due_on else "running"


def deadline_state(deadline: Deadline, today: dt.date) -> str | None:
    return clock_state(deadline.due_on, deadline.done_on, deadline.cancelled_on, deadline.outcome, today)


class WorkingDayCounter:
    """`workdays.services.working_days_between` for many pairs of dates: each calendar day is looked
    up once, then a count is a subtraction — working days in (start, end], negative when end is
    before start, exactly as the service counts them."""

    PADDING = dt.timedelta(days=366)

    def __init__(self):
        self._first = dt.date.max
        self._cumulative: list[int] = []  # working days in [first, first + i]

    def _covers(self, day: dt.date) -> bool:
        return self._first <= day and (day - self._first).days < len(self._cumulative)

    def _rebuild(self, low: dt.date, high: dt.date) -> None:
        if self._cumulative:
            low = min(low, self._first)
            high = max(high, self._first + dt.timedelta(days=len(self._cumulative) - 1))
        low, high = low - self.PADDING, high + self.PADDING
        total, cumulative = 0, []
        for offset in range((high - low).days + 1):
            total += is_working_day(low + dt.timedelta(days=offset))
            cumulative.append(total)
        self._first, self._cumulative = low, cumulative

    def between(self, start: dt.date, end: dt.date) -> int:
        if not (self._covers(start) and self._covers(end)):
            self._rebuild(min(start, end), max(start, end))
        return self._cumulative[(end - self._first).days] - self._cumulative[(start - self._first).days]


def deadline_columns() -> list[Column]:
    return [
        Column(_("№ проекта"), 11),
        Column(_("Проект"), 40, WRAP),
        Column(_("Подразделение"), 30, WRAP),
        Column(_("Координатор"), 20),
        Column(_("Этап"), 34, WRAP),
        Column(_("Основание"), 18),
        Column(_("Норматив, раб. дн."), 11, INT),
        Column(_("Кто действует"), 24),
        Column(_("Начало срока"), 12, DATE),
        Column(_("Срок"), 12, DATE),
        Column(_("Исполнено"), 12, DATE),
        Column(_("Снят"), 12, DATE),
        Column(_("Исполнение"), 24),
        Column(_("Просрочка, раб. дн."), 11, INT),
        Column(_("Длительность, раб. дн."), 12, INT),
    ]


def _tally_columns(first: str) -> list[Column]:
    return [
        Column(first, 44, WRAP),
        Column(_("Всего сроков"), 10, INT),
        Column(_("Исполнено в срок"), 11, INT),
        Column(_("Исполнено с нарушением срока"), 13, INT),
        Column(_("Просрочено (не исполнено)"), 13, INT),
        Column(_("В работе, срок не наступил"), 13, INT),
        Column(_("Доля в срок"), 10, PERCENT),
    ]


def deadlines_xlsx(*, user: User, projects: QuerySet[Project], conditions: list[tuple[str, str]]) -> bytes:
    """Every statutory clock of `projects` (already limited to what the user sees) and the on-time
    statistics per stage, department and coordinator."""
    today = clock.today()
    stage_labels = _labels(Stage)
    responsible = _labels(ResponsibleRole)
    state_labels = {
        "on_time": _("исполнено в срок"),
        "late": _("исполнено с нарушением срока"),
        "overdue": _("просрочено"),
        "running": _("в работе"),
    }
    by_stage: dict[str, Tally] = defaultdict(Tally)
    by_department: dict[str, Tally] = defaultdict(Tally)
    by_coordinator: dict[str, Tally] = defaultdict(Tally)
    nobody = _("(координатор не назначен)")
    cancelled = _("снят")
    done_untimed = _("завершено (без нормативного срока)")
    running_untimed = _("в работе (без нормативного срока)")

    fields = (
        "project__number",
        "project__title",
        "project__department__name",
        "project__coordinator_id",
        "project__department__direction__coordinator_id",
        "stage",
        "clause",
        "working_days",
        "responsible",
        "started_on",
        "due_on",
        "done_on",
        "cancelled_on",
        "outcome",
    )
    values = list(selectors.deadlines_of_projects(projects=projects).values_list(*fields))
    people = {
        u.pk: u.surname_initials for u in User.objects.filter(pk__in={r[3] or r[4] for r in values} - {None})
    }
    days = WorkingDayCounter()

    def rows() -> Iterator[tuple]:
        for (
            number,
            title,
            department,
            coordinator_id,
            curator_id,
            stage,
            clause,
            working_days,
            role,
            started_on,
            due_on,
            done_on,
            cancelled_on,
            outcome,
        ) in values:
            # the coordinator who approved the card, else the one who curates the department (п.7)
            coordinator = people.get(coordinator_id or curator_id, "")
            state = clock_state(due_on, done_on, cancelled_on, outcome, today)
            if state is not None:
                by_stage[stage].add(state)
                by_department[department].add(state)
                by_coordinator[coordinator or nobody].add(state)
            if cancelled_on is not None:
                text = cancelled
            elif state is not None:
                text = state_labels[state]
            elif done_on is not None:
                text = done_untimed
            else:
                text = running_untimed
            delay = None
            if state == "late":
                delay = days.between(due_on, done_on)
            elif state == "overdue":
                delay = days.between(due_on, today)
            age = max(days.between(started_on, done_on or cancelled_on or today), 0)  # Deadline.age
            yield (
                number,
                title,
                department,
                coordinator,
                stage_labels.get(stage, stage),
                clause,
                working_days,
                responsible.get(role, role),
                started_on,
                due_on,
                done_on,
                cancelled_on,
                text,
                delay,
                age,
            )

    book = Workbook()
    count = book.table(_("Сроки"), deadline_columns(), rows())

    def total(tallies: dict[str, Tally]) -> tuple:
        overall = Tally()
        for tally in tallies.values():
            overall += tally
        return overall.row(_("Итого"))

    timed_stages = [s for s in Stage if CLOCKS[s].working_days is not None]
    book.table(
        _("По этапам"),
        _tally_columns(_("Этап (основание)")),
        [by_stage[s].row(f"{stage_labels[s]} ({CLOCKS[s].clause})") for s in timed_stages],
        total=total(by_stage),
        notes=[ON_TIME_NOTE],
    )
    book.table(
        _("По подразделениям"),
        _tally_columns(_("Подразделение")),
        [by_department[name].row(name) for name in sorted(by_department)],
        total=total(by_department),
        notes=[ON_TIME_NOTE],
    )
    book.table(
        _("По координаторам"),
        _tally_columns(_("Координатор")),
        [by_coordinator[name].row(name) for name in sorted(by_coordinator)],
        total=total(by_coordinator),
        notes=[ON_TIME_NOTE],
    )
    book.pairs(
        _("Условия отбора"),
        [
            (_("Сформировано"), timezone.localtime(clock.now())),
            (_("На дату"), today),
            (_("Сформировал"), user.full_name or user.username),
            (_("Сроков в выгрузке"), str(count)),
            *conditions,
        ],
    )
    return book.to_bytes()


def registry_deadlines_file(*, user: User, params=None) -> DocumentFile:
    """«Сроки и исполнительская дисциплина 24.11.2025.xlsx»."""
    return xlsx_file(
        registry_deadlines_xlsx(user=user, params=params),
        f"{_('Сроки и исполнительская дисциплина')} {short_date(clock.today())}.xlsx",
    )


def project_deadlines_file(*, user: User, project: Project) -> DocumentFile:
    """«2026-001 Сроки проекта.xlsx»."""
    return xlsx_file(
        project_deadlines_xlsx(user=user, project=project), f"{project.number} {_('Сроки проекта')}.xlsx"
    )


def registry_deadlines_xlsx(*, user: User, params=None) -> bytes:
    """The deadlines of the projects of the list page's current filter."""
    projects, filterset = selectors.registry_projects(user=user, params=params)
    conditions = _conditions(filterset) or [(_("Условия отбора"), _("все доступные пользователю проекты"))]
    return deadlines_xlsx(user=user, projects=projects, conditions=conditions)


def project_deadlines_xlsx(*, user: User, project: Project) -> bytes:
    """The statutory clocks of one project (the «Сроки» panel of the project page)."""
    projects = Project.objects.filter(pk=project.pk)
    return deadlines_xlsx(
        user=user, projects=projects, conditions=[(_("Проект"), f"{project.number} {project.title}")]
    )
