"""Thin views of the questionnaire. Staff pages hang under the project (a project the user may not
see is a 404); the public form is reached by its token only and needs no account."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from leanproj.site import absolute as site_absolute
from leanproj.site import site_url
from leanproj.text import plural
from projects.exceptions import ActionRefused
from projects.views import ProjectMixin
from workdays import clock
from workdays.services import add_working_days

from . import guard, selectors, services, throttle
from .choices import Phase, SurveyState
from .exceptions import SurveyUnavailable
from .exports import survey_xlsx
from .forms import InviteesForm, ResponseForm, SurveyForm, WaiverForm
from .models import Invitation, Survey
from .permissions import can_manage_surveys
from .qr import qr_svg_file, qr_svg_inline
from .questions import COMMENT_PROMPT, OVERALL_LABEL, QUESTIONS, SUGGESTIONS_QUESTION

# The closing date proposed for a new survey: two working weeks to answer.
DEFAULT_WORKING_DAYS_OPEN = 10


def absolute_url(path: str, request=None) -> str:
    """Links that leave the application (printed, sent, drawn as a QR code) use the public address
    of the site, like the links in e-mails; without `SITE_URL`, the address of the request."""
    return site_absolute(path, request)


class SurveyProjectMixin(ProjectMixin):
    """The project through its selector (404 when hidden); writes are for the team (403)."""

    def check_manager(self) -> None:
        if not can_manage_surveys(self.project, self.request.user):
            raise PermissionDenied(_("Анкетирование проводят руководитель проекта и члены его команды."))


class SurveyMixin(SurveyProjectMixin):
    survey: Survey

    def get_survey(self) -> Survey:
        survey = getattr(self, "survey", None)
        if survey is None:
            survey = get_object_or_404(Survey, project=self.project, pk=self.kwargs["survey_pk"])
            survey.project = self.project
            self.survey = survey
        return survey


class SurveyCreateView(SurveyProjectMixin, View):
    template_name = "surveys/form.html"

    def _phases(self) -> list[str]:
        existing = set(Survey.objects.filter(project=self.project).values_list("phase", flat=True))
        phases = []
        for phase in Phase.values:
            if phase in existing:
                continue
            try:
                services.assert_phase_allowed(self.project, phase)
            except ActionRefused:
                continue
            phases.append(phase)
        return phases

    def _render(self, request, form):
        return render(request, self.template_name, {"project": self.project, "form": form, "survey": None})

    def get(self, request, pk):
        self.check_manager()
        phases = self._phases()
        if not phases:
            messages.info(
                request,
                _(
                    "Сейчас нового анкетирования начать нельзя: оно уже создано или проект не на нужной стадии."
                ),
            )
            return redirect(self.project)
        today = clock.today()
        requested = request.GET.get("phase")
        form = SurveyForm(
            phases=phases,
            initial={
                "phase": requested if requested in phases else phases[0],
                "process_name": self.project.title,
                "opens_on": today,
                "closes_on": add_working_days(today, DEFAULT_WORKING_DAYS_OPEN),
                "public_link": True,
            },
        )
        return self._render(request, form)

    def post(self, request, pk):
        self.check_manager()
        form = SurveyForm(request.POST, phases=Phase.values)
        if form.is_valid():
            data = form.cleaned_data
            try:
                survey = services.survey_create(
                    project=self.project,
                    by=request.user,
                    phase=data["phase"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    process_name=data["process_name"],
                    note=data["note"],
                    public_link=data["public_link"],
                )
            except ActionRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "Анкетирование создано. Распечатайте приглашение с QR-кодом или разошлите ссылку респондентам."
                    ),
                )
                return redirect(survey)
        return self._render(request, form)


class SurveyEditView(SurveyMixin, View):
    template_name = "surveys/form.html"

    def _render(self, request, form):
        return render(
            request, self.template_name, {"project": self.project, "form": form, "survey": self.get_survey()}
        )

    def get(self, request, pk, survey_pk):
        self.check_manager()
        return self._render(request, SurveyForm(instance=self.get_survey()))

    def post(self, request, pk, survey_pk):
        self.check_manager()
        survey = self.get_survey()
        form = SurveyForm(request.POST, instance=Survey.objects.get(pk=survey.pk))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.survey_update(
                    survey=survey,
                    by=request.user,
                    process_name=data["process_name"],
                    note=data["note"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    public_link=data["public_link"],
                )
            except ActionRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Анкетирование сохранено."))
                return redirect(survey)
        return self._render(request, form)


class SurveyDetailView(SurveyMixin, TemplateView):
    """The summary (МР п.4.4) for everyone who sees the project; links and invitations for the team."""

    template_name = "surveys/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        survey = self.get_survey()
        user = self.request.user
        can_manage = can_manage_surveys(self.project, user)
        invitations = list(selectors.invitations_of(survey=survey))
        summary = selectors.survey_summary(survey)
        comparison = selectors.phase_comparison(self.project)
        ctx.update(
            project=self.project,
            survey=survey,
            summary=summary,
            comparison=comparison,
            state=survey.state(clock.today()),
            public_url=absolute_url(survey.get_public_path(), self.request),
            can_manage=can_manage,
            invitations=invitations,
            invitations_answered=sum(1 for i in invitations if _answered(i)),
            invitees_form=kwargs.get("invitees_form")
            or (_invitees_form_for(self.project) if can_manage else None),
            responses=selectors.responses_of(survey=survey),
            site_url=site_url(self.request),
            overall_label=OVERALL_LABEL,
            comment_prompt=COMMENT_PROMPT,
            suggestions_question=SUGGESTIONS_QUESTION,
        )
        return ctx


def _invitees_form_for(project) -> InviteesForm:
    return InviteesForm(departments=selectors.department_choices(municipality_id=project.municipality_id))


def _answered(invitation: Invitation) -> bool:
    try:
        return invitation.response is not None
    except Invitation.response.RelatedObjectDoesNotExist:
        return False


class SurveyActView(SurveyMixin, View):
    """Open, close or delete a survey; a refusal is a message on the page."""

    def post(self, request, pk, survey_pk, act):
        self.check_manager()
        survey = self.get_survey()
        try:
            if act == "open":
                services.survey_open(survey=survey, by=request.user)
                messages.success(request, _("Приём ответов открыт."))
            elif act == "close":
                services.survey_close(survey=survey, by=request.user)
                messages.success(request, _("Приём ответов завершён. Сводка больше не изменится."))
            elif act == "delete":
                services.survey_delete(survey=survey, by=request.user)
                messages.success(request, _("Анкетирование удалено."))
                return redirect(self.project)
            else:
                raise Http404
        except ActionRefused as exc:
            messages.error(request, exc.message)
        return redirect(survey)


class SurveyWaiveView(SurveyProjectMixin, View):
    """The coordinator decides that a phase's questioning is not held and says why (Положение
    п.10.1, 10.5; МР п.4.4). Only the project's coordinator (403 for the others)."""

    template_name = "surveys/waive.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("phase") not in Phase.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def check_coordinator(self) -> None:
        from projects.permissions import is_project_coordinator

        if not is_project_coordinator(self.project, self.request.user):
            raise PermissionDenied(
                _("Решение не проводить анкетирование принимает координатор направления этого проекта.")
            )

    def _render(self, request, form, phase):
        return render(
            request,
            self.template_name,
            {"project": self.project, "form": form, "phase": Phase(phase), "waiver": None},
        )

    def get(self, request, pk, phase):
        self.check_coordinator()
        return self._render(request, WaiverForm(), phase)

    def post(self, request, pk, phase):
        self.check_coordinator()
        form = WaiverForm(request.POST)
        if form.is_valid():
            try:
                services.survey_waive(
                    project=self.project, phase=phase, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ActionRefused as exc:
                form.add_error("reason", exc.message)
            else:
                messages.success(request, _("Решение не проводить анкетирование записано в журнал."))
                return redirect(self.project.get_absolute_url() + "#surveys")
        return self._render(request, form, phase)


class InvitationsView(SurveyMixin, View):
    """Adds personal links for a known list of respondents."""

    def post(self, request, pk, survey_pk):
        self.check_manager()
        survey = self.get_survey()
        departments = selectors.department_choices(municipality_id=self.project.municipality_id)
        form = InviteesForm(request.POST, departments=departments)
        if form.is_valid():
            try:
                created = services.invitations_add(
                    survey=survey, by=request.user, rows=form.cleaned_data["people"]
                )
            except ActionRefused as exc:
                form.add_error("people", exc.message)
            else:
                n = len(created)
                messages.success(
                    request,
                    _("Создано %(n)s %(word)s. Раздайте их или распечатайте карточки с QR-кодами.")
                    % {"n": n, "word": plural(n, _("приглашение"), _("приглашения"), _("приглашений"))},
                )
                return redirect(reverse("surveys:detail", args=[pk, survey_pk]) + "#invitations")
        messages.error(request, _("Приглашения не созданы: исправьте список — он сохранён в поле."))
        view = SurveyDetailView()
        view.setup(request, pk=pk, survey_pk=survey_pk)
        view.project, view.survey = self.project, survey
        return view.render_to_response(view.get_context_data(invitees_form=form))


class InvitationRevokeView(SurveyMixin, View):
    def post(self, request, pk, survey_pk, invitation_pk):
        self.check_manager()
        survey = self.get_survey()
        invitation = get_object_or_404(Invitation, survey=survey, pk=invitation_pk)
        invitation.survey = survey
        try:
            services.invitation_revoke(invitation=invitation, by=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Приглашение отозвано: ссылка больше не работает."))
        return redirect(reverse("surveys:detail", args=[pk, survey_pk]) + "#invitations")


class SurveyPrintView(SurveyMixin, TemplateView):
    """A sheet to print and hang up or hand out: the link and its QR code."""

    template_name = "surveys/print.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        survey = self.get_survey()
        url = absolute_url(survey.get_public_path(), self.request)
        ctx.update(
            project=self.project,
            survey=survey,
            url=url,
            qr=qr_svg_inline(url, title=_("QR-код ссылки на анкету")),
        )
        return ctx


class PersonalPrintView(SurveyMixin, TemplateView):
    """Slips with each invitee's personal link and QR code, to cut and hand over."""

    template_name = "surveys/print_personal.html"

    def get_context_data(self, **kwargs):
        self.check_manager()
        ctx = super().get_context_data(**kwargs)
        survey = self.get_survey()
        slips = []
        for invitation in selectors.invitations_of(survey=survey):
            if _answered(invitation):
                continue
            url = absolute_url(invitation.get_public_path(), self.request)
            slips.append(
                {
                    "invitation": invitation,
                    "url": url,
                    "qr": qr_svg_inline(url, title=_("QR-код персональной ссылки")),
                }
            )
        ctx.update(project=self.project, survey=survey, slips=slips)
        return ctx


class SurveyQrView(SurveyMixin, View):
    def get(self, request, pk, survey_pk):
        survey = self.get_survey()
        body = qr_svg_file(
            absolute_url(survey.get_public_path(), self.request), title=_("QR-код ссылки на анкету")
        )
        response = HttpResponse(body, content_type="image/svg+xml")
        response["Content-Disposition"] = (
            f'attachment; filename="anketa-{self.project.number}-{survey.phase}.svg"'
        )
        return response


class SurveyExportView(SurveyMixin, View):
    def get(self, request, pk, survey_pk):
        survey = self.get_survey()
        response = HttpResponse(
            survey_xlsx(survey),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="anketa-{self.project.number}-{survey.phase}.xlsx"'
        )
        return response


# --- The public form ----------------------------------------------------------------------------


def _minutes(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return f"{minutes} " + plural(minutes, _("минуту"), _("минуты"), _("минут"))


@method_decorator(never_cache, name="dispatch")
class PublicSurveyView(View):
    """The questionnaire as a respondent sees it: no account, only what the link points at."""

    template_name = "surveys/public/form.html"
    message_template = "surveys/public/message.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.survey, self.invitation = selectors.public_target(token=kwargs["token"])
        except Survey.DoesNotExist:
            raise Http404(_("Анкета не найдена")) from None
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None):
        departments = selectors.department_choices(municipality_id=self.survey.project.municipality_id)
        return ResponseForm(data, departments=departments, invitation=self.invitation)

    def _page(self, request, form, *, status=200, notice=""):
        return render(
            request,
            self.template_name,
            {
                "survey": self.survey,
                "invitation": self.invitation,
                "form": form,
                "notice": notice,
                # a new token each time the form is shown (surveys.guard)
                "form_token": guard.issue(),
                "token_field": guard.TOKEN_FIELD,
                "honeypot_field": guard.HONEYPOT_FIELD,
            },
            status=status,
        )

    def _message(self, request, text, *, status=200, thanks=False):
        return render(
            request,
            self.message_template,
            {"survey": self.survey, "invitation": self.invitation, "text": text, "thanks": thanks},
            status=status,
        )

    def get(self, request, token):
        try:
            services.assert_accepting(self.survey, self.invitation)
        except SurveyUnavailable as exc:
            return self._message(request, exc.message)
        return self._page(request, self._form())

    def post(self, request, token):
        try:
            services.assert_accepting(self.survey, self.invitation)
        except SurveyUnavailable as exc:
            return self._message(request, exc.message, status=exc.status)
        form = self._form(request.POST)
        verdict = throttle.hit(request, link=token)  # every submission counts, valid or not
        if not verdict.allowed:
            if verdict.scope == throttle.LINK:
                text = _(
                    "Через эту ссылку сейчас приходит слишком много ответов: не более %(limit)s за %(window)s. "
                    "Попробуйте ещё раз через %(retry)s — ваши ответы сохранены на этой странице."
                )
            else:
                text = _(
                    "Слишком много отправок анкеты с вашего адреса: не более %(limit)s за %(window)s. "
                    "Попробуйте ещё раз через %(retry)s — ваши ответы сохранены на этой странице."
                )
            notice = text % {
                "limit": verdict.limit,
                "window": _minutes(verdict.window),
                "retry": _minutes(verdict.retry_after),
            }
            form.is_valid()  # show every answer as typed, with the usual marks
            response = self._page(request, form, status=429, notice=notice)
            response["Retry-After"] = str(verdict.retry_after)
            return response
        refusal = guard.refusal(request.POST)
        if refusal is not None:
            form.is_valid()
            return self._page(request, form, notice=refusal)
        if not form.is_valid():
            return self._page(request, form)
        data = form.cleaned_data
        try:
            services.response_submit(
                survey=self.survey,
                invitation=self.invitation,
                scores={q.code: data[q.code] for q in QUESTIONS},
                comments={q.code: data[q.comment_field] for q in QUESTIONS},
                suggestions=data["suggestions"],
                department=data["department_obj"],
                organisation=data["organisation"],
                respondent_name=data["respondent_name"],
            )
        except SurveyUnavailable as exc:
            return self._message(request, exc.message, status=exc.status)
        except ActionRefused as exc:
            form.add_error(None, exc.message)
            return self._page(request, form)
        return redirect("surveys:thanks", token=token)


@method_decorator(never_cache, name="dispatch")
class PublicThanksView(View):
    def get(self, request, token):
        try:
            survey, invitation = selectors.public_target(token=token)
        except Survey.DoesNotExist:
            raise Http404(_("Анкета не найдена")) from None
        return render(
            request,
            "surveys/public/message.html",
            {
                "survey": survey,
                "invitation": invitation,
                "thanks": True,
                "again": invitation is None and survey.state(clock.today()) == SurveyState.OPEN,
                "text": _("Спасибо! Ваши ответы получены. Они помогут сделать процесс удобнее."),
            },
        )
