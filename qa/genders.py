"""Whether a first name is a woman's or a man's, and whom a follow-up's "she" or "he" stands for
(``pronoun_person``).

From the US Census Bureau's 1990 lists of first names with their frequency among women and among men (public
domain; shipped in the ``names`` package): a name is a woman's when women bear it at least ``MARGIN`` times as
often as men, a man's the other way round, and neither for a name borne by both ("Taylor", "Jordan") or by
neither list (most names outside the US: "Volodymyr", "Jannik"). Only ever a tie-breaker: a trial on late 2023's
news had "Where does she live?" after "Who is Taylor Swift dating?" asked of both names, and a trial on the seeds
had "she" taken for Winston Peters.
"""

from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache

from qa.names import could_be_person

MARGIN = 4.0


@lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, float], dict[str, float]]:
    def read(name: str) -> dict[str, float]:
        lines = importlib.resources.files("names").joinpath(name).read_text().splitlines()
        return {parts[0].lower(): float(parts[1]) for line in lines if len(parts := line.split()) >= 2}
    return read("dist.female.first"), read("dist.male.first")


def gender(first_name: str) -> str:
    """"f", "m", or "" (both, or unknown)."""
    women, men = _frequencies()
    name = _key(first_name)
    female, male = women.get(name, 0.0), men.get(name, 0.0)
    if female > MARGIN * male:
        return "f"
    if male > MARGIN * female:
        return "m"
    return ""


def person_gender(name: str) -> str:
    """The gender of a person's name by its first name: the word before the surname, or before a middle initial
    ("Defence Minister Judith Collins", "Kamala D. Harris": "f"; not "Virginia" of "Virginia Gov. Glenn
    Youngkin"), or ""."""
    first = _first_name(name)
    return gender(first) if first else ""


def _first_name(name: str) -> str:
    """The word before the surname, or before a middle initial; "" for a single word."""
    words = name.split()
    if len(words) >= 3 and len(words[-2].strip(".")) == 1:
        words = words[:-2] + words[-1:]
    return words[-2] if len(words) >= 2 else ""


def _listed(first_name: str) -> bool:
    """Whether the census lists the first name, for either sex."""
    return any(_key(first_name) in names for names in _frequencies())


def _key(first_name: str) -> str:
    """A first name as the census lists it: lower case, without a period or an apostrophe around it."""
    return first_name.lower().strip(".,'’")


_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)


def pronoun_person(question: str, person: str, context: list[str], named: tuple[str, ...] = ()) -> str:
    """Whom a follow-up's "she" or "he" stands for: ``person`` (``referents``), unless their first name is of the
    other gender (``qa.genders``); then, or when no one was chosen, the one person of ``context`` whose first name
    is of the pronoun's gender, else the one whose is not of the other, if there is one; else ``person`` (a trial
    on the seeds had "she" taken for Winston Peters, one on late 2023's news asked "Where does she live?" of Travis
    Kelce and Taylor Swift both)."""
    she, he = bool(_SHE.search(question)), bool(_HE.search(question))
    if she == he:
        return person
    other = "m" if she else "f"
    if person and person_gender(person) != other:
        return person
    people = [name for name in dict.fromkeys([*context, *named]) if name != person and len(name.split()) > 1
              and all(w[:1].isupper() for w in name.split()) and could_be_person(name)]
    own = "f" if she else "m"
    known = [name for name in people if person_gender(name) == own]
    possible = [name for name in people if person_gender(name) != other]
    # the one of the pronoun's gender, when the others may be either ("Taylor"); not when the census does not know
    # one of them ("Novak": a trial on 2023's news had "he" after "Who did Novak Djokovic beat?" taken for Alcaraz)
    unknown = [name for name in possible if not _listed(_first_name(name))]
    for names in ((known,) if not unknown else ()) + (possible,):
        if len(names) == 1:
            return names[0]
    return person  # a pronoun of the other gender than the only person named may be a slip
