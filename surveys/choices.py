"""Choices of the process-customer questionnaire: the phase it is taken in and the state of its
public link (МР п.4.4; Положение п.10.1, 10.5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from leanproj.choices import ChoiceSet, set_colors


class Phase(ChoiceSet):
    """When the process customers are asked: before the changes and after them."""

    INITIATION = "initiation", _("При инициации проекта")  # Положение п.10.1
    CLOSURE = "closure", _("При закрытии проекта")  # Положение п.10.5


set_colors(Phase, {"initiation": "secondary", "closure": "primary"})


class SurveyState(ChoiceSet):
    SCHEDULED = "scheduled", _("Ещё не открыто")
    OPEN = "open", _("Идёт приём ответов")
    CLOSED = "closed", _("Завершено")


set_colors(SurveyState, {"scheduled": "secondary", "open": "success", "closed": "dark"})


class Score(models.IntegerChoices):
    """The 1–4 scale of the questionnaire («Баллы» of the form in МР, «АНКЕТА заказчика процесса»)."""

    NO = 1, _("Нет")
    RATHER_NO = 2, _("Скорее нет")
    RATHER_YES = 3, _("Скорее да")
    YES = 4, _("Да")


# Answers that require a comment («В случае ответа "Нет" / "Скорее нет" - прокомментируйте»).
SCORES_NEEDING_COMMENT = frozenset({Score.NO, Score.RATHER_NO})
