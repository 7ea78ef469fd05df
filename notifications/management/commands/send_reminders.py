"""`python manage.py send_reminders [--date YYYY-MM-DD]`: the daily reminder scan and the delivery
of the outbox, in this process, without Celery — for the demo and for cron, e.g.

    30 7 * * *    cd /srv/leanproj && .venv/bin/python manage.py send_reminders
    */10 * * * *  cd /srv/leanproj && .venv/bin/python manage.py send_reminders --mail-only

Running it again the same day sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from notifications import services
from workdays import clock


class Command(BaseCommand):
    help = _(
        "Рассылает напоминания о сроках за день (по умолчанию — сегодня) и отправляет письма из очереди; "
        "повторный запуск ничего не дублирует."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help=_("день рассылки, ГГГГ-ММ-ДД (по умолчанию сегодня)"))
        parser.add_argument(
            "--mail-only",
            action="store_true",
            help=_("только отправить письма из очереди (повторные попытки), без поиска сроков"),
        )

    def handle(self, *args, day: str | None, mail_only: bool, **options):
        scan_day = clock.today()
        if day is not None:
            try:
                scan_day = dt.date.fromisoformat(day)
            except ValueError:
                raise CommandError(
                    _("--date: «%(value)s» — не дата; укажите дату в виде ГГГГ-ММ-ДД.") % {"value": day},
                    returncode=2,
                ) from None
        if not mail_only:
            scan = services.reminders_scan(day=scan_day)
            if not scan.working_day:
                self.stdout.write(
                    _("%(day)s — нерабочий день: напоминания не рассылаются.")
                    % {"day": scan_day.strftime("%d.%m.%Y")}
                )
            else:
                self.stdout.write(
                    _(
                        "%(day)s: новых напоминаний %(claimed)s, уже отправленных ранее %(repeated)s; "
                        "уведомлений %(notifications)s, писем %(mails)s, сводок %(digests)s, "
                        "без адреса %(no_address)s."
                    )
                    % {
                        "day": scan_day.strftime("%d.%m.%Y"),
                        "claimed": scan.claimed,
                        "repeated": scan.repeated,
                        "notifications": scan.notifications,
                        "mails": scan.mails,
                        "digests": scan.digests,
                        "no_address": scan.no_address,
                    }
                )
            for name in scan.failed_sources:
                self.stderr.write(
                    _("Ошибка источника напоминаний %(name)s: подробности в журнале.") % {"name": name}
                )
        delivery = services.mail_deliver_pending()
        self.stdout.write(
            _(
                "Отправлено писем: %(sent)s; отложено из-за ошибки сервера: %(postponed)s; адрес отклонён: %(refused)s."
            )
            % delivery.as_dict()
        )
        if not mail_only and scan.failed_sources:
            raise CommandError(_("Не все источники напоминаний обработаны."), returncode=1)
