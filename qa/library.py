"""The documents half of the ``Service``: articles in (files, pages, feed items), listed, read and removed.

``Library`` is a base of ``Service`` (``qa.service``), which sets the attributes it declares; it owns no
state of its own and knows nothing of answering or of HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

from index import Article, DocumentRecord, Embedder, IngestReport, Store, index_paths, ingest_articles
from index.derived import DerivedIndex
from index.fetching import Fetcher
from index.ingest import prune_missing
from index.loaders import find_files
from index.repair import Repair, repair
from index.follow import Follower
from index.lexicon import Lexicon
from index.web import Page, fetch_article, fetch_page
from index.writing import warm_up
from qa.duplicates import near_duplicate, stored_copy


class Library:
    store: Store
    embedder: Embedder
    derived: DerivedIndex
    lexicon: Lexicon
    follower: Follower
    fetcher: Fetcher
    chunk_tokens: int
    ingest_batch: int
    # a re-entrant lock around each check-and-store of articles: two uploads of one text are one "added"
    adding: AbstractContextManager[bool]

    def index(self, paths: Sequence[Path], *, prune: bool = False,
              progress: Callable[[int], object] | None = None,
              on_total: Callable[[int], object] | None = None, urls: Sequence[str] = (),
              stop: Callable[[], bool] | None = None) -> IngestReport:
        """Index the files under ``paths`` and the web pages at ``urls`` (see ``index.web``); a new page that is a
        syndicated copy of a stored article is not stored: that article lists its URL in ``also_at``, and the
        report among its duplicates; so is a new file whose text was uploaded before (``uploaded_copy``). ``stop``:
        see ``index_paths``."""
        self.follower.catch_up()  # first, so a file that must be rebuilt is not rebuilt after these writes
        report = index_paths(paths, self.store, self.embedder, chunk_tokens=self.chunk_tokens, prune=prune,
                             progress=progress, on_total=on_total, group_sentences=self.ingest_batch,
                             derived=self.derived, urls=urls, fetch=self.fetch, copy_of=self.copy_of, stop=stop,
                             max_bytes=self.fetcher.policy.max_bytes,
                             uploaded=self.uploaded_copy if self.lexicon.has_origin("upload:") else None)
        if not report.interrupted:  # else the store is down: what was stored is followed on the next start
            self.follower.catch_up()
        return report

    def prune(self, paths: Sequence[Path]) -> list[str]:
        """Remove the documents that came from a file under ``paths`` that is no longer there; their ids."""
        return prune_missing(paths, find_files(paths, missing_ok=True), self.store, self.derived)

    def repair(self, progress: Callable[[int], object] | None = None,
               on_total: Callable[[int], object] | None = None) -> Repair:
        """Make again the parts of the chunks whose vector index Chroma cannot read, and write again every
        article whose chunks are missing, from the stored articles (``index.repair``)."""
        done = repair(self.store, self.embedder, self.chunk_tokens, self.derived, progress, on_total)
        self.follower.catch_up()
        return done

    def add_article(self, article: Article, *, same_text_is_unchanged: bool = False) -> tuple[str, DocumentRecord]:
        """Store one article; returns ("added" | "updated" | "unchanged", its record).

        With ``same_text_is_unchanged`` (uploads), an article whose text is already stored under its id keeps the
        stored metadata the upload did not give (``Article.not_given``: a file name is no source for it) and is
        unchanged unless what it gives differs ("updated": a date put right); one whose very text is stored under
        another id (a file `qa index` read from a folder) is that document: ("duplicate", its record).
        """
        with self.adding:
            if same_text_is_unchanged:
                known = self.store.records([article.document_id]).get(article.document_id)
                # its text read apart (``texts``: none if another process deleted it since, a user trial's 404)
                if known is not None and self.store.texts([known.id]).get(known.id) == article.text:
                    article = replace(article, **{name: getattr(known, name) for name in article.not_given})
                    if article.content_hash == known.version:
                        return "unchanged", known
                if known is None:  # a user trial: a file of the indexed folder, uploaded, was a second document
                    self.follower.refresh()
                    if (copy := stored_copy(self, article)) is not None:
                        return "duplicate", self.store.records([copy])[copy]
            [outcome] = self.add_articles([article])
            return outcome

    def add_articles(self, articles: Sequence[Article]) -> list[tuple[str, DocumentRecord]]:
        """Store articles (each document once), embedded and written in groups as ``index`` does; returns
        ("added" | "updated" | "unchanged", its record) per article, in order."""
        with self.adding:
            self.follower.refresh()
            return ingest_articles(articles, self.store, self.embedder, self.chunk_tokens, self.derived,
                                   self.ingest_batch)

    def uploaded_copy(self, article: Article) -> str | None:
        """The uploaded document whose text is ``article``'s (a file `qa index` reads that was uploaded first: a user
        trial's second document of one article), if any."""
        copy = stored_copy(self, article)
        record = self.store.records([copy]).get(copy) if copy is not None else None
        return copy if record is not None and record.origin.startswith("upload:") else None

    def copy_of(self, article: Article, waiting: Sequence[tuple[str, set[tuple[str, ...]]]] = (),
                later: list[tuple[str, str]] | None = None) -> str | None:
        """The document ``article`` (new here) is a syndicated copy of, which then lists its URL in ``also_at``:
        a stored one, or one of the articles ``waiting`` to be stored ((id, shingles)), whose (id, URL) is put
        in ``later`` for the caller to record once it is stored."""
        copy = near_duplicate(self, article, waiting)
        if copy is None:
            return None
        if all(doc_id != copy for doc_id, _ in waiting):
            self.store.add_also_at(copy, article.origin)
        elif later is not None:
            later.append((copy, article.origin))
        return copy

    def add_page(self, url: str, metadata: Mapping[str, str] | None = None) -> tuple[str, DocumentRecord]:
        """Fetch the page at ``url`` and store its article (``metadata`` overrides the page's); returns
        ("added" | "updated" | "unchanged", its record), or ("duplicate", the stored article's record) when the
        page is a syndicated copy of an article stored under another URL (which then lists it in ``also_at``)."""
        article = replace(self.fetch(url), **(metadata or {}))
        if not self.store.records([article.document_id]):
            self.follower.refresh()
            if (copy := self.copy_of(article)) is not None:
                return "duplicate", self.store.records([copy])[copy]
        return self.add_article(article)

    def fetch(self, url: str) -> Article:
        """The article at ``url``, fetched and read (``index.web``), not stored. A page that gives no date keeps the
        one stored for it (a user trial: `qa index` of a feed item's page erased the date its feed had given)."""
        article = fetch_article(url, self.fetcher)
        if not article.published and (known := self.store.records([article.document_id]).get(article.document_id)):
            article = replace(article, published=known.published)
        return article

    def fetch_page(self, url: str, etag: str = "", modified: str = "") -> Page:
        """``fetch``, conditionally on the page's validators from an earlier fetch (``index.web.fetch_page``)."""
        return fetch_page(url, self.fetcher, etag, modified)

    def warm_up(self) -> None:
        """Ready the write path before serving, so the first upload does not stall the questions beside it."""
        warm_up(self.embedder, self.chunk_tokens)

    def documents(self, limit: int = -1, offset: int = 0) -> list[DocumentRecord]:
        """Documents by title, a page at a time (``limit`` -1: all from ``offset``)."""
        self.follower.refresh()
        return self.lexicon.list_documents(limit, offset)

    def document(self, doc_id: str) -> tuple[DocumentRecord, str]:
        return self.store.document(doc_id)

    def delete(self, doc_id: str) -> None:
        self.store.delete_document(doc_id)
        self.derived.remove([doc_id])

    def reindex_lexical(self, progress: Callable[[int], object] | None = None) -> int:
        """Rebuild the derived index from Chroma; returns the documents it holds."""
        return self.follower.rebuild(progress)

    def counts(self) -> tuple[int, int]:
        return self.store.counts()
