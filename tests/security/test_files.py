"""Issue 18, hole 5 «Files»: every uploaded file — the photo or scan of a paper map, the photos
«до/после» of the report, the evidence of an activity — goes out only through a view that checks
access to its project, with its real type, a safe name and `nosniff`; nothing under /media/ is
served, with DEBUG either; pictures over 40 Mp are refused from their header, before decoding;
office packages that would unpack into a «zip bomb» are refused by what they declare."""

from __future__ import annotations

import importlib
import io
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import clear_url_caches, reverse
from PIL import ImageFile

from maps.choices import MapKind
from maps.models import ProcessMap
from maps.uploads import check_upload
from projects.forms import ActivityMoveForm
from projects.models import Activity, ResultPhoto
from projects.results import check_image
from tests.factories import UserFactory
from tests.security.scenario import png
from tests.security.test_uploads import PDF, docx

ROOT = Path(__file__).resolve().parents[2]


# --- Crafted files ------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int, *, complete: bool = True) -> bytes:
    """A valid black-and-white PNG of width × height: one bit a pixel, rows of zeros, compressed a
    few kilobytes — built row by row, never held decoded. `complete=False`: only a few rows of data
    (a header that claims the size, cheap to make whatever it claims)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height if complete else 4)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def _zip_bomb(path: Path, *, zeros: int, entries: int = 0) -> bytes:
    """A .docx with a real manifest and main part, plus `zeros` bytes of zeros in one entry written
    in 1 MiB pieces (never held in memory), plus `entries` empty parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        source = zipfile.ZipFile(io.BytesIO(docx()))
        for name in source.namelist():
            package.writestr(name, source.read(name))
        if zeros:
            piece = b"\x00" * (1024 * 1024)
            with package.open("word/media/image1.bin", "w", force_zip64=True) as entry:
                for _ in range(zeros // len(piece)):
                    entry.write(piece)
        for n in range(entries):
            package.writestr(f"word/parts/p{n}.xml", b"")
    return path.read_bytes()


def _evidence_form(name: str, content: bytes) -> ActivityMoveForm:
    upload = SimpleUploadedFile(name, content)
    return ActivityMoveForm({"to": "done", "version": "0"}, {"evidence_file": upload})


# --- A project with every kind of uploaded file ----------------------------------------------


@pytest.fixture
def files(world):
    """A project at «results» with a photo of its current paper map, a photo «до» and an evidence
    file on its first activity."""
    from projects import results
    from tests.projects.test_results import to_results

    project = to_results(world)
    process_map = ProcessMap.objects.get(project=project, kind=MapKind.CURRENT)
    process_map.photo.save("map.png", ContentFile(png()), save=False)
    process_map.photo_name = "Карта «как есть».png"
    process_map.photo_content_type = "image/png"
    process_map.save()
    photo = results.photo_add(
        project=project,
        by=world.lead,
        kind="before",
        caption="Очередь у окна",
        upload=SimpleUploadedFile("до.png", png()),
    )
    activity = Activity.objects.filter(revision__project=project).order_by("number").first()
    activity.evidence_file.save("акт-приёмки.pdf", ContentFile(PDF), save=True)
    return {
        "project": project,
        "urls": {
            "map photo": reverse("maps:photo", args=[project.pk, MapKind.CURRENT]),
            "report photo": reverse("projects:result_photo", args=[project.pk, photo.pk]),
            "evidence": reverse("projects:activity_evidence", args=[project.pk, activity.pk]),
        },
        "content": {"map photo": png(), "report photo": png(), "evidence": PDF},
        "stored": [process_map.photo.name, photo.image.name, activity.evidence_file.name],
    }


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Nothing under /media/ is public -------------------------------------------------------------


def test_files_media_not_public(client, world, files):
    """GET /media/<path of a stored file> is a 404 for anyone, with DEBUG too (the demo)."""
    import leanproj.urls

    try:
        with override_settings(DEBUG=True):
            importlib.reload(leanproj.urls)
            clear_url_caches()
            for login in (None, world.lead, world.mayor):
                if login is not None:
                    client.force_login(login)
                for name in files["stored"]:
                    response = client.get(f"/media/{name}")
                    assert response.status_code == 404, (login, name)
    finally:
        importlib.reload(leanproj.urls)
        clear_url_caches()


# --- Served only with access to the project -------------------------------------------------------


def test_files_served_only_with_project_access(world, files):
    staff = UserFactory(username="staff", municipality=world.municipality, is_staff=True)
    superuser = UserFactory(
        username="root", municipality=world.municipality, is_staff=True, is_superuser=True
    )
    people = {
        "lead": (world.lead, 200),
        "team": (world.member, 200),
        "coordinator": (world.coordinator, 200),
        "mayor": (world.mayor, 200),
        "authority": (world.authority, 200),
        "observer": (world.observer, 200),
        "stranger": (world.outsider, 404),  # the same department, not in the team
        "other department": (world.other_lead, 404),
        "other coordinator": (world.other_coordinator, 404),
        "other municipality": (world.foreign_mayor, 404),
        "staff without a role": (staff, 404),
        "superuser": (superuser, 200),
    }
    wrong = []
    for kind, url in files["urls"].items():
        response = Client().get(url)
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            wrong.append(f"anonymous {kind}: {response.status_code}")
        for who, (user, status) in people.items():
            client = Client()
            client.force_login(user)
            response = client.get(url)
            if response.status_code != status:
                wrong.append(f"{who} {kind}: {response.status_code}, expected {status}")
            elif status == 200:
                assert _body(response) == files["content"][kind]
                assert response["X-Content-Type-Options"] == "nosniff"
                assert response["Content-Disposition"].startswith("inline; filename=")
                assert "filename*=UTF-8''" in response["Content-Disposition"]
            # the POST of a viewer never serves the file (the map photo's POST is the upload form)
    assert not wrong, "\n".join(wrong)


def test_files_x_accel_redirect_in_production_mode(settings, world, files):
    client = Client()
    client.force_login(world.coordinator)
    stored = dict(zip(files["urls"], files["stored"], strict=True))

    settings.FILES_SENDFILE = "x-accel-redirect"
    for kind, url in files["urls"].items():
        response = client.get(url)
        assert response.status_code == 200
        # percent-encoded (a header is Latin-1; nginx unescapes the URI)
        assert response["X-Accel-Redirect"] == "/protected-media/" + quote(stored[kind])
        assert response.content == b""  # nginx sends the bytes
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] in ("image/png", "application/pdf")
    settings.FILES_SENDFILE = "x-sendfile"
    response = client.get(files["urls"]["evidence"])
    # the path in UTF-8 bytes on the wire (mod_xsendfile and lighttpd take it as it is)
    path = str(Path(settings.MEDIA_ROOT) / stored["evidence"])
    assert response["X-Sendfile"].encode("latin-1") == path.encode("utf-8")
    # the access check comes first in every mode
    client.force_login(world.other_lead)
    assert client.get(files["urls"]["evidence"]).status_code == 404

    # the production settings take the mode from DJANGO_FILES_SENDFILE and refuse anything else
    def production(value: str) -> subprocess.CompletedProcess:
        code = "import django; from django.conf import settings as s; django.setup(); print(s.FILES_SENDFILE)"
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "leanproj.settings.production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "lean.example.ru",
            "DJANGO_FILES_SENDFILE": value,
        }
        return subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)

    assert production("X-Accel-Redirect").stdout.strip() == "x-accel-redirect"
    assert production("").stdout.strip() == ""
    wrong = production("nginx")
    assert wrong.returncode != 0 and "DJANGO_FILES_SENDFILE" in wrong.stderr


# --- Pictures over 40 megapixels ---------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(7000, 7000), (8000, 8000), (20000, 20000)])
def test_files_image_over_40_megapixels_refused_before_decoding(monkeypatch, width, height):
    """A 49 Mp PNG was decoded before (the limit was 60 Mp, and 60 Mp took 643 MB); 64 Mp and
    400 Mp claimed in a header are refused the same way — none of them is ever decoded."""
    content = huge_png(width, height, complete=width * height < 100_000_000)
    decoded = []
    original = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self.size) or original(self))

    checks = {
        "map photo": lambda: check_upload(SimpleUploadedFile("карта.png", content)),
        "report photo": lambda: check_image(SimpleUploadedFile("до.png", content)),
    }
    tracemalloc.start()
    try:
        for kind, check in checks.items():
            with pytest.raises(Exception) as refused:
                check()
            assert "Слишком большое изображение" in " ".join(refused.value.messages), kind
            assert "не больше 40 Мп" in " ".join(refused.value.messages), kind
        form = _evidence_form("скан.png", content)
        assert not form.is_valid()
        assert "Слишком большое изображение" in " ".join(form.errors["evidence_file"])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert decoded == []
    assert peak < 20 * 1024 * 1024  # the decoded 1-bit picture alone would take width × height bytes


def test_files_stored_oversized_image_is_never_decoded_in_a_document(monkeypatch, world, files):
    """A picture over 40 Mp already in storage (put there before the limit, or by hand) is left out
    of the documents that embed photos, not decoded."""
    from documents.images import file_path, file_uri

    photo = ResultPhoto.objects.filter(project=files["project"]).first()
    photo.image.storage.delete(photo.image.name)
    photo.image.storage.save(photo.image.name, ContentFile(huge_png(7000, 7000)))
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self.size))
    assert file_path(photo.image) is None and file_uri(photo.image) == ""
    assert decoded == []
    small = ResultPhoto.objects.create(
        project=files["project"],
        kind="after",
        caption="После",
        image=files["stored"][1],
        uploaded_by=world.lead,
    )
    small.image.storage.save("results/small.png", ContentFile(png()))
    small.image.name = "results/small.png"
    assert file_path(small.image) is not None


# --- Office packages: zip bombs --------------------------------------------------------------------


def test_files_docx_zip_bomb_refused(tmp_path, client, world):
    """A .docx of about 1 MB holding 1 GiB of zeros, one holding 50 MB (under the size limit, at a
    ratio of 1 000:1) and one of 5 000 empty parts are refused with a Russian message next to the
    field; a real document is still taken."""
    gib = _zip_bomb(tmp_path / "gib.docx", zeros=1024 * 1024 * 1024)
    assert len(gib) < 5 * 1024 * 1024  # 4.5 MB at the fastest compression level, 1 MB at the best
    cases = {
        "gib": (gib, "занял бы 1024 МБ, можно не больше 100 МБ"),
        "ratio": (_zip_bomb(tmp_path / "ratio.docx", zeros=50 * 1024 * 1024), "сжат неправдоподобно"),
        "entries": (_zip_bomb(tmp_path / "parts.docx", zeros=0, entries=5000), "слишком много частей"),
    }
    for name, (content, words) in cases.items():
        form = _evidence_form(f"{name}.docx", content)
        assert not form.is_valid(), name
        assert words in " ".join(form.errors["evidence_file"]), (name, form.errors)
    assert _evidence_form("акт.docx", docx()).is_valid()

    # on the board: the card stays where it was, the refusal is next to the file field of that
    # card's form and what was typed is still there
    from tests.projects.test_plan import implementing

    _project, revision = implementing(world)
    card = revision.activities.get(number=1)
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:activity_move", args=[card.pk]),
        {
            "to": "done",
            "version": str(card.version),
            "done_on": "2026-05-12",
            "evidence": "Акт приёмки подписан",
            "evidence_file": SimpleUploadedFile("акт.docx", gib),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Файл-подтверждение: Распакованный документ занял бы" in page
    error = page.index(f'id="file{card.pk}-error"')
    assert "Распакованный документ занял бы" in page[error : error + 400]
    assert 'name="evidence" rows="2">Акт приёмки подписан</textarea>' in page
    assert 'name="done_on" value="2026-05-12"' in page
    card.refresh_from_db()
    assert card.status != "done" and not card.evidence_file


# --- The type from the content, not the name ---------------------------------------------------------


def test_files_type_from_content_not_name(client, world, files):
    # a package whose manifest names a Word document but holds no document behind it
    tmp = io.BytesIO()
    hollow = zipfile.ZipFile(tmp, "w")
    hollow.writestr(
        "[Content_Types].xml",
        b'<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.document.main+xml"/></Types>',
    )
    hollow.writestr("payload.exe", b"MZ" + b"\x00" * 100)
    hollow.close()
    form = _evidence_form("акт.docx", tmp.getvalue())
    assert not form.is_valid() and "не принимается" in " ".join(form.errors["evidence_file"])
    # a document named like a picture is stored and served as what it is
    form = _evidence_form("фото.jpg", docx())
    assert form.is_valid() and form.cleaned_data["evidence_file"].name.endswith(".docx")

    client.force_login(world.lead)
    # a stored «photo» that is HTML inside (put there before uploads were checked, or by hand) is
    # not sent as a picture for the browser to open, whatever its name says
    photo = ResultPhoto.objects.filter(project=files["project"]).first()
    photo.image.storage.delete(photo.image.name)
    photo.image.storage.save(photo.image.name, ContentFile(b"<html><script>alert(1)</script></html>"))
    response = client.get(files["urls"]["report photo"])
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # the evidence: a DOCX stored as evidence downloads as a DOCX under the activity's name
    activity = Activity.objects.filter(revision__project=files["project"]).order_by("number").first()
    activity.evidence_file.save("акт.docx", ContentFile(docx()), save=True)
    response = client.get(files["urls"]["evidence"])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith(".docx")
    assert "filename*=UTF-8''%D0%9C%D0%B5%D1%80" in disposition  # «Мероприятие 1 — подтверждение.docx»


def test_files_content_disposition_is_safe():
    from leanproj.files import content_disposition

    header = content_disposition('..\\../evil"\r\n\u202efdp.exe', inline=False)
    assert header == ("attachment; filename=\"evil_fdp.exe\"; filename*=UTF-8''evil%20fdp.exe"), header
