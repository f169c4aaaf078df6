"""Rebuilding the parts of the chunks whose vector index embedded Chroma can no longer read.

A process killed while embedded Chroma (1.5.9) saves a collection's vector
index can leave its files torn (README, *Crash safety*): every read of that
collection then fails, and its vectors exist only in the torn files. The
documents' own collection still holds each article's record and full text,
and a record names the part its chunks are in, so a torn part is rebuilt from
them: the part is dropped and made again, empty, and each article whose
record names it is split, embedded and written again, the same version with
the same chunk ids, as `qa index` writes a new one (to the last part). Only
the chunks can be rebuilt this way: a torn collection of the documents, the
journal, the change feed or the feeds is reported, not repaired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from index.chroma import chroma_errors, pages, torn_vector_index
from index.derived import DerivedIndex
from index.embedding import Embedder
from index.errors import StoreUnavailable
from index.models import Article
from index.store import Store
from index.writing import ingest_articles

REWRITE_PAGE = 50  # articles read and written again together


@dataclass(frozen=True)
class Rebuilt:
    part: int
    collection: str
    documents: int  # articles embedded and written again


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


def torn_parts(store: Store) -> list[int]:
    """The parts of the chunks whose vector index cannot be read; raises StoreUnavailable when another of the
    index's collections cannot be, since those are not rebuilt here."""
    for name, collection in store.other_collections().items():
        if is_torn(collection):
            raise StoreUnavailable(
                f"Chroma cannot read the vector index of the collection {name!r}, most likely torn by a process "
                "killed while Chroma saved it; only the chunks' collections can be rebuilt: index the articles "
                "again into a new QA_DATA_DIR")
    return [part for part, collection in enumerate(store.parts.all()) if is_torn(collection)]


def rebuild_torn_parts(store: Store, embedder: Embedder, chunk_tokens: int, derived: DerivedIndex | None = None,
                       progress: Callable[[int], object] | None = None,
                       on_total: Callable[[int], object] | None = None) -> list[Rebuilt]:
    """Rebuild every torn part of the chunks from the stored articles (see the module docstring); what was
    rebuilt, in part order (nothing when no part is torn)."""
    torn = torn_parts(store)
    owned = {part: store.documents_in_part(part) for part in torn}
    if on_total:
        on_total(sum(len(records) for records in owned.values()))
    for part in torn:
        store.parts.make_again(part)
    for part in torn:
        for page in pages(owned[part], REWRITE_PAGE):
            texts = store.texts([r.id for r in page])
            articles = [Article(texts[r.id], origin=r.origin, title=r.title, source=r.source, url=r.url,
                                published=r.published, author=r.author) for r in page if r.id in texts]
            ingest_articles(articles, store, embedder, chunk_tokens, derived, rewrite=True)
            if progress:
                progress(len(page))
    return [Rebuilt(part, store.parts.name(part), len(owned[part])) for part in torn]
