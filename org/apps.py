from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _narrow_reference_editors(sender, using="default", **kwargs) -> None:
    """After every migrate, an existing reference-editors group holds exactly its permissions again
    (issue 18, hole 1). Runs after each app of the reference data: its permissions exist by then."""
    from .access import REFERENCE_MODELS, sync_reference_editors

    if sender.label not in REFERENCE_MODELS or using != "default":
        return

    sync_reference_editors(create=False)


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Организационная структура")

    def ready(self) -> None:
        from leanproj import sqlite  # noqa: F401  (Unicode-aware LIKE for the SQLite demo)

        post_migrate.connect(_narrow_reference_editors, dispatch_uid="org.narrow_reference_editors")
