"""Reads of process maps. The project itself is always loaded first through
`projects.selectors.project_detail(user=..., pk=...)`, which limits it to what the user may see;
everything here reads the maps of a project already visible to him, in a fixed number of queries
however large the map is."""

from __future__ import annotations

from collections import defaultdict

from projects.models import JournalEntry, Project

from .choices import MapKind
from .data import LaneData, MapData, ProblemData, ProposalData, StepData
from .models import Lane, Problem, ProcessMap, Proposal, Step, WasteType


def maps_of(*, project: Project) -> dict[str, ProcessMap]:
    return {m.kind: m for m in ProcessMap.objects.filter(project=project).select_related("photo_uploaded_by")}


def map_of(*, project: Project, kind: str) -> ProcessMap | None:
    return ProcessMap.objects.filter(project=project, kind=kind).select_related("photo_uploaded_by").first()


def waste_types() -> list[WasteType]:
    return list(WasteType.objects.filter(is_active=True).order_by("number"))


def map_data(process_map: ProcessMap | None, *, kind: str | None = None, title: str = "") -> MapData:
    """The map as plain data for metrics, the SVG and snapshots: 8 queries whatever its size."""
    if process_map is None:
        return MapData(kind=kind or MapKind.CURRENT, title=title)
    pk = process_map.pk
    lanes = [
        LaneData(id=row["id"], name=row["name"], is_client=row["is_client"])
        for row in Lane.objects.filter(process_map_id=pk)
        .order_by("order", "id")
        .values("id", "name", "is_client")
    ]
    step_waste: dict[int, list[str]] = defaultdict(list)
    for step_id, name in (
        Step.waste_types.through.objects.filter(step__process_map_id=pk)
        .order_by("wastetype__number")
        .values_list("step_id", "wastetype__name")
    ):
        step_waste[step_id].append(name)

    problems: list[ProblemData] = []
    proposals: list[ProposalData] = []
    step_problems: dict[int, list[int]] = defaultdict(list)
    step_proposals: dict[int, list[int]] = defaultdict(list)
    if process_map.kind == MapKind.CURRENT:
        problems = _problems(pk, step_problems)
    else:
        proposals = _proposals(pk, step_proposals)

    steps = []
    for n, row in enumerate(
        Step.objects.filter(process_map_id=pk)
        .order_by("order", "id")
        .values(
            "id",
            "lane_id",
            "name",
            "kind",
            "value_class",
            "duration_minutes",
            "duration_unit",
            "documents",
            "client_action",
            "visit",
        ),
        start=1,
    ):
        steps.append(
            StepData(
                id=row["id"],
                number=n,
                lane_id=row["lane_id"],
                name=row["name"],
                kind=row["kind"],
                value_class=row["value_class"],
                duration_minutes=row["duration_minutes"],
                duration_unit=row["duration_unit"],
                waste_types=step_waste.get(row["id"], []),
                documents=[x.strip() for x in row["documents"].splitlines() if x.strip()],
                client_action=row["client_action"],
                visit=row["visit"],
                problem_numbers=sorted(step_problems.get(row["id"], [])),
                proposal_numbers=sorted(step_proposals.get(row["id"], [])),
            )
        )
    return MapData(
        kind=process_map.kind, title=title, lanes=lanes, steps=steps, problems=problems, proposals=proposals
    )


def _problems(map_pk: int, step_problems: dict[int, list[int]]) -> list[ProblemData]:
    rows = list(
        Problem.objects.filter(process_map_id=map_pk)
        .order_by("number")
        .values("id", "number", "text", "no_proposal_reason")
    )
    by_id = {
        r["id"]: ProblemData(
            id=r["id"], number=r["number"], text=r["text"], no_proposal_reason=r["no_proposal_reason"]
        )
        for r in rows
    }
    for problem_id, step_id in Problem.steps.through.objects.filter(
        problem__process_map_id=map_pk
    ).values_list("problem_id", "step_id"):
        by_id[problem_id].step_ids.append(step_id)
        step_problems[step_id].append(by_id[problem_id].number)
    for problem_id, name in (
        Problem.waste_types.through.objects.filter(problem__process_map_id=map_pk)
        .order_by("wastetype__number")
        .values_list("problem_id", "wastetype__name")
    ):
        by_id[problem_id].waste_types.append(name)
    for problem_id, number in (
        Proposal.problems.through.objects.filter(problem__process_map_id=map_pk)
        .order_by("proposal__number")
        .values_list("problem_id", "proposal__number")
    ):
        by_id[problem_id].proposal_numbers.append(number)
    return [by_id[r["id"]] for r in rows]


def _proposals(map_pk: int, step_proposals: dict[int, list[int]]) -> list[ProposalData]:
    rows = list(
        Proposal.objects.filter(process_map_id=map_pk).order_by("number").values("id", "number", "text")
    )
    by_id = {r["id"]: ProposalData(id=r["id"], number=r["number"], text=r["text"]) for r in rows}
    for proposal_id, number in (
        Proposal.problems.through.objects.filter(proposal__process_map_id=map_pk)
        .order_by("problem__number")
        .values_list("proposal_id", "problem__number")
    ):
        by_id[proposal_id].problem_numbers.append(number)
    for proposal_id, step_id in Proposal.steps.through.objects.filter(
        proposal__process_map_id=map_pk
    ).values_list("proposal_id", "step_id"):
        by_id[proposal_id].step_ids.append(step_id)
        step_proposals[step_id].append(by_id[proposal_id].number)
    return [by_id[r["id"]] for r in rows]


def problem_list(*, project: Project) -> list[ProblemData]:
    """The «перечень проблем» of п.9.9в: the problems of the current map with the proposals of the
    target map that solve them; the action plan (п.17) is built from this list."""
    current = map_of(project=project, kind=MapKind.CURRENT)
    if current is None:
        return []
    return map_data(current).problems


def approved_versions(*, project: Project) -> dict[str, JournalEntry]:
    """The last journal entry that approved each map (the snapshot taken when its stage ended)."""
    result: dict[str, JournalEntry] = {}
    for entry in project.journal.filter(snapshot_kind__in=["current_map", "target_map"]).order_by("at", "id"):
        result[entry.snapshot_kind.removesuffix("_map")] = entry
    return result
