"""What a script filling the public form gives away (issue 18, hole 6): a hidden field no person
sees (the honeypot) and the form token — the moment the form was shown, signed with the site's key
(django.core.signing). A form sent sooner than SURVEY_FORM_MIN_SECONDS after it was shown was not
read by a person; one older than SURVEY_FORM_MAX_AGE is refused too, so that a token taken once
cannot feed a script for days. Every refusal shows the form again with what was typed and a new
token: a person only presses «Отправить ответы» once more."""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

TOKEN_FIELD = "form_token"
HONEYPOT_FIELD = "homepage"
_SALT = "surveys.public-form"


def issue(*, at: float | None = None) -> str:
    """A token for a form shown at `at` (now by default)."""
    stamp = signing.b62_encode(int(time.time() if at is None else at))
    return signing.Signer(salt=_SALT).sign(f"{secrets.token_urlsafe(6)}:{stamp}")


def _age(token: str) -> float | None:
    """Seconds since the token was issued; None when it is missing, forged or damaged."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
        return time.time() - signing.b62_decode(value.rsplit(":", 1)[1])
    except (signing.BadSignature, IndexError, ValueError):
        return None


def refusal(data) -> str | None:
    """The Russian reason a submission is refused, or None when it may be taken."""
    if (data.get(HONEYPOT_FIELD) or "").strip():
        return _(
            "Анкета не принята: заполнено поле, которого люди не видят (так анкеты заполняют программы). "
            "Если вы заполняли анкету сами — проверьте ответы и нажмите «Отправить ответы» ещё раз."
        )
    age = _age(str(data.get(TOKEN_FIELD) or ""))
    if age is None:
        return _(
            "Анкета не принята: страница анкеты повреждена или устарела. Ваши ответы сохранены на "
            "странице — проверьте их и нажмите «Отправить ответы» ещё раз."
        )
    if age < int(getattr(settings, "SURVEY_FORM_MIN_SECONDS", 2)):
        return _(
            "Анкета отправлена через мгновение после открытия — так отправляют программы, а не люди. "
            "Проверьте ответы и нажмите «Отправить ответы» ещё раз."
        )
    if age > int(getattr(settings, "SURVEY_FORM_MAX_AGE", 6 * 3600)):
        return _(
            "Страница анкеты была открыта слишком давно. Ваши ответы сохранены на странице — "
            "проверьте их и нажмите «Отправить ответы» ещё раз."
        )
    return None
