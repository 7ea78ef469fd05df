"""The document engine: shipped fonts embedded, nothing fetched from outside, Russian dates and file
names as official documents write them, and the journal walk that decides the stamps."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from documents import text
from documents.card import card_pdf
from documents.pdf import _fetcher_class, render_pdf
from documents.stamps import card_approval
from projects.models import JournalEntry
from tests.factories import make_project


def _fonts(pdf) -> set[str]:
    fonts = set()
    for page in pdf.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            assert (
                "/FontFile2" in descriptor["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )  # embedded
            fonts.add(str(descriptor["/BaseFont"]).split("+")[-1])
    return fonts


def test_pdf_embeds_the_shipped_pt_fonts(world, as_pdf):
    pdf = as_pdf(card_pdf(make_project(world)))
    assert {"PT-Serif", "PT-Serif-Bold", "PT-Sans", "PT-Sans-Bold"} <= _fonts(pdf)


def test_footer_from_data_survives_css_quoting(db, as_pdf):
    content = render_pdf(
        "documents/pdf_base.html", {}, draft=True, footer='№ 2026-001 — «проба» "кавычки" \\ конец'
    )
    pdf = as_pdf(content)
    assert pdf.is_draft
    assert pdf.has('№ 2026-001 — «проба» "кавычки" \\ конец')


def test_documents_never_fetch_from_the_network_or_outside_static_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = tmp_path / "photo.txt"
    photo.write_text("ok")
    fetcher = _fetcher_class()()
    font = Path(finders.find("fonts/PTSerif-Regular.ttf")).resolve()
    assert fetcher.fetch(font.as_uri()) is not None
    assert fetcher.fetch(photo.as_uri()) is not None
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.com/logo.png")


def test_dates_as_official_documents_write_them():
    day = dt.date(2026, 6, 5)
    assert text.short_date(day) == "05.06.2026"
    assert text.long_date(day) == "5 июня 2026 г."
    assert text.stamp_date(day) == '"05" июня 2026 г.'
    assert text.stamp_date(None) == '"__" ______ 20__ г.'
    assert text.short_date("2026-01-09") == "09.01.2026"  # from a JSON snapshot


def test_file_names_are_safe_and_have_an_ascii_fallback():
    assert text.safe_filename('2026-001 Карточка «А/Б»: "x".pdf') == "2026-001 Карточка А Б x .pdf"
    assert text.ascii_filename("2026-001 Щука и ёж.xlsx") == "2026-001_Shchuka_i_ezh.xlsx"
    disposition = text.content_disposition("2026-001 Сроки проекта.xlsx")
    assert disposition.startswith(
        "attachment; filename=\"2026-001_Sroki_proekta.xlsx\"; filename*=UTF-8''2026-001%20"
    )


def _entries(*actions):
    return [JournalEntry(pk=n, action=a) for n, a in enumerate(actions, start=1)]


def test_card_approval_follows_the_journal():
    # п.14–15: agreed, returned, agreed again, signed; п.22: a change agreed is edition 2 (3 after a refused one)
    rows = _entries("submit_card", "approve_card", "return_card_to_coordinator", "approve_card", "sign_card")
    state = card_approval(rows)
    assert state.agreed.pk == 4 and state.signed.pk == 5 and state.approved.pk == 5 and state.version == 1
    assert card_approval(rows, until=rows[2]).agreed is None
    assert card_approval(rows, until=rows[1]).agreed.pk == 2

    later = rows + _entries(
        "card_change_start",
        "card_change_submit",
        "card_change_start",
        "card_change_submit",
        "card_change_approve",
    )
    for n, row in enumerate(later[5:], start=6):
        row.pk = n
    state = card_approval(later)
    # п.22: the coordinator's agreement is the new text's only approval; the Mayor signed edition 1
    assert state.approved.pk == 10 and state.agreed.pk == 10 and state.signed is None and state.version == 3
    assert state.approved_by == "coordinator" and state.mayor_signed.pk == 5 and state.mayor_version == 1

    # п.15: a change of what the Mayor signed is in force only with his signature
    amended = later + _entries("card_change_start", "card_change_submit", "card_amendment_agree")
    for n, row in enumerate(amended[10:], start=11):
        row.pk = n
    state = card_approval(amended)
    assert state.approved.pk == 10 and state.version == 3  # agreed, not signed: edition 3 stays
    amended += _entries("card_amendment_sign")
    amended[-1].pk = 14
    state = card_approval(amended)
    assert state.approved.pk == 14 and state.signed.pk == 14 and state.agreed.pk == 13
    assert state.version == 4 and state.approved_by == "mayor"
    assert card_approval(_entries("submit_card")).approved is None


@given(
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31)),
    end=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31)),
)
@hypothesis_settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
def test_the_exports_working_day_counter_counts_like_the_calendar_service(db, start, end):
    # the deadlines export counts delays with WorkingDayCounter; it must agree with workdays.services
    from documents.exports import WorkingDayCounter
    from workdays.services import working_days_between

    counter = WorkingDayCounter()
    assert counter.between(start, end) == working_days_between(start, end)
    assert counter.between(end, start) == working_days_between(end, start)
