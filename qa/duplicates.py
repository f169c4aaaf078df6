"""Near-duplicates: the same wire story published at another URL (syndication) is one article.

An article is a near-duplicate of a stored one when the Jaccard similarity
of their sets of word 5-gram shingles is at least ``JACCARD``, or, for a
short article, where a syndicator's edits (another headline, a credit or
promotion line) weigh more than a tenth, when the two differ by at most
``EDIT_SHINGLES`` shingles and share at least ``SHARED_SHINGLES``. Candidates
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
from collections.abc import Sequence

from index.models import Article
from index.terms import tokenize

JACCARD = 0.9  # of word 5-gram shingle sets: the same story with a different byline, dateline or footer
# A copy of a short article: a line or two changed or added (each changed word alters 5 shingles on each side).
# Over the 19,748 RealTime QA articles this rule merges 8 pairs that Jaccard 0.9 does not, each the same article
# with a promotion line or photo caption more, and finds 300/300 copies (bench.duplicates.copy_of) of articles
# under 200 words where Jaccard 0.9 finds 165 (`make bench-duplicate-pairs`).
EDIT_SHINGLES = 30
SHARED_SHINGLES = 60
SHINGLE = 5
CANDIDATES = 10  # BM25 chunks whose documents are compared
OPENING = 1500  # characters of the article the candidates are searched with
_WORD = re.compile(r"\w+")
Shingles = set[tuple[str, ...]]


def shingles(text: str) -> Shingles:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def same_story(a: Shingles, b: Shingles) -> bool:
    """Whether two articles' shingle sets are one story's (see the module docstring)."""
    shared = len(a & b)
    differ = len(a) + len(b) - 2 * shared
    return bool(shared) and (shared / (shared + differ) >= JACCARD
                             or (differ <= EDIT_SHINGLES and shared >= SHARED_SHINGLES))


def near_duplicate(service, article: Article,  # type: ignore[no-untyped-def]
                   waiting: Sequence[tuple[str, Shingles]] = ()) -> str | None:
    """The id of a document (other than the article's own) whose text is a near-duplicate of it: a stored one,
    or one of ``waiting`` ((id, shingles) of articles not stored yet), which are compared first."""
    mine = shingles(article.text)
    if not mine:
        return None
    for doc_id, theirs in waiting:
        if doc_id != article.document_id and same_story(mine, theirs):
            return doc_id
    for doc_id in _candidates(service, article):
        if same_story(mine, shingles(service.store.document(doc_id)[1])):
            return doc_id
    return None


def stored_copy(service, article: Article) -> str | None:  # type: ignore[no-untyped-def]
    """The id of a stored document (other than the article's own) whose text is the article's, character for
    character, among the same candidates ``near_duplicate`` compares."""
    candidates = _candidates(service, article)
    texts = service.store.texts(candidates)  # (one deleted since is not there)
    return next((d for d in candidates if texts.get(d) == article.text), None)


def _candidates(service, article: Article) -> list[str]:  # type: ignore[no-untyped-def]
    """The stored documents (other than the article's own) of the CANDIDATES best BM25 chunks for its opening."""
    top = service.lexicon.bm25_top("chunks", tokenize(article.text[:OPENING]), CANDIDATES)
    return [d for d in dict.fromkeys(unit.doc_id for unit, _ in top) if d != article.document_id]
