"""Near-duplicates: the same wire story published at another URL (syndication) is one article.

An article is a near-duplicate of a stored one when the Jaccard similarity
of their sets of word 5-gram shingles is at least ``JACCARD``. Candidates
are the documents of the ``CANDIDATES`` best BM25 chunks for the article's
opening (headline and lede, where copies agree most), from the derived
index's tantivy BM25 (incremental, rebuilt from Chroma like the rest of
it), so a check costs one BM25 query and a few document reads whatever the
archive's size, with no index of its own to keep. `bench/duplicates.py`
measures how many syndicated copies it finds and how many distinct articles
it takes for copies.
"""

from __future__ import annotations

import re

from index.models import Article
from index.terms import tokenize

JACCARD = 0.9  # of word 5-gram shingle sets: the same story with a different byline, dateline or footer
SHINGLE = 5
CANDIDATES = 10  # BM25 chunks whose documents are compared
OPENING = 1500  # characters of the article the candidates are searched with
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def near_duplicate(service, article: Article) -> str | None:  # type: ignore[no-untyped-def]
    """The id of a stored document (other than the article's own) whose text is a near-duplicate of it."""
    mine = shingles(article.text)
    if not mine:
        return None
    top = service.lexicon.bm25_top("chunks", tokenize(article.text[:OPENING]), CANDIDATES)
    for doc_id in dict.fromkeys(unit.doc_id for unit, _ in top):
        if doc_id != article.document_id and jaccard(mine, shingles(service.store.document(doc_id)[1])) >= JACCARD:
            return doc_id
    return None
