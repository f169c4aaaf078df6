"""Evidence at sentence level: which sentences answer the question, and how well.

Candidates are the sentences of the best fused chunks plus the best dense and
BM25 sentence hits. Each is scored by a weighted sum of three signals, each in
0..1: its cosine similarity to the question, the share of the question's IDF
weight it contains (the named things asked about), and the cosine of its
chunk (the context it sits in); a sentence without the kind of answer the
question asks for (see ``question``) is marked down. A question about who wrote
an article is answered by that article's byline. This module decides nothing
about wording; see ``answer``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from index import Store, UnitRecord
from index.embedding import Vectors
from qa.question import AnswerType, asks_author, expected_type, offers, qualified
from qa.retrieval import ScoredUnit, retrieve
from qa.snapshot import Snapshot

DENSE_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.3
CONTEXT_WEIGHT = 0.2
TYPE_PENALTY = 0.15  # taken off a sentence that lacks the kind of answer the question asks for
QUALIFIER_BONUS = 0.05  # a name right by the question's qualifier
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

    authorship = asks_author(question)
    answer_type = expected_type(question)
    evidence = []
    for unit_id, unit in candidates.items():
        cosine = max(0.0, dense.get(unit_id, 0.0))
        coverage = snapshot.sentence_bm25.coverage(question, unit.text)
        ctx = max(0.0, context.get((unit.doc_id, unit.chunk)) or 0.0)
        score = DENSE_WEIGHT * cosine + COVERAGE_WEIGHT * coverage + CONTEXT_WEIGHT * ctx
        offered = offers(answer_type, question, unit.text)
        if answer_type is AnswerType.LIST and not offered:
            continue  # a sentence that lists nothing cannot say what "the six types of ..." are
        if authorship or not offered:
            score -= TYPE_PENALTY
        elif answer_type is AnswerType.NAME and qualified(question, unit.text):
            score += QUALIFIER_BONUS
        evidence.append(Evidence(unit, round(score, 6), round(cosine, 6), round(coverage, 6), round(ctx, 6)))
    if authorship:
        evidence = _with_bylines(evidence, snapshot)
    evidence.sort(key=lambda e: (-e.score, e.sentence.doc_id, e.sentence.start))
    return evidence


def _with_bylines(evidence: list[Evidence], snapshot: Snapshot) -> list[Evidence]:
    """For "who wrote the article ...": an article's byline answers, as relevant as the article's best sentence.

    Content sentences were marked down (they do not name the author); the
    byline of each candidate article takes the unpenalised signals of that
    article's best sentence.
    """
    bylines = {snapshot.sentences[i].id for i in snapshot.bylines.values()}
    best: dict[str, Evidence] = {}
    for item in evidence:
        doc_id = item.sentence.doc_id
        if doc_id in snapshot.bylines and item.sentence.id not in bylines:
            if doc_id not in best or item.score > best[doc_id].score:
                best[doc_id] = item
    kept = [item for item in evidence if item.sentence.id not in bylines]
    for doc_id, item in best.items():
        byline = snapshot.sentences[snapshot.bylines[doc_id]]
        kept.append(Evidence(byline, round(item.score + TYPE_PENALTY, 6), item.dense, item.coverage, item.context))
    return kept
