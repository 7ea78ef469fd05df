"""Demo maps for the demo loader: a social-support service of the Отдел социальной поддержки
населения — «Назначение ежемесячной денежной выплаты малоимущей семье с детьми» — as it is today
(18 steps in 6 lanes, 7 numbered problems) and as it should become (proposals linked to the
problems). Written straight to the models, because the demo places projects in stages where the
services would (rightly) refuse to edit a map. Building twice changes nothing."""

from __future__ import annotations

from django.db import transaction

from .choices import DurationUnit, MapKind, StepKind, ValueClass
from .models import Lane, Problem, ProcessMap, Proposal, Step, WasteType

K, V, U = StepKind, ValueClass, DurationUnit
WD = None  # marker: duration given in working days

LANES = [
    ("Заявитель", True),
    ("Специалист приёма ОСПН", False),
    ("Специалист по назначению ОСПН", False),
    ("Начальник ОСПН", False),
    ("СФР, ЗАГС, МВД (межведомственные запросы)", False),
    ("Бухгалтерия ОСПН", False),
]

# (lane index, name, kind, value class, amount, unit, waste numbers, documents, client action, visit)
CURRENT_STEPS = [
    (
        0,
        "Узнать перечень документов по телефону",
        K.OPERATION,
        V.NECESSARY,
        20,
        U.MINUTES,
        [],
        [],
        False,
        False,
    ),
    (
        0,
        "Собрать справки о доходах и составе семьи в разных организациях",
        K.MOVEMENT,
        V.WASTE,
        3,
        U.WORKING_DAYS,
        [2, 6],
        ["Справка о доходах", "Справка о составе семьи"],
        False,
        False,
    ),
    (0, "Прийти в ОСПН и ждать в очереди", K.WAITING, V.WASTE, 40, U.MINUTES, [2], [], False, True),
    (
        1,
        "Принять заявление и документы, снять копии",
        K.OPERATION,
        V.NECESSARY,
        25,
        U.MINUTES,
        [],
        ["Заявление", "Паспорт", "СНИЛС", "Свидетельства о рождении детей"],
        True,
        False,
    ),
    (
        1,
        "Проверить комплект, вернуть при нехватке документов",
        K.CONTROL,
        V.WASTE,
        15,
        U.MINUTES,
        [7],
        [],
        True,
        False,
    ),
    (
        0,
        "Донести недостающие документы (повторный визит)",
        K.MOVEMENT,
        V.WASTE,
        1,
        U.WORKING_DAYS,
        [6, 7],
        ["Справка о доходах"],
        False,
        True,
    ),
    (
        1,
        "Зарегистрировать заявление и передать дело на назначение",
        K.MOVEMENT,
        V.WASTE,
        1,
        U.WORKING_DAYS,
        [3],
        ["Журнал регистрации"],
        False,
        False,
    ),
    (
        2,
        "Дело ждёт своей очереди на рассмотрение",
        K.STORAGE,
        V.WASTE,
        3,
        U.WORKING_DAYS,
        [5, 2],
        [],
        False,
        False,
    ),
    (
        2,
        "Направить межведомственные запросы на бумаге",
        K.OPERATION,
        V.NECESSARY,
        40,
        U.MINUTES,
        [],
        ["Межведомственный запрос"],
        False,
        False,
    ),
    (
        4,
        "Подготовить ответы на запросы",
        K.WAITING,
        V.WASTE,
        5,
        U.WORKING_DAYS,
        [2],
        ["Ответ на межведомственный запрос"],
        False,
        False,
    ),
    (
        2,
        "Сверить ответы с документами заявителя",
        K.CONTROL,
        V.NECESSARY,
        60,
        U.MINUTES,
        [],
        [],
        False,
        False,
    ),
    (
        2,
        "Рассчитать среднедушевой доход и размер выплаты",
        K.OPERATION,
        V.VALUE,
        90,
        U.MINUTES,
        [],
        ["Расчёт среднедушевого дохода"],
        False,
        False,
    ),
    (
        2,
        "Подготовить проект решения о назначении",
        K.OPERATION,
        V.VALUE,
        45,
        U.MINUTES,
        [],
        ["Решение о назначении выплаты"],
        False,
        False,
    ),
    (3, "Решение ждёт подписи начальника", K.WAITING, V.WASTE, 2, U.WORKING_DAYS, [2], [], False, False),
    (
        3,
        "Проверить и подписать решение",
        K.CONTROL,
        V.NECESSARY,
        20,
        U.MINUTES,
        [],
        ["Решение о назначении выплаты"],
        False,
        False,
    ),
    (
        2,
        "Направить уведомление заявителю почтой",
        K.MOVEMENT,
        V.WASTE,
        3,
        U.WORKING_DAYS,
        [3, 2],
        ["Уведомление о назначении"],
        False,
        False,
    ),
    (
        5,
        "Сформировать выплатную ведомость",
        K.OPERATION,
        V.NECESSARY,
        2,
        U.HOURS,
        [],
        ["Выплатная ведомость"],
        False,
        False,
    ),
    (0, "Получить уведомление и выплату", K.OPERATION, V.VALUE, 15, U.MINUTES, [], [], False, False),
]

# (text, step numbers, waste numbers)
PROBLEMS = [
    (
        "Заявитель сам собирает справки о доходах и составе семьи, которые можно получить по межведомственному запросу",
        [2],
        [6, 2],
    ),
    ("Очередь при подаче заявления: в среднем 40 минут ожидания", [3], [2]),
    (
        "Перечень документов на сайте неполный и устарел — каждый четвёртый заявитель приходит повторно",
        [5, 6],
        [7],
    ),
    ("Дела передаются на назначение раз в день и лежат в очереди до 3 рабочих дней", [7, 8], [3, 5]),
    ("Межведомственные запросы направляются на бумаге, ответы идут до 5 рабочих дней", [9, 10], [2]),
    ("Решение ждёт подписи начальника до 2 рабочих дней", [14], [2]),
    ("Уведомление отправляется почтой: заявитель узнаёт о решении только через 3 рабочих дня", [16], [3]),
]

# The target map: the current one without the steps that the proposals remove, and with new
# durations where they shorten a step. (current step number → change)
REMOVED = {2, 5, 6, 8}
CHANGED = {
    3: (
        "Прийти в ОСПН по предварительной записи",
        K.OPERATION,
        V.NECESSARY,
        10,
        U.MINUTES,
        [],
        [],
        False,
        True,
    ),
    7: (
        "Зарегистрировать заявление в СЭД — дело сразу у специалиста",
        K.OPERATION,
        V.NECESSARY,
        10,
        U.MINUTES,
        [],
        ["Журнал регистрации"],
        False,
        False,
    ),
    9: (
        "Направить межведомственные запросы через СМЭВ",
        K.OPERATION,
        V.NECESSARY,
        15,
        U.MINUTES,
        [],
        ["Межведомственный запрос"],
        False,
        False,
    ),
    10: (
        "Получить ответы через СМЭВ",
        K.WAITING,
        V.NECESSARY,
        2,
        U.WORKING_DAYS,
        [],
        ["Ответ на межведомственный запрос"],
        False,
        False,
    ),
    14: ("Решение поступает начальнику в СЭД", K.WAITING, V.NECESSARY, 2, U.HOURS, [], [], False, False),
    15: (
        "Проверить и подписать решение электронной подписью",
        K.CONTROL,
        V.NECESSARY,
        15,
        U.MINUTES,
        [],
        ["Решение о назначении выплаты"],
        False,
        False,
    ),
    16: (
        "Направить уведомление по СМС и через Госуслуги",
        K.OPERATION,
        V.NECESSARY,
        10,
        U.MINUTES,
        [],
        ["Уведомление о назначении"],
        False,
        False,
    ),
}

# (text, problem numbers, current step numbers whose target copies it concerns)
PROPOSALS = [
    ("Запрашивать сведения о доходах и составе семьи через СМЭВ без участия заявителя", [1, 5], [9, 10]),
    ("Предварительная запись на приём по телефону и через Госуслуги", [2], [3]),
    ("Чек-лист документов на сайте, в МФЦ и по телефону; консультация при записи", [3], [3, 4]),
    ("Регистрация заявления в СЭД: дело поступает специалисту по назначению сразу", [4], [7]),
    ("Подписание решения электронной подписью в день его подготовки", [6], [14, 15]),
    ("Уведомление заявителя по СМС и через Госуслуги в день решения", [7], [16]),
]


def _minutes(amount: int, unit: str) -> int:
    from .durations import unit_minutes

    return amount * unit_minutes(unit)


def _lanes(process_map: ProcessMap) -> list[Lane]:
    return [
        Lane.objects.create(process_map=process_map, order=n, name=name, is_client=is_client)
        for n, (name, is_client) in enumerate(LANES, start=1)
    ]


def _step(process_map, lanes, order, row, waste) -> Step:
    lane, name, kind, value, amount, unit, wastes, docs, client, visit = row
    step = Step.objects.create(
        process_map=process_map,
        lane=lanes[lane],
        order=order,
        name=name,
        kind=kind,
        value_class=value,
        duration_minutes=_minutes(amount, unit),
        duration_unit=unit,
        documents="\n".join(docs),
        client_action=client,
        visit=visit,
    )
    if wastes:
        step.waste_types.set([waste[n] for n in wastes])
    return step


@transaction.atomic
def build_demo_current_map(project, *, by=None) -> ProcessMap:
    """The current map: 18 steps in 6 lanes (the applicant's first), 7 numbered problems."""
    existing = ProcessMap.objects.filter(project=project, kind=MapKind.CURRENT).first()
    if existing is not None:
        return existing
    waste = {w.number: w for w in WasteType.objects.all()}
    process_map = ProcessMap.objects.create(
        project=project, kind=MapKind.CURRENT, created_by=by or project.lead
    )
    lanes = _lanes(process_map)
    steps = [_step(process_map, lanes, n, row, waste) for n, row in enumerate(CURRENT_STEPS, start=1)]
    for number, (text, step_numbers, wastes) in enumerate(PROBLEMS, start=1):
        problem = Problem.objects.create(process_map=process_map, number=number, text=text)
        problem.steps.set([steps[n - 1] for n in step_numbers])
        problem.waste_types.set([waste[n] for n in wastes])
    return process_map


@transaction.atomic
def build_demo_maps(project, *, complete_target: bool, by=None) -> tuple[ProcessMap, ProcessMap]:
    """The current map and the target map. With `complete_target` every problem has a proposal
    (the target map is done, п.16.2); without it the team is halfway: the first three proposals."""
    current = build_demo_current_map(project, by=by)
    existing = ProcessMap.objects.filter(project=project, kind=MapKind.TARGET).first()
    if existing is not None:
        return current, existing
    waste = {w.number: w for w in WasteType.objects.all()}
    target = ProcessMap.objects.create(
        project=project, kind=MapKind.TARGET, created_by=by or project.lead, copied_from=current
    )
    lanes = _lanes(target)
    by_current_number: dict[int, Step] = {}
    order = 0
    for number, row in enumerate(CURRENT_STEPS, start=1):
        if number in REMOVED:
            continue
        if number in CHANGED:
            row = (row[0], *CHANGED[number])
        order += 1
        by_current_number[number] = _step(target, lanes, order, row, waste)
    problems = {p.number: p for p in current.problems.all()}
    proposals = PROPOSALS if complete_target else PROPOSALS[:3]
    for number, (text, problem_numbers, step_numbers) in enumerate(proposals, start=1):
        proposal = Proposal.objects.create(process_map=target, number=number, text=text)
        proposal.problems.set([problems[n] for n in problem_numbers])
        proposal.steps.set([by_current_number[n] for n in step_numbers if n in by_current_number])
    return current, target
