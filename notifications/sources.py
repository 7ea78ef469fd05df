"""What the daily reminder scan looks at: a registry of sources (DESIGN §5).

A source is a function `source(day) -> Iterable[Item]` that selects, in SQL, the objects needing a
reminder on `day` (always a working day) and yields one `Item` per reminder. The scan takes the
items in batches, claims each (source, object_key, kind, day) once, resolves the people and sends.
A source never sends anything itself and never checks whether a reminder was sent already.

Register from your AppConfig.ready()::

    from notifications import sources

    def activity_reminders(day):
        slots = sources.reminder_slots(day, earliest=...)   # the same chain as statutory deadlines
        for row in Activity.objects.filter(deadline__in=slots, ...).values(...):
            slot = slots[row["deadline"]]
            yield sources.Item(
                source="activity", object_key=str(row["lineage"]), kind=slot.kind,
                project_id=row["project_id"], what=row["title"], clause="Положение п.21",
                due_on=row["deadline"], days_left=slot.days, url=...,
                user_ids=(row["responsible_id"],),
            )
            if slot.kind == Kind.OVERDUE:
                yield sources.Item(..., kind=Kind.ESCALATION, audience=frozenset({Audience.LEAD}))

    sources.register(activity_reminders)

`reminder_slots` gives the chain of this module (3 and 1 working days before, the day itself,
the first overdue day and then every N working days), so every kind of reminder follows the
same rhythm; a source with a calendar rule of its own (the team meeting gap of п.21) does not
need it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings

from workdays.services import is_working_day

from .choices import Kind

ONE_DAY = dt.timedelta(days=1)

# Defaults when the settings do not say otherwise (see `coming_days`, `overdue_every`).
DEFAULT_COMING_DAYS = (3, 1)
DEFAULT_OVERDUE_EVERY = 5


@dataclass(frozen=True)
class Item:
    """One reminder to send: about what, to whom, with what dates.

    `source` + `object_key` + `kind` + the scan's day is the key that makes it sent once.
    People are given as `audience` (roles resolved from the project: lead, team, coordinator,
    mayor, authority — see `choices.Audience`) and/or `user_ids` (named people, e.g. the person
    responsible for an activity); `exclude_user_ids` are never told (the person who acted)."""

    source: str
    object_key: str
    kind: str
    project_id: int | None  # None: not about a project (an initiative, п.11): `user_ids` only
    what: str
    clause: str = ""
    due_on: dt.date | None = None
    days_left: int | None = None
    url: str = ""  # a path on this site (e.g. the plan page); empty: the project page
    audience: frozenset[str] = field(default_factory=frozenset)
    user_ids: tuple[int, ...] = ()
    exclude_user_ids: tuple[int, ...] = ()
    note: str = ""
    title: str = ""  # a heading of its own (events); empty: «Осталось 2 рабочих дня: <what>»

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.object_key, self.kind)


Source = Callable[[dt.date], Iterable[Item]]
_sources: list[Source] = []


def register(source: Source) -> Source:
    """Adds a source to the daily scan (usable as a decorator); registering twice is harmless."""
    if source not in _sources:
        _sources.append(source)
    return source


def unregister(source: Source) -> None:
    if source in _sources:
        _sources.remove(source)


def registered() -> list[Source]:
    return list(_sources)


def source_name(source: Source) -> str:
    return f"{getattr(source, '__module__', '?')}.{getattr(source, '__qualname__', repr(source))}"


# --- The reminder chain ------------------------------------------------------------------------


def coming_days() -> tuple[int, ...]:
    """Working days before the due date on which a «coming» reminder goes out."""
    raw = getattr(settings, "REMINDER_COMING_DAYS", DEFAULT_COMING_DAYS)
    if isinstance(raw, str):
        raw = [part for part in raw.split(",") if part.strip()]
    return tuple(sorted({int(d) for d in raw if int(d) > 0}, reverse=True))


def overdue_every() -> int:
    """After the first overdue day, the reminder repeats every N working days."""
    return max(int(getattr(settings, "REMINDER_OVERDUE_REPEAT_DAYS", DEFAULT_OVERDUE_EVERY)), 1)


@dataclass(frozen=True)
class Slot:
    kind: str  # Kind.COMING, Kind.DUE or Kind.OVERDUE
    days: int  # working days left: > 0 coming, 0 due today, < 0 overdue by -days


def reminder_slots(
    day: dt.date,
    *,
    earliest: dt.date | None = None,
    coming: tuple[int, ...] | None = None,
    every: int | None = None,
) -> dict[dt.date, Slot]:
    """Every due date that calls for a reminder on `day`, with its kind and working days left,
    counted as `Deadline.days_left` counts them (working days in (day, due] or (due, day]).

    A due date on a day off belongs with the working day before it («срок сегодня» on the last
    working day); `earliest` bounds how far back overdue dates are looked for (the earliest open
    due date of the source). The map is meant for `due_on__in=slots`: one indexed query."""
    coming = coming_days() if coming is None else coming
    every = overdue_every() if every is None else every
    slots: dict[dt.date, Slot] = {}

    # Today and ahead: count = working days in (day, d].
    horizon = max(coming, default=0)
    count, d = 0, day
    while True:
        if count == 0:
            slots[d] = Slot(Kind.DUE, 0)
        elif count in coming:
            slots[d] = Slot(Kind.COMING, count)
        nxt = d + ONE_DAY
        if is_working_day(nxt):
            if count + 1 > horizon:
                break
            count += 1
        d = nxt

    # Behind: overdue by = working days in (d, day]; the first overdue day, then every `every`.
    if earliest is not None and earliest < day:
        overdue = 1 if is_working_day(day) else 0
        d = day - ONE_DAY
        while d >= earliest:
            if overdue >= 1 and (overdue - 1) % every == 0:
                slots[d] = Slot(Kind.OVERDUE, -overdue)
            if is_working_day(d):
                overdue += 1
            d -= ONE_DAY
    return slots
