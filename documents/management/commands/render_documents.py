"""`python manage.py render_documents --to DIR`: every document of every project, one file each, in
one folder, so that anyone can review the whole set at once (issue 20 «A gallery to review»).

The documents are those the project page lists (`documents.catalog`: each registered document and
each of its variants — every revision of the plan, every survey — and every meeting's protocol),
plus the registry's two workbooks. Each is fetched through its own download view with the rights of
a superuser, so the gallery holds exactly what a user downloads: the same builder, the same file
name, the same limits of `documents.isolation`. A line per file gives its size and the time it took;
any document that fails is reported and the command exits non-zero (`.ci/run` runs it on the demo)."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils.translation import gettext as _

from documents.catalog import documents_for, meeting_protocols
from projects.models import Project

REGISTRY = ["documents:registry_xlsx", "documents:deadlines_xlsx"]


def _filename(disposition: str) -> str:
    """The Russian name of `Content-Disposition` (RFC 5987 `filename*`), else the ASCII one."""
    for part in disposition.split(";"):
        part = part.strip()
        if part.lower().startswith("filename*="):
            return unquote(part.split("''", 1)[-1])
    for part in disposition.split(";"):
        part = part.strip()
        if part.lower().startswith("filename="):
            return part.split("=", 1)[1].strip('"')
    return ""


def _safe(name: str) -> str:
    return "".join("_" if c in "/\\\0" else c for c in name).strip() or "document"


class Command(BaseCommand):
    help = (
        "Формирует все документы всех проектов (PDF, XLSX, PPTX) в одну папку для просмотра: "
        "по файлу на документ; завершается с ошибкой, если хоть один документ не сформирован."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="папка, в которую записываются файлы")
        parser.add_argument(
            "--project", action="append", default=[], help="номер проекта (можно несколько); по умолчанию все"
        )

    def handle(self, *args, to: str, project: list[str], **options):
        folder = Path(to)
        folder.mkdir(parents=True, exist_ok=True)
        reader = self._reader()
        factory = RequestFactory()
        projects = Project.objects.select_related("municipality").order_by("number", "pk")
        if project:
            projects = projects.filter(number__in=project)
        jobs: list[tuple[str, str]] = [(str(_("Реестр")), reverse(name)) for name in REGISTRY]
        for item in projects:
            for row in documents_for(item, reader):
                jobs.append((item.number, row["url"]))
            for row in meeting_protocols(item):
                jobs.append((item.number, row["url"]))
        written: set[str] = set()
        errors = 0
        total = time.perf_counter()
        for label, url in jobs:
            started = time.perf_counter()
            try:
                name, content = self._render(factory, reader, url)
            except Exception as exc:  # every failure is reported, the others still rendered
                errors += 1
                self.stderr.write(f"ОШИБКА  {label}  {url}: {type(exc).__name__}: {exc}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            name = self._unique(_safe(name), written)
            (folder / name).write_bytes(content)
            self.stdout.write(f"{len(content) / 1024:9.1f} КБ  {elapsed:7.0f} мс  {name}")
        self.stdout.write(
            f"Файлов: {len(written)}, ошибок: {errors}, за {time.perf_counter() - total:.1f} с → {folder}"
        )
        if errors:
            raise CommandError(f"Не сформировано документов: {errors}")

    @staticmethod
    def _reader():
        """Who reads every project: the first active superuser, or one in memory (nothing saved)."""
        user_model = get_user_model()
        user = user_model.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        return user or user_model(username="gallery", is_superuser=True, is_staff=True, is_active=True)

    @staticmethod
    def _render(factory: RequestFactory, reader, url: str) -> tuple[str, bytes]:
        match = resolve(url)
        request = factory.get(url)
        request.user = reader
        response = match.func(request, *match.args, **match.kwargs)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        name = _filename(response.get("Content-Disposition", ""))
        if not name:
            raise RuntimeError("нет имени файла")
        return name, response.content

    @staticmethod
    def _unique(name: str, written: set[str]) -> str:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, n = name, 2
        while candidate in written:
            candidate = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
            n += 1
        written.add(candidate)
        return candidate
