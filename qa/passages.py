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
Windows never overlap. The weights come from Chroma's chunking benchmark
(`make bench`; a broad plateau, every corpus gained); reciprocal-rank fusion of
the same signals gave recall@5 0.81 where this gives 0.86. Candidates and
their signals: ``candidates``.
"""

from __future__ import annotations

from index import DocumentNotFound, Store, UnitRecord
from index.lexicon import Lexicon
from qa.candidates import Candidates
from qa.retrieval import Passage

WINDOW_CHARS = 700
REACH = 24  # sentences fetched on each side of a window's best sentence (700 characters is rarely more)
CHUNK_COSINE = 0.25  # weights beside the sentence's own cosine (1.0)
SENTENCE_BM25 = 0.2
CHUNK_BM25 = 0.6


def rank_sentences(candidates: Candidates) -> list[tuple[UnitRecord, float]]:
    """Candidate sentences with their scores, best first; equal scores (repeated text) go to the earlier sentence."""
    c = candidates
    scored = []
    for i, unit in c.sentences.items():
        key = (unit.doc_id, unit.chunk)
        score = (c.cosine.get(i, 0.0) + CHUNK_COSINE * c.chunk_cosine.get(key, 0.0)
                 + SENTENCE_BM25 * c.bm25.get(i, 0.0) + CHUNK_BM25 * c.chunk_bm25.get(key, 0.0))
        scored.append((unit, score))
    return sorted(scored, key=lambda item: (-item[1], item[0].doc_id, item[0].start))


def sentence_windows(candidates: Candidates, lexicon: Lexicon, store: Store, k: int) -> list[Passage]:
    """The ``k`` best passages, best first, each a run of whole sentences of one document."""
    texts: dict[str, str | None] = {}
    used: set[tuple[str, int]] = set()
    shown: set[str] = set()  # the passages' texts: one text indexed twice (two paths, a copy) is shown once
    passages = []
    for unit, score in rank_sentences(candidates):
        if (unit.doc_id, unit.position) in used:
            continue
        around = {s.position: s for s in lexicon.sentences_between(unit.doc_id, unit.position - REACH,
                                                                   unit.position + REACH)
                  if s.version == unit.version}
        around.setdefault(unit.position, unit)
        first = last = unit.position
        size = len(unit.text)
        grown = True
        while grown:
            grown = False
            for j in (last + 1, first - 1):
                if j in around and (unit.doc_id, j) not in used and size + len(around[j].text) <= WINDOW_CHARS:
                    size += len(around[j].text)
                    first, last, grown = min(first, j), max(last, j), True
        used.update((unit.doc_id, j) for j in range(first, last + 1))
        if unit.doc_id not in texts:
            texts[unit.doc_id] = _committed_text(unit, store)
        text = texts[unit.doc_id]
        if text is None:  # deleted or replaced since the candidates were gathered
            continue
        doc = lexicon.document(unit.doc_id)
        start, end = around[first].start, around[last].end
        if text[start:end] in shown:
            continue
        shown.add(text[start:end])
        passages.append(Passage(unit.doc_id, doc.title if doc else "", doc.source if doc else "", start, end,
                                text[start:end], round(score, 6), doc.published if doc else ""))
        if len(passages) == k:
            break
    return passages


def _committed_text(unit: UnitRecord, store: Store) -> str | None:
    """The document's text, if the stored version is still the one the sentence belongs to."""
    try:
        record, text = store.document(unit.doc_id)
    except DocumentNotFound:
        return None
    return text if record.version == unit.version else None
