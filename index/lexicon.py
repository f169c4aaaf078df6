"""Reads of the derived index: documents, units by id or neighbourhood, BM25, term statistics, vectors.

Every read names what it wants (ids, a document's span of sentences, the
terms of a query); none reads the whole index. BM25 comes from the tantivy
indexes beside the file (``bm25``) over the terms of ``index.terms``; the IDF
of the coverage signal uses their document frequencies with the Okapi formula.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Collection, Iterable, Sequence

import numpy as np

from index.derived import UNIT_COLUMNS, DerivedIndex, unit_of
from index.records import DocumentRecord, UnitRecord, Vectors
from index.scope import EVERYTHING, Scope

_DOC_COLUMNS = "id, version, title, source, url, published, author, origin, chunks, sentences"
_KINDS = ("chunks", "sentences")


def _record(row: Sequence[object]) -> DocumentRecord:
    return DocumentRecord.from_metadata(str(row[0]), dict(zip(_DOC_COLUMNS.split(", ")[1:], row[1:])))


def _columns(kind: str, alias: str = "u") -> str:
    position = "position" if kind == "sentences" else "chunk"
    return ", ".join(f"{alias}.{c.strip()}" for c in UNIT_COLUMNS.format(position=position).split(","))


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_FOLDED_SOURCE = "(CASE WHEN lower(source) LIKE 'www.%' THEN substr(lower(source), 5) ELSE lower(source) END)"
# an author field's names between commas, each once: "A; B", "A, B" and "A and B" are ",a,b,"
# a url's site, in lower case and without "www." ("https://www.usatoday.com/story/x" -> "usatoday.com")
_REST = "substr(lower(url), instr(url, '://') + 3)"
_HOST = f"(CASE WHEN instr({_REST}, '/') > 0 THEN substr({_REST}, 1, instr({_REST}, '/') - 1) ELSE {_REST} END)"
_SITE = f"(CASE WHEN {_HOST} LIKE 'www.%' THEN substr({_HOST}, 5) ELSE {_HOST} END)"
_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_AUTHORS_LISTED = ("(',' || replace(replace(replace(replace(lower(author), ' and ', ','), '; ', ','), ';', ','), "
                   "', ', ',') || ',')")


def _folded(value: str, column: str) -> str:
    """A filter's value as ``select_documents`` compares it: ASCII letters in lower case (as SQLite's ``lower``),
    a source without "www."."""
    folded = " ".join(value.split()).translate(_ASCII_LOWER)
    return folded.removeprefix("www.") if column == "source" else folded


def _escaped(value: str) -> str:
    """``value`` for a LIKE pattern, its ``%``, ``_`` and ``\\`` taken literally."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Lexicon:
    def __init__(self, derived: DerivedIndex) -> None:
        self._derived = derived

    def _db(self) -> sqlite3.Connection:
        return self._derived.connection()

    # --- documents -------------------------------------------------------
    def document(self, doc_id: str) -> DocumentRecord | None:
        return self.documents([doc_id]).get(doc_id)

    def documents(self, doc_ids: Iterable[str]) -> dict[str, DocumentRecord]:
        rows = self._derived.rows_in(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id IN ({{marks}})", doc_ids)
        return {str(row[0]): _record(row) for row in rows}

    def list_documents(self, limit: int = -1, offset: int = 0) -> list[DocumentRecord]:
        """Documents by title (then id), a page at a time (``limit`` -1: all from ``offset``)."""
        rows = self._db().execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY lower(title), id LIMIT ? OFFSET ?",
                                  (limit, offset))
        return [_record(row) for row in rows]

    def select_documents(self, exact: dict[str, set[str]], published_from: str | None,
                         published_to: str | None) -> set[str]:
        """Ids of documents whose fields are among the given values and whose ISO date is in range (text order).

        An id is matched as it is; a source, an author and a title whatever their case (of ASCII letters, as
        SQLite's ``lower``), a source with or without "www." ("cnn.com" is "www.cnn.com"; a site also names the
        documents of its urls and their subdomains: "usatoday.com" those of "USA TODAY"), and an author also by
        any one of the names of a byline of several ("Kaitlan Collins" of "Oren Liebermann, Kaitlan Collins";
        "; ", ", " and " and " part them): a user trial's filters matched nothing short of the stored string."""
        clauses, args = [], []
        for column, values in sorted(exact.items()):
            if column == "id":
                clauses.append(f"id IN ({_marks(list(values))})")
                args.extend(sorted(values))
                continue
            wanted = sorted({_folded(value, column) for value in values})
            field = _FOLDED_SOURCE if column == "source" else f"lower({column})"
            alternatives = [f"{field} IN ({_marks(wanted)})"]
            args.extend(wanted)
            sites = [value for value in wanted if column == "source" and _DOMAIN.fullmatch(value)]
            if sites:  # a site names the articles of its urls whatever their outlet is called ("USA TODAY")
                for site in sites:  # the site or a subdomain; a cheap LIKE first, the host read out only then
                    alternatives.append(f"(lower(url) LIKE ? ESCAPE '\\' AND instr(url, '://') > 0"
                                        f" AND ({_SITE} = ? OR {_SITE} LIKE ? ESCAPE '\\'))")
                    args.extend([f"%://%{_escaped(site)}%", site, f"%.{_escaped(site)}"])
            if column == "author":  # one of its names: ",a,b," holds ",b,"
                alternatives += [f"{_AUTHORS_LISTED} LIKE ? ESCAPE '\\'"] * len(wanted)
                args.extend(f"%,{_escaped(value)},%" for value in wanted)
            clauses.append(f"({' OR '.join(alternatives)})")
        if published_from:
            clauses.append("published != '' AND published >= ?")
            args.append(published_from)
        if published_to:
            clauses.append(f"published != '' AND substr(published, 1, {len(published_to)}) <= ?")
            args.append(published_to)
        where = " AND ".join(clauses) or "1"
        return {str(row[0]) for row in self._db().execute(f"SELECT id FROM documents WHERE {where}", args)}

    def has_origin(self, prefix: str) -> bool:
        """Whether some document's origin begins with ``prefix`` ("upload:": some document was uploaded)."""
        row = self._db().execute("SELECT 1 FROM documents WHERE substr(origin, 1, ?) = ? LIMIT 1",
                                 (len(prefix), prefix)).fetchone()
        return row is not None

    def latest_day(self) -> str:
        """The ISO day of the most recently published document ("" when none has a date)."""
        return self._published_day("max")

    def earliest_day(self) -> str:
        """The ISO day of the earliest published document ("" when none has a date)."""
        return self._published_day("min")

    def _published_day(self, which: str) -> str:
        row = self._db().execute(f"SELECT {which}(substr(published, 1, 10)) FROM documents WHERE published != ''")
        return str(row.fetchone()[0] or "")

    def latest_documents(self, since: str, until: str, limit: int,
                         only: Collection[str] | None = None) -> list[DocumentRecord]:
        """Dated documents published from the ISO day ``since`` to ``until`` ("": no bound), latest first; with
        ``only``, among those documents (a filter's: the newest of the archive may be none of them)."""
        where = ("published != '' AND (? = '' OR substr(published, 1, 10) >= ?) AND (? = '' OR substr(published, 1, "
                 "10) <= ?)")
        if only is None:
            rows = list(self._db().execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE {where} ORDER BY published "
                                           "DESC, id LIMIT ?", (since, since, until, until, limit)))
        else:  # 500 ids a query: each page's newest, then the newest of them all (latest first, then by id)
            ids = sorted(only)
            rows = [row for first in range(0, len(ids), 500) for row in self._db().execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE {where} AND id IN ({_marks(ids[first:first + 500])}) "
                "ORDER BY published DESC, id LIMIT ?", (since, since, until, until, *ids[first:first + 500], limit))]
            rows = sorted(sorted(rows, key=lambda row: str(row[0])), key=lambda row: str(row[5]), reverse=True)
            rows = rows[:limit]
        return [_record(row) for row in rows]

    def documents_until(self, day: str, limit: int) -> list[str] | None:
        """Ids of the documents published by the ISO ``day`` or undated (those a question as of ``day`` may use),
        or None when there are more than ``limit`` (two index reads of at most ``limit`` + 1 rows)."""
        db = self._db()
        ids = [str(row[0]) for row in db.execute(
            "SELECT id FROM documents WHERE published != '' AND substr(published, 1, 10) <= ? LIMIT ?",
            (day, limit + 1))]
        ids += [str(row[0]) for row in db.execute("SELECT id FROM documents WHERE published = '' LIMIT ?",
                                                  (limit + 1 - len(ids),))] if len(ids) <= limit else []
        return ids if len(ids) <= limit else None

    def chunk_ids(self, doc_ids: Iterable[str], limit: int) -> list[str] | None:
        """Ids of the committed chunks of these documents, or None when there are more than ``limit``."""
        ids: list[str] = []
        for row in self._derived.rows_in("SELECT id FROM chunks WHERE doc_id IN ({marks})", doc_ids):
            ids.append(str(row[0]))
            if len(ids) > limit:
                return None
        return ids

    def published_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Each document's ``published`` date ("" when it has none)."""
        return {str(i): str(p) for i, p in self._derived.rows_in("SELECT id, published FROM documents WHERE id IN "
                                                                   "({marks})", doc_ids)}

    def count(self) -> int:
        return int(self._db().execute("SELECT count(*) FROM documents").fetchone()[0])

    # --- units -----------------------------------------------------------
    def units(self, kind: str, ids: Iterable[str]) -> dict[str, UnitRecord]:
        """Committed chunks or sentences by id (ids of other versions are left out)."""
        rows = self._derived.rows_in(f"SELECT {_columns(kind)} FROM {_table(kind)} u WHERE u.id IN ({{marks}})", ids)
        return {str(row[0]): unit_of(row) for row in rows}

    def sentences_of_chunks(self, keys: Iterable[tuple[str, int]]) -> list[UnitRecord]:
        """The sentences of these (document, chunk) pairs, in document order (a query per document, sorted
        here: with ``ORDER BY position`` SQLite walked every sentence of the document instead, 8x slower)."""
        chunks: dict[str, set[int]] = {}
        for doc_id, chunk in keys:
            chunks.setdefault(doc_id, set()).add(chunk)
        found = []
        db = self._db()
        for doc_id, wanted in sorted(chunks.items()):
            found.extend(unit_of(row) for row in db.execute(
                f"SELECT {_columns('sentences')} FROM sentences u WHERE u.doc_id = ? AND u.chunk IN "
                f"({_marks(list(wanted))})", (doc_id, *sorted(wanted))))
        return sorted(found, key=lambda u: (u.doc_id, u.position))

    def sentences_between(self, doc_id: str, first: int, last: int) -> list[UnitRecord]:
        """A document's sentences at positions first..last (inclusive)."""
        rows = self._db().execute(f"SELECT {_columns('sentences')} FROM sentences u WHERE u.doc_id = ? AND "
                                  "u.position BETWEEN ? AND ? ORDER BY u.position", (doc_id, first, last))
        return [unit_of(row) for row in rows]

    def bylines(self, doc_ids: Collection[str]) -> dict[str, UnitRecord]:
        """Each document's byline sentence (the one naming its author), where it has one."""
        rows = self._derived.rows_in(f"SELECT {_columns('sentences')} FROM sentences u WHERE u.byline = 1 AND "
                                     "u.doc_id IN ({marks})", doc_ids)
        return {str(row[1]): unit_of(row) for row in rows}

    def sentence_vectors(self, ids: Iterable[str]) -> dict[str, Vectors]:
        rows = self._derived.rows_in("SELECT id, vector FROM sentences WHERE id IN ({marks})", ids)
        return {str(i): np.frombuffer(blob, dtype=np.float16).astype(np.float32) for i, blob in rows}  # type: ignore[call-overload]

    # --- BM25 ---------------------------------------------------------------
    def _by_number(self, kind: str, numbers: Iterable[int]) -> dict[int, UnitRecord]:
        rows = self._derived.rows_in(f"SELECT {_columns(kind)} FROM {_table(kind)} u WHERE u.n IN ({{marks}})", numbers)
        return {int(row[8]): unit_of(row) for row in rows}  # type: ignore[call-overload]

    def bm25_top(self, kind: str, terms: Sequence[str], n: int,
                 scope: Scope = EVERYTHING) -> list[tuple[UnitRecord, float]]:
        """The ``n`` best units for these query terms by BM25, best first (only units of documents in ``scope``)."""
        hits = self._derived.lexical.top(_table(kind), terms, n, scope)
        rows = self._by_number(kind, [number for number, _ in hits])
        # a hit without its row was replaced between the two stores: it is not committed here
        return [(rows[number], score) for number, score in hits if number in rows]

    def bm25_of(self, kind: str, terms: Sequence[str], ids: Iterable[str]) -> dict[str, float]:
        """BM25 of the given units for these terms (units that share no term are left out)."""
        numbers = {int(n): str(i) for i, n in self._derived.rows_in(  # type: ignore[call-overload]
            f"SELECT id, n FROM {_table(kind)} WHERE id IN ({{marks}})", ids)}
        scores = self._derived.lexical.scores(_table(kind), terms, list(numbers))
        return {numbers[number]: score for number, score in scores.items() if number in numbers}

    def document_frequencies(self, kind: str, terms: Iterable[str]) -> dict[str, int]:
        return {t: df for t, df in self._derived.lexical.document_frequencies(_table(kind), terms).items() if df}

    def held(self, kind: str, terms: Iterable[str], scope: Scope = EVERYTHING) -> set[str]:
        """The terms some unit of this kind in ``scope`` holds (its filters and day range)."""
        return self._derived.lexical.held(_table(kind), terms, scope)

    def holding(self, kind: str, terms: Iterable[str]) -> int:
        """How many units of this kind hold every one of ``terms``."""
        return self._derived.lexical.holding(_table(kind), terms)

    def size(self, kind: str) -> int:
        """How many units of this kind are held (for IDF)."""
        return int(self._derived.meta(f"count:{_table(kind)}") or 0)

    def idf(self, terms: Iterable[str]) -> dict[str, float]:
        """Okapi IDF of each term over the sentences: log(1 + (N - df + 0.5) / (df + 0.5))."""
        terms = set(terms)
        size, frequencies = self.size("sentences"), self.document_frequencies("sentences", terms)
        return {t: math.log(1.0 + (size - frequencies.get(t, 0) + 0.5) / (frequencies.get(t, 0) + 0.5)) for t in terms}


def _table(kind: str) -> str:
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, not {kind!r}")
    return kind
