"""The practice base on the shared drive and the replication's way back to the original (Положение
п.30–31: «размещения презентаций реализованных проектов на общем сетевом диске»; issue 20): each
practice gives its seven-slide defence presentation as PDF and PPTX and its summary; the department
replicating a practice opens the original project's presentation from its own project."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pptx import Presentation
from pypdf import PdfReader

from projects import practices
from tests.projects.test_practices import publish
from tests.projects.test_results import closed_project


def test_export_writes_the_seven_slide_presentation_of_each_practice(world, tmp_path, capsys):
    first = publish(world, closed_project(world, title="Выдача справок: один визит"))
    second = publish(world, closed_project(world, title="Приём заявлений/выплаты «быстро»"))
    target = tmp_path / "Тиражирование"
    call_command("export_practices", "--to", str(target))
    files = sorted(p.name for p in target.iterdir())
    expected = []
    for practice, stem in ((first, "Выдача справок один визит"), (second, "Приём заявлений выплаты быстро")):
        n = practice.project.number
        expected += [
            f"{n} {stem} — Отчётная презентация.pdf",
            f"{n} {stem} — Отчётная презентация.pptx",
            f"{n} {stem} — Сводка практики.pdf",
        ]
    assert files == sorted(expected)
    for name in files:
        content = (target / name).read_bytes()
        if name.endswith("Отчётная презентация.pdf"):
            reader = PdfReader(io.BytesIO(content))
            assert len(reader.pages) == 7  # the slides of Прил. 4, not a two-page summary
            assert "Карта текущего состояния процесса" in reader.pages[2].extract_text()
        elif name.endswith(".pptx"):
            assert len(Presentation(io.BytesIO(content)).slides) == 7
        else:
            assert content.startswith(b"%PDF")
    assert "Выгружено практик: 2" in capsys.readouterr().out
    call_command("export_practices", "--to", str(target))  # refreshing replaces, never duplicates
    assert len(list(target.iterdir())) == 6


def test_export_refuses_a_path_it_cannot_create(world, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="Не удалось создать папку"):
        call_command("export_practices", "--to", str(blocker / "sub"))


def test_replication_opens_the_original_presentation(client, world):
    practice = publish(world, closed_project(world))
    replication = practices.practice_replicate(
        practice=practice,
        by=world.other_lead,
        department=world.other_department,
        title="Справки в учреждениях культуры",
    )
    client.force_login(world.other_lead)  # another department: the original project is not his
    assert client.get(reverse("projects:detail", args=[practice.project.pk])).status_code == 404
    page = client.get(replication.get_absolute_url()).content.decode()
    pdf_url = reverse("documents:practice_presentation_pdf", args=[practice.pk])
    pptx_url = reverse("documents:practice_presentation_pptx", args=[practice.pk])
    assert pdf_url in page and pptx_url in page
    response = client.get(pdf_url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(PdfReader(io.BytesIO(content)).pages) == 7
    response = client.get(pptx_url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(Presentation(io.BytesIO(content)).slides) == 7

    client.force_login(world.foreign_mayor)  # another municipality reads neither the base nor this
    assert client.get(pdf_url).status_code == 404
