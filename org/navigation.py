"""The main menu: each entry is shown only to the roles that use it. Later features append their
entries here, so the menu is one list a reader can find."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .choices import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everybody who is logged in
    staff_only: bool = False


R = Role
NAV_ITEMS: list[NavItem] = [
    NavItem(_("Главная"), "home"),
    NavItem(_("Входящие"), "projects:inbox", roles=frozenset({R.COORDINATOR})),
    NavItem(_("На подпись"), "projects:signing", roles=frozenset({R.MAYOR, R.MAYOR_OFFICE})),
    NavItem(_("Проекты"), "projects:list"),
    NavItem(_("Мои мероприятия"), "projects:my_activities", roles=frozenset({R.LEAD, R.TEAM})),
    NavItem(_("Инициативы"), "projects:initiatives", roles=frozenset({R.LEAD, R.TEAM})),  # п.11
    NavItem(_("Лучшие практики"), "projects:practices"),
    NavItem(
        _("Обращения граждан"),
        "projects:complaints",
        roles=frozenset({R.AUTHORITY, R.MAYOR, R.COORDINATOR, R.LEAD}),
    ),
    NavItem(_("Справочники"), "admin:index", staff_only=True),
]


def items_for(user) -> list[dict]:
    result = []
    for item in NAV_ITEMS:
        if item.staff_only and not user.is_staff:
            continue
        if item.roles is not None and not (user.is_superuser or user.has_role(*item.roles)):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        result.append({"label": item.label, "url": url, "url_name": item.url_name})
    return result
