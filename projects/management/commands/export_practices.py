"""`python manage.py export_practices --to DIR`: writes the summary of every best practice into DIR,
one PDF per practice named with the project's number and title (Положение п.31: the presentations of
implemented projects are kept on the shared network drive «Р:\\_КЛИЕНТОЦЕНТРИЧНОСТЬ\\Тиражирование»).

A file of the same name is replaced, so the folder can be refreshed on a schedule."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.models import Practice
from projects.practices import practice_filename, practice_summary_pdf


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


class Command(BaseCommand):
    help = (
        "Выгружает сводку каждой лучшей практики в PDF в указанную папку (Положение п.31: общий сетевой диск). "
        "Один файл на практику: «номер проекта наименование.pdf»."
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
            name = practice_filename(practice)
            content = practice_summary_pdf(practice)
            # Write beside and rename: a reader of the shared drive never sees half a file.
            with tempfile.NamedTemporaryFile(dir=target, prefix=".", suffix=".part", delete=False) as handle:
                handle.write(content)
                temporary = Path(handle.name)
            temporary.chmod(mode)  # readable on the shared drive like any file saved there
            os.replace(temporary, target / name)
            written += 1
            self.stdout.write(f"  {name}")
        self.stdout.write(self.style.SUCCESS(f"Выгружено практик: {written} в папку {target}"))
