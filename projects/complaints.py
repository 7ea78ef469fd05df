"""Citizens' complaints and ЦУР messages, and the registry of projects started from them (МР п.9–10):
services and reads.

- a complaint is recorded with its channel (ЦУР, the feedback platform, a direct complaint), number,
  date and text, and the department it is routed to for the primary analysis;
- the primary analysis sets its urgency and priority; the head of the routed department decides —
  to take it into work, that no action is needed, or to start a project, which creates the draft
  project (source «обращение» / «ЦУР», the complaint's reference) and links the two;
- the registry (МР п.10) lists the projects started from complaints with the complaint data, and is
  exported to Excel.

Who: the head of the routed department and the authorised body record and decide; coordinators (for
the departments of their direction) and the mayor read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from org.choices import Role
from org.models import Department, User
from workdays import clock

from . import panels, services
from .choices import ComplaintChannel, ComplaintDecision, Source, Status
from .exceptions import ActionRefused
from .models import Complaint, Project

DECIDED = (ComplaintDecision.IN_WORK, ComplaintDecision.PROJECT, ComplaintDecision.NO_ACTION)


# --- Who may do what -----------------------------------------------------------------------------


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.municipality_id)


def is_department_head(user: User) -> bool:
    return _active(user) and user.has_role(Role.LEAD) and user.department_id is not None


def is_cur_reception(user: User) -> bool:
    """МР п.10: «Прием обращений от ЦУР осуществляется работником Отдела информационной политики»
    — any employee of the department marked as receiving the ЦУР's messages."""
    return (
        _active(user)
        and user.department_id is not None
        and Department.objects.filter(pk=user.department_id, receives_cur_messages=True).exists()
    )


def can_record(user: User) -> bool:
    """The authorised body and a department head record complaints; the ЦУР's messages are taken
    in by the Отдел информационной политики (МР п.10)."""
    return _active(user) and (
        user.has_role(Role.AUTHORITY) or is_department_head(user) or is_cur_reception(user)
    )


def recordable_channels(user: User) -> list[str]:
    """The reception of the ЦУР records the ЦУР's messages only, unless it is also a head or the
    authorised body (МР п.10)."""
    if _active(user) and (user.has_role(Role.AUTHORITY) or is_department_head(user)):
        return list(ComplaintChannel.values)
    if is_cur_reception(user):
        return [ComplaintChannel.CUR]
    return []


def can_read_registry(user: User) -> bool:
    return _active(user) and (
        user.has_role(Role.AUTHORITY, Role.MAYOR, Role.COORDINATOR)
        or is_department_head(user)
        or is_cur_reception(user)
    )


def can_manage(complaint: Complaint, user: User) -> bool:
    """The head of the department it is routed to, and the authorised body, triage and decide."""
    if not _active(user) or user.municipality_id != complaint.municipality_id:
        return False
    if user.has_role(Role.AUTHORITY):
        return True
    return is_department_head(user) and user.department_id == complaint.department_id


def routable_departments(user: User) -> QuerySet[Department]:
    """The departments this user may route a complaint to: any for the authorised body, his own for a
    department head."""
    qs = Department.objects.filter(municipality_id=user.municipality_id, is_active=True).order_by("name")
    if user.has_role(Role.AUTHORITY) or is_cur_reception(user):
        # the ЦУР's reception sends a message to the department it concerns (МР п.10)
        return qs
    if is_department_head(user):
        return qs.filter(pk=user.department_id)
    return qs.none()


# --- Reads -----------------------------------------------------------------------------------------


def complaints_visible_to(*, user: User) -> QuerySet[Complaint]:
    qs = Complaint.objects.all()
    if not can_read_registry(user):
        return qs.none()
    qs = qs.filter(municipality_id=user.municipality_id)
    if user.has_role(Role.AUTHORITY, Role.MAYOR):
        return qs
    visible = Q(pk__in=[])
    if user.has_role(Role.COORDINATOR):
        visible |= Q(department__direction__coordinator=user)
    if is_department_head(user):
        visible |= Q(department_id=user.department_id)
    if is_cur_reception(user):
        visible |= Q(channel=ComplaintChannel.CUR)
    return qs.filter(visible)


def cur_worklist(*, user: User) -> QuerySet[Complaint]:
    """The reception's own worklist (МР п.10): the ЦУР's messages it took in that still await the
    primary analysis in the department they were sent to."""
    if not is_cur_reception(user):
        return Complaint.objects.none()
    return (
        Complaint.objects.filter(
            municipality_id=user.municipality_id,
            channel=ComplaintChannel.CUR,
            decision=ComplaintDecision.PENDING,
        )
        .select_related("department")
        .order_by("received_on", "id")
    )


def complaint_list(*, user: User) -> QuerySet[Complaint]:
    return complaints_visible_to(user=user).select_related(
        "department",
        "project__lead",
        "project__department",
        "project__closure",
        "registered_by",
        "decided_by",
    )


def complaint_detail(*, user: User, pk: int) -> Complaint:
    return complaint_list(user=user).get(pk=pk)


def duplicate_of(
    *, municipality_id: int, channel: str, number: str, exclude_pk: int | None = None
) -> Complaint | None:
    qs = Complaint.objects.filter(
        municipality_id=municipality_id, channel=channel, number__iexact=number.strip()
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def duplicate_message(found: Complaint) -> str:
    return _("Обращение № %(n)s канала «%(ch)s» уже зарегистрировано (от %(d)s).") % {
        "n": found.number,
        "ch": found.get_channel_display(),
        "d": found.received_on.strftime("%d.%m.%Y"),
    }


def open_projects_for(complaint: Complaint) -> QuerySet[Project]:
    """Projects of the routed department a complaint may join instead of starting a new one."""
    return (
        Project.objects.filter(
            municipality_id=complaint.municipality_id, department_id=complaint.department_id
        )
        .exclude(status__in=[Status.CLOSED, Status.REJECTED])
        .order_by("-created_at")
    )


def reference(complaint: Complaint) -> str:
    """The complaint's reference as the project card keeps it (МР п.10)."""
    return _("%(ch)s № %(n)s от %(d)s") % {
        "ch": complaint.get_channel_display(),
        "n": complaint.number,
        "d": complaint.received_on.strftime("%d.%m.%Y"),
    }


# --- Writes ----------------------------------------------------------------------------------------


def _check_received_on(received_on: dt.date | None) -> None:
    if received_on is None:
        raise ActionRefused(_("Укажите дату поступления обращения."))
    if received_on > clock.today():
        raise ActionRefused(_("Дата поступления не может быть в будущем."))


@transaction.atomic
def complaint_register(
    *,
    by: User,
    channel: str,
    number: str,
    received_on: dt.date | None,
    text: str,
    department: Department,
    urgency: str,
    priority: int,
) -> Complaint:
    """Records a complaint routed to a department for the primary analysis (МР п.10)."""
    if not can_record(by):
        raise ActionRefused(
            _(
                "Обращения регистрируют Уполномоченный орган и руководители подразделений; обращения ЦУР — Отдел информационной политики (МР п.10)."
            )
        )
    if channel not in recordable_channels(by):
        raise ActionRefused(
            _(
                "Отдел информационной политики принимает обращения ЦУР (МР п.10); обращения из других источников регистрируют руководители подразделений и Уполномоченный орган."
            )
        )
    if not routable_departments(by).filter(pk=department.pk).exists():
        raise ActionRefused(
            _("Руководитель подразделения регистрирует обращения, направленные в своё подразделение.")
        )
    _check_received_on(received_on)
    found = duplicate_of(municipality_id=by.municipality_id, channel=channel, number=number)
    if found is not None:
        raise ActionRefused(duplicate_message(found))
    complaint = Complaint(
        municipality_id=by.municipality_id,
        channel=channel,
        number=number.strip(),
        received_on=received_on,
        text=text.strip(),
        department=department,
        urgency=urgency,
        priority=priority,
        registered_by=by,
    )
    try:
        complaint.full_clean()
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:  # the same number recorded at the same moment by someone else
        raise ActionRefused(
            _("Обращение № %(n)s этого канала уже зарегистрировано.") % {"n": complaint.number}
        ) from None
    return complaint


@transaction.atomic
def complaint_update(
    *,
    complaint: Complaint,
    by: User,
    channel: str,
    number: str,
    received_on: dt.date | None,
    text: str,
    department: Department,
    urgency: str,
    priority: int,
) -> Complaint:
    """Corrects the record and its primary analysis: urgency and priority (МР п.10)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not can_manage(complaint, by):
        raise ActionRefused(
            _("Обращение ведут руководитель подразделения, в которое оно направлено, и Уполномоченный орган.")
        )
    if department.pk != complaint.department_id:
        if complaint.project_id:
            raise ActionRefused(_("По обращению уже инициирован проект: подразделение не меняется."))
        if not routable_departments(by).filter(pk=department.pk).exists():
            raise ActionRefused(
                _("Перенаправить обращение в другое подразделение может Уполномоченный орган.")
            )
    _check_received_on(received_on)
    found = duplicate_of(
        municipality_id=complaint.municipality_id, channel=channel, number=number, exclude_pk=complaint.pk
    )
    if found is not None:
        raise ActionRefused(duplicate_message(found))
    complaint.channel = channel
    complaint.number = number.strip()
    complaint.received_on = received_on
    complaint.text = text.strip()
    complaint.department = department
    complaint.urgency = urgency
    complaint.priority = priority
    try:
        complaint.full_clean()
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:
        raise ActionRefused(
            _("Обращение № %(n)s этого канала уже зарегистрировано.") % {"n": complaint.number}
        ) from None
    return complaint


@transaction.atomic
def complaint_decide(
    *,
    complaint: Complaint,
    by: User,
    decision: str,
    note: str = "",
    project_title: str = "",
    project: Project | None = None,
) -> Complaint:
    """The decision after the primary analysis (МР п.10): into work, no action needed, or a project —
    a new draft project of the routed department led by its head, or an open project of that
    department the complaint joins. The complaint and the project are linked."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("department__head")
        .get(pk=complaint.pk)
    )
    if not can_manage(complaint, by):
        raise ActionRefused(
            _(
                "Решение по обращению принимает руководитель подразделения, в которое оно направлено, или Уполномоченный орган (МР п.10)."
            )
        )
    if decision not in DECIDED:
        raise ActionRefused(_("Выберите решение по обращению."))
    if complaint.decision == ComplaintDecision.PROJECT and complaint.project_id:
        raise ActionRefused(
            _("По обращению уже инициирован проект № %(n)s: решение не меняется.")
            % {"n": complaint.project.number}
        )
    note = note.strip()
    if decision == ComplaintDecision.NO_ACTION and not note:
        raise ActionRefused(_("Укажите, почему меры по обращению не требуются."))
    if decision == ComplaintDecision.PROJECT:
        if project is not None:
            if not open_projects_for(complaint).filter(pk=project.pk).exists():
                raise ActionRefused(
                    _(
                        "Обращение можно присоединить только к действующему проекту подразделения, в которое оно направлено."
                    )
                )
            services._journal(
                project,
                by=by,
                action="complaint_link",
                label=_("К проекту присоединено обращение: %(ref)s") % {"ref": reference(complaint)},
                comment=note,
            )
        else:
            project = _start_project(complaint, by=by, title=project_title, note=note)
        complaint.project = project
    complaint.decision = decision
    complaint.decision_note = note
    complaint.decided_on = clock.today()
    complaint.decided_by = by
    complaint.save(update_fields=["decision", "decision_note", "decided_on", "decided_by", "project"])
    return complaint


def _start_project(complaint: Complaint, *, by: User, title: str, note: str) -> Project:
    """The draft project started from a complaint (МР п.9–10): its lead is the head of the routed
    department (п.13), its source and reference those of the complaint."""
    title = title.strip()
    if not title:
        raise ActionRefused(_("Укажите наименование проекта: что улучшаем, а не как."))
    head = (
        by
        if is_department_head(by) and by.department_id == complaint.department_id
        else complaint.department.head
    )
    if head is None or not head.is_active or not head.has_role(Role.LEAD):
        raise ActionRefused(
            _(
                "У подразделения «%(d)s» не указан руководитель: проект инициирует руководитель подразделения (п.13)."
            )
            % {"d": complaint.department}
        )
    source = Source.COMPLAINT if complaint.channel == ComplaintChannel.DIRECT else Source.CUR
    project = services.project_create(
        by=head,
        title=title,
        department=complaint.department,
        source=source,
        source_reference=reference(complaint)[:200],
    )
    Project.objects.filter(pk=project.pk).update(
        dissatisfaction=_("Обращение: %(ref)s. %(text)s")
        % {
            "ref": reference(complaint),
            "text": complaint.text,
        }
    )
    services._journal(
        project,
        by=by,
        action="complaint_project",
        label=_("Проект инициирован по обращению: %(ref)s (МР п.10)") % {"ref": reference(complaint)},
        comment=note,
    )
    project.refresh_from_db()
    return project


# --- The registry in Excel (МР п.10) -------------------------------------------------------------


def registry_rows(complaints: QuerySet[Complaint]) -> list[list[Any]]:
    rows = []
    for c in complaints:
        p = c.project
        closure = getattr(p, "closure", None) if p else None
        rows.append(
            [
                c.get_channel_display(),
                c.number,
                c.received_on,
                c.text,
                c.department.name,
                c.get_urgency_display(),
                c.priority,
                c.get_decision_display(),
                c.decided_on,
                c.decision_note,
                p.number if p else "",
                p.title if p else "",
                p.get_status_display() if p else "",
                p.lead.surname_initials if p else "",
                closure.closed_on if closure else None,
                closure.get_achievement_display() if closure else "",
            ]
        )
    return rows


def registry_xlsx(*, complaints: QuerySet[Complaint], conditions: list[tuple[str, Any]]) -> bytes:
    """The registry of projects started from citizens' complaints and ЦУР messages (МР п.10): real
    dates and numbers, the header frozen, a Russian sheet name, and the conditions on a second sheet."""
    from documents.xlsx import DATE, INT, WRAP, Column, Workbook

    book = Workbook()
    book.table(
        _("Реестр обращений"),
        [
            Column(_("Канал"), 22),
            Column(_("№ обращения"), 14),
            Column(_("Дата поступления"), 12, DATE),
            Column(_("Суть обращения"), 50, WRAP),
            Column(_("Направлено в подразделение"), 36, WRAP),
            Column(_("Срочность"), 16),
            Column(_("Приоритет"), 10, INT),
            Column(_("Решение"), 26),
            Column(_("Дата решения"), 12, DATE),
            Column(_("Обоснование решения"), 36, WRAP),
            Column(_("№ проекта"), 11),
            Column(_("Проект"), 44, WRAP),
            Column(_("Стадия проекта"), 24),
            Column(_("Руководитель проекта"), 22),
            Column(_("Дата закрытия"), 12, DATE),
            Column(_("Степень достижения целей"), 24),
        ],
        registry_rows(complaints),
    )
    book.pairs(_("Условия выгрузки"), conditions)
    return book.to_bytes()


# --- The panel of the project page -----------------------------------------------------------------


def complaint_panel(project: Project, user: User) -> list[dict]:
    complaints = list(Complaint.objects.filter(project_id=project.pk).order_by("received_on", "id"))
    if not complaints:
        return []
    readable = {c.pk for c in complaints_visible_to(user=user).filter(project_id=project.pk)}
    return [
        {
            "template": "projects/complaints/panel.html",
            "data": {"complaints": complaints, "readable": readable},
        }
    ]


panels.register(complaint_panel)
