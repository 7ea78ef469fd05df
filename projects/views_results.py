"""Pages of the results report, the defence and the mayor's decision (Положение п.24–29), the
best-practice base and replication (п.30–31) and the complaints registry (МР п.9–10). Thin views: a
selector, a form, a service; refusals become messages, bad input is answered next to the field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from leanproj.files import file_response
from workdays import clock

from . import complaints as complaint_services
from . import permissions as perms
from . import practices as practice_services
from . import results, rules
from .choices import ComplaintChannel, ComplaintDecision, ReportStatus, Status
from .exceptions import ActionRefused
from .filtersets_results import ComplaintFilterSet, PracticeFilterSet
from .forms_results import (
    ComplaintDecisionForm,
    ComplaintForm,
    DecisionForm,
    IndicatorResultFormSet,
    LegalActForm,
    PhotoForm,
    PracticeForm,
    RecommendForm,
    RemarksForm,
    ReplicateForm,
    ReportForm,
    SendForm,
)
from .models import Complaint, JournalEntry, LegalAct, Practice, ResultPhoto
from .views import ProjectMixin

REMARKS_LABEL = gettext_lazy("Замечания к отчёту")
REASON_LABEL = gettext_lazy("Причина возврата на реализацию")


def _photo_urls(data: dict, url) -> dict:
    """Photo links for the page that shows the data (the project's or the practice's)."""
    data = dict(data)
    data["photos"] = [{**p, "url": url(p["id"])} for p in data.get("photos", [])]
    return data


def _photo_response(photo: ResultPhoto) -> HttpResponse:
    # the caller loaded the project or the practice through its selector (issue 18)
    return file_response(photo.image, filename=f"{photo.get_kind_display()} — {photo.caption[:80]}")


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    from documents.text import content_disposition

    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, inline=True)
    response["Cache-Control"] = "private, no-store"
    return response


# --- The results report (п.24–25) ----------------------------------------------------------------


def report_context(request, project, *, forms: dict | None = None) -> dict[str, Any]:
    user = request.user
    forms = forms or {}
    data = _photo_urls(
        results.report_data(project), lambda pk: reverse("projects:result_photo", args=[project.pk, pk])
    )
    status = project.status
    can_review = results.can_review(project, user)
    can_decide = results.can_decide(project, user)
    can_attach = results.can_edit_attachments(project, user)
    return {
        "project": project,
        "data": data,
        "report": results.report_of(project),
        "report_status": ReportStatus(data["status"]),
        "blockers": rules.transition_blockers("send_report", project) if status == Status.RESULTS else [],
        "close_blockers": rules.transition_blockers("close", project) if can_decide else [],
        "can_edit": results.can_edit_report(project, user),
        "can_send": (can_send := status == Status.RESULTS and perms.is_project_lead(project, user)),
        "send_form": forms.get("send") or (SendForm(auto_id="id_send_%s") if can_send else None),
        "can_attach": can_attach,
        "can_review": can_review,
        "can_decide": can_decide,
        "act_form": forms.get("act") or (LegalActForm() if can_attach else None),
        "photo_form": forms.get("photo") or (PhotoForm() if can_attach else None),
        "legal_acts": list(LegalAct.objects.filter(project=project)),
        "photos": list(ResultPhoto.objects.filter(project=project)),
        "recommend_form": forms.get("recommend")
        or (RecommendForm(auto_id="id_recommend_%s") if can_review else None),
        "return_form": forms.get("return")
        or (RemarksForm(label=REMARKS_LABEL, auto_id="id_return_%s") if can_review else None),
        "decision_form": forms.get("close")
        or (
            DecisionForm(initial={"achievement": data["suggested"]}, auto_id="id_close_%s")
            if can_decide
            else None
        ),
        "reopen_form": forms.get("reopen")
        or (RemarksForm(label=REASON_LABEL, auto_id="id_reopen_%s") if can_decide else None),
        "remark": results.last_remark(project),
        "meeting": results.closing_meeting(project),
        "seats": results.closing_seats(project) if status in (Status.REPORT_REVIEW, Status.DEFENCE) else [],
        "closure": results.closure_of(project),
        "versions": project.journal.filter(snapshot_kind="report")
        .select_related("actor")
        .order_by("-at", "-id"),
        "suggested": data["suggested"],
    }


class ReportView(ProjectMixin, TemplateView):
    """The report on the results (п.24–25) with the review and the decision forms of each role."""

    template_name = "projects/results/report.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(report_context(self.request, self.project))
        return ctx


class ReportVersionView(ProjectMixin, TemplateView):
    """The report exactly as it was sent, recommended or closed (the journal's snapshot)."""

    template_name = "projects/results/version.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        entry = get_object_or_404(
            JournalEntry, pk=kwargs["entry"], project=self.project, snapshot_kind="report"
        )
        existing = set(ResultPhoto.objects.filter(project=self.project).values_list("pk", flat=True))
        data = _photo_urls(
            entry.snapshot, lambda pk: reverse("projects:result_photo", args=[self.project.pk, pk])
        )
        data["photos"] = [p for p in data["photos"] if p["id"] in existing]
        ctx.update(project=self.project, entry=entry, data=data)
        return ctx


class ReportEditView(ProjectMixin, View):
    """Actual values of the indicators and the effect (п.24); a draft keeps whatever is filled."""

    template_name = "projects/results/report_edit.html"

    def _forms(self, report, data=None):
        form = ReportForm(data, instance=report)
        formset = IndicatorResultFormSet(
            data,
            queryset=report.indicator_results.select_related("indicator").order_by(
                "indicator__order", "indicator_id"
            ),
            prefix="ind",
        )
        return form, formset

    def _render(self, request, form, formset, status=200):
        degrees = {r["id"]: r for r in results.indicator_rows(self.project)}
        rows = [
            {
                # a row with an id that is not of this report (a stale page, a forged form) has
                # no indicator: it is shown with its error, not a server error (issue 13)
                "form": f,
                "indicator": f.instance.indicator if f.instance.indicator_id else None,
                "saved": degrees.get(f.instance.indicator_id),
            }
            for f in formset.forms
        ]
        return render(
            request,
            self.template_name,
            {"project": self.project, "form": form, "formset": formset, "rows": rows},
            status=status,
        )

    def get(self, request, pk):
        try:
            report = results.report_start(project=self.project, by=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("projects:report", pk=pk)
        form, formset = self._forms(report)
        return self._render(request, form, formset)

    def post(self, request, pk):
        try:
            report = results.report_start(project=self.project, by=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("projects:report", pk=pk)
        form, formset = self._forms(report, request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                results.report_save(project=self.project, by=request.user, form=form, formset=formset)
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Отчёт сохранён."))
                if "stay" in request.POST:
                    return redirect("projects:report_edit", pk=pk)
                return redirect("projects:report", pk=pk)
        else:
            messages.error(
                request, _("Отчёт не сохранён: исправьте отмеченные поля — введённое сохранено на странице.")
            )
        return self._render(request, form, formset)


class ReportActView(ProjectMixin, View):
    """The acts of the report: send (п.25), return or recommend (п.25–26), close or return to
    implementation (п.29)."""

    FORMS = {
        "send": lambda data: SendForm(data, auto_id="id_send_%s"),
        "return": lambda data: RemarksForm(data, label=REMARKS_LABEL, auto_id="id_return_%s"),
        "recommend": lambda data: RecommendForm(data, auto_id="id_recommend_%s"),
        "close": lambda data: DecisionForm(data, auto_id="id_close_%s"),
        "reopen": lambda data: RemarksForm(data, label=REASON_LABEL, auto_id="id_reopen_%s"),
    }
    DONE = {
        "send": gettext_lazy("Отчёт направлен координатору (п.25)."),
        "return": gettext_lazy("Отчёт возвращён руководителю проекта с замечаниями."),
        "recommend": gettext_lazy(
            "Проект рекомендован к закрытию; завершающее совещание назначено, участникам направлены приглашения."
        ),
        "close": gettext_lazy("Решение Мэра записано: проект закрыт (п.29)."),
        "reopen": gettext_lazy("Проект возвращён на реализацию плана (п.29)."),
    }

    def post(self, request, pk, act):
        if act not in self.DONE:
            raise Http404
        form = self.FORMS[act](request.POST) if act in self.FORMS else None
        if form is not None and not form.is_valid():
            messages.error(request, _("Действие не выполнено: исправьте отмеченные поля."))
            return self._render(request, act, form)
        data = form.cleaned_data if form is not None else {}
        user, project = request.user, self.project
        try:
            if act == "send":
                results.report_send(project=project, by=user, comment=data["comment"])
            elif act == "return":
                results.report_return(project=project, by=user, comment=data["comment"])
            elif act == "recommend":
                results.closure_recommend(
                    project=project,
                    by=user,
                    defence_at=data["defence_at"],
                    place=data["place"],
                    comment=data["comment"],
                )
            elif act == "close":
                results.project_close(
                    project=project, by=user, achievement=data["achievement"], comment=data["comment"]
                )
            else:
                results.project_return_to_implementation(project=project, by=user, comment=data["comment"])
        except ActionRefused as exc:
            messages.error(request, str(exc))
            if form is not None:
                return self._render(request, act, form)
            return redirect("projects:report", pk=pk)
        messages.success(request, str(self.DONE[act]))
        return redirect("projects:report", pk=pk)

    def _render(self, request, act, form):
        self.project.refresh_from_db()
        return render(
            request, "projects/results/report.html", report_context(request, self.project, forms={act: form})
        )


class LegalActCreateView(ProjectMixin, View):
    def post(self, request, pk):
        form = LegalActForm(request.POST)
        if form.is_valid():
            try:
                results.legal_act_save(project=self.project, by=request.user, form=form)
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Принятый акт добавлен в отчёт."))
                return redirect(reverse("projects:report", args=[pk]) + "#acts")
        messages.error(request, _("Акт не добавлен: исправьте отмеченные поля."))
        return render(
            request,
            "projects/results/report.html",
            report_context(request, self.project, forms={"act": form}),
        )


class LegalActEditView(ProjectMixin, View):
    template_name = "projects/results/legal_act_form.html"

    def _act(self, act_pk):
        return get_object_or_404(LegalAct, pk=act_pk, project=self.project)

    def get(self, request, pk, act_pk):
        if not results.can_edit_attachments(self.project, request.user):
            raise PermissionDenied(_("Принятые акты изменяет команда проекта до отправки отчёта."))
        act = self._act(act_pk)
        return render(
            request,
            self.template_name,
            {"project": self.project, "form": LegalActForm(instance=act), "act": act},
        )

    def post(self, request, pk, act_pk):
        act = self._act(act_pk)
        if "delete" in request.POST:
            try:
                results.legal_act_delete(act=act, by=request.user)
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Акт удалён из отчёта."))
            return redirect(reverse("projects:report", args=[pk]) + "#acts")
        form = LegalActForm(request.POST, instance=act)
        if form.is_valid():
            try:
                results.legal_act_save(project=self.project, by=request.user, form=form)
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Акт сохранён."))
                return redirect(reverse("projects:report", args=[pk]) + "#acts")
        return render(request, self.template_name, {"project": self.project, "form": form, "act": act})


class PhotoCreateView(ProjectMixin, View):
    def post(self, request, pk):
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                results.photo_add(
                    project=self.project,
                    by=request.user,
                    kind=data["kind"],
                    caption=data["caption"],
                    upload=data["image"],
                )
            except ActionRefused as exc:
                form.add_error("image", str(exc))
            else:
                messages.success(request, _("Фотография добавлена."))
                return redirect(reverse("projects:report", args=[pk]) + "#photos")
        messages.error(request, _("Фотография не добавлена: исправьте отмеченные поля."))
        return render(
            request,
            "projects/results/report.html",
            report_context(request, self.project, forms={"photo": form}),
        )


class PhotoView(ProjectMixin, View):
    def get(self, request, pk, photo_pk):
        return _photo_response(get_object_or_404(ResultPhoto, pk=photo_pk, project=self.project))


class PhotoDeleteView(ProjectMixin, View):
    def post(self, request, pk, photo_pk):
        photo = get_object_or_404(ResultPhoto, pk=photo_pk, project=self.project)
        try:
            results.photo_delete(photo=photo, by=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Фотография удалена."))
        return redirect(reverse("projects:report", args=[pk]) + "#photos")


# --- The best-practice base (п.30–31) ----------------------------------------------------------


class PracticeMixin(LoginRequiredMixin):
    """Loads the practice through the selector: a practice of another municipality is a 404."""

    practice: Practice

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.practice = practice_services.practice_detail(user=request.user, pk=kwargs["practice_pk"])
        except Practice.DoesNotExist:
            raise Http404(_("Практика не найдена")) from None
        return super().dispatch(request, *args, **kwargs)


class PracticeListView(LoginRequiredMixin, TemplateView):
    """The searchable catalogue of best practices (п.31)."""

    template_name = "projects/practices/list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        if not practice_services.can_read_practices(user):
            raise PermissionDenied(_("База лучших практик доступна сотрудникам администрации."))
        filterset = PracticeFilterSet(
            self.request.GET or None,
            queryset=practice_services.practice_list(user=user),
            user=user,
            areas=practice_services.areas(user=user),
        )
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(filter=filterset, page=page, practices=page.object_list, query=query.urlencode())
        return ctx


class PracticeDetailView(PracticeMixin, TemplateView):
    """The practice: the card, the maps, the results, the replications and their effect."""

    template_name = "projects/practices/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        practice, user = self.practice, self.request.user
        context = practice_services.practice_context(practice)
        context["report"] = _photo_urls(
            context["report"], lambda pk: reverse("projects:practice_photo", args=[practice.pk, pk])
        )
        ctx.update(context)
        ctx.update(
            card=practice_services.signed_card(practice.project),
            maps=practice_services.maps_of_practice(practice.project),
            can_edit=practice_services.can_edit(practice, user),
            can_replicate=practice_services.can_replicate(user),
            can_view_project=perms.can_view(practice.project, user),
            visible_ids=practice_services.visible_ids(user=user, projects=context["replications"]),
        )
        return ctx


class PracticeCreateView(ProjectMixin, View):
    """The authorised body adds a closed project to the base (п.31)."""

    template_name = "projects/practices/form.html"

    def _check(self, request):
        if not practice_services.can_mark(self.project, request.user):
            if hasattr(self.project, "practice"):
                raise PermissionDenied(_("Проект уже внесён в базу лучших практик."))
            raise PermissionDenied(
                _("В базу лучших практик закрытые проекты вносит Уполномоченный орган (п.31).")
            )

    def get(self, request, pk):
        self._check(request)
        areas = practice_services.areas(user=request.user)
        form = PracticeForm(
            initial={
                "title": self.project.title,
                "effect": practice_services.default_effect(self.project),
            },
            areas=areas,
        )
        return render(request, self.template_name, {"project": self.project, "form": form, "areas": areas})

    def post(self, request, pk):
        self._check(request)
        areas = practice_services.areas(user=request.user)
        form = PracticeForm(request.POST, areas=areas)
        if form.is_valid():
            try:
                practice = practice_services.practice_create(
                    project=self.project, by=request.user, **form.cleaned_data
                )
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Проект внесён в базу лучших практик."))
                return redirect(practice)
        return render(request, self.template_name, {"project": self.project, "form": form, "areas": areas})


class PracticeEditView(PracticeMixin, View):
    template_name = "projects/practices/form.html"

    def _check(self, request):
        if not practice_services.can_edit(self.practice, request.user):
            raise PermissionDenied(_("Базу лучших практик ведёт Уполномоченный орган (п.31)."))

    def get(self, request, practice_pk):
        self._check(request)
        areas = practice_services.areas(user=request.user)
        return render(
            request,
            self.template_name,
            {
                "practice": self.practice,
                "project": self.practice.project,
                "form": PracticeForm(instance=self.practice, areas=areas),
                "areas": areas,
            },
        )

    def post(self, request, practice_pk):
        self._check(request)
        areas = practice_services.areas(user=request.user)
        form = PracticeForm(request.POST, instance=self.practice, areas=areas)
        if form.is_valid():
            try:
                practice_services.practice_update(
                    practice=self.practice, by=request.user, **form.cleaned_data
                )
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Практика сохранена."))
                return redirect(self.practice)
        return render(
            request,
            self.template_name,
            {"practice": self.practice, "project": self.practice.project, "form": form, "areas": areas},
        )


class PracticeReplicateView(PracticeMixin, View):
    """«Тиражировать»: a new draft project of another department prefilled from the practice (п.30)."""

    template_name = "projects/practices/replicate.html"

    def _check(self, request):
        if not practice_services.can_replicate(request.user):
            raise PermissionDenied(
                _("Тиражирование практики начинает руководитель подразделения (п.13, 30).")
            )

    def _render(self, request, form):
        return render(
            request,
            self.template_name,
            {
                "practice": self.practice,
                "form": form,
                "activities": len(practice_services.original_activities(self.practice.project)),
                "indicators": self.practice.project.indicators.all(),
            },
        )

    def get(self, request, practice_pk):
        self._check(request)
        return self._render(request, ReplicateForm(practice=self.practice, user=request.user))

    def post(self, request, practice_pk):
        self._check(request)
        form = ReplicateForm(request.POST, practice=self.practice, user=request.user)
        if form.is_valid():
            try:
                project = practice_services.practice_replicate(
                    practice=self.practice,
                    by=request.user,
                    department=form.cleaned_data["department"],
                    title=form.cleaned_data["title"],
                )
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Проект создан по практике: процесс, риски и целевые показатели перенесены. Укажите текущие значения показателей своего подразделения, масштаб процесса и неудовлетворённость заказчиков."
                    ),
                )
                return redirect("projects:card", pk=project.pk, section="block1")
        return self._render(request, form)


class PracticePdfView(PracticeMixin, View):
    def get(self, request, practice_pk):
        content = practice_services.practice_summary_pdf(self.practice)
        return _pdf_response(content, practice_services.practice_filename(self.practice))


class PracticePhotoView(PracticeMixin, View):
    def get(self, request, practice_pk, photo_pk):
        return _photo_response(
            get_object_or_404(ResultPhoto, pk=photo_pk, project_id=self.practice.project_id)
        )


class ReplicationPlanCopyView(ProjectMixin, View):
    """Copies the practice's activities into the replication's plan (п.17)."""

    def post(self, request, pk):
        try:
            added = practice_services.replication_plan_copy(project=self.project, by=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect(self.project)
        if added:
            messages.success(
                request,
                _(
                    "В план скопировано мероприятий: %(n)s. Свяжите их с проблемами своей карты текущего состояния, назначьте ответственных и сроки."
                )
                % {"n": added},
            )
        else:
            messages.info(request, _("Все мероприятия практики уже есть в плане."))
        return redirect("projects:plan", pk=pk)


# --- Complaints and the registry (МР п.9–10) -------------------------------------------------


class ComplaintAccessMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not complaint_services.can_read_registry(request.user):
            raise PermissionDenied(
                _(
                    "Реестр обращений ведут Уполномоченный орган и руководители подразделений; его читают координаторы и Мэр."
                )
            )
        return super().dispatch(request, *args, **kwargs)


class ComplaintMixin(ComplaintAccessMixin):
    complaint: Complaint

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and complaint_services.can_read_registry(request.user):
            try:
                self.complaint = complaint_services.complaint_detail(
                    user=request.user, pk=kwargs["complaint_pk"]
                )
            except Complaint.DoesNotExist:
                raise Http404(_("Обращение не найдено")) from None
        return super().dispatch(request, *args, **kwargs)


def _complaint_filter(request):
    return ComplaintFilterSet(
        request.GET or None, queryset=complaint_services.complaint_list(user=request.user), user=request.user
    )


class ComplaintListView(ComplaintAccessMixin, TemplateView):
    """Complaints and the registry of projects started from them (МР п.10)."""

    template_name = "projects/complaints/list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = _complaint_filter(self.request)
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        rows = list(page.object_list)
        ctx.update(
            filter=filterset,
            page=page,
            complaints=rows,
            visible_projects=practice_services.visible_ids(
                user=self.request.user, projects=[c.project for c in rows if c.project_id]
            ),
            query=query.urlencode(),
            can_record=complaint_services.can_record(self.request.user),
            registry=self.request.GET.get("decision") == ComplaintDecision.PROJECT,
            registry_query=f"decision={ComplaintDecision.PROJECT}",
        )
        return ctx


class ComplaintXlsxView(ComplaintAccessMixin, View):
    def get(self, request):
        from documents.text import content_disposition

        filterset = _complaint_filter(request)
        complaints = filterset.qs
        conditions = [
            (_("Выгружено"), timezone.localtime(clock.now())),
            (_("Кем"), request.user.full_name or request.user.username),
            *filterset.conditions(),
            (_("Записей"), complaints.count()),
        ]
        content = complaint_services.registry_xlsx(complaints=complaints, conditions=conditions)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = _("Реестр обращений граждан %(d)s.xlsx") % {"d": clock.today().strftime("%d.%m.%Y")}
        response["Content-Disposition"] = content_disposition(name)
        response["Cache-Control"] = "private, no-store"
        return response


class ComplaintCreateView(ComplaintAccessMixin, View):
    template_name = "projects/complaints/form.html"

    def _check(self, request):
        if not complaint_services.can_record(request.user):
            raise PermissionDenied(
                _("Обращения регистрируют Уполномоченный орган и руководители подразделений.")
            )

    def get(self, request):
        self._check(request)
        form = ComplaintForm(
            user=request.user, initial={"received_on": clock.today(), "channel": ComplaintChannel.CUR}
        )
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        self._check(request)
        form = ComplaintForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                complaint = complaint_services.complaint_register(by=request.user, **form.cleaned_data)
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Обращение зарегистрировано. Проведите первичный анализ и примите решение (МР п.10)."),
                )
                return redirect(complaint)
        return render(request, self.template_name, {"form": form})


def complaint_context(request, complaint, *, decision_form=None) -> dict:
    can_manage = complaint_services.can_manage(complaint, request.user)
    locked = complaint.decision == ComplaintDecision.PROJECT and complaint.project_id is not None
    if decision_form is None and can_manage and not locked:
        decision_form = ComplaintDecisionForm(
            complaint=complaint,
            initial={
                "decision": complaint.decision if complaint.decision != ComplaintDecision.PENDING else None,
                "note": complaint.decision_note,
            },
        )
    project = complaint.project
    return {
        "complaint": complaint,
        "can_manage": can_manage,
        "locked": locked,
        "decision_form": decision_form if can_manage and not locked else None,
        "can_view_project": bool(project and perms.can_view(project, request.user)),
    }


class ComplaintDetailView(ComplaintMixin, TemplateView):
    template_name = "projects/complaints/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(complaint_context(self.request, self.complaint))
        return ctx


class ComplaintEditView(ComplaintMixin, View):
    """Corrects the record and its primary analysis (urgency, priority)."""

    template_name = "projects/complaints/form.html"

    def _check(self, request):
        if not complaint_services.can_manage(self.complaint, request.user):
            raise PermissionDenied(
                _(
                    "Обращение ведут руководитель подразделения, в которое оно направлено, и Уполномоченный орган."
                )
            )

    def get(self, request, complaint_pk):
        self._check(request)
        form = ComplaintForm(instance=self.complaint, user=request.user)
        return render(request, self.template_name, {"form": form, "complaint": self.complaint})

    def post(self, request, complaint_pk):
        self._check(request)
        form = ComplaintForm(request.POST, instance=self.complaint, user=request.user)
        if form.is_valid():
            try:
                complaint_services.complaint_update(
                    complaint=self.complaint, by=request.user, **form.cleaned_data
                )
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Обращение сохранено."))
                return redirect("projects:complaint", complaint_pk=complaint_pk)
        return render(request, self.template_name, {"form": form, "complaint": self.complaint})


class ComplaintDecideView(ComplaintMixin, View):
    """The decision after the primary analysis, including starting a project (МР п.10)."""

    template_name = "projects/complaints/detail.html"

    def post(self, request, complaint_pk):
        form = ComplaintDecisionForm(request.POST, complaint=self.complaint)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = complaint_services.complaint_decide(
                    complaint=self.complaint,
                    by=request.user,
                    decision=data["decision"],
                    note=data["note"],
                    project_title=data["project_title"],
                    project=data["existing"],
                )
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                if complaint.decision == ComplaintDecision.PROJECT:
                    messages.success(
                        request,
                        _(
                            "Решение записано: по обращению инициирован проект № %(n)s, он внесён в реестр (МР п.10)."
                        )
                        % {"n": complaint.project.number},
                    )
                else:
                    messages.success(request, _("Решение по обращению записано."))
                return redirect("projects:complaint", complaint_pk=complaint_pk)
        else:
            messages.error(request, _("Решение не записано: исправьте отмеченные поля."))
        return render(
            request, self.template_name, complaint_context(request, self.complaint, decision_form=form)
        )
