"""A name the question spells otherwise than the archive does: asked about as the archive spells it.

A question naming in full someone no sentence or headline names, or a thing no article names, is one the
articles cannot answer (``qa.mentions.unknown_names``: "No indexed article names Kellerman."). A typo is not
such a name: RealTime QA asks how often "Syracuse men's basketball coach Jim Boheim" led his team to the Final
Four, and the articles call him Jim Boeheim. A surname or one-word name no sentence holds is compared with every
spelling one edit away from it (a letter left out, added or changed, or two swapped); the one the most sentences
hold, at least ``MIN_SENTENCES`` of them, is the name asked about, and the answer says so first
(``respelled_note``), so that a reader who meant someone else knows whom the answer is about.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from index.lexicon import Lexicon
from qa.lexical import tokenize
from qa.mentions import unknown_names

MIN_LETTERS = 5  # a shorter surname is one edit from too many others ("Lee": "Le", "Leo", "Lea", "See", ...)
MIN_SENTENCES = 2  # a spelling held by one sentence may be that sentence's own typo


def respelled(question: str, lexicon: Lexicon) -> tuple[str, list[tuple[str, str]]]:
    """``question`` with each surname no sentence holds replaced by the spelling the archive has one edit away,
    when it has one, and the (asked, taken) pairs."""
    pairs = [(surname, spelled) for surname in unknown_names(question, lexicon)
             if (spelled := _nearest(surname, lexicon)) is not None]
    for asked, taken in pairs:
        question = re.sub(rf"\b{re.escape(asked)}\b", taken, question)
    return question, pairs


def respelled_note(pairs: Sequence[tuple[str, str]]) -> str:
    """What the answer says first about the names it took for others: 'Answered for "Boeheim" (no indexed article
    names "Boheim"):'."""
    return "Answered for " + "; ".join(f'"{taken}" (no indexed article names "{asked}")' for asked, taken in pairs) + ":"


def _nearest(surname: str, lexicon: Lexicon) -> str | None:
    """The spelling one edit from ``surname`` that the most sentences hold (at least ``MIN_SENTENCES``), capitalised
    as a name; None when there is none."""
    word = surname.lower()
    if len(word) < MIN_LETTERS or not word.isascii() or not word.isalpha():
        return None
    spelled: dict[str, str] = {}  # each variant's term, and the variant
    for variant in sorted(_one_edit(word)):
        terms = tokenize(variant)
        if len(terms) == 1:
            spelled.setdefault(terms[0], variant)
    held = lexicon.document_frequencies("sentences", spelled)
    found = sorted(((n, term) for term, n in held.items() if n >= MIN_SENTENCES), key=lambda x: (-x[0], x[1]))
    return spelled[found[0][1]].capitalize() if found else None


def _one_edit(word: str) -> set[str]:
    """Every spelling one edit away from ``word``: a letter left out, two swapped, one changed, one added."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    return edits - {word}
