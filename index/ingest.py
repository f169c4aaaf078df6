"""Ingestion: articles in, chunks and sentences with vectors in the store.

Idempotent, keyed by the article's origin (its file, or its content for an
upload) and its content hash: an unchanged article costs one catalog lookup,
a changed one is replaced whole, ``prune`` removes articles whose files are
gone. One bad file is reported and skipped; it never stops the others.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.chunking import chunk_sentences
from index.embedding import Embedder, Vectors, normalise
from index.errors import QAError
from index.loaders import find_files, load_file
from index.models import Article, Chunk
from index.records import DocumentRecord, UnitRecord
from index.sentences import split_sentences
from index.store import Store

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, message)
    chunks: int = 0
    tokens: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        text = (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed, {len(self.failed)} failed; "
                f"{self.chunks} chunks in {self.seconds:.1f}s")
        return text


def ingest_article(article: Article, store: Store, embedder: Embedder, chunk_tokens: int,
                   known: DocumentRecord | None = None) -> tuple[str, DocumentRecord]:
    """Store one article unless the same version is already stored; returns (outcome, record)."""
    doc_id, version = article.document_id, article.content_hash
    if known is not None and known.version == version:
        return "unchanged", known
    sentences = split_sentences(article.text)
    texts = [article.text[s.start:s.end] for s in sentences]
    token_ids = embedder.tokenize(texts)
    counts = [len(ids) for ids in token_ids]
    chunks = chunk_sentences(article.text, sentences, counts, min(chunk_tokens, embedder.max_tokens))
    owner = [0] * len(sentences)
    for chunk in chunks:
        for i in range(chunk.first_sentence, chunk.last_sentence + 1):
            owner[i] = chunk.index
    # the model runs once per sentence; a chunk's vector mean-pools its sentences' token embeddings
    sentence_sums = embedder.embed_tokens(token_ids)
    sentence_vectors = normalise(sentence_sums)
    chunk_vectors = normalise(chunk_sums(sentence_sums, chunks))
    chunk_units = [UnitRecord(f"{doc_id}-{version}-c{c.index}", doc_id, version, c.start, c.end, c.text, c.index)
                   for c in chunks]
    sentence_units = [UnitRecord(f"{doc_id}-{version}-s{i}", doc_id, version, s.start, s.end, texts[i], owner[i])
                      for i, s in enumerate(sentences)]
    mean = chunk_vectors.mean(axis=0)
    doc_vector = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32)
    record = DocumentRecord(
        id=doc_id, title=article.title, source=article.source, url=article.url,
        published=article.published, author=article.author, origin=article.origin,
        version=version, chunks=len(chunks), sentences=len(sentences),
    )
    store.write_document(record, article.text, doc_vector, chunk_units, chunk_vectors,
                         sentence_units, sentence_vectors)
    return ("updated" if known is not None else "added"), record


def chunk_sums(sentence_sums: Vectors, chunks: Sequence[Chunk]) -> Vectors:
    """Each chunk's token-embedding sum: the sums of its sentences (a chunk is whole sentences)."""
    sums = np.zeros((len(chunks), sentence_sums.shape[1]), dtype=np.float32)
    for chunk in chunks:
        sums[chunk.index] = sentence_sums[chunk.first_sentence:chunk.last_sentence + 1].sum(axis=0)
    return sums


def index_paths(paths: Sequence[Path], store: Store, embedder: Embedder, *, chunk_tokens: int,
                prune: bool = False, progress: Callable[[int], object] | None = None,
                on_total: Callable[[int], object] | None = None) -> IngestReport:
    """Index every supported file under ``paths``; see the module docstring for the rules."""
    started = time.perf_counter()
    report = IngestReport()
    files = list(find_files(paths))
    if on_total:
        on_total(len(files))
    store.collect_garbage()
    catalog = store.catalog()
    for path in files:
        try:
            article = load_file(path)
            outcome, record = ingest_article(article, store, embedder, chunk_tokens,
                                             catalog.get(article.document_id))
        except QAError as exc:
            report.failed.append((str(path), str(exc)))
            log.warning("skipped %s: %s", path, exc)
        else:
            getattr(report, outcome).append(record.id)
            if outcome != "unchanged":
                report.chunks += record.chunks
        if progress:
            progress(1)
    if prune:
        report.removed = prune_missing(paths, files, store, catalog.values())
    report.seconds = time.perf_counter() - started
    return report


def prune_missing(paths: Sequence[Path], files: Iterable[Path], store: Store,
                  documents: Iterable[DocumentRecord]) -> list[str]:
    """Delete documents that came from a file under ``paths`` that is no longer there."""
    present = {str(f.resolve()) for f in files}
    roots = [str(p.resolve()) for p in paths]
    removed = []
    for doc in documents:
        under = any(doc.origin == root or doc.origin.startswith(root.rstrip("/") + "/") for root in roots)
        if under and doc.origin not in present:
            store.delete_document(doc.id)
            removed.append(doc.id)
    return removed
