"""Benchmark: the SVG of a 200-step process map (issue 4 «Speed»: under 100 ms).

    .venv/bin/python bench/bench_map_svg.py            # rendering only, from MapData
    .venv/bin/python bench/bench_map_svg.py --db       # and read from a database first (SQLite in memory)

Prints min / median / 95th percentile in milliseconds over --runs runs (default 50)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leanproj.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from maps.choices import MapKind, StepKind, ValueClass  # noqa: E402
from maps.data import LaneData, MapData, ProblemData, StepData  # noqa: E402
from maps.svg import render_data_svg, render_map_svg  # noqa: E402

STEPS, LANES, PROBLEMS = 200, 12, 40


def synthetic_map() -> MapData:
    lanes = [
        LaneData(i, "Заявитель" if i == 1 else f"Участник процесса № {i}", i == 1)
        for i in range(1, LANES + 1)
    ]
    kinds, values = list(StepKind), list(ValueClass)
    steps = [
        StepData(
            id=n,
            number=n,
            lane_id=1 + (n * 7) % LANES,
            name=f"Шаг {n}: подготовить, проверить и передать документы заявителя",
            kind=kinds[n % len(kinds)].value,
            value_class=values[n % len(values)].value,
            duration_minutes=5 + (n * 37) % 900,
            documents=["Заявление", f"Справка {n % 9}"] if n % 4 == 0 else [],
            visit=n % 17 == 0,
            problem_numbers=[1 + n % PROBLEMS] if n % 5 == 0 else [],
        )
        for n in range(1, STEPS + 1)
    ]
    problems = [
        ProblemData(
            id=p, number=p, text=f"Проблема {p}: заявитель ждёт ответа и приходит повторно", step_ids=[p * 5]
        )
        for p in range(1, PROBLEMS + 1)
    ]
    return MapData(
        kind=MapKind.CURRENT,
        title="Бенчмарк: карта из 200 шагов",
        lanes=lanes,
        steps=steps,
        problems=problems,
    )


def measure(fn, runs: int) -> tuple[list[float], int]:
    size = len(fn())  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, size


def report(label: str, times: list[float], size: int) -> float:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{label:<48} min {times[0]:7.1f} ms   median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   ({size // 1024} KiB)"
    )
    return statistics.median(times)


def database_map():
    """The same map written to a fresh in-memory database through the models."""
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from maps.models import Lane, Problem, ProcessMap, Step
    from tests.factories import World, make_project

    setup_test_environment()
    call_command("migrate", verbosity=0, run_syncdb=True)
    world = World()
    project = make_project(world)
    process_map = ProcessMap.objects.create(project=project, kind=MapKind.CURRENT, created_by=world.lead)
    data = synthetic_map()
    lanes = {
        ld.id: Lane.objects.create(process_map=process_map, order=ld.id, name=ld.name, is_client=ld.is_client)
        for ld in data.lanes
    }
    steps = Step.objects.bulk_create(
        Step(
            process_map=process_map,
            lane=lanes[s.lane_id],
            order=s.number,
            name=s.name,
            kind=s.kind,
            value_class=s.value_class,
            duration_minutes=s.duration_minutes,
            documents="\n".join(s.documents),
            visit=s.visit,
        )
        for s in data.steps
    )
    for p in data.problems:
        problem = Problem.objects.create(process_map=process_map, number=p.number, text=p.text)
        problem.steps.set([steps[i - 1] for i in p.step_ids])
    return ProcessMap.objects.select_related("project").get(pk=process_map.pk)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--db", action="store_true", help="also read the map from a database")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    data = synthetic_map()
    print(
        f"SVG of a {STEPS}-step map in {LANES} lanes with {PROBLEMS} problems, {args.runs} runs; target: under 100 ms"
    )
    times, size = measure(lambda: render_data_svg(data), args.runs)
    median = report("render_data_svg (8 steps per band)", times, size)
    report(
        "render_data_svg (20 steps per band, slides)",
        *measure(lambda: render_data_svg(data, columns=20), args.runs),
    )
    if args.db:
        process_map = database_map()
        report(
            "render_map_svg (read from SQLite + render)",
            *measure(lambda: render_map_svg(process_map), args.runs),
        )
    if args.json:
        ordered = sorted(times)
        figures = {
            "steps": STEPS,
            "runs": args.runs,
            "median_ms": median,
            "min_ms": ordered[0],
            "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)],
            "kib": size // 1024,
        }
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0 if median < 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())
