"""A question about who wrote an article is answered by the article's byline, not by its content."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from index.lexicon import Lexicon
from index.records import DocumentRecord

if TYPE_CHECKING:
    from qa.evidence import Evidence


def with_bylines(evidence: list[Evidence], lexicon: Lexicon, penalty: float) -> list[Evidence]:
    """For "who wrote the article ...": an article's byline answers, as relevant as the article's best sentence.

    Content sentences are left out (they do not name the author); the byline
    of each candidate article takes the signals of that article's best
    sentence, without the ``penalty`` every content sentence took for naming
    no author.
    """
    by_document = lexicon.bylines({item.sentence.doc_id for item in evidence})
    bylines = {unit.id for unit in by_document.values()}
    best: dict[str, Evidence] = {}
    for item in evidence:
        doc_id = item.sentence.doc_id
        if doc_id in by_document and item.sentence.id not in bylines:
            if doc_id not in best or item.score > best[doc_id].score:
                best[doc_id] = item
    # an article's content does not say who wrote it (a user trial: "Who wrote the article about feather duvet
    # lung?" quoted the disease's definition, the article's author known only from its page's metadata)
    return [replace(item, sentence=by_document[doc_id], score=round(item.score + penalty, 6), can_answer=True,
                    off_kind=0.0) for doc_id, item in best.items()]


def unquoted_author(evidence: list[Evidence], lexicon: Lexicon, min_support: float) -> DocumentRecord | None:
    """For "who wrote the article ...?" that no byline answered: the article the question is about (the best
    sentence by content, ``evidence`` scored without bylines, if it answers on its own), when its record names an
    author that its text does not: the refusal can say so (a user trial's "Who wrote the article about Coolio's
    death?" was refused though the article's record gives its author)."""
    best = next((item for item in evidence if item.support >= min_support), None)
    if best is None or lexicon.bylines([best.sentence.doc_id]):  # its text has a byline, which did not answer
        return None
    record = lexicon.documents([best.sentence.doc_id]).get(best.sentence.doc_id)
    return record if record is not None and record.author.strip() else None
