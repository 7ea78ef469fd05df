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

OSPN_TEAM = [("team", "ответственный за картирование"), ("team2", "эксперт процесса")]

DEMO = [
    # title, lead login, department name, team, the stage it reaches, working days ago it started
    (
        "Оптимизация процесса назначения ежемесячной денежной выплаты многодетным семьям",
        "lead",
        OSPN,
        OSPN_TEAM,
        "implementation",
        75,
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
        "Перерасчёт мер социальной поддержки при смене места жительства",
        "lead",
        OSPN,
        OSPN_TEAM,
        "current_map",
        20,
    ),
    (
        "Выдача разрешений на установку рекламных конструкций",
        "lead_arch",
        "Комитет архитектуры и градостроительства Администрации ЗАТО Северск",
        [],
        "target_map",
        40,
    ),
    (
        "Предоставление спортивных объектов для проведения соревнований",
        "lead_youth",
        "Управление молодежной и семейной политики, физической культуры и спорта Администрации ЗАТО Северск",
        [],
        "plan_review",
        39,
    ),
    (
        "Назначение компенсации расходов на оплату жилого помещения педагогам",
        "lead_edu",
        "Управление образования Администрации ЗАТО Северск",
        [],
        "results",
        135,
    ),
    ("Выдача справок о составе семьи в ОСПН", "lead", OSPN, OSPN_TEAM, "closed", 170),
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
ORDER = [
    "draft",
    "card_review",
    "card_signing",
    "current_map",
    "target_map",
    "plan_drafting",
    "plan_review",
    "implementation",
    "results",
    "closed",
]


def _reached(stage: str, target: str) -> bool:
    return ORDER.index(target) >= ORDER.index(stage)


def _day(start: dt.date, n: int) -> dt.date:
    return add_working_days(start, n)


@transaction.atomic
def build() -> None:
    today = clock.today()
    for title, lead_login, dept_name, team, stage, ago in DEMO:
        if Project.objects.filter(title=title).exists():
            continue
        lead = _u(lead_login)
        department = Department.objects.get(name=dept_name)
        start = _day(today, -ago) if ago else today
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
                continue  # the head has not judged the initiative yet: the page asks for п.12
            _assess_initiative(project, lead=lead)
            services.card_submit(project=project, by=lead)
        _drive(project, lead=lead, stage=stage, start=start, ago=ago)
    _results_and_practices()
    _initiatives()


P12_COMMENTS = {
    1: "Сократится время специалистов на приём и проверку документов, высвободится ресурс отдела.",
    2: "Уйдут повторные визиты заявителя и ожидание межведомственных ответов.",
    3: "Процесс выполняется ежедневно в течение всего года.",
}
P14_COMMENTS = {
    1: "Проблемы подтверждены жалобами и анкетированием, цели измеримы, способы названы.",
    2: "Сокращение срока и визитов заявителя, экономия рабочего времени специалистов.",
    3: "Реализация силами отдела за 4–5 месяцев, без дополнительного финансирования.",
    4: "Автоматизация не требуется: улучшения достигаются изменением порядка работы.",
    5: "Связан с показателем муниципальной программы «Социальная поддержка населения».",
}


def _assess_initiative(project: Project, *, lead: User) -> None:
    """The head judges his initiative against the three conditions of п.12 (issue 19.6)."""
    from .criteria import P12, criteria_record

    criteria_record(
        project=project, kind=P12, items={n: ("met", c) for n, c in P12_COMMENTS.items()}, by=lead
    )


def _assess_card(project: Project, *, coordinator: User, returned=False, rejected=False) -> None:
    """The coordinator's assessment of the card item by item before his decision (п.14)."""
    from .criteria import P14, criteria_record

    items = {n: ("met", c) for n, c in P14_COMMENTS.items()}
    if returned:
        items[2] = ("partly", "Не показано, как будет измеряться доля возвратов: уточните способ измерения.")
    if rejected:
        items[1] = ("not_met", "Закупка мебели — разовое мероприятие, а не проблема процесса.")
        items[5] = ("not_met", "Не влияет на целевые показатели муниципальных программ.")
    criteria_record(project=project, kind=P14, items=items, by=coordinator)


def _initiatives() -> None:
    """Employees' initiatives (п.11): one waits for the head of ОСПН, one he has declined."""
    from .initiatives import initiative_decide, initiative_submit
    from .models import Initiative

    if Initiative.objects.exists():
        return
    team, team2 = _u("team"), _u("team2")
    initiative_submit(
        by=team,
        title="Приём заявлений на компенсацию за детский сад в день обращения",
        problem="Заявитель приходит дважды: подать заявление и донести справку о доходах.",
        proposal="Сведения о доходах запрашиваются по межведомственному запросу, заявление принимается за один визит.",
    )
    declined = initiative_submit(
        by=team2,
        title="Замена принтеров в кабинетах приёма",
        problem="Принтеры часто ломаются, документы печатаются с задержкой.",
        proposal="Закупить новые принтеры.",
    )
    criteria = {n: ("met", c) for n, c in P12_COMMENTS.items()}
    criteria[2] = ("partly", "Экономия времени незначительна.")
    criteria[3] = ("not_met", "Разовая закупка, а не постоянный процесс.")
    initiative_decide(
        initiative=declined,
        by=_u("lead"),
        accept=False,
        criteria=criteria,
        reason="Это закупка, а не улучшение процесса (п.12.3): заявку на замену техники подайте в хозяйственный отдел.",
    )


def _drive(project: Project, *, lead: User, stage: str, start: dt.date, ago: int) -> None:
    """Takes a submitted card along the lifecycle up to `stage`, each act on its own backdated day."""
    from surveys.demo import build_demo_survey

    coordinator = project.department.direction.coordinator
    if stage == "card_review":
        return
    if stage == "rejected":
        with clock.backdated(_day(start, 6)):
            _assess_card(project, coordinator=coordinator, rejected=True)
            services.card_reject(
                project=project,
                by=coordinator,
                comment="Процесс не носит постоянного характера (п.12.3): это разовая закупка, а не оптимизация процесса.",
            )
        return
    with clock.backdated(_day(start, 4)):
        _assess_card(project, coordinator=coordinator, returned=True)
        services.card_return(
            project=project,
            by=coordinator,
            comment="Уточните, как измеряется доля возвратов, и добавьте анализ заинтересованных сторон.",
        )
    with clock.backdated(_day(start, 6)):
        services.card_submit(project=project, by=lead)
    with clock.backdated(_day(start, 9)):
        _assess_card(project, coordinator=coordinator)
        services.card_approve(project=project, by=coordinator, lead=lead)
    if stage == "card_signing":
        return
    with clock.backdated(_day(start, 11)):
        services.card_sign(project=project, by=_u("mayor"))
        build_demo_survey(project, phase="initiation", answers=12)
    _kickoff(project, lead=lead, on=_day(start, 13))
    if stage == "implementation":
        _methodology(project, lead=lead, start=start)
    if stage == "current_map":
        _maps(project, lead=lead, complete_target=False, current_only=True)
        return
    with clock.backdated(_day(start, 30)):
        _maps(project, lead=lead, complete_target=_reached("plan_drafting", stage), current_only=False)
        services.transition_perform(project=project, by=lead, action="complete_current_map")
    if stage == "target_map":
        return
    with clock.backdated(_day(start, 36)):
        services.transition_perform(project=project, by=lead, action="complete_target_map")
    with clock.backdated(_day(start, 38)):
        _plan(project, lead=lead)
        services.transition_perform(project=project, by=lead, action="submit_plan")
    if stage == "plan_review":
        return
    with clock.backdated(_day(start, 40)):
        services.transition_perform(project=project, by=coordinator, action="approve_plan")
    _execute(project, lead=lead, start=start, ago=ago, finish=_reached("results", stage))
    if stage in ("results", "closed"):
        with clock.backdated(_day(start, ago - 8)):
            build_demo_survey(project, phase="closure", answers=10)


def _methodology(project: Project, *, lead: User, start: dt.date) -> None:
    """The authorised body's consultation and methodological comment on the current map, and the
    lead's reply (Положение п.6.1, 6.3; issue 19.9)."""
    from .choices import CommentKind
    from .comments import comment_post

    authority = _u("authority")
    with clock.backdated(_day(start, 18)):
        comment_post(
            project=project,
            by=authority,
            kind=CommentKind.CONSULTATION,
            artefact="current_map",
            text="Консультация команды по картированию процесса: как фиксировать время ожидания между этапами.",
            consulted_on=_day(start, 18),
            consultation_format="in_person",
            participants=f"{lead.surname_initials}, команда проекта, {authority.surname_initials}",
            outcome="Команда замеряет время этапов по журналу регистрации за месяц и наносит его на карту.",
        )
    with clock.backdated(_day(start, 24)):
        root = comment_post(
            project=project,
            by=authority,
            kind=CommentKind.METHODOLOGICAL,
            artefact="current_map",
            text="На карте нет межведомственного запроса: добавьте его этапом и отметьте ожидание ответа как потерю.",
        )
    with clock.backdated(_day(start, 25)):
        comment_post(
            project=project,
            by=lead,
            kind=CommentKind.REPLY,
            parent=root,
            text="Этап добавлен, ожидание ответа отмечено как потеря «ожидание».",
        )


def _kickoff(project: Project, *, lead: User, on: dt.date) -> None:
    from .models import Meeting, MeetingParticipant

    with clock.backdated(on):
        meeting = Meeting.objects.create(
            project=project,
            kind="kickoff",
            starts_at=clock.now().replace(hour=10, minute=0, second=0, microsecond=0),
            place="Администрация ЗАТО Северск, каб. 210",
            goals="Обсудить цели и задачи проекта, представить участников, план проекта и роли (МР п.4.9д).",
            agenda="Цели и задачи проекта\nКарточка проекта и целевые показатели\nРоли участников и график этапов",
            held=True,
            discussion="Руководитель проекта представил карточку; команда обсудила границы процесса.",
            decisions="Инициировать проект\nПровести картирование текущего состояния в течение 25 рабочих дней",
            feedback="Участники отметили главную проблему — повторные визиты заявителей.",
            initiation_decided=True,
            created_by=lead,
        )
        for member in [lead, *[m.user for m in project.members.all()]]:
            MeetingParticipant.objects.get_or_create(
                meeting=meeting, user=member, defaults={"attended": True}
            )
        services.meeting_protocol_approve(meeting=meeting, by=lead)


def _maps(project: Project, *, lead: User, complete_target: bool, current_only: bool) -> None:
    from maps.demo import build_demo_current_map, build_demo_maps

    if current_only:
        build_demo_current_map(project, by=lead)
    else:
        build_demo_maps(project, complete_target=complete_target, by=lead)


def _plan(project: Project, *, lead: User) -> None:
    """One activity per problem of the current map, inside the card's implementation period."""
    from . import planning
    from .models import Activity

    revision = planning.plan_start(project=project, by=lead)
    team = [lead, *[m.user for m in project.members.filter(kind="member")]]
    span = max((project.implementation_end - project.implementation_start).days, 7)
    problems = list(planning.current_map_problems(project))
    for n, problem in enumerate(problems, start=1):
        activity = Activity.objects.create(
            revision=revision,
            number=n,
            title=ACTIVITIES[(n - 1) % len(ACTIVITIES)],
            root_cause=f"Причина проблемы № {problem.number}: {problem.text[:120]}",
            responsible=team[n % len(team)],
            deadline=project.implementation_start + dt.timedelta(days=span * n // (len(problems) + 1)),
            expected_result=f"Проблема № {problem.number} устранена, заявитель не тратит время на лишние действия",
        )
        activity.problems.set([problem])


ACTIVITIES = [
    "Утвердить единый перечень документов и разместить его на сайте и в МФЦ",
    "Настроить межведомственный запрос сведений без участия заявителя",
    "Ввести предварительную запись на приём по телефону и через Госуслуги",
    "Разработать шаблон решения и автоматическое формирование уведомления",
    "Закрепить ответственного за консультирование заявителей",
    "Сократить число согласований внутри отдела до одного",
    "Перераспределить функции приёма и проверки документов между специалистами",
    "Внести изменения в административный регламент предоставления услуги",
]


def _execute(project: Project, *, lead: User, start: dt.date, ago: int, finish: bool) -> None:
    """Team meetings every two weeks, indicator actuals, activities moved across the board; with
    `finish` every activity is done (the project moves to results, п.24)."""
    from . import planning
    from .models import Meeting, MeetingParticipant

    revision = planning.current_revision(project)
    activities = list(revision.activities.order_by("deadline"))
    today = clock.today()
    meeting_day = _day(start, 45)
    n = 0
    while meeting_day < today and n < 6:
        with clock.backdated(meeting_day):
            n += 1
            meeting = Meeting.objects.create(
                project=project,
                kind="team",
                number=n,
                starts_at=clock.now().replace(hour=15, minute=0, second=0, microsecond=0),
                place="каб. 210",
                agenda="Ход реализации плана\nПросроченные мероприятия",
                held=True,
                decisions="Принять к сведению ход реализации плана\nОбновить доску мероприятий",
                assignments="Руководителю проекта — внести фактические значения показателей до пятницы",
                created_by=lead,
            )
            for member in [lead, *[m.user for m in project.members.all()]]:
                MeetingParticipant.objects.get_or_create(
                    meeting=meeting, user=member, defaults={"attended": True}
                )
            services.meeting_protocol_approve(meeting=meeting, by=lead)
        meeting_day = _day(meeting_day, 10)
    indicators = list(project.indicators.all())
    steps = 3
    for k in range(1, steps + 1):
        day = _day(start, 45 + (ago - 50) * k // steps) if ago > 55 else _day(start, 45)
        if day > today:
            continue
        with clock.backdated(day):
            for ind in indicators:
                value = ind.current_value + (ind.target_value - ind.current_value) * k / (steps + 1)
                planning.indicator_actual_add(
                    project=project,
                    by=lead,
                    indicator=ind,
                    measured_on=day,
                    value=round(value, 1),
                    source="Журнал регистрации заявлений",
                )
    done_count = len(activities) if finish else len(activities) // 2
    for i, activity in enumerate(activities):
        if i < done_count:
            day = (
                min(activity.deadline, today) if not finish else min(activity.deadline, _day(start, ago - 12))
            )
            with clock.backdated(max(day, _day(start, 41))):
                activity.refresh_from_db()
                planning.activity_move(
                    activity=activity,
                    by=lead,
                    to="done",
                    expected_version=activity.version,
                    done_on=clock.today(),
                    evidence="Сделано: приказ подписан, сотрудники ознакомлены.",
                )
        elif i < done_count + 2:
            with clock.backdated(_day(start, 42)):
                activity.refresh_from_db()
                planning.activity_move(
                    activity=activity, by=lead, to="doing", expected_version=activity.version
                )


def _results_and_practices() -> None:
    """The project in `closed` goes through the report, the defence and the mayor's decision; it
    becomes a best practice that another department replicates; complaints feed the registry."""
    from . import demo_results

    closed_title = next(t for t, *_rest, stage, _ago in DEMO if stage == "closed")
    project = Project.objects.get(title=closed_title, replicated_from__isnull=True)
    if project.status == "results":
        ago = next(a for t, *_rest, a in DEMO if t == closed_title)
        demo_results.close_demo_project(project, start=_day(clock.today(), -(ago - 150)))
    project.refresh_from_db()
    if project.status == "closed":
        practice = demo_results.make_demo_practice(project)
        demo_results.replicate_demo_practice(practice)
    demo_results.build_demo_complaints(project.municipality)
