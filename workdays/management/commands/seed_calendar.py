"""Load years of the production calendar into the database (2025–2027 ship with the application)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from workdays.services import CalendarError, calendar_year_seed


class Command(BaseCommand):
    help = "Загружает годы производственного календаря (из поставки или из пакета holidays)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="+", help="годы, например 2028 2029")
        parser.add_argument("--replace", action="store_true", help="перезаписать уже загруженный год")
        parser.add_argument(
            "--confirmed", action="store_true", help="отметить год подтверждённым постановлением"
        )
        parser.add_argument("--decree", default="", help="название постановления о переносе выходных дней")
        parser.add_argument("--decree-number", default="", help="номер постановления, например 1466")
        parser.add_argument("--decree-date", default="", help="дата постановления: ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")

    def handle(self, *args, years, replace, confirmed, decree, decree_number, decree_date, **options):
        day = None
        if decree_date:
            for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
                try:
                    day = dt.datetime.strptime(decree_date.strip(), fmt).date()
                    break
                except ValueError:
                    continue
            else:
                raise CommandError(f"«{decree_date}» — не дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ).", returncode=2)
        for raw in years:
            try:
                year = int(raw)
            except ValueError:
                raise CommandError(f"«{raw}» — не год.", returncode=2) from None
            if not 1990 <= year <= 2100:
                raise CommandError(f"{year}: укажите год от 1990 до 2100.", returncode=2)
            try:
                record = calendar_year_seed(
                    year=year,
                    replace=replace,
                    confirmed=True if confirmed else None,
                    decree=decree,
                    decree_number=decree_number,
                    decree_date=day,
                )
            except CalendarError as exc:
                raise CommandError(str(exc), returncode=2) from None
            state = "подтверждён" if record.confirmed else "НЕ подтверждён постановлением"
            self.stdout.write(
                f"{year}: {record.non_working_days.count()} нерабочих дней, "
                f"{record.working_weekend_days.count()} рабочих выходных; {state}."
            )
