"""Hole 3 of issue 18, spreadsheet formula injection: every export the site offers (every URL whose
route or name says xlsx, pptx, csv or export, and every spreadsheet or slide deck of the documents
catalog) is downloaded from a site whose every text typed by a user starts with a formula —
`=HYPERLINK(…)`, `+1+1`, `-2+3`, `@SUM(A1)`, a tab or a carriage return before `=`. No cell of any
workbook (nor of a chart's data inside a .pptx) is a formula; the hostile texts are there, as text;
numbers are still numbers and dates still dates (OWASP «CSV Injection»).

A new export needs no change here: its URL is found in the URL conf, its arguments in the access
matrix (which already has an entry for every URL)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from documents import catalog
from projects.models import Project
from surveys.models import Survey
from tests.factories import World
from tests.security.scenario import build_site
from tests.security.test_access_matrix import MATRIX, _patterns
from tests.surveys.factories import answer

PAYLOADS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_ROUTE = re.compile(r"xlsx|pptx|xlsm|ods|csv|export", re.I)
SPREADSHEET_TYPES = ("spreadsheetml", "presentationml", "text/csv", "ms-excel")

# Text that is not typed by a user: keys, tokens, generated numbers and the users' log-in data.
NOT_TYPED = {
    "password",
    "username",
    "email",
    "token",
    "number",
    "code",
    "key",
    "action",
    "snapshot_kind",
    "session_key",
    "session_data",
    "content_type",
    "model",
    "app_label",
    "codename",
    "object_repr",
    "change_message",
}
APPS = {"org", "workdays", "projects", "maps", "surveys", "auth"}


def _keys(model) -> set[str]:
    """Fields of a unique constraint: identifiers, not free text."""
    out = {name for group in model._meta.unique_together for name in group}
    for c in model._meta.constraints:
        out.update(getattr(c, "fields", ()) or ())
    return out


CYRILLIC = re.compile("[А-Яа-яЁё]")


def _poisoned_json(value, counter: list[int]):
    """The texts kept in a snapshot (the card, the plan, the report as approved) — Russian words, not
    keys, dates or numbers — become formulas too."""
    if isinstance(value, dict):
        return {k: _poisoned_json(v, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [_poisoned_json(v, counter) for v in value]
    if isinstance(value, str) and CYRILLIC.search(value):
        counter[0] += 1
        return PAYLOADS[counter[0] % len(PAYLOADS)]
    return value


def _poison() -> int:
    """Every free text of every row the site keeps becomes a formula; returns how many were set."""
    count = 0
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model._meta.proxy:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not f.unique
            and not f.primary_key
            and f.name not in NOT_TYPED
            and f.name not in _keys(model)
            and not isinstance(f, models.EmailField | models.SlugField | models.URLField)
        ]
        if model._meta.label == "auth.User" or model._meta.model_name == "user":
            fields = [f for f in fields if f.name in ("first_name", "last_name", "patronymic", "position")]
        snapshots = [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        if not fields and not snapshots:
            continue
        for n, row in enumerate(model.objects.values("pk", *[f.name for f in snapshots])):
            values = {}
            for i, f in enumerate(fields):
                payload = PAYLOADS[(n + i) % len(PAYLOADS)]
                values[f.name] = payload[: f.max_length] if f.max_length else payload
            for f in snapshots:
                counter = [n]
                values[f.name] = _poisoned_json(row[f.name], counter)
                count += counter[0] - n
            model.objects.filter(pk=row["pk"]).update(**values)
            count += len(fields)
    return count


def export_url_names() -> set[str]:
    names = {name for name, p in _patterns() if EXPORT_ROUTE.search(f"{name} {p.pattern}")}
    documents = catalog._documents.values()  # every registered document of a project
    names |= {doc.url_name for doc in documents if doc.fmt in ("xlsx", "pptx", "csv", "ods")}
    return {n for n in names if not n.startswith("admin:")}


@pytest.fixture(scope="module")
def poisoned_site(django_db_setup, django_db_blocker, tmp_path_factory):
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("formula-media"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = World()
            scope = build_site(world, names=("own",))["own"]
            # answers to the public questionnaire: the respondents' texts are the most exposed
            for survey in Survey.objects.all():
                for scores in ((1, 2, 3, 4, 1), (2, 2, 4, 4, 3), (4, 3, 1, 2, 4)):
                    answer(survey, scores, suggestions="x", name="x")
            assert _poison() > 100
            yield world, scope
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


@pytest.fixture
def _media():
    """The module's uploads stay where the site was built (overrides tests/security/conftest.py)."""


def _workbooks(content: bytes, content_type: str) -> list[tuple[str, bytes]]:
    """The spreadsheets inside a download: the file itself, or the charts' data of a .pptx."""
    if "presentationml" in content_type:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return [(n, z.read(n)) for n in z.namelist() if n.endswith(".xlsx")]
    return [("", content)]


@dataclass
class Findings:
    formulas: list[str] = field(default_factory=list)
    typed: dict[str, int] = field(default_factory=dict)  # export → cells holding a hostile text
    numbers: int = 0
    dates: int = 0

    def inspect(self, name: str, content: bytes, content_type: str) -> None:
        self.typed.setdefault(name, 0)
        for part, data in _workbooks(content, content_type):
            book = load_workbook(io.BytesIO(data))
            for ws in book.worksheets:
                for cell in (c for row in ws.iter_rows() for c in row):
                    where = f"{name} {part} {ws.title}!{cell.coordinate}"
                    value = cell.value
                    if cell.data_type == "f":
                        self.formulas.append(f"{where}: {value!r}")
                    elif isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
                        self.typed[name] += 1
                        # a text cell, with the quote prefix (or the apostrophe) so that editing the
                        # cell in Excel does not turn it into a formula either
                        if cell.data_type != "s" or not (cell.quotePrefix or value.startswith("'")):
                            self.formulas.append(f"{where}: {cell.data_type} {value!r} unquoted")
                    elif isinstance(value, dt.datetime | dt.date):
                        self.dates += 1
                    elif isinstance(value, int | float) and not isinstance(value, bool):
                        self.numbers += 1


def _downloads(world, scope) -> list[tuple[str, str, object]]:
    """(URL name, URL, user): global exports as three roles, a project's exports of every project
    of the site (each stage) as its lead."""
    users = (world.authority, world.lead, world.coordinator)
    projects = [o for o in scope.objects.values() if isinstance(o, Project)]
    out = []
    for name in sorted(export_url_names()):
        entry = MATRIX[name]
        if entry.args is None:
            out += [(name, reverse(name), user) for user in users]
            continue
        args = entry.args(scope)
        variants = {tuple(args)}
        if entry.kind == "project":
            variants |= {(p.pk, *args[1:]) for p in projects}  # a 404 where the project has none
        out += [(name, reverse(name, args=list(a)), world.lead) for a in sorted(variants, key=str)]
    return out


def test_formula_injection_no_export_runs_a_formula_typed_by_a_user(poisoned_site, db):
    world, scope = poisoned_site
    names = export_url_names()
    assert {"documents:registry_xlsx", "projects:complaints_xlsx", "dashboards:export"} <= names
    assert names <= set(MATRIX), "an export without an entry in the access matrix"
    found = Findings()
    for name, url, user in _downloads(world, scope):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and any(t in content_type for t in SPREADSHEET_TYPES):
            content = b"".join(response) if response.streaming else response.content
            found.inspect(name, content, content_type)
    assert set(found.typed) == names, f"exports never downloaded: {names - set(found.typed)}"
    assert not found.formulas, f"{len(found.formulas)} cells made of user input are formulas:\n" + "\n".join(
        found.formulas[:40]
    )
    # (a .pptx charts only the maps' counts: no typed text reaches its embedded data today)
    shown_nothing = sorted(n for n, count in found.typed.items() if not count and "pptx" not in n)
    assert not shown_nothing, f"exports that show none of the typed texts (nothing proven): {shown_nothing}"
    # numbers and dates were not turned into text on the way
    assert found.numbers > 50 and found.dates > 20, (found.numbers, found.dates)


def test_formula_injection_the_workbook_writer_keeps_numbers_and_dates_and_quotes_texts():
    """documents.xlsx on its own: a negative number stays a number, a date a date; «-2+3» typed
    into a numeric column, «#N/A» and every formula-like text are quoted strings."""
    from documents.xlsx import DATE, INT, NUMBER, Column, Workbook, neutral_text

    book = Workbook()
    columns = [
        Column("Текст"),
        Column("Число", kind=INT),
        Column("Сумма", kind=NUMBER),
        Column("Дата", kind=DATE),
    ]
    rows = [(p, -5, "-2+3", dt.date(2026, 3, 2)) for p in (*PAYLOADS, "#N/A", "\x01=1")]
    book.table("Лист", columns, rows, total=("@итого", -10, "1 234,5", None), notes=["=note"])
    book.pairs("Условия", [("=param", "+value"), ("Дата", dt.date(2026, 3, 2))])
    ws = load_workbook(io.BytesIO(book.to_bytes()))["Лист"]
    for row in ws.iter_rows(min_row=2, max_row=len(rows) + 1):
        text, integer, typed, date = row
        assert text.data_type == "s" and text.quotePrefix or text.value == "#N/A", text.value
        assert text.data_type == "s", text.value
        assert (integer.data_type, integer.value) == ("n", -5)
        assert (typed.data_type, typed.value, typed.quotePrefix) == ("s", "-2+3", True)
        assert date.is_date and date.value == dt.datetime(2026, 3, 2)
    assert ws.cell(row=len(rows) + 1, column=1).value == "=1"  # the control character dropped
    total = ws[len(rows) + 2]
    assert total[0].data_type == "s" and total[1].value == -10 and total[2].value == 1234.5
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert neutral_text("=1") == "'=1" and neutral_text("Очередь") == "Очередь"
