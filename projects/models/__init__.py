from .card_changes import OPEN as CARD_CHANGE_OPEN
from .card_changes import CardChange
from .card_scans import SignedCardScan
from .comments import ProjectComment
from .complaints import Complaint
from .criteria import CriterionAssessment, Initiative
from .deadlines import Deadline
from .journal import JournalEntry
from .meetings import Meeting, MeetingParticipant
from .plan import Activity, IndicatorActual, PlanRevision, ProblemNote
from .practices import Practice
from .project import Project, ProjectCounter, ProjectMember, Stakeholder, TargetIndicator
from .results import Closure, IndicatorResult, LegalAct, ResultPhoto, ResultsReport
from .risks import ProjectRisk

__all__ = [
    "Activity",
    "CARD_CHANGE_OPEN",
    "CardChange",
    "Closure",
    "Complaint",
    "CriterionAssessment",
    "Initiative",
    "IndicatorActual",
    "IndicatorResult",
    "LegalAct",
    "PlanRevision",
    "Practice",
    "ProblemNote",
    "ProjectComment",
    "ResultPhoto",
    "ResultsReport",
    "SignedCardScan",
    "Deadline",
    "JournalEntry",
    "Meeting",
    "MeetingParticipant",
    "Project",
    "ProjectCounter",
    "ProjectMember",
    "ProjectRisk",
    "Stakeholder",
    "TargetIndicator",
]
