"""An article's publication date as given (front matter, a feed item, a form field), read into ISO 8601."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from index.errors import InvalidDocument

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")
_MONTHS = {name: i + 1 for i, name in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                                   "nov", "dec"])}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH_YEAR = re.compile(rf"(?:[a-z]+,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"(?:[a-z]+,?\s+)?{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE)


def published_iso(value: str, name: str) -> str:
    """A publication date as ISO 8601 ("2025-05-01", or a date-time as given), from ISO, RFC 2822 ("Thu, 01 May
    2025 10:00:00 GMT") or a written date ("1 May 2025", "May 1, 2025"); "" for none. Anything else is an error:
    a date that cannot be read would leave the article out of every question asked as of a day. So is a day after
    tomorrow (UTC): an article not yet published would be the newest of every window (a user trial: "2999-01-01"
    was stored, and "What happened this week?" as of the latest article answered from 2998)."""
    published = _read_date(value, name)
    latest = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
    if published and published[:10] > latest.isoformat():
        raise InvalidDocument(f"{name}: published {value.strip()!r} is in the future (after {latest.isoformat()}); "
                              "give the day the article was published")
    return published


def _read_date(value: str, name: str) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        if _ISO_DAY.match(value):
            return value  # as given: stored dates are compared by their first ten characters
        return when.date().isoformat() if len(value) <= 8 else when.isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern, day_at in ((_DAY_MONTH_YEAR, 1), (_MONTH_DAY_YEAR, 2)):
        match = pattern.fullmatch(value)
        if match:
            month = _MONTHS[match.group(3 - day_at).lower()[:3]]
            try:
                return dt.date(int(match.group(3)), month, int(match.group(day_at))).isoformat()
            except ValueError:
                break
    raise InvalidDocument(f"{name}: published {value!r} is not a date; use an ISO date such as 2025-05-01")
