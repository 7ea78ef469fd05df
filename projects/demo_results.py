"""Demo data for results, closure, the best-practice base and the complaints registry, built through
the services (Положение п.24–31; МР п.9–10). Each builder is idempotent: calling it twice changes
nothing.

    project = <a demo project in `results`>
    close_demo_project(project)                 # report sent, returned once, recommended, closed
    practice = make_demo_practice(project)      # the authorised body adds it to the base
    replicate_demo_practice(practice)           # another department replicates it
    build_demo_complaints(project.municipality) # a few complaints, one of which started a project
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from org.choices import Role
from org.models import Department, Municipality, User
from workdays import clock
from workdays.services import add_working_days

from . import complaints, practices, results, services
from .choices import Achievement, ActKind, ComplaintChannel, ComplaintDecision, Status, Urgency
from .models import Complaint, IndicatorResult, LegalAct, Practice, Project


def _coordinator(project: Project) -> User:
    if project.coordinator_id:
        return project.coordinator
    return project.department.direction.coordinator


def _mayor(project: Project) -> User:
    municipality = project.municipality
    if municipality.mayor_id:
        return municipality.mayor
    return (
        User.objects.filter(municipality=municipality, role_assignments__role=Role.MAYOR)
        .order_by("id")
        .first()
    )


def _authority(municipality_id: int) -> User:
    people = User.objects.filter(
        municipality_id=municipality_id, role_assignments__role=Role.AUTHORITY, is_active=True
    )
    return people.filter(username="authority").first() or people.order_by("id").first()


def _demo_actual(current: Decimal | None, target: Decimal | None, share: Decimal) -> Decimal | None:
    if target is None:
        return None
    if current is None:
        return target
    return (current + (target - current) * share).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _fill_report(project: Project) -> None:
    """Actual values (the first indicator reaches its target, the others most of the way — «частично»),
    the effect and an adopted act."""
    report = results.report_ensure(project)
    for n, row in enumerate(
        IndicatorResult.objects.filter(report=report).select_related("indicator").order_by("indicator__order")
    ):
        if row.actual_value is None:
            share = Decimal(1) if n == 0 else Decimal("0.7")
            row.actual_value = _demo_actual(row.indicator.current_value, row.indicator.target_value, share)
            row.comment = row.comment or "Журнал регистрации заявлений за последний месяц"
            row.save(update_fields=["actual_value", "comment"])
    report.summary = report.summary or (
        "Введён единый перечень документов и предварительная запись; межведомственные запросы "
        "направляются в день приёма; заявитель получает результат за один визит."
    )
    report.staff_hours_per_year = (
        report.staff_hours_per_year if report.staff_hours_per_year is not None else Decimal("640")
    )
    report.money_per_year = report.money_per_year if report.money_per_year is not None else Decimal("288000")
    report.effect_calculation = report.effect_calculation or (
        "Сокращение ручной сверки на 24 мин × 1 600 заявлений в год = 640 чел.-ч; 640 ч × 450 ₽ = 288 000 ₽."
    )
    report.other_effects = report.other_effects or "Повторных визитов нет; жалоб в ЦУР за квартал — ни одной."
    report.save()
    if not LegalAct.objects.filter(project=project).exists():
        LegalAct.objects.create(
            project=project,
            kind=ActKind.DEPARTMENT_ORDER,
            number="45-од",
            adopted_on=clock.today() - dt.timedelta(days=14),
            title="Об утверждении стандарта приёма заявлений и перечня документов",
        )


def _close_closure_survey(project: Project, *, lead: User, coordinator: User) -> None:
    """The survey «после» is closed before the report goes to the coordinator (Положение п.10.5;
    МР п.4.4); a project without one gets the coordinator's recorded decision not to hold it."""
    from surveys import services as survey_services
    from surveys.choices import Phase, SurveyState
    from surveys.models import Survey, SurveyWaiver

    survey = Survey.objects.filter(project=project, phase=Phase.CLOSURE).first()
    if survey is not None and survey.responses.exists():
        if survey.state(clock.today()) != SurveyState.CLOSED:
            survey_services.survey_close(survey=survey, by=lead)
    elif not SurveyWaiver.objects.filter(project=project, phase=Phase.CLOSURE).exists():
        survey_services.survey_waive(
            project=project,
            phase=Phase.CLOSURE,
            by=coordinator,
            reason="Процесс внутренний: его результат используют только сотрудники подразделения.",
        )


@transaction.atomic
def close_demo_project(
    project: Project, *, achievement: str = Achievement.PARTIAL, start: dt.date | None = None
) -> Project:
    """Drives a project in `results` through the report (sent, returned once with remarks, sent
    again), the coordinator's recommendation with the defence, the closing meeting and the mayor's
    decision (п.24–29). `start` backdates the acts so that the demo shows real dates."""
    project.refresh_from_db()
    if project.status == Status.CLOSED:
        return project
    if project.status != Status.RESULTS:
        raise ValueError(f"project {project.number} is in {project.status}, not in results")
    lead, coordinator, mayor = project.lead, _coordinator(project), _mayor(project)
    today = clock.today()
    begin = start or max(project.status_changed_on or today, add_working_days(today, -8))

    def day(offset: int) -> dt.date:
        return min(add_working_days(begin, offset) if offset else begin, today)

    with clock.backdated(day(0)):
        _fill_report(project)
        _close_closure_survey(project, lead=lead, coordinator=coordinator)
        results.report_send(project=project, by=lead, comment="Отчёт и расчёт эффекта прилагаются.")
    with clock.backdated(day(2)):
        results.report_return(
            project=project,
            by=coordinator,
            comment="Приложите расчёт высвобожденного времени по каждому шагу и приказ об утверждении стандарта.",
        )
    with clock.backdated(day(3)):
        results.report_send(project=project, by=lead, comment="Расчёт дополнен, приказ приложен.")
    with clock.backdated(day(4)):
        defence_day = day(6)
        defence_at = timezone.make_aware(dt.datetime.combine(defence_day, dt.time(10, 0)))
        if defence_at <= clock.now():
            defence_at = clock.now() + dt.timedelta(minutes=30)
        results.closure_recommend(
            project=project,
            by=coordinator,
            defence_at=defence_at,
            place="Администрация, зал заседаний (каб. 212)",
        )
    meeting = results.closing_meeting(project)
    with clock.backdated(defence_day):
        meeting.participants.update(attended=True)
        meeting.discussion = (
            "Руководитель проекта представил отчётную презентацию. Вопросы: устойчивость результата, "
            "тиражирование в подразделениях с аналогичными процессами."
        )
        # The defence took place before the Mayor decides (Положение п.27, 29).
        meeting.held = True
        meeting.starts_at = min(meeting.starts_at, clock.now() - dt.timedelta(minutes=5))
        meeting.save(update_fields=["discussion", "held", "starts_at"])
        results.project_close(
            project=project,
            by=mayor,
            achievement=achievement,
            comment="Рекомендовать практику к тиражированию.",
        )
        meeting.refresh_from_db()
        services.meeting_protocol_approve(meeting=meeting, by=mayor)
    project.refresh_from_db()
    return project


@transaction.atomic
def make_demo_practice(project: Project, *, by: User | None = None) -> Practice:
    """The authorised body adds the closed project to the best-practice base (п.31)."""
    existing = Practice.objects.filter(project=project).first()
    if existing is not None:
        return existing
    return practices.practice_create(
        project=project,
        by=by or _authority(project.municipality_id),
        title=project.title,
        process="Приём заявлений и назначение выплаты",
        area="Социальная поддержка",
        tags="один визит, межведомственные запросы, стандарт приёма",
        effect=practices.default_effect(project) or "Заявитель получает результат за один визит.",
    )


@transaction.atomic
def replicate_demo_practice(
    practice: Practice, *, lead: User | None = None, department: Department | None = None
) -> Project:
    """A head of another department replicates the practice (п.30): a new draft project of his
    department, linked to the practice."""
    if lead is None:
        lead = (
            User.objects.filter(username="lead_culture").first()
            or User.objects.filter(
                municipality_id=practice.project.municipality_id,
                role_assignments__role=Role.LEAD,
                department__isnull=False,
            )
            .exclude(department_id=practice.project.department_id)
            .order_by("id")
            .first()
        )
    department = department or lead.department
    existing = Project.objects.filter(replicated_from_id=practice.project_id, department=department).first()
    if existing is not None:
        return existing
    return practices.practice_replicate(
        practice=practice, by=lead, department=department, title=practice.project.title
    )


# (channel, number, days ago, text, department name, urgency, priority, decision, note, project title)
COMPLAINTS = [
    (
        ComplaintChannel.CUR,
        "ЦУР-2026-00417",
        40,
        "Жалоба на сроки назначения ежемесячной выплаты на ребёнка: заявление подано два месяца назад, "
        "ответа нет, дважды просили принести справки повторно.",
        "Отдел социальной поддержки населения Администрации ЗАТО Северск",
        Urgency.HIGH,
        1,
        ComplaintDecision.PROJECT,
        "Проблема системная: повторные запросы документов и ожидание межведомственных ответов.",
        "Сокращение срока назначения ежемесячной выплаты на ребёнка",
    ),
    (
        ComplaintChannel.PLATFORM,
        "ПОС-118-26",
        25,
        "Не удаётся записаться на приём в отдел: телефон постоянно занят.",
        "Отдел социальной поддержки населения Администрации ЗАТО Северск",
        Urgency.NORMAL,
        3,
        ComplaintDecision.IN_WORK,
        "Включена электронная запись через портал; выделен второй номер телефона.",
        "",
    ),
    (
        ComplaintChannel.DIRECT,
        "О-2026-1093",
        12,
        "Просьба продлить часы работы библиотеки по субботам.",
        "Управление культуры Администрации ЗАТО Северск",
        Urgency.LOW,
        4,
        ComplaintDecision.NO_ACTION,
        "Часы работы по субботам продлены приказом до 18:00 до поступления обращения.",
        "",
    ),
    (
        ComplaintChannel.CUR,
        "ЦУР-2026-00602",
        3,
        "Долго рассматривают заявление на зачисление ребёнка в детский сад: больше месяца без ответа.",
        "Управление образования Администрации ЗАТО Северск",
        Urgency.NORMAL,
        2,
        ComplaintDecision.PENDING,
        "",
        "",
    ),
]


@transaction.atomic
def build_demo_complaints(municipality: Municipality | None = None) -> list[Complaint]:
    """A few complaints of the registry (МР п.9–10): one started a project, one was taken into work,
    one needed no action, one waits for the primary analysis."""
    municipality = (
        municipality or Municipality.objects.filter(code="seversk").first() or Municipality.objects.first()
    )
    authority = _authority(municipality.pk)
    departments = {
        d.name: d for d in Department.objects.filter(municipality=municipality).select_related("head")
    }
    made = []
    for channel, number, ago, text, dept_name, urgency, priority, decision, note, title in COMPLAINTS:
        department = departments.get(dept_name)
        if department is None:
            continue
        found = Complaint.objects.filter(municipality=municipality, channel=channel, number=number).first()
        if found is not None:
            made.append(found)
            continue
        received = add_working_days(clock.today(), -ago)
        with clock.backdated(received):
            complaint = complaints.complaint_register(
                by=authority,
                channel=channel,
                number=number,
                received_on=received,
                text=text,
                department=department,
                urgency=urgency,
                priority=priority,
            )
        if decision != ComplaintDecision.PENDING:
            head = department.head if department.head and department.head.has_role(Role.LEAD) else authority
            with clock.backdated(add_working_days(received, 3)):
                complaint = complaints.complaint_decide(
                    complaint=complaint, by=head, decision=decision, note=note, project_title=title
                )
        made.append(complaint)
    return made
