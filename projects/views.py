"""Thin views: a selector, a form, a service; refusals become messages on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_fsm import ConcurrentTransition

from org.choices import Role
from workdays import clock

from . import card_checks, permissions, selectors, services
from .card_diff import card_diff
from .card_versions import card_versions
from .choices import STAGE_ORDER, Status
from .clocks import propose_key_events
from .exceptions import ActionRefused
from .filtersets import ProjectFilterSet
from .forms import (
    ActForm,
    Block1Form,
    Block2Form,
    Block4Form,
    CardChangeForm,
    CommentForm,
    IndicatorFormSet,
    MeetingForm,
    MemberFormSet,
    ProjectCreateForm,
    StakeholderFormSet,
)
from .models import CARD_CHANGE_OPEN, CardChange, JournalEntry, Meeting, Project
from .notifications import undelivered_invitations
from .panels import project_panels
from .snapshots import card_snapshot
from .workflow import ACTS


class ProjectMixin(LoginRequiredMixin):
    """Loads the project through the selector: a project the user may not see is a 404."""

    project: Project

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.project = selectors.project_detail(user=request.user, pk=kwargs["pk"])
        except Project.DoesNotExist:
            raise Http404(_("Проект не найден")) from None
        return super().dispatch(request, *args, **kwargs)


class MeetingMixin(LoginRequiredMixin):
    """A meeting's pages: for whoever reads its project, and for a person invited to this meeting
    from outside the team, who reads the meeting and its protocol and nothing else of the project
    (`reads_project` is False for him). Anyone else gets a 404."""

    project: Project
    reads_project: bool

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.project, self.reads_project = selectors.meeting_project(
                user=request.user, pk=kwargs["pk"], meeting_pk=kwargs["meeting_pk"]
            )
        except Project.DoesNotExist:
            raise Http404(_("Совещание не найдено")) from None
        return super().dispatch(request, *args, **kwargs)


class ProjectListView(LoginRequiredMixin, TemplateView):
    template_name = "projects/list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        filterset = ProjectFilterSet(
            self.request.GET or None, queryset=selectors.project_list(user=user), user=user
        )
        qs = filterset.qs.order_by("-created_at", "-id")
        page = Paginator(qs, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            filter=filterset,
            page=page,
            projects=page.object_list,
            query=query.urlencode(),
            can_create=user.has_role(Role.LEAD),
        )
        return ctx


class ProjectCreateView(LoginRequiredMixin, View):
    template_name = "projects/create.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_role(Role.LEAD):
            raise PermissionDenied(_("Проект инициирует руководитель подразделения (п.13)."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": ProjectCreateForm(user=request.user)})

    def post(self, request):
        form = ProjectCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                project = services.project_create(
                    by=request.user,
                    title=form.cleaned_data["title"],
                    department=form.cleaned_data["department"],
                    source=form.cleaned_data["source"],
                    source_reference=form.cleaned_data["source_reference"],
                )
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Проект создан. Заполните карточку по блокам — черновик сохраняется по каждому разделу."
                    ),
                )
                return redirect("projects:card", pk=project.pk, section="block1")
        return render(request, self.template_name, {"form": form}, status=200)


def _timeline(project: Project, deadlines) -> list[dict]:
    """The lifecycle with the stage the project is in, for the project page."""
    reached = set(project.journal.values_list("to_status", flat=True)) | {project.status}
    current = project.status
    rows = []
    for stage in STAGE_ORDER:
        if stage == Status.PLAN_REWORK and stage not in reached:
            continue
        state = "current" if stage == current else ("done" if stage in reached else "")
        rows.append({"stage": stage, "state": state})
    return rows


class ProjectDetailView(ProjectMixin, TemplateView):
    template_name = "projects/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project, user = self.project, self.request.user
        deadlines = list(selectors.deadlines_of(project=project))
        issues = card_checks.check_card(project) if project.status == Status.DRAFT else []
        acts = services.available_acts(project=project, user=user)
        for item in acts:
            # each act's form gets its own ids, so every «<label for>» names its own field
            item["form"] = ActForm(
                act=item["act"],
                project=project,
                initial={"expected_status": project.status},
                auto_id=f"id_{item['act'].name}_%s",
            )
        open_change = project.card_changes.filter(status__in=CARD_CHANGE_OPEN).first()
        versions = card_versions(project)
        in_force = next((v for v in reversed(versions) if v.current), None)
        card = card_snapshot(project)
        proposal = []
        if open_change is not None:
            # п.15, 22: the page shows the text in force; the proposal is listed field by field
            proposal = card_diff(open_change.base_snapshot, open_change.proposed_snapshot or card)
            if in_force is not None:
                card = in_force.entry.snapshot
        ctx.update(
            project=project,
            deadlines=deadlines,
            open_deadlines=[d for d in deadlines if d.is_open],
            journal=selectors.journal_of(project=project)[:50],
            acts=acts,
            issues=issues,
            blocking=[i for i in issues if i.blocking],
            warnings=[i for i in issues if not i.blocking],
            timeline=_timeline(project, deadlines),
            can_edit=services.can_edit_card(project=project, by=user),
            is_lead=permissions.is_project_lead(project, user),
            is_coordinator=permissions.is_project_coordinator(project, user),
            can_meet=permissions.can_manage_meetings(project, user),
            meetings=project.meetings.order_by("-starts_at")[:20],
            open_change=open_change,
            change_form=CardChangeForm(project=project)
            if permissions.is_project_lead(project, user)
            else None,
            can_start_change=(
                permissions.is_project_lead(project, user)
                and open_change is None
                and project.status not in NOT_CHANGEABLE
            ),
            card_versions=versions[::-1],
            card_in_force=in_force,
            proposal=proposal,
            is_mayor=permissions.is_mayor_of(project, user),
            extra_panels=project_panels(project, user),
            card=card,
            card_returned=selectors.card_returns(project_ids=[project.pk]).get(project.pk),
            today=clock.today(),
        )
        return ctx


NOT_CHANGEABLE = {Status.DRAFT, Status.CARD_REVIEW, Status.CARD_SIGNING, Status.CLOSED, Status.REJECTED}

SECTIONS = {
    "block1": _("1. Вовлечённые лица и рамки проекта"),
    "block2": _("2. Обоснование выбора проекта"),
    "block3": _("3. Целевые показатели"),
    "block4": _("4. Ключевые события"),
    "team": _("Команда проекта"),
    "stakeholders": _("Анализ заинтересованных сторон"),
}


class CardSectionView(ProjectMixin, View):
    """One section of the card: saves a draft, keeps what was typed on an error (Прил. 1)."""

    template_name = "projects/card_section.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("section") not in SECTIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _forms(self, section, data=None):
        p = self.project
        if section == "block1":
            return [Block1Form(data, instance=p)]
        if section == "block2":
            return [Block2Form(data, instance=p)]
        if section == "block3":
            return [IndicatorFormSet(data, instance=p, prefix="ind")]
        if section == "block4":
            return [Block4Form(data, instance=p)]
        if section == "team":
            return [MemberFormSet(data, instance=p, prefix="team")]
        return [StakeholderFormSet(data, instance=p, prefix="sh")]

    def _render(self, request, section, forms, status=200, proposal=None):
        p = self.project
        issues = card_checks.check_card(p)
        ctx = {
            "project": p,
            "section": section,
            "section_title": SECTIONS[section],
            "sections": SECTIONS,
            "forms": forms,
            "can_edit": services.can_edit_card(project=p, by=request.user),
            "refusal": services.card_refusal(project=p, by=request.user),
            "open_change": p.card_changes.filter(status__in=CARD_CHANGE_OPEN).first(),
            "issues": [
                i for i in issues if i.section == section or (section == "team" and i.section == "team")
            ],
            "all_blocking": [i for i in issues if i.blocking],
            "proposal": proposal,
            "indicator_warnings": {},
        }
        if section == "block3":
            ctx["indicator_warnings"] = {
                form.prefix: card_checks.indicator_warnings(form.instance)
                for form in forms[0].forms
                if form.instance.name
            }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request, pk, section):
        return self._render(request, section, self._forms(section))

    def post(self, request, pk, section):
        if not services.can_edit_card(project=self.project, by=request.user):
            messages.error(request, services.card_refusal(project=self.project, by=request.user))
            return redirect("projects:card", pk=pk, section=section)
        if section == "block4" and "propose" in request.POST:
            proposal = propose_key_events(clock.today())
            form = Block4Form(initial=proposal, instance=self.project)
            messages.info(request, _("Даты предложены по нормативным срокам — проверьте и сохраните."))
            return self._render(request, section, [form], proposal=proposal)
        forms = self._forms(section, request.POST)
        if all(f.is_valid() for f in forms):
            try:
                services.card_section_save(project=self.project, by=request.user, forms=forms)
            except ActionRefused as exc:
                messages.error(request, str(exc))
            except ConcurrentTransition:
                # the card left the draft (submitted) while this page was being saved
                messages.error(
                    request,
                    _("Карточку только что направили дальше — изменения не сохранены. Обновите страницу."),
                )
                return redirect(self.project)
            else:
                messages.success(request, _("Раздел «%(s)s» сохранён.") % {"s": SECTIONS[section]})
                if "next" in request.POST:
                    keys = list(SECTIONS)
                    nxt = keys[(keys.index(section) + 1) % len(keys)]
                    return redirect("projects:card", pk=pk, section=nxt)
                return redirect("projects:card", pk=pk, section=section)
        else:
            messages.error(
                request, _("Раздел не сохранён: исправьте отмеченные поля — введённое сохранено на странице.")
            )
        return self._render(request, section, forms, status=200)


class ProjectActView(ProjectMixin, View):
    """POST one act of the lifecycle; a refusal is a message, never a server error."""

    def post(self, request, pk, action):
        act = ACTS.get(action)
        if act is None:
            raise Http404
        form = ActForm(request.POST, act=act, project=self.project)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
            return redirect(self.project)
        data = form.cleaned_data
        extra = {k: data[k] for k in ("lead", "defence_at", "achievement") if data.get(k)}
        try:
            services.transition_perform(
                project=self.project,
                by=request.user,
                action=action,
                comment=data.get("comment", ""),
                expected_status=data.get("expected_status") or None,
                **extra,
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, str(act.done))
        return redirect(self.project)


class CardVersionView(ProjectMixin, TemplateView):
    """The card exactly as it was submitted, approved or signed (from the journal snapshot)."""

    template_name = "projects/card_version.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        entry = get_object_or_404(
            JournalEntry, pk=kwargs["entry"], project=self.project, snapshot_kind="card"
        )
        version = next(v for v in card_versions(self.project) if v.entry.pk == entry.pk)
        ctx.update(project=self.project, entry=entry, card=entry.snapshot, version=version)
        return ctx


class InboxView(LoginRequiredMixin, TemplateView):
    """The coordinator's inbox: what waits for my decision, with working days left (DESIGN §6)."""

    template_name = "projects/inbox.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not self.request.user.has_role(Role.COORDINATOR):
            raise PermissionDenied(_("Входящие — для координаторов (заместителей Мэра)."))
        ctx["items"] = selectors.coordinator_inbox(user=self.request.user)
        return ctx


class SigningQueueView(LoginRequiredMixin, TemplateView):
    """The mayor's queue: cards to sign and defences to hold (п.15, 26–29). His office sees it to
    prepare them (issue 19.9); only the mayor signs and decides, on the project's page."""

    template_name = "projects/signing.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not self.request.user.has_role(Role.MAYOR, Role.MAYOR_OFFICE):
            raise PermissionDenied(_("Очередь на подпись — для Мэра и его аппарата."))
        items = selectors.mayor_queue(user=self.request.user)
        ctx["office_only"] = not self.request.user.has_role(Role.MAYOR)
        ctx["cards"] = [d for d in items if d.stage == "card_signing"]
        # changes of signed cards agreed by the coordinator, awaiting the Mayor's signature (п.15)
        ctx["amendments"] = selectors.amendments_to_sign(
            deadlines=[d for d in items if d.stage == "card_amendment"]
        )
        ctx["defences"] = [d for d in items if d.stage == "defence"]
        return ctx


# --- Card changes after signing (п.22) -------------------------------------------------------


class CardChangeStartView(ProjectMixin, View):
    def post(self, request, pk):
        form = CardChangeForm(request.POST, project=self.project)
        if form.is_valid():
            try:
                services.card_change_start(
                    project=self.project,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    meeting=form.cleaned_data["meeting"],
                )
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("Карточка открыта для изменения. Внесите изменения и направьте их координатору."),
                )
                return redirect("projects:card", pk=pk, section="block1")
        else:
            messages.error(request, _("Укажите, что и почему меняется."))
        return redirect(self.project)


class CardChangeActView(ProjectMixin, View):
    """The lead submits or withdraws a change; the coordinator agrees or refuses it (п.22); the Mayor
    signs or refuses a change of what he signed (п.15)."""

    def post(self, request, pk, change_pk, act):
        change = get_object_or_404(CardChange, pk=change_pk, project=self.project)
        if act not in ("submit", "withdraw", "approve", "reject", "sign", "refuse"):
            raise Http404
        try:
            if act == "submit":
                change = services.card_change_submit(change=change, by=request.user)
                if change.needs_mayor:
                    messages.success(request, str(services.SIGNED_CHANGE_WAITS_FOR_MAYOR))
                else:
                    messages.success(request, _("Изменение карточки направлено координатору (п.22)."))
            elif act == "withdraw":
                services.card_change_withdraw(change=change, by=request.user)
                messages.success(
                    request, _("Подготовка изменения отозвана: действует утверждённая карточка.")
                )
            else:
                comment = CommentForm(request.POST)
                if not comment.is_valid():
                    messages.error(request, comment.refusal())
                    return redirect(self.project)
                text = comment.cleaned_data["comment"]
                if act in ("approve", "reject"):
                    change = services.card_change_decide(
                        change=change, by=request.user, approve=act == "approve", comment=text
                    )
                    if change.status == "agreed":
                        messages.success(
                            request,
                            _(
                                "Изменение согласовано и направлено на подпись Мэру: в силу оно вступит "
                                "после подписания (п.15), до этого действует утверждённая редакция."
                            ),
                        )
                    else:
                        messages.success(request, _("Решение по изменению карточки записано в журнал."))
                else:
                    services.card_amendment_sign(
                        change=change, by=request.user, approve=act == "sign", comment=text
                    )
                    messages.success(request, _("Решение Мэра по изменению карточки записано в журнал."))
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return redirect(self.project)


# --- Meetings (МР п.4.9; п.21, 23, 26–28) -----------------------------------------------------


class MeetingEditView(ProjectMixin, View):
    template_name = "projects/meeting_form.html"

    def _meeting(self, meeting_pk):
        if meeting_pk is None:
            return None
        return get_object_or_404(Meeting, pk=meeting_pk, project=self.project)

    def get(self, request, pk, meeting_pk=None):
        meeting = self._meeting(meeting_pk)
        initial = {"kind": request.GET.get("kind", "team")} if meeting is None else None
        if meeting is None and initial["kind"] == "kickoff":
            initial.update(
                goals=_(
                    "Обсудить цели и задачи проекта, представить участников, план проекта и роли участников, согласовать ключевые моменты (МР п.4.9д)."
                ),
            )
        form = MeetingForm(instance=meeting, initial=initial, project=self.project)
        return render(
            request, self.template_name, {"project": self.project, "form": form, "meeting": meeting}
        )

    def post(self, request, pk, meeting_pk=None):
        meeting = self._meeting(meeting_pk)
        form = MeetingForm(request.POST, instance=meeting, project=self.project)
        if form.is_valid():
            try:
                meeting = services.meeting_save(
                    project=self.project,
                    by=request.user,
                    form=form,
                    participants=list(form.cleaned_data["participants"]),
                )
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Совещание сохранено."))
                return redirect(meeting)
        return render(
            request, self.template_name, {"project": self.project, "form": form, "meeting": meeting}
        )


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "projects/meeting_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting = get_object_or_404(Meeting, pk=kwargs["meeting_pk"], project=self.project)
        user = self.request.user
        ctx.update(
            project=self.project,
            meeting=meeting,
            participants=meeting.participants.select_related("user"),
            me=meeting.participants.filter(user=user).first(),
            can_manage=permissions.can_manage_meetings(self.project, user),
            can_approve=services.can_approve_protocol(meeting=meeting, by=user),
            reads_project=self.reads_project,
        )
        if ctx["can_manage"] and meeting.invitations_sent_at:
            ctx["undelivered"] = undelivered_invitations(meeting)
        return ctx


def _report_invitations(request, invitations) -> None:
    """Tells the organiser what became of the invitations: «отправлены» only for what the mail
    server took (issue 18, hole 7)."""
    if invitations.sent:
        messages.success(request, _("Приглашения отправлены: %(n)s.") % {"n": invitations.sent})
    if invitations.waiting:
        messages.error(
            request,
            _(
                "Не удалось отправить приглашения: %(n)s из %(total)s — почтовый сервер их не принял. "
                "Письма сохранены и будут отправлены повторно автоматически; администратор видит их "
                "в разделе «Недоставленные письма»."
            )
            % {"n": invitations.waiting, "total": invitations.total},
        )
    if invitations.refused:
        messages.error(
            request,
            _(
                "Почтовый сервер отклонил адрес: %(who)s. Исправьте адрес в профиле пользователя — "
                "администратор отправит письмо снова из раздела «Недоставленные письма»."
            )
            % {"who": "; ".join(invitations.refused)},
        )
    if invitations.no_address:
        messages.warning(
            request,
            _("Приглашение не отправлено — нет адреса электронной почты: %(who)s.")
            % {"who": ", ".join(invitations.no_address)},
        )


class MeetingActView(MeetingMixin, View):
    def post(self, request, pk, meeting_pk, act):
        meeting = get_object_or_404(Meeting, pk=meeting_pk, project=self.project)
        try:
            if act == "invite":
                invitations = services.meeting_invite(meeting=meeting, by=request.user, deliver_later=False)
                _report_invitations(request, services.meeting_invitations_deliver(invitations=invitations))
            elif act == "confirm":
                services.meeting_confirm(meeting=meeting, by=request.user)
                messages.success(request, _("Участие подтверждено."))
            elif act == "approve":
                services.meeting_protocol_approve(meeting=meeting, by=request.user)
                messages.success(request, _("Протокол утверждён."))
            elif act == "attendance":
                if not permissions.can_manage_meetings(self.project, request.user):
                    raise ActionRefused(_("Присутствие отмечает организатор совещания."))
                if meeting.is_protocol_approved:
                    raise ActionRefused(_("Протокол утверждён и больше не меняется."))
                present = {int(x) for x in request.POST.getlist("attended") if x.isdigit()}
                with transaction.atomic():
                    for participant in meeting.participants.all():
                        participant.attended = participant.user_id in present
                        participant.save(update_fields=["attended"])
                messages.success(request, _("Присутствие отмечено."))
            else:
                raise Http404
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("projects:meeting", args=[pk, meeting_pk]))
