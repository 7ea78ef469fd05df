"""`manage.py send_reminders [--date YYYY-MM-DD]`: the same scan in-process, for the demo and cron."""

import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .conftest import submitted

D = dt.date
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def test_command_sends_the_days_reminders_once(world, mailoutbox):
    submitted(world, D(2025, 10, 29))
    out = StringIO()
    call_command("send_reminders", "--date", "2025-11-10", stdout=out)
    assert [m.to for m in mailoutbox] == [[world.coordinator.email]]
    assert "10.11.2025: новых напоминаний 1, уже отправленных ранее 0" in out.getvalue()
    assert "Отправлено писем: 1" in out.getvalue()

    out = StringIO()
    call_command("send_reminders", "--date", "2025-11-10", stdout=out)
    assert len(mailoutbox) == 1
    assert "новых напоминаний 0, уже отправленных ранее 1" in out.getvalue()


def test_command_on_a_day_off(world, mailoutbox):
    submitted(world, D(2025, 10, 29))
    out = StringIO()
    call_command("send_reminders", "--date", "2025-11-03", stdout=out)
    assert "03.11.2025 — нерабочий день" in out.getvalue()
    assert mailoutbox == []


def test_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="не дата") as exc:
        call_command("send_reminders", "--date", "2025-13-40")
    assert exc.value.returncode == 2


def test_bad_date_from_cron_is_one_line_and_exit_2():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    proc = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--date", "13.11.2025"],
        env={**env, "DJANGO_SETTINGS_MODULE": "leanproj.settings.test"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "CommandError: --date: «13.11.2025» — не дата; укажите дату в виде ГГГГ-ММ-ДД."
    ]
    assert proc.stdout == ""
