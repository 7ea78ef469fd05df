"""A map as plain data: what the metrics, the SVG renderer, the snapshot in the journal and the
exports read. Built from the database by `maps.selectors.map_data` or from an approved snapshot by
`MapData.from_dict`, so an approved map is drawn and counted exactly like a live one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class LaneData:
    id: int
    name: str
    is_client: bool = False


@dataclass
class StepData:
    id: int
    number: int  # 1..N in the order of the map
    lane_id: int
    name: str
    kind: str
    value_class: str
    duration_minutes: int
    duration_unit: str = "min"
    waste_types: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    client_action: bool = False  # as typed; see `is_client_action`
    visit: bool = False
    problem_numbers: list[int] = field(default_factory=list)
    proposal_numbers: list[int] = field(default_factory=list)

    def is_client_action(self, lanes: dict[int, LaneData]) -> bool:
        """A step of the applicant's lane, a step the applicant takes part in, or a visit."""
        lane = lanes.get(self.lane_id)
        return bool(self.client_action or self.visit or (lane is not None and lane.is_client))


@dataclass
class ProblemData:
    id: int
    number: int
    text: str
    step_ids: list[int] = field(default_factory=list)
    waste_types: list[str] = field(default_factory=list)
    proposal_numbers: list[int] = field(default_factory=list)
    no_proposal_reason: str = ""


@dataclass
class ProposalData:
    id: int
    number: int
    text: str
    problem_numbers: list[int] = field(default_factory=list)
    step_ids: list[int] = field(default_factory=list)


@dataclass
class MapData:
    kind: str  # "current" | "target"
    title: str = ""
    lanes: list[LaneData] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)
    problems: list[ProblemData] = field(default_factory=list)
    proposals: list[ProposalData] = field(default_factory=list)

    @property
    def lanes_by_id(self) -> dict[int, LaneData]:
        return {lane.id: lane for lane in self.lanes}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MapData:
        return cls(
            kind=data["kind"],
            title=data.get("title", ""),
            lanes=[LaneData(**x) for x in data.get("lanes", [])],
            steps=[StepData(**x) for x in data.get("steps", [])],
            problems=[ProblemData(**x) for x in data.get("problems", [])],
            proposals=[ProposalData(**x) for x in data.get("proposals", [])],
        )
