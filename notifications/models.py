"""Deadline reminders and in-app notifications (DESIGN §5; Положение п.14, 16, 17, 19, 20, 21, 24).

Three tables, written in this order so that nothing is sent twice and nothing is lost:

1. `Reminder` — the claim: one row per (source, object, kind, day) under a unique constraint,
   inserted before anything is sent. Whoever inserts the row owns the reminder; a second beat,
   a retried task or a second worker finds the row and does nothing.
2. `Notification` — what each person sees in the app, created in the same transaction as the claim.
3. `OutgoingMail` — the outbox, created in the same transaction: a worker leases a row, sends it,
   marks it sent; a row whose worker died is leased again when the lease runs out, an SMTP error
   is retried with back-off, and every unsent row is listed for administrators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Delivery, Kind, MailState


class Reminder(models.Model):
    """The record that a reminder of one kind about one object was claimed on one day."""

    source = models.CharField(_("источник"), max_length=30)
    object_key = models.CharField(_("объект"), max_length=64)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    day = models.DateField(_("день"))
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("проект"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    claim = models.UUIDField(_("запуск, создавший запись"), editable=False)
    created_at = models.DateTimeField(_("создано"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("напоминание")
        verbose_name_plural = _("журнал напоминаний")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_key", "kind", "day"], name="reminder_once_per_day"
            ),
        ]
        indexes = [models.Index(fields=["claim"], name="reminder_claim")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source}:{self.object_key} {self.day:%d.%m.%Y}"


class OutgoingMail(models.Model):
    """One e-mail to one person: a single reminder or the daily digest. Sent at most once by
    whoever holds its lease; retried with back-off until the server accepts it."""

    key = models.CharField(_("ключ"), max_length=80, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("получатель"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    to = models.EmailField(_("адрес"))
    subject = models.CharField(_("тема"), max_length=300)
    body = models.TextField(_("текст"))
    is_digest = models.BooleanField(_("ежедневная сводка"), default=False)
    state = models.CharField(
        _("состояние"), max_length=10, choices=MailState.choices, default=MailState.PENDING
    )
    attempts = models.PositiveIntegerField(_("попыток"), default=0)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), default=timezone.now)
    lease_until = models.DateTimeField(_("занято до"), null=True, blank=True, editable=False)
    lease_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("поставлено в очередь"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("письмо")
        verbose_name_plural = _("письма")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(state="pending"), name="mail_pending_next"),
            models.Index(fields=["lease_token"], name="mail_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def state_choice(self) -> MailState:
        return MailState(self.state)


class UndeliveredMail(OutgoingMail):
    """The administrators' list of reminders not yet delivered (issue 9, item 4)."""

    class Meta:
        proxy = True
        verbose_name = _("недоставленное письмо")
        verbose_name_plural = _("недоставленные письма")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An item of a person's in-app list: a reminder or an event that asks them to act."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("получатель"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    reminder = models.ForeignKey(
        Reminder, verbose_name=_("напоминание"), on_delete=models.CASCADE, related_name="notifications"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("проект"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("заголовок"), max_length=300)
    what = models.CharField(_("что"), max_length=500)
    note = models.TextField(_("пояснение"), blank=True)
    clause = models.CharField(_("основание"), max_length=100, blank=True)
    due_on = models.DateField(_("срок"), null=True, blank=True)
    days_left = models.SmallIntegerField(_("рабочих дней до срока"), null=True, blank=True)
    url = models.CharField(_("ссылка"), max_length=500, blank=True, help_text=_("Пусто — страница проекта."))
    created_at = models.DateTimeField(_("создано"), default=timezone.now)
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)
    delivery = models.CharField(
        _("доставка"), max_length=10, choices=Delivery.choices, default=Delivery.SINGLE
    )
    mail = models.ForeignKey(
        OutgoingMail,
        verbose_name=_("письмо"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "recipient"], name="notification_once_per_person"),
        ]
        indexes = [
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_new"),
            models.Index(
                fields=["recipient"],
                condition=Q(delivery="digest", mail__isnull=True),
                name="notification_digest_wait",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_choice(self) -> Kind:
        return Kind(self.kind)

    @property
    def needs_action(self) -> bool:
        """An action is required of the reader, as opposed to information (issue 21)."""
        from .choices import ACTION_KINDS

        return self.kind in ACTION_KINDS

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def target_url(self) -> str:
        """The exact page the notification is about: its own link, else the project page."""
        if self.url:
            return self.url
        if self.project_id:
            return reverse("projects:detail", args=[self.project_id])
        return reverse("notifications:list")
