"""Ingestion: articles in, chunks and sentences with vectors in the store.

Idempotent, keyed by the article's origin (its file, its content for an
upload, or its canonical URL for a web page: ``web``) and its content hash:
an unchanged article costs one catalog lookup, a changed one is replaced
whole, ``prune`` removes articles whose files are gone. One bad file or page
is reported and skipped; it never stops the others.
Articles are embedded and stored in groups of about ``GROUP_SENTENCES``
sentences: each Chroma write has a fixed cost (about 12 ms embedded), which
dominated ingesting short news articles one at a time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.chunking import chunk_sentences
from index.derived import DerivedIndex
from index.embedding import Embedder, Vectors, normalise
from index.errors import QAError
from index.loaders import find_files, load_file
from index.models import Article, Chunk
from index.records import DocumentRecord, DocumentWrite, UnitRecord, unit_id
from index.sentences import split_sentences
from index.store import Store, pages

log = logging.getLogger(__name__)
Progress = Callable[[int], None]
GROUP_SENTENCES = 512  # sentences embedded and stored together: fuller model rows, fewer Chroma calls


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, message)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (URL, the stored document it is a copy of)
    chunks: int = 0
    tokens: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        copies = f"{len(self.duplicates)} duplicates, " if self.duplicates else ""
        text = (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{copies}{len(self.removed)} removed, {len(self.failed)} failed; "
                f"{self.chunks} chunks in {self.seconds:.1f}s")
        return text


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
    sums = embedder.embed_tokens([ids for item in group for ids in item.token_ids])
    writes = []
    at = 0
    for item in group:
        # the model runs once per sentence; a chunk's vector mean-pools its sentences' token embeddings
        sentence_sums, at = sums[at:at + len(item.sentences)], at + len(item.sentences)
        chunk_vectors = normalise(chunk_sums(sentence_sums, item.chunks))
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
                                    item.sentences, normalise(sentence_sums)))
    store.write_documents(writes)
    if derived is not None:
        derived.apply([(w.record, w.stored_chunks()) for w in writes])
    return [w.record for w in writes]


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
                    group_sentences: int = GROUP_SENTENCES) -> list[tuple[str, DocumentRecord]]:
    """Store each article (distinct documents) unless the same version is already stored, in groups of about
    ``group_sentences`` sentences; returns (outcome, record) per article, in order. A group that cannot be
    stored raises (the groups before it are stored)."""
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
        if known is not None and known.version == article.content_hash:
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


def index_paths(paths: Sequence[Path], store: Store, embedder: Embedder, *, chunk_tokens: int,
                prune: bool = False, progress: Callable[[int], object] | None = None,
                on_total: Callable[[int], object] | None = None,
                group_sentences: int = GROUP_SENTENCES, derived: DerivedIndex | None = None,
                urls: Sequence[str] = (), fetch: Callable[[str], Article] | None = None,
                copy_of: Callable[[Article], str | None] | None = None) -> IngestReport:
    """Index every supported file under ``paths`` and the page at each of ``urls`` (read by ``fetch``); see
    the module docstring for the rules. A new page for which ``copy_of`` names a stored document (a syndicated
    copy) is not stored: ``copy_of`` records it, and the report lists it among the duplicates."""
    started = time.perf_counter()
    report = IngestReport()
    files = list(find_files(paths))
    if urls and fetch is None:
        raise ValueError("urls need a fetch function")
    web = dict.fromkeys(urls)  # in order, each once
    if on_total:
        on_total(len(files) + len(web))
    store.collect_garbage()
    seen: set[str] = set()  # documents met in this run: two URLs of one article are stored once

    def load(name: str) -> Article:
        return fetch(name) if name in web and fetch is not None else load_file(Path(name))

    group = Group(store, embedder, derived, group_sentences)
    waiting = 0  # files handled whose progress is reported when their group is stored

    def flush() -> None:
        nonlocal waiting
        paths = group.keys()
        try:
            stored_now = group.store_all()
        except QAError as exc:
            report.failed.extend((str(path), str(exc)) for path in paths)
            log.warning("could not store %d documents: %s", len(paths), exc)
        else:
            for _, outcome, record in stored_now:
                (report.updated if outcome == "updated" else report.added).append(record.id)
                report.chunks += record.chunks
        if progress and waiting:
            progress(waiting)
        waiting = 0

    for batch in pages([*(str(f) for f in files), *web], 200):  # stored versions looked up a batch at a time
        loaded: list[tuple[str, Article | QAError]] = []
        for name in batch:
            try:
                loaded.append((name, load(name)))
            except QAError as exc:
                loaded.append((name, exc))
        stored = store.records([a.document_id for _, a in loaded if isinstance(a, Article)])
        for path, article in loaded:
            full = False
            try:
                if isinstance(article, QAError):
                    raise article
                known = stored.get(article.document_id)
                if article.document_id in seen:
                    report.unchanged.append(article.document_id)
                elif known is not None and known.version == article.content_hash:
                    report.unchanged.append(known.id)
                else:
                    copy = None
                    if known is None and path in web and copy_of is not None:
                        flush()  # so that a copy of a page waiting in the group finds it stored
                        copy = copy_of(article)
                    if copy is not None:
                        report.duplicates.append((path, copy))
                    else:
                        full = group.add(path, prepare(article, embedder, chunk_tokens, known))
                seen.add(article.document_id)
            except QAError as exc:
                report.failed.append((path, str(exc)))
                log.warning("skipped %s: %s", path, exc)
            waiting += 1
            if full or not group.items:  # stored, or nothing waits to be: this file's progress is reported now
                flush()
    flush()
    if prune:
        report.removed = prune_missing(paths, files, store, derived)
    report.seconds = time.perf_counter() - started
    return report


def prune_missing(paths: Sequence[Path], files: Iterable[Path], store: Store,
                  derived: DerivedIndex | None = None) -> list[str]:
    """Delete documents that came from a file under ``paths`` that is no longer there (the catalog read a page
    at a time)."""
    present = {str(f.resolve()) for f in files}
    roots = [str(p.resolve()) for p in paths]
    gone = [doc.id for records in store.catalog_pages() for doc in records
            if any(doc.origin == root or doc.origin.startswith(root.rstrip("/") + "/") for root in roots)
            and doc.origin not in present]
    for doc_id in gone:
        store.delete_document(doc_id)
    if derived is not None:
        derived.remove(gone)
    return gone
