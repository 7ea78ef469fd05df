"""Current and target process maps (Положение п.2.4, п.16, Прил. 2; DESIGN §3 «Карты процесса»).

A project has at most one map of each kind. A map has lanes (participants, the applicant's lane
among them) and steps in order; the current map carries numbered problems, the target map numbered
improvement proposals linked to those problems. Every number shown about a map (lead time,
value-adding share, counts) is computed in `maps.metrics`, never stored or typed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from leanproj import limits

from .choices import DurationUnit, MapKind, StepKind, ValueClass


class WasteType(models.Model):
    """A kind of waste (виды потерь): the usual 7 + 1 of lean practice, kept as an editable
    reference table by the authorised body (DOMAIN; Положение п.2.1 «устранение всех видов потерь»)."""

    number = models.PositiveSmallIntegerField(_("№"), unique=True)
    name = models.CharField(_("вид потерь"), max_length=200, unique=True)
    hint = models.CharField(
        _("пример"),
        max_length=500,
        blank=True,
        help_text=_("Короткий пример из работы администрации — его видят авторы карт."),
    )
    is_active = models.BooleanField(
        _("используется"), default=True, help_text=_("Снимите, чтобы вид не предлагался в новых картах.")
    )

    class Meta:
        verbose_name = _("вид потерь")
        verbose_name_plural = _("виды потерь")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


def _photo_path(instance: ProcessMap, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"maps/{instance.project_id}/{instance.kind}-{uuid.uuid4().hex}.{ext}"


class ProcessMap(models.Model):
    """One map of a project: the current state (п.16.1) or the target state (п.16.2)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("проект"), on_delete=models.CASCADE, related_name="process_maps"
    )
    kind = models.CharField(_("карта"), max_length=10, choices=MapKind.choices)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("скопирована с карты"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем начата"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("начата"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    # The photo or scan of the paper map (Прил. 4, слайды 3 и 5: «фотография или скриншот листа»).
    photo = models.FileField(_("фото бумажной карты"), upload_to=_photo_path, blank=True)
    photo_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    photo_content_type = models.CharField(_("тип файла"), max_length=50, blank=True)
    photo_size = models.PositiveIntegerField(_("размер, байт"), null=True, blank=True)
    photo_uploaded_at = models.DateTimeField(_("загружено"), null=True, blank=True)
    photo_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кем загружено"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords(excluded_fields=["created_by", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("карта процесса")
        verbose_name_plural = _("карты процесса")
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="map_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("maps:map", args=[self.project_id, self.kind])

    @property
    def kind_choice(self) -> MapKind:
        return MapKind(self.kind)

    @property
    def is_current(self) -> bool:
        return self.kind == MapKind.CURRENT

    @property
    def photo_is_pdf(self) -> bool:
        return self.photo_content_type == "application/pdf"


class Lane(models.Model):
    """A participant of the process, drawn as a row (swimlane); the applicant has his own lane."""

    process_map = models.ForeignKey(ProcessMap, on_delete=models.CASCADE, related_name="lanes")
    order = models.PositiveIntegerField(_("порядок"), default=0)
    name = models.CharField(
        _("участник"),
        max_length=200,
        help_text=_("Кто выполняет шаги: «Заявитель», «Специалист ОСПН», «МФЦ», «Начальник отдела»."),
    )
    is_client = models.BooleanField(
        _("заявитель (получатель услуги)"),
        default=False,
        help_text=_("Шаги в этой дорожке считаются действиями заявителя."),
    )

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("участник процесса")
        verbose_name_plural = _("участники процесса")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    """A step of the process in its order (Прил. 2): who, what, which kind, whether it adds value,
    how long it takes, which documents it needs or produces, whether the applicant acts or comes."""

    process_map = models.ForeignKey(ProcessMap, on_delete=models.CASCADE, related_name="steps")
    lane = models.ForeignKey(
        # RESTRICT, not PROTECT: a lane with steps cannot be deleted alone, but deleting the whole
        # map (or project) takes both.
        Lane,
        verbose_name=_("участник"),
        on_delete=models.RESTRICT,
        related_name="steps",
    )
    order = models.PositiveIntegerField(_("№ шага"), default=0)
    name = models.CharField(
        _("что происходит"),
        max_length=300,
        help_text=_("Коротко, глаголом: «Принять заявление», «Ждать ответа из СФР»."),
    )
    kind = models.CharField(
        _("вид шага"), max_length=20, choices=StepKind.choices, default=StepKind.OPERATION
    )
    value_class = models.CharField(
        _("ценность"), max_length=20, choices=ValueClass.choices, default=ValueClass.NECESSARY
    )
    waste_types = models.ManyToManyField(
        WasteType, verbose_name=_("виды потерь"), blank=True, related_name="steps"
    )
    duration_minutes = models.PositiveIntegerField(_("длительность, мин"))
    duration_unit = models.CharField(
        _("единица длительности"), max_length=10, choices=DurationUnit.choices, default=DurationUnit.MINUTES
    )
    documents = limits.ShortTextField(
        _("документы"),
        blank=True,
        help_text=_("Документы, которые нужны или появляются на шаге, — по одному в строке."),
    )
    client_action = models.BooleanField(
        _("действие заявителя"),
        default=False,
        help_text=_(
            "Шаги в дорожке заявителя считаются его действиями сами; отметьте, если заявитель участвует в шаге другой дорожки."
        ),
    )
    visit = models.BooleanField(
        _("визит заявителя"), default=False, help_text=_("Заявитель лично приходит в учреждение.")
    )

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords(m2m_fields=["waste_types"])

    class Meta:
        verbose_name = _("шаг процесса")
        verbose_name_plural = _("шаги процесса")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_minutes__gte=1), name="step_duration_positive")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class Problem(models.Model):
    """A problem found on the current map (Прил. 2 «1, 2, 3, n — текстовое описание проблемы»),
    numbered 1..N without gaps; the list of them is the «перечень проблем» of п.9.9в that the plan
    is built from (п.17)."""

    process_map = models.ForeignKey(ProcessMap, on_delete=models.CASCADE, related_name="problems")
    number = models.PositiveIntegerField(_("№"))
    text = limits.ShortTextField(
        _("проблема"), help_text=_("Что мешает: «Заявитель трижды приходит за справками».")
    )
    steps = models.ManyToManyField(Step, verbose_name=_("шаги"), blank=True, related_name="problems")
    waste_types = models.ManyToManyField(
        WasteType, verbose_name=_("виды потерь"), blank=True, related_name="problems"
    )
    no_proposal_reason = limits.ShortTextField(
        _("почему предложения нет"),
        blank=True,
        help_text=_("Заполняется на карте целевого состояния, если проблему решить нельзя или не нужно."),
    )

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords(m2m_fields=["steps", "waste_types"])

    class Meta:
        verbose_name = _("проблема")
        verbose_name_plural = _("проблемы")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["process_map", "number"], name="problem_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="problem_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Proposal(models.Model):
    """An improvement proposal on the target map (Прил. 2 «1, 2, 3, n — текстовое описание
    предложений по улучшению»), numbered 1..N, linked to the problems it solves."""

    process_map = models.ForeignKey(ProcessMap, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField(_("№"))
    text = limits.ShortTextField(
        _("предложение"), help_text=_("Что меняем: «Запрашивать справки через СМЭВ без участия заявителя».")
    )
    problems = models.ManyToManyField(Problem, verbose_name=_("решает проблемы"), related_name="proposals")
    steps = models.ManyToManyField(Step, verbose_name=_("шаги"), blank=True, related_name="proposals")

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords(m2m_fields=["problems", "steps"])

    class Meta:
        verbose_name = _("предложение по улучшению")
        verbose_name_plural = _("предложения по улучшению")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["process_map", "number"], name="proposal_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="proposal_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"
