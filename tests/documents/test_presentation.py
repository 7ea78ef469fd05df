"""The defence presentation (Положение п.27–28; Прил. 4) as a PDF and as an editable .pptx: exactly
seven 16:9 slides in the order and with the content columns 2–3 of the appendix ask for, whatever is
missing or however long the texts; and the working presentation of п.9.9 (а–з) at any stage."""

import io

from pptx import Presentation
from pptx.util import Emu

from documents.presentation import SLIDE_TITLES, presentation_file, presentation_pptx_file
from documents.working import working_file
from maps import services as map_services
from projects import planning
from projects.models import Activity, Project
from tests.documents.builders import closed
from tests.factories import advance, build_current_map, make_project
from tests.projects.test_plan import _add

TITLES = [str(t) for t in SLIDE_TITLES]


def _is_16_9(width, height) -> bool:
    return abs(float(width) / float(height) - 16 / 9) < 0.001


def _assert_seven_wide_pages(pdf):
    assert pdf.page_count == 7
    for page in pdf.reader.pages:
        box = page.mediabox
        assert _is_16_9(box.width, box.height)
        assert (round(float(box.width)), round(float(box.height))) == (960, 540)


def test_defence_presentation_of_a_closed_project(world, as_pdf):
    project = closed(world)
    pdf = as_pdf(presentation_file(project).content)
    _assert_seven_wide_pages(pdf)
    assert not pdf.is_draft  # the report has been sent (п.25)
    for index, title in enumerate(TITLES[1:], start=1):
        assert title in pdf.pages[index].replace("\n", " "), title

    # 1: the organisation on top, the project name in the centre
    cover = pdf.fragments(0)
    height = float(pdf.reader.pages[0].mediabox.height)
    org = next(y for text, _x, y in cover if "Администрация Тестовск" in text)
    name = next(y for text, _x, y in cover if "Оптимизация выдачи справок" in text)
    assert org > height * 0.8 and height * 0.3 < name < height * 0.75
    # 2: the approved card — key risk, team, indicators with current and target, key events
    card = pdf.pages[1]
    assert "утверждена" in card and "Нарушение установленного срока" in card
    assert "Васильева Иван Иванович" in card and "эксперт процесса" in card
    assert "Срок предоставления услуги" in card and "Ключевые события проекта" in card
    assert project.closing_meeting_date.strftime("%d.%m.%Y") in card
    # 3 and 5: the maps (the drawing's own text is in the PDF)
    assert "Карта текущего состояния" in pdf.pages[2] and "Заявитель" in pdf.pages[2]
    assert "Карта целевого состояния" in pdf.pages[4] and "предложений: 2" in pdf.pages[4]
    # 4: the problems
    assert "Проблема 1" in pdf.pages[3] and "Проблема 2" in pdf.pages[3]
    # 6: activities with the problems they solve and the indicators reached
    plan = pdf.pages[5]
    assert "Реализовано мероприятий: 2 из 2" in plan and "Мероприятие 1" in plan
    assert "Достигнутые показатели" in plan
    # 7: acts, target vs actual, effect, photos
    results = pdf.pages[6].replace("\n", " ").replace("\u00a0", " ")
    assert "1234-па" in results and "достигнут частично" in results
    assert "135 000" in results and "300" in results
    assert "ВПП: было" in results and "ВПП: целевое (план)" in results  # the effect chart
    assert "Очередь в коридоре" in results and "Электронная очередь" in results


def test_an_early_project_still_gives_seven_slides_marking_what_is_missing(world, as_pdf):
    project = make_project(world, title="Запись в кружки")
    pdf = as_pdf(presentation_file(project).content)
    _assert_seven_wide_pages(pdf)
    assert pdf.is_draft
    assert pdf.has("Карточка ещё не утверждена Мэром")
    assert pdf.has("Карта текущего состояния ещё не разработана (Положение п.16.1).")
    assert pdf.has("Карта целевого состояния ещё не разработана (Положение п.16.2).")
    assert pdf.has("Проблемы ещё не выявлены")
    assert pdf.has("План мероприятий ещё не сформирован (Положение п.17).")
    assert pdf.has("Отчёт о результатах ещё не сформирован (Положение п.24).")


def test_long_texts_never_push_a_slide_further(world, as_pdf):
    # 25 long problems, as many activities, a long key risk and name: still one page a slide, the
    # rest pointed to with «и ещё N …»
    long = "заявитель приходит несколько раз, потому что перечень документов нигде не опубликован " * 6
    project = advance(make_project(world), world, "current_map")
    Project.objects.filter(pk=project.pk).update(key_risk=long)
    build_current_map(project, by=world.lead, steps=6, problems=0)
    for n in range(1, 26):
        map_services.problem_add(project=project, by=world.lead, text=f"Проблема {n}: {long}")
    advance(project, world, "plan_drafting")
    revision = planning.plan_start(project=project, by=world.lead)
    for n, problem in enumerate(planning.current_map_problems(project), start=1):
        _add(project, revision, world.lead, problems=[problem], title=f"Мероприятие {n}: {long}")
    Activity.objects.filter(revision=revision).update(expected_result=long)
    pdf = as_pdf(presentation_file(project).content)
    _assert_seven_wide_pages(pdf)
    assert pdf.has("и ещё 15 проблем — в перечне проблем карты текущего состояния (Прил. 2)")
    assert pdf.has("и ещё 16 мероприятий — в плане мероприятий (Прил. 3)")
    assert "Проблема 10:" in pdf.flat and "Проблема 11:" not in pdf.flat

    prs = Presentation(io.BytesIO(presentation_pptx_file(project).content))
    assert len(prs.slides) == 7


def test_editable_presentation_has_the_same_seven_slides(world):
    project = closed(world)
    file = presentation_pptx_file(project)
    assert file.filename == f"{project.number} Отчётная презентация.pptx"
    prs = Presentation(io.BytesIO(file.content))
    assert _is_16_9(prs.slide_width, prs.slide_height)
    assert prs.slide_width == Emu(12192000) or abs(prs.slide_width - 12192000) < 1000
    slides = list(prs.slides)
    assert len(slides) == 7
    assert slides[0].shapes.title.text == "Оптимизация выдачи справок"
    for slide, title in zip(slides[1:], TITLES[1:], strict=True):
        assert slide.shapes.title.text.startswith(title), title

    def texts(slide) -> str:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        return " ".join(parts)

    def kinds(slide) -> set[str]:
        found = set()
        for shape in slide.shapes:
            if shape.has_table:
                found.add("table")
            if shape.shape_type == 13:  # MSO_SHAPE_TYPE.PICTURE
                found.add("picture")
            if shape.has_chart:
                found.add("chart")
        return found

    assert "Администрация Тестовск" in texts(slides[0])
    assert "table" in kinds(slides[1]) and "Срок предоставления услуги" in texts(slides[1])
    assert "picture" in kinds(slides[2]) and "picture" in kinds(slides[4])  # the maps as PNG
    assert "Проблема 1" in texts(slides[3])
    assert "table" in kinds(slides[5]) and "Мероприятие 1" in texts(slides[5])
    assert {"table", "chart", "picture"} <= kinds(slides[6])
    assert "135\u00a0000" in texts(slides[6]) and "1234-па" in texts(slides[6])
    chart = next(s.chart for s in slides[6].shapes if s.has_chart)
    assert chart.chart_title.text_frame.text == "Время протекания процесса, ч"
    assert [s.name for s in chart.plots[0].series] == ["было", "целевое (план)"]


def test_editable_presentation_of_an_early_project(world):
    prs = Presentation(io.BytesIO(presentation_pptx_file(make_project(world)).content))
    slides = list(prs.slides)
    assert len(slides) == 7
    texts = " ".join(s.text_frame.text for slide in slides for s in slide.shapes if s.has_text_frame)
    assert "ПРОЕКТ" in texts
    assert "Карта текущего состояния ещё не разработана" in texts


def test_working_presentation_at_any_stage(world, as_pdf):  # Положение п.9.9
    parts = [
        "а) Карточка проекта",
        "б) Карта текущего состояния процесса",
        "в) Перечень проблем",
        "г) Карта целевого состояния процесса",
        "д) Утверждённый план мероприятий",
        "е) Мониторинг реализации плана мероприятий",
        "ж) Результат реализации проекта",
        "з) Иные дополнительные материалы",
    ]
    early = as_pdf(working_file(make_project(world, title="Запись в кружки")).content)
    for part in parts:
        assert early.has(part), part
    assert early.has("карточка ещё не утверждена Мэром")
    assert early.flat.count("не готово") >= 7  # б–з: the contents and each part
    assert early.has("Карта разрабатывается в течение 25 рабочих дней после утверждения карточки")
    box = early.reader.pages[0].mediabox
    assert _is_16_9(box.width, box.height)

    done = as_pdf(working_file(closed(world)).content)
    for part in parts:
        assert done.has(part), part
    assert "не готово" not in done.flat
    assert done.has("Мероприятие 1: устранить «Проблема 1»")
    assert done.has("Устранить: Проблема 1")  # a proposal of the target map
    assert done.has("Установочное совещание") or done.has("Завершающее совещание")
    assert done.has("При инициации проекта") and done.has("При закрытии проекта")
    assert done.has("цели достигнуты частично")


def test_the_map_of_a_slide_becomes_a_png_of_the_same_drawing(world):
    # the .pptx carries the SVG of maps.svg as a picture (WeasyPrint lays it out, PDFium rasterises)
    from PIL import Image

    from documents.images import svg_size, svgs_to_png
    from documents.presentation import deck

    d = deck(closed(world))
    svg = d.maps["current"].svg
    (png,) = svgs_to_png([svg], width_px=1200)
    image = Image.open(io.BytesIO(png))
    width, height = svg_size(svg)
    assert image.format == "PNG" and image.width == 1200
    assert abs(image.height - round(1200 * height / width)) <= 2
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # a drawing, not a blank page
