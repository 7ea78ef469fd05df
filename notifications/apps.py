from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Напоминания и уведомления")

    def ready(self) -> None:
        from . import receivers, sources
        from .deadlines import deadline_reminders

        receivers.connect()
        sources.register(deadline_reminders)
