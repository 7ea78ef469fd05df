"""The best-practice base and replication (Положение п.30–31; seed 002 «Фабрики изменений»): services
and reads.

- the authorised body marks a closed project as a best practice: the process, the area, key words and
  the effect (п.31);
- every civil servant of the municipality finds practices in the catalogue and reads the card, the maps
  and the results of the original project;
- a department head «тиражирует» a practice: a new draft project of ANOTHER department (п.30: «в
  других подразделениях администрации с аналогичными процессами»), prefilled from the practice and
  linked to it both ways; its plan may start from the practice's activities;
- each practice counts its replications and sums the effect the closed ones achieved;
- `manage.py export_practices --to DIR` writes a summary of every practice to the shared drive
  (п.31: «Р:\\_КЛИЕНТОЦЕНТРИЧНОСТЬ\\Тиражирование»)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from leanproj import formats
from org.choices import Role
from org.models import Department, User
from workdays import clock

from . import panels, planning, services
from . import permissions as perms
from .choices import RevisionStatus, Source, Status
from .exceptions import ActionRefused
from .models import Activity, Practice, Project, Stakeholder, TargetIndicator
from .results import report_data, report_of

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
CLOSED_REPLICATION = Q(project__replications__status=Status.CLOSED)


# --- Reads ---------------------------------------------------------------------------------------


def can_read_practices(user: User) -> bool:
    """The base is for every civil servant of the municipality (п.31: «распространение
    информации о результатах»)."""
    return bool(user.is_authenticated and user.is_active and (user.municipality_id or user.is_superuser))


def practices_visible_to(*, user: User) -> QuerySet[Practice]:
    qs = Practice.objects.all()
    if not can_read_practices(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(project__municipality_id=user.municipality_id)


def with_replication_totals(qs: QuerySet[Practice]) -> QuerySet[Practice]:
    """How many times each practice was replicated and the effect of the replications the mayor has
    closed (₽ and staff hours a year)."""
    return qs.annotate(
        replication_count=Count("project__replications", distinct=True),
        replication_closed=Count("project__replications", filter=CLOSED_REPLICATION, distinct=True),
        replication_money=Coalesce(
            Sum("project__replications__report__money_per_year", filter=CLOSED_REPLICATION), ZERO
        ),
        replication_hours=Coalesce(
            Sum("project__replications__report__staff_hours_per_year", filter=CLOSED_REPLICATION), ZERO
        ),
    )


def practice_list(*, user: User) -> QuerySet[Practice]:
    return with_replication_totals(
        practices_visible_to(user=user).select_related(
            "project__department", "project__lead", "project__report", "project__closure"
        )
    ).order_by("-published_at", "-id")


def practice_detail(*, user: User, pk: int) -> Practice:
    return practice_list(user=user).get(pk=pk)


def replications_of(practice: Practice) -> QuerySet[Project]:
    return (
        Project.objects.filter(replicated_from_id=practice.project_id)
        .select_related("department", "lead", "report", "closure")
        .order_by("created_at", "id")
    )


def visible_ids(*, user: User, projects: list[Project]) -> set[int]:
    """Which of these projects the user may open (the others are listed without a link)."""
    from .selectors import projects_visible_to

    ids = [p.pk for p in projects]
    return set(projects_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def areas(*, user: User) -> list[str]:
    return sorted(set(practices_visible_to(user=user).values_list("area", flat=True)), key=str.casefold)


def signed_card(project: Project) -> dict | None:
    """The card as the mayor signed it, or as last approved after a change (п.15, 22)."""
    from .card_versions import in_force_snapshot

    return in_force_snapshot(project)


def maps_of_practice(project: Project) -> dict[str, Any]:
    """The current and the target maps of the original project, as diagrams and metrics."""
    from maps.choices import MapKind
    from maps.metrics import compare, compute
    from maps.selectors import map_data, map_of
    from maps.svg import render_data_svg

    result: dict[str, Any] = {"current_svg": "", "target_svg": "", "comparison": []}
    current = map_of(project=project, kind=MapKind.CURRENT)
    target = map_of(project=project, kind=MapKind.TARGET)
    current_data = map_data(current, kind=MapKind.CURRENT, title=project.title) if current else None
    target_data = map_data(target, kind=MapKind.TARGET, title=project.title) if target else None
    if current_data is not None and current_data.steps:
        result["current_svg"] = render_data_svg(current_data, columns=8, id_prefix=f"pc{project.pk}")
    if target_data is not None and target_data.steps:
        result["target_svg"] = render_data_svg(target_data, columns=8, id_prefix=f"pt{project.pk}")
    if current_data is not None and target_data is not None:
        result["comparison"] = compare(compute(current_data), compute(target_data))
    return result


def own_effect(project: Project) -> dict[str, Decimal | None]:
    report = report_of(project)
    return {
        "money": report.money_per_year if report else None,
        "hours": report.staff_hours_per_year if report else None,
    }


def default_effect(project: Project) -> str:
    """The effect line a practice starts from: the report's figures and the maps' lead time."""
    data = report_data(project)
    parts = []
    effect = data["effect"]
    if effect["staff_hours_per_year"] not in (None, "0"):
        parts.append(
            _("высвобождено %(h)s человеко-часов в год")
            % {"h": formats.number(effect["staff_hours_per_year"])}
        )
    if effect["money_per_year"] not in (None, "0"):
        parts.append(_("экономия %(m)s в год") % {"m": formats.money(effect["money_per_year"])})
    for row in data["maps"]:
        if row["key"] in ("lead_time", "visits") and row["current_text"] != row["target_text"]:
            parts.append(f"{row['label']}: {row['current_text']} → {row['target_text']}")
    if effect["other"]:
        parts.append(effect["other"])
    return "; ".join(parts)


# --- Who may do what -------------------------------------------------------------------------------


def can_mark(project: Project, user: User) -> bool:
    """The authorised body keeps the base (п.31) and adds closed projects to it."""
    return (
        project.status == Status.CLOSED
        and perms.is_authority_of(project, user)
        and not Practice.objects.filter(project_id=project.pk).exists()
    )


def can_edit(practice: Practice, user: User) -> bool:
    return perms.is_authority_of(practice.project, user)


def can_replicate(user: User) -> bool:
    """A department head starts a project (п.13), a replication too."""
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.LEAD))


def _clean_tags(tags: str) -> str:
    seen: list[str] = []
    for tag in (tags or "").replace(";", ",").split(","):
        tag = " ".join(tag.split())
        if tag and tag.casefold() not in {t.casefold() for t in seen}:
            seen.append(tag)
    return ", ".join(seen)


# --- Writes ----------------------------------------------------------------------------------------


@transaction.atomic
def practice_create(
    *, project: Project, by: User, title: str, process: str, area: str, tags: str = "", effect: str
) -> Practice:
    """The authorised body adds a closed project to the best-practice base (п.31)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not perms.is_authority_of(project, by):
        raise ActionRefused(_("Базу лучших практик ведёт Уполномоченный орган (п.31)."))
    if project.status != Status.CLOSED:
        raise ActionRefused(
            _("В базу лучших практик вносятся закрытые проекты (п.30); проект сейчас на стадии «%(s)s».")
            % {"s": project.get_status_display()}
        )
    if Practice.objects.filter(project=project).exists():
        raise ActionRefused(_("Проект уже внесён в базу лучших практик."))
    practice = Practice(
        project=project,
        title=title.strip(),
        process=process.strip(),
        area=" ".join(area.split()),
        tags=_clean_tags(tags),
        effect=effect.strip(),
        published_at=clock.now(),
        published_by=by,
    )
    try:
        practice.full_clean()
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    practice.save()
    services._journal(
        project,
        by=by,
        action="practice_publish",
        label=_("Проект внесён в базу лучших практик (п.31)"),
        comment=practice.title,
    )
    return practice


@transaction.atomic
def practice_update(
    *, practice: Practice, by: User, title: str, process: str, area: str, tags: str = "", effect: str
) -> Practice:
    if not can_edit(practice, by):
        raise ActionRefused(_("Базу лучших практик ведёт Уполномоченный орган (п.31)."))
    practice.title = title.strip()
    practice.process = process.strip()
    practice.area = " ".join(area.split())
    practice.tags = _clean_tags(tags)
    practice.effect = effect.strip()
    try:
        practice.full_clean()
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    practice.save()
    return practice


# Card fields that describe the process itself and carry over to another department; the scale of the
# process and the customers' dissatisfaction are the new department's own figures (МР п.4.5б).
REPLICATED_CARD_FIELDS = ("process_customer", "boundary_start", "boundary_end", "key_risk", "problems")


def same_department_refusal(practice: Practice, department: Department) -> str | None:
    if department.pk == practice.project.department_id:
        return _(
            "Практика уже реализована в подразделении «%(d)s»: тиражирование — это её внедрение в другом подразделении с аналогичным процессом (п.30). Выберите другое подразделение."
        ) % {"d": department}
    return None


@transaction.atomic
def practice_replicate(*, practice: Practice, by: User, department: Department, title: str) -> Project:
    """«Тиражировать»: a new draft project of another department, prefilled from the practice — the
    card's process description, the indicators with the original's target values as a starting point
    and its stakeholders — and linked to the original both ways (п.30; Project.replicated_from)."""
    # The lock on the original serialises replications of one practice (a double click makes one project).
    original = (
        Project.objects.select_for_update(of=("self",))
        .select_related("department")
        .get(pk=practice.project_id)
    )
    if not can_replicate(by):
        raise ActionRefused(_("Тиражирование практики начинает руководитель подразделения (п.13, 30)."))
    if by.municipality_id != original.municipality_id:
        raise ActionRefused(_("Практика другого муниципального образования."))
    refusal = same_department_refusal(practice, department)
    if refusal:
        raise ActionRefused(refusal)
    running = (
        Project.objects.filter(replicated_from=original, department=department)
        .exclude(status__in=[Status.CLOSED, Status.REJECTED])
        .first()
    )
    if running is not None:
        raise ActionRefused(
            _("Практика уже тиражируется в подразделении «%(d)s»: проект № %(n)s «%(t)s».")
            % {"d": department, "n": running.number, "t": running.title}
        )
    project = services.project_create(
        by=by,
        title=title.strip() or original.title,
        department=department,
        source=Source.REPLICATION,
        source_reference=_("Практика «%(t)s», проект № %(n)s") % {"t": practice.title, "n": original.number},
        replicated_from=original,
    )
    Project.objects.filter(pk=project.pk).update(
        **{field: getattr(original, field) for field in REPLICATED_CARD_FIELDS}
    )
    TargetIndicator.objects.bulk_create(
        TargetIndicator(
            project=project,
            order=ind.order,
            name=ind.name,
            unit=ind.unit,
            current_value=None,  # the new department measures its own current value (МР п.4.5в)
            target_value=ind.target_value,
            direction=ind.direction,
            measurement=ind.measurement,
        )
        for ind in original.indicators.all()
    )
    Stakeholder.objects.bulk_create(
        Stakeholder(
            project=project,
            name=s.name,
            interest=s.interest,
            influence=s.influence,
            attitude=s.attitude,
            engagement=s.engagement,
        )
        for s in original.stakeholders.all()
    )
    services._journal(
        project,
        by=by,
        action="replication_start",
        label=_("Проект начат тиражированием лучшей практики «%(t)s» (проект № %(n)s)")
        % {"t": practice.title, "n": original.number},
    )
    services._journal(
        original,
        by=by,
        action="replicated",
        label=_("Практика тиражирована: проект № %(n)s, %(d)s") % {"n": project.number, "d": department},
    )
    project.refresh_from_db()
    return project


def original_activities(original: Project) -> list[Activity]:
    """The activities of a practice's plan as it was executed (the revision in force at closure)."""
    revision = planning.current_revision(original) or (
        original.plan_revisions.exclude(status=RevisionStatus.REJECTED).order_by("-number").first()
    )
    return list(planning.activities_of(revision)) if revision else []


def practice_activities(project: Project) -> list[Activity]:
    """The original's activities, offered to a replication as a template for its plan (п.17)."""
    if project.replicated_from_id is None:
        return []
    return original_activities(project.replicated_from)


def can_copy_plan(project: Project, user: User) -> bool:
    return (
        project.replicated_from_id is not None
        and project.status in planning.PLAN_EDIT_STAGES
        and planning.can_edit_plan(project, user)
    )


@transaction.atomic
def replication_plan_copy(*, project: Project, by: User) -> int:
    """Copies the practice's activities into the replication's draft plan (п.17): the team then links
    them to the problems of its own current map, sets the responsible and the deadlines. Activities
    already copied (same wording) are not copied twice. Returns how many were added."""
    project = (
        Project.objects.select_for_update(of=("self",)).select_related("replicated_from").get(pk=project.pk)
    )
    if project.replicated_from_id is None:
        raise ActionRefused(_("Проект не тиражирует лучшую практику."))
    if not planning.can_edit_plan(project, by):
        raise ActionRefused(_("Мероприятия в план добавляет руководитель проекта (п.9.2, 18)."))
    if project.status not in planning.PLAN_EDIT_STAGES:
        raise ActionRefused(
            _(
                "Мероприятия практики копируются в план на стадии «Формирование плана» (п.17); сейчас — «%(s)s»."
            )
            % {"s": project.get_status_display()}
        )
    revision = planning.plan_start(project=project, by=by)
    if not revision.is_editable:
        raise ActionRefused(_("План уже направлен координатору и не редактируется."))
    source = practice_activities(project)
    if not source:
        raise ActionRefused(_("В плане тиражируемого проекта нет мероприятий."))
    existing = {" ".join(t.split()).casefold() for t in revision.activities.values_list("title", flat=True)}
    number = revision.activities.aggregate(m=Max("number"))["m"] or 0
    deadline = project.implementation_end or project.implementation_start or clock.today()
    added = 0
    for act in source:
        if " ".join(act.title.split()).casefold() in existing:
            continue
        number += 1
        Activity.objects.create(
            revision=revision,
            number=number,
            title=act.title,
            root_cause=act.root_cause,
            responsible=project.lead,
            deadline=deadline,
            expected_result=act.expected_result,
            updated_by=by,
        )
        added += 1
    if added:
        services._journal(
            project,
            by=by,
            action="replication_plan_copy",
            label=_("В план скопированы мероприятия тиражируемой практики: %(n)s") % {"n": added},
        )
    return added


# --- Documents ----------------------------------------------------------------------------------


def practice_filename(practice: Practice) -> str:
    from documents.text import safe_filename

    return safe_filename(f"{practice.project.number} {practice.project.title}")[:150] + ".pdf"


def practice_context(practice: Practice) -> dict[str, Any]:
    """What the practice's page and its summary show."""
    project = practice.project
    replications = list(replications_of(practice))
    closed = [p for p in replications if p.status == Status.CLOSED]
    money = sum((p.report.money_per_year or 0 for p in closed if hasattr(p, "report")), Decimal(0))
    hours = sum((p.report.staff_hours_per_year or 0 for p in closed if hasattr(p, "report")), Decimal(0))
    return {
        "practice": practice,
        "project": project,
        "report": report_data(project),
        "closure": getattr(project, "closure", None),
        "own": own_effect(project),
        "replications": replications,
        "totals": {"count": len(replications), "closed": len(closed), "money": money, "hours": hours},
    }


def practice_summary_pdf(practice: Practice) -> bytes:
    """The practice's summary for the shared drive (п.31), laid out by `documents.pdf`."""
    from django.utils import timezone

    from documents.pdf import render_pdf

    context = practice_context(practice)
    from documents.images import file_uri

    photos = []
    for photo in practice.project.photos.all()[:4]:
        # "" when the file is gone or too large to decode (issue 18): the summary goes without it
        uri = file_uri(photo.image)
        if uri:
            photos.append({"kind": photo.get_kind_display(), "caption": photo.caption, "uri": uri})
    context.update(
        photos=photos,
        maps=maps_of_practice(practice.project)["comparison"],
        administration=practice.project.municipality.administration_name,
        made=timezone.localtime(clock.now()),
    )
    footer = _("Лучшая практика: проект № %(n)s") % {"n": practice.project.number}
    return render_pdf("projects/practices/summary_pdf.html", context, footer=footer)


# --- The panel of the project page -------------------------------------------------------------------


def practice_panel(project: Project, user: User) -> list[dict]:
    practice = Practice.objects.filter(project_id=project.pk).first()
    source = (
        Practice.objects.filter(project_id=project.replicated_from_id).first()
        if project.replicated_from_id
        else None
    )
    mark = can_mark(project, user)
    if practice is None and source is None and not mark:
        return []
    return [
        {
            "template": "projects/practices/panel.html",
            "data": {
                "practice": practice,
                "source": source,
                "original": project.replicated_from if project.replicated_from_id else None,
                "can_mark": mark,
                "can_copy_plan": can_copy_plan(project, user),
                "template_count": len(practice_activities(project)) if can_copy_plan(project, user) else 0,
                "replications": Project.objects.filter(replicated_from_id=project.pk).count()
                if practice
                else 0,
            },
        }
    ]


panels.register(practice_panel)
