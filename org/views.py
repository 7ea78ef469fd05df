from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpResponse
from django.views.generic import TemplateView

from workdays.selectors import calendar_overview

from . import selectors
from .choices import Role


class HomeView(LoginRequiredMixin, TemplateView):
    """The landing page: one panel per role the user holds (DESIGN §6)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        panels = []
        if user.has_role(Role.COORDINATOR):
            panels.append("home/panels/coordinator.html")
        if user.has_role(Role.MAYOR):
            panels.append("home/panels/mayor.html")
        if user.has_role(Role.AUTHORITY) or user.is_superuser:
            panels.append("home/panels/authority.html")
        if user.department_id:
            panels.append("home/panels/department.html")
        ctx["panels"] = panels
        if user.has_role(Role.COORDINATOR):
            ctx["directions"] = selectors.directions_of(coordinator=user)
        if user.has_role(Role.MAYOR, Role.AUTHORITY) and user.municipality_id:
            ctx["management_team"] = selectors.management_team(municipality_id=user.municipality_id)
        if user.has_role(Role.AUTHORITY) or user.is_superuser:
            ctx["calendar"] = calendar_overview()
        return ctx


def healthz(request):
    """Liveness for docker compose: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
