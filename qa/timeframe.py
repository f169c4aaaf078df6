"""When a question is asked, and what time it asks about.

``as_of`` is the moment a question is asked (default: now). Articles published
after it are not used. Relative time in the question is resolved against it
into a window of publication dates ("this week": the 7 days before ``as_of``'s
day and that day; "yesterday" and today; "last month": the calendar month before; "in March": the latest
March not after ``as_of``; "in 2023"; "on Tuesday": from the latest Tuesday on), or
into a plain preference for recent articles ("recently", "latest", "new").
Both are preferences, not filters (see ``evidence``): an article outside the
window still answers when nothing inside it does, since a week's news is
often reported a few days late or recalled later. Dates are compared by day:
``as_of``'s day where it is (its own offset; UTC for a date or a naive time) and
the article's as it gives it; articles without a published date are never excluded and never
preferred. Patterns only, no parser: what was understood is returned to the
user as ``time_window``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from index import InvalidQuestion

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NAME_AFTER = re.compile(r"\s+[A-Z]")  # "New York", "New Zealand": a name, not news
_RECENT = re.compile(r"\b(?:recent|recently|latest|newest|new|just|currently|current|now|ongoing)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimeFrame:
    as_of: dt.datetime  # timezone-aware
    start: dt.date | None = None  # the window of publication dates the question asks about, inclusive
    end: dt.date | None = None
    phrase: str = ""  # the words that set the window or the preference
    recent: bool = False  # prefer recent articles (a window implies it too)

    @property
    def day(self) -> dt.date:
        return self.as_of.date()

    def to_json(self) -> dict[str, object]:
        return {"as_of": self.as_of.isoformat(), "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None, "phrase": self.phrase or None,
                "prefer_recent": self.recent}


def parse_as_of(value: str | dt.date | dt.datetime | None, now: dt.datetime | None = None) -> dt.datetime:
    """``as_of`` as an aware datetime: an ISO date means the end of that day (UTC), a naive datetime is UTC."""
    if value is None or value == "":
        return now or dt.datetime.now(dt.timezone.utc)
    if isinstance(value, str):
        text = value.strip()
        try:
            try:
                value = dt.date.fromisoformat(text)  # any ISO date form ("2024-03-05", "20240305"): the whole day
            except ValueError:
                value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidQuestion(f"as_of must be an ISO date or datetime such as 2024-03-01 or "
                                  f"2024-03-01T12:00:00Z, not {value!r}") from None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.combine(value, dt.time(23, 59, 59), dt.timezone.utc)


def _latest_month(month: int, day: dt.date, year: int | None) -> tuple[dt.date, dt.date]:
    if year is None:
        year = day.year if month <= day.month else day.year - 1
    first = dt.date(year, month, 1)
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    return first, last


def _window(question: str, day: dt.date) -> tuple[dt.date, dt.date, str] | None:
    text = question.lower()
    week = dt.timedelta(days=7)
    rules: list[tuple[str, object]] = [
        (r"\b(?:today|tonight|this morning|this afternoon|this evening)\b", lambda m: (day, day)),
        (r"\byesterday\b", lambda m: (day - dt.timedelta(days=1), day)),
        (r"\b(?:this|the past|the last)\s+(?:few\s+)?days\b", lambda m: (day - dt.timedelta(days=4), day)),
        (r"\b(?:this|past|the past|the last)\s+week(?:end)?\b", lambda m: (day - week, day)),
        (r"\blast\s+week(?:end)?\b", lambda m: (day - 2 * week, day)),
        (r"\b(?:this|the past)\s+month\b",
         lambda m: (min(day.replace(day=1), day - week), day)),
        (r"\blast\s+month\b", lambda m: _latest_month((day.month - 2) % 12 + 1, day,
                                                      day.year if day.month > 1 else day.year - 1)),
        (r"\bthis\s+year\b", lambda m: (day.replace(month=1, day=1), day)),
        (r"\blast\s+year\b", lambda m: (dt.date(day.year - 1, 1, 1), dt.date(day.year - 1, 12, 31))),
        (r"\bon\s+(" + "|".join(_WEEKDAYS) + r")\b", lambda m: (_latest_weekday(m.group(1), day), day)),
        (r"\b(?:in|during|since|early|late|mid-?)\s*(" + "|".join(_MONTHS) + r")(?:\s+(\d{4}))?\b",
         lambda m: _latest_month(_MONTHS.index(m.group(1)) + 1, day, int(m.group(2)) if m.group(2) else None)),
        (r"\b(?:in|during|since)\s+((?:19|20)\d\d)\b",
         lambda m: (dt.date(int(m.group(1)), 1, 1), dt.date(int(m.group(1)), 12, 31))),
    ]
    for pattern, make in rules:
        match = re.search(pattern, text)
        if match:
            start, end = make(match)  # type: ignore[operator]
            if start > day:
                continue  # a time after as_of: no article can be from then
            return start, min(end, day), match.group(0)
    return None


def _latest_weekday(name: str, day: dt.date) -> dt.date:
    back = (day.weekday() - _WEEKDAYS.index(name)) % 7
    return day - dt.timedelta(days=back)


def resolve(question: str, as_of: dt.datetime) -> TimeFrame:
    """The time ``question`` asks about, as of ``as_of``."""
    window = _window(question, as_of.date())
    if window:
        start, end, phrase = window
        return TimeFrame(as_of, start, end, phrase, recent=True)
    recent = next((m for m in _RECENT.finditer(question) if not _NAME_AFTER.match(question, m.end())
                   or m.group(0) != "New"), None)
    return TimeFrame(as_of, phrase=recent.group(0).lower() if recent else "", recent=recent is not None)


def published_day(published: str) -> dt.date | None:
    """The day an article was published, from its ISO date or datetime (None when unknown or unreadable)."""
    try:
        return dt.date.fromisoformat(published.strip()[:10]) if published else None
    except ValueError:
        return None
