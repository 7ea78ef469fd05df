class ActionRefused(Exception):
    """A domain refusal with a Russian message for the person who tried (never a 500)."""

    def __init__(self, message: str, *, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        if self.details:
            return f"{self.message} " + " ".join(self.details)
        return self.message
