"""The map editor through the pages, without JavaScript and with htmx (issue 4 «Editor in the
browser», «Bad input», «Done when»)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from maps import services
from maps.choices import MapKind
from maps.models import Lane, Problem, ProcessMap, Step, WasteType
from tests.factories import advance, build_current_map, build_target_map


def _url(project, kind="current", *args, name="maps:map"):
    return reverse(name, args=[project.pk, kind, *args])


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _step_data(lane, **extra):
    data = {
        "step-lane": lane.pk if lane else "",
        "step-name": "Принять заявление",
        "step-kind": "operation",
        "step-value_class": "necessary",
        "step-duration_value": "15",
        "step-duration_unit": "min",
        "step-documents": "Заявление\nПаспорт",
        "step-position": "",
    }
    data.update(extra)
    return data


@pytest.fixture
def started(client, world, mapping):
    client.force_login(world.lead)
    response = client.post(_url(mapping, name="maps:start"))
    assert response.status_code == 302
    return mapping


def test_starting_the_map_names_the_applicant_and_the_perimeter(started, world):
    lanes = list(Lane.objects.filter(process_map__project=started).values_list("name", "is_client"))
    assert lanes[0] == ("Заявитель", True)
    assert (world.department.short_name, False) in lanes


def test_a_team_builds_steps_without_javascript(client, started):
    applicant = Lane.objects.get(process_map__project=started, is_client=True)
    response = client.post(_url(started, "current", "steps", name="maps:add"), _step_data(applicant))
    assert response.status_code == 302 and response["Location"].endswith("#step-add")
    page = client.get(response["Location"]).content.decode()
    assert "Шаг добавлен." in page
    assert "Принять заявление" in page and "<svg" in page
    step = Step.objects.get(process_map__project=started)
    assert (step.duration_minutes, step.documents) == (15, "Заявление\nПаспорт")

    client.post(
        _url(started, "current", "steps", name="maps:add"),
        _step_data(
            applicant,
            **{
                "step-name": "Ждать ответа",
                "step-kind": "waiting",
                "step-duration_value": "1,5",
                "step-duration_unit": "hour",
                "step-position": "1",
            },
        ),
    )
    assert list(Step.objects.order_by("order").values_list("name", "duration_minutes")) == [
        ("Ждать ответа", 90),
        ("Принять заявление", 15),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"step-duration_value": "-5"}, "duration_value", "Длительность должна быть больше нуля."),
        ({"step-duration_value": ""}, "duration_value", "Укажите длительность шага"),
        ({"step-duration_value": "пять"}, "duration_value", "Введите число, например 15 или 1,5."),
        (
            {"step-duration_value": "0,001", "step-duration_unit": "min"},
            "duration_value",
            "Не больше двух знаков после запятой.",
        ),
        ({"step-duration_value": "0,01", "step-duration_unit": "min"}, "duration_value", "меньше минуты"),
        (
            {"step-duration_value": "5000", "step-duration_unit": "wday"},
            "duration_value",
            "Проверьте единицу измерения",
        ),
        ({"step-lane": ""}, "lane", "Выберите участника (дорожку), который выполняет шаг."),
        ({"step-lane": "999999"}, "lane", "Такого участника на карте нет"),
        ({"step-name": "  "}, "name", "Напишите, что происходит на шаге"),
        ({"step-value_class": "waste"}, "waste_types", "Отметьте, какие это потери"),
    ],
)
def test_bad_step_input_is_answered_next_to_the_field_and_kept(client, started, changes, field, message):
    lane = Lane.objects.filter(process_map__project=started).first()
    data = _step_data(lane, **{"step-name": "Проверить документы"})
    data.update(changes)
    response = client.post(_url(started, "current", "steps", name="maps:add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_step-{field}_error"' in html
    error = html.split(f'id="id_step-{field}_error">', 1)[1].split("</div>", 1)[0]
    assert message in error
    assert "исправьте поля, отмеченные красным" in html
    if changes.get("step-duration_value"):
        assert f'value="{changes["step-duration_value"]}"' in html  # what was typed stays
    if "step-name" not in changes:
        assert 'value="Проверить документы"' in html
    assert not Step.objects.filter(process_map__project=started).exists()


def test_waste_types_only_on_waste_steps(client, started):
    lane = Lane.objects.filter(process_map__project=started).first()
    waiting = WasteType.objects.get(number=2)
    data = _step_data(lane, **{"step-waste_types": [waiting.pk]})
    html = client.post(_url(started, "current", "steps", name="maps:add"), data).content.decode()
    assert "Виды потерь отмечаются только у шагов с ценностью «Потери»" in html
    data["step-value_class"] = "waste"
    assert client.post(_url(started, "current", "steps", name="maps:add"), data).status_code == 302
    assert list(Step.objects.get().waste_types.all()) == [waiting]


def test_a_step_is_edited_inline_in_its_row(client, world, mapping):
    steps = build_current_map(mapping, by=world.lead, steps=3, problems=1)
    client.force_login(world.member)
    step = steps[1]
    response = client.get(_url(mapping, "current", "steps", step.pk, name="maps:item"))
    assert response["Location"].endswith(f"?edit=step-{step.pk}#step-{step.pk}")
    html = client.get(response["Location"]).content.decode()
    assert f'name="step-{step.pk}-name"' in html and 'value="Шаг 2"' in html
    data = {
        f"step-{step.pk}-lane": step.lane_id,
        f"step-{step.pk}-name": "Шаг 2 уточнён",
        f"step-{step.pk}-kind": "control",
        f"step-{step.pk}-value_class": "necessary",
        f"step-{step.pk}-duration_value": "-1",
        f"step-{step.pk}-duration_unit": "hour",
        f"step-{step.pk}-number": "1",
    }
    html = client.post(_url(mapping, "current", "steps", step.pk, name="maps:item"), data).content.decode()
    assert "Длительность должна быть больше нуля." in html and 'value="Шаг 2 уточнён"' in html
    data[f"step-{step.pk}-duration_value"] = "2"
    response = client.post(_url(mapping, "current", "steps", step.pk, name="maps:item"), data)
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.name, step.kind, step.duration_minutes, step.order) == ("Шаг 2 уточнён", "control", 120, 1)


def test_moving_and_deleting_from_the_rows(client, world, mapping):
    steps = build_current_map(mapping, by=world.lead, steps=3, problems=1)
    client.force_login(world.lead)
    client.post(_url(mapping, "current", "steps", steps[2].pk, "up", name="maps:item_act"))
    assert list(Step.objects.order_by("order").values_list("name", flat=True)) == ["Шаг 1", "Шаг 3", "Шаг 2"]
    response = client.post(
        _url(mapping, "current", "steps", steps[0].pk, "delete", name="maps:item_act"), follow=True
    )
    assert "Шаг «Шаг 1» удалён." in _messages(response)
    assert list(Step.objects.order_by("order").values_list("order", "name")) == [(1, "Шаг 3"), (2, "Шаг 2")]
    lane = Lane.objects.filter(process_map__project=mapping, steps__isnull=False).first()
    response = client.post(
        _url(mapping, "current", "lanes", lane.pk, "delete", name="maps:item_act"), follow=True
    )
    assert "есть шаги" in _messages(response)
    assert Lane.objects.filter(pk=lane.pk).exists()


def test_problems_are_added_next_to_their_step_and_a_gap_is_refused(client, world, mapping):
    steps = build_current_map(mapping, by=world.lead, steps=2, problems=1)
    client.force_login(world.lead)
    page = client.get(_url(mapping) + f"?problem_step={steps[1].pk}").content.decode()
    assert f'value="{steps[1].pk}" id="id_problem-steps_1" checked' in page
    response = client.post(
        _url(mapping, "current", "problems", name="maps:add"),
        {"problem-text": "Документы теряются", "problem-number": "5", "problem-steps": [steps[1].pk]},
    )
    html = response.content.decode()
    assert "Номера проблем идут подряд без пропусков: укажите номер от 1 до 2." in html
    assert "Документы теряются" in html
    response = client.post(
        _url(mapping, "current", "problems", name="maps:add"),
        {"problem-text": "Документы теряются", "problem-number": "1", "problem-steps": [steps[1].pk]},
    )
    assert response.status_code == 302
    assert list(Problem.objects.order_by("number").values_list("number", "text")) == [
        (1, "Документы теряются"),
        (2, "Проблема 1"),
    ]


def test_htmx_swaps_the_workspace_and_keeps_the_messages(client, started):
    lane = Lane.objects.filter(process_map__project=started).first()
    response = client.post(
        _url(started, "current", "steps", name="maps:add"), _step_data(lane), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200  # no redirect: htmx takes #map-workspace from this page
    html = response.content.decode()
    workspace = html.split('id="map-workspace"', 1)[1]
    assert "Шаг добавлен." in workspace and "Принять заявление" in workspace
    response = client.post(
        _url(started, "current", "steps", name="maps:add"),
        _step_data(lane, **{"step-duration_value": "-1"}),
        HTTP_HX_REQUEST="true",
    )
    assert (
        response.status_code == 200 and "Длительность должна быть больше нуля." in response.content.decode()
    )


def _png(size=(60, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, "PNG")
    return buf.getvalue()


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buf, "JPEG")
    return buf.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content", "ctype"),
    [
        ("карта.png", _png(), "image/png"),
        ("photo.JPG", _jpeg(), "image/jpeg"),
        ("скан.pdf", PDF, "application/pdf"),
    ],
)
def test_photo_of_the_paper_map_is_checked_by_content_and_shown(client, started, world, name, content, ctype):
    response = client.post(
        _url(started, name="maps:photo"),
        {"photo-photo": SimpleUploadedFile(name, content, content_type="text/plain")},
    )
    assert response.status_code == 302
    process_map = ProcessMap.objects.get(project=started, kind="current")
    assert (process_map.photo_content_type, process_map.photo_name) == (ctype, name)
    client.force_login(world.observer)
    served = client.get(_url(started, name="maps:photo"))
    assert served["Content-Type"] == ctype
    assert b"".join(served.streaming_content) == content
    page = client.get(_url(started)).content.decode()
    assert name in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("карта.jpg", b"MZ\x90\x00 this is a program, not a photo", "не фотография и не PDF"),
        ("карта.png", _png()[:60], "повреждено"),
        ("карта.pdf", b"%PDF-1.4\n1 0 obj<<>>", "PDF-файл повреждён"),
        ("карта.png", b"", "Файл пустой"),
    ],
)
def test_an_upload_that_is_not_an_image_or_pdf_is_refused_next_to_the_field(
    client, started, name, content, message
):
    response = client.post(
        _url(started, name="maps:photo"), {"photo-photo": SimpleUploadedFile(name, content)}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_photo-photo_error"' in html and message in html.split('id="id_photo-photo_error"', 1)[1]
    assert not ProcessMap.objects.get(project=started, kind="current").photo


def test_too_big_an_upload_is_refused(client, started, monkeypatch):
    monkeypatch.setattr("maps.uploads.MAX_BYTES", 100)
    html = client.post(
        _url(started, name="maps:photo"), {"photo-photo": SimpleUploadedFile("a.png", _png((300, 300)))}
    ).content.decode()
    assert "Файл слишком большой" in html


def test_replacing_and_removing_the_photo_deletes_the_old_file(
    client, started, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(started, name="maps:photo"), {"photo-photo": SimpleUploadedFile("a.png", _png())})
    first = ProcessMap.objects.get(project=started, kind="current").photo
    storage, first_name = first.storage, first.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(started, name="maps:photo"), {"photo-photo": SimpleUploadedFile("b.pdf", PDF)})
    assert not storage.exists(first_name)
    second = ProcessMap.objects.get(project=started, kind="current").photo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(started, name="maps:photo"), {"delete": "1"})
    assert not storage.exists(second)
    assert not ProcessMap.objects.get(project=started, kind="current").photo


def test_svg_download(client, world, mapping):
    build_current_map(mapping, by=world.lead)
    client.force_login(world.authority)
    response = client.get(_url(mapping, name="maps:svg"))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    inline = client.get(_url(mapping, name="maps:svg") + "?inline=1")
    assert inline["Content-Disposition"].startswith("inline;")


def test_problem_list_page_and_excel(client, world, mapping):
    build_current_map(mapping, by=world.lead, steps=3, problems=2)
    project = advance(mapping, world, "target_map")
    build_target_map(project, by=world.lead)
    client.force_login(world.coordinator)
    html = client.get(reverse("maps:problems", args=[project.pk])).content.decode()
    assert "Перечень проблем, выявленных в ходе разработки карты текущего состояния процесса" in html
    assert "Проблема 1" in html and "Устранить: Проблема 2" in html
    response = client.get(reverse("maps:problems_xlsx", args=[project.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Перечень проблем"]
    assert [c.value for c in sheet[5]][:2] == ["№", "Проблема"]
    assert [sheet.cell(6, 1).value, sheet.cell(6, 2).value, sheet.cell(6, 3).value] == [
        1,
        "Проблема 1",
        "Ожидание",
    ]
    assert sheet.cell(6, 4).value == "1. Шаг 1"
    assert sheet.cell(7, 5).value == "2. Устранить: Проблема 2"
    metrics = book["Показатели карт"]
    assert metrics.cell(4, 1).value == "Время протекания процесса (ВПП)"


def test_map_page_queries_do_not_grow_with_the_map(client, world, mapping):
    build_current_map(mapping, by=world.lead, steps=3, problems=1)
    client.force_login(world.lead)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(mapping)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    lane = Lane.objects.filter(process_map__project=mapping).first()
    for n in range(12):
        step = services.step_add(
            project=mapping,
            map_kind=MapKind.CURRENT,
            by=world.lead,
            lane=lane,
            name=f"Ещё {n}",
            kind="operation",
            value_class="necessary",
            duration_minutes=5,
            duration_unit="min",
        )
        services.problem_add(project=mapping, by=world.lead, text=f"Ещё проблема {n}", steps=[step])
    assert count() == small


def test_project_page_query_count_does_not_grow_with_the_maps(client, world, mapping):
    build_current_map(mapping, by=world.lead, steps=3, problems=1)
    client.force_login(world.observer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(mapping.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    lane = Lane.objects.filter(process_map__project=mapping).first()
    for n in range(10):
        services.step_add(
            project=mapping,
            map_kind=MapKind.CURRENT,
            by=world.lead,
            lane=lane,
            name=f"Шаг {n}",
            kind="operation",
            value_class="necessary",
            duration_minutes=5,
            duration_unit="min",
        )
    assert count() == small
