"""Russian text helpers that gettext cannot express alone."""

from django.utils.translation import gettext as _


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural: 1 день, 2 дня, 5 дней, 11 дней, 21 день."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def working_days(n: int) -> str:
    """«1 рабочий день», «2 рабочих дня», «10 рабочих дней»."""
    return f"{n} " + plural(n, _("рабочий день"), _("рабочих дня"), _("рабочих дней"))


def days_left_text(days: int | None) -> str:
    if days is None:
        return ""
    if days > 0:
        return plural(days, _("остался"), _("осталось"), _("осталось")) + " " + working_days(days)
    if days == 0:
        return _("срок сегодня")
    return _("просрочено на %(days)s") % {"days": working_days(-days)}
