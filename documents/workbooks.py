"""Excel workbooks of one project that are not lists of the registry: the target indicators with their
current, target and actual values and the degree of achievement (Положение п.24; Прил. 4, слайд 7)
and every actual value recorded during monitoring (МР п.7). The plan's workbook is in
`documents.plan`, the survey's in `surveys.exports`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import IndicatorActual, Project
from workdays import clock

from .files import DocumentFile, xlsx_file
from .sources import number
from .xlsx import DATE, DATETIME, NUMBER, PERCENT, WRAP, Column, Workbook


def _fraction(percent):
    """75 (% of the way to the target) → 0.75, shown by Excel as 75 %."""
    return None if percent is None else percent / 100


def indicators_xlsx(project: Project) -> bytes:
    from projects.results import indicator_rows

    book = Workbook()
    rows = indicator_rows(project)
    book.table(
        _("Показатели"),
        [
            Column(_("№"), 6),
            Column(_("Наименование показателя"), 46, WRAP),
            Column(_("Ед. изм."), 14),
            Column(_("Направление"), 12),
            Column(_("Текущее значение"), 13, NUMBER),
            Column(_("Целевое значение"), 13, NUMBER),
            Column(_("Фактическое значение"), 13, NUMBER),
            Column(_("Источник факта"), 24, WRAP),
            Column(_("Степень достижения"), 20),
            Column(_("Пройдено пути к цели"), 13, PERCENT),
        ],
        [
            (
                index,
                r["name"],
                r["unit"],
                r["direction_label"],
                number(r["current"]),
                number(r["target"]),
                number(r["actual"]),
                r["comment"] or (_("по данным мониторинга") if r["from_monitoring"] else ""),
                r["degree_label"],
                _fraction(number(r["percent"])),
            )
            for index, r in enumerate(rows, start=1)
        ],
        notes=[
            _(
                "Пройдено пути к цели = (фактическое − текущее) ÷ (целевое − текущее) × 100. До отчёта о результатах "
                "фактическим считается последнее значение мониторинга (МР п.7; Положение п.24)."
            )
        ],
    )
    actuals = (
        IndicatorActual.objects.filter(indicator__project_id=project.pk)
        .select_related("indicator", "recorded_by")
        .order_by("indicator__order", "indicator_id", "measured_on", "id")
    )
    book.table(
        _("Фактические значения"),
        [
            Column(_("Показатель"), 46, WRAP),
            Column(_("Ед. изм."), 14),
            Column(_("Дата измерения"), 13, DATE),
            Column(_("Значение"), 13, NUMBER),
            Column(_("Источник данных"), 34, WRAP),
            Column(_("Внёс"), 22),
            Column(_("Внесено"), 16, DATETIME),
        ],
        [
            (
                a.indicator.name,
                a.indicator.unit,
                a.measured_on,
                a.value,
                a.source,
                a.recorded_by.surname_initials,
                a.recorded_at,
            )
            for a in actuals
        ],
    )
    book.pairs(
        _("О выгрузке"),
        [
            (_("Проект"), f"{project.number} {project.title}"),
            (_("Стадия"), project.get_status_display()),
            (_("Сформировано"), timezone.localtime(clock.now())),
        ],
    )
    return book.to_bytes()


def indicators_file(project: Project) -> DocumentFile:
    """«2026-001 Показатели проекта.xlsx»."""
    return xlsx_file(indicators_xlsx(project), f"{project.number} {_('Показатели проекта')}.xlsx")
