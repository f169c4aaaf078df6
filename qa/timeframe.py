"""When a question is asked, and what time it asks about.

``as_of`` is the moment a question is asked (default: now). Articles published
after it are not used. Relative time in the question is resolved against it
into a window of publication dates ("this week": the 7 days before ``as_of``'s
day and that day; "yesterday" (or "last night") and today; "last month": the calendar month before; "in
March": the latest March not after ``as_of``; "March 3": that day and the next; "in 2023"; "on Tuesday", or
"died Tuesday", "Tuesday's vote": from the latest Tuesday on; "this summer", "last spring"; and more, in
``time_rules``), or
into a plain preference for recent articles ("recently", "latest", "new", and for what is coming, "next
week", "upcoming": previews are published before it; "tomorrow" is a window, yesterday and today).
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
from qa import time_rules
from qa.time_rules import MONTH_NAMED, NAME_AFTER, YEAR

# a preference for recent articles: news of now, or of what is coming (previews are published before it)
# (a user trial: "Which country has received the most fines so far at Euro 2024?" was answered from 2016's Euro)
_RECENT = re.compile(r"\b(?:recent|recently|latest|newest|new|just|currently|current|now|ongoing|upcoming"
                     r"|so\s+far|to\s+date"
                     r"|next\s+(?:week|weekend|month|year)|(?:this\s+)?coming\s+(?:week|weekend|month|days))\b",
                     re.IGNORECASE)


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
        text = value.strip().upper()  # RFC 3339 allows "t" and "z"; Python reads only "T" and "Z"
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


def window_words(text: str) -> str:
    """The words of ``text`` that set a window of publication dates, as written ("" when none do)."""
    window = time_rules.window(text, dt.datetime.now(dt.timezone.utc).date())
    return window[2] if window else ""


def resolve(question: str, as_of: dt.datetime) -> TimeFrame:
    """The time ``question`` asks about, as of ``as_of``."""
    window = time_rules.window(question, as_of.date())
    if window:
        start, end, phrase = window
        return TimeFrame(as_of, start, end, phrase, recent=True)  # as written: "in March", "on Sunday"
    recent = next((m for m in _RECENT.finditer(question) if not NAME_AFTER.match(question, m.end())
                   or m.group(0) != "New"), None)
    return TimeFrame(as_of, phrase=recent.group(0) if recent else "", recent=recent is not None)


def without_time_words(question: str, frame: TimeFrame) -> str:
    """``question`` without the relative time words that set its window ("this week", "on Tuesday", "Tuesday's"),
    for matching articles: the window asks for the time, and those words in an article's text mean another time
    (a user trial: "What happened in sports this week?" quoted a June podcast that said "this week"). A date
    ("March 3", "in 2023") stays: an article that names it is about it."""
    if frame.start is None or not frame.phrase or MONTH_NAMED.search(frame.phrase) or YEAR.search(frame.phrase):
        return question
    at = question.find(frame.phrase)
    if at < 0:
        return question
    end = at + len(frame.phrase)
    end += len(m.group()) if (m := re.match(r"['’]s\b", question[end:])) else 0
    rest = (question[:at].rstrip() + " " + question[end:].lstrip()).strip()
    rest = re.sub(r"\s+([?.!,;:])", r"\1", rest)
    return rest if re.search(r"\w", rest) else question


def published_day(published: str) -> dt.date | None:
    """The day an article was published, from its ISO date or datetime (None when unknown or unreadable)."""
    try:
        return dt.date.fromisoformat(published.strip()[:10]) if published else None
    except ValueError:
        return None
