from .card_changes import CardChange
from .complaints import Complaint
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
    "CardChange",
    "Closure",
    "Complaint",
    "IndicatorActual",
    "IndicatorResult",
    "LegalAct",
    "PlanRevision",
    "Practice",
    "ProblemNote",
    "ResultPhoto",
    "ResultsReport",
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
