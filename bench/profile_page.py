"""One page of a generated database, timed and profiled in a single process (no load): the tool
behind the profiles in BENCHMARKS.md.

    .venv/bin/python bench/run.py --only load --keep        # leaves leanproj_bench_region10k
    DJANGO_STATIC_ROOT=/tmp/static .venv/bin/python manage.py collectstatic --noinput  # (bench settings)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/leanproj_bench_region10k DJANGO_STATIC_ROOT=/tmp/static \\
        .venv/bin/python bench/profile_page.py --facts bench/results/facts-region10k.json --url / \\
        [--as coordinator|admin] [--runs 20] [--profile] [--sql]

Prints the median / min / max of --runs requests through Django's test client with the bench
settings, and the number of queries; --profile prints the pyinstrument profile of one more request;
--sql prints the slowest queries of one request."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", required=True)
    parser.add_argument("--url", default="/")
    parser.add_argument("--as", dest="who", default="coordinator", choices=("coordinator", "admin"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from org.models import User

    facts = json.loads(Path(args.facts).read_text())
    pk = facts["main"]["coordinator"] if args.who == "coordinator" else facts["admin"]
    url = args.url.replace("{coordinator}", str(facts["main"]["coordinator"]))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=pk))
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    print(
        f"{url} as {args.who}: median {statistics.median(times):.1f} ms, min {min(times):.1f}, "
        f"max {max(times):.1f} ({args.runs} runs); {len(ctx.captured_queries)} queries, {sql_ms:.1f} ms in SQL; "
        f"{len(response.content) // 1024} KiB"
    )
    if args.sql:
        for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:8]:
            print(f"{float(q['time']) * 1000:7.1f} ms  {q['sql'][:600]}")
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(5):
            client.get(url)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
