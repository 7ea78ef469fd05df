"""The process maps as a PDF (Положение п.16; Прил. 2): both maps with their headings of the appendix,
the diagram of `maps.svg` scaled to an A4 landscape page and cut between bands when the map is long,
the steps with durations, numbered problems and proposals, the before/after metrics; approved maps
from the snapshot of their stage, a map still drawn as a draft, a missing map marked."""

import base64
import re

from documents.images import pages_of_map, sections, svg_size
from documents.process_maps import maps_file
from maps import services as map_services
from maps.choices import MapKind
from maps.models import Step
from tests.documents.builders import implementing, opened
from tests.factories import advance, build_current_map, build_target_map, make_project

A4_LANDSCAPE = (842, 595)


def _svg_of(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode()


def _size(pdf, index=0):
    box = pdf.reader.pages[index].mediabox
    return round(float(box.width)), round(float(box.height))


def test_both_maps_read_like_appendix_2(world, as_pdf):
    project = implementing(world)
    pdf = as_pdf(maps_file(project).content)

    assert _size(pdf) == A4_LANDSCAPE
    for heading in (
        "Карты процесса проекта «Оптимизация выдачи справок»",
        "1. КАРТА",
        "текущего состояния процесса <*>",
        "2. КАРТА",
        "целевого состояния процесса <*>",
        "Шаги процесса и их длительность",
        "Проблемы",
        "Предложения по улучшению",
        "Показатели процесса: было — целевое (план)",
        "<*> 1, 2, 3, n — текстовое описание проблемы.",
        "<*> 1, 2, 3, n — текстовое описание предложений по улучшению состояния процесса.",
    ):
        assert pdf.has(heading), heading
    # the diagram itself (its SVG text is in the PDF) with its legend and lanes
    assert pdf.has("Карта текущего состояния") and pdf.has("Условные обозначения")
    assert pdf.has("Заявитель") and pdf.has("Специалист отдела")
    # steps with their durations, numbered problems and the proposals answering them
    assert pdf.has("Шаг 1") and pdf.has("30 мин") and pdf.has("1 ч 30 мин")
    assert pdf.has("Проблема 1") and pdf.has("Проблема 2")
    assert pdf.has("Устранить: Проблема 1")
    assert pdf.has("Время протекания процесса (ВПП)")
    # both stages ended (п.16.1, 16.2): printed as developed, no draft mark
    assert pdf.has("Карта разработана") and not pdf.is_draft


def test_an_approved_map_is_printed_from_its_snapshot(world, as_pdf):
    # п.16.1: the stage ended; a later edit of the live map does not change the document
    project = opened(world)
    build_target_map(project, by=world.lead)
    Step.objects.filter(process_map__project=project, process_map__kind="current", name="Шаг 1").update(
        name="Изменено после утверждения"
    )
    pdf = as_pdf(maps_file(project).content)
    assert pdf.has("Шаг 1")
    assert "Изменено после утверждения" not in pdf.flat
    # the target map is still being drawn: the document is a draft
    assert pdf.is_draft and pdf.has("Проект карты: карта ещё разрабатывается")


def test_missing_maps_are_marked_not_failed(world, as_pdf):
    project = advance(make_project(world), world, "current_map")
    pdf = as_pdf(maps_file(project).content)
    assert pdf.has("Карта текущего состояния ещё не начата (Положение п.16.1).")
    assert pdf.has("Карта целевого состояния ещё не начата (Положение п.16.2).")
    assert pdf.has("Сравнение появится, когда на обеих картах будут шаги процесса.")
    assert pdf.is_draft


def test_a_long_map_is_cut_between_bands_onto_landscape_pages(world, as_pdf):
    project = advance(make_project(world), world, "current_map")
    build_current_map(project, by=world.lead, steps=40, problems=3)
    long_text = "Очень длинное описание проблемы, которое не помещается в одну строку. " * 12
    map_services.problem_add(project=project, by=world.lead, text=long_text, steps=[], waste_types=[])
    pdf = as_pdf(maps_file(project).content)
    assert all(_size(pdf, i) == A4_LANDSCAPE for i in range(pdf.page_count))
    # 40 steps, six a band: seven bands, each whole on some page
    for first, last in ((1, 6), (7, 12), (31, 36), (37, 40)):
        assert pdf.has(f"Шаги {first}–{last} из 40"), (first, last)
    assert pdf.page_count >= 4
    # the long problem text is printed in full (wrapped, never clipped) in the table
    assert pdf.flat.count("не помещается в одну строку") >= 12


def test_pages_of_map_cuts_only_between_bands():
    # a drawing of three bands 300 px high each, 1000 px wide; a page of 267 × 170 mm holds two
    from maps.data import LaneData, MapData, StepData
    from maps.svg import render_data_svg

    lanes = [LaneData(id=1, name="Заявитель", is_client=True), LaneData(id=2, name="Отдел")]
    steps = [
        StepData(
            id=n,
            number=n,
            lane_id=1 + n % 2,
            name=f"Шаг {n}",
            kind="operation",
            value_class="value",
            duration_minutes=10,
        )
        for n in range(1, 19)
    ]
    svg = render_data_svg(MapData(kind=MapKind.CURRENT, lanes=lanes, steps=steps), columns=6)
    kinds = [kind for kind, _top, _bottom in sections(svg)]
    assert kinds == ["band", "band", "band", "totals", "legend"]
    width, height = svg_size(svg)
    strips = pages_of_map(svg, width_mm=267, first_mm=120, other_mm=168)
    # every strip fits its page and they cover the drawing down to the legend without overlap
    assert all(p.width_mm <= 267.01 for p in strips)
    assert strips[0].height_mm <= 120.01 and all(p.height_mm <= 168.01 for p in strips[1:])
    tops = [float(re.search(r'viewBox="0 ([\d.]+)', _svg_of(p.uri)).group(1)) for p in strips]
    assert tops[0] == 0 and tops == sorted(tops) and len(set(tops)) == len(tops)
    assert len(strips) >= 2
