"""`python manage.py export_practices --to DIR`: writes, for every best practice, the seven-slide
defence presentation of its project (Прил. 4) as PDF and PPTX and the practice's summary into DIR,
each named with the project's number and title (Положение п.31: «размещения презентаций
реализованных проектов на общем сетевом диске (Р:\\_КЛИЕНТОЦЕНТРИЧНОСТЬ\\Тиражирование)»).

A file of the same name is replaced, so the folder can be refreshed on a schedule."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.practices import practice_files
from projects.models import Practice


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


class Command(BaseCommand):
    help = (
        "Выгружает для каждой лучшей практики отчётную презентацию проекта (PDF и PPTX, Прил. 4) и сводку "
        "практики в указанную папку (Положение п.31: общий сетевой диск). "
        "Файлы называются «номер наименование — Отчётная презентация.pdf» и т. д."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", dest="target", required=True, help="Папка для файлов (создаётся, если её нет)."
        )
        parser.add_argument(
            "--municipality",
            dest="municipality",
            default="",
            help="Код муниципального образования (по умолчанию — все).",
        )

    def handle(self, *args, **options):
        target = Path(options["target"]).expanduser()
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Не удалось создать папку {target}: {exc.strerror}") from None
        if not os.access(target, os.W_OK):
            raise CommandError(f"Нет права записи в папку {target}.")
        practices = Practice.objects.select_related(
            "project__department", "project__lead", "project__municipality"
        )
        if options["municipality"]:
            practices = practices.filter(project__municipality__code=options["municipality"])
        mode = _file_mode()
        written = 0
        for practice in practices.order_by("project__number", "pk"):
            for document in practice_files(practice):
                # Write beside and rename: a reader of the shared drive never sees half a file.
                with tempfile.NamedTemporaryFile(
                    dir=target, prefix=".", suffix=".part", delete=False
                ) as handle:
                    handle.write(document.content)
                    temporary = Path(handle.name)
                temporary.chmod(mode)  # readable on the shared drive like any file saved there
                os.replace(temporary, target / document.filename)
                self.stdout.write(f"  {document.filename}")
            written += 1
        self.stdout.write(self.style.SUCCESS(f"Выгружено практик: {written} в папку {target}"))
