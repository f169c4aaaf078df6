"""The candidate sentences of one question, with every signal retrieval and evidence score them by.

Candidates come from the ``CHUNK_DEPTH`` chunks nearest to the question in
Chroma and the ``CHUNK_DEPTH`` best chunks by BM25 (all their sentences),
and from the ``SENTENCE_DEPTH`` best sentences by BM25. Sentences have no
vector-index entry of their own: each candidate's cosine is computed here from
its vector in the derived index, so every candidate gets its exact cosine
(with a sentence index, those Chroma did not return got a floor). BM25 comes
from the derived index's tantivy BM25, computed for every candidate, and each
BM25 signal is divided by the query's best so it lies in 0..1. Only committed
units count: the derived index holds committed versions only.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from index import Store, UnitRecord
from index.embedding import Vectors
from index.lexicon import Lexicon
from index.records import unit_id
from index.scope import EVERYTHING, Scope
from qa.lexical import STOP_WORDS, initialisms, tokenize

CHUNK_DEPTH = 30  # dense and BM25 chunks whose sentences are candidates
SENTENCE_DEPTH = 60  # BM25 sentences that are candidates besides those chunks' sentences
FOCUS_DEPTH = 15  # more of each ranking from the documents of the time a question asks about
INITIALISM_MIN = 3  # letters of an initialism searched for besides its name: not "NY" (too many things)
Key = tuple[str, int]  # (document id, chunk index)
K = TypeVar("K", str, Key)
T = TypeVar("T")
# Chroma's reads (the nearest chunks, chunk vectors by id) let the interpreter lock go, and so do tantivy's
# searches and SQLite's queries: a question's Chroma reads run in this pool while its BM25 and SQLite reads run
# in the asking thread (a thread of its own per pool worker keeps its own SQLite connection).
_CHROMA = ThreadPoolExecutor(max_workers=4, thread_name_prefix="chroma-read")


def _unit_id(unit: UnitRecord) -> str:
    return unit.id


@dataclass(frozen=True)
class Candidates:
    sentences: dict[str, UnitRecord]
    cosine: dict[str, float]  # sentence id -> cosine to the question
    chunk_cosine: dict[Key, float]
    bm25: dict[str, float]  # sentence id -> BM25 / the question's best sentence BM25
    chunk_bm25: dict[Key, float]  # BM25 / the question's best chunk BM25
    dense_chunks: list[Key]  # nearest chunks, best first
    lexical_chunks: list[Key]  # best BM25 chunks, best first
    lexical_sentences: list[str]  # best BM25 sentences, best first


def _from_sentences(keys: set[tuple[str, int]], sentences: dict[str, UnitRecord], vectors: dict[str, Vectors],
                    vector: Vectors) -> dict[tuple[str, int], float]:
    """The cosine of chunks whose vector Chroma did not give (written by another process since this one loaded
    its embedded vector index: ``index.nearest``), from the mean of their sentences' vectors."""
    cosine = {}
    for key in keys:
        held = [vectors[u.id] for u in sentences.values() if (u.doc_id, u.chunk) == key and u.id in vectors]
        if held:
            mean = np.mean(np.asarray(held, dtype=np.float32), axis=0)
            cosine[key] = float(np.dot(mean, vector) / (np.linalg.norm(mean) or 1.0))
    return cosine


def _scaled(scores: dict[K, float], best: float) -> dict[K, float]:
    """Scores divided by the question's best, so they lie in 0..1 (none when nothing matched)."""
    return {i: s / best for i, s in scores.items()} if best > 0 else {}


def _merged(first: list[tuple[T, float]], second: list[tuple[T, float]], key: Callable[[T], str]) -> list[tuple[T, float]]:
    """Two rankings of one query on one scale as one, best first, each unit once."""
    merged = {key(unit): (unit, score) for unit, score in second}
    merged.update((key(unit), (unit, score)) for unit, score in first)
    return sorted(merged.values(), key=lambda pair: -pair[1])


def search_terms(query: str) -> list[str]:
    """The terms a query is searched by: its own, and the initialism of each name of three words or more it spells
    out (a trial on 2023's news: "Who is the president of the United Auto Workers?" was refused, the articles
    writing "UAW President Shawn Fain"; ``qa.lexical.coverage`` counts it once found)."""
    terms = tokenize(query)
    return terms + sorted(i for i in initialisms(query)
                          if len(i) >= INITIALISM_MIN and i not in terms and i not in STOP_WORDS)


def gather(query: str, vector: Vectors, lexicon: Lexicon, store: Store, scope: Scope = EVERYTHING,
           focus: Scope | None = None) -> Candidates:
    """Candidates from the documents in ``scope``; with ``focus`` (the documents of the time a question asks
    about), ``FOCUS_DEPTH`` more of each BM25 ranking from those documents alone, so a week's articles are not
    crowded out by the archive's. (Not of the dense ranking: Chroma's search within a list of a few hundred
    documents took 78 ms a question at 4,751 articles, against 20 ms unfiltered.)"""
    terms = search_terms(query)
    nearest_later = _CHROMA.submit(store.nearest_chunks, vector, CHUNK_DEPTH, scope, lexicon)
    top_chunks = lexicon.bm25_top("chunks", terms, CHUNK_DEPTH, scope)
    top_sentences = lexicon.bm25_top("sentences", terms, SENTENCE_DEPTH, scope)
    if focus is not None and not focus.nothing:
        top_chunks = _merged(top_chunks, lexicon.bm25_top("chunks", terms, FOCUS_DEPTH, focus), _unit_id)
        top_sentences = _merged(top_sentences, lexicon.bm25_top("sentences", terms, FOCUS_DEPTH, focus), _unit_id)
    nearest = nearest_later.result()
    committed = lexicon.units("chunks", [i for i, _ in nearest])
    dense = [(committed[i], cos) for i, cos in nearest if i in committed]

    dense_keys = [(u.doc_id, u.chunk) for u, _ in dense]
    lexical_keys = [(u.doc_id, u.chunk) for u, _ in top_chunks]
    sentences = {u.id: u for u in lexicon.sentences_of_chunks(dict.fromkeys(dense_keys + lexical_keys))}
    sentences.update((u.id, u) for u, _ in top_sentences)

    chunk_cosine = {(u.doc_id, u.chunk): cos for u, cos in dense}
    chunk_ids = {unit_id(u.doc_id, u.version, "c", u.chunk): (u.doc_id, u.chunk) for u in sentences.values()}
    missing_later = _CHROMA.submit(store.chunk_vectors, [i for i, key in chunk_ids.items() if key not in chunk_cosine])
    vectors = lexicon.sentence_vectors(sentences)
    cosine = {i: float(np.dot(v, vector)) for i, v in vectors.items()}
    bm25 = lexicon.bm25_of("sentences", terms, sentences)
    best_chunk = top_chunks[0][1] if top_chunks else 0.0
    chunk_bm25 = {chunk_ids[i]: s for i, s in lexicon.bm25_of("chunks", terms, chunk_ids).items()}
    for chunk_id, v in missing_later.result().items():
        chunk_cosine[chunk_ids[chunk_id]] = float(np.dot(v, vector))
    chunk_cosine.update(_from_sentences(set(chunk_ids.values()) - set(chunk_cosine), sentences, vectors, vector))
    return Candidates(
        sentences=sentences, cosine=cosine, chunk_cosine=chunk_cosine,
        bm25=_scaled(bm25, top_sentences[0][1] if top_sentences else 0.0),
        chunk_bm25=_scaled(chunk_bm25, best_chunk),
        dense_chunks=dense_keys, lexical_chunks=lexical_keys, lexical_sentences=[u.id for u, _ in top_sentences],
    )

