"""The practice base on the shared drive (Положение п.31: «размещения презентаций реализованных
проектов на общем сетевом диске (Р:\\_КЛИЕНТОЦЕНТРИЧНОСТЬ\\Тиражирование)»): for each practice, the
seven-slide defence presentation of its project (Прил. 4) as PDF and as PPTX, and the practice's
summary."""

from __future__ import annotations

from django.utils.translation import gettext as _

from projects.models import Practice
from projects.practices import practice_summary_pdf

from .files import DocumentFile, pdf_file
from .presentation import presentation_file, presentation_pptx_file
from .text import safe_filename


def practice_stem(practice: Practice) -> str:
    """«2026-001 Выдача справок за один визит»: the project's number and title, safe for any disk."""
    return safe_filename(f"{practice.project.number} {practice.project.title}")[:120].rstrip(" .")


def practice_files(practice: Practice) -> list[DocumentFile]:
    """The files of one practice for the shared drive, each named «<номер> <наименование> — …»."""
    stem = practice_stem(practice)
    project = practice.project
    pdf = presentation_file(project)
    pptx = presentation_pptx_file(project)
    title = _("Отчётная презентация")
    return [
        DocumentFile(content=pdf.content, filename=f"{stem} — {title}.pdf", content_type=pdf.content_type),
        DocumentFile(content=pptx.content, filename=f"{stem} — {title}.pptx", content_type=pptx.content_type),
        pdf_file(practice_summary_pdf(practice), f"{stem} — {_('Сводка практики')}.pdf"),
    ]
