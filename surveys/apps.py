from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Анкетирование заказчиков процесса")

    def ready(self) -> None:
        from projects import panels

        from .panels import survey_panel

        panels.register(survey_panel)
