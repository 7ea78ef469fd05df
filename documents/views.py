"""Downloads: each view finds the project through `projects.selectors` (a project the user may not see
is a 404), asks a builder of this app for the file and streams it with a readable Russian file name
(RFC 5987 `filename*`, an ASCII `filename` for old clients). Views hold no document logic."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from leanproj.files import file_response as stored_file_response
from projects.exceptions import ActionRefused
from projects.models import JournalEntry, Meeting, PlanRevision, SignedCardScan
from projects.permissions import can_attach_card_scan
from projects.services import card_scan_attach, card_scan_remove
from projects.views import MeetingMixin, ProjectMixin
from projects.views_results import PracticeMixin
from surveys.models import Survey

from . import exports, selectors, workbooks
from .card import card_file
from .files import DocumentFile
from .forms import CardScanForm
from .isolation import DocumentTooHeavy
from .plan import plan_file, plan_xlsx_file
from .presentation import presentation_file, presentation_pptx_file
from .process_maps import maps_file
from .protocol import protocol_file
from .report import report_file
from .survey import survey_file, survey_xlsx_file
from .working import working_file


def file_response(document: DocumentFile) -> HttpResponse:
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = document.disposition
    response["Content-Length"] = str(len(document.content))
    # Documents carry personal data and change with every act: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


class BoundedMixin:
    """A document that could not be made within the limits of `documents.isolation` (issue 18):
    the user is taken back to the project (or the registry) with the reason, the worker is free."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except DocumentTooHeavy as refusal:
            messages.error(request, str(refusal))
            if "pk" in kwargs:
                return redirect("projects:detail", pk=kwargs["pk"])
            if "practice_pk" in kwargs:
                return redirect("projects:practice", practice_pk=kwargs["practice_pk"])
            return redirect("projects:list")


class CardPdfView(BoundedMixin, ProjectMixin, View):
    """The card in force (Прил. 1): approved from its snapshot, otherwise a draft «ПРОЕКТ»."""

    def get(self, request, pk):
        return file_response(card_file(self.project))


class CardScanView(ProjectMixin, View):
    """GET: the scan of the signed card, to whoever may see the project (the project was loaded
    through the selector: anyone else gets a 404); POST: the lead or the mayor's office attaches,
    replaces or removes it (п.15; Прил. 4, слайд 2; issue 20)."""

    template_name = "documents/card_scan.html"

    def get(self, request, pk):
        scan = SignedCardScan.objects.filter(project=self.project).first()
        if scan is None:
            raise Http404(_("Скан подписанной карточки не приложен"))
        return stored_file_response(
            scan.file, filename=f"{self.project.number} {_('Карточка проекта (скан)')}"
        )

    def post(self, request, pk):
        if not can_attach_card_scan(self.project, request.user):
            raise PermissionDenied
        if "delete" in request.POST:
            try:
                card_scan_remove(project=self.project, by=request.user)
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Скан подписанной карточки удалён."))
            return redirect("projects:detail", pk=self.project.pk)
        form = CardScanForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                card_scan_attach(project=self.project, by=request.user, upload=form.cleaned_data["file"])
            except ActionRefused as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, _("Скан подписанной карточки приложен: он показан на слайде 2."))
                return redirect("projects:detail", pk=self.project.pk)
        return render(request, self.template_name, {"project": self.project, "form": form})


class CardVersionPdfView(BoundedMixin, ProjectMixin, View):
    """The card exactly as one journal row stored it (submitted, agreed, signed, changed)."""

    def get(self, request, pk, entry):
        try:
            row = selectors.card_version_entry(project=self.project, pk=entry)
        except JournalEntry.DoesNotExist:
            raise Http404(_("Такой версии карточки нет")) from None
        return file_response(card_file(self.project, entry=row))


class ProtocolPdfView(BoundedMixin, MeetingMixin, View):
    """The protocol of a meeting of the project (МР п.4.9; Положение п.10, 23, 26–29), for the
    project's readers and for the meeting's invitees."""

    def get(self, request, pk, meeting_pk):
        try:
            meeting = selectors.meeting_of(project=self.project, pk=meeting_pk)
        except Meeting.DoesNotExist:
            raise Http404(_("Совещание не найдено")) from None
        return file_response(protocol_file(meeting, self.project))


class MapsPdfView(BoundedMixin, ProjectMixin, View):
    """The current and the target maps (Прил. 2; Положение п.16)."""

    def get(self, request, pk):
        return file_response(maps_file(self.project))


class PlanPdfView(BoundedMixin, ProjectMixin, View):
    """The plan in force, else the one being drafted (Прил. 3; Положение п.17–19)."""

    def get(self, request, pk):
        return file_response(plan_file(self.project))


class PlanRevisionPdfView(BoundedMixin, ProjectMixin, View):
    """One revision of the plan (Положение п.22–23), approved ones from their approved text."""

    def get(self, request, pk, number):
        try:
            revision = selectors.plan_revision_of(project=self.project, number=number)
        except PlanRevision.DoesNotExist:
            raise Http404(_("Такой редакции плана нет")) from None
        return file_response(plan_file(self.project, revision))


class PlanXlsxView(BoundedMixin, ProjectMixin, View):
    """Every revision of the plan with the execution of the activities."""

    def get(self, request, pk):
        return file_response(plan_xlsx_file(self.project))


class IndicatorsXlsxView(BoundedMixin, ProjectMixin, View):
    """The target indicators with their actual values (МР п.7; Положение п.24)."""

    def get(self, request, pk):
        return file_response(workbooks.indicators_file(self.project))


class ReportPdfView(BoundedMixin, ProjectMixin, View):
    """The report on the results (Положение п.24–25, 29)."""

    def get(self, request, pk):
        return file_response(report_file(self.project))


class SurveyPdfView(BoundedMixin, ProjectMixin, View):
    """The summary of the process customers' questionnaire (МР п.4.4)."""

    def get(self, request, pk):
        return file_response(survey_file(self.project))


class SurveyXlsxView(BoundedMixin, ProjectMixin, View):
    """The answers and the summary of one survey of the project (`surveys.exports`)."""

    def get(self, request, pk, phase):
        try:
            survey = selectors.survey_of(project=self.project, phase=phase)
        except Survey.DoesNotExist:
            raise Http404(_("Анкетирование не найдено")) from None
        return file_response(survey_xlsx_file(self.project, survey))


class PresentationPdfView(BoundedMixin, ProjectMixin, View):
    """The seven slides of the defence presentation (Прил. 4) as a 16:9 PDF."""

    def get(self, request, pk):
        return file_response(presentation_file(self.project))


class PresentationPptxView(BoundedMixin, ProjectMixin, View):
    """The same seven slides as an editable PowerPoint file."""

    def get(self, request, pk):
        return file_response(presentation_pptx_file(self.project))


class PracticePresentationMixin(BoundedMixin, PracticeMixin):
    """The defence presentation of a best practice's project, for whoever reads the practice base of
    the municipality — the department replicating it above all (Положение п.30–31: the presentations
    of implemented projects are published for replication), even without access to the project."""


class PracticePresentationPdfView(PracticePresentationMixin, View):
    def get(self, request, practice_pk):
        return file_response(presentation_file(self.practice.project))


class PracticePresentationPptxView(PracticePresentationMixin, View):
    def get(self, request, practice_pk):
        return file_response(presentation_pptx_file(self.practice.project))


class WorkingPresentationPdfView(BoundedMixin, ProjectMixin, View):
    """The working presentation of Положение п.9.9 (а–з) at any stage."""

    def get(self, request, pk):
        return file_response(working_file(self.project))


class ProjectDeadlinesXlsxView(BoundedMixin, ProjectMixin, View):
    """The statutory clocks of one project and how they were kept."""

    def get(self, request, pk):
        return file_response(exports.project_deadlines_file(user=request.user, project=self.project))


class RegistryXlsxView(BoundedMixin, LoginRequiredMixin, View):
    """The project registry: the project list page with its current filter (GET parameters)."""

    def get(self, request):
        return file_response(exports.registry_file(user=request.user, params=request.GET))


class DeadlinesXlsxView(BoundedMixin, LoginRequiredMixin, View):
    """The deadlines of the listed projects with on-time statistics per stage, department and
    coordinator."""

    def get(self, request):
        return file_response(exports.registry_deadlines_file(user=request.user, params=request.GET))
