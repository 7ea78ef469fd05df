"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server
(DESIGN §8; issue 11).

Each test gets a `ui` — one Chromium with as many pages (each its own context: its own cookies) as
the scenario needs. When a test fails, the screenshot and the HTML of every page it opened are saved
under $LEANPROJ_ARTIFACTS (default: test-artifacts/ beside manage.py; `.ci/run` prints the path), with
the step the scenario was in and the page's address."""

from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OFFICE_SCREEN = {"width": 1366, "height": 768}  # CONVENTIONS: every page usable at 1366×768
ROOT = Path(__file__).resolve().parents[2]


def artifacts_dir() -> Path:
    return Path(os.environ.get("LEANPROJ_ARTIFACTS") or ROOT / "test-artifacts")


def evidence_dir(nodeid: str) -> Path:
    return artifacts_dir() / re.sub(r"[^\w.-]+", "_", nodeid).strip("_")


class UI:
    """The browser of one test: pages, the scenario's current step, and the evidence on failure."""

    def __init__(self, browser, base_url: str, nodeid: str):
        self.browser = browser
        self.nodeid = nodeid
        self.base_url = base_url
        self.pages: list = []
        self.contexts: list = []
        self.step_name = ""

    def new_page(self):
        """A fresh window with its own cookies: a person at his own computer."""
        context = self.browser.new_context(
            viewport=OFFICE_SCREEN, locale="ru-RU", timezone_id="Asia/Tomsk", accept_downloads=True
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        # htmx asks before deleting a row (hx-confirm): a person answers «OK».
        page.on("dialog", lambda dialog: dialog.accept())
        self.contexts.append(context)
        self.pages.append(page)
        return page

    def url(self, path: str) -> str:
        return self.base_url + path

    @contextmanager
    def step(self, name: str):
        """Names the part of the scenario that runs; a failure inside leaves the name for the report."""
        self.step_name = name
        yield

    def snapshot(self, page, label: str) -> None:
        """Evidence of one page kept while the test goes on (a check that collects its failures)."""
        folder = evidence_dir(self.nodeid)
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / re.sub(r"[^\w.-]+", "_", label)
        page.screenshot(path=str(stem.with_suffix(".png")), full_page=True)
        stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")

    def save_evidence(self, nodeid: str) -> Path:
        folder = evidence_dir(nodeid)
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"test: {nodeid}", f"step: {self.step_name or '—'}"]
        for n, page in enumerate(self.pages, start=1):
            if page.is_closed():
                continue
            stem = folder / f"page{n}"
            try:
                lines.append(f"page{n}: {page.url}")
                page.screenshot(path=str(stem.with_suffix(".png")), full_page=True, timeout=10_000)
                stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
            except Exception as exc:  # the evidence must never hide the failure itself
                lines.append(f"page{n}: evidence not saved: {exc!r}")
        (folder / "step.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return folder


@pytest.fixture
def ui(request, live_server, settings, tmp_path, monkeypatch):
    """Chromium for one test, started after the test's data is written: Playwright's sync API
    switches greenlets, so the Django connections opened while it runs are closed before it stops."""
    from django.core.cache import cache
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("нужен Chromium: /usr/bin/chromium (пакет Debian chromium; scripts/test.sh ставит его)")
    # The live server runs Django in a thread of this process, and the test reads the database
    # while Playwright's event loop runs in this thread: Django must allow it (DESIGN §8).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    expect.set_options(timeout=15_000)  # a loaded CI machine answers slower than 5 s now and then
    shutil.rmtree(evidence_dir(request.node.nodeid), ignore_errors=True)  # a previous run's evidence
    cache.clear()  # the survey's submission limit counts in the cache
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        session = UI(browser, live_server.url, request.node.nodeid)
        try:
            yield session
        finally:
            connections.close_all()
            for context in session.contexts:
                context.close()
            browser.close()
    cache.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when not in ("setup", "call") or not report.failed:
        return
    session = item.funcargs.get("ui") if hasattr(item, "funcargs") else None
    if not isinstance(session, UI) or not session.pages:
        return
    folder = session.save_evidence(item.nodeid)
    report.sections.append(
        ("browser evidence", f"step: {session.step_name or '—'}\nscreenshots and HTML: {folder}")
    )
