"""The project card as a PDF (Положение п.13, 15, 22; Прил. 1; МР п.4.5): what a reader finds on the
pages — headings, the stamps blank before approval and filled from the journal after, the values of
the card, and a draft mark until the mayor signs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from documents.card import card_file
from leanproj import limits
from projects import services
from projects.exceptions import ActionRefused
from projects.models import Project, Stakeholder, TargetIndicator
from tests.factories import assess_card, make_project
from workdays import clock

D = dt.date
BLANK_DATE = '"__" ______ 20__ г.'
HEADINGS = [
    "СОГЛАСОВАНО",
    "УТВЕРЖДАЮ",
    "1. Вовлечённые лица и рамки проекта",
    "2. Обоснование выбора проекта",
    "3. Целевые показатели проекта",
    "4. Ключевые события проекта",
    "Наименование показателя",
    "Текущее значение",
    "Целевое значение",
    "Наименование этапа",
    "Период реализации этапа",
    "Команда проекта",
    "Анализ заинтересованных сторон",
]


def _signed(world):
    """Submitted 02.03.2026, agreed by the coordinator 05.03.2026, signed by the Mayor 10.03.2026."""
    project = make_project(world)
    with clock.frozen_today(D(2026, 3, 2)):
        services.card_submit(project=project, by=world.lead)
    with clock.frozen_today(D(2026, 3, 5)):
        assess_card(project)
        services.card_approve(project=project, by=world.coordinator)
    with clock.frozen_today(D(2026, 3, 10)):
        services.card_sign(project=project, by=world.mayor)
    project.refresh_from_db()
    return project


def test_draft_card_has_the_form_of_appendix_1_with_blank_stamps(world, as_pdf):
    # Прил. 1: the card, its four blocks, «СОГЛАСОВАНО» and «УТВЕРЖДАЮ / Мэр …» as blank lines
    project = make_project(world)
    Stakeholder.objects.create(
        project=project, name="Заявители", interest="Быстрое получение справки", influence="high"
    )
    pdf = as_pdf(card_file(project).content)

    assert pdf.has("Карточка проекта «Оптимизация выдачи справок»")
    for heading in HEADINGS:
        assert pdf.has(heading), heading
    assert pdf.text.count(BLANK_DATE) == 2
    assert pdf.has("Мэр Тестовск")  # municipality.mayor_title, printed on the blank form too
    assert "Соколова" not in pdf.text and "Громов" not in pdf.text
    assert pdf.is_draft
    # the card's values
    assert pdf.has(f"№ {project.number}")
    assert pdf.has("Граждане, обращающиеся за мерами социальной поддержки")
    assert pdf.has("Нарушение установленного срока предоставления услуги, жалобы в ЦУР")
    assert pdf.has("Васильева Иван Иванович")
    assert pdf.has("эксперт процесса")
    assert pdf.has("Срок предоставления услуги")
    assert pdf.has("рабочих дней 10 5")  # unit, current and target value of the first indicator
    assert pdf.has("Количество визитов заявителя") and pdf.has("визитов 3 1")
    assert pdf.has(f"{project.diagnostics_start:%d.%m.%Y} — {project.diagnostics_end:%d.%m.%Y}")
    assert pdf.has(f"{project.closure_start:%d.%m.%Y} — {project.closing_meeting_date:%d.%m.%Y}")
    assert pdf.has("Заявители") and pdf.has("высокое")
    assert pdf.page_count == 2


def test_page_numbers_start_on_page_two_centred_at_the_top(world, as_pdf):
    # ГОСТ Р 7.0.97-2025: no number on the first page; «2» heads the second
    pdf = as_pdf(card_file(make_project(world)).content)
    assert pdf.page_count >= 2
    assert pdf.top_margin_centre(0) == ""
    assert pdf.top_margin_centre(1) == "2"
    width, height = (float(v) for v in pdf.reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait in points


def test_coordinator_approval_fills_soglasovano_and_leaves_the_mayor_blank(world, as_pdf):
    # Положение п.8.3, 15: agreed by the coordinator, waiting for the Mayor's signature
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    with clock.frozen_today(D(2026, 3, 5)):
        assess_card(project)
        services.card_approve(project=project, by=world.coordinator)
    project.refresh_from_db()
    pdf = as_pdf(card_file(project).content)

    assert pdf.has("И.И. Соколова")
    assert pdf.has(world.coordinator.position)
    assert pdf.has('"05" марта 2026 г.')
    assert pdf.text.count(BLANK_DATE) == 1  # the Mayor's date is still blank
    assert "Громов" not in pdf.text
    assert pdf.is_draft


def test_signed_card_has_both_stamps_with_names_and_dates_and_no_draft_mark(world, as_pdf):
    # Положение п.15: the Mayor's signature approves the card and opens the project
    project = _signed(world)
    assert project.status == "current_map"
    pdf = as_pdf(card_file(project).content)

    assert pdf.has("СОГЛАСОВАНО") and pdf.has("УТВЕРЖДАЮ") and pdf.has("Мэр Тестовск")
    assert pdf.has("И.И. Соколова") and pdf.has('"05" марта 2026 г.')
    assert pdf.has("И.И. Громов") and pdf.has('"10" марта 2026 г.')
    assert BLANK_DATE not in pdf.text
    assert not pdf.is_draft
    assert pdf.has("утверждена 10.03.2026")


def test_signed_card_is_printed_from_its_snapshot_not_from_live_data(world, as_pdf):
    # DESIGN §4: an approved document is rendered from its approved snapshot
    project = _signed(world)
    Project.objects.filter(pk=project.pk).update(title="Другое наименование", key_risk="Иной риск")
    TargetIndicator.objects.filter(project=project).update(target_value=Decimal("9"))
    project.refresh_from_db()
    pdf = as_pdf(card_file(project).content)

    assert pdf.has("Оптимизация выдачи справок") and "Другое наименование" not in pdf.text
    assert "Иной риск" not in pdf.text and pdf.has("рабочих дней 10 5")
    assert pdf.has("Нарушение установленного срока")


def test_mayor_stamp_names_the_mayor_and_his_office_cannot_sign(world, as_pdf):
    # The Mayor signs the card in person (п.15); a second holder of the role (his office) cannot.
    from tests.factories import UserFactory

    office = UserFactory(
        username="office", municipality=world.municipality, roles=["mayor"], last_name="Пушкина"
    )
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    assess_card(project)
    services.card_approve(project=project, by=world.coordinator)
    with pytest.raises(ActionRefused):
        services.card_sign(project=project, by=office)
    services.card_sign(project=project, by=world.mayor)
    pdf = as_pdf(card_file(project).content)
    assert pdf.has("И.И. Громов") and "Пушкина" not in pdf.text


def test_a_returned_card_loses_the_earlier_agreement(world, as_pdf):
    # Положение п.15: the Mayor returns the card to the coordinator — the agreement no longer stands
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    assess_card(project)
    services.card_approve(project=project, by=world.coordinator)
    services.card_return_to_coordinator(project=project, by=world.mayor, comment="Уточнить показатели")
    pdf = as_pdf(card_file(project).content)
    assert pdf.text.count(BLANK_DATE) == 2
    stamps = pdf.text.split("Карточка проекта «")[0]
    assert "Соколова" not in stamps  # her п.14 assessment is printed below, her agreement is not
    assert pdf.is_draft


def _new_end(project) -> dt.date:
    """An earlier end of the implementation that keeps block 4 consistent."""
    return Project.objects.get(pk=project.pk).implementation_end - dt.timedelta(days=7)


def test_p22_a_change_of_dates_and_team_prints_with_the_coordinators_agreement_and_its_own_date(
    world, as_pdf
):
    # Положение п.22: the dates and the team change with the coordinator's agreement — his
    # «СОГЛАСОВАНО» with his name and the date of his act; the Mayor did not sign this text
    project = _signed(world)
    new_end = _new_end(project)
    with clock.frozen_today(D(2026, 4, 13)):
        change = services.card_change_start(project=project, by=world.lead, reason="Перенос сроков")
        Project.objects.filter(pk=project.pk).update(implementation_end=new_end)
        services.card_change_submit(change=change, by=world.lead)
    with clock.frozen_today(D(2026, 4, 14)):
        services.card_change_decide(change=change, by=world.coordinator, approve=True)

    with clock.frozen_today(D(2026, 6, 1)):  # printed later: the version keeps its own date
        pdf = as_pdf(card_file(project).content)
    assert not pdf.is_draft
    assert pdf.has("СОГЛАСОВАНО") and pdf.has("Соколова") and pdf.has('"14" апреля 2026 г.')
    assert "УТВЕРЖДАЮ" not in pdf.text and '"10" марта 2026 г.' not in pdf.text  # no mayor's stamp
    assert BLANK_DATE not in pdf.text
    assert pdf.has("Редакция 2 от 14.04.2026: изменения сроков и состава команды согласованы координатором")
    assert pdf.has("утверждённой Мэром 10.03.2026")
    assert "01.06.2026: " not in pdf.text and "от 01.06.2026" not in pdf.text
    assert pdf.has(f"{new_end:%d.%m.%Y}")

    # the signed edition still prints as the Mayor signed it, with its own date and stage
    signed = project.journal.get(action="sign_card")
    with clock.frozen_today(D(2026, 6, 1)):
        first = as_pdf(card_file(project, entry=signed).content)
    assert not first.is_draft and first.has("УТВЕРЖДАЮ") and first.has('"10" марта 2026 г.')
    assert first.has(
        "Редакция 1 от 10.03.2026: карточка утверждена Мэром (Положение п.15); стадия «Утверждение Мэром»"
    )
    assert not first.has(f"{new_end:%d.%m.%Y}")


def test_p15_a_pending_change_of_target_values_prints_as_a_draft_with_blank_stamps(world, as_pdf):
    # Положение п.15: until the Mayor signs a change of the target values, the signed text is in
    # force and the change prints as «ПРОЕКТ» with blank stamps
    project = _signed(world)
    with clock.frozen_today(D(2026, 4, 13)):
        change = services.card_change_start(project=project, by=world.lead, reason="Уточнён целевой срок")
        TargetIndicator.objects.filter(project=project, order=1).update(target_value=Decimal("4"))
        services.card_change_submit(change=change, by=world.lead)
    submitted = project.journal.get(action="card_change_submit")
    draft = as_pdf(card_file(project, entry=submitted).content)
    assert draft.is_draft and draft.text.count(BLANK_DATE) == 2
    stamps = draft.text.split("Карточка проекта «")[0]  # the п.14 assessment is printed below
    assert draft.has("УТВЕРЖДАЮ") and "Соколова" not in stamps and "Громов" not in stamps
    assert draft.has("Проект изменения карточки (версия 2) от 13.04.2026: направлен координатору")
    assert draft.has("рабочих дней 10 4")

    in_force = as_pdf(card_file(project).content)
    assert not in_force.is_draft and in_force.has("рабочих дней 10 5") and in_force.has('"10" марта 2026 г.')

    with clock.frozen_today(D(2026, 4, 14)):
        services.card_change_decide(change=change, by=world.coordinator, approve=True)
    agreed = as_pdf(card_file(project, entry=project.journal.get(action="card_amendment_agree")).content)
    assert agreed.is_draft and agreed.text.count(BLANK_DATE) == 1  # the Mayor has not signed
    assert agreed.has('"14" апреля 2026 г.') and agreed.has("ждёт подписи Мэра")
    in_force = as_pdf(card_file(project).content)
    assert not in_force.is_draft and in_force.has("рабочих дней 10 5") and "Редакция 2" not in in_force.text

    with clock.frozen_today(D(2026, 4, 20)):
        services.card_amendment_sign(change=change, by=world.mayor)
    pdf = as_pdf(card_file(project).content)
    assert not pdf.is_draft and pdf.has("рабочих дней 10 4")
    assert pdf.has('"14" апреля 2026 г.') and pdf.has('"20" апреля 2026 г.') and pdf.has("Громов")
    assert pdf.has("Редакция 2 от 20.04.2026: изменения карточки утверждены Мэром")


def test_p15_a_refused_change_is_not_printed_as_the_card(world, as_pdf):
    project = _signed(world)
    with clock.frozen_today(D(2026, 5, 6)):
        change = services.card_change_start(project=project, by=world.lead, reason="Ещё одно изменение")
        Project.objects.filter(pk=project.pk).update(title="Отклонённое наименование")
        services.card_change_submit(change=change, by=world.lead)
        services.card_change_decide(
            change=change, by=world.coordinator, approve=False, comment="Не обосновано"
        )
    pdf = as_pdf(card_file(project).content)
    assert "Отклонённое наименование" not in pdf.text
    assert pdf.has("Редакция 1 от 10.03.2026") and not pdf.is_draft


def test_each_version_in_the_journal_prints_as_it_was(world, client, as_pdf):
    project = _signed(world)
    submitted = project.journal.get(action="submit_card")
    agreed = project.journal.get(action="approve_card")
    signed = project.journal.get(action="sign_card")
    client.force_login(world.lead)

    def get(entry):
        response = client.get(reverse("documents:card_version_pdf", args=[project.pk, entry.pk]))
        assert response.status_code == 200
        return as_pdf(response.content)

    first = get(submitted)
    assert first.is_draft and first.text.count(BLANK_DATE) == 2
    second = get(agreed)
    assert second.is_draft and second.has('"05" марта 2026 г.') and second.text.count(BLANK_DATE) == 1
    third = get(signed)
    assert not third.is_draft and third.has('"10" марта 2026 г.') and BLANK_DATE not in third.text


def test_an_empty_card_renders_with_marked_gaps(world, as_pdf):
    # Issue 8 «Bad input»: a document with missing parts still renders, marking what is missing
    project = make_project(world, filled=False)
    TargetIndicator.objects.create(project=project, name="Время ожидания", unit="минут")
    pdf = as_pdf(card_file(project).content)
    assert pdf.has("Карточка проекта «Оптимизация выдачи справок»")
    assert pdf.text.count("не заполнено") >= 12
    assert pdf.has("Время ожидания")
    assert pdf.is_draft


def test_a_very_long_text_wraps_and_paginates_with_table_headers_repeated(world, as_pdf):
    # Issue 8 «Bad input»: a very long text wraps and paginates
    project = make_project(world)
    paragraph = (
        "Заявитель повторно приходит за справкой, потому что межведомственный ответ не получен в срок. "
    )
    # as long as the form allows (leanproj.limits.LONG_TEXT; issue 18): printed in full
    long_risk = "\n".join(paragraph for _ in range(40)) + "\nКОНЕЦРИСКА"
    assert len(long_risk) <= limits.LONG_TEXT
    word = "Сверхдлинноесловобезпробелов" * 12  # wider than the column: must wrap, not overflow
    Project.objects.filter(pk=project.pk).update(key_risk=long_risk, problems=word)
    TargetIndicator.objects.bulk_create(
        TargetIndicator(
            project=project, order=10 + n, name=f"Показатель {n}", current_value=n, target_value=n + 1
        )
        for n in range(80)
    )
    project.refresh_from_db()
    pdf = as_pdf(card_file(project).content)

    assert pdf.page_count >= 4
    assert pdf.has("КОНЕЦРИСКА") and pdf.has("Показатель 79")
    pages_with_indicator_header = [n for n, text in enumerate(pdf.pages) if "Наименование показателя" in text]
    assert len(pages_with_indicator_header) >= 2  # the header row repeats on the next page
    for index in range(1, pdf.page_count):
        assert pdf.top_margin_centre(index) == str(index + 1)
