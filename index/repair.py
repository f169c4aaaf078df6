"""Rebuilding the parts of the chunks whose vector index embedded Chroma can no longer read, or lacks records.

A process killed while embedded Chroma (1.5.9) saves a collection's vector
index can leave its files torn (README, *Crash safety*): every read of that
collection then fails, and its vectors exist only in the torn files. The
documents' own collection still holds each article's record and full text,
and a record names the part its chunks are in, so a torn part is rebuilt from
them: the part is dropped and made again, empty, and each article whose
record names it is split, embedded and written again, the same version with
the same chunk ids, as `qa index` writes a new one (to the last part). An
article is written again whenever its part lacks any of its chunks, so a
repair that was stopped is finished by the next one. Only the chunks can be
rebuilt this way: a torn collection of the documents, the journal, the
change feed or the feeds is reported, not repaired. A part whose vector index
lacks some of its stored chunks (``lacks_vectors``: saved over by a process
that had not seen another's writes, before ``writer_lock`` made them take
turns) is rebuilt the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from index.chroma import chroma_errors, pages, torn_vector_index
from index.derived import DerivedIndex
from index.embedding import Embedder
from index.errors import StoreUnavailable
from index.models import Article
from index.records import DocumentRecord, document_of_unit, version_of_unit
from index.store import Store
from index.writing import ingest_articles

REWRITE_PAGE = 50  # articles read and written again together


@dataclass(frozen=True)
class Repair:
    torn: list[str]  # the chunk collections that were torn, made again empty
    rewritten: int  # articles whose chunks were missing, embedded and written again


def is_torn(collection: Any) -> bool:
    """Whether Chroma cannot load ``collection``'s vector index (any other failure is raised as ours)."""
    try:
        collection.get(limit=1, include=[])
    except Exception as exc:
        if torn_vector_index(exc):
            return True
        with chroma_errors("read a collection"):
            raise
    return False


def lacks_vectors(collection: Any) -> bool:
    """Whether ``collection``'s vector index lacks records it stores: saved over by a process that had not seen
    another's writes (``index.writer_lock``; a user trial, before writes of several processes took turns). A
    search filtered by metadata looks every record it admits up in the vector index, and fails on one that is
    not there ("Error finding id"); a search of all records without a filter cannot tell (approximate, and
    records deleted from the index are skipped, so it may return fewer than asked for a healthy index too)."""
    with chroma_errors("read a collection"):
        got = collection.get(limit=1, include=["embeddings"])
    if not got["ids"]:
        return False
    try:
        collection.query(query_embeddings=[list(got["embeddings"][0])], n_results=1, include=[],
                         where={"doc_id": {"$ne": ""}})
    except Exception as exc:
        if "Error finding id" in str(exc):
            return True
        with chroma_errors("search a collection"):
            raise
    return False


def torn_parts(store: Store) -> list[int]:
    """The parts of the chunks whose vector index cannot be read; raises StoreUnavailable when another of the
    index's collections cannot be, since those are not rebuilt here."""
    for name, collection in store.other_collections().items():
        if is_torn(collection):
            raise StoreUnavailable(
                f"Chroma cannot read the vector index of the collection {name!r}, most likely torn by a process "
                "killed while Chroma saved it; only the chunks' collections can be rebuilt: index the articles "
                "again into a new QA_DATA_DIR")
    torn = []
    for part in range(len(store.parts)):
        collection = store.parts.get(part)
        if is_torn(collection) or lacks_vectors(collection):
            torn.append(part)
        store.let_go()  # the indexer's client holds at most two parts' vector indexes, not every part's
    return torn


def incomplete(store: Store, part: int, records: list[DocumentRecord]) -> list[DocumentRecord]:
    """Those of ``records`` (the committed documents of ``part``) that lack some of their version's chunks
    there (ids read only)."""
    ids = store.parts.ids(part, [r.id for r in records])
    held = Counter(f"{document_of_unit(i)}-{version_of_unit(i)}" for i in ids)
    return [r for r in records if held[f"{r.id}-{r.version}"] < r.chunks]


def repair(store: Store, embedder: Embedder, chunk_tokens: int, derived: DerivedIndex | None = None,
           progress: Callable[[int], object] | None = None,
           on_total: Callable[[int], object] | None = None) -> Repair:
    """Make every torn part of the chunks again, empty, then embed and write again every article whose chunks
    are missing from the part its record names (all of a torn part's; see the module docstring). Run again
    after an interruption, it finds what is still missing and goes on."""
    torn = torn_parts(store)
    for part in torn:
        store.parts.make_again(part)
    by_part = store.documents_by_part()  # one read of the catalog
    missing = []
    for part in range(len(store.parts)):
        missing += incomplete(store, part, by_part.get(part, []))
        store.let_go()
    if on_total:
        on_total(len(missing))
    for page in pages(missing, REWRITE_PAGE):
        texts = store.texts([r.id for r in page])
        articles = [Article(texts[r.id], origin=r.origin, title=r.title, source=r.source, url=r.url,
                            published=r.published, author=r.author) for r in page if r.id in texts]
        ingest_articles(articles, store, embedder, chunk_tokens, derived, rewrite=True)
        if progress:
            progress(len(page))
    return Repair([store.parts.name(part) for part in torn], len(missing))
