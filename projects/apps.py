from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Проекты")

    def ready(self) -> None:
        from . import planning  # noqa: F401  (registers the plan's conditions, snapshot and hooks)
