"""Uploads are accepted only by what they contain and by their size (issue 13, item 5): the
photo of a paper map (maps/uploads.py), the before/after photos of the report
(projects/results.check_image) and the evidence of an activity done (projects/forms.evidence_kind:
PDF, JPEG, PNG, DOCX, XLSX, ODT). A refusal is a Russian message next to the file field."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from maps.choices import MapKind
from maps.models import ProcessMap
from projects.forms import ActivityMoveForm
from projects.models import Activity, ResultPhoto
from tests.factories import advance, make_project
from tests.security.scenario import png


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return buf.getvalue()


def _encrypted_docx() -> bytes:
    """A package whose manifest is flagged encrypted: zipfile refuses to read it with RuntimeError."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("[Content_Types].xml")
        info.flag_bits |= 0x1
        z.writestr(info, b"wordprocessingml.document.main+xml")
    return buf.getvalue()


def docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" ContentType="'
            b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "word/document.xml": b"<w:document/>",
        }
    )


def xlsx() -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def odt() -> bytes:
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buf, "JPEG")
    return buf.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ACCEPTED = [
    ("акт.pdf", PDF, "pdf"),
    ("фото.jpg", jpeg(), "jpg"),
    ("скрин.png", png(), "png"),
    ("протокол.docx", docx(), "docx"),
    ("таблица.xlsx", xlsx(), "xlsx"),
    ("справка.odt", odt(), "odt"),
    ("без расширения", PDF, "pdf"),  # recognised by content, not by name
    ("отчёт.txt", docx(), "docx"),
]
REFUSED = [
    ("скрипт.pdf", b"<script>alert(1)</script>", "не принимается"),
    ("page.html", b"<!doctype html><html></html>", "не принимается"),
    ("virus.exe", b"MZ\x90\x00\x03" + b"\x00" * 100, "не принимается"),
    ("архив.docx", _zip({"readme.txt": b"hello"}), "не принимается"),  # a ZIP, not a document
    (
        "macro.docm",
        _zip({"[Content_Types].xml": b"application/vnd.ms-word.document.macroEnabled.main+xml"}),
        "не принимается",
    ),
    ("битый.docx", b"PK\x03\x04" + b"\x00" * 40, "не принимается"),
    ("обрезан.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "не дозагрузил"),
    ("обрезан.png", png()[:40], "не дозагрузил"),
    ("почти.png", b"\x89PNG" + b"\x00" * 60, "не принимается"),  # four bytes of a PNG, then nothing
    ("шифр.docx", _encrypted_docx(), "не принимается"),  # RuntimeError in zipfile (review, issue 13)
    ("пустой.pdf", b"", "пуст"),
]


def _form(name, content):
    upload = SimpleUploadedFile(name, content)
    return ActivityMoveForm({"to": "done", "version": "0"}, {"evidence_file": upload})


@pytest.mark.parametrize(("name", "content", "extension"), ACCEPTED)
def test_evidence_accepted_by_content_and_stored_under_its_real_extension(name, content, extension):
    form = _form(name, content)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["evidence_file"].name.endswith(f".{extension}")


@pytest.mark.parametrize(("name", "content", "words"), REFUSED)
def test_evidence_refused_with_a_russian_message(name, content, words):
    form = _form(name, content)
    assert not form.is_valid()
    message = " ".join(form.errors["evidence_file"])
    assert words in message, message


def test_evidence_over_20_mb_is_refused(settings):
    big = SimpleUploadedFile("скан.pdf", PDF[:-7] + b"\0" * (20 * 1024 * 1024) + b"\n%%EOF\n")
    form = ActivityMoveForm({"to": "done", "version": "0"}, {"evidence_file": big})
    assert not form.is_valid() and "20 МБ" in form.errors["evidence_file"][0]


def test_evidence_of_17_mb_is_accepted():
    """The evidence limit is 20 MB, not the 15 MB of a map photo (review, issue 13)."""
    scan = SimpleUploadedFile("скан.pdf", PDF[:-7] + b"\0" * (17 * 1024 * 1024) + b"\n%%EOF\n")
    form = ActivityMoveForm({"to": "done", "version": "0"}, {"evidence_file": scan})
    assert form.is_valid(), form.errors


def test_zip_bomb_manifest_is_refused():
    bomb = _zip({"[Content_Types].xml": b" " * (2 * 1024 * 1024)})
    form = _form("бомба.docx", bomb)
    assert not form.is_valid()


def test_the_board_refuses_a_disguised_file_next_to_the_card(client, world):
    from tests.projects.test_plan import implementing

    project, revision = implementing(world)
    card = revision.activities.get(number=1)
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:activity_move", args=[card.pk]),
        {
            "to": "done",
            "version": str(card.version),
            "evidence": "",
            "evidence_file": SimpleUploadedFile(
                "акт.pdf", b"<html><script>x</script></html>", "application/pdf"
            ),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Файл-подтверждение: Такой файл не принимается" in response.content.decode()
    card.refresh_from_db()
    assert card.status != "done" and not card.evidence_file
    # a real scan is taken, stored under a name of ours with its real extension
    response = client.post(
        reverse("projects:activity_move", args=[card.pk]),
        {"to": "done", "version": str(card.version), "evidence_file": SimpleUploadedFile("акт", PDF)},
    )
    card = Activity.objects.get(pk=card.pk)
    assert card.status == "done" and card.evidence_file.name.endswith(".pdf")


def test_map_photo_and_report_photo_are_checked_by_content(client, world):
    project = advance(make_project(world), world, "current_map")
    client.force_login(world.lead)
    url = reverse("maps:photo", args=[project.pk, MapKind.CURRENT])
    client.post(reverse("maps:start", args=[project.pk, MapKind.CURRENT]))
    response = client.post(url, {"photo-photo": SimpleUploadedFile("карта.jpg", b"<svg onload=alert(1)>")})
    assert "Этот файл не фотография и не PDF" in response.content.decode()
    assert not ProcessMap.objects.get(project=project, kind="current").photo

    from tests.projects.test_results import to_results

    done = to_results(world)
    response = client.post(
        reverse("projects:result_photo_create", args=[done.pk]),
        {"kind": "before", "caption": "", "image": SimpleUploadedFile("до.png", b"GIF89a" + b"\0" * 30)},
    )
    assert "Этот файл не фотография" in response.content.decode()
    assert not ResultPhoto.objects.filter(project=done).exists()
