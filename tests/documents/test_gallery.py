"""`manage.py render_documents --to DIR` (issue 20 «A gallery to review»): every document the project
page lists, for every project, one file each, a line per file, non-zero exit on any failure."""

import pytest
from django.core.management import CommandError, call_command

from documents.catalog import documents_for, meeting_protocols
from tests.documents.builders import implementing
from tests.factories import make_project


def test_gallery_writes_one_file_per_document_of_every_project(world, tmp_path, capsys):
    busy = implementing(world)
    fresh = make_project(world, title="Запись на приём к специалисту")
    expected = 2  # the registry and its deadlines
    for project in (busy, fresh):
        expected += len(documents_for(project, world.authority)) + len(meeting_protocols(project))

    call_command("render_documents", "--to", str(tmp_path / "gallery"))

    files = sorted((tmp_path / "gallery").iterdir())
    assert len(files) == expected
    names = {f.name for f in files}
    assert f"{busy.number} План мероприятий редакция 1.pdf" in names
    assert f"{busy.number} Отчётная презентация (проект).pptx" in names
    assert f"{fresh.number} Карточка проекта (проект).pdf" in names
    assert all(f.stat().st_size > 1000 for f in files)
    out = capsys.readouterr().out
    assert f"Файлов: {expected}, ошибок: 0" in out
    assert out.count(" КБ ") == expected  # a line per file with its size and time


def test_gallery_fails_when_a_document_fails(world, tmp_path, monkeypatch, capsys):
    project = make_project(world)

    def broken(*args, **kwargs):
        raise ValueError("сломано")

    monkeypatch.setattr("documents.views.card_file", broken)
    with pytest.raises(CommandError, match="Не сформировано документов: 1"):
        call_command("render_documents", "--to", str(tmp_path), "--project", project.number)
    assert "ОШИБКА" in capsys.readouterr().err
    assert not list(tmp_path.glob("*Карточка*"))
