"""Benchmark of the documents (issue 8 «Speed»): the card PDF in a warm process (target: median
< 300 ms), the defence presentation of a closed project as PDF and as .pptx (target: < 1 s each),
the other documents of that project, and the registry of 10 000 projects to Excel (target: < 5 s).

    .venv/bin/python bench/bench_documents.py                 # throwaway in-memory SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/leanproj_bench .venv/bin/python bench/bench_documents.py

The data lives in a throwaway test database that Django creates and destroys (an in-memory SQLite
database, or `test_<name>` on PostgreSQL): the demo municipality of the tests, 10 000 projects across
ten departments with their statutory deadlines (bulk-inserted), one signed card with its journal and
one draft card, and a closed project built through the services (card, maps of 12 steps in three
lanes, plan, report with an act and photos «до / после», both surveys). Every timing goes through
the same functions the download views call, database queries included. Prints one line per
measurement."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leanproj.settings.test")


def _timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


RESULTS: list[dict] = []


def _report(name: str, times: list[float], target: float | None = None, extra: str = "") -> None:
    median = statistics.median(times)
    RESULTS.append(
        {
            "name": name,
            "median": median,
            "min": min(times),
            "max": max(times),
            "runs": len(times),
            "target": target,
        }
    )
    worst = max(times)
    verdict = ""
    if target is not None:
        verdict = f"  target < {target * 1000:.0f} ms: {'OK' if median < target else 'MISSED'}"
    print(
        f"{name:<44} median {median * 1000:8.1f} ms   min {min(times) * 1000:8.1f} ms   "
        f"max {worst * 1000:8.1f} ms   runs {len(times)}{verdict}{extra}"
    )


def _seed_registry(world, count: int) -> None:
    import datetime as dt

    from org.models import Department
    from projects.choices import Stage, Status
    from projects.clocks import CLOCKS
    from projects.models import Deadline, Project

    municipality = world.municipality
    directions = [world.direction, world.other_direction]
    departments = list(Department.objects.filter(municipality=municipality))
    for n in range(len(departments), 10):
        departments.append(
            Department.objects.create(
                municipality=municipality,
                name=f"Управление № {n} Администрации",
                direction=directions[n % 2],
            )
        )
    statuses = [s for s in Status if s not in (Status.SUSPENDED,)]
    start = dt.date(2026, 1, 12)
    projects = [
        Project(
            municipality=municipality,
            number=f"B{n:06d}",
            title=f"Оптимизация процесса № {n}: выдача справок и разрешений заявителям «ёлка»",
            department=departments[n % len(departments)],
            lead=world.lead if n % 2 else world.other_lead,
            coordinator=world.coordinator if n % 3 == 0 else None,
            created_by=world.lead,
            status=statuses[n % len(statuses)],
            status_changed_on=start + dt.timedelta(days=n % 200),
            source=["initiative", "complaint", "cur", "replication"][n % 4],
            source_reference=f"Обращение № {n} от 12.01.2026" if n % 4 else "",
            start_date=start + dt.timedelta(days=n % 90),
            closing_meeting_date=start + dt.timedelta(days=200 + n % 90),
        )
        for n in range(count)
    ]
    Project.objects.bulk_create(projects, batch_size=1000)
    stages = [s for s in Stage if CLOCKS[s].working_days is not None]
    deadlines = []
    for n, project in enumerate(Project.objects.filter(number__startswith="B").only("pk")):
        stage = stages[n % len(stages)]
        began = start + dt.timedelta(days=n % 300)
        due = began + dt.timedelta(days=14)
        done = began + dt.timedelta(days=10 + n % 10) if n % 3 else None
        deadlines.append(
            Deadline(
                project=project,
                stage=stage,
                clause=CLOCKS[stage].clause,
                working_days=CLOCKS[stage].working_days,
                responsible=CLOCKS[stage].responsible,
                started_on=began,
                due_on=due,
                done_on=done,
                outcome=("on_time" if done <= due else "late") if done else "",
            )
        )
    Deadline.objects.bulk_create(deadlines, batch_size=2000)


def _closed_project(world):
    """A closed project with realistic maps: 12 steps in three lanes, 4 problems (п.16–29)."""
    from maps import services as map_services
    from maps.choices import DurationUnit, MapKind, StepKind, ValueClass
    from projects.models import Project
    from tests.documents.builders import closed
    from tests.factories import build_current_map

    def current_map(project, *, by):
        build_current_map(project, by=by, steps=9, problems=4)
        lane = map_services.lane_add(project=project, map_kind=MapKind.CURRENT, by=by, name="МФЦ")
        for n in range(3):
            map_services.step_add(
                project=project,
                map_kind=MapKind.CURRENT,
                by=by,
                lane=lane,
                name=f"Передача пакета документов в отдел, этап {n + 1}",
                kind=StepKind.MOVEMENT,
                value_class=ValueClass.NECESSARY,
                duration_minutes=120,
                duration_unit=DurationUnit.HOURS,
                waste_types=[],
                visit=False,
            )

    import tests.factories as factories

    original = factories.build_current_map
    factories.build_current_map = current_map
    try:
        project = closed(world, title="Оптимизация выдачи справок о составе семьи")
    finally:
        factories.build_current_map = original
    return Project.objects.get(pk=project.pk)


def _bench_closed_project(world, runs: int) -> None:
    from documents.plan import plan_file, plan_xlsx
    from documents.presentation import presentation_file, presentation_pptx_file
    from documents.process_maps import maps_file
    from documents.report import report_file
    from documents.survey import survey_file
    from documents.working import working_file

    start = time.perf_counter()
    project = _closed_project(world)
    print(f"built a closed project through the services in {time.perf_counter() - start:.1f} s")
    presentation_file(project)  # warm: maps, fonts
    presentation_pptx_file(project)
    runs = max(5, runs // 3)
    pdf = presentation_file(project).content
    _report(
        "defence presentation PDF (7 slides)",
        _timed(lambda: presentation_file(project), runs),
        1.0,
        f"   {len(pdf) // 1024} KiB",
    )
    pptx = presentation_pptx_file(project).content
    _report(
        "defence presentation .pptx (7 slides)",
        _timed(lambda: presentation_pptx_file(project), runs),
        1.0,
        f"   {len(pptx) // 1024} KiB",
    )
    for name, build in (
        ("working presentation PDF (п.9.9)", working_file),
        ("process maps PDF (Прил. 2)", maps_file),
        ("action plan PDF (Прил. 3)", plan_file),
        ("results report PDF", report_file),
        ("survey summary PDF", survey_file),
        ("action plan to Excel", plan_xlsx),
    ):
        _report(name, _timed(lambda build=build: build(project), runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000, help="projects in the registry (10 000)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each PDF (30)")
    parser.add_argument("--registry-runs", type=int, default=3, help="timed runs of the registry (3)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import translation

    setup_test_environment()
    translation.activate("ru")
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":  # leanproj_bench → leanproj_bench_tmp, beside its name
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_tmp"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        _run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.json:
        import json

        Path(args.json).write_text(json.dumps(RESULTS, indent=1))


def _run(args) -> None:
    import datetime as dt

    from django.db import connection

    from documents.card import card_pdf
    from documents.exports import registry_deadlines_xlsx, registry_xlsx
    from projects.models import Stakeholder
    from tests.factories import World, advance, make_project
    from workdays import clock

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    world = World()
    with clock.frozen_today(dt.date(2026, 3, 2)):
        signed = make_project(world, title="Оптимизация выдачи справок о составе семьи")
        for name in ("Заявители", "МФЦ", "Отдел ЗАГС", "Финансовое управление"):
            Stakeholder.objects.create(
                project=signed, name=name, interest="Сокращение сроков", influence="high"
            )
        signed = advance(signed, world, "current_map")
        draft = make_project(world, title="Оптимизация записи в кружки")

    # Warm process: the first document loads fonts and parses the stylesheet once per thread.
    for _ in range(3):
        card_pdf(signed)
        card_pdf(draft)
    size = len(card_pdf(signed))
    _report(
        "card PDF, signed (from its snapshot)",
        _timed(lambda: card_pdf(signed), args.runs),
        0.300,
        f"   {size // 1024} KiB",
    )
    _report("card PDF, draft (live data)", _timed(lambda: card_pdf(draft), args.runs), 0.300)

    _bench_closed_project(world, args.runs)

    start = time.perf_counter()
    _seed_registry(world, args.projects)
    print(f"seeded {args.projects} projects with deadlines in {time.perf_counter() - start:.1f} s")

    registry_xlsx(user=world.authority, params={})  # warm
    content = registry_xlsx(user=world.authority, params={})
    times = _timed(lambda: registry_xlsx(user=world.authority, params={}), args.registry_runs)
    _report(
        f"registry of {args.projects} projects to Excel",
        times,
        5.0,
        f"   {len(content) // 1024} KiB",
    )
    times = _timed(lambda: registry_deadlines_xlsx(user=world.authority, params={}), args.registry_runs)
    _report(f"deadlines of {args.projects} projects to Excel", times)


if __name__ == "__main__":
    main()
