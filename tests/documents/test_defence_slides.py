"""The defence presentation as it is shown at the defence (issue 20; Прил. 4): the maps fill the slide
with their legend and stay sharp in the .pptx, target values are planned values, never «стало», and a
long name never breaks the download."""

import io

from django.urls import reverse
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from documents.presentation import deck, presentation_file, presentation_pptx_file
from projects.models import Project
from tests.documents.builders import closed
from tests.factories import advance, build_current_map, make_project

EMU_PER_INCH = 914400


def _texts(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        if shape.has_chart:
            parts.extend(s.name for s in shape.chart.plots[0].series)
    return " ".join(parts)


def _pictures(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_a_300_character_title_downloads_as_pptx(client, world):
    # python-pptx refuses a core «title» over 255 characters: the download was a 500
    long_title = ("Оптимизация процесса выдачи справок о составе семьи и иных документов " * 5)[:300]
    project = make_project(world, title=long_title)
    client.force_login(world.lead)
    response = client.get(reverse("documents:presentation_pptx", args=[project.pk]))
    assert response.status_code == 200
    prs = Presentation(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert len(prs.slides) == 7
    assert len(prs.core_properties.title) <= 255


def test_pptx_maps_are_sharp_pictures_with_their_legend(world):
    project = closed(world)
    d = deck(project)
    for kind in ("current", "target"):
        assert 'class="legend"' in d.maps[kind].svg  # the legend is drawn with the map
        assert "Условные обозначения" in d.maps[kind].svg
    prs = Presentation(io.BytesIO(presentation_pptx_file(project).content))
    slides = list(prs.slides)
    for index in (2, 4):
        (picture,) = _pictures(slides[index])
        from PIL import Image

        image = Image.open(io.BytesIO(picture.image.blob))
        dpi = image.width / (picture.width / EMU_PER_INCH)
        assert dpi >= 200, dpi
        # the map fills the width of the slide (the margins aside)
        assert picture.width >= prs.slide_width * 0.85 or picture.height >= prs.slide_height * 0.6


def _mapped(world, *, steps: int):
    project = advance(make_project(world), world, "current_map")
    build_current_map(project, by=world.lead, steps=steps, problems=1)
    return project


def test_map_slides_fill_the_width_of_the_slide(world):
    from documents.presentation import SLIDE_W_MM

    for steps in (4, 14):
        d = deck(_mapped(world, steps=steps))
        assert d.maps["current"].picture.width_mm >= SLIDE_W_MM * 0.95, steps
        Project.objects.all().delete()


def test_step_names_wrap_on_the_slide_instead_of_being_cut(world):
    from maps.models import Step

    project = _mapped(world, steps=4)
    name = "Проверить комплектность документов заявителя и сверить сведения с базой данных ЕГРН и архивом"
    Step.objects.filter(process_map__project=project, order=1).update(name=name)
    Step.objects.filter(process_map__project=project).exclude(order=1).update(name="Шаг")
    svg = deck(project).maps["current"].svg
    import re

    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for word in name.split():
        assert word in texts, word
    assert "…" not in texts


def test_target_values_are_labelled_planned_never_stalo(world, as_pdf):
    project = closed(world)
    prs = Presentation(io.BytesIO(presentation_pptx_file(project).content))
    slides = list(prs.slides)
    for index in (4, 5, 6):
        assert "стало" not in _texts(slides[index]).casefold(), index + 1
    assert "целевое (план)" in _texts(slides[6])
    pdf = as_pdf(presentation_file(project).content)
    for index in (4, 5, 6):
        assert "стало" not in pdf.pages[index].casefold(), index + 1
    assert "целевое (план)" in pdf.pages[6].replace("\n", " ")


def test_slide_6_lists_which_activity_serves_which_indicator(world, as_pdf):
    # Прил. 4, слайд 6: «с указанием прямой зависимости достигнутых показателей и реализованных
    # мероприятий» — in the regulation's words, not the columns of the team's board
    from projects.models import Activity

    project = closed(world)
    indicator = project.indicators.get(name__startswith="Срок предоставления услуги")
    first = Activity.objects.filter(revision__project=project).order_by("revision__number", "number")
    for activity in first.filter(number=1):
        activity.indicators.add(indicator)

    pdf = as_pdf(presentation_file(project).content)
    slide = pdf.pages[5].replace("\n", " ")
    assert "Направлено на достижение показателя" in slide
    assert "Срок предоставления услуги" in slide
    assert "реализовано" in slide
    assert "Мероприятия №" in slide
    for board_word in ("К выполнению", "В работе", "Выполнено"):
        assert board_word not in slide

    prs = Presentation(io.BytesIO(presentation_pptx_file(project).content))
    table = next(s.table for s in list(prs.slides)[5].shapes if s.has_table)
    header = [c.text for c in table.rows[0].cells]
    assert "Направлено на достижение показателя" in header
    row = next(r for r in list(table.rows)[1:] if r.cells[0].text == "1")
    assert row.cells[3].text.startswith("Срок предоставления услуги")
    assert row.cells[4].text.startswith("реализовано")
    results = [s.table for s in list(prs.slides)[5].shapes if s.has_table][1]
    served = next(r for r in list(results.rows)[1:] if r.cells[0].text.startswith("Срок предоставления"))
    assert served.cells[4].text == "1"


# --- Slide 2: the scan of the signed card ---------------------------------------------------------


def _scan_upload(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _png(size=(1240, 877)) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (250, 250, 250))
    ImageDraw.Draw(image).rectangle([40, 40, size[0] - 40, size[1] - 40], outline=(0, 0, 160), width=8)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_signed_card_scan_appears_on_slide_2_when_uploaded(client, world, as_pdf):
    from documents.card import card_file

    project = closed(world)
    before = as_pdf(presentation_file(project).content)
    assert "Команда проекта" in before.pages[1]  # the generated card

    client.force_login(world.lead)
    url = reverse("documents:card_scan", args=[project.pk])
    response = client.post(url, {"file": _scan_upload(_png(), "card.png")})
    assert response.status_code == 302
    pdf = as_pdf(presentation_file(project).content)
    assert len(pdf.pages) == 7
    assert "Команда проекта" not in pdf.pages[1] and "Скан карточки проекта" in pdf.pages[1]
    assert len(pdf.reader.pages[1].images) == len(before.reader.pages[1].images) + 1
    prs = Presentation(io.BytesIO(presentation_pptx_file(project).content))
    slide = list(prs.slides)[1]
    assert len(_pictures(slide)) == 1 and not any(s.has_table for s in slide.shapes)

    # a signed card scanned to PDF: its first page is the picture of the slide
    from org.choices import Role
    from tests.factories import UserFactory

    office = UserFactory(username="office", municipality=world.municipality, roles=[Role.MAYOR_OFFICE])
    client.force_login(office)  # the mayor's office attaches the scan it took from the signing
    response = client.post(url, {"file": _scan_upload(card_file(project).content, "скан.pdf")})
    assert response.status_code == 302
    prs = Presentation(io.BytesIO(presentation_pptx_file(project).content))
    (picture,) = _pictures(list(prs.slides)[1])
    assert picture.image.content_type == "image/png"
    assert "страница 1 из" in _texts(list(prs.slides)[1])

    # whoever sees the project opens the scan; it is a PDF by its content
    client.force_login(world.observer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_signed_card_scan_is_checked_by_content_and_access(client, world):
    project = closed(world)
    url = reverse("documents:card_scan", args=[project.pk])
    client.force_login(world.lead)
    response = client.post(url, {"file": _scan_upload(b"<html>not a scan</html>", "card.pdf")})
    assert response.status_code == 200
    assert "Этот файл не скан" in response.content.decode()
    assert client.get(url).status_code == 404  # nothing attached

    client.force_login(world.member)  # the team reads the scan but does not attach it
    assert client.post(url, {"file": _scan_upload(_png(), "card.png")}).status_code == 403
    client.force_login(world.other_lead)  # another department's lead does not see the project
    assert client.post(url, {"file": _scan_upload(_png(), "card.png")}).status_code == 404
    assert client.get(url).status_code == 404

    draft = make_project(world, title="Запись в кружки")  # not signed yet: nothing to scan
    client.force_login(world.lead)
    draft_url = reverse("documents:card_scan", args=[draft.pk])
    assert client.post(draft_url, {"file": _scan_upload(_png(), "card.png")}).status_code == 403
