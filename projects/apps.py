from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Проекты")

    def ready(self) -> None:
        # Each registers its conditions, snapshots, hooks and panels of the lifecycle.
        from . import (  # noqa: F401
            comments,
            complaints,
            criteria,
            history,
            initiatives,
            planning,
            practices,
            receivers,
            results,
        )

        receivers.connect()
