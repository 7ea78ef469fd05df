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

Options: --deadlines N (100000), --due N (1000), --day YYYY-MM-DD (2026-03-10); --celery also runs
the scan as beat does, in a Celery worker (Redis database 6 unless REDIS_URL says otherwise), and
reports the worker's peak memory; --hyperfine also times `manage.py send_reminders` as cron runs
it, a cold process each time (hyperfine from Debian); --json PATH writes the figures."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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
    parser.add_argument("--celery", action="store_true", help="also scan in a Celery worker")
    parser.add_argument("--hyperfine", action="store_true", help="also time `manage.py send_reminders`")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.day)

    setup_test_environment()  # the locmem mail backend: the delivery is timed without a network
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":  # leanproj_bench → leanproj_bench_tmp, beside its name
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_tmp"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    figures: dict = {}
    try:
        run(args, day, figures)
        if args.celery:
            celery_scan(day, figures)
        if args.hyperfine:
            hyperfine_scan(day, figures)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))


def run(args, day: dt.date, figures: dict) -> None:
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
    repeated_seconds = time.perf_counter() - started
    print(f"repeated scan: {repeated_seconds:.3f} s — {again.claimed} claimed, {again.repeated} already sent")

    # 3. Delivery of the outbox to the locmem backend.
    started = time.perf_counter()
    delivery = services.mail_deliver_pending()
    delivery_seconds = time.perf_counter() - started
    print(f"delivery: {delivery_seconds:.3f} s — {delivery.sent} e-mails ({len(mail.outbox)} in the outbox)")

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
    figures.update(
        deadlines=open_count,
        due=args.due,
        scan_seconds=scan_seconds,
        candidates=result.candidates,
        claimed=result.claimed,
        repeated_scan_seconds=repeated_seconds,
        delivery_seconds=delivery_seconds,
        mails=delivery.sent,
        queries=len(total.captured_queries),
        queries_per_batch=per_batch,
        constant_per_batch=constant,
    )
    verdict = "OK" if scan_seconds < LIMIT_SECONDS and constant else "SLOW"
    print(
        f"{verdict}: scan {scan_seconds:.3f} s (limit {LIMIT_SECONDS:.0f} s), "
        f"queries per batch constant: {constant}"
    )


def _reset_claims() -> None:
    from notifications.models import Notification, OutgoingMail, Reminder

    Notification.objects.all().delete()
    OutgoingMail.objects.all().delete()
    Reminder.objects.all().delete()


def _test_env() -> dict:
    env = dict(os.environ)
    db = connection.settings_dict
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env["PYTHONPATH"] = str(ROOT)
    return env


def celery_scan(day: dt.date, figures: dict) -> None:
    """The scan as beat runs it: the task in a Celery worker (the production command of
    docker-compose.yml), then the delivery it queues; the worker's peak resident memory."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        print("celery: skipped (needs PostgreSQL and REDIS_URL)")
        return
    from bench.common import children, memory_kib
    from notifications.models import OutgoingMail
    from notifications.tasks import scan_reminders

    _reset_claims()
    connection.close()  # the worker must see the committed rows and take its own connections
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / "leanproj_bench_celery.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "leanproj", "worker", "--concurrency", "2",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "-n", f"bench{os.getpid()}@%h"],
        cwd=ROOT, env=_test_env(), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        from leanproj.celery import app

        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError("the Celery worker did not start: see leanproj_bench_celery.log")
        app.control.purge()
        started = time.perf_counter()
        outcome = scan_reminders.delay(day.isoformat()).get(timeout=300)
        scan_seconds = time.perf_counter() - started
        while OutgoingMail.objects.filter(state="pending").exists() and time.perf_counter() - started < 300:
            time.sleep(0.2)
        delivered_seconds = time.perf_counter() - started
        processes = [worker.pid, *children(worker.pid)]
        peaks = {pid: memory_kib(pid).get("VmHWM", 0) for pid in processes}
        child_peak = max((peaks[p] for p in processes[1:]), default=0)
        print(
            f"celery: scan task {scan_seconds:.3f} s ({outcome['claimed']} claimed), with the delivery "
            f"{delivered_seconds:.3f} s; worker peak RSS {child_peak / 1024:.0f} MiB (pool process), "
            f"{peaks[worker.pid] / 1024:.0f} MiB (main)"
        )
        figures["celery"] = {
            "scan_seconds": scan_seconds,
            "with_delivery_seconds": delivered_seconds,
            "claimed": outcome["claimed"],
            "peak_kib": child_peak,
            "main_peak_kib": peaks[worker.pid],
        }
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
        import redis

        redis.Redis.from_url(settings.REDIS_URL).flushdb()


def hyperfine_scan(day: dt.date, figures: dict) -> None:
    """`manage.py send_reminders` as cron runs it: a cold process, the scan and the delivery,
    each run from scratch (the claims deleted before it)."""
    import shutil

    if shutil.which("hyperfine") is None:
        print("hyperfine: not installed (bash bench/run.sh installs it), skipped")
        return
    _reset_claims()
    connection.close()
    env = _test_env()
    reset = f"{sys.executable} {Path(__file__).resolve()} --reset-claims"
    out = Path(os.environ.get("TMPDIR", "/tmp")) / "leanproj_bench_hyperfine.json"
    subprocess.run(
        ["hyperfine", "--runs", "5", "--warmup", "1", "--prepare", reset, "--export-json", str(out), "--style", "basic",
         f"{sys.executable} {ROOT / 'manage.py'} send_reminders --date {day.isoformat()}"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    result = json.loads(out.read_text())["results"][0]
    print(
        f"send_reminders (cold process, scan + delivery, hyperfine): mean {result['mean']:.3f} s "
        f"± {result['stddev']:.3f} s, min {result['min']:.3f} s"
    )
    figures["command"] = {"mean": result["mean"], "stddev": result["stddev"], "min": result["min"]}


if __name__ == "__main__":
    if sys.argv[1:] == ["--reset-claims"]:  # hyperfine's --prepare: a fresh day for the next run
        _reset_claims()
    else:
        main()
