from django.utils.translation import gettext_lazy as _

from leanproj.choices import ChoiceSet, set_colors


class Kind(ChoiceSet):
    """What a notification is about: the reminder chain of DESIGN §5 (before, due, overdue,
    escalation) and the events of the lifecycle that ask somebody to act."""

    COMING = "coming", _("Приближается срок")
    DUE = "due", _("Срок сегодня")
    OVERDUE = "overdue", _("Срок нарушен")
    ESCALATION = "escalation", _("Эскалация: срок нарушен")
    EVENT = "event", _("Требуется ваше действие")
    INFO = "info", _("Для сведения")  # issue 21: an event that asks nothing of the reader


# The kinds that ask the reader to act: their item carries the action's button.
ACTION_KINDS = frozenset({"coming", "due", "overdue", "escalation", "event"})


set_colors(
    Kind,
    {
        "coming": "info",
        "due": "warning",
        "overdue": "danger",
        "escalation": "danger",
        "event": "primary",
        "info": "secondary",
    },
)


class Audience(ChoiceSet):
    """Who is told, resolved per project at scan time (Положение п.4, 5, 7–9, 15, 19)."""

    LEAD = "lead", _("руководитель проекта")
    TEAM = "team", _("команда проекта")
    COORDINATOR = "coordinator", _("координатор направления")
    MAYOR = "mayor", _("аппарат Мэра")
    AUTHORITY = "authority", _("Уполномоченный орган")


class Delivery(ChoiceSet):
    """How a notification reaches the person besides the in-app list."""

    SINGLE = "single", _("отдельным письмом")
    DIGEST = "digest", _("в ежедневной сводке")
    NONE = "none", _("только в приложении (нет адреса)")


class MailState(ChoiceSet):
    PENDING = "pending", _("ждёт отправки")
    SENT = "sent", _("отправлено")
    FAILED = "failed", _("адрес отклонён сервером")


set_colors(MailState, {"pending": "warning", "sent": "success", "failed": "danger"})
