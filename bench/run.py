"""Every benchmark in one run (`bash bench/run.sh`, BENCHMARKS.md): prints one table and writes the
figures to bench/results/ (git-ignored) as JSON and as the Markdown table BENCHMARKS.md quotes.

Parts, in this order (--only picks some of them):

- `load` — a throwaway database `leanproj_bench_<scale>` (migrated, then filled by bench/generate.py:
  10 000 projects of a region by default), gunicorn + 25 locust users (bench/load.py): p50/p95/p99
  and errors of the dashboard, the project list, the project page and a transition POST, each beside
  the Django admin's changelist of the same projects; the peak memory of a gunicorn worker;
- `documents` — card PDF, defence presentation PDF and PPTX, registry of 10 000 projects to Excel
  (bench/bench_documents.py);
- `scan` — the reminder scan over 100 000 open deadlines with 1 000 due, in the process and in a
  Celery worker (its peak memory), and `manage.py send_reminders` under hyperfine when installed
  (bench/bench_scan.py);
- `queries` — query counts of every page at 1 and at 50 rows (bench/queries.py);
- `map` — the SVG of a 200-step process map (bench/bench_map_svg.py).

Every database is made here or by Django's test machinery under the `leanproj_bench_` prefix and
dropped at the end (--keep keeps the load database, --reuse takes it again without generating).
--quick: the municipality (1 000 projects), short load scenarios, fewer runs, 10 000 deadlines —
a smoke test of the whole chain in a few minutes, not figures to quote."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import PREFIX, PYTHON, ROOT, bench_env, loadavg, ms  # noqa: E402

PARTS = ("load", "documents", "scan", "queries", "map")
RESULTS = ROOT / "bench" / "results"

# The targets of issue 12 (BENCHMARKS.md).
DASHBOARD_P95_MS = 150
CARD_S, PRESENTATION_S, REGISTRY_S, SCAN_S, MAP_MS = 0.300, 1.0, 5.0, 2.0, 100


def say(text: str) -> None:
    print(f"\033[1m==> {text}\033[0m", flush=True)


def python(script: str, *args: str, env: dict, log: Path | None = None) -> None:
    """Runs a bench script; its output goes to the terminal (and to `log`)."""
    cmd = [PYTHON, str(ROOT / "bench" / script), *args]
    if log is None:
        common.run(cmd, env=env)
        return
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for line in proc.stdout:
            sys.stdout.write("   " + line)
            out.write(line)
        if proc.wait():
            raise subprocess.CalledProcessError(proc.returncode, cmd)


def stale_databases() -> list[str]:
    with common.pg_admin() as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX + "%"]
        ).fetchall()
    return [r[0] for r in rows]


def _flush_redis() -> None:
    try:
        import redis

        redis.Redis.from_url(common.REDIS).flushdb()
    except Exception as error:  # noqa: BLE001 — a leftover queue is not worth failing the run
        say(f"Redis {common.REDIS} not flushed: {error}")


def versions() -> dict:
    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return "?"

    with common.pg_admin() as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    try:
        import redis

        redis_version = redis.Redis.from_url(common.REDIS).info("server")["redis_version"]
    except Exception:  # noqa: BLE001 — only a label of the table
        redis_version = "?"
    return {
        "postgres_server": pg,
        "redis": redis_version,
        "python": sys.version.split()[0],
        "gunicorn_workers": int(os.environ.get("BENCH_GUNICORN_WORKERS", "3")),
        "hyperfine": out(["hyperfine", "--version"]) if shutil.which("hyperfine") else None,
        "commit": out(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        "dirty": bool(out(["git", "-C", str(ROOT), "status", "--porcelain"])),
    }


# --- Parts ----------------------------------------------------------------------------------------


def part_load(args, work: Path, report: dict) -> None:
    from bench.load import DURATIONS, run_load

    database = f"{PREFIX}_{args.scale}"
    facts_path = RESULTS / f"facts-{args.scale}.json"
    env = bench_env(database, DJANGO_STATIC_ROOT=str(work / "static"))
    if args.reuse and common.database_exists(database) and facts_path.exists():
        say(f"load: reusing {database} (--reuse)")
    else:
        say(f"load: database {database}, migrate, generate --scale {args.scale}")
        common.create_database(database)
        started = time.monotonic()
        common.run([PYTHON, "manage.py", "migrate", "--verbosity", "0"], env=env)
        python("generate.py", "--scale", args.scale, "--facts", str(facts_path), env=env)
        report["generate_seconds"] = round(time.monotonic() - started, 1)
    facts = json.loads(facts_path.read_text())
    report["scale"] = {"name": args.scale, "label": facts["label"], "rows": sum(facts["rows"].values())}
    if args.wait_quiet:
        common.wait_for_quiet(args.wait_quiet, tries=10, pause=30, say=lambda t: say("load: " + t.strip()))
    factor = 0.15 if args.quick else args.load_seconds
    durations = {k: max(5, int(v * factor)) for k, v in DURATIONS.items()}
    say(f"load: gunicorn + 25 users, {sum(durations.values())} s of scenarios after a warm-up")
    report["load"] = run_load(
        database, facts, static_root=str(work / "static"), durations=durations, say=print
    )
    report["load"]["durations"] = durations
    report["load"]["coordinator_projects"] = facts["main"]["direction_projects"]
    if not args.keep:
        common.drop_database(database)


def collectstatic(work: Path) -> None:
    """The manifest storage of production needs collected files to render a page."""
    say("collectstatic (the manifest storage of production) into a temporary directory")
    env = bench_env(f"{PREFIX}_static", DJANGO_STATIC_ROOT=str(work / "static"))
    common.run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env)


def part_documents(args, work: Path, report: dict) -> None:
    say("documents: card PDF, presentation PDF/PPTX, registry Excel")
    out = work / "documents.json"
    runs = ["--runs", "6", "--projects", "1000", "--registry-runs", "1"] if args.quick else []
    # The test settings: the data is built with the test suite's factories under a frozen clock.
    env = bench_env(f"{PREFIX}_documents", DJANGO_SETTINGS_MODULE="leanproj.settings.test")
    python("bench_documents.py", *runs, "--json", str(out), env=env, log=work / "documents.log")
    report["documents"] = json.loads(out.read_text())


def part_scan(args, work: Path, report: dict) -> None:
    say("scan: reminders over open deadlines (process, Celery worker, cold command)")
    out = work / "scan.json"
    sizes = ["--deadlines", "10000", "--due", "1000"] if args.quick else []
    extra = ["--celery"] + (["--hyperfine"] if shutil.which("hyperfine") and not args.quick else [])
    python(
        "bench_scan.py", *sizes, *extra, "--json", str(out),
        env=bench_env(f"{PREFIX}_scan"), log=work / "scan.log",
    )  # fmt: skip
    report["scan"] = json.loads(out.read_text())


def part_queries(args, work: Path, report: dict) -> None:
    say("queries: every page at 1 and at 50 rows")
    out = work / "queries.json"
    env = bench_env(f"{PREFIX}_queries", DJANGO_STATIC_ROOT=str(work / "static"))
    python("queries.py", "--json", str(out), env=env, log=work / "queries.log")
    report["queries"] = json.loads(out.read_text())


def part_map(args, work: Path, report: dict) -> None:
    say("map: SVG of a 200-step process map")
    out = work / "map.json"
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
        DJANGO_SETTINGS_MODULE="leanproj.settings.test",
    )
    env["DATABASE_URL"] = "sqlite://:memory:"
    python("bench_map_svg.py", "--json", str(out), env=env, log=work / "map.log")
    report["map"] = json.loads(out.read_text())


# --- The table ---------------------------------------------------------------------------------------


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "MISSED")


def table(report: dict) -> str:
    """The Markdown table of BENCHMARKS.md."""
    lines: list[str] = []
    load = report.get("load")
    if load:
        scale = report["scale"]["label"]
        lines += [
            f"#### Pages under load — {scale}, {load['users']} users, gunicorn {load['workers']} sync workers",
            "",
            "| page | requests | errors | p50 ms | p95 ms | p99 ms | admin changelist p50 / p95 ms"
            " | p95 ratio | load avg (1 min) before → after |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for scenario, entry in load["scenarios"].items():
            stats = entry["stats"]
            base = stats.get(f"admin: {scenario}")
            names = [n for n in stats if not n.startswith("admin: ")]
            for name in sorted(names):
                s = stats[name]
                ratio = f"{s['p95'] / base['p95']:.2f}" if base and base["p95"] else "—"
                lines.append(
                    f"| {name} | {s['requests']} | {s['errors']} | {ms(s['p50'])} | {ms(s['p95'])} | "
                    f"{ms(s['p99'])} | {ms(base and base['p50'])} / {ms(base and base['p95'])} | {ratio} | "
                    f"{entry['load_before'][0]:.2f} → {entry['load_after'][0]:.2f} |"
                )
        mem = load["memory"]
        acts = load["scenarios"].get("transition", {})
        if "journal" in acts:
            done = sum(acts["journal"].get(a, 0) for a in ("submit_card", "return_card"))
            lines += [
                "",
                f"Transitions: {done} acts in the journal for as many successful POSTs: "
                + ("yes." if acts["journal_matches"] else "NO — the journal and the answers disagree."),
            ]
        lines += [
            "",
            f"Peak resident memory of a gunicorn worker after every scenario: {mem['peak_kib'] / 1024:.0f} MiB "
            f"(now {mem['rss_kib'] / 1024:.0f} MiB; the master {mem['master_kib'] / 1024:.0f} MiB).",
            "",
        ]
    lines += ["#### Targets", "", "| measurement | result | target | verdict |", "|---|---:|---|---|"]
    for row in targets(report):
        lines.append("| " + " | ".join(row) + " |")
    docs = report.get("documents")
    if docs:
        lines += ["", "#### Documents (warm process, test settings on PostgreSQL)", ""]
        lines += ["| document | median ms | min ms | max ms | runs |", "|---|---:|---:|---:|---:|"]
        for d in docs:
            lines.append(
                f"| {d['name']} | {ms(d['median'] * 1000)} | {ms(d['min'] * 1000)} | "
                f"{ms(d['max'] * 1000)} | {d['runs']} |"
            )
    scan = report.get("scan")
    if scan:
        lines += ["", "#### Reminder scan", ""]
        lines.append(
            f"{thousands(scan['deadlines'])} open deadlines, {thousands(scan['due'])} due: scan "
            f"{scan['scan_seconds']:.3f} s ({scan['claimed']} reminders claimed, {scan['queries']} queries, "
            f"per batch {scan['queries_per_batch']}); repeated scan {scan['repeated_scan_seconds']:.3f} s; "
            f"delivery of {scan['mails']} mails {scan['delivery_seconds']:.3f} s."
        )
        if "celery" in scan:
            c = scan["celery"]
            lines.append(
                f"In a Celery worker: the task {c['scan_seconds']:.3f} s, with the delivery "
                f"{c['with_delivery_seconds']:.3f} s; peak memory of the pool process "
                f"{c['peak_kib'] / 1024:.0f} MiB (main {c['main_peak_kib'] / 1024:.0f} MiB)."
            )
        if "command" in scan:
            c = scan["command"]
            lines.append(
                f"`manage.py send_reminders`, a cold process (hyperfine, 5 runs): mean {c['mean']:.3f} s "
                f"± {c['stddev']:.3f} s, min {c['min']:.3f} s."
            )
    queries = report.get("queries")
    if queries:
        lines += ["", "#### Query counts", "", "| page | 1 row | 50 rows | equal |", "|---|---:|---:|---|"]
        for q in queries:
            ok = q["equal"] and q.get("one_ok", True) and q.get("fifty_ok", True)
            mark = (
                "yes"
                if ok
                else ("NO" if not q["equal"] else f"HTTP {q.get('one_status')}/{q.get('fifty_status')}")
            )
            lines.append(f"| {q['page']} | {q.get('one', '—')} | {q.get('fifty', '—')} | {mark} |")
    return "\n".join(lines) + "\n"


def _doc(report: dict, prefix: str) -> dict | None:
    return next((d for d in report.get("documents", []) if d["name"].startswith(prefix)), None)


def targets(report: dict) -> list[list[str]]:
    rows = []
    load = report.get("load")
    if load and "dashboard" in load["scenarios"]:
        stats = load["scenarios"]["dashboard"]["stats"]
        d, a = stats.get("dashboard"), stats.get("admin: dashboard")
        if d:
            rows.append(
                [
                    f"dashboard p95, {report['scale']['label']}",
                    f"{ms(d['p95'])} ms",
                    f"< {DASHBOARD_P95_MS} ms",
                    verdict(d["p95"] < DASHBOARD_P95_MS),
                ]
            )
        if d and a:
            rows.append(
                [
                    "dashboard p95 / admin changelist p95",
                    f"{ms(d['p95'])} / {ms(a['p95'])} ms = {d['p95'] / a['p95']:.2f}",
                    "≤ 1",
                    verdict(d["p95"] <= a["p95"]),
                ]
            )
        errors = sum(s["errors"] for e in load["scenarios"].values() for s in e["stats"].values())
        rows.append(["errors under load (all pages)", str(errors), "0", verdict(errors == 0)])
    for prefix, label, limit in (
        ("card PDF, signed", "card PDF (signed, median)", CARD_S),
        ("card PDF, draft", "card PDF (draft, median)", CARD_S),
        ("defence presentation PDF", "presentation PDF (median)", PRESENTATION_S),
        ("defence presentation .pptx", "presentation PPTX (median)", PRESENTATION_S),
        ("registry of", "registry to Excel (median)", REGISTRY_S),
    ):
        d = _doc(report, prefix)
        if d:
            name = d["name"] if prefix == "registry of" else label
            rows.append(
                [
                    name,
                    f"{ms(d['median'] * 1000)} ms",
                    f"< {ms(limit * 1000)} ms",
                    verdict(d["median"] < limit),
                ]
            )
    scan = report.get("scan")
    if scan:
        rows.append(
            [
                f"scan of {thousands(scan['deadlines'])} open deadlines, {thousands(scan['due'])} due",
                f"{scan['scan_seconds'] * 1000:.0f} ms",
                f"< {SCAN_S:.0f} s",
                verdict(scan["scan_seconds"] < SCAN_S),
            ]
        )
    queries = report.get("queries")
    if queries:
        equal = sum(1 for q in queries if q["equal"])
        broken = [q["page"] for q in queries if not (q.get("one_ok", True) and q.get("fifty_ok", True))]
        rows.append(
            [
                "query counts equal at 1 and 50 rows",
                f"{equal} of {len(queries)} pages" + (f"; not 200/302: {len(broken)}" if broken else ""),
                "all",
                verdict(equal == len(queries) and not broken),
            ]
        )
    m = report.get("map")
    if m:
        rows.append(
            [
                "SVG of a 200-step map (median)",
                f"{m['median_ms']:.1f} ms",
                f"< {MAP_MS} ms",
                verdict(m["median_ms"] < MAP_MS),
            ]
        )
    if load:
        rows.append(
            ["peak memory of a gunicorn worker", f"{load['memory']['peak_kib'] / 1024:.0f} MiB", "—", "—"]
        )
    if scan and "celery" in scan:
        rows.append(
            [
                "peak memory of a Celery worker (scan)",
                f"{scan['celery']['peak_kib'] / 1024:.0f} MiB",
                "—",
                "—",
            ]
        )
    return rows


# --- Main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts ({','.join(PARTS)})")
    parser.add_argument("--quick", action="store_true", help="a smoke test: small data, short runs")
    parser.add_argument(
        "--scale", choices=("municipality", "region10k", "region100k"), help="data of the load part"
    )
    parser.add_argument(
        "--load-seconds", type=float, default=1.0, help="multiply every load scenario's duration"
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        metavar="LOAD",
        help="before the load part, wait (≤ 5 min) for a 1-minute load average under LOAD",
    )
    parser.add_argument("--keep", action="store_true", help="keep the load database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept load database")
    args = parser.parse_args()
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    args.scale = args.scale or ("municipality" if args.quick else "region10k")

    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in stale_databases():  # left by an interrupted run
        if not (args.reuse and name == f"{PREFIX}_{args.scale}"):
            say(f"dropping {name}, left by an earlier run")
            common.drop_database(name)

    started = time.monotonic()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    report: dict = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "parts": parts,
        "machine": common.machine() | versions(),
        "load_start": loadavg(),
    }
    say(
        f"{report['machine']['cores']} cores, {report['machine']['ram_gib']} GiB, PostgreSQL "
        f"{report['machine']['postgres_server']}, Redis {report['machine']['redis']}; load average "
        + " ".join(f"{x:.2f}" for x in report["load_start"])
    )
    failed = []
    with tempfile.TemporaryDirectory(prefix="leanproj_bench_") as tmp:
        work = Path(tmp)
        if {"load", "queries"} & set(parts):
            collectstatic(work)
        for part in parts:
            part_started = time.monotonic()
            try:
                globals()[f"part_{part}"](args, work, report)
            except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
                failed.append(part)
                say(f"{part}: FAILED — {error}")
                for log in work.glob("*.log"):
                    if log.stem == part:
                        print(log.read_text()[-3000:])
            report.setdefault("part_seconds", {})[part] = round(time.monotonic() - part_started, 1)
        logs = {log.name: log.read_text() for log in work.glob("*.log")}
    if not args.keep:
        for name in stale_databases():
            common.drop_database(name)
    _flush_redis()  # the bench's own Redis database: what the cold `send_reminders` queued
    report["load_end"] = loadavg()
    report["seconds"] = round(time.monotonic() - started, 1)
    report["failed"] = failed
    markdown = table(report)
    name = f"{stamp}{'-quick' if args.quick else ''}"
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    (RESULTS / f"{name}.md").write_text(markdown)
    (RESULTS / f"{name}.logs.json").write_text(json.dumps(logs, indent=1, ensure_ascii=False))
    print()
    print(markdown)
    say(
        f"done in {report['seconds'] / 60:.1f} min; load average at the end "
        + " ".join(f"{x:.2f}" for x in report["load_end"])
        + f"; bench/results/{name}.json and .md"
        + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
