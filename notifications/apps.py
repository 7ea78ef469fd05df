from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Напоминания и уведомления")

    def ready(self) -> None:
        from . import receivers, sources
        from .deadlines import deadline_reminders
        from .plan import activity_reminders, meeting_gap_reminders

        receivers.connect()
        sources.register(deadline_reminders)
        sources.register(activity_reminders)  # Положение п.21 (issue 19.4)
        sources.register(meeting_gap_reminders)  # Положение п.21 (issue 19.4)
