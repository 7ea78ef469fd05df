"""Pages under load: gunicorn (as production runs it: 3 sync workers) and PostgreSQL on loopback,
25 locust users (bench/locustfile.py) clicking every 0.5–1.5 s, four scenarios of 45–60 s each:

- `dashboard` — the home page «/» of the coordinator of the biggest direction of the biggest
  municipality;
- `list` — the project list with filters (stage, several stages, department, search, source and
  year, a second page), as that coordinator;
- `detail` — the project page of 400 projects of that direction in every stage;
- `transition` — submit_card / return_card POSTs over the complete draft cards of the municipality.

Beside each page, in the same run, the Django admin's changelist of the same projects (bench/urls.py):
the coordinator's projects; the same filters; the project itself; the pool's projects. Prints
p50/p95/p99 and errors per page and writes them with the peak memory of the gunicorn workers to
--out (JSON). Run by bench/run.py; alone:

    .venv/bin/python bench/load.py --database leanproj_bench_x --facts facts.json --out load.json"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, bench_env, children, loadavg, memory_kib, ms, percentile  # noqa: E402

USERS = 25
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "3"))  # docker-compose.yml / Dockerfile
DURATIONS = {"dashboard": 45, "list": 45, "detail": 45, "transition": 60}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- Sessions and the plan of the locust users ----------------------------------------------------


def make_plan(facts: dict, host: str) -> dict:
    """Logged-in sessions (written straight into the session store, as django.contrib.auth.login
    does) and the URLs of every scenario."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from leanproj.security import LOGIN_AT
    from org.models import User

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    users = {}

    def cookie(pk: int) -> str:
        user = users.get(pk) or users.setdefault(pk, User.objects.get(pk=pk))
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[LOGIN_AT] = time.time()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    main = facts["main"]
    c, m = main["coordinator"], main["municipality"]
    coordinator = [cookie(c) for _ in range(USERS)]
    admin = [cookie(facts["admin"]) for _ in range(USERS)]
    changelist = "/bench-admin/projects/project/"
    mine = f"department__direction__coordinator__id__exact={c}"
    d0, d1 = main["departments"][0], main["departments"][-1]
    year = facts["today"][:4]
    filters = [
        ("?status=implementation", f"?status__exact=implementation&{mine}"),
        (
            "?status=card_review&status=plan_review&status=report_review",
            f"?status__in=card_review,plan_review,report_review&{mine}",
        ),
        (f"?department={d0}", f"?department__id__exact={d0}"),
        (f"?status=closed&department={d1}", f"?status__exact=closed&department__id__exact={d1}"),
        (
            "?q=%D1%81%D0%BF%D1%80%D0%B0%D0%B2%D0%BE%D0%BA",
            f"?q=%D1%81%D0%BF%D1%80%D0%B0%D0%B2%D0%BE%D0%BA&{mine}",
        ),  # «справок»
        (f"?source=complaint&year={year}", f"?source__exact=complaint&created_at__year={year}&{mine}"),
        ("?status=closed&page=2", f"?status__exact=closed&{mine}&p=1"),
    ]
    pool = []
    alphabet = string.ascii_letters + string.digits
    for item in main["draft_pool"]:
        pool.append(
            {
                "project": item["project"],
                "lead_cookie": cookie(item["lead"]),
                "coordinator_cookie": cookie(item["coordinator"]),
                "csrf": "".join(secrets.choice(alphabet) for _ in range(32)),
            }
        )
    detail = main["detail_pool"]
    return {
        "host": host,
        "think": [0.5, 1.5],
        "scenarios": {
            "dashboard": {
                "pages": [{"name": "dashboard", "urls": ["/"], "cookies": coordinator}],
                "baseline": {"name": "admin: dashboard", "urls": [f"{changelist}?{mine}"], "cookies": admin},
            },
            "list": {
                "pages": [
                    {"name": "list", "urls": [f"/projects/{f}" for f, _ in filters], "cookies": coordinator}
                ],
                "baseline": {
                    "name": "admin: list",
                    "urls": [changelist + a for _, a in filters],
                    "cookies": admin,
                },
            },
            "detail": {
                "pages": [
                    {"name": "detail", "urls": [f"/projects/{pk}/" for pk in detail], "cookies": coordinator}
                ],
                "baseline": {
                    "name": "admin: detail",
                    "urls": [f"{changelist}?id__exact={pk}" for pk in detail],
                    "cookies": admin,
                },
            },
            "transition": {
                "pool": pool,
                "baseline": {
                    "name": "admin: transition",
                    "urls": [f"{changelist}?municipality__id__exact={m}&status__in=draft,card_review"],
                    "cookies": admin,
                },
            },
        },
    }


# --- gunicorn ------------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, env: dict, logdir: Path):
        self.port = free_port()
        self.host = f"http://127.0.0.1:{self.port}"
        self.log = open(logdir / "gunicorn.log", "w")  # noqa: SIM115 — kept open while it runs
        self.proc = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "leanproj.wsgi:application",
                "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
                "--access-logfile", str(logdir / "access.log"), "--timeout", "120",
            ],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.host}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start: see {logdir / 'gunicorn.log'}")

    def workers(self) -> list[int]:
        return children(self.proc.pid)

    def memory(self) -> dict:
        workers = [memory_kib(pid) for pid in self.workers()]
        return {
            "workers": len(workers),
            "peak_kib": max((w.get("VmHWM", 0) for w in workers), default=0),
            "rss_kib": max((w.get("VmRSS", 0) for w in workers), default=0),
            "master_kib": memory_kib(self.proc.pid).get("VmHWM", 0),
        }

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


# --- locust ------------------------------------------------------------------------------------


def locust(plan_path: Path, scenario: str, seconds: int, host: str, out: Path, env: dict) -> list:
    cmd = [
        PYTHON, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-u", str(USERS), "-r", str(USERS), "-t", f"{seconds}s", "--stop-timeout", "10",
        "--host", host, "--only-summary", "--loglevel", "ERROR",
    ]  # fmt: skip
    run_env = dict(env, BENCH_PLAN=str(plan_path), BENCH_SCENARIO=scenario, BENCH_OUT=str(out))
    if scenario == "transition":
        state = out.with_suffix(".state.json")
        state.write_text(json.dumps(pool_state(env, plan_path)))
        run_env["BENCH_POOL_STATE"] = str(state)
    subprocess.run(cmd, cwd=ROOT, env=run_env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return json.loads(out.read_text())


def pool_state(env: dict, plan_path: Path) -> dict:
    ids = [item["project"] for item in json.loads(plan_path.read_text())["scenarios"]["transition"]["pool"]]
    out = subprocess.run(
        [PYTHON, "-c", "import django,json,sys;django.setup();from projects.models import Project;"
         "ids=json.loads(sys.stdin.read());"
         "print(json.dumps({str(k): v for k, v in Project.objects.filter(pk__in=ids).values_list('pk', 'status')}))"],
        cwd=ROOT, env=env, input=json.dumps(ids), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def summarise(samples: list, seconds: float) -> dict:
    by_name: dict[str, list] = {}
    for name, took, ok in samples:
        by_name.setdefault(name, []).append((took, ok))
    result = {}
    for name, rows in by_name.items():
        times = sorted(t for t, _ in rows)
        result[name] = {
            "requests": len(rows),
            "errors": sum(1 for _, ok in rows if not ok),
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "p99": percentile(times, 99),
            "max": times[-1],
            "rps": round(len(rows) / seconds, 1),
        }
    return result


def journal_mark(env: dict) -> int:
    out = subprocess.run(
        [PYTHON, "-c", "import django;django.setup();from projects.models import JournalEntry as J;"
         "from django.db.models import Max;print(J.objects.aggregate(m=Max('id'))['m'] or 0)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(out.stdout.strip())


def journal_acts_since(env: dict, mark: int) -> dict:
    out = subprocess.run(
        [PYTHON, "-c", "import django,json;django.setup();from projects.models import JournalEntry as J;"
         "from django.db.models import Count;"
         f"print(json.dumps(dict(J.objects.filter(id__gt={mark}).values_list('action').annotate(n=Count('id')))))"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def flush_redis(env: dict) -> None:
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def run_load(database: str, facts: dict, *, static_root: str, durations: dict, say=print) -> dict:
    env = bench_env(database, DJANGO_STATIC_ROOT=static_root)
    with tempfile.TemporaryDirectory(prefix="leanproj_bench_load_") as tmp:
        tmp = Path(tmp)
        server = Gunicorn(env, tmp)
        try:
            plan = make_plan_subprocess(env, facts, server.host, tmp)
            plan_path = tmp / "plan.json"
            plan_path.write_text(json.dumps(plan))
            for scenario in durations:  # warm every worker: templates, the calendar, PostgreSQL's cache
                locust(plan_path, scenario, 6, server.host, tmp / "warm.json", env)
            results = {}
            for scenario, seconds in durations.items():
                mark = journal_mark(env) if scenario == "transition" else None
                before = loadavg()
                started = time.monotonic()
                samples = locust(plan_path, scenario, seconds, server.host, tmp / f"{scenario}.json", env)
                took = time.monotonic() - started
                stats = summarise(samples, seconds)
                entry = {
                    "stats": stats,
                    "load_before": before,
                    "load_after": loadavg(),
                    "memory": server.memory(),
                }
                if mark is not None:
                    acts = journal_acts_since(env, mark)
                    entry["journal"] = acts
                    done = sum(acts.get(a, 0) for a in ("submit_card", "return_card"))
                    ok = sum(
                        s["requests"] - s["errors"]
                        for n, s in stats.items()
                        if n in ("submit_card", "return_card")
                    )
                    entry["journal_matches"] = done == ok
                results[scenario] = entry
                line = "; ".join(
                    f"{name} p50 {ms(s['p50'])} p95 {ms(s['p95'])} p99 {ms(s['p99'])} ms, {s['requests']} req, {s['errors']} err"
                    for name, s in sorted(stats.items())
                )
                say(f"   {scenario:<10} ({took:.0f} s, load {before[0]:.2f}→{loadavg()[0]:.2f}): {line}")
            memory = server.memory()
        finally:
            server.stop()
            flush_redis(env)
    return {"scenarios": results, "memory": memory, "workers": WORKERS, "users": USERS, "think": [0.5, 1.5]}


def make_plan_subprocess(env: dict, facts: dict, host: str, tmp: Path) -> dict:
    """The sessions are written by a Django process of their own (this one stays free of Django)."""
    facts_path, out = tmp / "facts.json", tmp / "plan.json"
    facts_path.write_text(json.dumps(facts))
    subprocess.run(
        [PYTHON, str(ROOT / "bench" / "load.py"), "--make-plan", str(facts_path), "--host", host, "--out", str(out)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database")
    parser.add_argument("--facts")
    parser.add_argument("--out", required=True)
    parser.add_argument("--static-root", default=os.environ.get("DJANGO_STATIC_ROOT", ""))
    parser.add_argument("--scale-seconds", type=float, default=1.0, help="multiply every duration")
    parser.add_argument("--make-plan", help=argparse.SUPPRESS)
    parser.add_argument("--host", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_plan:
        plan = make_plan(json.loads(Path(args.make_plan).read_text()), args.host)
        Path(args.out).write_text(json.dumps(plan))
        return
    facts = json.loads(Path(args.facts).read_text())
    durations = {k: max(5, int(v * args.scale_seconds)) for k, v in DURATIONS.items()}
    result = run_load(args.database, facts, static_root=args.static_root, durations=durations)
    Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
