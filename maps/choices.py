"""Choices of the process maps (Положение п.2.4, Прил. 2; DOMAIN «Process maps»). Each carries its
label and colour; the step kinds also carry their symbol and a one-line hint for people who have
never drawn a map."""

from django.utils.translation import gettext_lazy as _

from leanproj.choices import ChoiceSet, set_colors


class MapKind(ChoiceSet):
    """The two maps of п.16: the current state (25 working days) and the target state (10)."""

    CURRENT = "current", _("Карта текущего состояния")
    TARGET = "target", _("Карта целевого состояния")


set_colors(MapKind, {"current": "danger", "target": "success"})


class StepKind(ChoiceSet):
    """The classic process-chart symbols plus a decision (DOMAIN)."""

    OPERATION = "operation", _("Операция")
    MOVEMENT = "movement", _("Перемещение")
    WAITING = "waiting", _("Ожидание")
    CONTROL = "control", _("Контроль")
    STORAGE = "storage", _("Хранение")
    DECISION = "decision", _("Решение")


STEP_SYMBOLS = {
    "operation": "○",
    "movement": "⇒",
    "waiting": "D",
    "control": "□",
    "storage": "▽",
    "decision": "◇",
}

STEP_HINTS = {
    "operation": _(
        "Работа, которую кто-то выполняет: принять заявление, заполнить форму, подготовить ответ."
    ),
    "movement": _(
        "Документ, человек или информация переходит из одного места в другое: передать дело в другой отдел, прийти в МФЦ."
    ),
    "waiting": _(
        "Ничего не происходит — ждём: очередь, ответ на запрос, подпись руководителя, накопление заявлений."
    ),
    "control": _("Проверка: сверить документы, проверить правильность расчёта, согласовать."),
    "storage": _("Документ или материал лежит на хранении: в архиве, в папке «входящие», на складе."),
    "decision": _("Выбор пути: «документы полные?», «право есть?» — дальше процесс идёт по-разному."),
}


class ValueClass(ChoiceSet):
    """Whether the step adds value for the process customer (DOMAIN «Value class»)."""

    VALUE = "value", _("Добавляет ценность")
    NECESSARY = "necessary", _("Необходимое действие без ценности")
    WASTE = "waste", _("Потери")


set_colors(ValueClass, {"value": "success", "necessary": "warning", "waste": "danger"})

VALUE_HINTS = {
    "value": _("Заявитель готов «заплатить» за этот шаг: он приближает результат, который ему нужен."),
    "necessary": _(
        "Ценности для заявителя нет, но без шага пока нельзя: требование закона, учёт, отчётность."
    ),
    "waste": _("Шаг не нужен ни заявителю, ни закону: ожидание, повторный ввод, лишнее согласование."),
}


class DurationUnit(ChoiceSet):
    """The unit a step's duration was typed in; the duration itself is stored in minutes."""

    MINUTES = "min", _("минут")
    HOURS = "hour", _("часов")
    WORKING_DAYS = "wday", _("рабочих дней")
