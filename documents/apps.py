from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Документы")

    def ready(self):
        from projects import panels

        from . import catalog

        catalog.register_builtin()
        panels.register(catalog.project_panel)
