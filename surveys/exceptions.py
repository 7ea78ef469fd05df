from projects.exceptions import ActionRefused


class SurveyUnavailable(ActionRefused):
    """The link accepts no answer now: not yet open, closed, or a personal link already used.
    The public page shows the message instead of the form; `status` is the HTTP status to use."""

    def __init__(self, message: str, *, status: int = 403):
        super().__init__(message)
        self.status = status
