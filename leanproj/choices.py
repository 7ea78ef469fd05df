"""Choices that carry their label and their colour (NetBox ChoiceSet), so that templates never
hard-code a status name or a badge colour."""

from django.db import models


class ChoiceSet(models.TextChoices):
    """A TextChoices whose members know their Bootstrap colour: `Status.DRAFT.color`.

    Colours are attached after the class body with `set_colors(...)`, because every plain
    attribute inside an Enum body would become a member."""

    @property
    def color(self) -> str:
        return getattr(type(self), "_colors", {}).get(self.value, "secondary")

    @classmethod
    def color_of(cls, value: str) -> str:
        return getattr(cls, "_colors", {}).get(value, "secondary")

    @classmethod
    def label_of(cls, value: str) -> str:
        try:
            return cls(value).label
        except ValueError:
            return value


def set_colors(choices: type[ChoiceSet], colors: dict[str, str]) -> None:
    unknown = set(colors) - set(choices.values)
    if unknown:
        raise ValueError(f"colours for unknown values {unknown} of {choices.__name__}")
    choices._colors = colors
