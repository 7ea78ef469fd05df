"""The diagram (issue 4 «The diagram»; DOMAIN «Practice layout»): one server-side SVG, well formed,
with every step, the problem and proposal markers, the legend and the time line with the totals;
long maps wrap into bands instead of growing unreadably wide."""

import re
import xml.etree.ElementTree as ET

from maps.choices import MapKind, StepKind, ValueClass
from maps.data import LaneData, MapData, ProblemData, ProposalData, StepData
from maps.svg import render_data_svg, render_map_svg, wrap
from tests.factories import advance, build_current_map, build_target_map

NS = {"svg": "http://www.w3.org/2000/svg"}


def _map(steps=5, lanes=3, kind=MapKind.CURRENT, problems=()) -> MapData:
    lane_list = [LaneData(i, "Заявитель" if i == 1 else f"Участник {i}", i == 1) for i in range(1, lanes + 1)]
    kinds = list(StepKind)
    values = list(ValueClass)
    step_list = [
        StepData(
            id=100 + n,
            number=n,
            lane_id=1 + (n - 1) % lanes,
            name=f"Шаг номер {n}",
            kind=kinds[(n - 1) % len(kinds)].value,
            value_class=values[(n - 1) % len(values)].value,
            duration_minutes=15 * n,
            documents=["Заявление"] if n == 1 else [],
            visit=n == 1,
        )
        for n in range(1, steps + 1)
    ]
    return MapData(
        kind=kind, title="Выдача справок", lanes=lane_list, steps=step_list, problems=list(problems)
    )


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on a malformed document


def _texts(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_svg_is_well_formed_and_draws_every_step_lane_and_the_legend():
    data = _map(steps=6, lanes=3)
    root = _parse(render_data_svg(data))
    texts = _texts(root)
    steps = root.findall(".//svg:g[@class]", NS)
    drawn = [g for g in steps if g.get("class", "").startswith("step ")]
    assert [g.get("data-step") for g in drawn] == [str(n) for n in range(1, 7)]
    for n in range(1, 7):
        assert f"Шаг номер {n}" in texts
    for name in ("Заявитель", "Участник 2", "Участник 3"):
        assert name in texts
    legend = " ".join(_texts(root.find(".//svg:g[@class='legend']", NS)))
    for label in (
        "Операция",
        "Перемещение",
        "Ожидание",
        "Контроль",
        "Хранение",
        "Решение",
        "Потери",
        "проблема",
    ):
        assert label in legend
    for css in (
        "kind-operation",
        "kind-movement",
        "kind-waiting",
        "kind-control",
        "kind-storage",
        "kind-decision",
    ):
        assert root.find(f".//*[@class='{css}']", NS) is not None, css
    totals = " ".join(_texts(root.find(".//svg:g[@class='totals']", NS)))
    assert "Время протекания процесса (ВПП): 5 ч 15 мин" in totals  # 15+30+…+90 = 315 min
    assert "Шагов: 6" in totals
    assert root.find(".//svg:path[@class='ladder']", NS) is not None  # the time line


def test_duration_is_written_under_each_step():
    root = _parse(render_data_svg(_map(steps=3)))
    for g in root.findall(".//svg:g[@data-step]", NS):
        n = int(g.get("data-step"))
        assert f"{15 * n} мин" in _texts(g)


def test_problem_markers_are_red_and_numbered_on_their_steps():
    problems = [
        ProblemData(id=1, number=1, text="Очередь при подаче", step_ids=[101]),
        ProblemData(id=2, number=2, text="Повторный визит", step_ids=[101, 103]),
        ProblemData(id=3, number=3, text="Процесс в целом", step_ids=[]),
    ]
    data = _map(steps=3, problems=problems)
    for s in data.steps:
        s.problem_numbers = [p.number for p in problems if s.id in p.step_ids]
    root = _parse(render_data_svg(data))
    step1 = root.find(".//svg:g[@data-step='1']", NS)
    markers = step1.findall(".//svg:g[@class='marker-problem']", NS)
    assert sorted("".join(m.itertext()) for m in markers) == ["1", "2"]
    assert markers[0].find("svg:circle", NS).get("fill") == "#dc3545"
    listed = " ".join(_texts(root.find(".//svg:g[@class='numbered-texts']", NS)))
    for text in ("Очередь при подаче", "Повторный визит", "Процесс в целом"):
        assert text in listed


def test_target_map_has_green_proposal_markers():
    data = _map(steps=2, kind=MapKind.TARGET)
    data.proposals = [
        ProposalData(id=1, number=1, text="Запрос через СМЭВ", problem_numbers=[1, 3], step_ids=[101])
    ]
    data.steps[0].proposal_numbers = [1]
    root = _parse(render_data_svg(data))
    marker = root.find(".//svg:g[@data-step='1']//svg:g[@class='marker-proposal']", NS)
    assert marker.find("svg:circle", NS).get("fill") == "#198754"
    assert root.find(".//svg:g[@data-step='1']//svg:g[@class='marker-problem']", NS) is None
    listed = " ".join(_texts(root.find(".//svg:g[@class='numbered-texts']", NS)))
    assert "Запрос через СМЭВ (решает проблемы № 1, 3)" in listed
    assert "предложение по улучшению" in " ".join(_texts(root.find(".//svg:g[@class='legend']", NS)))


def test_user_text_is_escaped():
    data = _map(steps=1)
    data.steps[0].name = '<script>alert("x")</script> & «кавычки»'
    data.lanes[0].name = "Лана <b>"
    svg = render_data_svg(data)
    assert "<script>" not in svg and "<b>" not in svg
    root = _parse(svg)
    assert any("&" in t for t in _texts(root))


def test_eighty_steps_in_ten_lanes_wrap_into_bands_of_fixed_width():
    small = _parse(render_data_svg(_map(steps=8, lanes=10)))
    big = _parse(render_data_svg(_map(steps=80, lanes=10)))
    assert big.get("width") == small.get("width")  # wraps, never wider than 8 columns
    assert int(big.get("width")) <= 1366
    bands = big.findall(".//svg:g[@class='band']", NS)
    assert [(b.get("data-first"), b.get("data-last")) for b in bands][:2] == [("1", "8"), ("9", "16")]
    assert len(bands) == 10
    assert len(big.findall(".//svg:g[@data-step]", NS)) == 80
    assert "Шаги 73–80 из 80" in _texts(big)


def test_hand_offs_are_drawn_in_their_own_colour():
    root = _parse(render_data_svg(_map(steps=4, lanes=2)))  # lanes alternate: 3 hand-offs
    assert len(root.findall(".//svg:path[@class='flow handoff']", NS)) == 3


def test_empty_map_still_renders_with_a_hint():
    root = _parse(render_data_svg(_map(steps=0)))
    assert any("На карте пока нет шагов" in t for t in _texts(root))


def test_long_names_wrap_into_lines_with_an_ellipsis():
    lines = wrap("Рассчитать среднедушевой доход семьи и размер ежемесячной выплаты", 17, 3)
    assert len(lines) == 3 and all(len(line) <= 18 for line in lines) and lines[-1].endswith("…")
    assert wrap("Межведомственныйзапросвсмэв", 10) == ["Межведомс-", "твенныйза-", "просвсмэв"]


def test_two_diagrams_on_one_page_do_not_share_ids():
    a = render_data_svg(_map(steps=2))
    b = render_data_svg(_map(steps=2))
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b


def test_render_map_svg_reads_the_map_from_the_database(world, mapping):
    build_current_map(mapping, by=world.lead, steps=4, problems=2)
    project = advance(mapping, world, "target_map")
    build_target_map(project, by=world.lead)
    current = project.process_maps.get(kind="current")
    target = project.process_maps.get(kind="target")
    root = _parse(render_map_svg(current))
    assert root.get("class") == "process-map process-map-current"
    assert len(root.findall(".//svg:g[@data-step]//svg:g[@class='marker-problem']", NS)) == 2
    assert project.title in _texts(root)
    root = _parse(render_map_svg(target))
    assert len(root.findall(".//svg:g[@data-step]", NS)) == 4
    assert "Устранить: Проблема 1 (решает проблемы № 1)" in " ".join(_texts(root))
