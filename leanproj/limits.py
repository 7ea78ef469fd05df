"""How long a text a person may enter (issue 18, hole 2): every free text of the application has a
limit checked by its form (a Russian message next to the field) and by the model's `full_clean`, so
that no document or export is made from a text a person could not reasonably have written.

Short names and titles are `CharField`s with their own `max_length` (200–500); the long texts are
the text fields below. The documents stay safe beyond these limits too (`documents.bounds`): older
rows, the admin or a script may hold longer ones."""

from __future__ import annotations

from django.core import validators
from django.db import models

SHORT_TEXT = 2_000  # a comment, a reason, a problem, an activity
LONG_TEXT = 4_000  # a section of the card or of the report, a citizen's complaint
MEETING_TEXT = 4_000  # a section of a meeting protocol


class LimitedTextField(models.TextField):
    """A text field whose `max_length` is checked by the model as well as by the form (Django checks
    a TextField's `max_length` only in the form field it makes)."""

    limit = LONG_TEXT

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.limit)
        super().__init__(*args, **kwargs)
        self.validators.append(validators.MaxLengthValidator(self.max_length))


class ShortTextField(LimitedTextField):
    limit = SHORT_TEXT


class LongTextField(LimitedTextField):
    limit = LONG_TEXT


class MeetingTextField(LimitedTextField):
    limit = MEETING_TEXT
