"""The statutory clocks of the regulation, in working days (DESIGN §2).

A period starts the day after its event; a stage without a clock has its age tracked instead."""

from __future__ import annotations

from dataclasses import dataclass

from .choices import ResponsibleRole, Stage


@dataclass(frozen=True)
class Clock:
    working_days: int | None
    clause: str
    responsible: str


CLOCKS: dict[str, Clock] = {
    Stage.CARD_REVIEW: Clock(10, "Положение п.14", ResponsibleRole.COORDINATOR),
    Stage.CARD_SIGNING: Clock(None, "Положение п.15", ResponsibleRole.MAYOR),
    Stage.CURRENT_MAP: Clock(25, "Положение п.16.1", ResponsibleRole.LEAD),
    Stage.TARGET_MAP: Clock(10, "Положение п.16.2", ResponsibleRole.LEAD),
    Stage.PLAN_DRAFTING: Clock(10, "Положение п.17", ResponsibleRole.LEAD),
    Stage.PLAN_REVIEW: Clock(3, "Положение п.19", ResponsibleRole.COORDINATOR),
    Stage.PLAN_REWORK: Clock(3, "Положение п.20", ResponsibleRole.LEAD),
    Stage.RESULTS: Clock(25, "Положение п.24", ResponsibleRole.LEAD),
    Stage.REPORT_REVIEW: Clock(None, "Положение п.25", ResponsibleRole.COORDINATOR),
    Stage.DEFENCE: Clock(None, "Положение п.26–29", ResponsibleRole.MAYOR),
    Stage.CARD_CHANGE: Clock(None, "Положение п.22", ResponsibleRole.COORDINATOR),
    Stage.CARD_AMENDMENT: Clock(None, "Положение п.15, 22", ResponsibleRole.MAYOR),
}

# Diagnostics and target state of block 4 = the current map (25) + the target map (10).
DIAGNOSTICS_WORKING_DAYS = 25 + 10
# Team meetings on the plan «не реже одного раза в две недели» (п.21): calendar days.
TEAM_MEETING_MAX_GAP_DAYS = 14

# Durations that the regulation does not set, used only to propose block-4 dates (editable).
PROPOSED_IMPLEMENTATION_WORKING_DAYS = 60  # about three months of implementation
PROPOSED_REPORT_REVIEW_WORKING_DAYS = 10  # the coordinator's review and scheduling the defence


def propose_key_events(today):
    """Block-4 dates proposed from the statutory durations (МР п.4.5г; Положение п.14–24):
    the coordinator's 10 working days, then 25 + 10 for the maps, 10 + 3 for the plan, the
    implementation, and 25 for the results before the closing meeting."""
    from workdays.services import add_working_days

    start = add_working_days(today, CLOCKS["card_review"].working_days)
    diagnostics_end = add_working_days(start, DIAGNOSTICS_WORKING_DAYS)
    implementation_start = add_working_days(
        diagnostics_end, CLOCKS["plan_drafting"].working_days + CLOCKS["plan_review"].working_days + 1
    )
    implementation_end = add_working_days(implementation_start, PROPOSED_IMPLEMENTATION_WORKING_DAYS)
    closure_start = add_working_days(implementation_end, 1)
    closing = add_working_days(
        implementation_end, CLOCKS["results"].working_days + PROPOSED_REPORT_REVIEW_WORKING_DAYS
    )
    return {
        "start_date": start,
        "diagnostics_start": start,
        "diagnostics_end": diagnostics_end,
        "implementation_start": implementation_start,
        "implementation_end": implementation_end,
        "closure_start": closure_start,
        "closing_meeting_date": closing,
    }
