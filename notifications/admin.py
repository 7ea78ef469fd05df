"""For administrators: e-mails that have not reached their recipients (issue 9, item 4) and the
journal of reminders. Read-only: the scan and the delivery write these rows."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .choices import MailState
from .models import OutgoingMail, Reminder, UndeliveredMail


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _MailAdmin(_ReadOnly):
    list_display = [
        "created_at",
        "to",
        "recipient",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "error",
    ]
    list_filter = ["state", "is_digest"]
    search_fields = ["to", "subject", "recipient__last_name", "recipient__username"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    actions = ["retry_now"]
    readonly_fields = [
        "key",
        "recipient",
        "to",
        "subject",
        "text",
        "is_digest",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("текст"))
    def text(self, obj: OutgoingMail) -> str:
        return obj.body or _("(текст напоминания формируется при отправке)")

    @admin.display(description=_("последняя ошибка"))
    def error(self, obj: OutgoingMail) -> str:
        return (obj.last_error or "")[:120]

    @admin.action(description=_("Отправить снова сейчас (по текущему адресу пользователя)"))
    def retry_now(self, request, queryset):
        count = services.mail_retry(mails=queryset, by=request.user)
        if count:
            from .tasks import deliver_mail

            try:
                deliver_mail.delay()
            except Exception:
                self.message_user(
                    request,
                    _("Очередь задач недоступна: письма уйдут при следующей рассылке."),
                    messages.WARNING,
                )
        self.message_user(request, _("Писем поставлено в очередь: %(n)s.") % {"n": count}, messages.SUCCESS)


@admin.register(UndeliveredMail)
class UndeliveredMailAdmin(_MailAdmin):
    """Everything not delivered yet, refused addresses first (they need a corrected address)."""

    ordering = ["state", "next_attempt_at"]  # «failed» sorts before «pending»

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(state=MailState.SENT)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(_MailAdmin):
    pass


@admin.register(Reminder)
class ReminderAdmin(_ReadOnly):
    list_display = ["day", "kind", "source", "object_key", "project", "created_at"]
    list_filter = ["kind", "source", "day"]
    search_fields = ["project__number", "project__title", "object_key"]
    list_select_related = ["project"]
    date_hierarchy = "day"
