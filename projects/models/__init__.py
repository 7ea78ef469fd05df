from .card_changes import CardChange
from .deadlines import Deadline
from .journal import JournalEntry
from .meetings import Meeting, MeetingParticipant
from .project import Project, ProjectCounter, ProjectMember, Stakeholder, TargetIndicator

__all__ = [
    "CardChange",
    "Deadline",
    "JournalEntry",
    "Meeting",
    "MeetingParticipant",
    "Project",
    "ProjectCounter",
    "ProjectMember",
    "Stakeholder",
    "TargetIndicator",
]
