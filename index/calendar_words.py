"""The calendar's words as articles and questions write them: months and weekdays, in full and abbreviated,
and a month as typed in haste ("Marhc", "Febuary")."""

from __future__ import annotations

import re

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def misspelt_month(word: str) -> str | None:
    """The month a word of five letters or more misspells by two letters swapped or one left out ("Marhc",
    "Febuary", "Agust"), keeping its capital; None for any other word (a letter changed is no typo here:
    "Marco" is not "March")."""
    low = word.lower()
    if len(low) < 5 or low in MONTHS:
        return None
    for month in MONTHS:
        swapped = len(low) == len(month) and any(
            low[:i] + low[i + 1] + low[i] + low[i + 2:] == month for i in range(len(low) - 1))
        dropped = len(low) == len(month) - 1 and any(month[:i] + month[i + 1:] == low for i in range(len(month)))
        if swapped or dropped:
            return month.capitalize() if word[0].isupper() else month
    return None


def months_spelt(text: str) -> str:
    """``text`` with its misspelt months spelt right (a user trial: "in Marhc" had no window)."""
    return re.sub(r"[A-Za-z]{5,}", lambda m: misspelt_month(m.group()) or m.group(), text)
