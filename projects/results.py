"""Results, defence and closure (Положение п.24–29; Прил. 4; МР п.8): services and reads.

- when the last activity is done the project enters `results` (п.24) and its report is opened with the
  actual values of the indicators taken from the monitoring (МР п.7);
- the team fills the report: actual values, the effect (staff hours and money a year, other effects),
  the acts adopted, photos «до/после»; the lead sends it to the coordinator (п.25) — the act
  `send_report`, blocked while an indicator has no actual value or the effect is not filled;
- the coordinator returns it with remarks or recommends closure and schedules the defence: the closing
  meeting is created with the participants of п.26 and invited;
- after the defence the mayor decides the degree of achievement and closes the project, or returns it
  to implementation with the reason (п.29); the decision goes to the journal, the closing protocol and
  `Closure`.

The acts themselves are `projects.services.transition_perform`; this module supplies their conditions
(`projects.rules`), the report snapshot (`projects.snapshots`), the work done inside their transaction
(`projects.hooks`) and the panel of the project page (`projects.panels`)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leanproj import uploads
from leanproj.choices import ChoiceSet, set_colors
from org.choices import Role
from org.models import ManagementTeamMember, User
from workdays import clock

from . import hooks, panels, rules, services, snapshots
from . import permissions as perms
from .choices import Achievement, IndicatorDirection, MeetingKind, ReportStatus, Status
from .exceptions import ActionRefused
from .models import (
    Closure,
    IndicatorActual,
    IndicatorResult,
    JournalEntry,
    LegalAct,
    Meeting,
    MeetingParticipant,
    Project,
    ResultPhoto,
    ResultsReport,
    TargetIndicator,
)

# Stages in which the report is shown on the project page.
REPORT_STAGES = (Status.RESULTS, Status.REPORT_REVIEW, Status.DEFENCE, Status.CLOSED)
# Acts and photos are gathered while the plan is carried out and while the report is formed.
ATTACHMENT_STAGES = (Status.IMPLEMENTATION, Status.RESULTS)

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = uploads.MAX_PIXELS  # checked from the header before decoding (issue 18)
PHOTO_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}


# --- Degree of achievement of an indicator (п.24) ----------------------------------------------


class IndicatorDegree(ChoiceSet):
    """How far an indicator got from its current value to its target (Прил. 4, слайд 7)."""

    ACHIEVED = "achieved", gettext_lazy("достигнут")
    PARTIAL = "partial", gettext_lazy("достигнут частично")
    NOT_ACHIEVED = "not_achieved", gettext_lazy("не достигнут")


set_colors(IndicatorDegree, {"achieved": "success", "partial": "warning", "not_achieved": "danger"})


@dataclass(frozen=True)
class Degree:
    code: str | None  # IndicatorDegree value, None without an actual value
    percent: Decimal | None  # the share of the way from the current value to the target, %

    @property
    def choice(self) -> IndicatorDegree | None:
        return IndicatorDegree(self.code) if self.code else None


def degree_of(
    *, current: Decimal | None, target: Decimal | None, actual: Decimal | None, direction: str
) -> Degree:
    """The degree of achievement, aware of the direction: a decreasing indicator (a lead time, a
    number of visits) is achieved when the actual value is at or below the target, an increasing one
    when it is at or above; partially when it moved from the current value toward the target. The
    percent is the share of the way covered: (actual − current) ÷ (target − current) × 100."""
    if actual is None or target is None:
        return Degree(None, None)
    decreasing = direction != IndicatorDirection.INCREASE
    achieved = actual <= target if decreasing else actual >= target
    if current is None:
        return Degree(IndicatorDegree.ACHIEVED if achieved else IndicatorDegree.NOT_ACHIEVED, None)
    if target == current:
        percent = Decimal(100) if achieved else Decimal(0)
    else:
        percent = ((actual - current) * 100 / (target - current)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    if achieved:
        return Degree(IndicatorDegree.ACHIEVED, percent)
    moved = actual < current if decreasing else actual > current
    return Degree(IndicatorDegree.PARTIAL if moved else IndicatorDegree.NOT_ACHIEVED, percent)


def suggested_achievement(codes: list[str | None]) -> str | None:
    """What the indicators suggest to the mayor (п.29): all achieved — «цели достигнуты»; none
    achieved or moved — «не достигнуты»; otherwise «достигнуты частично». The mayor decides."""
    if not codes or any(c is None for c in codes):
        return None
    if all(c == IndicatorDegree.ACHIEVED for c in codes):
        return Achievement.ACHIEVED
    if all(c == IndicatorDegree.NOT_ACHIEVED for c in codes):
        return Achievement.NOT_ACHIEVED
    return Achievement.PARTIAL


# --- Reads --------------------------------------------------------------------------------------


def report_of(project: Project) -> ResultsReport | None:
    return ResultsReport.objects.filter(project_id=project.pk).first()


def latest_actuals(project: Project) -> dict[int, IndicatorActual]:
    """The latest monitoring value of each indicator (МР п.7), by measurement date."""
    latest: dict[int, IndicatorActual] = {}
    for actual in IndicatorActual.objects.filter(indicator__project_id=project.pk).order_by(
        "indicator_id", "measured_on", "id"
    ):
        latest[actual.indicator_id] = actual
    return latest


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def indicator_rows(project: Project) -> list[dict[str, Any]]:
    """Each target indicator with its current, target and actual values and its degree. Before the
    report exists the actual value is the latest one from the monitoring."""
    indicators = list(TargetIndicator.objects.filter(project_id=project.pk).select_related("result"))
    monitoring = latest_actuals(project) if any(not hasattr(i, "result") for i in indicators) else {}
    rows = []
    for ind in indicators:
        result = getattr(ind, "result", None)
        if result is not None:
            actual, comment, from_monitoring = result.actual_value, result.comment, False
        else:
            found = monitoring.get(ind.pk)
            actual, comment, from_monitoring = (found.value if found else None), "", found is not None
        degree = degree_of(
            current=ind.current_value, target=ind.target_value, actual=actual, direction=ind.direction
        )
        rows.append(
            {
                "id": ind.pk,
                "name": ind.name,
                "unit": ind.unit,
                "direction": ind.direction,
                "direction_label": str(IndicatorDirection.label_of(ind.direction)),
                "current": _num(ind.current_value),
                "target": _num(ind.target_value),
                "actual": _num(actual),
                "comment": comment,
                "from_monitoring": from_monitoring,
                "degree": degree.code,
                "degree_label": str(degree.choice.label) if degree.choice else "",
                "degree_color": degree.choice.color if degree.choice else "secondary",
                "percent": _num(degree.percent),
            }
        )
    return rows


MAP_EFFECT_KEYS = (
    "lead_time",
    "steps_total",
    "steps_waste",
    "participants",
    "handoffs",
    "client_actions",
    "documents",
    "visits",
)


def map_effect(project: Project) -> list[dict[str, Any]]:
    """Lead time and steps saved, computed from the current and the target maps (never typed)."""
    from maps.choices import MapKind
    from maps.metrics import compare, compute
    from maps.selectors import map_data, map_of

    current = map_of(project=project, kind=MapKind.CURRENT)
    target = map_of(project=project, kind=MapKind.TARGET)
    if current is None or target is None:
        return []
    rows = compare(compute(map_data(current)), compute(map_data(target)), long=False)
    return [
        {
            "key": r["key"],
            "label": str(r["label"]),
            "current_text": r["current_text"],
            "target_text": r["target_text"],
            "diff_text": r["diff_text"],
            "pct_text": r["pct_text"],
            "better": r["better"],
        }
        for r in rows
        if r["key"] in MAP_EFFECT_KEYS
    ]


def _two(value) -> str:
    return "—" if value is None else floatformat(value, 2)


def _signed(value) -> str:
    if value is None:
        return "—"
    text = str(abs(value)) if isinstance(value, int) else floatformat(abs(Decimal(value)), 2)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return text


def survey_effect(project: Project) -> dict[str, Any] | None:
    """The process customers' questionnaire before (initiation, п.10.1) and after (closure, п.10.5),
    МР п.4.4, side by side as display text — it is part of the report's snapshot: respondents, the
    average of every question and overall, the change once both were held, and the coordinator's
    decision not to hold a phase with its reason. None while there is neither a survey nor a
    decision."""
    from surveys.questions import QUESTIONS
    from surveys.selectors import phase_sides

    sides = phase_sides(project)
    if sides is None:
        return None
    before, after = sides["before"]["summary"], sides["after"]["summary"]

    def averages(summary: dict | None) -> list:
        return [q["average"] for q in summary["questions"]] if summary else [None] * len(QUESTIONS)

    def change(b, a) -> dict:
        delta = None if b is None or a is None else a - b
        return {"change": _signed(delta), "better": None if delta is None else delta > 0}

    def side(key: str) -> dict:
        item = sides[key]
        summary = item["summary"]
        return {
            "phase_label": item["phase_label"],
            "held": bool(summary and summary["respondents"]),
            "state_label": summary["state_label"] if summary else "",
            "waiver": item["waiver"],
        }

    overall_b = before["overall_average"] if before else None
    overall_a = after["overall_average"] if after else None
    return {
        "questions": [
            {
                "number": q.number,
                "text": str(q.text),
                "before": _two(b),
                "after": _two(a),
                **change(b, a),
            }
            for q, b, a in zip(QUESTIONS, averages(before), averages(after), strict=True)
        ],
        "overall": {"before": _two(overall_b), "after": _two(overall_a), **change(overall_b, overall_a)},
        "respondents": {
            "before": before["respondents"] if before else "—",
            "after": after["respondents"] if after else "—",
        },
        "sides": {"before": side("before"), "after": side("after")},
        "waivers": [
            {"phase_label": sides[k]["phase_label"], **sides[k]["waiver"]}
            for k in ("before", "after")
            if sides[k]["waiver"]
        ],
    }


def report_data(project: Project) -> dict[str, Any]:
    """The report as plain, JSON-safe data: the page, the snapshot stored with the acts, the
    practice page and the practice summary read the same thing."""
    report = report_of(project)
    indicators = indicator_rows(project)
    acts = list(LegalAct.objects.filter(project_id=project.pk))
    photos = list(ResultPhoto.objects.filter(project_id=project.pk))
    return {
        "number": project.number,
        "title": project.title,
        "status": report.status if report else ReportStatus.DRAFT,
        "summary": report.summary if report else "",
        "indicators": indicators,
        "suggested": suggested_achievement([r["degree"] for r in indicators]),
        "effect": {
            "staff_hours_per_year": _num(report.staff_hours_per_year) if report else None,
            "money_per_year": _num(report.money_per_year) if report else None,
            "calculation": report.effect_calculation if report else "",
            "other": report.other_effects if report else "",
        },
        "maps": map_effect(project),
        "legal_acts": [
            {
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
                "number": a.number,
                "adopted_on": a.adopted_on.isoformat(),
                "title": a.title,
            }
            for a in acts
        ],
        "photos": [
            {"id": p.pk, "kind": p.kind, "kind_label": p.get_kind_display(), "caption": p.caption}
            for p in photos
        ],
        "survey": survey_effect(project),
    }


def report_snapshot(project: Project) -> dict[str, Any]:
    """The report exactly as it was sent, recommended or closed (journal snapshot «report»)."""
    return report_data(project)


def missing_actuals(project: Project) -> list[str]:
    report = report_of(project)
    results = {r.indicator_id: r for r in IndicatorResult.objects.filter(report=report)} if report else {}
    return [
        _("Показатель «%(name)s»: не указано фактическое значение.") % {"name": ind.name}
        for ind in TargetIndicator.objects.filter(project_id=project.pk)
        if results.get(ind.pk) is None or results[ind.pk].actual_value is None
    ]


def report_blockers(project: Project) -> list[str]:
    """Condition of `send_report` and `recommend_closure` (Положение п.24–25): every target indicator
    has its actual value and the effect is filled."""
    report = report_of(project)
    if report is None:
        return [
            _(
                "Отчёт о результатах не заполнен: внесите фактические значения показателей и эффект на странице «Отчёт о результатах» (п.24)."
            )
        ]
    messages = missing_actuals(project)
    if report.staff_hours_per_year is None or report.money_per_year is None:
        messages.append(
            _(
                "Укажите эффект: высвобожденное рабочее время (человеко-часов в год) и экономию (₽ в год); если эффекта в деньгах или часах нет — укажите 0."
            )
        )
    elif (report.staff_hours_per_year or report.money_per_year) and not report.effect_calculation.strip():
        messages.append(_("Опишите, как рассчитан эффект (время и деньги)."))
    return messages


def defence_blockers(project: Project) -> list[str]:
    """Положение п.27, 29; МР п.8: the Mayor decides «по итогам защиты» — only once the closing
    meeting has taken place (its time has come) and its protocol is recorded; the decision then
    refers to that meeting. Says what is missing and who must act."""
    meeting = closing_meeting(project)
    if meeting is None:
        return [
            _(
                "Завершающее совещание (защита) не назначено: координатор назначает его, рекомендуя отчёт к закрытию (п.25–26)."
            )
        ]
    messages = []
    if meeting.starts_at > clock.now():
        local = timezone.localtime(meeting.starts_at)
        messages.append(
            _(
                "Защита назначена на %(day)s %(time)s: решение Мэра принимается по итогам защиты отчётной презентации, после совещания (п.27, 29)."
            )
            % {"day": local.strftime("%d.%m.%Y"), "time": local.strftime("%H:%M")}
        )
    elif not meeting.held or not (meeting.discussion.strip() or meeting.decisions.strip()):
        messages.append(
            _(
                "Протокол завершающего совещания не внесён: руководитель проекта отмечает на странице совещания «%(meeting)s», что защита состоялась, и вносит ход обсуждения (п.27–28; МР п.8)."
            )
            % {"meeting": meeting}
        )
    return messages


def closure_blockers(project: Project) -> list[str]:
    """Condition of `close` (Положение п.25, 27, 29): the coordinator has recommended the report,
    the actual values are there and the defence has taken place."""
    report = report_of(project)
    messages = defence_blockers(project)
    if report is None or report.status != ReportStatus.ACCEPTED:
        messages.append(_("Отчёт о результатах не рекомендован координатором к закрытию (п.25)."))
    missing = missing_actuals(project)
    if missing:
        messages.append(_("Закрыть проект без фактических значений показателей нельзя."))
        messages.extend(missing)
    return messages


rules.register("send_report", report_blockers)
rules.register("close", closure_blockers)
rules.register("decide_after_defence", defence_blockers)
snapshots.register("report", report_snapshot)


def last_remark(project: Project) -> JournalEntry | None:
    """The last return of the report or of the project (п.25, 29), with its remarks."""
    return (
        project.journal.filter(action__in=["return_report", "return_to_implementation"])
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def closing_meeting(project: Project) -> Meeting | None:
    return project.meetings.filter(kind=MeetingKind.CLOSING).order_by("-starts_at", "-id").first()


def closure_of(project: Project) -> Closure | None:
    return Closure.objects.filter(project_id=project.pk).select_related("decided_by", "meeting").first()


# --- Who may do what here -------------------------------------------------------------------------


def can_edit_report(project: Project, user: User) -> bool:
    """The team forms the report during `results` (п.24)."""
    return project.status == Status.RESULTS and perms.is_project_team(project, user)


def can_edit_attachments(project: Project, user: User) -> bool:
    return project.status in ATTACHMENT_STAGES and perms.is_project_team(project, user)


def can_review(project: Project, user: User) -> bool:
    return project.status == Status.REPORT_REVIEW and perms.is_project_coordinator(project, user)


def can_decide(project: Project, user: User) -> bool:
    return project.status == Status.DEFENCE and perms.is_mayor_of(project, user)


# --- The participants of the closing meeting (п.26) ---------------------------------------------


@dataclass(frozen=True)
class Seat:
    role: str  # who the regulation names
    users: list[User]


def finance_deputy(municipality_id: int) -> User | None:
    """The deputy mayor for economics and finance (п.26), found by his position in the management
    team's «Состав», else among the people."""
    member = (
        ManagementTeamMember.objects.filter(
            municipality_id=municipality_id, position_text__icontains="по экономике и финансам"
        )
        .select_related("user")
        .order_by("order")
        .first()
    )
    if member is not None and member.user.is_active:
        return member.user
    return (
        User.objects.filter(
            municipality_id=municipality_id, is_active=True, position__icontains="по экономике и финансам"
        )
        .order_by("id")
        .first()
    )


def closing_seats(project: Project) -> list[Seat]:
    """Who closes the project (Положение п.26): the mayor, the deputy mayor for economics and finance,
    the authorised body, the coordinator and the project lead."""
    municipality = project.municipality
    if municipality.mayor_id and municipality.mayor.is_active:
        mayors = [municipality.mayor]
    else:
        mayors = list(
            User.objects.filter(
                municipality_id=project.municipality_id, is_active=True, role_assignments__role=Role.MAYOR
            ).distinct()
        )
    deputy = finance_deputy(project.municipality_id)
    authority = list(
        User.objects.filter(
            municipality_id=project.municipality_id, is_active=True, role_assignments__role=Role.AUTHORITY
        )
        .distinct()
        .order_by("last_name", "id")
    )
    coordinator = project.coordinator or (
        project.department.direction.coordinator if project.department.direction_id else None
    )
    return [
        Seat(_("Председательствующий — Мэр (п.26)"), mayors),
        Seat(_("Заместитель Мэра по экономике и финансам (п.26)"), [deputy] if deputy else []),
        Seat(_("Уполномоченный орган (п.26)"), authority),
        Seat(_("Координатор (п.26)"), [coordinator] if coordinator else []),
        Seat(_("Руководитель проекта, докладчик (п.27)"), [project.lead]),
    ]


# --- Writes: the report ------------------------------------------------------------------------


def _sync_results(report: ResultsReport) -> None:
    """A result row for every indicator of the card, prefilled from the monitoring (МР п.7)."""
    existing = set(report.indicator_results.values_list("indicator_id", flat=True))
    missing = [
        i for i in TargetIndicator.objects.filter(project_id=report.project_id) if i.pk not in existing
    ]
    if not missing:
        return
    latest = latest_actuals(report.project)
    IndicatorResult.objects.bulk_create(
        IndicatorResult(
            report=report,
            indicator=ind,
            actual_value=latest[ind.pk].value if ind.pk in latest else None,
            comment=(
                _("по данным мониторинга на %(d)s") % {"d": latest[ind.pk].measured_on.strftime("%d.%m.%Y")}
                if ind.pk in latest
                else ""
            ),
        )
        for ind in missing
    )


def report_ensure(project: Project) -> ResultsReport:
    """The report of the project, opened with the indicators' latest actual values."""
    report, _created = ResultsReport.objects.get_or_create(project=project)
    _sync_results(report)
    return report


@transaction.atomic
def report_start(*, project: Project, by: User) -> ResultsReport:
    """Opens the report for editing (п.24)."""
    if not can_edit_report(project, by):
        raise ActionRefused(_report_refusal(project, by))
    return report_ensure(project)


def _report_refusal(project: Project, by: User) -> str:
    if not perms.is_project_team(project, by):
        return _("Отчёт о результатах формирует команда проекта (п.24).")
    return _(
        "Отчёт формируется на стадии «Оценка результатов» (п.24), а проект сейчас на стадии «%(stage)s»."
    ) % {"stage": project.get_status_display()}


@transaction.atomic
def report_save(*, project: Project, by: User, form, formset) -> ResultsReport:
    """Saves the report as a draft: what is filled is kept; completeness is checked when it is sent
    (п.24–25)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not can_edit_report(project, by):
        raise ActionRefused(_report_refusal(project, by))
    report = form.save(commit=False)
    if report.project_id != project.pk:
        raise ActionRefused(_("Отчёт другого проекта."))
    try:
        report.full_clean()
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    if report.status == ReportStatus.RETURNED:
        report.status = ReportStatus.DRAFT
    report.save()
    for row in formset.save(commit=False):
        if row.report_id != report.pk:
            raise ActionRefused(_("Показатель другого проекта."))
        row.save()
    return report


def check_image(upload) -> str:
    """A photo «до/после» must really be a JPEG or PNG photo (by what the file contains, not its
    name) of acceptable size. Returns the file extension; raises ValidationError in Russian."""
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError(_("Файл пустой. Выберите фотографию."), code="empty")
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _(
                "Фотография слишком большая: %(size)s МБ, можно не больше %(max)s МБ. Уменьшите её и загрузите снова."
            )
            % {
                "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                "max": PHOTO_MAX_BYTES // 1024 // 1024,
            },
            code="too_big",
        )
    from PIL import Image

    not_photo = ValidationError(
        _("Этот файл не фотография: загрузите снимок в формате JPEG или PNG."), code="type"
    )
    try:
        # the size from the header alone: an oversized picture is refused before it is decoded
        fmt, _width, _height = uploads.image_header(upload)
        if fmt not in PHOTO_FORMATS:
            raise not_photo
        with Image.open(upload) as image:
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()  # a truncated file fails here, not in verify()
    except ValidationError:
        raise
    except uploads.UploadRefused as exc:
        raise ValidationError(exc.message, code=exc.code) from None
    except Exception:  # Pillow raises many kinds of errors on what is not an image
        raise not_photo from None
    finally:
        upload.seek(0)
    return PHOTO_FORMATS[fmt][1]


def _assert_attachments(project: Project, by: User) -> None:
    if not perms.is_project_team(project, by):
        raise ActionRefused(_("Принятые акты и фотографии добавляет команда проекта."))
    if project.status not in ATTACHMENT_STAGES:
        raise ActionRefused(
            _(
                "Принятые акты и фотографии добавляются во время реализации плана и оценки результатов; проект сейчас на стадии «%(stage)s»."
            )
            % {"stage": project.get_status_display()}
        )


@transaction.atomic
def legal_act_save(*, project: Project, by: User, form) -> LegalAct:
    """A legal or other act adopted in the project (Прил. 4, слайд 7)."""
    _assert_attachments(project, by)
    act = form.save(commit=False)
    act.project = project
    if act.adopted_on and act.adopted_on > clock.today():
        raise ActionRefused(_("Дата принятия акта не может быть в будущем."))
    try:
        act.full_clean()
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    act.save()
    return act


@transaction.atomic
def legal_act_delete(*, act: LegalAct, by: User) -> None:
    _assert_attachments(act.project, by)
    act.delete()


@transaction.atomic
def photo_add(*, project: Project, by: User, kind: str, caption: str, upload) -> ResultPhoto:
    """A photo of the state «До» or «После» (Прил. 4, слайд 7)."""
    _assert_attachments(project, by)
    try:
        extension = check_image(upload)
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    if not caption.strip():
        raise ActionRefused(_("Подпишите фотографию: что на ней и где снято."))
    photo = ResultPhoto(project=project, kind=kind, caption=caption.strip(), uploaded_by=by)
    try:
        photo.full_clean(exclude=["image"])
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    photo.image.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    photo.save()
    return photo


@transaction.atomic
def photo_delete(*, photo: ResultPhoto, by: User) -> None:
    _assert_attachments(photo.project, by)
    name = photo.image.name
    storage = photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name) if name else None)


# --- Writes: the acts (п.25–29) --------------------------------------------------------------------


def report_send(*, project: Project, by: User, comment: str = "") -> Project:
    """The lead sends the report to the coordinator (п.25)."""
    return services.transition_perform(
        project=project, by=by, action="send_report", comment=comment, expected_status=Status.RESULTS
    )


def report_return(*, project: Project, by: User, comment: str) -> Project:
    """The coordinator returns the report with remarks (п.25); the 25 working days of п.24 go on."""
    return services.transition_perform(
        project=project, by=by, action="return_report", comment=comment, expected_status=Status.REPORT_REVIEW
    )


def closure_recommend(
    *, project: Project, by: User, defence_at: dt.datetime, place: str = "", comment: str = ""
) -> Project:
    """The coordinator recommends closure and schedules the defence (п.8.5, 25–26)."""
    if defence_at is None:
        raise ActionRefused(_("Укажите дату и время защиты (п.26)."))
    if defence_at < clock.now():
        raise ActionRefused(_("Дата и время защиты уже прошли — укажите будущие."))
    return services.transition_perform(
        project=project,
        by=by,
        action="recommend_closure",
        comment=comment,
        expected_status=Status.REPORT_REVIEW,
        defence_at=defence_at,
        place=place,
    )


def project_close(*, project: Project, by: User, achievement: str, comment: str = "") -> Project:
    """The mayor decides the degree of achievement and closes the project (п.29)."""
    if achievement not in Achievement.values:
        raise ActionRefused(_("Выберите степень достижения целей проекта (п.29)."))
    return services.transition_perform(
        project=project,
        by=by,
        action="close",
        comment=comment,
        expected_status=Status.DEFENCE,
        achievement=achievement,
    )


def project_return_to_implementation(*, project: Project, by: User, comment: str) -> Project:
    """The mayor sends the project back to implementation with the reason (п.29)."""
    return services.transition_perform(
        project=project,
        by=by,
        action="return_to_implementation",
        comment=comment,
        expected_status=Status.DEFENCE,
    )


# --- Hooks: work inside the act's transaction ------------------------------------------------------


def on_implementation_completed(project: Project, **kwargs: Any) -> None:
    """Entering `results` opens the report with the latest actual values (п.24)."""
    report = report_ensure(project)
    if report.status != ReportStatus.DRAFT:
        report.status = ReportStatus.DRAFT
        report.save(update_fields=["status", "updated_at"])


def _set_report_status(project: Project, status: str) -> ResultsReport:
    report = report_ensure(project)
    report.status = status
    report.save(update_fields=["status", "updated_at"])
    return report


def on_report_sent(project: Project, **kwargs: Any) -> None:
    _set_report_status(project, ReportStatus.SENT)


def on_report_returned(project: Project, **kwargs: Any) -> None:
    _set_report_status(project, ReportStatus.RETURNED)


AGENDA = [
    gettext_lazy(
        "Доклад руководителя проекта: отчётная презентация о результатах реализации проекта (Прил. 4; не более 15 минут)."
    ),
    gettext_lazy("Ответы на вопросы (не более 15 минут)."),
    gettext_lazy("Решение Мэра о степени достижения целей проекта и его закрытии (п.29)."),
]


def on_closure_recommended(project: Project, *, by: User, **kwargs: Any) -> None:
    """The report is recommended; the closing meeting (п.26–28) is created with its participants and
    they are invited."""
    defence_at = kwargs.get("defence_at")
    if defence_at is None:
        raise ActionRefused(_("Назначьте дату и время защиты на странице «Отчёт о результатах» (п.26)."))
    _set_report_status(project, ReportStatus.ACCEPTED)
    meeting = Meeting.objects.create(
        project=project,
        kind=MeetingKind.CLOSING,
        number=services.meeting_next_number(project, MeetingKind.CLOSING),
        starts_at=defence_at,
        place=(kwargs.get("place") or "")[:300],
        goals=_(
            "Защита руководителем проекта отчётной презентации о результатах реализации проекта и решение о его закрытии (Положение п.26–29)."
        ),
        agenda="\n".join(str(line) for line in AGENDA),
        materials=_("Отчёт о результатах реализации проекта; отчётная презентация (Прил. 4, 7 слайдов)."),
        created_by=by,
    )
    seen: set[int] = set()
    rows = []
    for seat in closing_seats(project):
        for user in seat.users:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            rows.append(MeetingParticipant(meeting=meeting, user=user, role=str(seat.role)[:200]))
    MeetingParticipant.objects.bulk_create(rows)
    services.meeting_invite(meeting=meeting, by=by)


def _protocol_decision(project: Project, line: str) -> Meeting | None:
    """Adds the mayor's decision to the closing protocol while it is not approved (МР п.8)."""
    meeting = closing_meeting(project)
    if meeting is None:
        return None
    if not meeting.is_protocol_approved:
        # The meeting was held already (defence_blockers): the decision only joins its protocol.
        decisions = meeting.decisions.rstrip()
        meeting.decisions = f"{decisions}\n{line}" if decisions else line
        meeting.save(update_fields=["decisions"])
    return meeting


def on_closed(project: Project, *, by: User, comment: str = "", **kwargs: Any) -> None:
    """The mayor's decision (п.29): `Closure` and the line of the closing protocol."""
    achievement = kwargs.get("achievement")
    if achievement not in Achievement.values:
        raise ActionRefused(
            _("Выберите степень достижения целей проекта на странице «Отчёт о результатах» (п.29).")
        )
    label = Achievement(achievement).label
    line = _("Проект «%(title)s» закрыть. Степень достижения целей проекта: %(degree)s (Положение п.29).") % {
        "title": project.title,
        "degree": label,
    }
    if comment:
        line = f"{line} {comment}"
    meeting = _protocol_decision(project, line)
    closure = Closure(
        project=project,
        achievement=achievement,
        closed_on=clock.today(),
        decided_by=by,
        meeting=meeting,
        comment=comment,
    )
    closure.full_clean(exclude=["project"])
    closure.save()


def on_returned_to_implementation(project: Project, *, comment: str = "", **kwargs: Any) -> None:
    _set_report_status(project, ReportStatus.RETURNED)
    _protocol_decision(
        project,
        _("Вернуть проект на реализацию плана мероприятий (Положение п.29). Причина: %(reason)s")
        % {"reason": comment},
    )


hooks.register("complete_implementation", on_implementation_completed)
hooks.register("send_report", on_report_sent)
hooks.register("return_report", on_report_returned)
hooks.register("recommend_closure", on_closure_recommended)
hooks.register("close", on_closed)
hooks.register("return_to_implementation", on_returned_to_implementation)


# --- The panel of the project page ---------------------------------------------------------------


def results_panel(project: Project, user: User) -> list[dict]:
    report = report_of(project)
    if project.status not in REPORT_STAGES and report is None:
        return []
    degrees = [r["degree"] for r in indicator_rows(project)]
    return [
        {
            "template": "projects/results/panel.html",
            "data": {
                "report": report,
                "status": ReportStatus(report.status) if report else ReportStatus.DRAFT,
                "achieved": sum(1 for d in degrees if d == IndicatorDegree.ACHIEVED),
                "partial": sum(1 for d in degrees if d == IndicatorDegree.PARTIAL),
                "total": len(degrees),
                "closure": closure_of(project),
                "meeting": closing_meeting(project),
                "remark": last_remark(project) if report and report.status == ReportStatus.RETURNED else None,
                "can_edit": can_edit_report(project, user),
                "can_review": can_review(project, user),
                "can_decide": can_decide(project, user),
            },
        }
    ]


panels.register(results_panel)
