"""The figures a question states, and whether a passage states one of them.

A question that gives a figure ("Which retailer lowered its gas prices to $3.99 a gallon?", "How old is the guard
convicted of 3,518 counts?") asks about the event of that figure: a passage that states none of the question's
figures tells of another one (another price, another trial), however near its words are. Counted as figures:
numbers written in digits and standing alone, in the sentence that asks. Not counted: years (``qa.event_years``
holds a sentence to the year asked about), numbers that are part of a name or a word ("Season 5", "Top 100", "Nov.
1", "Covid-19", "62nd", "a 61-year-old record"), bounds and round guesses ("more than 380,000 trucks" is of an
article saying 381,000; "under the age of 14") and numbers the question writes in words ("Which two countries
...?" is answered by a sentence naming both, not one saying "two"). In a passage a figure may be written in words
("four years" for "4 years").
"""

from __future__ import annotations

import re

from index.calendar_words import MONTHS, WEEKDAYS
from qa.question import NUMBER_WORDS, asking_sentence, is_polar

# a number standing alone: not glued to a word, a hyphen or another number ("3.99", "$1.3", "3,518", "24%")
_NUMBER = re.compile(r"(?<![\w\-.,/])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w\-/]|[.,]\d)")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# a capitalised word (or "No.") just before: the number is part of a name ("Season 5", "Nov. 1", "No. 1")
_NAMED = re.compile(r"(?:\b[A-Z][\w'’]*\.?|#)\s*$")
# a figure given as a bound or a round guess: "more than 380,000 trucks" is of an article saying "381,000"
_ABOUT = re.compile(r"\b(?:more|fewer|less|greater|higher|lower|over|under|nearly|almost|about|around|roughly|some|"
                    r"approximately|at least|at most|up to|upwards of|close to|than)(?:\s+the\s+age\s+of)?\s*$",
                    re.IGNORECASE)
_WORDS = ("zero", *NUMBER_WORDS[:NUMBER_WORDS.index("twenty") + 1])  # each at its value
_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)


def question_figures(question: str) -> frozenset[str]:
    """The figures the sentence of ``question`` that asks states, as digits without thousands separators ("3518",
    "3.99"). A sentence before it sets the scene: "Loretta Lynn died this week at age 90. Which music genre was she
    best known for?" asks what older articles answer too (RealTime QA asked 14 days early: 5 such answers refused).
    A question answered yes or no states none: its figure is the claim to check, and a passage giving another
    answers "no" (a user trial: "Was Trump fined $50,000 ...?" was refused by an archive saying $9,000)."""
    if is_polar(question):
        return frozenset()
    asking = asking_sentence(question)
    figures = set()
    for match in _NUMBER.finditer(asking):
        figure = _figure(match)
        before = asking[:match.start()].rstrip("$")
        if _YEAR.fullmatch(figure) or _NAMED.search(before) or _ABOUT.search(before):
            continue
        figures.add(figure)
    return frozenset(figures)


def states_figure(figures: frozenset[str], text: str) -> bool:
    """Whether ``text`` states one of ``figures``, in digits or (up to twenty) in words."""
    stated = {_figure(match) for match in _NUMBER.finditer(text)} | spelled_figures(text)
    return bool(figures & stated)


def spelled_figures(text: str, smallest: int = 0) -> set[str]:
    """The numbers ``text`` writes in words, "zero" to "twenty" (from ``smallest`` up), as digits ("seven": "7")."""
    return {str(value) for word in _WORD.findall(text) if (value := _WORDS.index(word.lower())) >= smallest}


def _figure(match: re.Match[str]) -> str:
    whole, fraction = match.group(1).replace(",", ""), match.group(2) or ""
    return whole + fraction


# a number that is part of a name ("Space Launch Delta 30", "Super Bowl LVIII", "Flight 1282", "Euro 2024"): a
# passage naming that name with another number ("Space Launch Delta 45", "Super Bowl LVII") and not with the one
# asked tells of another thing (a trial on the seeds: "Who commands Space Launch Delta 30?" was answered with the
# commander of Delta 45). Not a date ("March 15": ``qa.time_rules``), a word opening the question, a word describing
# ("Saudi-funded LIV Golf": no numeral) nor a number of a compound ("Verstappen's 10-race streak"), nor a score.
_NUMBER_ENDS = r"\b(?![.,:]\d|\s?[-–]\s?\d|-\w)"  # not "3.5", "3-1", "10-race"
_NUMBERED = re.compile(r"(?<!^)(?<![.?!]\s)\b([A-Z](?:[\w'’]|-(?=[A-Z]))*)\s+(\d+|[IVXLC]{2,})" + _NUMBER_ENDS)
_CALENDAR = frozenset([*MONTHS, *(d.lower() for d in WEEKDAYS)])
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def numbered_names(question: str) -> frozenset[tuple[str, int]]:
    """The names with a number the sentence of ``question`` that asks gives: each name's last word and its number
    (Roman numerals read: "LVIII" is 58)."""
    return frozenset((word, value) for word, number in _NUMBERED.findall(asking_sentence(question))
                     if word.lower() not in _CALENDAR and (value := _number(number)) is not None)


def names_another_number(numbered: frozenset[tuple[str, int]], text: str) -> bool:
    """Whether ``text`` names one of ``numbered``'s names with other numbers only ("Delta 45" for "Delta 30")."""
    for word, value in numbered:
        given = {_number(n) for n in re.findall(rf"\b{re.escape(word)}\s+(\d+|[IVXLC]{{2,}})" + _NUMBER_ENDS, text)}
        if given - {None} and value not in given:
            return True
    return False


_ROMAN_FORM = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")  # "LVIII", not "LLC" nor "CIVIC"


def _number(written: str) -> int | None:
    if written.isdigit():
        return int(written)
    if not _ROMAN_FORM.fullmatch(written):
        return None
    values = [_ROMAN[c] for c in written]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total > 0 else None
