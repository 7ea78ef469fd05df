"""Downloads: each view finds the project through `projects.selectors` (a project the user may not see
is a 404), asks a builder of this app for the file and streams it with a readable Russian file name
(RFC 5987 `filename*`, an ASCII `filename` for old clients). Views hold no document logic."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views import View

from projects.models import JournalEntry, Meeting
from projects.views import ProjectMixin

from . import exports, selectors
from .card import card_file
from .files import DocumentFile
from .protocol import protocol_file


def file_response(document: DocumentFile) -> HttpResponse:
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = document.disposition
    response["Content-Length"] = str(len(document.content))
    # Documents carry personal data and change with every act: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


class CardPdfView(ProjectMixin, View):
    """The card in force (Прил. 1): approved from its snapshot, otherwise a draft «ПРОЕКТ»."""

    def get(self, request, pk):
        return file_response(card_file(self.project))


class CardVersionPdfView(ProjectMixin, View):
    """The card exactly as one journal row stored it (submitted, agreed, signed, changed)."""

    def get(self, request, pk, entry):
        try:
            row = selectors.card_version_entry(project=self.project, pk=entry)
        except JournalEntry.DoesNotExist:
            raise Http404(_("Такой версии карточки нет")) from None
        return file_response(card_file(self.project, entry=row))


class ProtocolPdfView(ProjectMixin, View):
    """The protocol of a meeting of the project (МР п.4.9; Положение п.10, 23, 26–29)."""

    def get(self, request, pk, meeting_pk):
        try:
            meeting = selectors.meeting_of(project=self.project, pk=meeting_pk)
        except Meeting.DoesNotExist:
            raise Http404(_("Совещание не найдено")) from None
        return file_response(protocol_file(meeting, self.project))


class ProjectDeadlinesXlsxView(ProjectMixin, View):
    """The statutory clocks of one project and how they were kept."""

    def get(self, request, pk):
        return file_response(exports.project_deadlines_file(user=request.user, project=self.project))


class RegistryXlsxView(LoginRequiredMixin, View):
    """The project registry: the project list page with its current filter (GET parameters)."""

    def get(self, request):
        return file_response(exports.registry_file(user=request.user, params=request.GET))


class DeadlinesXlsxView(LoginRequiredMixin, View):
    """The deadlines of the listed projects with on-time statistics per stage, department and
    coordinator."""

    def get(self, request):
        return file_response(exports.registry_deadlines_file(user=request.user, params=request.GET))
