"""Sent after a transition is committed: notifications and other apps react to it."""

from django.dispatch import Signal

# kwargs: project, act (projects.workflow.Act), entry (JournalEntry), by (User)
project_transitioned = Signal()

# kwargs: project, deadline (Deadline, already saved with its new due date), old_due (date),
# entry (JournalEntry) — sent after the commit of a production-calendar correction (issue 19.8).
deadline_recomputed = Signal()

# kwargs: comment (ProjectComment) — sent after the commit of a comment on a project: the authorised
# body's methodological comment or consultation reaches the lead at once (Положение п.6.1, 6.3).
comment_posted = Signal()

# kwargs: initiative (projects.models.Initiative) — an employee submitted it to the head of his
# department (Положение п.11), sent after the commit.
initiative_submitted = Signal()

# kwargs: initiative — the head decided on it (п.12): accepted (its project created) or declined.
initiative_decided = Signal()
