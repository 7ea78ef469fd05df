"""The demo municipality: the regulation's departments and positions (the resolution's «Состав»),
with fictional people. Building it twice changes nothing."""

from __future__ import annotations

from django.db import transaction

from .access import reference_editor_grant
from .choices import DepartmentKind, Role, TeamMembership
from .models import Department, Direction, ManagementTeamMember, Municipality, User

DEMO_PASSWORD = "demo12345"

# The one account for technical administration: people, roles, passwords (issue 18, hole 1).
ADMIN = ("admin", "Администратор", "Системный", "", "Технический администратор leanproj")
DEMO_LOGINS_ADMIN = "Технический администратор (суперпользователь): пользователи, роли, пароли в /admin/"

# (login, last, first, patronymic, position)
MAYOR = ("mayor", "Громов", "Николай", "Петрович", "Мэр ЗАТО Северск")
# Issue 19.9: the mayor's office prepares and sees what the mayor signs; only the mayor signs.
MAYOR_OFFICE = ("mayor_office", "Зайцева", "Ольга", "Игоревна", "Помощник Мэра ЗАТО Северск")
FIRST_DEPUTY = ("observer", "Белов", "Владимир", "Андреевич", "Первый заместитель Мэра ЗАТО Северск")

# direction, (login, last, first, patronymic, position), [department names]
DIRECTIONS = [
    (
        "Социальная политика",
        (
            "coordinator",
            "Соколова",
            "Татьяна",
            "Юрьевна",
            "Заместитель Мэра ЗАТО Северск по социальной политике",
        ),
        [
            "Отдел социальной поддержки населения Администрации ЗАТО Северск",
            "Управление образования Администрации ЗАТО Северск",
            "Управление культуры Администрации ЗАТО Северск",
            "Управление молодежной и семейной политики, физической культуры и спорта Администрации ЗАТО Северск",
        ],
    ),
    (
        "Экономика и финансы",
        (
            "coordinator_econ",
            "Лебедев",
            "Виталий",
            "Олегович",
            "Заместитель Мэра ЗАТО Северск по экономике и финансам",
        ),
        [
            "Комитет экономического развития Администрации ЗАТО Северск",
            "Финансовое управление Администрации ЗАТО Северск",
            "Управление имущественных отношений Администрации ЗАТО Северск",
        ],
    ),
    (
        "Общественная безопасность",
        (
            "coordinator_safety",
            "Орехов",
            "Роман",
            "Игоревич",
            "Заместитель Мэра ЗАТО Северск по общественной безопасности",
        ),
        ["Отдел потребительского рынка и защиты прав потребителей Администрации ЗАТО Северск"],
    ),
    (
        "Управление делами",
        (
            "coordinator_affairs",
            "Зайцев",
            "Виктор",
            "Сергеевич",
            "Заместитель Мэра ЗАТО Северск — Управляющий делами Администрации ЗАТО Северск",
        ),
        [
            "Комитет развития информационного общества Администрации ЗАТО Северск",
            "Отдел по работе с обращениями граждан Администрации ЗАТО Северск",
            "Отдел информационной политики Администрации ЗАТО Северск",
        ],
    ),
    (
        "Капитальное строительство",
        (
            "coordinator_build",
            "Фомин",
            "Павел",
            "Александрович",
            "Врио заместителя Мэра ЗАТО Северск по капитальному строительству",
        ),
        [
            "Комитет архитектуры и градостроительства Администрации ЗАТО Северск",
            "Управление жилищно-коммунального хозяйства, транспорта и связи Администрации ЗАТО Северск",
            "Управление по внегородским территориям Администрации ЗАТО Северск",
        ],
    ),
]

# department name -> (short name, kind, head login, last, first, patronymic, head position)
HEADS = {
    "Отдел социальной поддержки населения Администрации ЗАТО Северск": (
        "ОСПН",
        DepartmentKind.UNIT,
        "lead",
        "Васильева",
        "Наталья",
        "Александровна",
        "Начальник Отдела социальной поддержки населения Администрации ЗАТО Северск",
    ),
    "Управление образования Администрации ЗАТО Северск": (
        "Управление образования",
        DepartmentKind.ORGAN,
        "lead_edu",
        "Ковалёв",
        "Егор",
        "Дмитриевич",
        "Начальник Управления образования Администрации ЗАТО Северск",
    ),
    "Управление культуры Администрации ЗАТО Северск": (
        "Управление культуры",
        DepartmentKind.ORGAN,
        "lead_culture",
        "Кузнецова",
        "Татьяна",
        "Алексеевна",
        "Начальник Управления культуры Администрации ЗАТО Северск",
    ),
    "Управление молодежной и семейной политики, физической культуры и спорта Администрации ЗАТО Северск": (
        "УМСП",
        DepartmentKind.ORGAN,
        "lead_youth",
        "Мальцева",
        "Татьяна",
        "Николаевна",
        "Врио начальника Управления молодежной и семейной политики, физической культуры и спорта Администрации ЗАТО Северск",
    ),
    "Комитет экономического развития Администрации ЗАТО Северск": (
        "КЭР",
        DepartmentKind.ORGAN,
        "authority_head",
        "Никитина",
        "Елена",
        "Сергеевна",
        "Председатель Комитета экономического развития Администрации ЗАТО Северск",
    ),
    "Финансовое управление Администрации ЗАТО Северск": (
        "Финансовое управление",
        DepartmentKind.ORGAN,
        "lead_finance",
        "Овчинникова",
        "Лариса",
        "Ивановна",
        "Начальник Финансового управления Администрации ЗАТО Северск",
    ),
    "Управление имущественных отношений Администрации ЗАТО Северск": (
        "УИО",
        DepartmentKind.ORGAN,
        "lead_property",
        "Саакян",
        "Артур",
        "Сергеевич",
        "Начальник Управления имущественных отношений Администрации ЗАТО Северск",
    ),
    "Отдел потребительского рынка и защиты прав потребителей Администрации ЗАТО Северск": (
        "ОПР",
        DepartmentKind.UNIT,
        "lead_market",
        "Кириллова",
        "Яна",
        "Юрьевна",
        "Начальник Отдела потребительского рынка и защиты прав потребителей Администрации ЗАТО Северск",
    ),
    "Комитет развития информационного общества Администрации ЗАТО Северск": (
        "КРИО",
        DepartmentKind.ORGAN,
        "lead_it",
        "Олейник",
        "Андрей",
        "Валерьевич",
        "Председатель Комитета развития информационного общества Администрации ЗАТО Северск",
    ),
    "Отдел по работе с обращениями граждан Администрации ЗАТО Северск": (
        "ОРОГ",
        DepartmentKind.UNIT,
        "lead_appeals",
        "Шубина",
        "Ольга",
        "Владимировна",
        "Начальник Отдела по работе с обращениями граждан Администрации ЗАТО Северск",
    ),
    "Отдел информационной политики Администрации ЗАТО Северск": (
        "ОИП",
        DepartmentKind.UNIT,
        "lead_media",
        "Романова",
        "Ирина",
        "Павловна",
        "Начальник Отдела информационной политики Администрации ЗАТО Северск",
    ),
    "Комитет архитектуры и градостроительства Администрации ЗАТО Северск": (
        "КАиГ",
        DepartmentKind.ORGAN,
        "lead_arch",
        "Бадмаев",
        "Сергей",
        "Антонович",
        "Председатель Комитета архитектуры и градостроительства Администрации ЗАТО Северск",
    ),
    "Управление жилищно-коммунального хозяйства, транспорта и связи Администрации ЗАТО Северск": (
        "УЖКХ ТиС",
        DepartmentKind.ORGAN,
        "lead_housing",
        "Крылов",
        "Дмитрий",
        "Евгеньевич",
        "Начальник Управления жилищно-коммунального хозяйства, транспорта и связи Администрации ЗАТО Северск",
    ),
    "Управление по внегородским территориям Администрации ЗАТО Северск": (
        "УВГТ",
        DepartmentKind.ORGAN,
        "lead_rural",
        "Орлов",
        "Виктор",
        "Петрович",
        "Начальник Управления по внегородским территориям Администрации ЗАТО Северск",
    ),
}

# Staff below the heads: (login, last, first, patronymic, position, department, roles)
STAFF = [
    (
        "team",
        "Петрова",
        "Анна",
        "Сергеевна",
        "Главный специалист Отдела социальной поддержки населения",
        "Отдел социальной поддержки населения Администрации ЗАТО Северск",
        [Role.TEAM],
    ),
    (
        "team2",
        "Смирнов",
        "Илья",
        "Олегович",
        "Ведущий специалист Отдела социальной поддержки населения",
        "Отдел социальной поддержки населения Администрации ЗАТО Северск",
        [Role.TEAM],
    ),
    (
        "authority",
        "Егорова",
        "Марина",
        "Викторовна",
        "Главный специалист Комитета экономического развития (бережливое управление)",
        "Комитет экономического развития Администрации ЗАТО Северск",
        [Role.AUTHORITY],
    ),
    ("psr", "Тарасов", "Константин", "Ильич", "Специалист ПСР АО «СХК»", None, [Role.OBSERVER]),
]

INSTITUTION = (
    "МАУ ЗАТО Северск «Ресурсный центр образования»",
    "РЦО",
    "Управление образования Администрации ЗАТО Северск",
)


def _person(municipality, login, last, first, patronymic, position, department=None, roles=()) -> User:
    user, created = User.objects.get_or_create(
        username=login,
        defaults={
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic,
            "position": position,
            "municipality": municipality,
            "department": department,
            "email": f"{login}@demo.leanproj.local",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.grant(*roles)
    return user


@transaction.atomic
def build() -> Municipality:
    municipality, _ = Municipality.objects.get_or_create(
        code="seversk",
        defaults={
            "name": "ЗАТО Северск",
            "administration_name": "Администрация ЗАТО Северск",
            "region": "Томская область",
            "mayor_title": "Мэр ЗАТО Северск",
        },
    )
    mayor = _person(municipality, *MAYOR, roles=[Role.MAYOR])
    if municipality.mayor_id != mayor.id:
        municipality.mayor = mayor
        municipality.save(update_fields=["mayor"])
    _person(municipality, *MAYOR_OFFICE, roles=[Role.MAYOR_OFFICE])
    first_deputy = _person(municipality, *FIRST_DEPUTY, roles=[Role.OBSERVER])

    team_order = [(mayor, TeamMembership.HEAD, "Мэр ЗАТО Северск")]
    team_order.append((first_deputy, TeamMembership.DEPUTY_HEAD, FIRST_DEPUTY[4]))
    heads = []
    for direction_name, coordinator_row, department_names in DIRECTIONS:
        coordinator = _person(municipality, *coordinator_row, roles=[Role.COORDINATOR])
        team_order.append((coordinator, TeamMembership.COORDINATOR, coordinator_row[4]))
        direction, _ = Direction.objects.get_or_create(
            municipality=municipality, name=direction_name, defaults={"coordinator": coordinator}
        )
        for name in department_names:
            short, kind, login, last, first, patronymic, position = HEADS[name]
            department, _ = Department.objects.get_or_create(
                municipality=municipality,
                name=name,
                defaults={"short_name": short, "kind": kind, "direction": direction},
            )
            roles = [Role.LEAD, Role.TEAM]
            if login == "authority_head":
                roles.append(Role.AUTHORITY)
            head = _person(municipality, login, last, first, patronymic, position, department, roles)
            if department.head_id != head.id:
                department.head = head
                department.save(update_fields=["head"])
            if short == "ОИП" and not department.receives_cur_messages:
                # МР п.10: the Отдел информационной политики takes in the ЦУР's messages
                department.receives_cur_messages = True
                department.save(update_fields=["receives_cur_messages"])
                _person(
                    municipality,
                    "cur_reception",
                    "Голубева",
                    "Анна",
                    "Сергеевна",
                    "Главный специалист Отдела информационной политики (приём обращений ЦУР)",
                    department,
                    [],
                )
            heads.append((head, position))
    for head, position in heads:
        team_order.append((head, TeamMembership.WORKING_GROUP, position))

    name, short, parent_name = INSTITUTION
    parent = Department.objects.get(municipality=municipality, name=parent_name)
    Department.objects.get_or_create(
        municipality=municipality,
        name=name,
        defaults={
            "short_name": short,
            "kind": DepartmentKind.INSTITUTION,
            "parent": parent,
            "direction": parent.direction,
        },
    )

    for login, last, first, patronymic, position, department_name, roles in STAFF:
        department = (
            Department.objects.get(municipality=municipality, name=department_name)
            if department_name
            else None
        )
        _person(municipality, login, last, first, patronymic, position, department, roles)

    for order, (user, membership, position) in enumerate(team_order, start=1):
        ManagementTeamMember.objects.update_or_create(
            municipality=municipality,
            user=user,
            defaults={"membership": membership, "position_text": position, "order": order},
        )

    _technical_admin()
    _reference_data_editors(municipality)
    return municipality


def _reference_data_editors(municipality) -> None:
    """The authorised body keeps the reference data in the admin (DESIGN §1) — exactly that: the
    group of org.access, no other group or permission; nobody else of the demo is staff."""
    for user in User.objects.filter(municipality=municipality):
        if user.is_superuser:
            user.is_superuser = False
            user.save(update_fields=["is_superuser"])
        if user.has_role(Role.AUTHORITY):
            reference_editor_grant(user=user)
        elif user.is_staff or user.groups.exists() or user.user_permissions.exists():
            user.is_staff = False
            user.save(update_fields=["is_staff"])
            user.groups.clear()
            user.user_permissions.clear()


def _technical_admin() -> User:
    """The only superuser of the demo: no municipality and no role, so it is nobody in the
    projects and no one's colleague in the pickers of people."""
    admin = _person(None, *ADMIN)
    if not (admin.is_staff and admin.is_superuser):
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    return admin


DEMO_LOGINS = [
    ("mayor", "Мэр"),
    ("mayor_office", "Аппарат Мэра — готовит подписание и защиты, не подписывает"),
    ("coordinator", "Координатор — заместитель Мэра по социальной политике"),
    ("authority", "Уполномоченный орган (Комитет экономического развития), справочники в /admin/"),
    ("lead", "Руководитель проекта — начальник Отдела социальной поддержки населения"),
    ("lead_culture", "Руководитель другого подразделения (Управление культуры)"),
    ("team", "Член команды проекта"),
    ("observer", "Наблюдатель — первый заместитель Мэра"),
    ("admin", DEMO_LOGINS_ADMIN),
]
