"""Reads of the questionnaire: the staff pages limited to the projects the user may see, the public
form found by its unguessable token only, and the summaries (МР п.4.4) as plain data that the project
page, the card's documents and the closing report share.

Numbers in summaries are `Decimal` rounded to two places (half up); a question nobody has answered
yet has the average `None`."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from org.models import Department, User
from projects.models import Project
from projects.selectors import project_detail
from workdays import clock

from .choices import Phase, Score
from .models import Invitation, Response, Survey, SurveyWaiver, round2
from .questions import GROUPS, QUESTIONS

# --- Staff pages ---------------------------------------------------------------------------------


def surveys_of(*, project: Project) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(project=project).annotate(response_count=Count("responses")).order_by("phase")
    )


def survey_detail(*, user: User, project_pk: int, pk: int) -> tuple[Project, Survey]:
    """The survey of a project the user may see; raises Project.DoesNotExist or Survey.DoesNotExist."""
    project = project_detail(user=user, pk=project_pk)
    survey = Survey.objects.select_related("created_by").get(project=project, pk=pk)
    survey.project = project
    return project, survey


def invitations_of(*, survey: Survey) -> QuerySet[Invitation]:
    return survey.invitations.select_related("response").order_by("name", "id")


def responses_of(*, survey: Survey) -> QuerySet[Response]:
    return survey.responses.order_by("submitted_at", "id")


# --- The public form -----------------------------------------------------------------------------


def public_target(*, token: str) -> tuple[Survey, Invitation | None]:
    """What a public link points at: the survey, and the invitation when the link is personal.
    Only the token finds it — ids never appear in a respondent's address. Raises Survey.DoesNotExist."""
    related = ("project__municipality", "project__department")
    survey = Survey.objects.select_related(*related).filter(token=token).first()
    if survey is not None:
        return survey, None
    invitation = (
        Invitation.objects.select_related(*(f"survey__{r}" for r in related), "response", "department")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Survey.DoesNotExist
    return invitation.survey, invitation


def department_choices(*, municipality_id: int) -> QuerySet[Department]:
    """The municipality's departments a respondent picks from (МР п.4.4: «подразделения/организации»)."""
    return Department.objects.filter(municipality_id=municipality_id, is_active=True).order_by("name")


# --- Summaries (МР п.4.4) ------------------------------------------------------------------------


QUESTIONS_AND_COMMENT_FIELDS: tuple[str, ...] = tuple(
    field for q in QUESTIONS for field in (q.code, q.comment_field)
)


def _avg(total: int | None, count: int) -> Decimal | None:
    if not count:
        return None
    return round2(Decimal(total or 0) / Decimal(count))


def _percent(part: int, whole: int) -> Decimal:
    return round2(Decimal(part) * 100 / Decimal(whole)) if whole else Decimal("0.00")


def survey_summary(survey: Survey) -> dict:
    """The summary of one survey: number of respondents and the departments or organisations that
    took part (МР п.4.4), the average of every question and overall, the distribution of answers,
    every comment and suggestion. Three queries, whatever the number of answers."""
    responses = Response.objects.filter(survey_id=survey.pk)

    aggregates: dict = {"respondents": Count("id")}
    for q in QUESTIONS:
        aggregates[f"{q.code}__sum"] = Sum(q.code)
        for score in Score:
            aggregates[f"{q.code}__{score.value}"] = Count("id", filter=Q(**{q.code: score.value}))
    row = responses.aggregate(**aggregates)
    n = row["respondents"]

    organisations = [
        {"name": item["organisation"], "respondents": item["n"]}
        for item in responses.values("organisation").annotate(n=Count("id")).order_by("-n", "organisation")
    ]

    has_text = Q(suggestions="")
    for q in QUESTIONS:
        has_text &= Q(**{q.comment_field: ""})
    texts = list(
        responses.exclude(has_text)
        .order_by("submitted_at", "id")
        .values(
            "organisation",
            "respondent_name",
            "submitted_at",
            "suggestions",
            *QUESTIONS_AND_COMMENT_FIELDS,
        )
    )

    questions = []
    all_comments = []
    for q in QUESTIONS:
        distribution = [
            {
                "score": score.value,
                "label": str(score.label),
                "count": row[f"{q.code}__{score.value}"],
                "percent": _percent(row[f"{q.code}__{score.value}"], n),
            }
            for score in Score
        ]
        comments = [
            {
                "question_number": q.number,
                "question": str(q.text),
                "score": item[q.code],
                "answer": str(Score(item[q.code]).label),
                "text": item[q.comment_field],
                "organisation": item["organisation"],
                "respondent_name": item["respondent_name"],
            }
            for item in texts
            if item[q.comment_field]
        ]
        all_comments.extend(comments)
        questions.append(
            {
                "number": q.number,
                "code": q.code,
                "group": str(q.group),
                "text": str(q.text),
                "answered": n,
                "sum": row[f"{q.code}__sum"] or 0,
                "average": _avg(row[f"{q.code}__sum"], n),
                "distribution": distribution,
                "comments": comments,
            }
        )

    groups = []
    for group in GROUPS:
        members = [item for item in questions if item["group"] == str(group)]
        groups.append(
            {
                "name": str(group),
                "average": _avg(sum(item["sum"] for item in members), n * len(members)),
                "questions": members,
            }
        )

    state = survey.state(clock.today())
    return {
        "survey_id": survey.pk,
        "project_id": survey.project_id,
        "phase": survey.phase,
        "phase_label": str(Phase(survey.phase).label),
        "process_name": survey.process_name,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "state": state.value,
        "state_label": str(state.label),
        "respondents": n,
        "organisations": organisations,
        "organisations_count": len(organisations),
        "questions": questions,
        "groups": groups,
        # «Итого средний балл» over every answer given, from the raw sums (not from rounded averages).
        "overall_average": _avg(sum(item["sum"] for item in questions), n * len(QUESTIONS)),
        "comments": all_comments,
        "suggestions": [
            {
                "text": item["suggestions"],
                "organisation": item["organisation"],
                "respondent_name": item["respondent_name"],
            }
            for item in texts
            if item["suggestions"]
        ],
    }


def _change(before: Decimal | int | None, after: Decimal | int | None):
    if before is None or after is None:
        return None
    return after - before


def comparison_of(before: dict, after: dict) -> dict:
    """Before (initiation) and after (closure) side by side with the change, computed from the
    averages as shown (two decimals), so that the columns add up for the reader."""
    return {
        "before": before,
        "after": after,
        "respondents": {
            "before": before["respondents"],
            "after": after["respondents"],
            "change": after["respondents"] - before["respondents"],
        },
        "organisations": {
            "before": before["organisations_count"],
            "after": after["organisations_count"],
            "change": after["organisations_count"] - before["organisations_count"],
        },
        "questions": [
            {
                "number": b["number"],
                "code": b["code"],
                "group": b["group"],
                "text": b["text"],
                "before": b["average"],
                "after": a["average"],
                "change": _change(b["average"], a["average"]),
            }
            for b, a in zip(before["questions"], after["questions"], strict=True)
        ],
        "overall": {
            "before": before["overall_average"],
            "after": after["overall_average"],
            "change": _change(before["overall_average"], after["overall_average"]),
        },
    }


def phase_comparison(project: Project) -> dict | None:
    """The initiation survey against the closure survey of a project (Положение п.10.1 vs п.10.5),
    or None while the project does not have both."""
    by_phase = {s.phase: s for s in Survey.objects.filter(project_id=project.pk)}
    if Phase.INITIATION not in by_phase or Phase.CLOSURE not in by_phase:
        return None
    return comparison_of(survey_summary(by_phase[Phase.INITIATION]), survey_summary(by_phase[Phase.CLOSURE]))


def waivers_of(project: Project) -> dict[str, SurveyWaiver]:
    """The coordinator's decisions not to hold a phase's questioning, by phase (МР п.4.4)."""
    return {
        w.phase: w for w in SurveyWaiver.objects.filter(project_id=project.pk).select_related("decided_by")
    }


def phase_sides(project: Project) -> dict | None:
    """The two questionings of a project side by side — «до» (п.10.1) and «после» (п.10.5) — each
    with its summary and the coordinator's decision not to hold it, if any; the comparison when
    both were held. None while the project has neither a survey nor a decision."""
    by_phase = {s.phase: s for s in Survey.objects.filter(project_id=project.pk)}
    waivers = waivers_of(project)
    if not by_phase and not waivers:
        return None
    sides = {}
    for key, phase in (("before", Phase.INITIATION), ("after", Phase.CLOSURE)):
        survey = by_phase.get(phase)
        waiver = waivers.get(phase)
        sides[key] = {
            "phase": phase.value,
            "phase_label": str(phase.label),
            "summary": survey_summary(survey) if survey is not None else None,
            "waiver": (
                {
                    "reason": waiver.reason,
                    "decided_by": waiver.decided_by.short_name,
                    "decided_on": clock.local_date(waiver.decided_at).strftime("%d.%m.%Y"),
                }
                if waiver is not None
                else None
            ),
        }
    before, after = sides["before"]["summary"], sides["after"]["summary"]
    sides["comparison"] = comparison_of(before, after) if before and after else None
    return sides


def portfolio_averages(projects: QuerySet[Project]) -> dict:
    """The overall average score of the questionnaire across a portfolio, before (initiation) and
    after (closure), for the authorised body's dashboard (МР п.4.4; Положение п.10.1, 10.5). One
    query per phase, whatever the number of projects."""
    from django.db.models import Avg

    result: dict = {}
    for key, phase in (("before", Phase.INITIATION), ("after", Phase.CLOSURE)):
        agg = Response.objects.filter(survey__project__in=projects, survey__phase=phase).aggregate(
            n=Count("id"), **{q.code: Avg(q.code) for q in QUESTIONS}
        )
        if not agg["n"]:
            result[key] = None
            continue
        mean = sum(Decimal(str(agg[q.code])) for q in QUESTIONS) / len(QUESTIONS)
        result[key] = round2(mean)
        result[f"{key}_responses"] = agg["n"]
    return result
