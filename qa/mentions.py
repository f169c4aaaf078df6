"""Later mentions of a person a question names in full: news names them once as "Ruth Gottesman", then by
surname alone ("Gottesman, 93, is a former professor ...").

Such a sentence is about the person asked about when its article names them in full (in its title or another
sentence found for the question): it covers the question's words as it would with the full name. A surname
another person of the article shares ("Biden" in an article naming both Joe and Hunter Biden) is read as the
one asked about; the inherited cover is a little less sure than the name written out (``qa.evidence``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.names import question_names

# a person's name as a question writes it: two or three capitalised words, no initials, no joining words
# ("Ruth Gottesman", "Kamala D Harris" not; "New York" is one too, and "York" alone in an article naming New
# York is rare)
_PERSON = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}")


def full_names(question: str) -> list[tuple[str, str]]:
    """The question's names that may be a person's, each with the surname news uses for them later."""
    return [(name, name.split()[-1]) for name in question_names(question) if _PERSON.fullmatch(name)]


def surnamed(names: Iterable[tuple[str, str]], sentence: str, article: str) -> list[str]:
    """The full names of ``names`` (``full_names``) that ``sentence`` mentions by surname alone while ``article``
    (its title and sentences, one text) names them in full."""
    found = []
    for name, surname in names:
        if (re.search(rf"\b{re.escape(surname)}\b", sentence) and name not in sentence
                and re.search(rf"\b{re.escape(name)}\b", article)):
            found.append(name)
    return found
