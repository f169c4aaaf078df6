"""Named things in text, as capitalisation shows them: "New Zealand", "U.S. Space Force", "Gen. Jane Doe".

Shallow on purpose (no tagger): a run of capitalised words, joined by "of", "de", "von", "and", ... and by
the periods of initials and titles; a single common word that only opens a sentence is no name.
"""

from __future__ import annotations

import re

from index.sentences import ABBREVIATIONS
from qa.lexical import STOP_WORDS

# a capitalised word; a period inside it ("U.S.", "J.D.") or after an initial or a title ("J. Smith", "Gen.
# Jane Doe") continues a name, a period after any other word ends its sentence and the name
# ("... the World Cup. The win" is two)
_ABBREVIATED = "|".join(sorted((w.capitalize() for w in ABBREVIATIONS if "." not in w), key=len, reverse=True))
_CAPITAL_WORD = rf"(?:(?:[A-Z]\.)+|(?:{_ABBREVIATED})\.|[A-Z][\w'’-]*(?:\.[\w'’-]+)*|[A-Z]{{2,}})"
_CAPITALISED = re.compile(rf"\b{_CAPITAL_WORD}(?:\s+(?:of|de|du|la|von|van|and|the|for)?\s*{_CAPITAL_WORD})*")


def capitalised_names(text: str, strict: bool = False) -> list[re.Match[str]]:
    """Capitalised runs; ``strict`` also drops any single word that opens a sentence ("Lead official ...")."""
    names = []
    for match in _CAPITALISED.finditer(text):
        words = match.group().split()
        before = text[: match.start()]
        if not before.strip(" \t") or before.rstrip(" \t").endswith("\n") \
                or before.rstrip().endswith(("\"", "“", ".", ":", "?", "!")):
            # a capital at the start of a sentence proves nothing for a single common word
            if len(words) == 1 and (strict and not words[0].isupper()
                                    or words[0].lower() in STOP_WORDS | {"however", "yet", "until", "such", "now"}):
                continue
        names.append(match)
    return names


def bare_name(name: str) -> str:
    """A name without leading function words or a possessive ("Which New Zealand's" -> "New Zealand")."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in STOP_WORDS:
        words.pop(0)
    return " ".join(words).removesuffix("'s").removesuffix("’s")


def question_names(question: str) -> list[str]:
    """The named things a question asks about, in order ("Harbour Trust", "New York")."""
    return [bare_name(match.group()) for match in capitalised_names(question)]
