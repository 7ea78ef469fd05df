"""The home page: one dashboard per role the user holds, each telling what to do today and how the
portfolio stands (DESIGN §6)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from leanproj.charts import Bar, bar_chart
from org import selectors as org_selectors
from org.choices import Role
from projects import initiatives
from workdays import clock
from workdays.selectors import calendar_overview

from . import exports, selectors


def _stage_chart(stages, title):
    return bar_chart([Bar(s["stage"].label, s["count"], s["url"]) for s in stages], title=title)


def dashboards_for(user) -> dict:
    ctx: dict = {"sections": []}
    if user.has_role(Role.COORDINATOR):
        data = selectors.coordinator_dashboard(user)
        data["stage_chart"] = _stage_chart(data["stages"], _("Проекты направления по стадиям"))
        data["directions"] = org_selectors.directions_of(coordinator=user)
        ctx["coordinator"] = data
        ctx["sections"].append("coordinator")
    if user.has_role(Role.MAYOR):
        data = selectors.mayor_dashboard(user)
        data["stage_chart"] = _stage_chart(data["stages"], _("Проекты по стадиям"))
        ctx["mayor"] = data
        ctx["sections"].append("mayor")
    if user.has_role(Role.AUTHORITY) or user.is_superuser:
        data = selectors.authority_dashboard(user)
        data["stage_chart"] = _stage_chart(data["stages"], _("Проекты по стадиям"))
        data["department_chart"] = bar_chart(
            [Bar(d["name"], d["total"], d["url"]) for d in data["departments"]],
            title=_("Проекты по подразделениям"),
        )
        data["calendar"] = calendar_overview()
        ctx["authority"] = data
        ctx["sections"].append("authority")
    if user.has_role(Role.LEAD, Role.TEAM) or not ctx["sections"]:
        ctx["lead"] = selectors.lead_dashboard(user)
        # Положение п.11–12 (issue 19.9): initiatives waiting for this head, and the user's own
        ctx["lead"]["initiatives_pending"] = list(initiatives.pending_for(user=user)[:10])
        ctx["lead"]["initiatives_mine"] = list(
            initiatives.initiatives_visible_to(user=user).filter(author=user)[:5]
        )
        ctx["sections"].insert(0, "lead")
    if user.has_role(Role.OBSERVER) and not ctx.get("authority"):
        data = selectors.authority_dashboard(user)
        data["stage_chart"] = _stage_chart(data["stages"], _("Проекты по стадиям"))
        ctx["observer"] = data
        ctx["sections"].append("observer")
    return ctx


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "dashboards/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(dashboards_for(self.request.user))
        ctx["today"] = clock.today()
        ctx["can_create"] = self.request.user.has_role(Role.LEAD)
        return ctx


class ExportView(LoginRequiredMixin, View):
    """Every dashboard exports to Excel with the same figures it shows."""

    def get(self, request):
        doc = exports.dashboard_xlsx(request.user, dashboards_for(request.user))
        response = HttpResponse(doc.content, content_type=doc.content_type)
        response["Content-Disposition"] = doc.disposition
        return response
