"""Whether a follow-up asked in the context of an earlier turn is about it at all.

A question that substitutes nothing ("Why did the pope resign?") is asked with the earlier turn's subject after it
(``qa.conversation``: "Who came second?" is about the race before). That is wrong when it has a subject of its own:
a user trial's "Why did the pope resign?" after an NBA answer was asked as "Why did the pope resign? (Milwaukee
Bucks' Giannis Antetokounmpo; MVP; NBA Finals)" and answered with the NBA passage. Words cannot tell "the pope"
from "the fine" (of a suspension asked about before); the archive can. A follow-up is about the earlier subject
when a word of its own keeps company with one of that subject's rarest words: the passages holding both are more
than ``LIFT`` times as many as chance would put together (words as common as "resign" and "NBA" meet by chance in a
year of news), or it is near the earlier question in meaning. Else it is asked alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from index.lexicon import Lexicon
from qa.lexical import query_terms, tokenize
from qa.referents import context_of, without_context

CONTEXT_TERMS = 3  # the earlier subject's rarest terms
LIFT = 2.0
# Nor near the earlier question in meaning: "Has the shooter been arrested?" after a mall shooting shares no word
# with its article ("suspect", "fled") but is near the question (cosine 0.24); the pope's after the NBA MVP's, 0.08
NEAR = 0.2


def own_subject(question: str, standalone: str, earlier: str, lexicon: Lexicon,
                embed: Callable[[Sequence[str]], np.ndarray]) -> bool:
    """Whether ``standalone`` is ``question`` with the ``earlier`` question's subject appended, though no word of
    the question keeps company with that subject in the archive's passages, nor is the question near the earlier
    one in meaning (``embed``: normalised vectors of texts, their cosine under ``NEAR``): the question is of a
    subject of its own."""
    if standalone.strip() == question.strip() or tokenize(without_context(standalone)) != tokenize(question):
        return False  # not a follow-up, or one whose words were resolved ("his", "it")
    own = query_terms(question)
    theirs = query_terms(" ".join(context_of(standalone))) - own
    held = set(lexicon.document_frequencies("chunks", own | theirs))
    own, theirs = own & held, theirs & held  # a word no passage holds tells nothing
    if not own or not theirs:
        return False
    idf = lexicon.idf(theirs)
    context = sorted(theirs, key=lambda t: (-idf.get(t, 0.0), t))[:CONTEXT_TERMS]
    size, frequencies = lexicon.size("chunks"), lexicon.document_frequencies("chunks", own | set(context))
    if any(lexicon.holding("chunks", [term, word]) > LIFT * frequencies[term] * frequencies[word] / size
           for term in sorted(own) for word in context):
        return False
    asked, before = embed([question, earlier])  # one pass of the model for both
    return float(np.dot(asked, before)) < NEAR
