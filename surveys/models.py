"""The process-customer questionnaire (МР п.4.4, «АНКЕТА заказчика процесса»), taken at the
initiation of a project and at its closure (Положение п.10.1, 10.5): the survey with its public link,
personal invitations for a known list of respondents, and the answers."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from leanproj import limits

from .choices import Phase, Score, SurveyState
from .questions import QUESTIONS, questions_missing_comment

TOKEN_BYTES = 12  # 96 random bits, 16 characters: unguessable and short enough for a QR code


TWO_PLACES = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """Averages are shown to two decimals (МР п.4.4 summary), half up as people round by hand."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class Survey(models.Model):
    """One questioning of the process customers of a project in one phase (п.10.1 or п.10.5).

    Respondents answer through `token` (the public link) or through a personal invitation; answers
    are accepted from `opens_on` to `closes_on` inclusive unless the team closed it earlier."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("проект"), on_delete=models.CASCADE, related_name="surveys"
    )
    phase = models.CharField(_("этап проекта"), max_length=20, choices=Phase.choices)
    process_name = models.CharField(
        _("наименование процесса"),
        max_length=500,
        help_text=_("По которому проводится анкетирование; респонденты видят его в заголовке анкеты."),
    )
    note = limits.ShortTextField(
        _("обращение к респондентам"),
        blank=True,
        help_text=_("Несколько слов над анкетой: кто спрашивает и зачем. Необязательно."),
    )
    opens_on = models.DateField(_("приём ответов с"))
    closes_on = models.DateField(_("приём ответов по"), help_text=_("Включительно."))
    public_link = models.BooleanField(
        _("общая ссылка для всех"),
        default=True,
        help_text=_("Снимите отметку, если отвечать можно только по персональным приглашениям."),
    )
    token = models.CharField(
        _("код общей ссылки"), max_length=32, unique=True, default=new_token, editable=False
    )
    closed_at = models.DateTimeField(_("закрыто досрочно"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем создано"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords(excluded_fields=["token", "created_by", "created_at"])

    class Meta:
        verbose_name = _("анкетирование заказчиков процесса")
        verbose_name_plural = _("анкетирования заказчиков процесса")
        ordering = ["project_id", "phase"]
        constraints = [
            # A survey per project and phase (Положение п.10.1, 10.5).
            models.UniqueConstraint(fields=["project", "phase"], name="survey_unique_phase"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {self.process_name}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.project_id, self.pk])

    def get_public_path(self) -> str:
        return reverse("surveys:public", args=[self.token])

    @property
    def phase_choice(self) -> Phase:
        return Phase(self.phase)

    def state(self, today: dt.date) -> SurveyState:
        if self.closed_at is not None or today > self.closes_on:
            return SurveyState.CLOSED
        if today < self.opens_on:
            return SurveyState.SCHEDULED
        return SurveyState.OPEN

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("Дата окончания приёма ответов не может быть раньше даты начала.")}
            )


class Invitation(models.Model):
    """A personal link for one known respondent: it accepts one answer only."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("анкетирование"), on_delete=models.CASCADE, related_name="invitations"
    )
    name = models.CharField(_("респондент"), max_length=200)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("подразделение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.CharField(_("подразделение / организация"), max_length=300, blank=True)
    token = models.CharField(_("код ссылки"), max_length=32, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("персональное приглашение")
        verbose_name_plural = _("персональные приглашения")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_public_path(self) -> str:
        return reverse("surveys:public", args=[self.token])


def _score_field(number: int):
    return models.PositiveSmallIntegerField(_("ответ на вопрос %(n)s") % {"n": number}, choices=Score.choices)


def _comment_field(number: int):
    return limits.ShortTextField(_("комментарий к вопросу %(n)s") % {"n": number}, blank=True)


class Response(models.Model):
    """One filled questionnaire: five scores, the comments, suggestions and who answered.

    `organisation` always holds the name shown in summaries: the department's name when it was
    chosen from the list (МР п.4.4 asks for the departments or organisations that took part)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("анкетирование"), on_delete=models.CASCADE, related_name="responses"
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("персональное приглашение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("подразделение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.CharField(_("подразделение / организация"), max_length=300)
    respondent_name = models.CharField(_("Ф.И.О."), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("получен"), db_index=True)

    satisfaction = _score_field(1)
    simplicity = _score_field(2)
    duration = _score_field(3)
    documentation = _score_field(4)
    support = _score_field(5)
    comment_satisfaction = _comment_field(1)
    comment_simplicity = _comment_field(2)
    comment_duration = _comment_field(3)
    comment_documentation = _comment_field(4)
    comment_support = _comment_field(5)
    suggestions = limits.LongTextField(
        _("предложения по совершенствованию процесса"), blank=True, max_length=4000
    )

    class Meta:
        verbose_name = _("ответ на анкету")
        verbose_name_plural = _("ответы на анкету")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    *[models.Q(**{f"{q.code}__gte": 1, f"{q.code}__lte": 4}) for q in QUESTIONS]
                ),
                name="response_scores_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {timezone.localtime(self.submitted_at):%d.%m.%Y}"

    @property
    def scores(self) -> dict[str, int | None]:
        return {q.code: getattr(self, q.code) for q in QUESTIONS}

    @property
    def comments(self) -> dict[str, str]:
        return {q.code: getattr(self, q.comment_field) for q in QUESTIONS}

    @property
    def average(self) -> Decimal:
        """This respondent's «Итого средний балл», to two decimals."""
        return round2(Decimal(sum(self.scores.values())) / len(QUESTIONS))

    def clean(self) -> None:
        missing = questions_missing_comment(self.scores, self.comments)
        if missing:
            # МР, «АНКЕТА заказчика процесса»: a «Нет» / «Скорее нет» answer is commented.
            raise ValidationError(
                {
                    q.comment_field: _("Вы ответили «%(answer)s» — прокомментируйте, пожалуйста.")
                    % {"answer": Score(getattr(self, q.code)).label}
                    for q in missing
                }
            )
        if not (self.organisation or "").strip():
            raise ValidationError({"organisation": _("Укажите подразделение или организацию.")})


class SurveyWaiver(models.Model):
    """The coordinator's recorded decision that one phase's questioning is not held because the
    process has no external customers (Положение п.10.1, 10.5; МР п.4.4). It stands in for the
    survey in the conditions of the lifecycle and is shown, with its reason, wherever the surveys
    are compared: the results report, the Mayor's decision page and slide 7 of the presentation."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("проект"), on_delete=models.CASCADE, related_name="survey_waivers"
    )
    phase = models.CharField(_("этап проекта"), max_length=20, choices=Phase.choices)
    reason = models.TextField(
        _("причина"),
        max_length=1000,
        help_text=_("Почему анкетирование не проводится: например, у процесса нет внешних заказчиков."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("решение принял"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("когда"))

    class Meta:
        verbose_name = _("решение не проводить анкетирование")
        verbose_name_plural = _("решения не проводить анкетирование")
        ordering = ["project_id", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="survey_waiver_unique_phase"),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {self.reason[:60]}"
