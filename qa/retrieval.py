"""Hybrid ranking by reciprocal-rank fusion, for evidence selection; and the search result type.

Fusion (each ranked list contributes weight / (RRF_K + rank)) needs no score
calibration between a cosine and a BM25 score. Evidence (``evidence``) takes
the best fused chunks as the question's context and the best fused sentences;
search results (``passages``) score the same candidates by weighted sums.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from qa.candidates import Candidates, Key

RRF_K = 60.0
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Passage:
    document_id: str
    title: str
    source: str
    start: int
    end: int
    text: str
    score: float
    published: str = ""  # the article's publication date ("" when unknown)


def fuse(ranked_lists: Sequence[Sequence[K]]) -> list[K]:
    """The items of several ranked lists, best fused first (ties: first seen first)."""
    scores: dict[K, float] = {}
    for ranked in ranked_lists:
        for rank, item in enumerate(ranked):
            scores[item] = scores.get(item, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(scores, key=lambda item: -scores[item])


def best_chunks(candidates: Candidates, n: int) -> list[Key]:
    """The ``n`` best chunks: the nearest and the best BM25 chunks, fused."""
    return fuse([candidates.dense_chunks, candidates.lexical_chunks])[:n]


def best_sentences(candidates: Candidates, n: int, depth: int = 20) -> list[str]:
    """The ``n`` best sentences: the ``depth`` nearest candidates and the ``depth`` best BM25 sentences, fused."""
    nearest = sorted(candidates.cosine, key=lambda i: -candidates.cosine[i])[:depth]
    return fuse([nearest, candidates.lexical_sentences[:depth]])[:n]
