"""How Russian official documents write dates, people and file names (ГОСТ Р 7.0.97-2025 practice,
DOMAIN «Official documents»)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _


def blank_stamp_date() -> str:
    """The blank date line of an unsigned form (Прил. 1, 3)."""
    return _('"__" ______ 20__ г.')


def local_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    """A stored moment as the municipality's calendar date (journal rows are aware datetimes)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def as_date(value) -> dt.date | None:
    """Dates of JSON snapshots come back as ISO strings."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return local_date(value)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def short_date(value) -> str:
    """«05.06.2026» — the numeric form of ГОСТ Р 7.0.97-2025."""
    day = as_date(value)
    return day.strftime("%d.%m.%Y") if day else ""


def long_date(value) -> str:
    """«5 июня 2026 г.» — the verbal form of ГОСТ Р 7.0.97-2025."""
    day = as_date(value)
    if day is None:
        return ""
    with translation.override("ru"):
        return _("%(day)s %(month)s %(year)s г.") % {
            "day": day.day,
            "month": dateformat.format(day, "E"),
            "year": day.year,
        }


def stamp_date(value) -> str:
    """The date line of a stamp: «"05" июня 2026 г.» once signed, the blank line before."""
    day = as_date(value)
    if day is None:
        return blank_stamp_date()
    with translation.override("ru"):
        return _('"%(day)s" %(month)s %(year)s г.') % {
            "day": f"{day.day:02d}",
            "month": dateformat.format(day, "E"),
            "year": day.year,
        }


# --- File names -----------------------------------------------------------------------------------

_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    }
)  # fmt: skip  # the passport transliteration (Приказ МВД № 889 / ICAO Doc 9303)


def safe_filename(name: str) -> str:
    """A file name every operating system accepts: no path separators, quotes or control characters."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f«»]+', " ", name)
    return re.sub(r"\s+", " ", name).strip(" .") or "document"


def ascii_filename(name: str) -> str:
    """The plain-ASCII fallback for old clients: «2026-001 Карточка проекта.pdf» →
    «2026-001_Kartochka_proekta.pdf»."""
    out = []
    for ch in name:
        low = ch.lower()
        latin = low.translate(_TRANSLIT)
        if latin != low:
            out.append(latin.capitalize() if ch != low and latin else latin)
        else:
            out.append(ch)
    text = "".join(out).encode("ascii", "ignore").decode()
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    stem = re.sub(r"[^A-Za-z0-9.-]+", "_", stem).strip("_.") or "document"
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)
    return f"{stem}.{extension}" if extension else stem


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """Content-Disposition with an ASCII `filename` and the Russian name in RFC 5987 `filename*`."""
    filename = safe_filename(filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def css_string(value: str) -> str:
    """A CSS string literal for text that comes from data (page margin boxes)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\r\n\f]+", " ", escaped)
    return f'"{escaped}"'
