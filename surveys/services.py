"""Every write of the questionnaire (МР п.4.4; Положение п.10.1, 10.5): one transaction each, the
rules checked here, acts of the team written to the project's journal."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Department, User
from projects import permissions as perms
from projects.choices import Status
from projects.exceptions import ActionRefused
from projects.models import Project
from projects.services import _journal
from workdays import clock

from .choices import Phase, SurveyState
from .exceptions import SurveyUnavailable
from .models import Invitation, Response, Survey, SurveyWaiver
from .permissions import can_manage_surveys
from .questions import QUESTIONS

# Положение п.10.1: the initiation questioning happens before anything in the process is changed,
# that is before the plan is carried out.
INITIATION_STAGES = frozenset(
    {
        Status.DRAFT,
        Status.CARD_REVIEW,
        Status.CARD_SIGNING,
        Status.CURRENT_MAP,
        Status.TARGET_MAP,
        Status.PLAN_DRAFTING,
        Status.PLAN_REVIEW,
        Status.PLAN_REWORK,
    }
)
# Положение п.10.5: the closure questioning measures the changed process, up to the closing meeting.
CLOSURE_STAGES = frozenset({Status.IMPLEMENTATION, Status.RESULTS, Status.REPORT_REVIEW, Status.DEFENCE})
FINISHED = frozenset({Status.CLOSED, Status.REJECTED})


def _d(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _assert_manager(project: Project, by: User) -> None:
    if not can_manage_surveys(project, by):
        raise ActionRefused(_("Анкетирование проводят руководитель проекта и члены его команды."))


def assert_phase_allowed(project: Project, phase: str) -> None:
    """Initiation surveys before the plan is carried out (п.10.1), closure surveys from
    implementation to the closing meeting (п.10.5)."""
    stage = Status(project.status).label
    if phase == Phase.INITIATION and project.status not in INITIATION_STAGES:
        raise ActionRefused(
            _(
                "Анкетирование при инициации проводится до начала реализации плана (Положение п.10.1); "
                "проект уже на стадии «%(stage)s»."
            )
            % {"stage": stage}
        )
    if phase == Phase.CLOSURE and project.status not in CLOSURE_STAGES:
        raise ActionRefused(
            _(
                "Анкетирование при закрытии проводится после внедрения улучшений — со стадии «Реализация "
                "плана» до завершающего совещания (Положение п.10.5); проект на стадии «%(stage)s»."
            )
            % {"stage": stage}
        )


def _assert_dates(opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise ActionRefused(_("Дата окончания приёма ответов не может быть раньше даты начала."))


@transaction.atomic
def survey_create(
    *,
    project: Project,
    by: User,
    phase: str,
    opens_on: dt.date,
    closes_on: dt.date,
    process_name: str = "",
    note: str = "",
    public_link: bool = True,
) -> Survey:
    """Starts the questioning of process customers at initiation (п.10.1) or closure (п.10.5)."""
    _assert_manager(project, by)
    assert_phase_allowed(project, phase)
    _assert_dates(opens_on, closes_on)
    if closes_on < clock.today():
        raise ActionRefused(_("Дата окончания приёма ответов уже прошла."))
    if Survey.objects.filter(project=project, phase=phase).exists():
        raise ActionRefused(
            _("Анкетирование «%(phase)s» по этому проекту уже есть.") % {"phase": Phase(phase).label}
        )
    survey = Survey(
        project=project,
        phase=phase,
        process_name=(process_name or project.title).strip(),
        note=note.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        public_link=public_link,
        created_by=by,
    )
    survey.full_clean()
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError:
        raise ActionRefused(
            _("Анкетирование «%(phase)s» по этому проекту уже есть.") % {"phase": Phase(phase).label}
        ) from None
    _journal(
        project,
        by=by,
        action="survey_create",
        label=_("Начато анкетирование заказчиков процесса (%(phase)s): приём ответов %(from)s — %(to)s")
        % {"phase": Phase(phase).label.lower(), "from": _d(opens_on), "to": _d(closes_on)},
    )
    return survey


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    by: User,
    process_name: str,
    note: str,
    opens_on: dt.date,
    closes_on: dt.date,
    public_link: bool,
) -> Survey:
    """Changes the wording shown to respondents and the dates answers are accepted (МР п.4.4)."""
    _assert_manager(survey.project, by)
    _assert_dates(opens_on, closes_on)
    first = survey.responses.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    if first is not None and opens_on > timezone.localdate(first):
        raise ActionRefused(
            _("Ответы принимаются с %(day)s: начало приёма не может быть позже первого ответа.")
            % {"day": _d(timezone.localdate(first))}
        )
    survey.process_name = process_name.strip()
    survey.note = note.strip()
    survey.opens_on = opens_on
    survey.closes_on = closes_on
    survey.public_link = public_link
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_open(*, survey: Survey, by: User) -> Survey:
    """Opens the link now: starts a scheduled survey today or resumes one closed early."""
    project = survey.project
    _assert_manager(project, by)
    if project.status in FINISHED:
        raise ActionRefused(
            _("Проект на стадии «%(stage)s»: анкетирование не возобновляется.")
            % {"stage": Status(project.status).label}
        )
    today = clock.today()
    state = survey.state(today)
    if state == SurveyState.OPEN:
        raise ActionRefused(_("Приём ответов уже идёт."))
    if survey.closes_on < today:
        raise ActionRefused(
            _("Срок приёма ответов истёк %(day)s: сначала продлите его — измените дату окончания.")
            % {"day": _d(survey.closes_on)}
        )
    survey.opens_on = min(survey.opens_on, today)
    survey.closed_at = None
    survey.save(update_fields=["opens_on", "closed_at"])
    _journal(
        project,
        by=by,
        action="survey_open",
        label=_("Открыт приём ответов на анкету (%(phase)s) по %(to)s")
        % {"phase": survey.phase_choice.label.lower(), "to": _d(survey.closes_on)},
    )
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: User) -> Survey:
    """Stops accepting answers before the closing date (the summary is final from now on)."""
    _assert_manager(survey.project, by)
    if survey.state(clock.today()) == SurveyState.CLOSED:
        raise ActionRefused(_("Приём ответов уже завершён."))
    survey.closed_at = clock.now()
    survey.save(update_fields=["closed_at"])
    _journal(
        survey.project,
        by=by,
        action="survey_close",
        label=_("Завершён приём ответов на анкету (%(phase)s): ответов — %(n)s")
        % {"phase": survey.phase_choice.label.lower(), "n": survey.responses.count()},
    )
    return survey


@transaction.atomic
def survey_delete(*, survey: Survey, by: User) -> None:
    """Removes a survey created by mistake; answered surveys are results of the project and stay."""
    _assert_manager(survey.project, by)
    if survey.responses.exists():
        raise ActionRefused(
            _(
                "На анкету уже ответили — удалить её нельзя: ответы входят в результаты проекта. Завершите приём ответов."
            )
        )
    _journal(
        survey.project,
        by=by,
        action="survey_delete",
        label=_("Удалено анкетирование без ответов (%(phase)s)")
        % {"phase": survey.phase_choice.label.lower()},
    )
    survey.delete()


# --- A survey that is not held (Положение п.10.1, 10.5; МР п.4.4) -----------------------------

WAIVER_REASON_MAX = 1000


@transaction.atomic
def survey_waive(*, project: Project, phase: str, by: User, reason: str) -> SurveyWaiver:
    """Records the coordinator's decision that the questioning of `phase` is not held: the process
    has no external customers to ask. Only the project's coordinator decides; the reason is required
    and goes to the journal; a questioning that already has answers is not waived."""
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    if not perms.is_project_coordinator(project, by):
        raise ActionRefused(
            _("Решение не проводить анкетирование принимает координатор направления этого проекта.")
        )
    if phase not in Phase.values:
        raise ActionRefused(_("Неизвестный этап анкетирования."))
    if project.status in FINISHED:
        raise ActionRefused(
            _("Проект на стадии «%(stage)s»: решения по анкетированию больше не принимаются.")
            % {"stage": Status(project.status).label}
        )
    reason = normalise_text(reason)
    if not reason:
        raise ActionRefused(_("Укажите причину, по которой анкетирование не проводится."))
    if len(reason) > WAIVER_REASON_MAX:
        raise ActionRefused(
            _("Причина слишком длинная: не больше %(n)s символов.") % {"n": WAIVER_REASON_MAX}
        )
    label = Phase(phase).label
    if SurveyWaiver.objects.filter(project=project, phase=phase).exists():
        raise ActionRefused(
            _("Решение не проводить анкетирование «%(phase)s» уже записано.") % {"phase": label}
        )
    answered = Response.objects.filter(survey__project=project, survey__phase=phase).count()
    if answered:
        raise ActionRefused(
            _(
                "Анкетирование «%(phase)s» уже проводится — ответов: %(n)s. Завершите приём ответов: "
                "его результаты входят в отчёт о результатах."
            )
            % {"phase": label, "n": answered}
        )
    waiver = SurveyWaiver(project=project, phase=phase, reason=reason, decided_by=by, decided_at=clock.now())
    waiver.full_clean()
    waiver.save()
    _journal(
        project,
        by=by,
        action="survey_waive",
        label=_("Координатор принял решение не проводить анкетирование заказчиков (%(phase)s)")
        % {"phase": label.lower()},
        comment=reason,
    )
    return waiver


def normalise_text(text: str) -> str:
    """Trims the text and folds runs of blank lines; keeps the author's line breaks."""
    lines = [line.rstrip() for line in (text or "").strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


# --- Personal invitations -------------------------------------------------------------------------


@dataclass(frozen=True)
class InviteeRow:
    name: str
    department: Department | None = None
    organisation: str = ""


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@transaction.atomic
def invitations_add(*, survey: Survey, by: User, rows: list[InviteeRow]) -> list[Invitation]:
    """Personal links for a known list of respondents; each link accepts one answer."""
    _assert_manager(survey.project, by)
    if survey.state(clock.today()) == SurveyState.CLOSED:
        raise ActionRefused(_("Приём ответов завершён — новые приглашения не нужны."))
    if not rows:
        raise ActionRefused(_("Список респондентов пуст."))
    existing = {
        (normalise(name).lower(), normalise(org).lower())
        for name, org in survey.invitations.values_list("name", "organisation")
    }
    duplicates = []
    invitations = []
    for row in rows:
        organisation = row.department.name if row.department else normalise(row.organisation)
        key = (normalise(row.name).lower(), organisation.lower())
        if key in existing:
            duplicates.append(normalise(row.name))
            continue
        existing.add(key)
        invitation = Invitation(
            survey=survey, name=normalise(row.name), department=row.department, organisation=organisation
        )
        invitation.full_clean(exclude=["survey"])
        invitations.append(invitation)
    if duplicates:
        raise ActionRefused(_("Уже приглашены: %(names)s.") % {"names": ", ".join(duplicates)})
    return Invitation.objects.bulk_create(invitations)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    """Withdraws a personal link given by mistake; an answered one stays with its answer."""
    _assert_manager(invitation.survey.project, by)
    if Response.objects.filter(invitation=invitation).exists():
        raise ActionRefused(
            _("%(name)s уже ответил(а) — приглашение не отзывается.") % {"name": invitation.name}
        )
    invitation.delete()


# --- Answers ---------------------------------------------------------------------------------------


def assert_accepting(survey: Survey, invitation: Invitation | None) -> None:
    """Whether this link takes an answer now; the refusal says why (МР п.4.4)."""
    today = clock.today()
    state = survey.state(today)
    if state == SurveyState.SCHEDULED:
        raise SurveyUnavailable(
            _("Анкетирование ещё не началось: ответы принимаются с %(from)s по %(to)s.")
            % {"from": _d(survey.opens_on), "to": _d(survey.closes_on)}
        )
    if state == SurveyState.CLOSED:
        day = timezone.localdate(survey.closed_at) if survey.closed_at else survey.closes_on
        raise SurveyUnavailable(
            _("Анкетирование завершено %(day)s: ответы больше не принимаются. Спасибо за внимание!")
            % {"day": _d(day)},
            status=410,
        )
    if invitation is None and not survey.public_link:
        raise SurveyUnavailable(
            _("Эта анкета заполняется только по персональным ссылкам-приглашениям."), status=404
        )
    if invitation is not None:
        answered = (
            Response.objects.filter(invitation=invitation).values_list("submitted_at", flat=True).first()
        )
        if answered is not None:
            raise _already_answered(answered)


def _already_answered(at: dt.datetime) -> SurveyUnavailable:
    local = timezone.localtime(at)
    return SurveyUnavailable(
        _("По этой персональной ссылке уже ответили %(day)s в %(time)s. Повторно ответить нельзя.")
        % {"day": _d(local.date()), "time": local.strftime("%H:%M")},
        status=409,
    )


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    invitation: Invitation | None,
    scores: dict[str, int],
    comments: dict[str, str],
    suggestions: str = "",
    department: Department | None = None,
    organisation: str = "",
    respondent_name: str = "",
) -> Response:
    """Records one filled questionnaire (МР, «АНКЕТА заказчика процесса»). A personal link takes one
    answer: the invitation row is locked and the database refuses a second answer to it."""
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.survey_id != survey.pk:
            raise SurveyUnavailable(_("Ссылка не относится к этой анкете."), status=404)
    assert_accepting(survey, invitation)
    if department is not None and (
        department.municipality_id != survey.project.municipality_id or not department.is_active
    ):
        raise ActionRefused(_("Выберите подразделение из списка."))
    response = Response(
        survey=survey,
        invitation=invitation,
        department=department,
        organisation=department.name if department else normalise(organisation),
        respondent_name=normalise(respondent_name),
        suggestions=(suggestions or "").strip(),
        submitted_at=clock.now(),
    )
    for q in QUESTIONS:
        setattr(response, q.code, scores.get(q.code))
        setattr(response, q.comment_field, (comments.get(q.code) or "").strip())
    response.full_clean(exclude=["survey", "invitation"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # Another request answered through the same personal link a moment earlier.
        raise _already_answered(clock.now()) from None
    return response
