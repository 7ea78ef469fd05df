"""The summary of the process customers' questionnaire as a document (МР п.4.4: «сформировать
сводные результаты анкетирования, указав количество опрошенных человек и подразделения/организации,
участвующие в анкетировании»; Положение п.10.1, 10.5): each survey of the project with the number
of respondents, the departments and organisations that took part, the average of every question and
overall, the distribution of answers, the comments and suggestions; and, once the project has both,
the initiation against the closure. The answers themselves go to Excel (`surveys.exports`).

A survey still accepting answers is a draft marked «ПРОЕКТ»: its numbers will change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Project
from surveys.choices import Phase, SurveyState
from surveys.models import Survey
from surveys.questions import COMMENT_PROMPT, OVERALL_LABEL, SUGGESTIONS_QUESTION
from surveys.selectors import comparison_of, survey_summary
from workdays import clock

from .files import DocumentFile, pdf_file, xlsx_file
from .pdf import render_pdf
from .text import safe_filename

TEMPLATE = "documents/survey.html"


@dataclass(frozen=True)
class SurveyDocument:
    context: dict[str, Any]
    draft: bool
    footer: str
    filename: str


def project_surveys(project: Project) -> list[Survey]:
    surveys = list(Survey.objects.filter(project_id=project.pk).order_by("phase"))
    order = {Phase.INITIATION: 0, Phase.CLOSURE: 1}
    surveys.sort(key=lambda s: order.get(s.phase, 9))
    for survey in surveys:
        survey.project = project
    return surveys


def survey_document(project: Project) -> SurveyDocument:
    surveys = project_surveys(project)
    summaries = [survey_summary(s) for s in surveys]
    by_phase = {s["phase"]: s for s in summaries}
    comparison = None
    if Phase.INITIATION in by_phase and Phase.CLOSURE in by_phase:
        comparison = comparison_of(by_phase[Phase.INITIATION], by_phase[Phase.CLOSURE])
    draft = not summaries or any(s["state"] != SurveyState.CLOSED for s in summaries)
    made = timezone.localtime(clock.now()).strftime("%d.%m.%Y %H:%M")
    doc = _("Сводные результаты анкетирования, проект № %(n)s") % {"n": project.number}
    footer = (
        _("%(doc)s — проект документа, сформирован %(at)s") if draft else _("%(doc)s — сформировано %(at)s")
    ) % {"doc": doc, "at": made}
    context = {
        "project": project,
        "administration": project.municipality.administration_name,
        "summaries": summaries,
        "comparison": comparison,
        "phases": [(str(label), value in by_phase) for value, label in Phase.choices],
        "overall_label": OVERALL_LABEL,
        "comment_prompt": COMMENT_PROMPT,
        "suggestions_question": SUGGESTIONS_QUESTION,
        "as_of": clock.now(),
    }
    filename = (
        f"{project.number} {_('Анкетирование заказчиков процесса')}{' ' + _('(проект)') if draft else ''}.pdf"
    )
    return SurveyDocument(context=context, draft=draft, footer=footer, filename=filename)


def survey_file(project: Project) -> DocumentFile:
    """«2026-001 Анкетирование заказчиков процесса.pdf»."""
    doc = survey_document(project)
    return pdf_file(render_pdf(TEMPLATE, doc.context, draft=doc.draft, footer=doc.footer), doc.filename)


def survey_xlsx_file(project: Project, survey: Survey) -> DocumentFile:
    """The answers and the summary of one survey (`surveys.exports`, the workbook of the survey page)
    named «2026-001 Анкетирование при инициации проекта.xlsx»."""
    from surveys.exports import survey_xlsx

    survey.project = project
    phase = str(Phase(survey.phase).label)
    name = safe_filename(f"{project.number} {_('Анкетирование')} {phase[0].lower()}{phase[1:]}")
    return xlsx_file(survey_xlsx(survey), f"{name}.xlsx")
