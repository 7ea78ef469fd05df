"""Pages of the action plan, its revisions, the kanban boards and indicator monitoring
(Прил. 3; Положение п.17–24; МР п.6–7)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from leanproj.charts import Point, line_chart
from leanproj.files import file_response
from workdays import clock

from . import permissions, planning, risks
from .choices import ActivityStatus, Status
from .exceptions import ActionRefused
from .forms import (
    ActivityForm,
    ActivityMoveForm,
    CommentForm,
    IndicatorActualForm,
    ProblemNoteForm,
    RevisionStartForm,
    RiskFormSet,
)
from .models.plan import Activity, PlanRevision
from .views import ProjectMixin

COLUMNS = [
    ("todo", _("Поручения")),
    ("doing", _("Делаем")),
    ("done", _("Сделано")),
    ("overdue", _("Просрочено")),
]


def _problems_qs(project):
    return planning.current_map_problems(project)


class PlanView(ProjectMixin, TemplateView):
    template_name = "projects/plan/plan.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project, user = self.project, self.request.user
        revision = planning.working_revision(project)
        is_lead = planning.can_edit_plan(project, user)
        open_for_edit = bool(
            revision
            and revision.is_editable
            and (revision.number > 1 or project.status in planning.PLAN_EDIT_STAGES)
        )
        activities = list(planning.activities_of(revision)) if revision else []
        ctx.update(
            project=project,
            revision=revision,
            activities=activities,
            coverage=planning.coverage(revision) if revision else [],
            # the plan's structure is the lead's; a member edits the activities he executes
            editable=open_for_edit and is_lead,
            editable_ids={
                a.pk
                for a in activities
                if is_lead or a.responsible_id == user.id and permissions.is_team_member(project, user)
            }
            if open_for_edit
            else set(),
            can_start=is_lead and revision is None and project.status in planning.PLAN_EDIT_STAGES,
            revisions=project.plan_revisions.order_by("-number"),
            is_lead=permissions.is_project_lead(project, user),
            is_coordinator=permissions.is_project_coordinator(project, user),
            revision_form=RevisionStartForm(project=project)
            if permissions.is_project_lead(project, user)
            and project.status == Status.IMPLEMENTATION
            and planning.open_revision(project) is None
            else None,
            blockers=planning.plan_blockers(project) if revision and revision.is_editable else [],
            gap_warning=planning.meeting_gap_warning(project),
            risks=list(risks.risks_of(project)),
            can_edit_risks=risks.can_edit_risks(project, user),
        )
        return ctx


class RiskView(ProjectMixin, View):
    """The risks of not reaching the project's results (Положение п.10.2; МР п.5): a table for
    everyone who sees the project, a formset for the lead and the team during the diagnostic stage
    and the forming of the plan. Bad input stays in the form with the message next to the field."""

    template_name = "projects/risks.html"

    def _formset(self, data=None):
        return RiskFormSet(data, instance=self.project, queryset=risks.risks_of(self.project), prefix="risk")

    def _render(self, request, formset):
        project, user = self.project, request.user
        can_edit = risks.can_edit_risks(project, user)
        return render(
            request,
            self.template_name,
            {
                "project": project,
                "risks": list(risks.risks_of(project)),
                "formset": formset if can_edit else None,
                "refusal": "" if can_edit else risks.edit_refusal(project, user),
            },
        )

    def get(self, request, pk):
        return self._render(request, self._formset())

    def post(self, request, pk):
        if not risks.can_edit_risks(self.project, request.user):
            messages.error(request, risks.edit_refusal(self.project, request.user))
            return redirect("projects:risks", pk=pk)
        formset = self._formset(request.POST)
        if formset.is_valid():
            try:
                risks.risks_save(project=self.project, by=request.user, formset=formset)
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Риски сохранены."))
                return redirect("projects:risks", pk=pk)
        return self._render(request, formset)


class PlanStartView(ProjectMixin, View):
    def post(self, request, pk):
        try:
            planning.plan_start(project=self.project, by=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return redirect("projects:plan", pk=pk)


class ActivityEditView(ProjectMixin, View):
    template_name = "projects/plan/activity_form.html"

    def _revision(self):
        revision = planning.open_revision(self.project)
        if revision is None or not revision.is_editable:
            raise ActionRefused(_("Нет редакции плана, которую можно изменять."))
        return revision

    def _form(self, data=None, files=None, activity=None):
        initial = {}
        problem = self.request.GET.get("problem")
        if activity is None and problem and problem.isdigit():
            initial["problems"] = [int(problem)]
        return ActivityForm(
            data,
            files,
            instance=activity,
            initial=initial,
            project=self.project,
            problems=_problems_qs(self.project),
            by=self.request.user,
        )

    def _assert_may_edit(self, activity):
        user = self.request.user
        if activity is None and not planning.can_edit_plan(self.project, user):
            raise ActionRefused(_("Мероприятия в план добавляет руководитель проекта (п.9.2, 18)."))
        if activity is not None and not planning.can_edit_activity(activity, user):
            raise ActionRefused(
                _(
                    "Мероприятие изменяют руководитель проекта и его ответственный исполнитель; член команды изменяет только мероприятия, которые он исполняет."
                )
            )

    def get(self, request, pk, activity_pk=None):
        try:
            revision = self._revision()
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("projects:plan", pk=pk)
        activity = get_object_or_404(Activity, pk=activity_pk, revision=revision) if activity_pk else None
        try:
            self._assert_may_edit(activity)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("projects:plan", pk=pk)
        return render(
            request,
            self.template_name,
            {
                "project": self.project,
                "form": self._form(activity=activity),
                "activity": activity,
                "revision": revision,
                "can_delete": planning.can_edit_plan(self.project, request.user),
            },
        )

    def post(self, request, pk, activity_pk=None):
        try:
            revision = self._revision()
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("projects:plan", pk=pk)
        activity = get_object_or_404(Activity, pk=activity_pk, revision=revision) if activity_pk else None
        try:
            self._assert_may_edit(activity)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("projects:plan", pk=pk)
        if activity is not None and "delete" in request.POST:
            try:
                planning.activity_delete(activity=activity, by=request.user)
                messages.success(request, _("Мероприятие удалено, нумерация обновлена."))
            except ActionRefused as exc:
                messages.error(request, str(exc))
            return redirect("projects:plan", pk=pk)
        form = self._form(request.POST, request.FILES, activity=activity)
        if form.is_valid():
            try:
                planning.activity_save(revision=revision, by=request.user, form=form)
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Мероприятие сохранено."))
                if "another" in request.POST:
                    return redirect("projects:activity_create", pk=pk)
                return redirect("projects:plan", pk=pk)
        return render(
            request,
            self.template_name,
            {
                "project": self.project,
                "form": form,
                "activity": activity,
                "revision": revision,
                "can_delete": planning.can_edit_plan(self.project, request.user),
            },
        )


class ProblemNoteView(ProjectMixin, View):
    def post(self, request, pk, problem_pk):
        revision = planning.open_revision(self.project)
        problem = next((p for p in _problems_qs(self.project) if p.pk == problem_pk), None)
        if revision is None or problem is None:
            raise Http404
        form = ProblemNoteForm(request.POST)
        if form.is_valid():
            try:
                planning.problem_note_save(
                    revision=revision, by=request.user, problem=problem, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Обоснование сохранено."))
            except ActionRefused as exc:
                messages.error(request, str(exc))
        return redirect(reverse("projects:plan", args=[pk]) + "#coverage")


class RevisionView(ProjectMixin, TemplateView):
    """A revision exactly as it is, with «what changed» against the previous one (п.22–23)."""

    template_name = "projects/plan/revision.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        revision = get_object_or_404(PlanRevision, project=self.project, number=kwargs["number"])
        ctx.update(
            project=self.project,
            revision=revision,
            activities=planning.activities_of(revision),
            diff=planning.revision_diff(revision),
            is_coordinator=permissions.is_project_coordinator(self.project, self.request.user),
            is_lead=permissions.is_project_lead(self.project, self.request.user),
        )
        return ctx


class RevisionStartView(ProjectMixin, View):
    def post(self, request, pk):
        form = RevisionStartForm(request.POST, project=self.project)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("projects:plan", pk=pk)
        try:
            revision = planning.revision_start(
                project=self.project,
                by=request.user,
                reason=form.cleaned_data["reason"],
                meeting=form.cleaned_data["meeting"],
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("projects:plan", pk=pk)
        messages.success(
            request,
            _("Создана редакция %(n)s: измените мероприятия и направьте изменение координатору.")
            % {"n": revision.number},
        )
        return redirect("projects:plan", pk=pk)


class RevisionActView(ProjectMixin, View):
    def post(self, request, pk, number, act):
        revision = get_object_or_404(PlanRevision, project=self.project, number=number)
        try:
            if act == "submit":
                planning.revision_submit(revision=revision, by=request.user)
                messages.success(request, _("Изменение плана направлено координатору."))
            elif act in ("approve", "reject"):
                comment = CommentForm(request.POST)
                if not comment.is_valid():
                    messages.error(request, comment.refusal())
                    return redirect(revision)
                planning.revision_decide(
                    revision=revision,
                    by=request.user,
                    approve=act == "approve",
                    comment=comment.cleaned_data["comment"],
                )
                messages.success(request, _("Решение по изменению плана записано в журнал."))
            else:
                raise Http404
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return redirect(revision)


# A refused «Сделано» on the board: what was typed and why it was refused, shown again in that
# card's form after the redirect back (the board has a form per card).
BOARD_DRAFT = "leanproj_board_draft"


def _board_context(activities, user, draft: dict | None = None):
    columns = planning.board(activities=activities)
    draft = draft or {}
    return [
        {
            "key": key,
            "title": title,
            "cards": [
                {
                    "activity": a,
                    "can_move": planning.can_move(a, user),
                    "draft": draft if draft.get("activity") == a.pk else None,
                }
                for a in columns[key]
            ],
        }
        for key, title in COLUMNS
    ]


class BoardView(ProjectMixin, TemplateView):
    """The project's kanban board (seed 000: «Поручения / Делаем / Сделано / Просрочено»)."""

    template_name = "projects/plan/board.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        revision = planning.current_revision(self.project)
        activities = (
            planning.activities_of(revision).select_related("revision__project", "updated_by")
            if revision
            else Activity.objects.none()
        )
        ctx.update(
            project=self.project,
            revision=revision,
            columns=_board_context(
                activities, self.request.user, self.request.session.pop(BOARD_DRAFT, None)
            ),
            today=clock.today(),
            gap_warning=planning.meeting_gap_warning(self.project),
            personal=False,
        )
        return ctx


class MyActivitiesView(LoginRequiredMixin, TemplateView):
    """«Мои мероприятия»: every activity assigned to me, as a board."""

    template_name = "projects/plan/board.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        activities = planning.my_activities(user=self.request.user).select_related("updated_by")
        ctx.update(
            columns=_board_context(
                activities, self.request.user, self.request.session.pop(BOARD_DRAFT, None)
            ),
            today=clock.today(),
            personal=True,
        )
        return ctx


class ActivityMoveView(LoginRequiredMixin, View):
    def post(self, request, activity_pk):
        activity = get_object_or_404(Activity.objects.select_related("revision__project"), pk=activity_pk)
        project = activity.revision.project
        if not permissions.can_view(project, request.user):
            raise Http404
        form = ActivityMoveForm(request.POST, request.FILES)
        back = request.POST.get("back") or ""
        # only a page of this site: «//elsewhere.example» starts with «/» too
        if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
            back = reverse("projects:board", args=[project.pk])
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
            # the card's form comes back with what was typed and the error next to its field
            request.session[BOARD_DRAFT] = {
                "activity": activity.pk,
                "evidence": request.POST.get("evidence", "")[:10_000],
                "done_on": request.POST.get("done_on", "")[:10],
                "errors": {name: [str(e) for e in errors] for name, errors in form.errors.items()},
            }
            return redirect(back)
        data = form.cleaned_data
        try:
            planning.activity_move(
                activity=activity,
                by=request.user,
                to=data["to"],
                expected_version=data["version"],
                done_on=data.get("done_on"),
                evidence=data.get("evidence") or "",
                evidence_file=data.get("evidence_file"),
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Мероприятие № %(n)s: «%(col)s».")
                % {"n": activity.number, "col": ActivityStatus(data["to"]).label},
            )
            project.refresh_from_db()
            if project.status == Status.RESULTS:
                messages.info(
                    request,
                    _(
                        "Все мероприятия выполнены: проект перешёл к оценке результатов, отчёт — в течение 25 рабочих дней (п.24)."
                    ),
                )
        return redirect(back)


class ActivityEvidenceView(ProjectMixin, View):
    """The evidence file of an activity (Положение п.21), to whoever may see the project: the
    project is loaded through the selector, the activity must be one of its plan (issue 18)."""

    def get(self, request, pk, activity_pk):
        activity = get_object_or_404(Activity, pk=activity_pk, revision__project=self.project)
        if not activity.evidence_file:
            raise Http404(_("Файл-подтверждение не приложен"))
        name = _("Мероприятие %(n)s — подтверждение") % {"n": activity.number}
        return file_response(activity.evidence_file, filename=name)


class IndicatorsView(ProjectMixin, View):
    """Indicator monitoring: actual values over time with a chart from the current value through the
    actuals to the target (МР п.7)."""

    template_name = "projects/plan/indicators.html"

    def _context(self, form):
        project = self.project
        rows = []
        # the chart starts at the card's signature (read once, not per indicator)
        start = project.journal.filter(action="sign_card").values_list("at", flat=True).first()
        for ind in project.indicators.prefetch_related("actuals"):
            actuals = list(ind.actuals.all())
            points = []
            if ind.current_value is not None and start is not None:
                points.append(
                    Point(
                        clock.local_date(start), float(ind.current_value), _("текущее значение по карточке")
                    )
                )
            points += [Point(a.measured_on, float(a.value), a.source) for a in actuals]
            chart = (
                line_chart(
                    points,
                    title=ind.name,
                    target=float(ind.target_value) if ind.target_value is not None else None,
                    target_label=_("цель"),
                    unit=ind.unit,
                )
                if points
                else ""
            )
            rows.append({"indicator": ind, "actuals": actuals, "chart": chart})
        return {
            "project": project,
            "rows": rows,
            "form": form,
            "can_add": permissions.is_project_team(project, self.request.user),
        }

    def get(self, request, pk):
        return render(
            request,
            self.template_name,
            self._context(IndicatorActualForm(project=self.project, initial={"measured_on": clock.today()})),
        )

    def post(self, request, pk):
        form = IndicatorActualForm(request.POST, project=self.project)
        if form.is_valid():
            data = form.cleaned_data
            try:
                planning.indicator_actual_add(
                    project=self.project,
                    by=request.user,
                    indicator=data["indicator"],
                    measured_on=data["measured_on"],
                    value=data["value"],
                    source=data["source"],
                )
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Фактическое значение записано."))
                return redirect("projects:indicators", pk=pk)
        return render(request, self.template_name, self._context(form))
