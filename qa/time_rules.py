"""The time words a question can use, and the window of publication dates each sets as of a day.

One rule per form, in ``_RULES``, tried in order; ``window`` returns the first that matches, is not part of a
name ("Black Friday", "the Jan. 6 committee") and is not after the day. ``timeframe`` turns it into a
``TimeFrame``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from index.calendar_words import MONTHS, WEEKDAYS, months_spelt
from index.terms import STOP_WORDS

_MONTHS, _WEEKDAYS = list(MONTHS), list(WEEKDAYS)
NAME_AFTER = re.compile(r"\s+[A-Z]")  # "New York", "New Zealand": a name, not news
_SENTENCE_END = (".", "?", "!", ":", "\"", "“")
_OPENERS = STOP_WORDS | {"last", "next", "past", "early", "late", "since", "until"}  # "On Tuesday", "Last Friday"
NEVER, BESIDE, CAPITALISED, MODIFIER = range(4)  # when a time word is part of a name (``_in_a_name``)
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_FUTURE = re.compile(r"\b(?:will|next|upcoming|going to|plans? to|scheduled|expected to)\b", re.IGNORECASE)
MONTH_NAMED = re.compile(r"\b(?:" + "|".join(m[:3] for m in _MONTHS) + r")", re.IGNORECASE)
YEAR = re.compile(r"\b\d{4}\b")
_COUNTS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _latest_month(month: int, day: dt.date, year: int | None) -> tuple[dt.date, dt.date]:
    if year is None:
        year = day.year if month <= day.month else day.year - 1
    first = dt.date(year, month, 1)
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    return first, last


# a part of a month, by its first and last day of the month (the last: 31 for "to the month's end"); a day's news is
# published the day after, so each part ends a day later (``_month_part``)
_PARTS = {"beginning": (1, 10), "start": (1, 10), "early": (1, 10), "middle": (10, 20), "mid": (10, 20),
          "end": (21, 31), "late": (21, 31)}
_WEEKS_OF = {"first": (1, 7), "second": (8, 14), "third": (15, 21), "fourth": (22, 28), "last": (-7, 31)}


def _month_part(month: int, first: int, last: int, day: dt.date, year: int | None) -> tuple[dt.date, dt.date]:
    """Days ``first``..``last`` of the latest such month (``first`` below 1: counted back from its end), and the
    day after."""
    start, end = _latest_month(month, day, year)
    begin = end + dt.timedelta(days=first + 1) if first < 1 else start.replace(day=first)
    return begin, min(start.replace(day=min(last, end.day)), end) + _ONE_DAY


_SOON = dt.timedelta(days=7)


def _latest_date(month: int, date: int, day: dt.date, year: int | None) -> tuple[dt.date, dt.date]:
    """"March 3": that day and the next (a day's news is often published the day after); the latest March 3
    not after ``day`` when no year is given, unless this year's is at most ``_SOON`` ahead: "through July 4
    weekend" asked on July 1 is the one to come (no article can be from then), not last year's."""
    asked = dt.date(year or day.year, month, date)
    if year is None and asked > day + _SOON:
        asked = dt.date(day.year - 1, month, date)
    return asked, asked + dt.timedelta(days=1)


_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}  # the month each begins


def _season(name: str, day: dt.date, over: bool) -> tuple[dt.date, dt.date]:
    """The three months of a season: of ``day``'s year (winter: until May, the one that began in December of the
    year before), or with ``over``, the latest that ended before ``day``."""
    first = _SEASONS[name.lower()]
    year = day.year - 1 if first == 12 and day.month < 6 else day.year

    def months(year: int) -> tuple[dt.date, dt.date]:
        start = dt.date(year, first, 1)
        after = dt.date(year + (first + 2) // 12, (first + 2) % 12 + 1, 1)
        return start, after - _ONE_DAY

    start, end = months(year)
    while over and end >= day:
        year -= 1
        start, end = months(year)
    return start, end


def _latest_weekday(name: str, day: dt.date) -> dt.date:
    back = (day.weekday() - _WEEKDAYS.index(name.lower())) % 7
    return day - dt.timedelta(days=back)


def _around(days_back: int, spread: int, day: dt.date) -> tuple[dt.date, dt.date]:
    return day - dt.timedelta(days=days_back + spread), day - dt.timedelta(days=max(days_back - spread, 0))


def _number(word: str) -> int:
    """"3", "three" or "a" (a week ago) as a number."""
    return int(word) if word.isdigit() else 1 if word.lower() == "a" else _COUNTS.index(word.lower()) + 1


def _in_a_name(question: str, match: re.Match[str], kind: int) -> bool:
    """Whether the time word of ``match`` is part of a name (``kind`` ``BESIDE``: when right after or before a
    capitalised word, "Black Friday", "Monday Night Football"; ``CAPITALISED``, for a word written in lower case
    when it means a time: when capitalised inside a sentence or before a capitalised word, "USA TODAY", "the
    Today show", "The World of Tomorrow", but not "the Super Bowl tomorrow"; ``MODIFIER``, a date without a year:
    between "the" and a noun, "the Jan. 6 committee", "the October 7 attacks", an event named by its day, which
    is rarely the latest such day and is reported long after it)."""
    if kind == NEVER:
        return False
    before = question[:match.start()].rstrip()
    previous = before.rsplit(None, 1)[-1] if before else ""
    if kind == MODIFIER:
        after = _NEXT_WORD.match(question, match.end())
        return (previous.lower() == "the" and after is not None and after.group(1) not in STOP_WORDS
                and not YEAR.search(match.group()))
    rest = before[:len(before) - len(previous)].rstrip()
    opens = not before or before.endswith(_SENTENCE_END)
    previous_opens = not rest or rest.endswith(_SENTENCE_END)
    named_before = previous[:1].isupper() and not (previous_opens and previous.lower() in _OPENERS)
    return (not opens and (named_before if kind == BESIDE else match.group()[:1].isupper())
            or bool(NAME_AFTER.match(question, match.end())))


def _days(match: re.Match[str], unit: int) -> int:
    """Days in "N days" / "N weeks" (group ``unit`` names the unit, the group before it the number)."""
    return _number(match.group(unit - 1)) * (7 if match.group(unit).lower().startswith("week") else 1)


def _year(match: re.Match[str], group: int) -> int | None:
    return int(match.group(group)) if match.group(group) else None


_WEEK = dt.timedelta(days=7)
_ONE_DAY = dt.timedelta(days=1)
_WRITTEN_MONTH = r"(" + "|".join(m.capitalize() for m in _MONTHS) + r"|" + "|".join(
    m[:3].capitalize() for m in _MONTHS) + r"|Sept)\.?"  # capitalised: "may" is a verb
_I = re.IGNORECASE
# (pattern, window of a match as of a day, when a match is part of a name: ``_in_a_name``), in order: the first
# match that is not part of a name and not after the day decides
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str], dt.date], tuple[dt.date, dt.date]], int]] = [
    (re.compile(r"\b(?:today|tonight|this morning|this afternoon|this evening)\b", _I),
     lambda m, day: (day, day), CAPITALISED),
    (re.compile(r"\b(?:yesterday|last night|overnight)\b", _I), lambda m, day: (day - _ONE_DAY, day), NEVER),
    # what is to happen tomorrow is reported today and yesterday ("The World of Tomorrow" is a name)
    (re.compile(r"\btomorrow\b", _I), lambda m, day: (day - _ONE_DAY, day), CAPITALISED),
    # "at the end of April", "early May", "mid-March 2023", "the first week of May": that part of the month (before
    # "the last week", which "the last week of April" holds)
    (re.compile(rf"\b(?:(?:at|by|in|around|towards?|near)\s+)?the\s+(beginning|start|middle|end)\s+of\s+"
                rf"({'|'.join(_MONTHS)})(?:\s+(\d{{4}}))?\b", _I),
     lambda m, day: _month_part(_month(m.group(2)), *_PARTS[m.group(1).lower()], day, _year(m, 3)), NEVER),
    (re.compile(rf"\b(early|mid|late)[\s-]*({'|'.join(_MONTHS)})(?:\s+(\d{{4}}))?\b", _I),
     lambda m, day: _month_part(_month(m.group(2)), *_PARTS[m.group(1).lower()], day, _year(m, 3)), NEVER),
    (re.compile(rf"\b(?:(?:in|during|over)\s+)?the\s+(first|second|third|fourth|last)\s+week\s+of\s+"
                rf"({'|'.join(_MONTHS)})(?:\s+(\d{{4}}))?\b", _I),
     lambda m, day: _month_part(_month(m.group(2)), *_WEEKS_OF[m.group(1).lower()], day, _year(m, 3)), NEVER),
    (re.compile(r"\b(?:the\s+)?(?:past|last)\s+(\d+)\s+hours\b", _I),
     lambda m, day: (day - dt.timedelta(days=-(-int(m.group(1)) // 24)), day), NEVER),
    (re.compile(rf"\b(?:the\s+)?(?:past|last)\s+({'|'.join(_COUNTS)}|\d+)\s+(days|weeks)\b", _I),
     lambda m, day: (day - dt.timedelta(days=_days(m, 2)), day), NEVER),
    (re.compile(rf"\b(a|{'|'.join(_COUNTS)}|\d+)\s+(days?|weeks?)\s+ago\b", _I),
     lambda m, day: _around(_days(m, 2), 3 if m.group(2).lower().startswith("week") else 1, day), NEVER),
    # "a month ago", "two months ago": a week either side for each month back
    (re.compile(rf"\b(a|{'|'.join(_COUNTS)}|\d+)\s+months?\s+ago\b", _I),
     lambda m, day: _around(30 * _number(m.group(1)), 7 * _number(m.group(1)), day), NEVER),
    (re.compile(r"\b(?:this|the past|the last)\s+(?:few\s+)?days\b", _I),
     lambda m, day: (day - dt.timedelta(days=4), day), NEVER),
    (re.compile(r"\b(?:this|past|the past|the last)\s+week(?:end)?\b|\b(?:over|during|on)\s+the\s+weekend\b", _I),
     lambda m, day: (day - _WEEK, day), NEVER),
    (re.compile(r"\blast\s+week(?:end)?\b", _I), lambda m, day: (day - 2 * _WEEK, day), NEVER),
    (re.compile(r"\b(?:this|the past)\s+month\b", _I),
     lambda m, day: (min(day.replace(day=1), day - _WEEK), day), NEVER),
    (re.compile(r"\blast\s+month\b", _I),
     lambda m, day: _latest_month((day.month - 2) % 12 + 1, day, day.year if day.month > 1 else day.year - 1), NEVER),
    # seasons as the northern hemisphere has them: "this summer" the one of as_of's year, "last spring" the latest
    # one over before as_of
    (re.compile(rf"\bthis\s+({'|'.join(_SEASONS)})\b", _I), lambda m, day: _season(m.group(1), day, over=False),
     NEVER),
    (re.compile(rf"\blast\s+({'|'.join(_SEASONS)})\b", _I), lambda m, day: _season(m.group(1), day, over=True),
     NEVER),
    (re.compile(r"\bthis\s+year\b", _I), lambda m, day: (day.replace(month=1, day=1), day), NEVER),
    (re.compile(r"\blast\s+year\b", _I),
     lambda m, day: (dt.date(day.year - 1, 1, 1), dt.date(day.year - 1, 12, 31)), NEVER),
    (re.compile(rf"\bon\s+({'|'.join(_WEEKDAYS)})\b", _I),
     lambda m, day: (_latest_weekday(m.group(1), day), day), NEVER),
    # a date written out: "March 3", "Feb. 27, 2024", "3 March"
    (re.compile(_WRITTEN_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?(?![:.]\d)"),
     lambda m, day: _latest_date(_month(m.group(1)), int(m.group(2)), day, _year(m, 3)), MODIFIER),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _WRITTEN_MONTH + r"(?:,?\s+(\d{4})\b)?"),
     lambda m, day: _latest_date(_month(m.group(2)), int(m.group(1)), day, _year(m, 3)), NEVER),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b(?![-:]\d)"),  # an ISO date: "on 2024-01-15"
     lambda m, day: _latest_date(int(m.group(2)), int(m.group(3)), day, int(m.group(1))), NEVER),
    # "since February": from then to as_of; "since 2008" is a comparison ("the first time since 2008"), no window
    (re.compile(rf"\bsince\s+({'|'.join(_MONTHS)})(?:\s+(\d{{4}}))?\b", _I),
     lambda m, day: (_latest_month(_month(m.group(1)), day, _year(m, 2))[0], day), NEVER),
    # "last October": the latest October before this month (asked in October, the one of the year before; a trial's
    # "What about last October?" had become "How much oil ... did last October+ countries announce ...?")
    (re.compile(rf"\blast\s+({'|'.join(_MONTHS)})\b", _I),
     lambda m, day: _latest_month(_month(m.group(1)), day - dt.timedelta(days=day.day), None), NEVER),
    (re.compile(rf"\b(?:in|during)\s*({'|'.join(_MONTHS)})(?:\s+(\d{{4}}))?\b", _I),
     lambda m, day: _latest_month(_month(m.group(1)), day, _year(m, 2)), NEVER),
    (re.compile(r"\b(?:in|during)\s+((?:19|20)\d\d)\b", _I),
     lambda m, day: (dt.date(int(m.group(1)), 1, 1), dt.date(int(m.group(1)), 12, 31)), NEVER),
    # a weekday as news names one: "died Sunday", "Thursday's vote", "last Tuesday" (not "Black Friday")
    (re.compile(rf"\b({'|'.join(d.capitalize() for d in _WEEKDAYS)})\b"),
     lambda m, day: (_latest_weekday(m.group(1), day), day), BESIDE),
]


# a time that says when someone was born ("anyone born on or after January 1, 2009") describes them: no window
_BORN = re.compile(r"\bborn\s+(?:(?:on\s+or\s+)?(?:on|in|before|after|since|between)\s+)?$", re.IGNORECASE)


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for i, month in enumerate(_MONTHS, start=1) if month.startswith(name[:3]))


def window(question: str, day: dt.date) -> tuple[dt.date, dt.date, str] | None:
    question = months_spelt(question)
    future = _FUTURE.search(question) is not None
    for pattern, make, kind in _RULES:
        for match in pattern.finditer(question):
            if _in_a_name(question, match, kind) or _BORN.search(question, 0, match.start()):
                continue
            try:
                start, end = make(match, day)
            except (ValueError, OverflowError):
                continue  # no such day ("February 30"), or none the calendar holds (as_of in year 1 or 9999)
            if start > day:
                continue  # a time after as_of: no article can be from then
            if future and start.year < day.year and MONTH_NAMED.search(match.group()) and not YEAR.search(
                    match.group()):
                continue  # "will expire on May 11" asked in May 2023 is not May 11, 2022: a time still to come
            return start, min(end, day), match.group(0)
    return None
