"""BM25 over the terms of chunks and sentences, in two on-disk tantivy indexes.

Each unit is a tantivy document holding its derived-index row number (``n``),
its document id, its document's publication day (``day``, ``index.scope``)
and its terms (``index.terms``, split on whitespace), and is
scored with tantivy's BM25 (k1=1.2, b=0.75). Writes replace whole documents
and are committed once per call; one process writes at a time (tantivy's
lock: another writer waits for it), any number read, and a reader sees other
processes' commits after ``reload``. Like Lucene, tantivy counts a deleted
unit in its term statistics until its segment is merged away. Why tantivy rather than SQLite FTS5 or
bm25s: top-60 in 0.4 ms where FTS5 took 30-40 ms over the sentences of 5,000
articles, and updated in place, which bm25s cannot (README, "Lexical index").
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

import tantivy

from index.scope import EVERYTHING, Scope

KINDS = ("chunks", "sentences")
# A search within a day range first takes this many times its limit from the ranking over every day, which tantivy
# finds by block-max WAND, and keeps those in the range: the same units as the search with the range, whenever
# enough are in it (else that search is made). The range made a query an intersection that scores every unit
# holding a term: 2.4x the time over 63,000 articles (README, *Sizing beyond this machine*).
WIDEN = 4
_LOCK_WAIT_SECONDS = 120.0


def _schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("n", indexed=True, fast=True)
    builder.add_text_field("doc", tokenizer_name="raw")
    builder.add_unsigned_field("day", indexed=True, fast=True)
    builder.add_text_field("terms", tokenizer_name="terms", index_option="freq")
    return builder.build()


def _open(path: Path) -> Any:
    path.mkdir(parents=True, exist_ok=True)
    try:
        index = tantivy.Index(_schema(), path=str(path), reuse=True)
    except ValueError as exc:  # made by an earlier version with other fields: derived, so made again
        if "schema does not match" not in str(exc):
            raise
        shutil.rmtree(path)
        path.mkdir(parents=True)
        index = tantivy.Index(_schema(), path=str(path), reuse=True)
    index.register_tokenizer("terms", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


class LexicalIndex:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._indexes = {kind: _open(folder / kind) for kind in KINDS}

    def reload(self) -> None:
        """See what other processes committed."""
        for index in self._indexes.values():
            index.reload()

    def _writer(self, kind: str) -> Any:
        deadline = time.monotonic() + _LOCK_WAIT_SECONDS
        while True:
            try:
                return self._indexes[kind].writer(heap_size=32_000_000, num_threads=1)
            except ValueError:  # another process holds the writer lock
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def replace(self, kind: str, doc_ids: Sequence[str], rows: Iterable[tuple[int, str, str, int]]) -> None:
        """Remove every unit of these documents, then add ``rows`` (n, document id, terms, day number), in one
        commit."""
        index = self._indexes[kind]
        writer = self._writer(kind)
        try:
            for doc_id in doc_ids:
                writer.delete_documents_by_term("doc", doc_id)
            for n, doc_id, terms, day in rows:
                document = tantivy.Document()
                document.add_unsigned("n", n)
                document.add_text("doc", doc_id)
                document.add_unsigned("day", day)
                document.add_text("terms", terms)
                writer.add_document(document)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        index.reload()

    def clear(self) -> None:
        for kind in KINDS:
            writer = self._writer(kind)
            writer.delete_all_documents()
            writer.commit()
            writer.wait_merging_threads()
            self._indexes[kind].reload()

    def _term(self, kind: str, term: str) -> Any:
        return tantivy.Query.term_query(self._indexes[kind].schema, "terms", term, index_option="freq")

    def _query(self, kind: str, terms: Sequence[str]) -> Any:
        should = [(tantivy.Occur.Should, self._term(kind, t)) for t in sorted(set(terms))]
        return tantivy.Query.boolean_query(should) if should else None

    def top(self, kind: str, terms: Sequence[str], limit: int, scope: Scope = EVERYTHING) -> list[tuple[int, float]]:
        """(n, BM25) of the ``limit`` best units sharing a term with the query within ``scope``, best first."""
        query = self._query(kind, terms)
        if query is None or limit <= 0 or scope.nothing:
            return []
        if scope.only is None and scope.dated:
            wide = self._hits(kind, query, limit * WIDEN, days=True)
            kept = [(n, score) for n, score, day in wide if scope.admits_day(day)]
            if len(kept) >= limit or len(wide) < limit * WIDEN:  # the range's best, or every unit matched
                return kept[:limit]
        return self._hits(kind, self._within(kind, query, scope), limit)

    def _within(self, kind: str, query: Any, scope: Scope) -> Any:
        """``query`` over the units of ``scope`` alone (its scores unchanged)."""
        schema = self._indexes[kind].schema
        musts = [(tantivy.Occur.Must, query)]
        if scope.only is not None:
            only = tantivy.Query.term_set_query(schema, "doc", sorted(scope.only))
            musts.append((tantivy.Occur.Must, tantivy.Query.const_score_query(only, 0.0)))
        if scope.dated:  # a fast-field range: 1.5-2 ms where leaving out 1,166 documents by id took 6-7 ms
            days = tantivy.Query.range_query(schema, "day", tantivy.FieldType.Unsigned, scope.since or None,
                                             scope.until or None, True, True)
            musts.append((tantivy.Occur.Must, tantivy.Query.const_score_query(days, 0.0)))
        return tantivy.Query.boolean_query(musts) if len(musts) > 1 else query

    def scores(self, kind: str, terms: Sequence[str], ns: Collection[int]) -> dict[int, float]:
        """BM25 of the given units (those sharing no term with the query are left out)."""
        query = self._query(kind, terms)
        if query is None or not ns:
            return {}
        index = self._indexes[kind]
        only = tantivy.Query.const_score_query(tantivy.Query.term_set_query(index.schema, "n", sorted(ns)), 0.0)
        found = self._hits(kind, tantivy.Query.boolean_query([(tantivy.Occur.Must, only),
                                                              (tantivy.Occur.Must, query)]), len(ns))
        return dict(found)

    def _hits(self, kind: str, query: Any, limit: int, days: bool = False) -> list[Any]:
        """(n, score) of the best ``limit`` units, best first; with ``days``, (n, score, day number)."""
        searcher = self._indexes[kind].searcher()
        hits = searcher.search(query, limit=limit, count=False).hits
        addresses = [address for _, address in hits]
        ns = searcher.fast_field_values("n", addresses) if hits else []
        if not days:
            return [(int(n), float(score)) for n, (score, _) in zip(ns, hits)]
        on = searcher.fast_field_values("day", addresses) if hits else []
        return [(int(n), float(score), int(day)) for n, (score, _), day in zip(ns, hits, on)]

    def held(self, kind: str, terms: Iterable[str], scope: Scope = EVERYTHING) -> set[str]:
        """The terms some unit of ``scope`` holds: a search of at most one unit each (0.1-1.5 ms over 2024's news)."""
        if scope.nothing:
            return set()
        searcher = self._indexes[kind].searcher()
        return {t for t in set(terms)
                if searcher.search(self._within(kind, self._term(kind, t), scope), limit=1, count=False).hits}

    def holding(self, kind: str, terms: Iterable[str]) -> int:
        """How many units hold every one of ``terms``."""
        musts = [(tantivy.Occur.Must, self._term(kind, t)) for t in sorted(set(terms))]
        if not musts:
            return 0
        return int(self._indexes[kind].searcher().search(tantivy.Query.boolean_query(musts), limit=1).count)

    def document_frequencies(self, kind: str, terms: Iterable[str]) -> dict[str, int]:
        searcher = self._indexes[kind].searcher()
        return {t: int(searcher.doc_freq("terms", t)) for t in set(terms)}

    def size(self, kind: str) -> int:
        return int(self._indexes[kind].searcher().num_docs)
