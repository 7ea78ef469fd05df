"""Benchmark of the documents with hostile stored data (issue 18, hole 2): a closed project whose
every free-text column holds one value of `tests.security.hostile.CORPUS` (a 100 000-character
word, 10 000 lines, zero-width and right-to-left characters, emoji …), written bypassing the forms.
Every document and export the site offers is downloaded through its page, each in a forked child so
that its peak memory can be read; prints the time and the memory each took (target: < 5 s and
< 300 MB for any of them).

    .venv/bin/python bench/bench_hostile.py                    # every value of the corpus
    .venv/bin/python bench/bench_hostile.py -k "long word"     # the values whose name has this
    .venv/bin/python bench/bench_hostile.py --limit 2000       # a 2 000-character «Я» only"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leanproj.settings.test")


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _measure(client, url: str, timeout: float) -> tuple[int, float, float]:
    """(status, seconds, peak resident MB) of one download, made in a forked child."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: download, report, leave without running the parent's exit handlers
        os.close(read)
        try:
            start = time.perf_counter()
            status = client.get(url).status_code
            spent = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            os.write(write, f"{status} {spent} {max(peak, _rss_mb())}".encode())
        finally:
            os._exit(0)
    os.close(write)
    start = time.monotonic()
    while True:
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - start > timeout:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            os.close(read)
            return 0, time.monotonic() - start, float("nan")
        time.sleep(0.02)
    answer = os.read(read, 200).decode().split()
    os.close(read)
    if not answer:
        return -1, time.monotonic() - start, float("nan")
    return int(answer[0]), float(answer[1]), float(answer[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only the values of the corpus whose name has this")
    parser.add_argument("--limit", type=int, help="instead of the corpus: «Я» repeated this many times")
    parser.add_argument("--timeout", type=float, default=120, help="give up on a download after (s)")
    parser.add_argument("--only", default="", help="only the URLs that contain this")
    args = parser.parse_args()

    import django

    django.setup()
    import datetime as dt

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import translation

    setup_test_environment()
    translation.activate("ru")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from tests.documents.builders import closed
        from tests.factories import World
        from tests.security import hostile
        from workdays import clock

        with clock.frozen_today(dt.date(2026, 3, 2)):
            world = World()
            project = closed(world, title="Оптимизация выдачи справок")
        corpus = (
            {f"«Я» × {args.limit}": "Я" * args.limit}
            if args.limit
            else {k: v for k, v in hostile.CORPUS.items() if args.k in k}
        )
        client = Client()
        client.force_login(world.mayor)
        urls = [u for u in hostile.document_urls(project, world.mayor) if args.only in u]
        client.get(urls[0])  # warm: fonts, stylesheet
        print(f"the parent process holds {_rss_mb():.0f} MB")
        for name, value in corpus.items():
            hostile.stamp(value)
            print(f"--- {name} ({len(value)} characters)")
            for url in urls:
                status, spent, mb = _measure(client, url, args.timeout)
                flag = "" if status == 200 and spent < 5 and mb < 300 else "   <-- over"
                print(f"  {url:<62} {status:>4} {spent:7.2f} s {mb:7.0f} MB{flag}", flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
