"""The in-app notification list: what is due and what happened, read and unread."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import selectors, services
from .forms import DeliveryForm
from .models import Notification


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "notifications/list.html"
    paginate_by = 30

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unread_only = self.request.GET.get("show") == "unread"
        qs = selectors.notifications_of(user=self.request.user, unread_only=unread_only)
        page = Paginator(qs, self.paginate_by).get_page(self.request.GET.get("page"))
        ctx.update(
            page=page,
            notifications=page.object_list,
            unread_only=unread_only,
            query="show=unread" if unread_only else "",
            delivery_form=kwargs.get("delivery_form")
            or DeliveryForm(initial={"digest": "1" if self.request.user.email_digest else "0"}),
        )
        return ctx


class NotificationDeliveryView(NotificationListView):
    """Single e-mails or one daily digest: the person's own choice."""

    http_method_names = ["post"]

    def post(self, request):
        form = DeliveryForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(delivery_form=form))
        services.delivery_preference_set(by=request.user, digest=form.cleaned_data["digest"])
        if form.cleaned_data["digest"]:
            messages.success(request, _("Напоминания будут приходить одной сводкой в день."))
        else:
            messages.success(request, _("Напоминания будут приходить отдельными письмами."))
        return redirect("notifications:list")


class NotificationOpenView(LoginRequiredMixin, View):
    """Follows a notification to its page and marks it read."""

    def get(self, request, pk: int):
        notification = (
            Notification.objects.filter(pk=pk, recipient=request.user).only("pk", "url", "project_id").first()
        )
        if notification is None:
            raise Http404(_("Уведомление не найдено"))
        services.notification_mark_read(notification_id=notification.pk, by=request.user)
        target = notification.target_url
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("notifications:list")
        return HttpResponseRedirect(target)


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        if not Notification.objects.filter(pk=pk, recipient=request.user).exists():
            raise Http404(_("Уведомление не найдено"))
        services.notification_mark_read(notification_id=pk, by=request.user)
        if request.htmx:
            notification = selectors.notifications_of(user=request.user).get(pk=pk)
            return render(request, "notifications/partials/item.html", {"n": notification})
        return redirect(_safe_next(request, reverse("notifications:list")))


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        services.notifications_mark_all_read(by=request.user)
        return redirect(_safe_next(request, reverse("notifications:list")))
