"""The documents of a project, as the project page lists them (issue 8: «every document and export is
one click from the page that shows its data»).

Each document registers once — its title, format and URL, and when it exists — so that the maps,
the plan, the report and the presentation, built later, appear on the page without touching it:

    from documents import catalog
    catalog.register(catalog.ProjectDocument(
        key="plan", title=_("План мероприятий (Прил. 3)"), fmt="pdf", url_name="documents:plan_pdf",
        order=40, available=lambda project, user: project.plans.exists(),
    ))

The panel is shown through `projects.panels` (registered in `DocumentsConfig.ready`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PANEL_TEMPLATE = "documents/partials/project_documents.html"


def _always(project, user) -> bool:
    return True


@dataclass(frozen=True)
class ProjectDocument:
    key: str
    title: str
    fmt: str  # "pdf", "xlsx", "pptx"
    url_name: str  # reversed with the project's pk
    order: int = 100
    available: Callable = field(default=_always)  # (project, user) -> bool
    note: Callable | None = None  # (project) -> str, e.g. «утверждена 05.06.2026»
    # (project) -> [{"args": [...], "title": ..., "note": ...}]: one row per variant (each revision of
    # the plan, each survey), the URL reversed with the project's pk followed by the variant's args
    variants: Callable | None = None


_documents: dict[str, ProjectDocument] = {}


def register(document: ProjectDocument) -> None:
    _documents[document.key] = document


def documents_for(project, user) -> list[dict]:
    rows = []
    for doc in sorted(_documents.values(), key=lambda d: (d.order, d.key)):
        if not doc.available(project, user):
            continue
        if doc.variants is not None:
            for variant in doc.variants(project):
                rows.append(
                    {
                        "key": doc.key,
                        "title": variant["title"],
                        "fmt": doc.fmt,
                        "url": reverse(doc.url_name, args=[project.pk, *variant["args"]]),
                        "note": variant.get("note", ""),
                    }
                )
            continue
        rows.append(
            {
                "key": doc.key,
                "title": doc.title,
                "fmt": doc.fmt,
                "url": reverse(doc.url_name, args=[project.pk]),
                "note": doc.note(project) if doc.note else "",
            }
        )
    return rows


def meeting_protocols(project) -> list[dict]:
    from .protocol import kind_phrase
    from .selectors import project_meetings

    rows = []
    for meeting in project_meetings(project=project):
        rows.append(
            {
                "title": _("Протокол %(kind)s № %(n)s")
                % {"kind": kind_phrase(meeting.kind), "n": meeting.number},
                "date": meeting.starts_at,
                "approved": meeting.is_protocol_approved,
                "url": reverse("documents:protocol_pdf", args=[project.pk, meeting.pk]),
            }
        )
    return rows


def card_scan(project, user) -> dict:
    """The scan of the signed card (Прил. 4, слайд 2): its link and, for the lead and the mayor's
    office, the form that attaches it."""
    from projects.models import SignedCardScan
    from projects.permissions import can_attach_card_scan

    from .forms import CardScanForm

    scan = SignedCardScan.objects.filter(project=project).first()
    return {
        "scan": scan,
        "scan_url": reverse("documents:card_scan", args=[project.pk]) if scan else "",
        "scan_form": CardScanForm() if can_attach_card_scan(project, user) else None,
    }


def project_panel(project, user) -> list[dict]:
    """`projects.panels` provider: the documents block of the project page."""
    return [
        {
            "template": PANEL_TEMPLATE,
            "data": {
                "documents": documents_for(project, user),
                "protocols": meeting_protocols(project),
                "project": project,
                **card_scan(project, user),
            },
        }
    ]


def _card_note(project) -> str:
    from .selectors import card_journal
    from .stamps import card_approval
    from .text import short_date

    approval = card_approval(card_journal(project=project))
    if approval.approved is not None:
        return _("утверждена, редакция %(n)s от %(date)s") % {
            "n": approval.version,
            "date": short_date(approval.approved.at),
        }
    return str(_("проект документа"))


def _opened(project, user) -> bool:
    from .sources import OPENED_STAGES

    return project.status in OPENED_STAGES


def _has_current_map(project, user) -> bool:
    return project.process_maps.filter(kind="current").exists()


def _has_plan(project, user) -> bool:
    return project.plan_revisions.exists()


def _has_revisions(project, user) -> bool:
    return project.plan_revisions.count() > 1


def _has_report(project, user) -> bool:
    from projects.results import REPORT_STAGES

    return project.status in REPORT_STAGES or hasattr(project, "report")


def _has_surveys(project, user) -> bool:
    return project.surveys.exists()


def _draft_or(text: str, approved: bool) -> str:
    return text if approved else str(_("проект документа"))


def _maps_note(project) -> str:
    from maps.selectors import approved_versions

    from .text import short_date

    done = approved_versions(project=project)
    if "target" in done:
        return _("карты разработаны, целевая — %(date)s") % {"date": short_date(done["target"].at)}
    if "current" in done:
        return _("карта текущего состояния разработана %(date)s; целевая — проект") % {
            "date": short_date(done["current"].at)
        }
    return str(_("проект документа"))


def _plan_note(project) -> str:
    from .sources import plan_stamp
    from .text import short_date

    number, approved, approved_on = plan_stamp(project)  # not plan_source: no rows needed here
    if approved:
        return _("редакция %(n)s, согласована %(date)s") % {"n": number, "date": short_date(approved_on)}
    return str(_("проект документа"))


def _plan_variants(project) -> list[dict]:
    return [
        {
            "args": [revision.number],
            "title": _("План мероприятий, редакция %(n)s") % {"n": revision.number},
            "note": str(revision.get_status_display()),
        }
        for revision in project.plan_revisions.order_by("number")
    ]


def _report_note(project) -> str:
    from .sources import REPORT_SENT_STAGES

    if project.status in REPORT_SENT_STAGES:
        return (
            str(_("в редакции, направленной координатору"))
            if project.status != "closed"
            else str(_("на дату закрытия проекта"))
        )
    return str(_("проект документа"))


def _presentation_note(project) -> str:
    from .sources import REPORT_SENT_STAGES

    if project.status in REPORT_SENT_STAGES:
        return str(_("7 слайдов 16:9"))
    return str(_("проект: 7 слайдов 16:9, заполняются по мере реализации проекта"))


def _survey_variants(project) -> list[dict]:
    from surveys.choices import Phase

    order = {Phase.INITIATION: 0, Phase.CLOSURE: 1}
    surveys = sorted(project.surveys.all(), key=lambda s: order.get(s.phase, 9))
    return [
        {
            "args": [survey.phase],
            "title": _("Ответы и сводка анкетирования: %(phase)s")
            % {"phase": str(Phase.label_of(survey.phase)).lower()},
            "note": "",
        }
        for survey in surveys
    ]


def register_builtin() -> None:
    register(
        ProjectDocument(
            key="card",
            title=_("Карточка проекта (Прил. 1)"),
            fmt="pdf",
            url_name="documents:card_pdf",
            order=10,
            note=_card_note,
        )
    )
    register(
        ProjectDocument(
            key="maps",
            title=_("Карты текущего и целевого состояния процесса (Прил. 2)"),
            fmt="pdf",
            url_name="documents:maps_pdf",
            order=20,
            available=_opened,
            note=_maps_note,
        )
    )
    register(
        ProjectDocument(
            key="problems",
            title=_("Перечень проблем и показатели карт"),
            fmt="xlsx",
            url_name="maps:problems_xlsx",
            order=22,
            available=_has_current_map,
        )
    )
    register(
        ProjectDocument(
            key="plan",
            title=_("План мероприятий (Прил. 3)"),
            fmt="pdf",
            url_name="documents:plan_pdf",
            order=30,
            available=_has_plan,
            note=_plan_note,
        )
    )
    register(
        ProjectDocument(
            key="plan_revisions",
            title=_("Редакции плана мероприятий"),
            fmt="pdf",
            url_name="documents:plan_revision_pdf",
            order=31,
            available=_has_revisions,
            variants=_plan_variants,
        )
    )
    register(
        ProjectDocument(
            key="plan_xlsx",
            title=_("План мероприятий и его исполнение, все редакции"),
            fmt="xlsx",
            url_name="documents:plan_xlsx",
            order=35,
            available=_has_plan,
        )
    )
    register(
        ProjectDocument(
            key="indicators",
            title=_("Целевые показатели и фактические значения"),
            fmt="xlsx",
            url_name="documents:indicators_xlsx",
            order=40,
        )
    )
    register(
        ProjectDocument(
            key="report",
            title=_("Отчёт о результатах реализации проекта"),
            fmt="pdf",
            url_name="documents:report_pdf",
            order=50,
            available=_has_report,
            note=_report_note,
        )
    )
    register(
        ProjectDocument(
            key="survey",
            title=_("Сводные результаты анкетирования заказчиков процесса"),
            fmt="pdf",
            url_name="documents:survey_pdf",
            order=55,
            available=_has_surveys,
        )
    )
    register(
        ProjectDocument(
            key="survey_xlsx",
            title=_("Анкетирование заказчиков процесса"),
            fmt="xlsx",
            url_name="documents:survey_xlsx",
            order=56,
            available=_has_surveys,
            variants=_survey_variants,
        )
    )
    register(
        ProjectDocument(
            key="presentation",
            title=_("Отчётная презентация (Прил. 4)"),
            fmt="pdf",
            url_name="documents:presentation_pdf",
            order=60,
            available=_opened,
            note=_presentation_note,
        )
    )
    register(
        ProjectDocument(
            key="presentation_pptx",
            title=_("Отчётная презентация (Прил. 4), редактируемая"),
            fmt="pptx",
            url_name="documents:presentation_pptx",
            order=61,
            available=_opened,
        )
    )
    register(
        ProjectDocument(
            key="working",
            title=_("Рабочая презентация проекта (п.9.9)"),
            fmt="pdf",
            url_name="documents:working_pdf",
            order=65,
            note=lambda project: str(_("собирается из того, что уже есть")),
        )
    )
    register(
        ProjectDocument(
            key="deadlines",
            title=_("Сроки проекта и их исполнение"),
            fmt="xlsx",
            url_name="documents:project_deadlines_xlsx",
            order=90,
        )
    )
