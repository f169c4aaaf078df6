"""Search results as sentence windows: the best sentences, each grown into a passage of about one paragraph.

A fixed chunk seldom starts where the answer starts. Instead, sentences are
scored on what they say and on where they are: the sentence's own cosine to
the query, plus weighted evidence from its chunk (the chunk's cosine) and from
BM25 at both levels, each BM25 score divided by the query's best, so every
term is on a 0..1 scale and the weights are comparable. A question often names
its subject in the surrounding text, not in the sentence that answers it,
which is why the chunk's BM25 weighs most after the sentence's own cosine.
Each of the best sentences is grown into a window of neighbouring sentences of
the same document, alternately after and before it, up to ``WINDOW_CHARS``.
Windows never overlap. The weights and sizes come from Chroma's chunking
benchmark (`make bench`; a broad plateau, every corpus gained); reciprocal-rank
fusion of the same signals gave recall@5 0.81 where this gives 0.86.
"""

from __future__ import annotations

from collections.abc import Collection

from index import DocumentNotFound, Store, UnitRecord
from index.embedding import Vectors
from qa.retrieval import Passage, positions
from qa.snapshot import Snapshot

WINDOW_CHARS = 700
SENTENCE_DEPTH = 60  # dense and BM25 sentence candidates
CHUNK_DEPTH = 30  # dense and BM25 chunks whose sentences are candidates too
CHUNK_COSINE = 0.25  # weights beside the sentence's own cosine (1.0)
SENTENCE_BM25 = 0.2
CHUNK_BM25 = 0.6


def _scaled(scores: dict[int, float]) -> dict[int, float]:
    best = max(scores.values(), default=0.0)
    return {i: score / best for i, score in scores.items()} if best > 0 else {}


def _top(scores: dict[int, float], n: int) -> list[int]:
    return sorted(scores, key=lambda i: -scores[i])[:n]


def rank_sentences(query: str, vector: Vectors, snapshot: Snapshot, store: Store,
                   allowed: Collection[str] | None) -> list[tuple[UnitRecord, float]]:
    """Candidate sentences (the nearest and the best BM25 sentences, and those of the nearest and the best
    BM25 chunks) with their scores, best first; equal scores (repeated text) go to the earlier sentence."""
    doc_ids = sorted(allowed) if allowed is not None else None
    dense = [(u, cos) for u, cos in store.nearest("sentences", vector, SENTENCE_DEPTH, doc_ids)
             if snapshot.committed(u)]
    dense_chunks = [(u, cos) for u, cos in store.nearest("chunks", vector, CHUNK_DEPTH, doc_ids)
                    if snapshot.committed(u)]
    lexical = _scaled(snapshot.sentence_bm25.scores(query, positions(snapshot.sentences, allowed)))
    lexical_chunks = _scaled(snapshot.chunk_bm25.scores(query, positions(snapshot.chunks, allowed)))
    # a unit Chroma did not return is at most as close as the last one it did
    cosine = {u.id: cos for u, cos in dense}
    floor = min(cosine.values(), default=0.0)
    chunk_cosine = {(u.doc_id, u.chunk): cos for u, cos in dense_chunks}
    chunk_floor = min(chunk_cosine.values(), default=0.0)
    chunk_lexical = {(snapshot.chunks[i].doc_id, snapshot.chunks[i].chunk): score
                     for i, score in lexical_chunks.items()}

    candidates = {snapshot.sentence_index[u.id] for u, _ in dense} | set(_top(lexical, SENTENCE_DEPTH))
    best_chunks = set(chunk_cosine) | {(snapshot.chunks[i].doc_id, snapshot.chunks[i].chunk)
                                       for i in _top(lexical_chunks, CHUNK_DEPTH)}
    for key in best_chunks:
        candidates.update(snapshot.sentences_of_chunk.get(key, []))

    scored = []
    for i in candidates:
        unit = snapshot.sentences[i]
        key = (unit.doc_id, unit.chunk)
        score = (cosine.get(unit.id, floor) + CHUNK_COSINE * chunk_cosine.get(key, chunk_floor)
                 + SENTENCE_BM25 * lexical.get(i, 0.0) + CHUNK_BM25 * chunk_lexical.get(key, 0.0))
        scored.append((unit, score))
    return sorted(scored, key=lambda item: (-item[1], item[0].doc_id, item[0].start))


def sentence_windows(query: str, vector: Vectors, snapshot: Snapshot, store: Store, k: int,
                     allowed: Collection[str] | None = None) -> list[Passage]:
    """The ``k`` best passages for ``query``, best first, each a run of whole sentences of one document."""
    sentences = snapshot.sentences
    texts: dict[str, str | None] = {}
    used: set[int] = set()
    passages = []
    for unit, score in rank_sentences(query, vector, snapshot, store, allowed):
        first = last = snapshot.sentence_index[unit.id]
        if first in used:
            continue
        size = len(unit.text)
        grown = True
        while grown:
            grown = False
            for j in (last + 1, first - 1):
                if (0 <= j < len(sentences) and j not in used and sentences[j].doc_id == unit.doc_id
                        and size + len(sentences[j].text) <= WINDOW_CHARS):
                    size += len(sentences[j].text)
                    first, last, grown = min(first, j), max(last, j), True
        used.update(range(first, last + 1))
        if unit.doc_id not in texts:
            texts[unit.doc_id] = _committed_text(unit.doc_id, snapshot, store)
        text = texts[unit.doc_id]
        if text is None:  # deleted or replaced since the snapshot was taken
            continue
        doc = snapshot.catalog[unit.doc_id]
        start, end = sentences[first].start, sentences[last].end
        passages.append(Passage(unit.doc_id, doc.title, doc.source, start, end, text[start:end], round(score, 6)))
        if len(passages) == k:
            break
    return passages


def _committed_text(doc_id: str, snapshot: Snapshot, store: Store) -> str | None:
    """The document's text, if the stored version is still the one the snapshot's sentences belong to."""
    try:
        record, text = store.document(doc_id)
    except DocumentNotFound:
        return None
    return text if record.version == snapshot.catalog[doc_id].version else None
