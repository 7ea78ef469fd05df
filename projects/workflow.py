"""The acts of the lifecycle as people see them: the button, who presses it, whether a comment is
required, which statutory clocks it stops and starts, and what it snapshots (DESIGN §2).

The state machine itself is on `projects.models.Project`; this table is what the pages, the journal
and the deadline bookkeeping read."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .choices import Stage

ALL_OPEN = "__all__"


@dataclass(frozen=True)
class Act:
    name: str  # the transition method on Project
    button: str  # what the button says
    done: str  # the journal line
    actor: str  # who does it, for refusals («это делает …»)
    clause: str
    style: str = "primary"
    comment_required: bool = False
    comment_label: str = ""
    close: tuple[str, ...] = ()
    open: tuple[str, ...] = ()
    snapshot: str = ""  # "card", "plan", "report"
    confirm: str = ""
    extra: tuple[str, ...] = field(default_factory=tuple)  # extra inputs the act needs


ACTS: dict[str, Act] = {
    a.name: a
    for a in [
        Act(
            "submit_card",
            _("Направить карточку координатору"),
            _("Карточка направлена координатору"),
            _("руководитель проекта"),
            "Положение п.13",
            open=(Stage.CARD_REVIEW,),
            snapshot="card",
            confirm=_(
                "Направить карточку координатору на рассмотрение? Координатор рассматривает её в течение 10 рабочих дней."
            ),
        ),
        Act(
            "return_card",
            _("Вернуть на доработку"),
            _("Карточка возвращена на доработку"),
            _("координатор направления"),
            "Положение п.14",
            style="warning",
            comment_required=True,
            comment_label=_("Что доработать"),
            close=(Stage.CARD_REVIEW,),
            snapshot="criteria",  # the п.14 assessments the return rests on (issue 19.6)
        ),
        Act(
            "approve_card",
            _("Согласовать и назначить руководителя"),
            _("Карточка согласована координатором, руководитель проекта назначен"),
            _("координатор направления"),
            "Положение п.8.2–8.3, 15",
            style="success",
            close=(Stage.CARD_REVIEW,),
            open=(Stage.CARD_SIGNING,),
            snapshot="card",
            extra=("lead",),
        ),
        Act(
            "reject_card",
            _("Отклонить проект"),
            _("Проект не выбран к реализации"),
            _("координатор направления (при рассмотрении) или Мэр (при утверждении)"),
            "Положение п.8.1",
            style="danger",
            comment_required=True,
            comment_label=_("Причина отклонения"),
            close=(Stage.CARD_REVIEW, Stage.CARD_SIGNING),
            snapshot="criteria",  # the п.14 assessments the rejection rests on (issue 19.6)
        ),
        Act(
            "sign_card",
            _("Утвердить карточку (подписать)"),
            _("Карточка утверждена Мэром — проект открыт"),
            _("Мэр"),
            "Положение п.15",
            style="success",
            close=(Stage.CARD_SIGNING,),
            open=(Stage.CURRENT_MAP,),
            snapshot="card",
        ),
        Act(
            "return_card_to_coordinator",
            _("Вернуть координатору"),
            _("Карточка возвращена Мэром координатору"),
            _("Мэр"),
            "Положение п.15",
            style="warning",
            comment_required=True,
            comment_label=_("Замечания"),
            close=(Stage.CARD_SIGNING,),
            open=(Stage.CARD_REVIEW,),
        ),
        Act(
            "complete_current_map",
            _("Карта текущего состояния готова"),
            _("Карта текущего состояния разработана"),
            _("команда проекта"),
            "Положение п.16.1",
            close=(Stage.CURRENT_MAP,),
            open=(Stage.TARGET_MAP,),
            snapshot="current_map",
        ),
        Act(
            "complete_target_map",
            _("Карта целевого состояния готова"),
            _("Карта целевого состояния разработана"),
            _("команда проекта"),
            "Положение п.16.2",
            close=(Stage.TARGET_MAP,),
            open=(Stage.PLAN_DRAFTING,),
            snapshot="target_map",
        ),
        Act(
            "submit_plan",
            _("Утвердить план и направить координатору"),
            _("План утверждён руководителем и направлен координатору"),
            _("руководитель проекта"),
            "Положение п.18",
            close=(Stage.PLAN_DRAFTING,),
            open=(Stage.PLAN_REVIEW,),
            snapshot="plan",
        ),
        Act(
            "return_plan",
            _("Вернуть план на доработку"),
            _("План возвращён на доработку"),
            _("координатор направления"),
            "Положение п.19",
            style="warning",
            comment_required=True,
            comment_label=_("Замечания к плану"),
            close=(Stage.PLAN_REVIEW,),
            open=(Stage.PLAN_REWORK,),
        ),
        Act(
            "approve_plan",
            _("Согласовать план"),
            _("План согласован координатором"),
            _("координатор направления"),
            "Положение п.19",
            style="success",
            close=(Stage.PLAN_REVIEW,),
            snapshot="plan",
        ),
        Act(
            "resubmit_plan",
            _("Направить доработанный план"),
            _("Доработанный план направлен координатору"),
            _("руководитель проекта"),
            "Положение п.20",
            close=(Stage.PLAN_REWORK,),
            open=(Stage.PLAN_REVIEW,),
            snapshot="plan",
        ),
        Act(
            "complete_implementation",
            _("Завершить реализацию плана"),
            _("Выполнено последнее мероприятие плана"),
            _("команда проекта"),
            "Положение п.21, 24",
            open=(Stage.RESULTS,),
        ),
        Act(
            "send_report",
            _("Направить отчёт координатору"),
            _("Отчёт о результатах направлен координатору"),
            _("руководитель проекта"),
            "Положение п.25",
            close=(Stage.RESULTS,),
            open=(Stage.REPORT_REVIEW,),
            snapshot="report",
        ),
        Act(
            "return_report",
            _("Вернуть отчёт на доработку"),
            _("Отчёт возвращён на доработку"),
            _("координатор направления"),
            "Положение п.25",
            style="warning",
            comment_required=True,
            comment_label=_("Замечания к отчёту"),
            close=(Stage.REPORT_REVIEW,),
        ),
        Act(
            "recommend_closure",
            _("Рекомендовать к закрытию и назначить защиту"),
            _("Координатор рекомендовал проект к закрытию, назначена защита"),
            _("координатор направления"),
            "Положение п.8.5, 26",
            style="success",
            close=(Stage.REPORT_REVIEW,),
            open=(Stage.DEFENCE,),
            extra=("defence_at",),
        ),
        Act(
            "close",
            _("Закрыть проект"),
            _("Мэр принял решение о степени достижения целей и закрыл проект"),
            _("Мэр"),
            "Положение п.29",
            style="success",
            close=(Stage.DEFENCE,),
            snapshot="report",
            extra=("achievement",),
        ),
        Act(
            "return_to_implementation",
            _("Вернуть на реализацию"),
            _("Мэр вернул проект на реализацию плана"),
            _("Мэр"),
            "Положение п.29",
            style="warning",
            comment_required=True,
            comment_label=_("Причина"),
            close=(Stage.DEFENCE,),
        ),
        Act(
            "suspend",
            _("Приостановить проект"),
            _("Проект приостановлен"),
            _("координатор направления или Мэр"),
            "Положение п.8, 22",
            style="outline-danger",
            comment_required=True,
            comment_label=_("Причина приостановки"),
            close=(ALL_OPEN,),
        ),
        Act(
            "resume",
            _("Возобновить проект"),
            _("Проект возобновлён"),
            _("координатор направления или Мэр"),
            "Положение п.8, 22",
            style="outline-success",
        ),
    ]
}

# The clock that runs while a project is in a stage (to restart it after a suspension).
STAGE_CLOCK = {
    "card_review": Stage.CARD_REVIEW,
    "card_signing": Stage.CARD_SIGNING,
    "current_map": Stage.CURRENT_MAP,
    "target_map": Stage.TARGET_MAP,
    "plan_drafting": Stage.PLAN_DRAFTING,
    "plan_review": Stage.PLAN_REVIEW,
    "plan_rework": Stage.PLAN_REWORK,
    "results": Stage.RESULTS,
    "report_review": Stage.REPORT_REVIEW,
    "defence": Stage.DEFENCE,
}
