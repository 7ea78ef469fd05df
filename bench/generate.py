"""Data generator of the benchmarks: municipalities with their departments, people and roles, and
projects in every stage of the lifecycle with what each stage leaves behind — the card, the journal
with its snapshots, the statutory deadlines (done on time or late, open, overdue), both process
maps, the action plan with its activities, meetings with participants, the questionnaires with
answers, monitoring values, the report, the closure, best practices, complaints and reminders.

Rows are written with bulk_create in batches; nothing goes through the services (that would take
hours for 100 000 projects), so the generator mirrors what the services write: the same journal
actions and labels, the deadlines of `projects.clocks` counted on the production calendar, the card
snapshot of `projects.snapshots.card_snapshot`, the map snapshots of `maps.snapshots` (with the
metrics computed by `maps.metrics`), the plan snapshot of `projects.planning` and the report
snapshot of `projects.results`. Dates are relative to the real today, so clocks are really running
when gunicorn serves the pages. The simple_history tables stay empty.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://postgres@127.0.0.1:5432/leanproj_bench_x \\
        .venv/bin/python bench/generate.py --scale municipality      # 1 000 projects, 300 people
        .venv/bin/python bench/generate.py --scale region10k         # 10 000 projects, 20 municipalities
        .venv/bin/python bench/generate.py --scale region100k        # 100 000 projects, 100 municipalities

The database must exist and be migrated (bench/run.py does both). Prints what it wrote and writes
the facts the benchmarks need (who the bench coordinator is, which projects make the pools) to
the `--facts` JSON file."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

# --- Scales -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    name: str
    projects: int
    municipalities: int
    people: int | None = None  # people of a single municipality; None: 0.3 per project

    @property
    def label(self) -> str:
        where = "муниципалитет" if self.municipalities == 1 else f"регион, {self.municipalities} МО"
        return f"{self.projects:,}".replace(",", " ") + f" проектов ({where})"


SCALES = {
    "municipality": Scale("municipality", 1_000, 1, people=300),
    "region10k": Scale("region10k", 10_000, 20),
    "region100k": Scale("region100k", 100_000, 100),
}

# The stage distribution of a portfolio that has run for about two years: a third closed, a fifth
# in implementation, the rest spread over the stages in proportion to their length (percent).
STATUS_WEIGHTS = {
    "draft": 8,
    "card_review": 4,
    "card_signing": 2,
    "current_map": 6,
    "target_map": 4,
    "plan_drafting": 4,
    "plan_review": 2,
    "plan_rework": 1,
    "implementation": 20,
    "results": 5,
    "report_review": 2,
    "defence": 2,
    "closed": 30,
    "rejected": 6,
    "suspended": 4,
}
MAIN_PATH = [
    "draft",
    "card_review",
    "card_signing",
    "current_map",
    "target_map",
    "plan_drafting",
    "plan_review",
    "implementation",
    "results",
    "report_review",
    "defence",
    "closed",
]
ACT_OF = {
    ("draft", "card_review"): "submit_card",
    ("card_review", "draft"): "return_card",
    ("card_review", "card_signing"): "approve_card",
    ("card_review", "rejected"): "reject_card",
    ("card_signing", "rejected"): "reject_card",
    ("card_signing", "current_map"): "sign_card",
    ("current_map", "target_map"): "complete_current_map",
    ("target_map", "plan_drafting"): "complete_target_map",
    ("plan_drafting", "plan_review"): "submit_plan",
    ("plan_review", "plan_rework"): "return_plan",
    ("plan_rework", "plan_review"): "resubmit_plan",
    ("plan_review", "implementation"): "approve_plan",
    ("implementation", "results"): "complete_implementation",
    ("results", "report_review"): "send_report",
    ("report_review", "defence"): "recommend_closure",
    ("defence", "closed"): "close",
}
# Who performs each act (projects.models.Project transitions' permissions).
ACTOR = {
    "submit_card": "lead",
    "return_card": "coordinator",
    "approve_card": "coordinator",
    "reject_card": "coordinator",
    "sign_card": "mayor",
    "complete_current_map": "lead",
    "complete_target_map": "lead",
    "submit_plan": "lead",
    "return_plan": "coordinator",
    "resubmit_plan": "lead",
    "approve_plan": "coordinator",
    "complete_implementation": "lead",
    "send_report": "lead",
    "recommend_closure": "coordinator",
    "close": "mayor",
    "suspend": "coordinator",
}
COMMENTS = {
    "return_card": "Уточнить целевые показатели: нужны числовые значения и способ измерения.",
    "reject_card": "Процесс будет передан в МФЦ в следующем году, проект нецелесообразен.",
    "return_plan": "Не все проблемы карты текущего состояния закрыты мероприятиями.",
    "suspend": "Реорганизация подразделения, проект приостановлен до утверждения новой структуры.",
}
# Calendar days spent in each stage: (shortest, longest) for a stage that was left.
STAGE_DAYS = {
    "draft": (3, 40),
    "card_review": (4, 20),
    "card_signing": (1, 12),
    "current_map": (20, 45),
    "target_map": (7, 20),
    "plan_drafting": (7, 20),
    "plan_review": (1, 6),
    "plan_rework": (1, 6),
    "implementation": (45, 180),
    "results": (20, 42),
    "report_review": (3, 15),
    "defence": (5, 20),
}
EARLIEST = dt.date(2025, 1, 13)  # the shipped production calendar starts with 2025


@dataclass
class Sizes:
    """How many rows of each kind a project gets: random within the range (min, max)."""

    members: tuple[int, int] = (2, 5)
    perimeter: tuple[int, int] = (1, 3)
    indicators: tuple[int, int] = (2, 3)
    stakeholders: tuple[int, int] = (2, 4)
    lanes: tuple[int, int] = (3, 5)
    steps: tuple[int, int] = (8, 16)
    problems: tuple[int, int] = (2, 5)
    extra_activities: tuple[int, int] = (0, 2)
    responses: tuple[int, int] = (5, 18)
    invitations: tuple[int, int] = (0, 4)
    legal_acts: tuple[int, int] = (0, 2)
    card_returns: tuple[int, int] | None = None  # None: 15 % of cards are returned once
    team_meetings: tuple[int, int] | None = None  # None: every two weeks of implementation
    complete_draft_share: float = 0.8
    team_from_anyone: bool = False  # the team from the whole municipality, not the department
    overdue: bool = False  # every open clock and every unfinished activity past its date
    plain: bool = False  # no random branches (source, plan rework, practice, digest, observer)


# --- Names ------------------------------------------------------------------------------------

SURNAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
]
MALE = [
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Иван",
    "Михаил",
    "Евгений",
    "Николай",
    "Владимир",
    "Павел",
    "Игорь",
]
FEMALE = [
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Анна",
    "Мария",
    "Юлия",
    "Марина",
    "Екатерина",
    "Галина",
]
PATRONYMICS_M = [
    "Александрович",
    "Сергеевич",
    "Дмитриевич",
    "Андреевич",
    "Иванович",
    "Михайлович",
    "Николаевич",
    "Петрович",
]
PATRONYMICS_F = [
    "Александровна",
    "Сергеевна",
    "Дмитриевна",
    "Андреевна",
    "Ивановна",
    "Михайловна",
    "Николаевна",
    "Петровна",
]
TOWNS = [
    "Северск",
    "Томск",
    "Стрежевой",
    "Асино",
    "Колпашево",
    "Кедровый",
    "Каргасок",
    "Парабель",
    "Молчаново",
    "Шегарка",
    "Зырянское",
    "Бакчар",
    "Тегульдет",
    "Первомайское",
    "Кожевниково",
    "Мельниково",
    "Подгорное",
    "Белый_Яр",
    "Александровское",
    "Кривошеино",
]
DEPARTMENTS = [
    ("Отдел социальной поддержки населения", "ОСПН"),
    ("Управление образования", "УО"),
    ("Управление культуры", "УК"),
    ("Управление имущественных отношений", "УИО"),
    ("Управление архитектуры и градостроительства", "УАиГ"),
    ("Финансовое управление", "ФУ"),
    ("Комитет экономического развития", "КЭР"),
    ("Управление жилищно-коммунального хозяйства", "УЖКХ"),
    ("Отдел ЗАГС", "ЗАГС"),
    ("Архивный отдел", "Архив"),
    ("Отдел по работе с обращениями граждан", "ОРОГ"),
    ("Управление молодёжной и семейной политики", "УМСП"),
    ("Отдел муниципального контроля", "ОМК"),
    ("Юридическое управление", "ЮУ"),
    ("Отдел кадров", "ОК"),
    ("Отдел опеки и попечительства", "ООП"),
    ("Управление по физической культуре и спорту", "УФКС"),
    ("Отдел транспорта и связи", "ОТС"),
    ("Отдел потребительского рынка", "ОПР"),
    ("МКУ «Многофункциональный центр»", "МФЦ"),
    ("МКУ «Служба заказчика ЖКХ»", "СЗ ЖКХ"),
    ("МАУ «Центр культуры»", "ЦК"),
]
DIRECTIONS = [
    "Социальная политика",
    "Экономика и финансы",
    "Городское хозяйство",
    "Управление делами",
    "Безопасность и общественные связи",
    "Строительство и архитектура",
]
PROCESSES = [
    "выдачи справок о составе семьи",
    "назначения ежемесячной денежной выплаты",
    "согласования схемы размещения нестационарных торговых объектов",
    "выдачи разрешений на строительство",
    "приёма заявлений о зачислении в детский сад",
    "предоставления земельных участков многодетным семьям",
    "выдачи архивных справок",
    "рассмотрения обращений граждан",
    "заключения договоров социального найма",
    "выдачи разрешений на ввод объекта в эксплуатацию",
    "согласования переустройства жилого помещения",
    "оформления опеки над несовершеннолетними",
    "подбора кадров на муниципальную службу",
    "закупки канцелярских товаров",
    "подготовки муниципальных правовых актов",
    "учёта муниципального имущества",
    "выдачи ордеров на земляные работы",
    "организации отдыха детей в каникулярное время",
    "приёма документов на компенсацию оплаты ЖКУ",
    "регистрации рождения",
    "согласования проведения массовых мероприятий",
    "выдачи разрешений на вырубку зелёных насаждений",
    "оплаты счетов поставщиков",
    "записи в учреждения дополнительного образования",
]
LANES = [
    ("Заявитель", True),
    ("Специалист отдела", False),
    ("Начальник отдела", False),
    ("МФЦ", False),
    ("Бухгалтерия", False),
    ("Юридический отдел", False),
    ("Архив", False),
]
STEP_NAMES = [
    "Принять заявление",
    "Проверить комплект документов",
    "Зарегистрировать в СЭД",
    "Передать пакет документов в отдел",
    "Ждать резолюции руководителя",
    "Направить межведомственный запрос",
    "Ждать ответа на запрос",
    "Подготовить проект решения",
    "Согласовать проект с юристом",
    "Подписать решение",
    "Уведомить заявителя",
    "Выдать результат",
    "Сканировать и загрузить документы",
    "Внести данные в реестр",
    "Повторно прийти с недостающими документами",
    "Сверить данные с реестром",
]
PROBLEMS = [
    "Заявитель приходит несколько раз из-за неполного комплекта документов",
    "Документы ждут резолюции руководителя до трёх дней",
    "Межведомственные ответы приходят с задержкой",
    "Дублирование ввода данных в две системы",
    "Нет единого перечня требуемых документов на сайте",
    "Проект решения согласуется последовательно, а не параллельно",
    "Заявитель не знает, на какой стадии его обращение",
    "Бумажный документооборот между отделами",
]
ACTIVITIES = [
    "Разработать и разместить на сайте чек-лист документов",
    "Перевести межведомственные запросы в СМЭВ",
    "Ввести электронную резолюцию в СЭД",
    "Организовать параллельное согласование проекта решения",
    "Настроить SMS-информирование заявителя о статусе",
    "Отменить дублирующий журнал учёта",
    "Закрепить стандарт рабочего места специалиста",
    "Обучить специалистов работе в новой форме",
]
STAKEHOLDERS = [
    "Заявители",
    "МФЦ",
    "Финансовое управление",
    "Юридическое управление",
    "Социальный фонд",
    "Общественная палата",
]
INDICATORS = [
    ("Срок предоставления услуги", "рабочих дней", 10, 5, "decrease", "Среднее по журналу регистрации"),
    ("Количество визитов заявителя", "визитов", 3, 1, "decrease", "Опрос заявителей"),
    ("Количество жалоб", "жалоб в год", 32, 10, "decrease", "Реестр обращений"),
    ("Доля электронных заявлений", "%", 20, 60, "increase", "Выгрузка из ЕПГУ"),
    ("Время ожидания в очереди", "минут", 40, 10, "decrease", "Хронометраж"),
    ("Количество согласований", "согласований", 6, 3, "decrease", "Маршрут в СЭД"),
]


# --- Calendar ---------------------------------------------------------------------------------


@cache
def add_wd(start: dt.date, days: int) -> dt.date:
    from workdays.services import add_working_days

    return add_working_days(start, days)


@cache
def working_on_or_before(day: dt.date) -> dt.date:
    from workdays.services import is_working_day

    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


@cache
def proposed_events(start: dt.date) -> dict:
    from projects.clocks import propose_key_events

    return propose_key_events(start)


# --- The plan of one project ------------------------------------------------------------------


@dataclass
class Visit:
    status: str
    entered: dt.date
    left: dt.date | None = None  # None: still there


@dataclass
class Plan:
    """Everything decided about one project before any row is written."""

    status: str
    visits: list[Visit]
    department: int
    lead: int
    coordinator: int  # the direction's coordinator (acts of the coordinator)
    mayor: int
    team: list[int]
    perimeter: list[int]
    process: str
    complete: bool
    source: str
    closed_share: float = 0.0
    created_at: dt.datetime | None = None
    number: str = ""
    practice: bool = False
    replicate: bool = False
    idx: dict = field(default_factory=dict)  # ids and objects filled in while writing

    @property
    def reached(self) -> set[str]:
        return {v.status for v in self.visits}

    def visited(self, status: str) -> bool:
        return status in self.reached

    def entered(self, status: str) -> dt.date | None:
        for v in self.visits:
            if v.status == status:
                return v.entered
        return None

    def last_entered(self, status: str) -> dt.date | None:
        found = None
        for v in self.visits:
            if v.status == status:
                found = v.entered
        return found


def choose_path(rnd: random.Random, status: str, sizes: Sizes) -> list[str]:
    def card_loop(path: list[str]) -> list[str]:
        # A card returned for rework and submitted again (п.14): draft → review → draft → review.
        returns = (
            rnd.randint(*sizes.card_returns)
            if sizes.card_returns is not None
            else (1 if rnd.random() < 0.15 else 0)
        )
        if "card_review" not in path or returns == 0:
            return path
        i = path.index("card_review")
        return path[:i] + ["card_review", "draft"] * returns + path[i:]

    if status == "rejected":
        stop = "card_review" if rnd.random() < 0.7 else "card_signing"
        return card_loop(MAIN_PATH[: MAIN_PATH.index(stop) + 1]) + ["rejected"]
    if status == "suspended":
        stages = ["current_map", "target_map", "plan_drafting", "implementation", "results"]
        # plain worlds (bench/queries.py) compare like with like: always suspended in implementation
        stop = "implementation" if sizes.plain else rnd.choice(stages)
        return card_loop(MAIN_PATH[: MAIN_PATH.index(stop) + 1]) + ["suspended"]
    if status == "plan_rework":
        return card_loop(MAIN_PATH[: MAIN_PATH.index("plan_review") + 1]) + ["plan_rework"]
    path = MAIN_PATH[: MAIN_PATH.index(status) + 1]
    if "implementation" in path and not sizes.plain and rnd.random() < 0.2:
        i = path.index("plan_review")
        path = path[: i + 1] + ["plan_rework", "plan_review"] + path[i + 1 :]
    return card_loop(path)


def timeline(rnd: random.Random, path: list[str], today: dt.date, *, overdue: bool = False) -> list[Visit]:
    """Dates of every stage visit, computed backwards from the last one; acts fall on working days."""
    durations = [rnd.randint(*STAGE_DAYS[s]) for s in path[:-1]]
    last = path[-1]
    if last in ("closed", "rejected", "suspended"):
        room = (today - EARLIEST).days - sum(durations) - 5
        back = rnd.randint(0, max(room, 0))
    else:
        lo, hi = STAGE_DAYS[last]
        back = int(hi * 1.5) + 10 if overdue else rnd.randint(0, int(hi * 1.25))  # some are past their clock
    entered = working_on_or_before(today - dt.timedelta(days=back))
    room = (entered - EARLIEST).days - 7 * len(durations)
    if sum(durations) > room:  # squeeze a long history into the calendar the product ships
        durations = [max(1, d * max(room, 0) // sum(durations)) for d in durations]
    dates = [entered]
    for days in reversed(durations):
        entered = max(EARLIEST, working_on_or_before(entered - dt.timedelta(days=days)))
        dates.append(entered)
    dates.reverse()
    visits = [Visit(s, d) for s, d in zip(path, dates, strict=True)]
    for a, b in zip(visits, visits[1:], strict=False):
        a.left = b.entered
    return visits


def at(day: dt.date, rnd: random.Random, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9 + rnd.randrange(8), rnd.randrange(60)), tzinfo=tz)


# --- Writing ----------------------------------------------------------------------------------


class Writer:
    """Writes model instances in bulk and counts them. On PostgreSQL the rows go through COPY with
    ids taken from the table's sequence first (five times faster than bulk_create at 10 million
    rows, which matters for the region of 100 000 projects); elsewhere through bulk_create."""

    def __init__(self, batch: int = 5000):
        self.batch = batch
        self.counts: Counter = Counter()
        self._plans: dict = {}

    def write(self, model, objs: list) -> list:
        from django.db import connection

        if not objs:
            return objs
        if connection.vendor == "postgresql":
            self._copy(connection, model, objs)
        else:
            model.objects.bulk_create(objs, batch_size=self.batch)
        self.counts[model._meta.label] += len(objs)
        return objs

    def _plan(self, connection, model):
        from django.core.serializers.json import DjangoJSONEncoder
        from django.db.models import FileField, JSONField
        from psycopg.types.json import Jsonb

        plan = self._plans.get(model)
        if plan is None:
            fields = model._meta.concrete_fields
            getters = []
            for f in fields:
                name = f.attname
                if isinstance(f, JSONField):
                    encoder = f.encoder or DjangoJSONEncoder

                    def get(obj, name=name, encoder=encoder):
                        value = getattr(obj, name)
                        return (
                            None
                            if value is None
                            else Jsonb(value, dumps=lambda v: json.dumps(v, cls=encoder))
                        )

                elif isinstance(f, FileField):

                    def get(obj, name=name):
                        return getattr(obj, name).name or ""

                else:

                    def get(obj, name=name):
                        return getattr(obj, name)

                getters.append(get)
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
                sequence = cursor.fetchone()[0]
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            plan = (
                fields,
                getters,
                sequence,
                f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN",
            )
            self._plans[model] = plan
        return plan

    def _copy(self, connection, model, objs: list) -> None:
        fields, getters, sequence, sql = self._plan(connection, model)
        pk = model._meta.pk.attname
        missing = [o for o in objs if getattr(o, pk) is None]
        with connection.cursor() as cursor:
            raw = cursor.cursor
            if missing:
                raw.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(missing)])
                for obj, (value,) in zip(missing, raw.fetchall(), strict=True):
                    setattr(obj, pk, value)
            with raw.copy(sql) as copy:
                for obj in objs:
                    copy.write_row([get(obj) for get in getters])
        for obj in objs:
            obj._state.adding = False
            obj._state.db = "default"


_NEW: dict = {}


def new(model, **values):
    """A model instance without Model.__init__ (a third of the generator's time at 10 million
    rows): field defaults, callable ones called, then the values; foreign keys by object or id."""
    from django.db.models.base import ModelState

    spec = _NEW.get(model)
    if spec is None:
        fixed, called, relations = {}, [], {}
        for f in model._meta.concrete_fields:
            if f.has_default() and callable(f.default):
                called.append((f.attname, f.default))
            else:
                fixed[f.attname] = f.get_default()
            if f.is_relation:
                relations[f.name] = f.attname
        spec = _NEW[model] = (fixed, called, relations)
    fixed, called, relations = spec
    obj = model.__new__(model)
    obj._state = ModelState()
    state = obj.__dict__
    state.update(fixed)
    for name, default in called:
        if name not in values:
            state[name] = default()
    for name, value in values.items():
        if name in relations:
            state[relations[name]] = value.pk if value is not None else None
        else:
            state[name] = value
    return obj


def map_dict(data) -> dict:
    """`MapData.to_dict()` without dataclasses.asdict's deep copies (same JSON)."""
    return {
        "kind": data.kind,
        "title": data.title,
        "lanes": [dict(x.__dict__) for x in data.lanes],
        "steps": [dict(x.__dict__) for x in data.steps],
        "problems": [dict(x.__dict__) for x in data.problems],
        "proposals": [dict(x.__dict__) for x in data.proposals],
    }


def prepare_bulk_writes() -> None:
    """In this process only: bulk_create would stamp «now» on auto_now(_add) fields, and Django
    5.2 inserts a batch through UNNEST arrays, whose client-side quoting escapes every «"» of a
    JSON snapshot with a regular expression (5× slower than the row-by-row VALUES placeholders)."""
    from django.apps import apps
    from django.db.models import DateField, JSONField

    JSONField.get_placeholder = lambda self, value, compiler, connection: "%s"

    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, DateField) and (f.auto_now or f.auto_now_add):
                f.auto_now = f.auto_now_add = False


class Generator:
    def __init__(self, *, seed: int = 12, today: dt.date | None = None, sizes: Sizes | None = None):
        from django.utils import timezone

        self.rnd = random.Random(seed)
        self.today = today or timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.sizes = sizes or Sizes()
        self.w = Writer()
        self.facts: dict = {"municipalities": []}
        from django.contrib.auth.hashers import make_password

        # One hash for everybody: hashing 30 000 passwords would take longer than the rest.
        self.password = make_password("bench12345")

    # -- the organisation ----------------------------------------------------------------------

    def municipality(self, k: int, *, people: int, name: str | None = None, directions: int | None = None):
        from org.choices import DepartmentKind, Role
        from org.models import Department, Direction, Municipality, RoleAssignment, User

        rnd = self.rnd
        town = TOWNS[k % len(TOWNS)].replace("_", " ") + (
            f" {k // len(TOWNS) + 1}" if k >= len(TOWNS) else ""
        )
        m = Municipality.objects.create(
            code=f"bench{k:03d}",
            name=name or f"Городской округ {town}",
            administration_name=f"Администрация городского округа {town}",
            region="Томская область",
            mayor_title=f"Мэр городского округа {town}",
        )
        users: list = []
        roles: list = []

        def person(role_list, *, position, department=None, female=None):
            female = rnd.random() < 0.6 if female is None else female
            surname = rnd.choice(SURNAMES) + ("а" if female else "")
            u = User(
                username=f"b{k:03d}u{len(users):05d}",
                password=self.password,
                last_name=surname,
                first_name=rnd.choice(FEMALE if female else MALE),
                patronymic=rnd.choice(PATRONYMICS_F if female else PATRONYMICS_M),
                position=position,
                email=f"b{k:03d}u{len(users):05d}@bench.test",
                municipality=m,
                department=department,
                email_digest=rnd.random() < 0.2 and not self.sizes.plain,
            )
            users.append(u)
            roles.append(role_list)
            return u

        mayor = person([Role.MAYOR], position=m.mayor_title, female=False)
        authority = [
            person([Role.AUTHORITY], position="Специалист Комитета экономического развития") for _ in range(2)
        ]
        observers = [person([Role.OBSERVER], position="Первый заместитель Мэра") for _ in range(2)]
        n_dirs = directions or (5 if people >= 150 else 3)
        coordinators = [
            person([Role.COORDINATOR], position=f"Заместитель Мэра по направлению «{DIRECTIONS[d]}»")
            for d in range(n_dirs)
        ]
        User.objects.bulk_create(users, batch_size=2000)
        directions = Direction.objects.bulk_create(
            Direction(municipality=m, name=DIRECTIONS[d], coordinator=coordinators[d]) for d in range(n_dirs)
        )
        n_depts = max(6, people // 10)
        # Departments lean on the first direction (social policy has the most public services).
        dir_weights = [1 / (d + 1) ** 0.7 for d in range(n_dirs)]
        departments = []
        for j in range(n_depts):
            base, short = DEPARTMENTS[j % len(DEPARTMENTS)]
            suffix = f" № {j // len(DEPARTMENTS) + 1}" if j >= len(DEPARTMENTS) else ""
            departments.append(
                Department(
                    municipality=m,
                    name=f"{base}{suffix}",
                    short_name=f"{short}{suffix.replace(' № ', '-')}",
                    kind=DepartmentKind.INSTITUTION if base.startswith("М") else DepartmentKind.UNIT,
                    direction=directions[j] if j < n_dirs else rnd.choices(directions, dir_weights)[0],
                )
            )
        Department.objects.bulk_create(departments)
        # People of each department: a head and, in bigger ones, a deputy (both may lead projects).
        first_new = len(users)
        rest = max(people - first_new, 2 * n_depts)
        per_dept = [2] * n_depts
        people_weights = [1 / (j + 1) ** 0.6 for j in range(n_depts)]
        for j in rnd.choices(range(n_depts), people_weights, k=max(rest - 2 * n_depts, 0)):
            per_dept[j] += 1
        heads, leads_by_dept, staff_by_dept = [], defaultdict(list), defaultdict(list)
        for j, dept in enumerate(departments):
            for n in range(per_dept[j]):
                if n == 0:
                    u = person([Role.LEAD, Role.TEAM], position=f"Начальник: {dept.name}", department=dept)
                    heads.append(u)
                    leads_by_dept[j].append(u)
                elif n == 1 and per_dept[j] >= 6:
                    u = person(
                        [Role.LEAD, Role.TEAM],
                        position=f"Заместитель начальника: {dept.name}",
                        department=dept,
                    )
                    leads_by_dept[j].append(u)
                else:
                    u = person(
                        [Role.TEAM],
                        position=rnd.choice(
                            [
                                "Главный специалист",
                                "Ведущий специалист",
                                "Специалист 1 категории",
                                "Консультант",
                            ]
                        ),
                        department=dept,
                    )
                staff_by_dept[j].append(u)
        User.objects.bulk_create(users[first_new:], batch_size=2000)
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=r) for u, rs in zip(users, roles, strict=True) for r in rs],
            batch_size=5000,
        )
        for j, dept in enumerate(departments):
            dept.head = leads_by_dept[j][0]
        Department.objects.bulk_update(departments, ["head"])
        m.mayor = mayor
        m.save(update_fields=["mayor"])
        self.w.counts["org.User"] += len(users)
        self.w.counts["org.Department"] += len(departments)
        return {
            "municipality": m,
            "mayor": mayor,
            "authority": authority,
            "observers": observers,
            "coordinators": coordinators,
            "directions": directions,
            "departments": departments,
            "leads": leads_by_dept,
            "staff": staff_by_dept,
        }

    # -- the plans -------------------------------------------------------------------------------

    def plans(self, org: dict, count: int, statuses: list[str] | None = None) -> list[Plan]:
        rnd, sizes = self.rnd, self.sizes
        departments = org["departments"]
        dept_weights = [1 / (j + 1) ** 0.8 for j in range(len(departments))]
        coord_of = {d.pk: d.direction.coordinator_id for d in departments}
        names, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        result = []
        for n in range(count):
            status = statuses[n % len(statuses)] if statuses else rnd.choices(names, weights)[0]
            j = rnd.choices(range(len(departments)), dept_weights)[0]
            dept = departments[j]
            leads = org["leads"][j]
            lead = leads[0] if len(leads) == 1 or rnd.random() < 0.85 else leads[1]
            staff = [u for u in org["staff"][j] if u.pk != lead.pk]
            others = [
                u
                for jj in rnd.sample(range(len(departments)), min(2, len(departments)))
                for u in org["staff"][jj][:3]
            ]
            pool = list(dict.fromkeys(staff + others))
            if sizes.team_from_anyone:
                pool = [u for jj in range(len(departments)) for u in org["staff"][jj] if u.pk != lead.pk]
            team = rnd.sample(pool, min(len(pool), rnd.randint(*sizes.members)))
            perimeter = [dept.pk] + [
                d.pk
                for d in rnd.sample(departments, min(len(departments), rnd.randint(*sizes.perimeter) - 1))
                if d.pk != dept.pk
            ]
            path = choose_path(rnd, status, sizes)
            source = rnd.choices(["initiative", "complaint", "cur", "replication"], [70, 15, 10, 5])[0]
            if sizes.plain:
                source = "initiative"
            plan = Plan(
                status=status,
                visits=timeline(rnd, path, self.today, overdue=sizes.overdue),
                department=dept.pk,
                lead=lead.pk,
                coordinator=coord_of[dept.pk],
                mayor=org["mayor"].pk,
                team=[u.pk for u in team],
                perimeter=perimeter,
                process=rnd.choice(PROCESSES),
                complete=status != "draft" or rnd.random() < sizes.complete_draft_share,
                source=source,
            )
            plan.created_at = at(plan.visits[0].entered, rnd, self.tz)
            plan.practice = status == "closed" and not sizes.plain and rnd.random() < 0.12
            result.append(plan)
        # Numbers in the order of creation, per year («2026-007»), as services._next_number gives them.
        result.sort(key=lambda p: p.created_at)
        seq: Counter = Counter()
        for p in result:
            year = p.created_at.year
            seq[year] += 1
            p.number = f"{year}-{seq[year]:03d}"
        org["counters"] = dict(seq)
        return result

    # -- one municipality's projects ------------------------------------------------------------------

    def projects(self, org: dict, plans: list[Plan], chunk: int = 2000) -> None:
        from projects.models import ProjectCounter

        self.people = self._people(org)
        self.observers = [u.pk for u in org["observers"]]
        for start in range(0, len(plans), chunk):
            self._chunk(org, plans[start : start + chunk])
        ProjectCounter.objects.bulk_create(
            ProjectCounter(municipality=org["municipality"], year=y, last=n)
            for y, n in org["counters"].items()
        )
        self._replications(org, plans)
        self._complaints(org, plans)

    def _people(self, org: dict) -> dict:
        from org.models import User

        return {u.pk: u for u in User.objects.filter(municipality=org["municipality"]).select_related(None)}

    def _chunk(self, org: dict, plans: list[Plan]) -> None:
        from django.db import transaction

        with transaction.atomic():
            self._project_rows(org, plans)
            self._card_rows(plans)
            self._map_rows(plans)
            self._meeting_rows(plans)
            self._plan_rows(plans)
            self._survey_rows(org, plans)
            self._result_rows(org, plans)
            self._deadline_rows(plans)
            self._journal_rows(org, plans)
            self._reminder_rows(plans)
        for p in plans:  # keep only what later passes need
            p.idx = {k: p.idx[k] for k in ("project",) if k in p.idx}

    def _project_rows(self, org: dict, plans: list[Plan]) -> None:
        from projects.models import Project

        rnd = self.rnd
        m = org["municipality"]
        objs = []
        for p in plans:
            owner = self.people[p.lead].position.split(": ")[-1]
            complete = p.complete
            coordinator = p.coordinator if p.visited("card_signing") else None
            events = proposed_events(p.visits[0].entered) if complete else {}
            objs.append(
                new(
                    Project,
                    municipality=m,
                    number=p.number,
                    title=f"Оптимизация процесса {p.process}",
                    department_id=p.department,
                    lead_id=p.lead,
                    coordinator_id=coordinator,
                    created_by_id=p.lead,
                    created_at=p.created_at,
                    updated_at=at(p.visits[-1].entered, rnd, self.tz),
                    status=p.status,
                    status_changed_on=p.visits[-1].entered,
                    source=p.source,
                    source_reference=(
                        f"Обращение № {rnd.randint(100, 9999)} от {p.visits[0].entered:%d.%m.%Y}"
                        if p.source in ("complaint", "cur")
                        else ""
                    ),
                    process_customer="Граждане, обращающиеся за муниципальной услугой" if complete else "",
                    project_customer=f"Заместитель Мэра, курирующий {org['departments'][0].direction.name.lower()}"
                    if complete
                    else "",
                    process_owner=f"Руководитель: {owner}" if complete else "",
                    boundary_start="Обращение заявителя" if complete else "",
                    boundary_end="Выдача результата заявителю" if complete else "",
                    key_risk="Нарушение срока предоставления услуги, жалобы в ЦУР" if complete else "",
                    scale=f"{rnd.randint(2, 60) * 100} обращений в год"
                    if complete or rnd.random() < 0.5
                    else "",
                    dissatisfaction=f"{rnd.randint(3, 60)} жалоб за год" if complete else "",
                    problems="Повторные визиты заявителя, ожидание межведомственных ответов"
                    if complete
                    else "",
                    **events,
                )
            )
        self.w.write(Project, objs)
        for p, obj in zip(plans, objs, strict=True):
            p.idx["project"] = obj

    def _card_rows(self, plans: list[Plan]) -> None:
        from projects.models import Project, ProjectMember, Stakeholder, TargetIndicator

        rnd, sizes = self.rnd, self.sizes
        perimeter, members, indicators, stakeholders = [], [], [], []
        Through = Project.perimeter.through
        for p in plans:
            pid = p.idx["project"].pk
            perimeter += [new(Through, project_id=pid, department_id=d) for d in p.perimeter]
            p.idx["members"] = [
                new(
                    ProjectMember,
                    project_id=pid,
                    user_id=u,
                    kind="member",
                    team_role=rnd.choice(
                        ["эксперт процесса", "ответственный за картирование", "секретарь", ""]
                    ),
                )
                for u in p.team
            ]
            if not self.sizes.plain and rnd.random() < 0.1:  # an invited observer (п.8.4)
                p.idx["members"].append(
                    new(ProjectMember, project_id=pid, user_id=rnd.choice(self.observers), kind="observer")
                )
            members += p.idx["members"]
            picks = (
                rnd.sample(INDICATORS, min(len(INDICATORS), rnd.randint(*sizes.indicators)))
                if sizes.indicators[1] <= len(INDICATORS)
                else [INDICATORS[i % len(INDICATORS)] for i in range(rnd.randint(*sizes.indicators))]
            )
            p.idx["indicators"] = [
                new(
                    TargetIndicator,
                    project_id=pid,
                    order=n,
                    name=name if n <= len(INDICATORS) else f"{name} ({n})",
                    unit=unit,
                    current_value=Decimal(cur) if p.complete else None,
                    target_value=Decimal(tgt) if p.complete else None,
                    direction=direction,
                    measurement=how,
                )
                for n, (name, unit, cur, tgt, direction, how) in enumerate(picks, start=1)
            ]
            indicators += p.idx["indicators"]
            p.idx["stakeholders"] = [
                new(
                    Stakeholder,
                    project_id=pid,
                    name=STAKEHOLDERS[n % len(STAKEHOLDERS)] + ("" if n < len(STAKEHOLDERS) else f" {n}"),
                    interest="Сокращение сроков и числа визитов",
                    influence=rnd.choice(["high", "medium", "low"]),
                    attitude=rnd.choice(["supports", "neutral", "supports"]),
                    engagement="Участие в рабочих встречах",
                )
                for n in range(rnd.randint(*sizes.stakeholders))
            ]
            stakeholders += p.idx["stakeholders"]
        self.w.write(Through, perimeter)
        self.w.write(ProjectMember, members)
        self.w.write(TargetIndicator, indicators)
        self.w.write(Stakeholder, stakeholders)

    # -- maps (Положение п.16, Прил. 2) ---------------------------------------------------------

    def _map_rows(self, plans: list[Plan]) -> None:
        from maps.models import Lane, Problem, ProcessMap, Proposal, Step, WasteType

        rnd, sizes = self.rnd, self.sizes
        if not hasattr(self, "wastes"):
            self.wastes = list(WasteType.objects.order_by("number"))
        maps, with_maps = [], []
        for p in plans:
            if not p.visited("current_map"):
                continue
            pid = p.idx["project"].pk
            cur = new(
                ProcessMap,
                project_id=pid,
                kind="current",
                created_by_id=p.lead,
                created_at=at(p.entered("current_map"), rnd, self.tz),
                updated_at=at(p.entered("current_map"), rnd, self.tz),
            )
            p.idx["maps"] = {"current": cur}
            maps.append(cur)
            if p.visited("target_map"):
                tgt = new(
                    ProcessMap,
                    project_id=pid,
                    kind="target",
                    created_by_id=p.lead,
                    created_at=at(p.entered("target_map"), rnd, self.tz),
                    updated_at=at(p.entered("target_map"), rnd, self.tz),
                )
                p.idx["maps"]["target"] = tgt
                maps.append(tgt)
            with_maps.append(p)
        self.w.write(ProcessMap, maps)
        for p in with_maps:
            if "target" in p.idx["maps"]:
                p.idx["maps"]["target"].copied_from_id = p.idx["maps"]["current"].pk
        ProcessMap.objects.bulk_update(
            [p.idx["maps"]["target"] for p in with_maps if "target" in p.idx["maps"]],
            ["copied_from"],
            batch_size=5000,
        )

        lanes = []
        for p in with_maps:
            n_lanes = rnd.randint(*sizes.lanes)
            chosen = [LANES[0]] + rnd.sample(LANES[1:], min(len(LANES) - 1, n_lanes - 1))
            p.idx["lanes"] = {}
            for kind, pm in p.idx["maps"].items():
                p.idx["lanes"][kind] = [
                    new(Lane, process_map_id=pm.pk, order=i, name=nm, is_client=cl)
                    for i, (nm, cl) in enumerate(chosen)
                ]
                lanes += p.idx["lanes"][kind]
        self.w.write(Lane, lanes)

        steps = []
        for p in with_maps:
            in_progress = p.status == "current_map"
            n_steps = rnd.randint(*sizes.steps)
            if in_progress:
                n_steps = max(1, int(n_steps * rnd.uniform(0.3, 1.0)))
            specs = []
            for i in range(n_steps):
                waste = rnd.random() < 0.3
                kind = (
                    rnd.choice(["waiting", "movement", "storage"])
                    if waste
                    else rnd.choice(["operation", "operation", "control", "decision"])
                )
                value = "waste" if waste else rnd.choice(["value", "necessary", "necessary"])
                specs.append(
                    (
                        i,
                        rnd.randrange(len(p.idx["lanes"]["current"])),
                        STEP_NAMES[(i + rnd.randrange(4)) % len(STEP_NAMES)],
                        kind,
                        value,
                        rnd.choice([10, 15, 30, 60, 120, 240, 480, 960]),
                        rnd.random() < 0.3,
                        rnd.random() < 0.1,
                    )
                )
            p.idx["specs"] = specs
            p.idx["steps"] = {}
            for kind in p.idx["maps"]:
                chosen = (
                    specs
                    if kind == "current"
                    else [s for s in specs if s[4] != "waste" or rnd.random() < 0.3]
                )
                lane_rows = p.idx["lanes"][kind]
                p.idx["steps"][kind] = [
                    new(
                        Step,
                        process_map_id=p.idx["maps"][kind].pk,
                        lane_id=lane_rows[lane_i].pk,
                        order=order,
                        name=name,
                        kind=k,
                        value_class=v,
                        duration_minutes=minutes,
                        duration_unit="hours" if minutes >= 120 else "min",
                        documents="Заявление\nПаспорт" if docs else "",
                        client_action=False,
                        visit=visit and lane_i == 0,
                    )
                    for order, (_i, lane_i, name, k, v, minutes, docs, visit) in enumerate(chosen, start=1)
                ]
                steps += p.idx["steps"][kind]
        self.w.write(Step, steps)

        step_waste, problems = [], []
        for p in with_maps:
            for rows in p.idx["steps"].values():
                for s in rows:
                    if s.value_class == "waste":
                        waste = self.wastes[rnd.randrange(len(self.wastes))]
                        step_waste.append(new(Step.waste_types.through, step_id=s.pk, wastetype_id=waste.pk))
                        p.idx.setdefault("step_waste", {})[s.pk] = waste.name
            waste_steps = [s for s in p.idx["steps"]["current"] if s.value_class == "waste"] or p.idx[
                "steps"
            ]["current"]
            n_problems = (
                0 if p.status == "current_map" and rnd.random() < 0.4 else rnd.randint(*sizes.problems)
            )
            p.idx["problems"] = [
                new(
                    Problem,
                    process_map_id=p.idx["maps"]["current"].pk,
                    number=n,
                    text=PROBLEMS[(n - 1 + p.idx["project"].pk) % len(PROBLEMS)]
                    + ("" if n <= len(PROBLEMS) else f" ({n})"),
                )
                for n in range(1, n_problems + 1)
            ]
            p.idx["problem_steps"] = {
                n: rnd.sample(waste_steps, min(len(waste_steps), rnd.randint(1, 2)))
                for n in range(1, n_problems + 1)
            }
            problems += p.idx["problems"]
        self.w.write(Step.waste_types.through, step_waste)
        self.w.write(Problem, problems)

        links, plinks, proposals = [], [], []
        for p in with_maps:
            for prob in p.idx["problems"]:
                links += [
                    new(Problem.steps.through, problem_id=prob.pk, step_id=s.pk)
                    for s in p.idx["problem_steps"][prob.number]
                ]
                plinks.append(
                    new(Problem.waste_types.through, problem_id=prob.pk, wastetype_id=self.wastes[1].pk)
                )
            if "target" in p.idx["maps"]:
                done = p.status != "target_map"
                p.idx["proposals"] = [
                    new(
                        Proposal,
                        process_map_id=p.idx["maps"]["target"].pk,
                        number=prob.number,
                        text=f"Устранить: {prob.text.lower()}",
                    )
                    for prob in p.idx["problems"]
                    if done or rnd.random() < 0.6
                ]
                proposals += p.idx["proposals"]
        self.w.write(Problem.steps.through, links)
        self.w.write(Problem.waste_types.through, plinks)
        self.w.write(Proposal, proposals)
        pp = []
        for p in with_maps:
            by_number = {prob.number: prob for prob in p.idx["problems"]}
            for prop in p.idx.get("proposals", []):
                pp.append(
                    new(Proposal.problems.through, proposal_id=prop.pk, problem_id=by_number[prop.number].pk)
                )
        self.w.write(Proposal.problems.through, pp)

    def _map_data(self, p: Plan, kind: str):
        """The map as `maps.selectors.map_data` reads it back, for the snapshots."""
        from maps.data import LaneData, MapData, ProblemData, ProposalData, StepData

        waste_name = {w.pk: w.name for w in self.wastes}
        lanes = [
            LaneData(id=lane.pk, name=lane.name, is_client=lane.is_client) for lane in p.idx["lanes"][kind]
        ]
        step_problems: dict[int, list[int]] = defaultdict(list)
        problems, proposals = [], []
        if kind == "current":
            props_of = defaultdict(list)
            for prop in p.idx.get("proposals", []):
                props_of[prop.number].append(prop.number)
            for prob in p.idx["problems"]:
                ids = [s.pk for s in p.idx["problem_steps"][prob.number]]
                for sid in ids:
                    step_problems[sid].append(prob.number)
                problems.append(
                    ProblemData(
                        id=prob.pk,
                        number=prob.number,
                        text=prob.text,
                        step_ids=ids,
                        waste_types=[waste_name[self.wastes[1].pk]],
                        proposal_numbers=props_of[prob.number],
                    )
                )
        else:
            for prop in p.idx.get("proposals", []):
                proposals.append(
                    ProposalData(
                        id=prop.pk, number=prop.number, text=prop.text, problem_numbers=[prop.number]
                    )
                )
        steps = [
            StepData(
                id=s.pk,
                number=n,
                lane_id=s.lane_id,
                name=s.name,
                kind=s.kind,
                value_class=s.value_class,
                duration_minutes=s.duration_minutes,
                duration_unit=s.duration_unit,
                waste_types=[p.idx["step_waste"][s.pk]] if s.pk in p.idx.get("step_waste", {}) else [],
                documents=[x for x in s.documents.splitlines() if x],
                client_action=s.client_action,
                visit=s.visit,
                problem_numbers=sorted(step_problems.get(s.pk, [])),
            )
            for n, s in enumerate(p.idx["steps"][kind], start=1)
        ]
        return MapData(
            kind=kind,
            title=p.idx["project"].title,
            lanes=lanes,
            steps=steps,
            problems=problems,
            proposals=proposals,
        )

    # -- meetings (МР п.4.9; п.21, 23, 26–28) ---------------------------------------------------

    def _meeting_rows(self, plans: list[Plan]) -> None:
        from projects.models import Meeting, MeetingParticipant

        rnd, sizes = self.rnd, self.sizes
        meetings = []
        for p in plans:
            pid = p.idx["project"].pk
            rows = []
            if p.visited("current_map"):
                day = p.entered("current_map") + dt.timedelta(days=rnd.randint(1, 6))
                rows.append(("kickoff", 1, day))
            if p.visited("implementation"):
                start = p.entered("implementation")
                end = next(
                    (v.left for v in p.visits if v.status == "implementation" and v.left), None
                ) or self.today + dt.timedelta(days=14)
                if sizes.team_meetings is not None:
                    count = rnd.randint(*sizes.team_meetings)
                    days = [start + dt.timedelta(days=14 * i) for i in range(count)]
                else:
                    days, day = [], start + dt.timedelta(days=rnd.randint(3, 13))
                    while day <= end:
                        days.append(day)
                        day += dt.timedelta(days=rnd.randint(10, 16 if rnd.random() < 0.8 else 20))
                rows += [("team", n, d) for n, d in enumerate(days, start=1)]
            if p.visited("defence"):
                rows.append(("closing", 1, p.entered("defence") + dt.timedelta(days=rnd.randint(3, 12))))
            p.idx["meetings"] = []
            for kind, number, day in rows:
                held = day < self.today
                starts = at(day, rnd, self.tz)
                p.idx["meetings"].append(
                    new(
                        Meeting,
                        project_id=pid,
                        kind=kind,
                        number=number,
                        starts_at=starts,
                        place="Администрация, каб. " + str(rnd.randint(100, 420)),
                        goals="Обсудить ход проекта и ближайшие мероприятия",
                        agenda="О ходе реализации плана\nО проблемах и рисках",
                        invitations_sent_at=starts - dt.timedelta(days=3),
                        held=held,
                        discussion="Обсудили выполнение мероприятий плана." if held else "",
                        decisions="Продолжить работу по плану\nПодготовить материалы к следующему заседанию"
                        if held
                        else "",
                        initiation_decided=kind == "kickoff" and held,
                        protocol_approved_at=starts + dt.timedelta(days=1) if held else None,
                        protocol_approved_by_id=p.lead if held else None,
                        created_by_id=p.lead,
                        created_at=starts - dt.timedelta(days=5),
                    )
                )
            meetings += p.idx["meetings"]
        self.w.write(Meeting, meetings)
        participants = []
        for p in plans:
            people = [p.lead] + p.team[:4]
            for mt in p.idx["meetings"]:
                if mt.kind == "closing":
                    people_here = list(dict.fromkeys(people + [p.mayor, p.coordinator]))
                else:
                    people_here = list(dict.fromkeys(people))
                participants += [
                    new(
                        MeetingParticipant,
                        meeting_id=mt.pk,
                        user_id=u,
                        confirmed_at=mt.invitations_sent_at,
                        attended=mt.held and rnd.random() < 0.9,
                    )
                    for u in people_here
                ]
        self.w.write(MeetingParticipant, participants)

    # -- the action plan (Прил. 3; п.17–24) -----------------------------------------------------

    def _plan_rows(self, plans: list[Plan]) -> None:
        from projects.models import Activity, IndicatorActual, PlanRevision

        rnd, sizes = self.rnd, self.sizes
        revisions = []
        for p in plans:
            if not p.visited("plan_drafting"):
                continue
            drafted = p.entered("plan_drafting")
            status = {"plan_drafting": "draft", "plan_review": "submitted", "plan_rework": "draft"}.get(
                p.status, "approved"
            )
            if p.status == "suspended":
                status = "approved" if p.visited("implementation") else "draft"
            approved_on = p.entered("implementation")
            rev = new(
                PlanRevision,
                project_id=p.idx["project"].pk,
                number=1,
                status=status,
                created_by_id=p.lead,
                created_at=at(drafted, rnd, self.tz),
                submitted_at=at(p.last_entered("plan_review"), rnd, self.tz)
                if p.visited("plan_review")
                else None,
                decided_at=at(approved_on, rnd, self.tz) if approved_on else None,
                decided_by_id=p.coordinator if approved_on else None,
                decision_comment=COMMENTS["return_plan"] if p.status == "plan_rework" else "",
            )
            p.idx["revision"] = rev
            revisions.append(rev)
        self.w.write(PlanRevision, revisions)

        activities = []
        for p in plans:
            rev = p.idx.get("revision")
            if rev is None:
                continue
            impl = p.entered("implementation") or (p.entered("plan_drafting") + dt.timedelta(days=20))
            impl_end = next((v.left for v in p.visits if v.status == "implementation" and v.left), None)
            people = [p.lead] + p.team
            n = len(p.idx["problems"]) + rnd.randint(*sizes.extra_activities)
            p.idx["activities"] = []
            for i in range(1, max(n, 1) + 1):
                deadline = impl + dt.timedelta(days=rnd.randint(20, 150))
                if impl_end:
                    deadline = min(deadline, impl_end - dt.timedelta(days=rnd.randint(0, 10)))
                if p.visited("results") or (impl_end and p.status == "suspended"):
                    status, done = (
                        "done",
                        min(deadline + dt.timedelta(days=rnd.randint(-10, 5)), impl_end or deadline),
                    )
                elif p.status == "implementation":
                    if sizes.overdue:
                        status, deadline = "doing", min(deadline, self.today - dt.timedelta(days=1))
                    elif deadline < self.today:
                        status = (
                            "done" if rnd.random() < 0.75 else rnd.choice(["todo", "doing"])
                        )  # the rest overdue
                    else:
                        status = rnd.choice(["todo", "doing", "doing", "done"])
                    done = (
                        min(deadline, self.today) - dt.timedelta(days=rnd.randint(0, 5))
                        if status == "done"
                        else None
                    )
                else:
                    status, done = "todo", None
                p.idx["activities"].append(
                    new(
                        Activity,
                        revision_id=rev.pk,
                        lineage=uuid.UUID(int=rnd.getrandbits(128), version=4),
                        number=i,
                        title=ACTIVITIES[(i - 1) % len(ACTIVITIES)],
                        root_cause="Отсутствие регламента взаимодействия",
                        responsible_id=people[i % len(people)],
                        deadline=deadline,
                        expected_result="Сокращение срока и числа визитов заявителя",
                        status=status,
                        done_on=done,
                        evidence="Приказ о внедрении" if status == "done" else "",
                        updated_at=at(done or rev.created_at.date(), rnd, self.tz),
                        updated_by_id=p.lead,
                    )
                )
            activities += p.idx["activities"]
        self.w.write(Activity, activities)
        links, actuals = [], []
        for p in plans:
            if p.idx.get("revision") is None:
                continue
            problems = p.idx["problems"]
            for a in p.idx["activities"]:
                if problems:
                    links.append(
                        new(
                            Activity.problems.through,
                            activity_id=a.pk,
                            problem_id=problems[(a.number - 1) % len(problems)].pk,
                        )
                    )
            if p.visited("implementation"):
                start = p.entered("implementation")
                end = (
                    next((v.left for v in p.visits if v.status == "implementation" and v.left), None)
                    or self.today
                )
                months = max(1, (end - start).days // 30)
                for ind in p.idx["indicators"]:
                    if ind.current_value is None:
                        continue
                    for k in range(1, months + 1):
                        share = Decimal(k) / Decimal(months + 1)
                        value = (ind.current_value + (ind.target_value - ind.current_value) * share).quantize(
                            Decimal("0.01")
                        )
                        actuals.append(
                            new(
                                IndicatorActual,
                                indicator_id=ind.pk,
                                measured_on=start + dt.timedelta(days=30 * k),
                                value=value,
                                source=ind.measurement or "Журнал",
                                recorded_by_id=p.lead,
                                recorded_at=at(start + dt.timedelta(days=30 * k), rnd, self.tz),
                            )
                        )
        self.w.write(Activity.problems.through, links)
        self.w.write(IndicatorActual, actuals)

    # -- questionnaires (МР п.4.4; п.10.1, 10.5) -----------------------------------------------

    def _survey_rows(self, org: dict, plans: list[Plan]) -> None:
        from surveys.models import Invitation, Response, Survey

        rnd, sizes = self.rnd, self.sizes
        surveys = []
        for p in plans:
            p.idx["surveys"] = []
            if p.visited("current_map"):
                opens = p.entered("current_map")
                p.idx["surveys"].append(
                    new(
                        Survey,
                        project_id=p.idx["project"].pk,
                        phase="initiation",
                        process_name=p.process.capitalize(),
                        opens_on=opens,
                        closes_on=opens + dt.timedelta(days=14),
                        created_by_id=p.lead,
                        created_at=at(opens, rnd, self.tz),
                    )
                )
            if p.visited("report_review") or p.visited("defence") or p.status == "closed":
                opens = p.entered("results") or p.visits[-1].entered
                p.idx["surveys"].append(
                    new(
                        Survey,
                        project_id=p.idx["project"].pk,
                        phase="closure",
                        process_name=p.process.capitalize(),
                        opens_on=opens,
                        closes_on=opens + dt.timedelta(days=14),
                        created_by_id=p.lead,
                        created_at=at(opens, rnd, self.tz),
                    )
                )
            surveys += p.idx["surveys"]
        self.w.write(Survey, surveys)
        invitations, responses = [], []
        departments = org["departments"]
        for p in plans:
            for s in p.idx["surveys"]:
                if s.opens_on > self.today:
                    continue
                invs = [
                    new(
                        Invitation,
                        survey_id=s.pk,
                        name=f"Респондент {i + 1}",
                        organisation="МФЦ",
                        created_at=at(s.opens_on, rnd, self.tz),
                    )
                    for i in range(rnd.randint(*sizes.invitations))
                ]
                invitations += invs
                after = s.phase == "closure"
                for _ in range(rnd.randint(*sizes.responses)):
                    scores = [min(4, max(1, round(rnd.gauss(3.3 if after else 2.4, 0.7)))) for _ in range(5)]
                    dept = rnd.choice(departments)
                    day = min(self.today, s.opens_on + dt.timedelta(days=rnd.randint(0, 13)))
                    responses.append(
                        new(
                            Response,
                            survey_id=s.pk,
                            department_id=dept.pk,
                            organisation=dept.name,
                            submitted_at=at(day, rnd, self.tz),
                            satisfaction=scores[0],
                            simplicity=scores[1],
                            duration=scores[2],
                            documentation=scores[3],
                            support=scores[4],
                            comment_satisfaction="Долго" if scores[0] <= 2 else "",
                            comment_simplicity="Сложно" if scores[1] <= 2 else "",
                            comment_duration="Много времени" if scores[2] <= 2 else "",
                            comment_documentation="Непонятно" if scores[3] <= 2 else "",
                            comment_support="Не помогли" if scores[4] <= 2 else "",
                            suggestions="Сделать электронную запись" if rnd.random() < 0.3 else "",
                        )
                    )
        self.w.write(Invitation, invitations)
        self.w.write(Response, responses)

    # -- report, closure, practices (п.24–31) ----------------------------------------------------

    def _result_rows(self, org: dict, plans: list[Plan]) -> None:
        from projects.models import Closure, IndicatorResult, LegalAct, Practice, ResultsReport

        rnd, sizes = self.rnd, self.sizes
        reports = []
        for p in plans:
            if not p.visited("results"):
                continue
            status = {"results": "draft", "report_review": "sent"}.get(p.status, "accepted")
            if p.status == "suspended":
                status = "draft"
            filled = status != "draft" or rnd.random() < 0.5
            day = p.entered("results") + dt.timedelta(days=5)
            p.idx["report"] = new(
                ResultsReport,
                project_id=p.idx["project"].pk,
                status=status,
                summary="Срок предоставления услуги сокращён, число визитов заявителя уменьшено."
                if filled
                else "",
                staff_hours_per_year=Decimal(rnd.randint(50, 2500)) if filled else None,
                money_per_year=Decimal(rnd.randint(0, 900) * 1000) if filled else None,
                effect_calculation="Высвобожденное время специалистов × число обращений в год"
                if filled
                else "",
                created_at=at(day, rnd, self.tz),
                updated_at=at(p.visits[-1].entered, rnd, self.tz),
            )
            p.idx["report_filled"] = filled
            reports.append(p.idx["report"])
        self.w.write(ResultsReport, reports)
        results, acts, closures, practices = [], [], [], []
        authority = org["authority"][0].pk
        for p in plans:
            report = p.idx.get("report")
            if report is None:
                continue
            p.idx["actual"] = {}
            for ind in p.idx["indicators"]:
                if ind.current_value is None:
                    continue
                reach = Decimal(str(rnd.choice([1.0, 1.0, 1.1, 0.8, 0.5])))
                actual = (ind.current_value + (ind.target_value - ind.current_value) * reach).quantize(
                    Decimal("0.01")
                )
                if p.idx["report_filled"]:
                    p.idx["actual"][ind.pk] = actual
                    results.append(
                        new(IndicatorResult, report_id=report.pk, indicator_id=ind.pk, actual_value=actual)
                    )
            if p.idx["report_filled"]:
                acts += [
                    new(
                        LegalAct,
                        project_id=p.idx["project"].pk,
                        kind=rnd.choice(["resolution", "order", "regulation"]),
                        number=f"{rnd.randint(100, 3000)}-п",
                        adopted_on=p.entered("results") + dt.timedelta(days=n),
                        title="Об утверждении административного регламента",
                    )
                    for n in range(rnd.randint(*sizes.legal_acts))
                ]
            if p.status == "closed":
                closing = next((mt for mt in p.idx["meetings"] if mt.kind == "closing"), None)
                closures.append(
                    new(
                        Closure,
                        project_id=p.idx["project"].pk,
                        achievement=self._suggested(p) or "partial",
                        closed_on=p.entered("closed"),
                        decided_by_id=p.mayor,
                        meeting_id=closing.pk if closing else None,
                    )
                )
                if p.practice:
                    practices.append(
                        new(
                            Practice,
                            project_id=p.idx["project"].pk,
                            title=f"Оптимизация процесса {p.process}",
                            process=p.process.capitalize(),
                            area="Муниципальные услуги",
                            tags="услуги, сроки, визиты",
                            effect="Срок сокращён вдвое, визиты заявителя — с трёх до одного",
                            published_at=at(
                                min(self.today, p.entered("closed") + dt.timedelta(days=10)), rnd, self.tz
                            ),
                            published_by_id=authority,
                        )
                    )
        self.w.write(IndicatorResult, results)
        self.w.write(LegalAct, acts)
        self.w.write(Closure, closures)
        self.w.write(Practice, practices)

    def _suggested(self, p: Plan) -> str | None:
        from projects.results import degree_of, suggested_achievement

        codes = [
            degree_of(
                current=i.current_value,
                target=i.target_value,
                actual=p.idx.get("actual", {}).get(i.pk),
                direction=i.direction,
            ).code
            for i in p.idx["indicators"]
        ]
        return suggested_achievement(codes)

    # -- statutory deadlines (DESIGN §2) ---------------------------------------------------------

    def _deadline_rows(self, plans: list[Plan]) -> None:
        from projects.clocks import CLOCKS
        from projects.models import Deadline

        rows = []
        for p in plans:
            p.idx["deadlines"] = []
            final = p.visits[-1].status
            for v in p.visits:
                clock = CLOCKS.get(v.status)
                if clock is None or v.status in ("rejected", "suspended", "closed"):
                    continue
                due = add_wd(v.entered, clock.working_days) if clock.working_days else None
                done = cancelled = None
                outcome = ""
                if v.left is not None:
                    if final == "suspended" and v is p.visits[-2]:
                        cancelled = v.left
                    else:
                        done = v.left
                        if due is not None:
                            outcome = "on_time" if done <= due else "late"
                d = new(
                    Deadline,
                    project_id=p.idx["project"].pk,
                    stage=v.status,
                    clause=clock.clause,
                    working_days=clock.working_days,
                    responsible=clock.responsible,
                    started_on=v.entered,
                    due_on=due,
                    done_on=done,
                    cancelled_on=cancelled,
                    outcome=outcome,
                )
                p.idx["deadlines"].append(d)
                rows.append(d)
        self.w.write(Deadline, rows)

    # -- the journal with its snapshots ----------------------------------------------------------

    def _journal_rows(self, org: dict, plans: list[Plan]) -> None:
        from django.utils import translation

        from maps.metrics import compute
        from projects.models import JournalEntry
        from projects.workflow import ACTS

        rnd = self.rnd
        rows = []
        with translation.override("ru"):
            labels = {name: str(act.done) for name, act in ACTS.items()}
            create_label = "Создана карточка проекта"
            for p in plans:
                pid = p.idx["project"].pk
                actors = {"lead": p.lead, "coordinator": p.coordinator, "mayor": p.mayor}
                rows.append(
                    new(
                        JournalEntry,
                        project_id=pid,
                        at=p.created_at,
                        actor_id=p.lead,
                        action="create",
                        label=create_label,
                        to_status="draft",
                    )
                )
                card_snaps: dict[str, dict] = {}
                for a, b in zip(p.visits, p.visits[1:], strict=False):
                    action = "suspend" if b.status == "suspended" else ACT_OF[(a.status, b.status)]
                    kind = ACTS[action].snapshot
                    snapshot = None
                    if kind == "card":
                        with_coordinator = action in ("approve_card", "sign_card")
                        key = "c" if with_coordinator else "l"
                        if key not in card_snaps:
                            card_snaps[key] = self._card_snapshot(org, p, with_coordinator)
                        snapshot = card_snaps[key]
                    elif kind in ("current_map", "target_map"):
                        data = self._map_data(p, kind.removesuffix("_map"))
                        snapshot = {
                            "kind": data.kind,
                            "map": map_dict(data),
                            "metrics": compute(data).as_dict(),
                            "photo": None,
                        }
                        if kind == "target_map":
                            snapshot["problems"] = [
                                dict(pr.__dict__) for pr in self._map_data(p, "current").problems
                            ]
                    elif kind == "plan":
                        snapshot = self._plan_snapshot(p)
                    elif kind == "report":
                        snapshot = self._report_snapshot(p)
                    rows.append(
                        new(
                            JournalEntry,
                            project_id=pid,
                            at=at(b.entered, rnd, self.tz),
                            actor_id=actors[ACTOR[action]],
                            action=action,
                            label=labels[action],
                            from_status=a.status,
                            to_status=b.status,
                            comment=COMMENTS.get(action, ""),
                            snapshot_kind=kind if snapshot is not None else "",
                            snapshot=snapshot,
                        )
                    )
        self.w.write(JournalEntry, rows)

    def _person(self, pk: int | None) -> dict | None:
        if pk is None:
            return None
        u = self.people[pk]
        return {"id": u.pk, "name": u.full_name, "short": u.short_name, "position": u.position}

    def _card_snapshot(self, org: dict, p: Plan, with_coordinator: bool) -> dict:
        """`projects.snapshots.card_snapshot` of the card as it is in memory."""
        from projects.snapshots import _num

        project = p.idx["project"]
        names = {d.pk: d.name for d in org["departments"]}
        return {
            "number": project.number,
            "title": project.title,
            "department": {"id": project.department_id, "name": names[project.department_id]},
            "lead": self._person(project.lead_id),
            "coordinator": self._person(p.coordinator if with_coordinator else None),
            "source": project.source,
            "source_reference": project.source_reference,
            "process_customer": project.process_customer,
            "project_customer": project.project_customer,
            "process_owner": project.process_owner,
            "perimeter": sorted(({"id": d, "name": names[d]} for d in p.perimeter), key=lambda x: x["name"]),
            "perimeter_note": project.perimeter_note,
            "boundary_start": project.boundary_start,
            "boundary_end": project.boundary_end,
            "key_risk": project.key_risk,
            "scale": project.scale,
            "dissatisfaction": project.dissatisfaction,
            "problems": project.problems,
            "indicators": [
                {
                    "name": i.name,
                    "unit": i.unit,
                    "current_value": _num(i.current_value),
                    "target_value": _num(i.target_value),
                    "direction": i.direction,
                    "measurement": i.measurement,
                }
                for i in p.idx["indicators"]
            ],
            "key_events": {
                k: getattr(project, k)
                for k in (
                    "start_date",
                    "diagnostics_start",
                    "diagnostics_end",
                    "implementation_start",
                    "implementation_end",
                    "closure_start",
                    "closing_meeting_date",
                )
            },
            "team": [
                {
                    "user": self._person(m.user_id),
                    "kind": m.kind,
                    "team_role": m.team_role,
                    "responsibilities": m.responsibilities,
                }
                for m in p.idx["members"]
            ],
            "stakeholders": [
                {
                    "name": s.name,
                    "interest": s.interest,
                    "influence": s.influence,
                    "attitude": s.attitude,
                    "engagement": s.engagement,
                }
                for s in p.idx["stakeholders"]
            ],
        }

    def _plan_snapshot(self, p: Plan) -> dict:
        """`projects.planning.plan_snapshot` of revision 1 as it is in memory."""
        problems = {prob.pk: prob.number for prob in p.idx["problems"]}
        ordered = p.idx["problems"]
        return {
            "revision": 1,
            "reason": "",
            "meeting": None,
            "activities": [
                {
                    "lineage": str(a.lineage),
                    "number": a.number,
                    "title": a.title,
                    "root_cause": a.root_cause,
                    "problems": [problems[ordered[(a.number - 1) % len(ordered)].pk]] if ordered else [],
                    "responsible": {
                        "id": a.responsible_id,
                        "name": self.people[a.responsible_id].full_name,
                        "short": self.people[a.responsible_id].surname_initials,
                    },
                    "deadline": a.deadline,
                    "expected_result": a.expected_result,
                }
                for a in p.idx.get("activities", [])
            ],
            "notes": [],
        }

    def _report_snapshot(self, p: Plan) -> dict:
        """`projects.results.report_data` of the report as it is in memory."""
        from maps.metrics import compare, compute
        from projects.choices import IndicatorDirection
        from projects.results import MAP_EFFECT_KEYS, _num, degree_of, suggested_achievement

        report = p.idx["report"]
        rows = []
        for ind in p.idx["indicators"]:
            actual = p.idx.get("actual", {}).get(ind.pk)
            degree = degree_of(
                current=ind.current_value, target=ind.target_value, actual=actual, direction=ind.direction
            )
            rows.append(
                {
                    "id": ind.pk,
                    "name": ind.name,
                    "unit": ind.unit,
                    "direction": ind.direction,
                    "direction_label": str(IndicatorDirection.label_of(ind.direction)),
                    "current": _num(ind.current_value),
                    "target": _num(ind.target_value),
                    "actual": _num(actual),
                    "comment": "",
                    "from_monitoring": False,
                    "degree": degree.code,
                    "degree_label": str(degree.choice.label) if degree.choice else "",
                    "degree_color": degree.choice.color if degree.choice else "secondary",
                    "percent": _num(degree.percent),
                }
            )
        effect = []
        if "target" in p.idx.get("maps", {}):
            for r in compare(
                compute(self._map_data(p, "current")), compute(self._map_data(p, "target")), long=False
            ):
                if r["key"] in MAP_EFFECT_KEYS:
                    effect.append(
                        {
                            "key": r["key"],
                            "label": str(r["label"]),
                            "current_text": r["current_text"],
                            "target_text": r["target_text"],
                            "diff_text": r["diff_text"],
                            "pct_text": r["pct_text"],
                            "better": r["better"],
                        }
                    )
        return {
            "number": p.idx["project"].number,
            "title": p.idx["project"].title,
            "status": report.status,
            "summary": report.summary,
            "indicators": rows,
            "suggested": suggested_achievement([r["degree"] for r in rows]),
            "effect": {
                "staff_hours_per_year": _num(report.staff_hours_per_year),
                "money_per_year": _num(report.money_per_year),
                "calculation": report.effect_calculation,
                "other": report.other_effects,
            },
            "maps": effect,
            "legal_acts": [],
            "photos": [],
            "survey": None,
        }

    # -- reminders already sent (notifications app) ----------------------------------------------

    def _reminder_rows(self, plans: list[Plan]) -> None:
        from notifications.deadlines import SOURCE
        from notifications.models import Notification, Reminder
        from projects.choices import Stage

        rnd = self.rnd
        reminders, notes = [], []
        claim = uuid.uuid4()
        for p in plans:
            for d in p.idx["deadlines"]:
                if d.done_on or d.cancelled_on or d.due_on is None or d.due_on >= self.today:
                    continue
                day = add_wd(d.due_on, 1)
                r = new(
                    Reminder,
                    source=SOURCE,
                    object_key=str(d.pk),
                    kind="overdue",
                    day=day,
                    project_id=d.project_id,
                    claim=claim,
                    created_at=at(day, rnd, self.tz),
                )
                reminders.append((r, d, p))
        self.w.write(Reminder, [r for r, _, _ in reminders])
        for r, d, p in reminders:
            what = str(Stage.label_of(d.stage))
            notes.append(
                new(
                    Notification,
                    recipient_id=p.lead,
                    reminder_id=r.pk,
                    project_id=d.project_id,
                    kind="overdue",
                    title=f"Срок нарушен: {what}",
                    what=what,
                    clause=d.clause,
                    due_on=d.due_on,
                    created_at=r.created_at,
                    read_at=r.created_at if rnd.random() < 0.6 else None,
                )
            )
        self.w.write(Notification, notes)

    # -- after every chunk: replications and the complaints registry -------------------------------

    def _replications(self, org: dict, plans: list[Plan]) -> None:
        from projects.models import Project

        practices = [p for p in plans if p.practice]
        later = [p for p in plans if p.source == "replication"]
        updates = []
        for p in later:
            earlier = [q for q in practices if q.created_at < p.created_at]
            if earlier:
                obj = p.idx["project"]
                obj.replicated_from_id = self.rnd.choice(earlier).idx["project"].pk
                updates.append(obj)
        Project.objects.bulk_update(updates, ["replicated_from"], batch_size=5000)

    def _complaints(self, org: dict, plans: list[Plan]) -> None:
        from projects.models import Complaint

        rnd = self.rnd
        rows = []
        m = org["municipality"]
        registrar = org["authority"][0].pk
        for n, p in enumerate(plans):
            if p.source in ("complaint", "cur"):
                rows.append(
                    new(
                        Complaint,
                        municipality=m,
                        channel="cur" if p.source == "cur" else "direct",
                        number=f"Ж-{n:06d}",
                        received_on=p.visits[0].entered - dt.timedelta(days=rnd.randint(1, 20)),
                        text="Жалоба на срок предоставления услуги",
                        department_id=p.department,
                        decision="project",
                        decided_on=p.visits[0].entered,
                        decided_by_id=p.lead,
                        project_id=p.idx["project"].pk,
                        registered_by_id=registrar,
                        registered_at=at(p.visits[0].entered, rnd, self.tz),
                    )
                )
        for n in range(
            len(plans) // 20
        ):  # complaints still on the primary analysis or closed without a project
            day = self.today - dt.timedelta(days=rnd.randint(0, 300))
            rows.append(
                new(
                    Complaint,
                    municipality=m,
                    channel=rnd.choice(["cur", "platform", "direct"]),
                    number=f"П-{n:06d}",
                    received_on=day,
                    text="Обращение о качестве услуги",
                    department=rnd.choice(org["departments"]),
                    decision=rnd.choice(["pending", "in_work", "no_action"]),
                    registered_by_id=registrar,
                    registered_at=at(day, rnd, self.tz),
                )
            )
        self.w.write(Complaint, rows)


# --- Entry points -------------------------------------------------------------------------------


def zipf_split(total: int, parts: int, s: float = 1.0) -> list[int]:
    weights = [1 / (k + 1) ** s for k in range(parts)]
    scale = total / sum(weights)
    sizes = [max(1, int(w * scale)) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def generate(scale: Scale, *, seed: int = 12) -> dict:
    import django

    django.setup()
    from django.db import connection

    prepare_bulk_writes()
    gen = Generator(seed=seed)
    started = time.perf_counter()
    sizes = zipf_split(scale.projects, scale.municipalities)
    facts: dict = {
        "scale": scale.name,
        "label": scale.label,
        "today": gen.today.isoformat(),
        "municipalities": [],
    }
    for k, count in enumerate(sizes):
        people = scale.people or min(3000, max(40, round(count * 0.3)))
        org = gen.municipality(
            k, people=people, name="ЗАТО Северск (бенчмарк)" if scale.municipalities == 1 else None
        )
        plans = gen.plans(org, count)
        gen.projects(org, plans)
        if k == 0:
            facts["main"] = main_facts(org, plans)
        facts["municipalities"].append(
            {"id": org["municipality"].pk, "projects": count, "people": len(gen.people)}
        )
        print(
            f"  {org['municipality'].name}: {count} projects, {len(gen.people)} people "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    from org.models import User

    admin = User.objects.create(
        username="benchadmin",
        password=gen.password,
        is_staff=True,
        is_superuser=True,
        last_name="Администратор",
    )
    facts["admin"] = admin.pk
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics as a live database has them
    facts["rows"] = dict(sorted(gen.w.counts.items()))
    facts["seconds"] = round(time.perf_counter() - started, 1)
    return facts


def main_facts(org: dict, plans: list[Plan]) -> dict:
    """Who the load benchmark logs in as and which projects it uses: the coordinator of the biggest
    direction of the biggest municipality, his projects, and the complete draft cards (pool)."""
    by_direction = Counter(p.coordinator for p in plans)
    coordinator = by_direction.most_common(1)[0][0]
    mine = [p for p in plans if p.coordinator == coordinator]
    pool = [p for p in plans if p.status == "draft" and p.complete]
    departments = Counter(p.department for p in mine)
    return {
        "municipality": org["municipality"].pk,
        "coordinator": coordinator,
        "direction_projects": len(mine),
        "departments": [d for d, _ in departments.most_common(6)],
        "detail_pool": [p.idx["project"].pk for p in random.Random(3).sample(mine, min(len(mine), 400))],
        "draft_pool": [
            {"project": p.idx["project"].pk, "lead": p.lead, "coordinator": p.coordinator} for p in pool
        ],
        "authority": org["authority"][0].pk,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), required=True)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--facts", help="write what the benchmarks need to this JSON file")
    args = parser.parse_args()
    scale = SCALES[args.scale]
    print(f"generating {scale.label} into {os.environ.get('DATABASE_URL', '(settings)')}", flush=True)
    facts = generate(scale, seed=args.seed)
    total = sum(facts["rows"].values())
    print(
        f"wrote {total:,} rows in {facts['seconds']} s: ".replace(",", " ")
        + ", ".join(f"{k.split('.')[-1]} {v}" for k, v in facts["rows"].items())
    )
    if args.facts:
        Path(args.facts).write_text(json.dumps(facts, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
