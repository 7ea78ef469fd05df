"""Hostile stored data for the documents (issue 18, hole 2): values a form would refuse but that can
still be in the database — older rows, the admin, a script — stamped into every text column of a
project, and the list of every document and export the site offers for it.

Used by tests/security/test_render_bounds.py, the fuzz target of tests/security/test_fuzz.py and
bench/bench_hostile.py."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models
from django.urls import reverse

from documents import catalog

# A fixed corpus: what breaks layout engines (issue 18: a 100 000-character word, 10 000 lines,
# zero-width and right-to-left characters, emoji).
CORPUS: dict[str, str] = {
    "long word 100 000": "Я" * 100_000,
    "long latin word": "x" * 20_000,
    "long url": "https://example.org/" + "a/" * 5_000,
    "10 000 lines": "строка\n" * 10_000,
    "10 000 short words": "а " * 10_000,
    "zero-width": "\u200b" * 5_000 + "Я\u200d" * 3_000 + "\ufeff" * 1_000,
    "right-to-left": "\u202e" + "مرحبا" * 2_000 + "\u202c" + "\u200fשלום" * 500,
    "emoji": "😀👩‍👩‍👧‍👦🇷🇺" * 3_000,
    "combining marks": "Я" + "\u0301" * 20_000,
    "mixed scripts": ("Я" * 300 + "x" * 300 + "中" * 300 + "\u0410\u0301") * 30,
    "control characters": "\x00\x01\x07\x0b\x0c\x1b" * 2_000,
    "html and template": "<script>alert(1)</script>{{ 7*7 }}{% debug %}&amp;" * 500,
    "tabs and returns": "\t\r" * 10_000,
    "soft hyphens": "\u00ad" * 20_000,
    "empty": "",
}

APPS = ("org", "projects", "maps", "surveys")
# columns that are not free text: codes, tokens, credentials, file paths, journal keys
SKIP = {
    "password",
    "username",
    "email",
    "number",
    "code",
    "token",
    "action",
    "snapshot_kind",
    "clause",
    "photo",
    "photo_name",
    "photo_content_type",
    "evidence_file",
    "history_change_reason",
    "image",
    "file",
}


def text_columns(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.EmailField)
        and not f.choices
        and f.name not in SKIP
    ]


def _unique_names(model) -> set[str]:
    names = {f.name for f in model._meta.concrete_fields if f.unique}
    for together in model._meta.unique_together:
        names.update(together)
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    return names


def _cut(field, value: str) -> str:
    if connection.vendor == "postgresql":
        # PostgreSQL cannot hold NUL in text at all (the forms refuse it with a message), so no
        # stored row can carry one there; SQLite can, and gets it
        value = value.replace("\x00", "")
    return value[: field.max_length] if isinstance(field, models.CharField) and field.max_length else value


def stamp(value: str) -> int:
    """Writes `value` (cut to a CharField's column size, as PostgreSQL would keep it) into every free
    text column of every row of the application's models, bypassing forms and validation (columns
    under a unique constraint get the row's id appended). Returns the number of columns written."""
    written = 0
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.proxy or model.__name__.startswith("Historical"):
                continue
            unique = _unique_names(model)
            columns = text_columns(model)
            shared = {f.name: _cut(f, value) for f in columns if f.name not in unique}
            if shared:
                model.objects.all().update(**shared)
            per_row = [f for f in columns if f.name in unique]
            for pk in model.objects.values_list("pk", flat=True) if per_row else ():
                suffix = f"#{pk}"
                model.objects.filter(pk=pk).update(
                    **{
                        f.name: _cut(f, value)[: (f.max_length or 10**9) - len(suffix)] + suffix
                        for f in per_row
                    }
                )
            written += len(columns)
    return written


def columns() -> list[tuple[type[models.Model], models.Field]]:
    """Every free text column of the application's models (not of their history)."""
    out = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if not model._meta.proxy and not model.__name__.startswith("Historical"):
                out += [(model, field) for field in text_columns(model)]
    return out


def stamp_values(values: list[str]) -> int:
    """Writes `values` round robin into the free text columns (the first column gets the first
    value, the second the second …), bypassing forms, so that each value lands in several places
    of every document. Returns the number of columns written."""
    written = 0
    for n, (model, field) in enumerate(columns()):
        value = _cut(field, values[n % len(values)])
        if field.name in _unique_names(model):
            for pk in model.objects.values_list("pk", flat=True):
                suffix = f"#{pk}"
                cut = value[: (field.max_length or 10**9) - len(suffix)] + suffix
                model.objects.filter(pk=pk).update(**{field.name: cut})
        else:
            model.objects.all().update(**{field.name: value})
        written += 1
    return written


def document_urls(project, user) -> list[str]:
    """Every document and export the site offers for `project` (the «Документы» panel, the meeting
    protocols, the card versions, the exports of the registry, the dashboard, the complaints, the
    problems of the maps and the surveys)."""
    from documents import selectors

    urls = [row["url"] for row in catalog.documents_for(project, user)]
    urls += [row["url"] for row in catalog.meeting_protocols(project)]
    for entry in [e for e in selectors.card_journal(project=project) if e.snapshot_kind == "card"][-2:]:
        urls.append(reverse("documents:card_version_pdf", args=[project.pk, entry.pk]))
    urls += [
        reverse("documents:registry_xlsx"),
        reverse("documents:deadlines_xlsx"),
        reverse("dashboards:export"),
        reverse("projects:complaints_xlsx"),
        reverse("maps:problems_xlsx", args=[project.pk]),
    ]
    for survey in project.surveys.all():
        urls.append(reverse("surveys:export", args=[project.pk, survey.pk]))
    return list(dict.fromkeys(urls))
