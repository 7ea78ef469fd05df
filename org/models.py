"""The organisation: municipality → departments → people, their roles, the coordinators'
directions and the municipal management team (Положение п.2.3, 4–9; «Состав» of the resolution)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import DepartmentKind, Role, TeamMembership


class Municipality(models.Model):
    """A municipality whose administration runs lean projects (here: ZATO Seversk)."""

    code = models.SlugField(_("код"), max_length=50, unique=True)
    name = models.CharField(_("наименование"), max_length=200, unique=True)
    administration_name = models.CharField(_("наименование администрации"), max_length=300)
    region = models.CharField(_("субъект РФ"), max_length=200)
    mayor_title = models.CharField(
        _("должность главы"), max_length=200, help_text=_("Например: «Мэр ЗАТО Северск».")
    )
    mayor = models.ForeignKey(
        "org.User",
        verbose_name=_("глава (подписывает карточки)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("муниципальное образование")
        verbose_name_plural = _("муниципальные образования")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Direction(models.Model):
    """A direction curated by a coordinator (deputy mayor): which departments he manages projects
    of (Положение п.7, 8.2)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("муниципальное образование"),
        on_delete=models.CASCADE,
        related_name="directions",
    )
    name = models.CharField(_("направление"), max_length=200)
    coordinator = models.ForeignKey(
        "org.User",
        verbose_name=_("координатор"),
        on_delete=models.PROTECT,
        related_name="directions",
    )

    class Meta:
        verbose_name = _("курируемое направление")
        verbose_name_plural = _("курируемые направления")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="direction_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.coordinator_id and not self.coordinator.has_role(Role.COORDINATOR):
            raise ValidationError(
                {"coordinator": _("Направление курирует только пользователь с ролью «Координатор».")}
            )


class Department(models.Model):
    """An organ or structural unit of the administration, or a subordinate institution
    («подразделение администрации», Положение п.1)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("муниципальное образование"),
        on_delete=models.CASCADE,
        related_name="departments",
    )
    name = models.CharField(_("наименование"), max_length=300)
    short_name = models.CharField(_("краткое наименование"), max_length=100, blank=True)
    kind = models.CharField(
        _("вид"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.UNIT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("вышестоящее подразделение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name=_("курируемое направление"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departments",
    )
    head = models.ForeignKey(
        "org.User",
        verbose_name=_("руководитель"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
    )
    receives_cur_messages = models.BooleanField(
        _("принимает обращения ЦУР"),
        default=False,
        help_text=_(
            "МР п.10: обращения от ЦУР принимает работник этого подразделения (Отдел информационной "
            "политики) и направляет их на первичный анализ в подразделение по существу."
        ),
    )
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("подразделение")
        verbose_name_plural = _("подразделения")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        errors = {}
        if self.parent_id and self.parent.municipality_id != self.municipality_id:
            errors["parent"] = _(
                "Вышестоящее подразделение должно быть из того же муниципального образования."
            )
        if self.direction_id and self.direction.municipality_id != self.municipality_id:
            errors["direction"] = _("Направление должно быть из того же муниципального образования.")
        if errors:
            raise ValidationError(errors)


class LeanUserManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("department")


class User(AbstractUser):
    """A civil servant who logs in: position, department, roles."""

    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    position = models.CharField(_("должность"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("муниципальное образование"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("подразделение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    email_digest = models.BooleanField(
        _("напоминания одним письмом в день"),
        default=False,
        help_text=_("Вместо отдельных писем — ежедневная сводка всех напоминаний."),
    )

    objects = LeanUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.department_id:
            if self.municipality_id is None:
                self.municipality_id = self.department.municipality_id
            elif self.department.municipality_id != self.municipality_id:
                raise ValidationError(
                    {"department": _("Подразделение должно быть из муниципального образования пользователя.")}
                )

    def save(self, *args, **kwargs):
        if self.department_id and self.municipality_id is None:
            self.municipality_id = self.department.municipality_id
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«И.О. Фамилия» as Russian documents print a signature."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{initials} {self.last_name}".strip() if self.last_name else self.username

    @property
    def surname_initials(self) -> str:
        """«Фамилия И.О.» as lists and tables print a person."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip() if self.last_name else self.username

    @property
    def roles(self) -> frozenset[str]:
        """The global roles this person holds, loaded once per instance."""
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            if not self.pk:
                return frozenset()
            cached = frozenset(self.role_assignments.values_list("role", flat=True))
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def grant(self, *roles: str) -> None:
        for role in roles:
            RoleAssignment.objects.get_or_create(user=self, role=role)
        self._roles_cache = None
        self._named_mayor_cache = None


class RoleAssignment(models.Model):
    """One role held by one person (DESIGN §1)."""

    user = models.ForeignKey(
        User, verbose_name=_("пользователь"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("роль пользователя")
        verbose_name_plural = _("роли пользователей")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class ManagementTeamMember(models.Model):
    """A member of the municipal management team as the resolution's «Состав» lists it
    (Положение п.2.3)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("муниципальное образование"),
        on_delete=models.CASCADE,
        related_name="management_team",
    )
    user = models.ForeignKey(
        User, verbose_name=_("участник"), on_delete=models.CASCADE, related_name="team_memberships"
    )
    membership = models.CharField(_("положение в команде"), max_length=20, choices=TeamMembership.choices)
    position_text = models.CharField(_("должность по составу"), max_length=400)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("участник муниципальной управленческой команды")
        verbose_name_plural = _("состав муниципальной управленческой команды")
        ordering = ["municipality", "order"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user"], name="management_team_unique_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user.full_name} — {self.position_text}"
