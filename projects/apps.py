from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Проекты")

    def ready(self) -> None:
        # Each registers its conditions, snapshots, hooks and panels of the lifecycle; the kick-off
        # first, so that its panel (the next required step after the signature) comes on top.
        # isort: off
        from . import kickoff  # noqa: F401
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
            risks,
        )
        # isort: on

        receivers.connect()
