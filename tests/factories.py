"""factory_boy factories for every model the tests build."""

import factory
from factory.django import DjangoModelFactory

from org.choices import DepartmentKind, Role
from org.models import Department, Direction, Municipality, RoleAssignment, User


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"mo{n}")
    name = factory.Sequence(lambda n: f"Муниципальное образование {n}")
    administration_name = factory.LazyAttribute(lambda o: f"Администрация {o.name}")
    region = "Томская область"
    mayor_title = factory.LazyAttribute(lambda o: f"Мэр {o.name}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Иван"
    patronymic = "Иванович"
    position = "Главный специалист"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.PostGenerationMethodCall("set_password", "pass12345")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or ():
            RoleAssignment.objects.get_or_create(user=self, role=role)
        self._roles_cache = None


class DirectionFactory(DjangoModelFactory):
    class Meta:
        model = Direction

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Направление {n}")
    coordinator = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..municipality"), roles=[Role.COORDINATOR]
    )


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Отдел {n}")
    short_name = factory.Sequence(lambda n: f"О{n}")
    kind = DepartmentKind.UNIT
    direction = factory.SubFactory(DirectionFactory, municipality=factory.SelfAttribute("..municipality"))


# --- Projects ------------------------------------------------------------------------------------

import datetime as dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from projects.models import Project, ProjectMember, TargetIndicator  # noqa: E402


class World:
    """A small municipality with one person per role and scope, for workflow and permission tests:
    a coordinator with his direction and department, a lead and a team member there, another
    department of another direction with its own coordinator and lead, the mayor, the authorised
    body, an observer, and a second municipality."""

    def __init__(self):
        from org.models import Municipality

        self.municipality = MunicipalityFactory(code="w", name="Тестовск")
        m = self.municipality
        self.coordinator = UserFactory(
            username="coord", municipality=m, roles=[Role.COORDINATOR], last_name="Соколова"
        )
        self.direction = DirectionFactory(
            municipality=m, coordinator=self.coordinator, name="Социальная политика"
        )
        self.department = DepartmentFactory(
            municipality=m, direction=self.direction, name="Отдел социальной поддержки"
        )
        self.lead = UserFactory(
            username="lead",
            municipality=m,
            department=self.department,
            roles=[Role.LEAD, Role.TEAM],
            last_name="Васильева",
        )
        self.department.head = self.lead
        self.department.save()
        self.member = UserFactory(
            username="member", municipality=m, department=self.department, roles=[Role.TEAM]
        )
        self.outsider = UserFactory(
            username="outsider", municipality=m, department=self.department, roles=[Role.TEAM]
        )
        self.other_coordinator = UserFactory(username="coord2", municipality=m, roles=[Role.COORDINATOR])
        self.other_direction = DirectionFactory(
            municipality=m, coordinator=self.other_coordinator, name="Экономика"
        )
        self.other_department = DepartmentFactory(
            municipality=m, direction=self.other_direction, name="Управление культуры"
        )
        self.other_lead = UserFactory(
            username="lead2", municipality=m, department=self.other_department, roles=[Role.LEAD, Role.TEAM]
        )
        self.mayor = UserFactory(username="mayor", municipality=m, roles=[Role.MAYOR], last_name="Громов")
        m.mayor = self.mayor
        m.save()
        self.authority = UserFactory(username="authority", municipality=m, roles=[Role.AUTHORITY])
        self.observer = UserFactory(username="observer", municipality=m, roles=[Role.OBSERVER])
        self.foreign_municipality = MunicipalityFactory(code="x", name="Другой округ")
        self.foreign_coordinator = UserFactory(
            username="fcoord", municipality=self.foreign_municipality, roles=[Role.COORDINATOR]
        )
        self.foreign_mayor = UserFactory(
            username="fmayor", municipality=self.foreign_municipality, roles=[Role.MAYOR, Role.AUTHORITY]
        )
        assert isinstance(m, Municipality)

    def people(self) -> dict:
        return {
            "lead": self.lead,
            "member": self.member,
            "outsider": self.outsider,
            "coordinator": self.coordinator,
            "other_coordinator": self.other_coordinator,
            "other_lead": self.other_lead,
            "mayor": self.mayor,
            "authority": self.authority,
            "observer": self.observer,
            "foreign_coordinator": self.foreign_coordinator,
            "foreign_mayor": self.foreign_mayor,
        }


def fill_card(project: Project, *, member=None, start: dt.date | None = None) -> Project:
    """A complete card that passes every blocking check (МР п.4.5)."""
    from projects.clocks import propose_key_events

    Project.objects.filter(pk=project.pk).update(
        process_customer="Граждане, обращающиеся за мерами социальной поддержки",
        project_customer="Заместитель Мэра по социальной политике",
        process_owner="Начальник Отдела социальной поддержки населения",
        boundary_start="Обращение заявителя",
        boundary_end="Выдача уведомления о назначении выплаты",
        key_risk="Нарушение установленного срока предоставления услуги, жалобы в ЦУР",
        scale="1 200 обращений в год",
        dissatisfaction="32 жалобы за 2025 год",
        problems="Повторные визиты заявителя, ожидание межведомственных ответов",
        **propose_key_events(start or dt.date(2026, 3, 2)),
    )
    project.refresh_from_db()
    TargetIndicator.objects.create(
        project=project,
        order=1,
        name="Срок предоставления услуги",
        unit="рабочих дней",
        current_value=Decimal("10"),
        target_value=Decimal("5"),
        direction="decrease",
        measurement="Среднее по журналу регистрации за месяц",
    )
    TargetIndicator.objects.create(
        project=project,
        order=2,
        name="Количество визитов заявителя",
        unit="визитов",
        current_value=Decimal("3"),
        target_value=Decimal("1"),
        direction="decrease",
        measurement="Опрос заявителей",
    )
    if member is not None:
        ProjectMember.objects.get_or_create(
            project=project, user=member, defaults={"team_role": "эксперт процесса"}
        )
    # the lead is in the working group (issue 19.9); the head judged the initiative (п.12)
    ProjectMember.objects.get_or_create(
        project=project, user=project.lead, defaults={"team_role": "руководитель проекта"}
    )
    record_initiative_criteria(project)
    return project


def record_initiative_criteria(project: Project, *, verdict: str = "met", by=None) -> None:
    """The department head's judgement of the initiative against the three conditions of п.12."""
    from projects.criteria import P12, criteria_record

    criteria_record(
        project=project,
        kind=P12,
        items={n: (verdict, f"Условие {n} выполнено") for n in (1, 2, 3)},
        by=by or project.lead,
    )


def criteria_post(kind: str = "p14", *, verdict: str = "met") -> dict:
    """What the criteria form of the project page posts: every item judged with a comment."""
    count = 3 if kind == "p12" else 5
    data = {}
    for n in range(1, count + 1):
        data[f"verdict_{n}"] = verdict
        data[f"comment_{n}"] = f"Пункт {n}: обосновано в карточке"
    return data


def assess_card(project: Project, *, verdict: str = "met", by=None) -> None:
    """The coordinator's assessment of the card under review, item by item (п.14): needed before he
    approves, returns or rejects it."""
    from projects.criteria import P14, criteria_record

    project.refresh_from_db()
    criteria_record(
        project=project,
        kind=P14,
        items={n: (verdict, f"Пункт {n} п.14 оценён") for n in range(1, 6)},
        by=by or project.department.direction.coordinator,
    )


def make_project(
    world: World, *, title="Оптимизация выдачи справок", filled=True, department=None, lead=None
) -> Project:
    from projects import services

    project = services.project_create(
        by=lead or world.lead, title=title, department=department or world.department
    )
    if filled:
        fill_card(project, member=world.member)
    return project


def advance(project: Project, world: World, until: str) -> Project:
    """Drives a project along the main path with the right person at each step."""
    from projects import services

    path = [
        ("card_review", "submit_card", world.lead, {}),
        ("card_signing", "approve_card", world.coordinator, {}),
        ("current_map", "sign_card", world.mayor, {}),
        ("target_map", "complete_current_map", world.lead, {}),
        ("plan_drafting", "complete_target_map", world.lead, {}),
        ("plan_review", "submit_plan", world.lead, {}),
        ("implementation", "approve_plan", world.coordinator, {}),
    ]
    sources = ["draft"] + [target for target, *_rest in path]
    for (target, action, by, extra), source in zip(path, sources, strict=False):
        if project.status == until:
            break
        if project.status != source:  # already further along: continue from where it is
            continue
        if action == "complete_current_map":
            ensure_current_map(project, by=by)
            ensure_kickoff(project)  # Положение п.10.1; МР п.4.9
        elif action == "complete_target_map":
            ensure_target_map(project, by=by)
            settle_survey(project, "initiation")  # Положение п.10.1; МР п.4.4
        elif action == "approve_card":
            assess_card(project, by=by)
        services.transition_perform(project=project, by=by, action=action, **extra)
        project.refresh_from_db()
        if target == until:
            break
    assert project.status == until, (project.status, until)
    return project


# --- Maps ----------------------------------------------------------------------------------------


def build_current_map(project: Project, *, by, steps: int = 4, problems: int = 2):
    """A small current map through the services: the applicant's lane and a specialist's lane,
    `steps` steps with durations, `problems` numbered problems (Положение п.16.1, Прил. 2)."""
    from maps import services as map_services
    from maps.choices import DurationUnit, MapKind, StepKind, ValueClass
    from maps.models import WasteType

    applicant = map_services.lane_add(
        project=project, map_kind=MapKind.CURRENT, by=by, name="Заявитель", is_client=True
    )
    specialist = map_services.lane_add(
        project=project, map_kind=MapKind.CURRENT, by=by, name="Специалист отдела"
    )
    waiting = WasteType.objects.get(number=2)
    made = []
    for n in range(1, steps + 1):
        lane = applicant if n % 2 else specialist
        waste = n % 3 == 0
        made.append(
            map_services.step_add(
                project=project,
                map_kind=MapKind.CURRENT,
                by=by,
                lane=lane,
                name=f"Шаг {n}",
                kind=StepKind.WAITING if waste else StepKind.OPERATION,
                value_class=ValueClass.WASTE if waste else ValueClass.VALUE,
                duration_minutes=30 * n,
                duration_unit=DurationUnit.MINUTES,
                waste_types=[waiting] if waste else [],
                visit=lane == applicant,
            )
        )
    for n in range(1, problems + 1):
        map_services.problem_add(
            project=project,
            by=by,
            text=f"Проблема {n}",
            steps=[made[(n - 1) % len(made)]],
            waste_types=[waiting],
        )
    return made


def build_target_map(project: Project, *, by):
    """The target map copied from the current one, with one proposal for every problem (п.16.2)."""
    from maps import services as map_services
    from maps.choices import MapKind
    from maps.models import Problem

    target = map_services.target_map_start(project=project, by=by)
    for problem in Problem.objects.filter(process_map__project=project, process_map__kind=MapKind.CURRENT):
        map_services.proposal_add(
            project=project, by=by, text=f"Устранить: {problem.text}", problems=[problem]
        )
    return target


def ensure_current_map(project: Project, *, by) -> None:
    from maps.models import ProcessMap

    if not ProcessMap.objects.filter(project=project, kind="current").exists():
        build_current_map(project, by=by)


def ensure_target_map(project: Project, *, by) -> None:
    from maps.models import ProcessMap

    if not ProcessMap.objects.filter(project=project, kind="target").exists():
        build_target_map(project, by=by)


# --- The initiation and the closure: kick-off meeting and surveys (Положение п.10.1, 10.5) --------


def hold_kickoff(project: Project, *, approve: bool = True, participants=()):
    """The kick-off meeting held an hour ago through the services, its protocol recording the
    decision to initiate the project and approved by the project's lead (Положение п.10.1; МР п.4.9)."""
    from django.utils import timezone

    from projects import services
    from projects.forms import MeetingForm
    from workdays import clock

    at = timezone.localtime(clock.now()) - dt.timedelta(hours=1)
    form = MeetingForm(
        {
            "kind": "kickoff",
            "starts_at": at.strftime("%Y-%m-%dT%H:%M"),
            "place": "Зал 212",
            "goals": "Обсудить цели и задачи проекта",
            "held": "on",
            "decisions": "Инициировать проект\nУтвердить состав команды",
            "initiation_decided": "on",
        },
        project=project,
    )
    assert form.is_valid(), form.errors
    meeting = services.meeting_save(
        project=project, by=project.lead, form=form, participants=list(participants)
    )
    if approve:
        meeting = services.meeting_protocol_approve(meeting=meeting, by=project.lead)
    return meeting


def ensure_kickoff(project: Project) -> None:
    from projects.kickoff import kickoff_done

    if not kickoff_done(project):
        hold_kickoff(project)


def settle_survey(project: Project, phase: str) -> None:
    """Makes the survey of `phase` satisfy its gate (Положение п.10.1, 10.5; МР п.4.4): an open
    survey with answers is closed by the lead; without a survey with answers the project's
    coordinator records that it is not held."""
    from surveys import services as survey_services
    from surveys.choices import SurveyState
    from surveys.models import Survey, SurveyWaiver
    from workdays import clock

    if SurveyWaiver.objects.filter(project=project, phase=phase).exists():
        return
    survey = Survey.objects.filter(project=project, phase=phase).first()
    if survey is not None and survey.responses.exists():
        if survey.state(clock.today()) != SurveyState.CLOSED:
            survey_services.survey_close(survey=survey, by=project.lead)
        return
    survey_services.survey_waive(
        project=project,
        phase=phase,
        by=project.coordinator,
        reason="У процесса нет внешних заказчиков: результат используется только внутри отдела.",
    )


def hold_defence(project: Project, *, discussion: str = ""):
    """The closing meeting has taken place (Положение п.27–28; МР п.8): its time has come and its
    protocol records the defence, so the Mayor may decide (п.29)."""
    from projects.models import Meeting
    from projects.results import closing_meeting
    from workdays import clock

    meeting = closing_meeting(project)
    assert meeting is not None, "recommend the report to closure first: that schedules the defence"
    held_at = min(meeting.starts_at, clock.now() - dt.timedelta(minutes=5))
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=held_at,
        held=True,
        discussion=discussion or "Руководитель проекта представил отчётную презентацию; вопросы и ответы.",
    )
    meeting.refresh_from_db()
    return meeting
