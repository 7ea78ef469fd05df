"""The project card (Прил. 1, МР п.4.5) and its lifecycle (Положение п.10–29) as one state machine."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from leanproj import limits
from projects import permissions as perms
from projects import rules
from projects.choices import (
    Attitude,
    IndicatorDirection,
    Influence,
    MemberKind,
    Source,
    Status,
)

S = Status
ACTIVE_FOR_SUSPENSION = [
    S.CARD_REVIEW,
    S.CARD_SIGNING,
    S.CURRENT_MAP,
    S.TARGET_MAP,
    S.PLAN_DRAFTING,
    S.PLAN_REVIEW,
    S.PLAN_REWORK,
    S.IMPLEMENTATION,
    S.RESULTS,
    S.REPORT_REVIEW,
    S.DEFENCE,
]


class ProjectQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[S.CLOSED, S.REJECTED])


class Project(ConcurrentTransitionMixin, models.Model):
    """A lean-improvement project: its card (four blocks of Прил. 1) and the stage it is in.

    Only `projects.services` calls the transitions; each is a named act of a role (DESIGN §2)."""

    municipality = models.ForeignKey(
        "org.Municipality",
        verbose_name=_("муниципальное образование"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    number = models.CharField(_("номер"), max_length=20, editable=False)
    title = models.CharField(
        _("наименование проекта"),
        max_length=500,
        help_text=_(
            "Что улучшаем, а не как: например, «Оптимизация процесса выдачи справок о составе семьи»."
        ),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("подразделение-инициатор"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("руководитель проекта"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("координатор"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_projects",
        help_text=_("Заместитель Мэра, курирующий направление подразделения (п.7)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем создан"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    status = FSMField(
        _("стадия"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        protected=True,
        db_index=True,
    )
    status_changed_on = models.DateField(_("дата перехода на стадию"), null=True, blank=True)

    # Source of the project (МР п.9–10; п.30)
    source = models.CharField(_("источник"), max_length=20, choices=Source.choices, default=Source.INITIATIVE)
    source_reference = models.CharField(
        _("реквизиты обращения"),
        max_length=200,
        blank=True,
        help_text=_("Номер и дата обращения гражданина или сообщения ЦУР."),
    )
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("тиражирует проект"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replications",
    )

    # Block 1: people and scope (МР п.4.5а)
    process_customer = limits.ShortTextField(
        _("заказчик процесса"),
        blank=True,
        help_text=_("Кто пользуется результатом процесса: граждане, организации, сотрудники."),
    )
    project_customer = limits.ShortTextField(
        _("заказчик проекта"),
        blank=True,
        help_text=_("Лицо, инициирующее проект и заинтересованное в его реализации."),
    )
    process_owner = limits.ShortTextField(
        _("владелец процесса"),
        blank=True,
        help_text=_("Руководитель подразделения, который управляет процессом и отвечает за его результат."),
    )
    perimeter = models.ManyToManyField(
        "org.Department",
        verbose_name=_("периметр проекта"),
        blank=True,
        related_name="perimeter_projects",
        help_text=_("Все подразделения, задействованные в процессе."),
    )
    perimeter_note = limits.ShortTextField(
        _("периметр: другие участники"),
        blank=True,
        help_text=_("Организации и учреждения вне списка подразделений."),
    )
    boundary_start = models.CharField(
        _("граница: начало процесса"),
        max_length=500,
        blank=True,
        help_text=_("Первый шаг процесса, с которого начинаются улучшения."),
    )
    boundary_end = models.CharField(
        _("граница: окончание процесса"), max_length=500, blank=True, help_text=_("Последний шаг процесса.")
    )

    # Block 2: justification (МР п.4.5б)
    key_risk = limits.LongTextField(
        _("ключевой риск"),
        blank=True,
        help_text=_("Что произойдёт, если процесс не оптимизировать: срыв сроков, санкции, штрафы…"),
    )
    scale = limits.LongTextField(
        _("масштаб процесса"),
        blank=True,
        help_text=_("Сколько раз в год выполняется процесс, сколько людей затрагивает."),
    )
    dissatisfaction = limits.LongTextField(
        _("неудовлетворённость заказчиков"),
        blank=True,
        help_text=_("Жалобы, обращения, результаты анкетирования."),
    )
    problems = limits.LongTextField(_("проблемы процесса"), blank=True)

    # Block 4: key events (МР п.4.5г)
    start_date = models.DateField(_("старт проекта"), null=True, blank=True)
    diagnostics_start = models.DateField(_("диагностика и целевое состояние: начало"), null=True, blank=True)
    diagnostics_end = models.DateField(_("диагностика и целевое состояние: окончание"), null=True, blank=True)
    implementation_start = models.DateField(_("внедрение улучшений: начало"), null=True, blank=True)
    implementation_end = models.DateField(_("внедрение улучшений: окончание"), null=True, blank=True)
    closure_start = models.DateField(_("закрепление результатов и закрытие: начало"), null=True, blank=True)
    closing_meeting_date = models.DateField(
        _("дата завершающего совещания"),
        null=True,
        blank=True,
        help_text=_("Окончание периода «Закрепление результатов и закрытие проекта»."),
    )

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords(
        excluded_fields=[
            "municipality",
            "number",
            "created_by",
            "created_at",
            "updated_at",
            "status",
            "status_changed_on",
        ],
        m2m_fields=["perimeter"],
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("проект")
        verbose_name_plural = _("проекты")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="project_unique_number"),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"], name="project_mun_status"),
            models.Index(fields=["department", "status"], name="project_dept_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def status_choice(self) -> Status:
        return Status(self.status)

    @property
    def source_choice(self) -> Source:
        return Source(self.source)

    @property
    def is_card_editable(self) -> bool:
        return self.status == S.DRAFT

    # --- The state machine (DESIGN §2). Bodies are empty: services do the writing. -------------

    @transition(
        field=status,
        source=S.DRAFT,
        target=S.CARD_REVIEW,
        permission=perms.is_project_lead,
        conditions=[rules.card_submittable],
    )
    def submit_card(self):  # Положение п.13
        pass

    @transition(
        field=status,
        source=S.CARD_REVIEW,
        target=S.DRAFT,
        permission=perms.is_project_coordinator,
        conditions=[rules.card_returnable],
    )
    def return_card(self):  # Положение п.14
        pass

    @transition(
        field=status,
        source=S.CARD_REVIEW,
        target=S.CARD_SIGNING,
        permission=perms.is_project_coordinator,
        conditions=[rules.card_approvable],
    )
    def approve_card(self):  # Положение п.8.2–8.3, 15
        pass

    @transition(
        field=status,
        source=[S.CARD_REVIEW, S.CARD_SIGNING],
        target=S.REJECTED,
        permission=perms.may_reject,
        conditions=[rules.card_rejectable],
    )
    def reject_card(self):  # Положение п.8.1 (not selected)
        pass

    @transition(field=status, source=S.CARD_SIGNING, target=S.CURRENT_MAP, permission=perms.is_mayor_of)
    def sign_card(self):  # Положение п.15: signing opens the project
        pass

    @transition(field=status, source=S.CARD_SIGNING, target=S.CARD_REVIEW, permission=perms.is_mayor_of)
    def return_card_to_coordinator(self):
        pass

    @transition(
        field=status,
        source=S.CURRENT_MAP,
        target=S.TARGET_MAP,
        permission=perms.is_project_team,
        conditions=[rules.current_map_done],
    )
    def complete_current_map(self):  # Положение п.16.1
        pass

    @transition(
        field=status,
        source=S.TARGET_MAP,
        target=S.PLAN_DRAFTING,
        permission=perms.is_project_team,
        conditions=[rules.target_map_done],
    )
    def complete_target_map(self):  # Положение п.16.2
        pass

    @transition(
        field=status,
        source=S.PLAN_DRAFTING,
        target=S.PLAN_REVIEW,
        permission=perms.is_project_lead,
        conditions=[rules.plan_ready],
    )
    def submit_plan(self):  # Положение п.17–18
        pass

    @transition(
        field=status, source=S.PLAN_REVIEW, target=S.PLAN_REWORK, permission=perms.is_project_coordinator
    )
    def return_plan(self):  # Положение п.19
        pass

    @transition(
        field=status,
        source=S.PLAN_REVIEW,
        target=S.IMPLEMENTATION,
        permission=perms.is_project_coordinator,
        conditions=[rules.plan_ready],
    )
    def approve_plan(self):  # Положение п.19
        pass

    @transition(
        field=status,
        source=S.PLAN_REWORK,
        target=S.PLAN_REVIEW,
        permission=perms.is_project_lead,
        conditions=[rules.plan_ready],
    )
    def resubmit_plan(self):  # Положение п.20
        pass

    @transition(
        field=status,
        source=S.IMPLEMENTATION,
        target=S.RESULTS,
        permission=perms.is_project_team,
        conditions=[rules.implementation_done],
    )
    def complete_implementation(self):  # Положение п.21, 24
        pass

    @transition(
        field=status,
        source=S.RESULTS,
        target=S.REPORT_REVIEW,
        permission=perms.is_project_lead,
        conditions=[rules.report_ready],
    )
    def send_report(self):  # Положение п.24–25
        pass

    @transition(
        field=status, source=S.REPORT_REVIEW, target=S.RESULTS, permission=perms.is_project_coordinator
    )
    def return_report(self):  # Положение п.25
        pass

    @transition(
        field=status,
        source=S.REPORT_REVIEW,
        target=S.DEFENCE,
        permission=perms.is_project_coordinator,
        conditions=[rules.report_ready],
    )
    def recommend_closure(self):  # Положение п.8.5, 25–26
        pass

    @transition(
        field=status,
        source=S.DEFENCE,
        target=S.CLOSED,
        permission=perms.is_mayor_of,
        conditions=[rules.closure_ready],
    )
    def close(self):  # Положение п.29
        pass

    @transition(
        field=status,
        source=S.DEFENCE,
        target=S.IMPLEMENTATION,
        permission=perms.is_mayor_of,
        conditions=[rules.defence_held],
    )
    def return_to_implementation(self):  # Положение п.27, 29
        pass

    @transition(field=status, source=ACTIVE_FOR_SUSPENSION, target=S.SUSPENDED, permission=perms.may_suspend)
    def suspend(self):
        pass

    @transition(
        field=status,
        source=S.SUSPENDED,
        target=RETURN_VALUE(*ACTIVE_FOR_SUSPENSION),
        permission=perms.may_suspend,
    )
    def resume(self, previous: str) -> str:
        return previous


class ProjectCounter(models.Model):
    """The last number given to a project of a municipality in a year (numbers read «2026-007»)."""

    municipality = models.ForeignKey("org.Municipality", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="project_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class TargetIndicator(models.Model):
    """Block 3 of the card: a target indicator with numeric current and target values
    (МР п.4.5в: specific and measurable — no slogans, no activities)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("№"), default=0)
    name = models.CharField(
        _("наименование показателя"),
        max_length=500,
        help_text=_("Измеримый результат: «Время предоставления услуги», «Количество визитов заявителя»."),
    )
    unit = models.CharField(_("единица измерения"), max_length=50, blank=True)
    current_value = models.DecimalField(
        _("текущее значение"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(
        _("целевое значение"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        _("направление"),
        max_length=10,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.DECREASE,
    )
    measurement = models.CharField(_("как измеряется"), max_length=500, blank=True)

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("целевой показатель")
        verbose_name_plural = _("целевые показатели")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def change(self) -> Decimal | None:
        if self.current_value is None or self.target_value is None:
            return None
        return self.target_value - self.current_value


class Stakeholder(models.Model):
    """Stakeholder analysis of the initiation stage (Положение п.10.1; МР п.4.6)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("заинтересованная сторона"), max_length=300)
    interest = limits.ShortTextField(_("интерес в проекте"), blank=True)
    influence = models.CharField(
        _("влияние"), max_length=10, choices=Influence.choices, default=Influence.MEDIUM
    )
    attitude = models.CharField(
        _("отношение"), max_length=10, choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    engagement = models.CharField(_("как вовлекаем"), max_length=500, blank=True)

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("заинтересованная сторона")
        verbose_name_plural = _("анализ заинтересованных сторон")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ProjectMember(models.Model):
    """A member of the project team with his role (Положение п.9.3; МР п.4.5а, 4.7), or an observer
    invited to read the project (п.8.4)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("сотрудник"),
        on_delete=models.PROTECT,
        related_name="project_memberships",
    )
    kind = models.CharField(
        _("участие"), max_length=10, choices=MemberKind.choices, default=MemberKind.MEMBER
    )
    team_role = models.CharField(
        _("роль в команде"),
        max_length=200,
        blank=True,
        help_text=_("Например: «эксперт процесса», «ответственный за картирование», «секретарь»."),
    )
    responsibilities = models.CharField(_("зона ответственности"), max_length=500, blank=True)

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("участник проекта")
        verbose_name_plural = _("команда проекта")
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="project_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.team_role or self.get_kind_display()}"
