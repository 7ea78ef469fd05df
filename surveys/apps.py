from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Анкетирование заказчиков процесса")

    def ready(self) -> None:
        from projects import panels, rules

        from .panels import survey_panel
        from .rules import closure_survey_blockers, initiation_survey_blockers

        panels.register(survey_panel)
        # Положение п.10.1, 10.5; МР п.4.4: both questionings are required (issue 19.3).
        rules.register("complete_target_map", initiation_survey_blockers)
        rules.register("send_report", closure_survey_blockers)
