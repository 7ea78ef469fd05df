"""`python manage.py workdays --from 2025-10-29 --add 3` → 2025-11-01: a check of the working-day
arithmetic for administrators."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from workdays import services


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option}: «{value}» — не дата; укажите дату в виде ГГГГ-ММ-ДД.", returncode=2
        ) from None


class Command(BaseCommand):
    help = (
        "Прибавляет рабочие дни к дате или считает рабочие дни между датами по производственному календарю."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="дата события, ГГГГ-ММ-ДД")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--add", dest="add", help="сколько рабочих дней прибавить (0 или больше)")
        group.add_argument("--to", dest="end", help="дата, до которой считать рабочие дни, ГГГГ-ММ-ДД")

    def handle(self, *args, start: str, add: str | None, end: str | None, **options):
        start_date = _date(start, "--from")
        if add is not None:
            try:
                days = int(add)
            except ValueError:
                raise CommandError(f"--add: «{add}» — не целое число рабочих дней.", returncode=2) from None
            if days < 0:
                raise CommandError("--add: число рабочих дней не может быть отрицательным.", returncode=2)
            result = services.add_working_days(start_date, days)
            self.stdout.write(result.isoformat())
            if services.is_unconfirmed(result):
                self.stderr.write(f"Внимание: календарь на {result.year} год не подтверждён постановлением.")
        else:
            end_date = _date(end, "--to")
            self.stdout.write(str(services.working_days_between(start_date, end_date)))
