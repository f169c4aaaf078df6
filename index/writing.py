"""Writing articles: each split into sentences and chunks, then embedded and stored in groups.

Articles are embedded and stored in groups of about ``GROUP_SENTENCES``
sentences: each Chroma write has a fixed cost (about 12 ms embedded), which
dominated ingesting short news articles one at a time. The model runs once
per sentence; a chunk's vector mean-pools its sentences' token embeddings.
Used by ``ingest`` (files and URLs), uploads and feed polls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.chunking import chunk_sentences
from index.derived import DerivedIndex
from index.embedding import Embedder, Vectors, normalise
from index.models import Article, Chunk
from index.records import DocumentRecord, DocumentWrite, StoredChunk, UnitRecord, unit_id
from index.sentences import split_sentences
from index.store import Store

GROUP_SENTENCES = 512  # sentences embedded and stored together: fuller model rows, fewer Chroma calls


@dataclass
class Prepared:
    """An article split into sentences and chunks, tokenized, waiting to be embedded with its group."""

    article: Article
    known: DocumentRecord | None  # the stored version it replaces
    sentences: list[UnitRecord]
    chunks: list[Chunk]
    token_ids: list[list[int]]  # of each sentence


def prepare(article: Article, embedder: Embedder, chunk_tokens: int, known: DocumentRecord | None) -> Prepared:
    doc_id, version = article.document_id, article.content_hash
    spans = split_sentences(article.text)
    texts = [article.text[s.start:s.end] for s in spans]
    token_ids = embedder.tokenize(texts)
    chunks = chunk_sentences(article.text, spans, [len(ids) for ids in token_ids],
                             min(chunk_tokens, embedder.max_tokens))
    owner = [0] * len(spans)
    for chunk in chunks:
        for i in range(chunk.first_sentence, chunk.last_sentence + 1):
            owner[i] = chunk.index
    sentences = [UnitRecord(unit_id(doc_id, version, "s", i), doc_id, version, s.start, s.end, texts[i], owner[i], i)
                 for i, s in enumerate(spans)]
    return Prepared(article, known, sentences, chunks, token_ids)


def warm_up(embedder: Embedder, chunk_tokens: int) -> None:
    """Load what the first write would otherwise load while a server answers questions (the sentence splitter
    and its libraries: seconds of imports holding the interpreter lock) and run the model on an article's
    shapes once; stores nothing."""
    text = "Warm-up. This article is never stored.\n\nIt has two paragraphs, Mr. Smith said on Monday."
    item = prepare(Article(text, origin="warm-up"), embedder, chunk_tokens, None)
    embedder.embed_tokens(item.token_ids)


def store_group(group: Sequence[Prepared], store: Store, embedder: Embedder,
                derived: DerivedIndex | None = None) -> list[DocumentRecord]:
    """Embed a group of prepared articles together (fuller model rows), store them in one write, and put them
    in this process's derived index (other processes follow Chroma's change feed)."""
    kept = stored_vectors(group, store)
    sums = embedder.embed_tokens([ids for i, item in enumerate(group) if i not in kept for ids in item.token_ids])
    writes = []
    at = 0
    for i, item in enumerate(group):
        if i in kept:
            chunk_vectors, sentence_vectors = kept[i]
        else:
            # the model runs once per sentence; a chunk's vector mean-pools its sentences' token embeddings
            sentence_sums, at = sums[at:at + len(item.sentences)], at + len(item.sentences)
            chunk_vectors = normalise(chunk_sums(sentence_sums, item.chunks))
            sentence_vectors = normalise(sentence_sums)
        article, doc_id, version = item.article, item.article.document_id, item.article.content_hash
        record = DocumentRecord(
            id=doc_id, title=article.title, source=article.source, url=article.url,
            published=article.published, author=article.author, origin=article.origin,
            version=version, chunks=len(item.chunks), sentences=len(item.sentences),
            also_at=item.known.also_at if item.known else "",  # a new version keeps the URLs of its copies
        )
        chunks = [UnitRecord(unit_id(doc_id, version, "c", c.index), doc_id, version, c.start, c.end, c.text, c.index,
                             c.index)
                  for c in item.chunks]
        mean = chunk_vectors.mean(axis=0) if len(chunk_vectors) else np.zeros(embedder.dimension, np.float32)
        doc_vector = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32)
        writes.append(DocumentWrite(record, article.text, doc_vector, chunks, chunk_vectors,
                                    item.sentences, sentence_vectors))
    store.write_documents(writes)
    if derived is not None:
        derived.apply([(w.record, w.stored_chunks()) for w in writes])
    return [w.record for w in writes]


def stored_vectors(group: Sequence[Prepared], store: Store) -> dict[int, tuple[Vectors, Vectors]]:
    """The stored vectors (chunks', sentences') of each article of ``group`` whose new version splits into the
    same sentences and chunks as the version it replaces, by its place in ``group``: a change of its metadata
    alone (a title, a date put right) or of nothing the model reads costs no model pass. The stored sentence
    vectors are float16, as every reader of them already has them."""
    same_shape = {i: item for i, item in enumerate(group) if item.known is not None
                  and (item.known.chunks, item.known.sentences) == (len(item.chunks), len(item.sentences))}
    if not same_shape:
        return {}
    stored = store.stored_chunks({item.article.document_id: item.known.version  # type: ignore[union-attr]
                                  for item in same_shape.values()})
    found: dict[int, list[StoredChunk]] = {}
    for i, item in same_shape.items():
        chunks = sorted(stored.get(item.article.document_id, []), key=lambda c: c.chunk.chunk)
        # the same chunk texts at the same places and the same sentence spans: the same sentence texts (each lies
        # in a chunk), so the same model input
        if ([(c.chunk.start, c.chunk.text) for c in chunks] == [(c.start, c.text) for c in item.chunks]
                and [(s.start, s.end) for c in chunks for s in c.sentences]
                == [(s.start, s.end) for s in item.sentences]):
            found[i] = chunks
    vectors = store.chunk_vectors([c.chunk.id for chunks in found.values() for c in chunks])
    return {i: (np.stack([vectors[c.chunk.id] for c in chunks]).astype(np.float32),
                np.concatenate([c.sentence_vectors for c in chunks]).astype(np.float32))
            for i, chunks in found.items() if all(c.chunk.id in vectors for c in chunks)}


class Group:
    """Prepared articles waiting to be embedded and stored together (one model run over all their sentences, one
    Chroma write), each under a key of the caller's (a path, a position)."""

    def __init__(self, store: Store, embedder: Embedder, derived: DerivedIndex | None,
                 sentences: int = GROUP_SENTENCES) -> None:
        self.store, self.embedder, self.derived, self.sentences = store, embedder, derived, sentences
        self.items: list[tuple[object, Prepared]] = []

    def add(self, key: object, item: Prepared) -> bool:
        """Add one; True when the group holds enough sentences to be stored."""
        self.items.append((key, item))
        return sum(len(p.sentences) for _, p in self.items) >= self.sentences

    def keys(self) -> list[object]:
        return [key for key, _ in self.items]

    def store_all(self) -> list[tuple[object, str, DocumentRecord]]:
        """Store the group and empty it (also when the write fails: that raises, and the caller reports
        ``keys()`` read before); returns (key, "added" | "updated", record) per article, in order."""
        items, self.items = self.items, []
        if not items:
            return []
        records = store_group([p for _, p in items], self.store, self.embedder, self.derived)
        return [(key, "updated" if p.known is not None else "added", record)
                for (key, p), record in zip(items, records, strict=True)]


def ingest_articles(articles: Sequence[Article], store: Store, embedder: Embedder, chunk_tokens: int,
                    derived: DerivedIndex | None = None,
                    group_sentences: int = GROUP_SENTENCES, rewrite: bool = False) -> list[tuple[str, DocumentRecord]]:
    """Store each article (distinct documents) unless the same version is already stored (with ``rewrite``:
    even then, its chunks written again), in groups of about ``group_sentences`` sentences; returns (outcome,
    record) per article, in order. A group that cannot be stored raises (the groups before it are stored)."""
    ids = [a.document_id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError("ingest_articles takes each document once")
    stored = store.records(ids)
    outcomes: dict[object, tuple[str, DocumentRecord]] = {}
    group = Group(store, embedder, derived, group_sentences)

    def flush() -> None:
        outcomes.update((i, (outcome, record)) for i, outcome, record in group.store_all())

    for i, article in enumerate(articles):
        known = stored.get(article.document_id)
        if known is not None and known.version == article.content_hash and not rewrite:
            outcomes[i] = "unchanged", known
        elif group.add(i, prepare(article, embedder, chunk_tokens, known)):
            flush()
    flush()
    return [outcomes[i] for i in range(len(articles))]


def chunk_sums(sentence_sums: Vectors, chunks: Sequence[Chunk]) -> Vectors:
    """Each chunk's token-embedding sum: the sums of its sentences (a chunk is whole sentences)."""
    sums = np.zeros((len(chunks), sentence_sums.shape[1]), dtype=np.float32)
    for chunk in chunks:
        sums[chunk.index] = sentence_sums[chunk.first_sentence:chunk.last_sentence + 1].sum(axis=0)
    return sums
