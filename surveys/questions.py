"""The questionnaire itself, word for word as «АНКЕТА заказчика процесса» at the end of the
methodological recommendations (МР п.4.4) prints it: five questions in two groups, each answered on
the 1–4 scale, a comment when the answer is «Нет» or «Скорее нет», and a question about suggestions.

The texts are kept verbatim, including the missing question mark of question 4."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import SCORES_NEEDING_COMMENT

GROUP_PROCESS = _("Процесс")
GROUP_SUPPORT = _("Поддержка пользователей процесса")


@dataclass(frozen=True)
class Question:
    number: int
    code: str  # the model field that stores the score; its comment is `comment_<code>`
    group: Promise
    text: Promise

    @property
    def comment_field(self) -> str:
        return f"comment_{self.code}"


QUESTIONS: tuple[Question, ...] = (
    Question(1, "satisfaction", GROUP_PROCESS, _("Удовлетворены ли Вы в целом работой процесса?")),
    Question(2, "simplicity", GROUP_PROCESS, _("Является ли процесс для Вас простым и понятным?")),
    Question(3, "duration", GROUP_PROCESS, _("Является ли длительность процесса для Вас оптимальной?")),
    Question(
        4,
        "documentation",
        GROUP_SUPPORT,
        _("Удовлетворены ли Вы нормативной документацией по процессу (инструкции, стандарты, регламенты)"),
    ),
    Question(
        5, "support", GROUP_SUPPORT, _("Удовлетворены ли Вы качеством поддержки и сервиса (консультациями)?")
    ),
)
QUESTION_CODES: tuple[str, ...] = tuple(q.code for q in QUESTIONS)
GROUPS: tuple[Promise, ...] = (GROUP_PROCESS, GROUP_SUPPORT)

COMMENT_PROMPT = _("В случае ответа «Нет» / «Скорее нет» — прокомментируйте")
SUGGESTIONS_QUESTION = _("Есть ли у Вас предложения по совершенствованию процесса?")
OVERALL_LABEL = _("Итого средний балл")


def questions_missing_comment(scores: dict[str, int | None], comments: dict[str, str]) -> list[Question]:
    """Questions answered «Нет» or «Скорее нет» without a comment (МР, анкета: «прокомментируйте»)."""
    return [
        q
        for q in QUESTIONS
        if scores.get(q.code) in SCORES_NEEDING_COMMENT and not (comments.get(q.code) or "").strip()
    ]
