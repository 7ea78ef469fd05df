"""Sent after a transition is committed: notifications and other apps react to it."""

from django.dispatch import Signal

# kwargs: project, act (projects.workflow.Act), entry (JournalEntry), by (User)
project_transitioned = Signal()
