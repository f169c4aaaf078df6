"""A year the question names its subject by ("the 2026 World Cup", "the 2024 Nobel Prize in Literature"): what
happened then is answered only by a sentence that can know it.

Such a year is no window of time (``qa.timeframe``): a World Cup is written about years before and after it. But
what happened at "the 2026 World Cup" ("How many goals did ... score", "Who won ...") is not in an article
published before 2026, unless it says the year (a preview naming "2026" may still answer who will host it). A
user trial, as of late 2026, had "How many goals did Lionel Messi score in the 2026 World Cup?" answered from the
2022 final, "Who won the 2025 Super Bowl?" from a list of past winners and "Who won the 2024 Nobel Prize in
Literature?" from a 2016 obituary. A question in another tense ("Which rapper has been announced as the
headliner for the 2025 Super Bowl?", "... his 1973 Christmas classic") is not held to it: an article before
the year answers it.
"""

from __future__ import annotations

import re

from index import UnitRecord
from qa.mentions import with_surroundings

# "the 2026 World Cup", "a 2024 White House bid", "the 2022-23 season": a determiner, the year, then a word (not
# "the 2022 and 2023 seasons", a range, nor "in 2023", a window of time); or "for" the year, ending the question
# ("Who was named People's Sexiest Man Alive for 2023?", a user trial: answered from 2012's list)
_NAMED_YEAR = re.compile(r"\b(?:the|a|an|this|last|next|its|their|his|her)\s+((?:19|20)\d\d)(?:[-–/]\d\d)?\s+"
                         r"(?!(?:and|or|to|through|until)\b)[A-Za-z]|\bfor\s+((?:19|20)\d\d)\s*[?.!]?\s*$",
                         re.IGNORECASE)
# what happened: "did", or a verb in the past that no "has", "have" or "had" turns into another tense (not "set":
# "is set to host the 2023 Academy Awards" is to come)
_HAPPENED = re.compile(r"\bdid\b|(?<!\bhas )(?<!\bhave )(?<!\bhad )\b(?:won|scored|beat|defeated|took|became|"
                       r"finished|claimed|earned|clinched|lost|hosted|received|topped|named)\b", re.IGNORECASE)


def named_years(question: str) -> set[str]:
    """The years the question asks what happened in, by naming its subject with one ("2026" of "How many goals
    did Lionel Messi score in the 2026 World Cup?"); none for a question in another tense."""
    return {match.group(1) or match.group(2) for match in _NAMED_YEAR.finditer(question)} \
        if _HAPPENED.search(question) else set()


# the words naming the subject after its year ("Nobel Peace Prize" of "the 2022 Nobel Peace Prize", "election")
_SUBJECT = re.compile(r"\b(?:the|a|an|this|last|next|its|their|his|her)\s+((?:19|20)\d\d)(?:[-–/]\d\d)?\s+"
                      r"((?:(?!(?:and|or|to|through|until|in|of|for|at|on|by|with)\b)[A-Za-z][\w'’-]*\s*){1,3})",
                      re.IGNORECASE)


def event_subjects(question: str) -> frozenset[str]:
    """The subjects the question names with the year it asks about ("nobel peace prize" of "Who won the 2022
    Nobel Peace Prize?"), lower case; none when it asks about no year (``named_years``)."""
    if not named_years(question):
        return frozenset()
    return frozenset(" ".join(m.group(2).lower().split()) for m in _SUBJECT.finditer(question))


def names_another_year(years: set[str], subjects: frozenset[str], sentence: str) -> bool:
    """Whether ``sentence`` names the subject asked about with another year than the one(s) asked about, and
    none of those ("Carter won the Nobel Peace Prize in 2002." for the 2022 prize; "the 2018 election" for the
    2022 one): it tells of another year's event, whenever its article was published (a user trial on 2022's
    news had the 2022 prize answered so)."""
    if any(re.search(rf"(?<!\d){year}(?!\d)", sentence) for year in years):
        return False
    for subject in subjects:
        words = r"\s+".join(map(re.escape, subject.split()))
        if re.search(rf"\b(?:19|20)\d\d(?:[-–/]\d\d)?\s+{words}\b|\b{words}\s+(?:in|of)\s+(?:19|20)\d\d\b",
                     sentence, re.IGNORECASE):
            return True
    return False


def about_year(years: set[str], unit: UnitRecord, title: str, published: str,
               placed: dict[tuple[str, int], UnitRecord], subjects: frozenset[str] = frozenset()) -> bool:
    """Whether the sentence may tell what happened in the year(s) asked about: it does not name the subject
    asked about with another year only (``names_another_year``), and it, a sentence beside it or its article's
    title says one, or its article was published in the earliest of them or later (an undated one may be)."""
    if names_another_year(years, subjects, unit.text):
        return False
    text = with_surroundings(unit, title, placed)
    if any(re.search(rf"(?<!\d){year}(?!\d)", text) for year in years):
        return True
    return not published[:4].isdigit() or int(published[:4]) >= min(map(int, years))
