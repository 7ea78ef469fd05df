"""The comment thread of a project: the authorised body's methodological comments and consultations
(Положение п.6.1, 6.3), replies of the people who see the project, and the notes the mayor's office
prepares for the mayor (п.4; issue 19.9)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.choices import CommentArtefact, CommentKind, ConsultationFormat
from workdays import clock

TEXT_MAX = 4000
PARTICIPANTS_MAX = 1000
OUTCOME_MAX = 2000


class ProjectComment(models.Model):
    """One comment of a project's thread, optionally about one artefact; a reply belongs to the
    comment that opened its thread. A consultation records its date, format, participants and
    outcome (п.6.3)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("проект"), on_delete=models.CASCADE, related_name="comments"
    )
    kind = models.CharField(_("вид"), max_length=10, choices=CommentKind.choices)
    artefact = models.CharField(
        _("к чему относится"), max_length=12, choices=CommentArtefact.choices, default=CommentArtefact.PROJECT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ответ на"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    text = models.TextField(_("текст"), max_length=TEXT_MAX)
    consulted_on = models.DateField(_("дата консультации"), null=True, blank=True)
    consultation_format = models.CharField(
        _("формат консультации"), max_length=10, choices=ConsultationFormat.choices, blank=True
    )
    participants = models.CharField(_("участники"), max_length=PARTICIPANTS_MAX, blank=True)
    outcome = models.TextField(_("итог консультации"), max_length=OUTCOME_MAX, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("автор"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("когда"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("комментарий к проекту")
        verbose_name_plural = _("комментарии к проектам")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["project", "created_at"], name="comment_project_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%d.%m.%Y}"

    @property
    def kind_choice(self) -> CommentKind:
        return CommentKind(self.kind)

    @property
    def is_consultation(self) -> bool:
        return self.kind == CommentKind.CONSULTATION

    def clean(self) -> None:
        errors: dict[str, str] = {}
        # A TextField's max_length binds only its form: the service is held to it here.
        if not (self.text or "").strip():
            errors["text"] = _("Напишите текст комментария.")
        elif len(self.text) > TEXT_MAX:
            errors["text"] = _("Текст — не более %(n)s символов.") % {"n": TEXT_MAX}
        if len(self.outcome or "") > OUTCOME_MAX:
            errors["outcome"] = _("Итог — не более %(n)s символов.") % {"n": OUTCOME_MAX}
        if self.kind == CommentKind.REPLY:
            if self.parent_id is None:
                errors["parent"] = _("Ответ относится к комментарию.")
            elif self.parent.project_id != self.project_id or self.parent.parent_id is not None:
                errors["parent"] = _("Отвечать можно только на комментарий этого проекта.")
        elif self.parent_id is not None:
            errors["parent"] = _("Ответ на комментарий записывается как ответ.")
        if self.kind == CommentKind.CONSULTATION:
            if self.consulted_on is None:
                errors["consulted_on"] = _("Укажите дату консультации.")
            elif self.consulted_on > clock.today():
                errors["consulted_on"] = _(
                    "Консультация записывается после того, как состоялась: дата не может быть в будущем."
                )
            if not self.consultation_format:
                errors["consultation_format"] = _("Укажите формат консультации.")
            if not self.participants.strip():
                errors["participants"] = _("Перечислите участников консультации.")
            if not self.outcome.strip():
                errors["outcome"] = _("Запишите итог консультации.")
        if errors:
            raise ValidationError(errors)
