"""The dashboards as an Excel workbook: one sheet per figure table, the same numbers as the page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from documents.files import DocumentFile, xlsx_file
from documents.xlsx import DATE, INT, Column, Workbook
from workdays import clock

ROLE_NAMES = {
    "coordinator": _("координатор"),
    "authority": _("УО"),
    "observer": _("наблюдатель"),
    "mayor": _("Мэр"),
}


def dashboard_xlsx(user, ctx: dict) -> DocumentFile:
    book = Workbook()
    sheets = 0
    lead = ctx.get("lead")
    if lead:
        sheets += 1
        book.table(
            _("Мои проекты"),
            [
                Column(_("№"), 10),
                Column(_("Проект"), 60),
                Column(_("Стадия"), 28),
                Column(_("Следующий шаг"), 36),
                Column(_("Срок"), 12, DATE),
                Column(_("Осталось раб. дней"), 12, INT),
            ],
            [
                [
                    r["project"].number,
                    r["project"].title,
                    r["project"].get_status_display(),
                    r["deadline"].get_stage_display() if r["deadline"] else "",
                    r["deadline"].due_on if r["deadline"] else None,
                    r["deadline"].days_left() if r["deadline"] and r["deadline"].due_on else None,
                ]
                for r in lead["rows"]
            ],
        )
    for key in ("coordinator", "authority", "observer", "mayor"):
        data = ctx.get(key)
        if not data:
            continue
        who = ROLE_NAMES[key]
        if data.get("inbox") is not None:
            sheets += 1
            book.table(
                _("Ждут решения"),
                [
                    Column(_("Что"), 36),
                    Column(_("Проект"), 60),
                    Column(_("Поступило"), 12, DATE),
                    Column(_("Срок"), 12, DATE),
                    Column(_("Осталось раб. дней"), 12, INT),
                ],
                [
                    [
                        d.get_stage_display(),
                        f"{d.project.number} {d.project.title}",
                        d.started_on,
                        d.due_on,
                        d.days_left(),
                    ]
                    for d in data["inbox"]
                ],
            )
        if data.get("stages"):
            sheets += 1
            book.table(
                f"{_('Стадии')} — {who}",
                [Column(_("Стадия"), 40), Column(_("Проектов"), 12, INT)],
                [[s["stage"].label, s["count"]] for s in data["stages"]],
            )
        if data.get("departments"):
            sheets += 1
            book.table(
                f"{_('Подразделения')} — {who}",
                [
                    Column(_("Подразделение"), 60),
                    Column(_("Всего"), 10, INT),
                    Column(_("В работе"), 10, INT),
                    Column(_("Закрыто"), 10, INT),
                ],
                [[d["full_name"], d["total"], d["active"], d["closed"]] for d in data["departments"]],
            )
        for group, title in (
            ("discipline_by_stage", _("Дисц. этапы")),
            ("discipline_by_department", _("Дисц. подразд.")),
        ):
            if data.get(group):
                sheets += 1
                book.table(
                    f"{title} — {who}",
                    [
                        Column(_("Группа"), 50),
                        Column(_("В срок"), 10, INT),
                        Column(_("С нарушением"), 12, INT),
                        Column(_("Просрочено сейчас"), 14, INT),
                        Column(_("Доля в срок, %"), 12, INT),
                    ],
                    [
                        [r["label"], r["on_time"], r["late"], r["overdue"], int(r["share"])]
                        for r in data[group]
                    ],
                )
    if not sheets:
        book.table(_("Рабочий стол"), [Column(_("Данных нет"), 40)], [])
    return xlsx_file(book.to_bytes(), f"Рабочий стол {clock.today():%d.%m.%Y}.xlsx")
