"""Query counts of the pages at 1 row and at 50 rows: a page whose count grows with its rows has an
N+1 and will not survive a region of 100 000 projects.

Three municipalities are generated (bench/generate.py) in a throwaway database:

- «1»: one project in every stage, each with one row of everything (team member, indicator,
  stakeholder, map step and problem, activity, meeting, answer, legal act, returned card …);
- «50 projects»: fifty projects in every stage, one row of everything each — for the pages that
  list projects (dashboards, project list, inbox, signing queue, the admin's changelist);
- «50 rows»: one project in every stage with fifty rows of everything — for the pages of a project.

Every open clock is overdue and every unfinished activity is late, so no list on a page is empty.
Each page is requested through Django's test client with the bench settings (production + the
bench admin), once to warm and once counted. Prints the table; --json writes it.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://postgres@127.0.0.1:5432/leanproj_bench_q \\
        .venv/bin/python bench/queries.py"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

STATUSES = [
    "draft",
    "card_review",
    "card_signing",
    "current_map",
    "target_map",
    "plan_drafting",
    "plan_review",
    "plan_rework",
    "implementation",
    "results",
    "report_review",
    "defence",
    "closed",
    "rejected",
    "suspended",
]


PROJECT_PAGES = ("project page", "plan", "kanban", "indicators", "current map", "target map", "problems",
                 "meeting", "results", "survey", "submit_card")  # fmt: skip


def sizes(n: int):
    from bench.generate import Sizes

    one = (n, n)
    return Sizes(
        members=one,
        perimeter=(min(n, 12),) * 2,
        indicators=one,
        stakeholders=one,
        lanes=(min(n, 7),) * 2,
        steps=one,
        problems=one,
        extra_activities=(0, 0),
        responses=one,
        invitations=one,
        legal_acts=one,
        card_returns=(max(1, n // 2),) * 2,
        team_meetings=one,
        complete_draft_share=1.0,
        team_from_anyone=True,
        overdue=True,
        plain=True,
    )


def build() -> dict:
    from bench.generate import Generator, prepare_bulk_writes

    prepare_bulk_writes()
    worlds = {}
    for k, (name, per_status, rows) in enumerate((("1", 1, 1), ("50 projects", 50, 1), ("50 rows", 1, 50))):
        gen = Generator(seed=20 + k, sizes=sizes(rows))
        org = gen.municipality(k, people=120, directions=1)
        plans = gen.plans(org, per_status * len(STATUSES), statuses=STATUSES)
        gen.projects(org, plans)
        if rows == 1 and per_status == 1:
            _one_complaint(org)
        by_status = {}
        for p in plans:
            by_status.setdefault(p.status, p.idx["project"].pk)
        worlds[name] = {
            "coordinator": org["coordinators"][0],
            "mayor": org["mayor"],
            "authority": org["authority"][0],
            "lead": gen.people[next(p.lead for p in plans if p.status == "card_review")],
            "project": by_status,
            "plans": plans,
            "municipality": org["municipality"],
        }
    return worlds


def _one_complaint(org: dict) -> None:
    """The generator registers a complaint for every twentieth project: none among the fifteen
    projects of «1». The registry at 1 row needs one (with none, it skips its list query)."""
    import datetime as dt

    from django.utils import timezone

    from projects.models import Complaint

    if not Complaint.objects.filter(municipality=org["municipality"]).exists():
        Complaint.objects.create(
            municipality=org["municipality"],
            channel="direct",
            number="П-000001",
            received_on=dt.date.today(),
            text="Обращение о качестве услуги",
            department=org["departments"][0],
            decision="pending",
            registered_by=org["authority"][0],
            registered_at=timezone.now(),
        )


def pages(world: dict) -> list[tuple[str, str, str, dict | None]]:
    """(page, who, url, POST data or None) for one world."""
    from maps.models import ProcessMap
    from projects.models import Meeting, Project
    from surveys.models import Survey

    p = world["project"]
    impl, closed = p["implementation"], p["closed"]
    c = world["coordinator"].pk
    survey = Survey.objects.filter(project_id=closed).order_by("phase").first()
    meeting = Meeting.objects.filter(project_id=impl).order_by("starts_at").first()
    assert ProcessMap.objects.filter(project_id=impl).count() == 2
    draft = Project.objects.get(pk=p["draft"])
    result = [
        ("dashboard of the coordinator «/»", "coordinator", "/", None),
        ("dashboard of the mayor «/»", "mayor", "/", None),
        ("dashboard of the authorised body «/»", "authority", "/", None),
        ("project list", "coordinator", "/projects/", None),
        (
            "project list with filters",
            "coordinator",
            "/projects/?status=implementation&status=closed&overdue=true",
            None,
        ),
        ("inbox of the coordinator", "coordinator", "/projects/inbox/", None),
        ("signing queue of the mayor", "mayor", "/projects/signing/", None),
        ("complaints registry", "authority", "/projects/complaints/", None),
        ("notifications", "lead", "/notifications/", None),
        (
            "admin changelist (baseline)",
            "admin",
            f"/bench-admin/projects/project/?department__direction__coordinator__id__exact={c}",
            None,
        ),
    ]
    for status in STATUSES:
        result.append((f"project page: {status}", "coordinator", f"/projects/{p[status]}/", None))
    result += [
        ("plan (implementation)", "coordinator", f"/projects/{impl}/plan/", None),
        ("kanban board (implementation)", "coordinator", f"/projects/{impl}/board/", None),
        ("indicators (implementation)", "coordinator", f"/projects/{impl}/indicators/", None),
        ("current map (implementation)", "coordinator", f"/projects/{impl}/maps/current/", None),
        ("target map (implementation)", "coordinator", f"/projects/{impl}/maps/target/", None),
        ("problems (implementation)", "coordinator", f"/projects/{impl}/problems/", None),
        ("meeting (implementation)", "coordinator", f"/projects/{impl}/meetings/{meeting.pk}/", None),
        ("results report (closed)", "coordinator", f"/projects/{closed}/results/", None),
        ("survey (closed)", "coordinator", f"/projects/{closed}/surveys/{survey.pk}/", None),
        (
            "submit_card POST (draft)",
            f"lead:{draft.lead_id}",
            f"/projects/{draft.pk}/act/submit_card/",
            {"expected_status": "draft"},
        ),
    ]
    return result


SHOW = ""


def _show(world: str, page: str, queries: list[dict]) -> None:
    """The queries of a page grouped by their SQL with the literals blanked: an N+1 is the line
    whose count follows the rows."""
    import re
    from collections import Counter

    shapes = Counter(re.sub(r"\b\d+\b|'[^']*'", "?", q["sql"])[:220] for q in queries)
    print(f"--- {page} [{world}]: {len(queries)} queries")
    for sql, n in shapes.most_common():
        print(f"{n:4d}  {sql}")


def count(worlds: dict) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from org.models import User

    admin = User.objects.create(username="benchadmin", is_staff=True, is_superuser=True)
    rows: dict[str, dict] = {}
    for world_name, world in worlds.items():
        for page, who, url, data in pages(world):
            of_project = page.startswith(PROJECT_PAGES)
            if (world_name == "50 projects" and of_project) or (world_name == "50 rows" and not of_project):
                continue
            if who == "admin":
                user = admin
            elif who.startswith("lead:"):
                user = User.objects.get(pk=int(who.split(":")[1]))
            else:
                user = world[who]
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            if data is None:
                client.get(url)  # warm: the calendar, the session, the translations
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url)
                ok = response.status_code == 200
            else:
                client.get("/")
                with CaptureQueriesContext(connection) as ctx:
                    response = client.post(url, data)
                ok = response.status_code == 302 and not response.get("X-Bench-Refused")
            if SHOW and SHOW in page:
                _show(world_name, page, ctx.captured_queries)
            row = rows.setdefault(page, {"page": page})
            key = "one" if world_name == "1" else "fifty"
            row[key] = len(ctx.captured_queries)
            row[f"{key}_ok"] = ok
            row[f"{key}_status"] = response.status_code
    result = []
    for row in rows.values():
        row["equal"] = row.get("one") == row.get("fifty")
        result.append(row)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the table to this file")
    parser.add_argument("--show", default="", help="print the queries of the pages whose name contains this")
    args = parser.parse_args()
    global SHOW
    SHOW = args.show

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_tmp"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        result = count(build())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    width = max(len(r["page"]) for r in result)
    print(f"{'page':<{width}}  {'1 row':>6}  {'50 rows':>7}")
    for r in result:
        flag = (
            ""
            if r["equal"] and r.get("one_ok") and r.get("fifty_ok")
            else "  ← "
            + ("differs" if not r["equal"] else f"HTTP {r.get('one_status')}/{r.get('fifty_status')}")
        )
        print(f"{r['page']:<{width}}  {r.get('one', '—'):>6}  {r.get('fifty', '—'):>7}{flag}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
