"""Evidence at sentence level: which sentences answer the question, and how well.

Candidates are the sentences of the best fused chunks plus the best dense and
BM25 sentence hits. Each is scored by a weighted sum of three signals, each in
0..1: its cosine similarity to the question, the share of the question's IDF
weight it contains (the named things asked about), and the cosine of its
chunk (the context it sits in); a sentence without the kind of answer the
question asks for (see ``question``) is marked down. This module decides nothing about wording;
see ``answer``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from index import Store, UnitRecord
from index.embedding import Vectors
from qa.question import AnswerType, expected_type, offers
from qa.retrieval import ScoredUnit, retrieve
from qa.snapshot import Snapshot

DENSE_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.3
CONTEXT_WEIGHT = 0.2
TYPE_PENALTY = 0.15  # taken off a sentence that lacks the kind of answer the question asks for
CONTEXT_CHUNKS = 6
SENTENCE_DEPTH = 20


@dataclass(frozen=True)
class Evidence:
    sentence: UnitRecord
    score: float
    dense: float
    coverage: float
    context: float


def _similarities(kind: str, ids: list[str], vector: Vectors, store: Store) -> dict[str, float]:
    stored = store.vectors(kind, ids)
    return {i: float(np.dot(v, vector)) for i, v in stored.items()}


def select_evidence(question: str, vector: Vectors, snapshot: Snapshot, store: Store,
                    chunks: list[ScoredUnit], allowed: Collection[str] | None = None) -> list[Evidence]:
    """Candidate sentences scored and sorted, best first."""
    sentence_hits = retrieve("sentences", question, vector, snapshot, store, SENTENCE_DEPTH, allowed,
                             depth=SENTENCE_DEPTH)
    candidates: dict[str, UnitRecord] = {hit.unit.id: hit.unit for hit in sentence_hits}
    dense = {hit.unit.id: hit.dense for hit in sentence_hits if hit.dense is not None}
    for hit in chunks[:CONTEXT_CHUNKS]:
        for i in snapshot.sentences_of_chunk.get((hit.unit.doc_id, hit.unit.chunk), []):
            candidates.setdefault(snapshot.sentences[i].id, snapshot.sentences[i])
    missing = [i for i in candidates if i not in dense]
    dense.update(_similarities("sentences", missing, vector, store))

    context = {(hit.unit.doc_id, hit.unit.chunk): hit.dense for hit in chunks if hit.dense is not None}
    wanted_chunks = {(u.doc_id, u.chunk) for u in candidates.values()} - set(context)
    chunk_ids = {f"{doc_id}-{snapshot.catalog[doc_id].version}-c{chunk}": (doc_id, chunk)
                 for doc_id, chunk in wanted_chunks}
    for chunk_id, sim in _similarities("chunks", list(chunk_ids), vector, store).items():
        context[chunk_ids[chunk_id]] = sim

    answer_type = expected_type(question)
    evidence = []
    for unit_id, unit in candidates.items():
        cosine = max(0.0, dense.get(unit_id, 0.0))
        coverage = snapshot.sentence_bm25.coverage(question, unit.text)
        ctx = max(0.0, context.get((unit.doc_id, unit.chunk)) or 0.0)
        score = DENSE_WEIGHT * cosine + COVERAGE_WEIGHT * coverage + CONTEXT_WEIGHT * ctx
        if answer_type is not AnswerType.NONE and not offers(answer_type, question, unit.text):
            score -= TYPE_PENALTY
        evidence.append(Evidence(unit, round(score, 6), round(cosine, 6), round(coverage, 6), round(ctx, 6)))
    evidence.sort(key=lambda e: (-e.score, e.sentence.doc_id, e.sentence.start))
    return evidence
