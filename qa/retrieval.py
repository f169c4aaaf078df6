"""Hybrid retrieval: dense neighbours from Chroma and BM25 from the snapshot, fused.

Fusion is reciprocal-rank (each list contributes weight / (RRF_K + rank)), which
needs no score calibration between a cosine and a BM25 score. Only committed
units count: anything Chroma returns of another version is dropped. Search
results (``passages``) and evidence selection (``evidence``) build on it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from index import Store, UnitRecord
from index.embedding import Vectors
from qa.snapshot import Snapshot

RRF_K = 60.0
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.0


@dataclass(frozen=True)
class ScoredUnit:
    unit: UnitRecord
    score: float  # fused
    dense: float | None  # cosine similarity to the query, when Chroma returned it


@dataclass(frozen=True)
class Passage:
    document_id: str
    title: str
    source: str
    start: int
    end: int
    text: str
    score: float


def positions(units: list[UnitRecord], allowed: Collection[str] | None) -> set[int] | None:
    if allowed is None:
        return None
    return {i for i, unit in enumerate(units) if unit.doc_id in allowed}


def fuse(ranked_lists: list[tuple[float, list[UnitRecord]]]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for weight, units in ranked_lists:
        for rank, unit in enumerate(units):
            scores[unit.id] = scores.get(unit.id, 0.0) + weight / (RRF_K + rank + 1)
    return scores


def retrieve(kind: str, query: str, vector: Vectors, snapshot: Snapshot, store: Store, n: int,
             allowed: Collection[str] | None = None, depth: int = 30) -> list[ScoredUnit]:
    """The ``n`` best chunks (``kind="chunks"``) or sentences for a query, best first."""
    units = snapshot.chunks if kind == "chunks" else snapshot.sentences
    bm25 = snapshot.chunk_bm25 if kind == "chunks" else snapshot.sentence_bm25
    depth = max(depth, n)
    dense = [(u, s) for u, s in store.nearest(kind, vector, depth, sorted(allowed) if allowed is not None else None)
             if snapshot.committed(u)]
    lexical = [units[i] for i, _ in bm25.top(query, depth, positions(units, allowed))]
    fused = fuse([(DENSE_WEIGHT, [u for u, _ in dense]), (LEXICAL_WEIGHT, lexical)])
    by_id = {u.id: u for u in lexical}
    by_id.update({u.id: u for u, _ in dense})
    sims = {u.id: s for u, s in dense}
    best = sorted(fused, key=lambda i: -fused[i])[:n]
    return [ScoredUnit(by_id[i], fused[i], sims.get(i)) for i in best]
