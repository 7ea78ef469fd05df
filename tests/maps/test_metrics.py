"""Metrics are computed from the map, never typed (DOMAIN «Metrics»; issue 4): checked on maps whose
numbers were counted by hand, and on the firewood-supply example of the seed (002: «9 участников
процесса, 34 операции, 12 действий клиента» → «7 участников, 23 операции, 5 действий клиента»)."""

from decimal import Decimal

import pytest

from maps import services
from maps.choices import DurationUnit, MapKind, StepKind, ValueClass
from maps.data import LaneData, MapData, StepData
from maps.durations import format_minutes, format_minutes_long, from_minutes, to_minutes
from maps.metrics import compare, compute, share_formula
from maps.models import WasteType
from maps.selectors import map_data, map_of
from tests.factories import advance

WD = 8 * 60  # a working day of 8 hours (settings.WORKING_DAY_HOURS)


def _step(
    n,
    lane,
    minutes,
    *,
    kind=StepKind.OPERATION,
    value=ValueClass.NECESSARY,
    docs=(),
    client=False,
    visit=False,
):
    return StepData(
        id=n,
        number=n,
        lane_id=lane,
        name=f"Шаг {n}",
        kind=kind,
        value_class=value,
        duration_minutes=minutes,
        documents=list(docs),
        client_action=client,
        visit=visit,
    )


def hand_counted_map() -> MapData:
    """Five steps in three lanes (and one empty lane), counted by hand below."""
    lanes = [
        LaneData(1, "Заявитель", True),
        LaneData(2, "Специалист"),
        LaneData(3, "Начальник"),
        LaneData(4, "Архив"),
    ]
    steps = [
        _step(1, 1, 30, visit=True, docs=["Заявление", "Паспорт"]),  # client lane, visit
        _step(2, 2, 20, value=ValueClass.VALUE, client=True, docs=["заявление "]),  # same document
        _step(3, 2, 2 * WD, kind=StepKind.WAITING, value=ValueClass.WASTE),  # 960 min
        _step(4, 3, 10, kind=StepKind.CONTROL, docs=["Решение"]),
        _step(5, 2, 40, value=ValueClass.VALUE),
    ]
    return MapData(kind=MapKind.CURRENT, lanes=lanes, steps=steps)


def test_metrics_of_a_hand_counted_map():
    m = compute(hand_counted_map())
    assert m.lead_time == 30 + 20 + 960 + 10 + 40 == 1060
    assert m.va_time == 60
    assert m.va_share == Decimal("5.7")  # 60 / 1060 = 5,66 %
    assert (m.steps_total, m.steps_value, m.steps_necessary, m.steps_waste) == (5, 2, 2, 1)
    assert m.participants == 3  # the archive lane has no step
    assert m.handoffs == 3  # 1→2, 3→4, 4→5
    assert (m.waits, m.wait_time) == (1, 960)
    assert m.client_actions == 2  # step 1 (applicant's lane, visit) and step 2 (marked)
    assert m.visits == 1
    assert m.documents == 3  # «Заявление» twice counts once


def test_share_formula_is_shown_with_its_numbers():
    text = share_formula(compute(hand_counted_map()))
    assert (
        text == "Доля ВДЦ = ВДЦ ÷ ВПП × 100 % = 1 ч ÷ 2 раб. дн. 1 ч 40 мин × 100 % = 5,7\u00a0%"
    )  # one formatter: a no-break space before % (issue 21)


def test_empty_map_has_no_share_and_no_division_by_zero():
    m = compute(MapData(kind=MapKind.CURRENT))
    assert m.lead_time == 0 and m.va_share is None
    assert "появится" in share_formula(m)
    rows = {r["key"]: r for r in compare(m, m)}
    assert rows["lead_time"]["pct_text"] == "—"


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 мин"),
        (45, "45 мин"),
        (60, "1 ч"),
        (135, "2 ч 15 мин"),
        (WD, "1 раб. дн."),
        (3 * WD + 125, "3 раб. дн. 2 ч 5 мин"),
    ],
)
def test_durations_are_shown_in_hours_minutes_and_working_days(minutes, text):
    assert format_minutes(minutes) == text


def test_long_form_adds_hours_and_working_day_follows_settings(settings):
    assert format_minutes_long(2 * WD + 180) == "2 раб. дн. 3 ч (19 ч)"
    settings.WORKING_DAY_HOURS = 7
    assert format_minutes(7 * 60) == "1 раб. дн."
    assert to_minutes(Decimal("2"), DurationUnit.WORKING_DAYS) == 2 * 7 * 60


def test_typed_units_become_minutes_and_back():
    assert to_minutes(Decimal("1.5"), DurationUnit.HOURS) == 90
    assert to_minutes(Decimal("0.5"), DurationUnit.WORKING_DAYS) == 240
    assert from_minutes(90, DurationUnit.HOURS) == Decimal("1.5")
    assert from_minutes(960, DurationUnit.WORKING_DAYS) == Decimal("2")


def test_comparison_in_units_and_percent():
    before = compute(hand_counted_map())
    data = hand_counted_map()
    data.steps = [s for s in data.steps if s.id != 3]  # the wait removed
    after = compute(data)
    rows = {r["key"]: r for r in compare(before, after)}
    assert rows["lead_time"]["diff_text"] == "−2 раб. дн."
    assert rows["lead_time"]["pct_text"] == "−90,6 %"  # 960 of 1060
    assert rows["lead_time"]["better"] is True
    assert rows["va_share"]["diff_text"] == "+54,3 п. п."  # 5,7 % → 60 %
    assert rows["steps_waste"]["diff_text"] == "−1" and rows["steps_waste"]["pct_text"] == "−100,0 %"
    assert rows["handoffs"]["target"] == 3  # 1→2, 2→4, 4→5


# --- The firewood-supply example of seed 002 -------------------------------------------------


def _build(project, by, kind, *, lanes: int, steps: int, client_actions: int, days: int):
    """`lanes` participants (the first is the family of the soldier — the client), `steps` steps
    spread over all lanes, the first `client_actions` steps taken by the client, `days` working
    days in total (the last step takes what is left)."""
    made = [
        services.lane_add(project=project, map_kind=kind, by=by, name=f"Участник {n}", is_client=n == 1)
        for n in range(1, lanes + 1)
    ]
    others = made[1:]
    total = 0
    for n in range(1, steps + 1):
        lane = made[0] if n <= client_actions else others[(n - client_actions - 1) % len(others)]
        minutes = 60 if n < steps else days * WD - total
        total += minutes
        services.step_add(
            project=project,
            map_kind=kind,
            by=by,
            lane=lane,
            name=f"Операция {n}",
            kind=StepKind.OPERATION,
            value_class=ValueClass.NECESSARY,
            duration_minutes=minutes,
            duration_unit=DurationUnit.HOURS,
        )


def test_firewood_supply_example_of_the_seed(world, mapping):
    """«6 месяцев (9 участников процесса, 34 операции, 12 действий клиента)» → «15 дней; 7
    участников, 23 операции, 5 действий клиента»: 6 months ≈ 126 working days, 15 calendar days
    ≈ 11 working days."""
    project = mapping
    _build(project, world.lead, MapKind.CURRENT, lanes=9, steps=34, client_actions=12, days=126)
    services.problem_add(
        project=project, by=world.lead, text="Обязанность сбора документов возложена на клиента"
    )
    project = advance(project, world, "target_map")
    services.target_map_start(project=project, by=world.lead)
    target = map_of(project=project, kind=MapKind.TARGET)
    target.steps.all().delete()
    target.lanes.all().delete()
    _build(project, world.lead, MapKind.TARGET, lanes=7, steps=23, client_actions=5, days=11)

    before = compute(map_data(map_of(project=project, kind=MapKind.CURRENT)))
    after = compute(map_data(map_of(project=project, kind=MapKind.TARGET)))
    assert (before.participants, before.steps_total, before.client_actions) == (9, 34, 12)
    assert (after.participants, after.steps_total, after.client_actions) == (7, 23, 5)
    assert before.lead_time == 126 * WD and after.lead_time == 11 * WD
    rows = {r["key"]: r for r in compare(before, after)}
    assert (rows["participants"]["diff_text"], rows["participants"]["pct_text"]) == ("−2", "−22,2 %")
    assert (rows["steps_total"]["diff_text"], rows["steps_total"]["pct_text"]) == ("−11", "−32,4 %")
    assert (rows["client_actions"]["diff_text"], rows["client_actions"]["pct_text"]) == ("−7", "−58,3 %")
    assert (rows["lead_time"]["diff_text"], rows["lead_time"]["pct_text"]) == ("−115 раб. дн.", "−91,3 %")
    assert rows["lead_time"]["current_text"] == "126 раб. дн. (1008 ч)"


def test_metrics_read_from_the_database_match_the_waste_and_documents(world, mapping):
    waiting = WasteType.objects.get(number=2)
    lane = services.lane_add(project=mapping, map_kind=MapKind.CURRENT, by=world.lead, name="Специалист")
    services.step_add(
        project=mapping,
        map_kind=MapKind.CURRENT,
        by=world.lead,
        lane=lane,
        name="Ждать ответа СФР",
        kind=StepKind.WAITING,
        value_class=ValueClass.WASTE,
        duration_minutes=5 * WD,
        duration_unit=DurationUnit.WORKING_DAYS,
        waste_types=[waiting],
        documents="Запрос\nОтвет на запрос\n\n",
    )
    data = map_data(map_of(project=mapping, kind=MapKind.CURRENT))
    assert data.steps[0].waste_types == ["Ожидание"]
    assert data.steps[0].documents == ["Запрос", "Ответ на запрос"]
    m = compute(data)
    assert (m.waits, m.wait_time, m.documents, m.steps_waste) == (1, 5 * WD, 2, 1)
