"""The users of the load benchmark (bench/load.py runs `locust --headless` with this file).

Every user clicks, waits 0.5–1.5 s (uniform) and clicks again. Each click is, with equal
probability, the product's page of the scenario or its baseline — the Django admin's changelist of
the same projects (bench/urls.py) — so both are measured in the same run under the same load.
The scenario comes from BENCH_SCENARIO, the URLs and session cookies from the JSON in BENCH_PLAN
(written by bench/load.py); every response time goes to BENCH_OUT as raw samples.

A GET counts as a success only with 200. The transition scenario takes projects from a pool of
complete draft cards: the project's lead submits the card (`submit_card`, п.13) and the
coordinator of its direction returns it (`return_card`, п.14), so every POST performs a real act
and the pool never runs dry; a POST counts as a success only when it redirects to the project
page without the refusal header of bench/middleware.py."""

from __future__ import annotations

import json
import os
import random
from collections import deque
from pathlib import Path

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text(encoding="utf-8"))
SCENARIO = PLAN["scenarios"][os.environ["BENCH_SCENARIO"]]
THINK = PLAN.get("think", [0.5, 1.5])
SAMPLES: list[tuple[str, float, bool]] = []
POOL = deque(SCENARIO.get("pool", []))
# Where each pool project stands now (a previous run may have left a card under review).
STATE = (
    json.loads(Path(os.environ["BENCH_POOL_STATE"]).read_text()) if os.environ.get("BENCH_POOL_STATE") else {}
)
STATE = {item["project"]: STATE.get(str(item["project"]), "draft") for item in POOL}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    SAMPLES.append((name, response_time, exception is None))


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as out:
        json.dump(SAMPLES, out)


class Clicker(FastHttpUser):
    wait_time = between(*THINK)

    def _get(self, page: dict) -> None:
        i = random.randrange(len(page["urls"]))
        url = page["urls"][i]
        cookie = page["cookies"][random.randrange(len(page["cookies"]))]
        self.client.cookiejar.clear()
        with self.client.get(url, headers={"Cookie": cookie}, name=page["name"], catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    def _act(self) -> None:
        if not POOL:
            return
        item = POOL.popleft()
        project = item["project"]
        if STATE[project] == "draft":
            act, cookie, data = "submit_card", item["lead_cookie"], "expected_status=draft"
        else:
            comment = "%D0%94%D0%BE%D1%80%D0%B0%D0%B1%D0%BE%D1%82%D0%B0%D1%82%D1%8C"  # «Доработать»
            act, cookie, data = (
                "return_card",
                item["coordinator_cookie"],
                f"expected_status=card_review&comment={comment}",
            )
        token = item["csrf"]
        self.client.cookiejar.clear()
        try:
            with self.client.post(
                f"/projects/{project}/act/{act}/",
                data=data,
                headers={
                    "Cookie": f"{cookie}; csrftoken={token}",
                    "X-CSRFToken": token,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
                name=act,
                allow_redirects=False,
                catch_response=True,
            ) as r:
                location = r.headers.get("Location", "")
                if r.status_code != 302 or not location.endswith(f"/projects/{project}/"):
                    r.failure(f"HTTP {r.status_code} → {location}")
                elif r.headers.get("X-Bench-Refused"):
                    r.failure("refused")  # the act was not performed: an error, not a success
                else:
                    STATE[project] = "card_review" if act == "submit_card" else "draft"
        finally:
            POOL.append(item)

    def on_start(self):
        self.pages = SCENARIO.get("pages", [])
        self.baseline = SCENARIO["baseline"]

    @task
    def click(self):
        if random.random() < 0.5:
            self._get(self.baseline)
        elif "pool" in SCENARIO:
            self._act()
        else:
            self._get(self.pages[random.randrange(len(self.pages))])
