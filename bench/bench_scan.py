"""Benchmark of the daily reminder scan (issue 9, DESIGN §5): 100 000 open deadlines, 1 000 of them
due for a reminder on the scan's day. Prints the time of the scan, of a repeated scan (everything
already claimed) and of the delivery, and the queries of each batch.

The rows are generated with bulk_create in a throwaway database that Django's test machinery
creates (`test_<NAME>`) and drops afterwards; the working database is never touched.

    # PostgreSQL (the figures that matter):
    DJANGO_SETTINGS_MODULE=leanproj.settings.test \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/leanproj_bench .venv/bin/python bench/bench_scan.py

    # SQLite in memory:
    DJANGO_SETTINGS_MODULE=leanproj.settings.test .venv/bin/python bench/bench_scan.py

Options: --deadlines N (100000), --due N (1000), --day YYYY-MM-DD (2026-03-10)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leanproj.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

LIMIT_SECONDS = 2.0


def seed(*, deadlines: int, due: int, day: dt.date) -> dict:
    from notifications.sources import reminder_slots
    from org.choices import Role
    from org.models import Department, Direction, Municipality, RoleAssignment, User
    from projects.clocks import CLOCKS
    from projects.models import Deadline, Project, ProjectMember
    from workdays.services import add_working_days

    rnd = random.Random(9)
    municipality = Municipality.objects.create(
        code="bench",
        name="Бенчмарк",
        administration_name="Администрация",
        region="Томская область",
        mayor_title="Мэр",
    )

    def person(username: str, *roles: str, department=None) -> User:
        user = User.objects.create(
            username=username,
            last_name=username.capitalize(),
            first_name="Иван",
            patronymic="Иванович",
            email=f"{username}@bench.test",
            municipality=municipality,
            department=department,
        )
        RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=r) for r in roles)
        return user

    person("mayor", Role.MAYOR)
    person("authority", Role.AUTHORITY)
    departments, leads, members = [], [], []
    for d in range(10):
        coordinator = person(f"coord{d}", Role.COORDINATOR)
        direction = Direction.objects.create(
            municipality=municipality, name=f"Направление {d}", coordinator=coordinator
        )
        for k in range(5):
            department = Department.objects.create(
                municipality=municipality, name=f"Отдел {d}-{k}", direction=direction
            )
            departments.append(department)
            leads.append(person(f"lead{d}{k}", Role.LEAD, department=department))
            members.append(person(f"member{d}{k}", Role.TEAM, department=department))

    # The due dates that call for a reminder on `day`, and dates that do not.
    earliest = day - dt.timedelta(days=120)
    slots = reminder_slots(day, earliest=earliest)
    due_dates = sorted(slots)
    quiet = [d for d in (earliest + dt.timedelta(days=i) for i in range(300)) if d not in slots]
    stages = [s for s, c in CLOCKS.items() if c.working_days]

    memberships, rows = [], []
    batch = 5000
    created = 0
    while created < deadlines:
        n = min(batch, deadlines - created)
        chunk = []
        for i in range(created, created + n):
            k = rnd.randrange(len(departments))
            chunk.append(
                Project(
                    municipality=municipality,
                    number=f"B-{i:06d}",
                    title=f"Проект бенчмарка {i}",
                    department=departments[k],
                    lead=leads[k],
                    created_by=leads[k],
                    status="card_review",
                )
            )
        Project.objects.bulk_create(chunk)
        for i, project in enumerate(chunk, start=created):
            memberships.append(ProjectMember(project=project, user=members[rnd.randrange(len(members))]))
            stage = stages[i % len(stages)]
            clock = CLOCKS[stage]
            due_on = due_dates[i % len(due_dates)] if i < due else rnd.choice(quiet)
            rows.append(
                Deadline(
                    project=project,
                    stage=stage,
                    clause=clock.clause,
                    working_days=clock.working_days,
                    responsible=clock.responsible,
                    started_on=add_working_days(due_on, -clock.working_days),
                    due_on=due_on,
                )
            )
        ProjectMember.objects.bulk_create(memberships, batch_size=5000)
        Deadline.objects.bulk_create(rows, batch_size=5000)
        memberships, rows = [], []
        created += n
    return {"slots": len(slots)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadlines", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--day", default="2026-03-10")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.day)

    setup_test_environment()  # the locmem mail backend: the delivery is timed without a network
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(args, day)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args, day: dt.date) -> None:
    from django.core import mail

    from notifications import services
    from notifications.models import Notification, OutgoingMail, Reminder
    from projects.models import Deadline

    print(f"database: {connection.vendor}; scan day {day:%d.%m.%Y}")
    started = time.perf_counter()
    info = seed(deadlines=args.deadlines, due=args.due, day=day)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # statistics as a live database has them
    open_count = Deadline.objects.open().count()
    print(
        f"seeded {open_count} open deadlines in {time.perf_counter() - started:.1f} s ({info['slots']} reminder dates)"
    )

    # 1. The scan as beat runs it, timed without query capture (a cold process: the scan needs
    #    neither the URLconf nor the templates — links and texts are written at delivery).
    started = time.perf_counter()
    result = services.reminders_scan(day=day)
    scan_seconds = time.perf_counter() - started
    print(
        f"scan: {scan_seconds:.3f} s — {result.candidates} reminders for {args.due} due deadlines, "
        f"{result.claimed} claimed, {result.notifications} notifications, {result.mails} e-mails, {result.batches} batches"
    )

    # 2. The same scan again (a second beat): everything is claimed, nothing is sent.
    started = time.perf_counter()
    again = services.reminders_scan(day=day)
    print(
        f"repeated scan: {time.perf_counter() - started:.3f} s — {again.claimed} claimed, {again.repeated} already sent"
    )

    # 3. Delivery of the outbox to the locmem backend.
    started = time.perf_counter()
    delivery = services.mail_deliver_pending()
    print(
        f"delivery: {time.perf_counter() - started:.3f} s — {delivery.sent} e-mails ({len(mail.outbox)} in the outbox)"
    )

    # 4. Queries: the scan once more from scratch, each batch counted on its own.
    Notification.objects.all().delete()
    OutgoingMail.objects.all().delete()
    Reminder.objects.all().delete()
    per_batch: list[int] = []
    real = services.process_items

    def counted(items, *, day):
        with CaptureQueriesContext(connection) as ctx:
            outcome = real(items, day=day)
        per_batch.append(len(ctx.captured_queries))
        return outcome

    services.process_items = counted
    try:
        with CaptureQueriesContext(connection) as total:
            services.reminders_scan(day=day)
    finally:
        services.process_items = real
    outside = len(total.captured_queries) - sum(per_batch)
    print(
        f"queries: {len(total.captured_queries)} in all; per batch of up to {services.BATCH_SIZE} reminders: "
        f"{per_batch}; outside the batches (source pages, bounds, digests): {outside}"
    )
    # SQLite splits one bulk insert into several statements (at most 999 parameters each), so
    # there a full batch costs more statements than a partial one; neither grows with the table.
    full = per_batch[:-1] or per_batch
    constant = len(set(full)) == 1 and per_batch[-1] <= full[0]
    verdict = "OK" if scan_seconds < LIMIT_SECONDS and constant else "SLOW"
    print(
        f"{verdict}: scan {scan_seconds:.3f} s (limit {LIMIT_SECONDS:.0f} s), "
        f"queries per batch constant: {constant}"
    )


if __name__ == "__main__":
    main()
