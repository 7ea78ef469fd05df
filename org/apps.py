from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Организационная структура")

    def ready(self) -> None:
        from leanproj import sqlite  # noqa: F401  (Unicode-aware LIKE for the SQLite demo)
