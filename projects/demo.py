"""Demo projects in the stages of the lifecycle, built through the services with a moved clock so
that their deadlines are really running («осталось 2 рабочих дня», an overdue review, …).
Building twice changes nothing: a project is identified by its title."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from org.models import Department, User
from workdays import clock
from workdays.services import add_working_days

from . import services
from .clocks import propose_key_events
from .models import Project, ProjectMember, Stakeholder, TargetIndicator

OSPN = "Отдел социальной поддержки населения Администрации ЗАТО Северск"


def _u(login: str) -> User:
    return User.objects.get(username=login)


def _fill(
    project: Project,
    *,
    team: list[tuple[str, str]],
    customer: str,
    owner: str,
    start: str,
    end: str,
    risk: str,
    scale: str,
    dissatisfaction: str,
    problems: str,
    indicators: list[tuple],
    on: dt.date,
) -> None:
    Project.objects.filter(pk=project.pk).update(
        process_customer=customer,
        project_customer=f"{project.coordinator or project.department.direction.coordinator}",
        process_owner=owner,
        boundary_start=start,
        boundary_end=end,
        key_risk=risk,
        scale=scale,
        dissatisfaction=dissatisfaction,
        problems=problems,
        **propose_key_events(on),
    )
    for n, (name, unit, cur, tgt, direction, how) in enumerate(indicators, start=1):
        TargetIndicator.objects.create(
            project=project,
            order=n,
            name=name,
            unit=unit,
            current_value=Decimal(cur),
            target_value=Decimal(tgt),
            direction=direction,
            measurement=how,
        )
    for login, role in team:
        ProjectMember.objects.get_or_create(project=project, user=_u(login), defaults={"team_role": role})
    Stakeholder.objects.create(
        project=project,
        name="Заявители (граждане)",
        interest="Быстрое получение услуги без повторных визитов",
        influence="high",
        attitude="supports",
        engagement="Анкетирование, информирование через сайт",
    )
    Stakeholder.objects.create(
        project=project,
        name="Специалисты подразделения",
        interest="Меньше ручной работы и переделок",
        influence="medium",
        attitude="neutral",
        engagement="Участие в картировании",
    )


SOCIAL_INDICATORS = [
    (
        "Время протекания процесса",
        "рабочих дней",
        "15",
        "7",
        "decrease",
        "От регистрации заявления до уведомления, по журналу за квартал",
    ),
    ("Количество визитов заявителя", "визитов", "3", "1", "decrease", "Опрос заявителей на выходе"),
    (
        "Доля заявлений, возвращённых на доработку",
        "%",
        "24",
        "5",
        "decrease",
        "Журнал регистрации: возвраты / все заявления",
    ),
]

DEMO = [
    # title, lead login, department name, team, stage, working days ago the project entered the path
    (
        "Оптимизация процесса назначения ежемесячной денежной выплаты многодетным семьям",
        "lead",
        OSPN,
        [("team", "ответственный за картирование"), ("team2", "эксперт процесса")],
        "current_map",
        30,
    ),
    (
        "Сокращение срока выдачи справок о составе семьи",
        "lead",
        OSPN,
        [("team", "эксперт процесса")],
        "card_review",
        8,
    ),
    (
        "Упрощение записи в кружки и студии учреждений культуры",
        "lead_culture",
        "Управление культуры Администрации ЗАТО Северск",
        [],
        "card_signing",
        14,
    ),
    (
        "Согласование проведения ярмарок и выездной торговли",
        "lead_market",
        "Отдел потребительского рынка и защиты прав потребителей Администрации ЗАТО Северск",
        [],
        "card_review",
        11,
    ),
    (
        "Приём заявлений на зачисление в детские сады",
        "lead_edu",
        "Управление образования Администрации ЗАТО Северск",
        [],
        "draft",
        0,
    ),
    (
        "Обновление мебели в кабинетах приёма граждан",
        "lead_rural",
        "Управление по внегородским территориям Администрации ЗАТО Северск",
        [],
        "rejected",
        20,
    ),
]


@transaction.atomic
def build() -> None:
    today = clock.today()
    for title, lead_login, dept_name, team, stage, ago in DEMO:
        if Project.objects.filter(title=title).exists():
            continue
        lead = _u(lead_login)
        department = Department.objects.get(name=dept_name)
        start = add_working_days(today, -ago) if ago else today
        with clock.backdated(start):
            project = services.project_create(by=lead, title=title, department=department)
            members = team or [
                (m.username, "член команды")
                for m in User.objects.filter(department=department).exclude(pk=lead.pk)[:1]
            ]
            if not members:
                members = [("team", "член команды")]
            _fill(
                project,
                team=members,
                customer="Граждане и организации — получатели услуги",
                owner=lead.position,
                start="Обращение заявителя",
                end="Получение заявителем результата",
                risk="Нарушение срока предоставления услуги, жалобы граждан в ЦУР",
                scale="Около 1 500 обращений в год",
                dissatisfaction="28 жалоб за прошлый год, средний балл анкетирования 2,4 из 4",
                problems="Повторные визиты заявителя, ожидание ответов на межведомственные запросы, ручная сверка документов",
                indicators=SOCIAL_INDICATORS,
                on=start,
            )
            if stage == "draft":
                continue
            services.card_submit(project=project, by=lead)
        coordinator = department.direction.coordinator
        if stage == "card_review":
            continue
        if stage == "rejected":
            with clock.backdated(add_working_days(start, 6)):
                services.card_reject(
                    project=project,
                    by=coordinator,
                    comment="Процесс не носит постоянного характера (п.12.3): это разовая закупка, а не оптимизация процесса.",
                )
            continue
        with clock.backdated(add_working_days(start, 4)):
            services.card_return(
                project=project,
                by=coordinator,
                comment="Уточните, как измеряется доля возвратов, и добавьте анализ заинтересованных сторон.",
            )
        with clock.backdated(add_working_days(start, 6)):
            services.card_submit(project=project, by=lead)
        with clock.backdated(add_working_days(start, 9)):
            services.card_approve(project=project, by=coordinator, lead=lead)
        if stage == "card_signing":
            continue
        with clock.backdated(add_working_days(start, 11)):
            services.card_sign(project=project, by=_u("mayor"))
