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
from projects import complaints as complaint_rules
from projects import initiatives
from projects import selectors as project_selectors
from workdays import clock
from workdays.selectors import calendar_overview

from . import exports, selectors


def _stage_chart(stages, title):
    return bar_chart([Bar(s["stage"].label, s["count"], s["url"]) for s in stages], title=title)


def _lead_charts(user) -> dict:
    data = selectors.lead_charts_data(user)
    project_url = selectors.UrlOf("projects:detail")
    indicators = [
        Bar(
            f"{i.project.number} {i.name}",
            i.change,
            project_url(i.project_id),
            "#198754" if (i.change < 0) == (i.direction == "decrease") else "#dc3545",
        )
        for i in data["indicators"]
        if i.change is not None
    ]
    deadlines = [
        Bar(
            f"{d.project.number} {d.get_stage_display()}",
            d.left,
            project_url(d.project_id),
            "#dc3545" if d.left < 0 else ("#fd7e14" if d.left <= 2 else "#0d6efd"),
        )
        for d in data["deadlines"]
    ]
    return {
        "indicator_chart": bar_chart(indicators, title=_("Плановое изменение целевых показателей")),
        "deadline_chart": bar_chart(
            deadlines, title=_("Рабочих дней до нормативного срока"), unit=_("раб. дн.")
        ),
    }


def dashboards_for(user, *, archive: bool = False) -> dict:
    ctx: dict = {"sections": []}
    if user.has_role(Role.COORDINATOR):
        data = selectors.coordinator_dashboard(user)
        data["stage_chart"] = _stage_chart(data["stages"], _("Проекты направления по стадиям"))
        data["directions"] = org_selectors.directions_of(coordinator=user)
        ctx["coordinator"] = data
        ctx["sections"].append("coordinator")
    if user.has_role(Role.MAYOR, Role.MAYOR_OFFICE):  # the office prepares what the mayor signs (19.9)
        data = selectors.mayor_dashboard(user)
        data["stage_chart"] = _stage_chart(data["stages"], _("Проекты по стадиям"))
        data["office_only"] = not user.has_role(Role.MAYOR)
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
        data["worklist"] = selectors.authority_worklist(user)
        ctx["authority"] = data
        ctx["sections"].append("authority")
    if user.has_role(Role.OBSERVER) and not ctx.get("authority"):
        data = selectors.authority_dashboard(user)
        data["stage_chart"] = _stage_chart(data["stages"], _("Проекты по стадиям"))
        data["department_chart"] = bar_chart(
            [Bar(d["name"], d["total"], d["url"]) for d in data["departments"]],
            title=_("Проекты по подразделениям"),
        )
        ctx["observer"] = data
        ctx["sections"].append("observer")
    if selectors.team_member_only(user):
        # A team member sees his activities and his next meeting first (Положение п.21).
        ctx["lead"] = selectors.lead_dashboard(user, archive=archive)
        ctx["sections"].insert(0, "team")
        ctx["sections"].insert(1, "lead")
    elif user.has_role(Role.LEAD, Role.TEAM) or not ctx["sections"]:
        ctx["lead"] = selectors.lead_dashboard(user, archive=archive)
        if user.has_role(Role.LEAD):
            ctx["lead"].update(_lead_charts(user))
        ctx["sections"].insert(0, "lead")
    if "lead" in ctx:
        # Положение п.11–12 (issue 19.9): initiatives waiting for this head, and the user's own
        ctx["lead"]["initiatives_pending"] = list(initiatives.pending_for(user=user)[:10])
        ctx["lead"]["initiatives_mine"] = list(
            initiatives.initiatives_visible_to(user=user).filter(author=user)[:5]
        )
    # the meetings I am invited to, each linked to its page — the one page of a project an invitee
    # from outside its team reads (МР п.4.9г; Положение п.26)
    ctx["invitations"] = list(project_selectors.meetings_of_invitee(user=user)[:10])
    if complaint_rules.is_cur_reception(user):
        # МР п.10: the Отдел информационной политики takes in the ЦУР's messages and sends them on;
        # its worklist holds those still awaiting the primary analysis
        ctx["cur"] = {"pending": list(complaint_rules.cur_worklist(user=user)[:20])}
        ctx["cur"]["count"] = complaint_rules.cur_worklist(user=user).count()
        ctx["sections"].insert(0, "cur")
    return ctx


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "dashboards/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(dashboards_for(self.request.user, archive=self.request.GET.get("projects") == "archive"))
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
