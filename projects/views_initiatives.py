"""Pages of the criteria of п.12 and п.14 and of employees' initiatives (п.11; issue 19.6, 19.9)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import criteria, initiatives
from . import permissions as perms
from .choices import CriterionKind, InitiativeStatus
from .exceptions import ActionRefused
from .forms_initiatives import CriteriaForm, InitiativeDecisionForm, InitiativeForm
from .models import Initiative
from .views import ProjectMixin


class CriteriaView(ProjectMixin, View):
    """The department head's п.12 judgement of the initiative (card in draft) or the coordinator's
    п.14 assessment of the card under review, item by item."""

    template_name = "projects/criteria.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("kind") not in criteria.ITEMS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, kind, form, status=200):
        ctx = {
            "project": self.project,
            "kind": kind,
            "title": CriterionKind(kind).label,
            "rows": criteria.rows(self.project, kind),
            "form": form,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request, pk, kind):
        editable = criteria.can_record(self.project, request.user, kind)
        form = CriteriaForm(kind=kind, project=self.project) if editable else None
        return self._render(request, kind, form)

    def post(self, request, pk, kind):
        form = CriteriaForm(request.POST, kind=kind, project=self.project)
        if form.is_valid():
            try:
                criteria.criteria_record(project=self.project, kind=kind, items=form.items(), by=request.user)
            except ActionRefused as exc:
                messages.error(request, str(exc))
                return redirect(self.project)
            messages.success(request, _("Оценка записана в журнал проекта."))
            return redirect(self.project)
        if not criteria.can_record(self.project, request.user, kind):
            messages.error(request, _("Оценку по этому перечню сейчас записать нельзя."))
            return redirect(self.project)
        messages.error(request, _("Оценка не записана: исправьте отмеченные поля — введённое сохранено."))
        return self._render(request, kind, form)


class InitiativeListView(LoginRequiredMixin, TemplateView):
    """My initiatives and their decisions; for a department head, the department's initiatives with
    those waiting for his decision first."""

    template_name = "projects/initiatives/list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        visible = initiatives.initiatives_visible_to(user=user)
        ctx.update(
            mine=visible.filter(author=user),
            pending=initiatives.pending_for(user=user),
            decided=visible.exclude(author=user).exclude(status=InitiativeStatus.PENDING)[:50],
            is_head=initiatives.is_head_of(user, user.department_id),
            can_submit=initiatives.can_submit(user),
        )
        return ctx


class InitiativeCreateView(LoginRequiredMixin, View):
    template_name = "projects/initiatives/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not initiatives.can_submit(request.user):
            raise PermissionDenied(_("Инициативу подаёт работник подразделения (п.11)."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": InitiativeForm()})

    def post(self, request):
        form = InitiativeForm(request.POST)
        if form.is_valid():
            try:
                initiative = initiatives.initiative_submit(by=request.user, **form.cleaned_data)
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Инициатива направлена руководителю подразделения для решения (п.11–12).")
                )
                return redirect(initiative)
        return render(request, self.template_name, {"form": form})


class InitiativeMixin(LoginRequiredMixin):
    initiative: Initiative

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.initiative = get_object_or_404(
            initiatives.initiatives_visible_to(user=request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form=None):
        i = self.initiative
        can_decide = initiatives.can_decide(i, request.user)
        if form is None and can_decide:
            form = InitiativeDecisionForm()
        ctx = {
            "initiative": i,
            "form": form if can_decide else None,
            "can_view_project": bool(i.project and perms.can_view(i.project, request.user)),
        }
        return render(request, "projects/initiatives/detail.html", ctx)


class InitiativeDetailView(InitiativeMixin, View):
    def get(self, request, pk):
        return self._render(request)


class InitiativeDecideView(InitiativeMixin, View):
    def post(self, request, pk):
        if not initiatives.can_decide(self.initiative, request.user):
            messages.error(
                request,
                _("Решение по инициативе принимает руководитель подразделения её автора (п.11–12)."),
            )
            return redirect(self.initiative)
        form = InitiativeDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Решение не записано: исправьте отмеченные поля — введённое сохранено.")
            )
            return self._render(request, form)
        accept = form.cleaned_data["decision"] == "accept"
        try:
            initiative = initiatives.initiative_decide(
                initiative=self.initiative,
                by=request.user,
                accept=accept,
                criteria=form.items(),
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc))
            return self._render(request, form)
        if accept:
            messages.success(
                request,
                _("Инициатива принята: создана карточка проекта. Дополните её и направьте координатору."),
            )
            return redirect("projects:card", pk=initiative.project_id, section="block1")
        messages.success(request, _("Инициатива отклонена; автор увидит причину."))
        return redirect(initiative)
