"""A built document: its bytes, its readable Russian file name and its type — what a view streams."""

from __future__ import annotations

from dataclasses import dataclass

from .text import content_disposition

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class DocumentFile:
    content: bytes
    filename: str  # «2026-001 Карточка проекта.pdf»
    content_type: str
    # PDFs open in the browser's viewer (its «Save» keeps the name); workbooks download.
    inline: bool = False

    @property
    def disposition(self) -> str:
        return content_disposition(self.filename, inline=self.inline)


def pdf_file(content: bytes, filename: str) -> DocumentFile:
    return DocumentFile(content=content, filename=filename, content_type=PDF, inline=True)


def xlsx_file(content: bytes, filename: str) -> DocumentFile:
    return DocumentFile(content=content, filename=filename, content_type=XLSX)
