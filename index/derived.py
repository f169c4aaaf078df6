"""The derived index: a local SQLite file holding what Chroma cannot answer by itself.

For every committed document version: its record, its chunks and sentences
(spans, texts, positions, float16 sentence vectors), and beside the file their
terms in BM25 indexes (``bm25``, tantivy), keyed by the row numbers here. It
is written at write time by the process that writes (``apply``), follows
Chroma's change feed for writes of other processes (``follow``), and can
always be rebuilt from Chroma, the one source of truth (``rebuild``,
`qa reindex-lexical`). It holds committed versions only, so a row here is
committed. Several processes may share one file (WAL mode): a write holds
SQLite's write lock while it commits its BM25 entries, so writers of the two
stores are serialised in one order. A crash after the BM25 commit and before
SQLite's leaves BM25 entries whose rows do not exist (they are dropped at
query time) until the follower re-applies the document, which it does since
the version held here is not Chroma's.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from index.bm25 import LexicalIndex
from index.chroma import pages
from index.records import DocumentRecord, StoredChunk, UnitRecord
from index.scope import day_number
from index.terms import tokenize

FORMAT = "3"  # of what is derived; a file of another format is rebuilt from Chroma (2: days in the BM25 index;
# 3: terms without accents)
BUSY_SECONDS = 60  # how long a connection waits for another process's lock
_AUTHORS_APART = re.compile(r"\s*(?:;|,|&|\band\b)\s*")
BYLINE_SLACK = 40  # a byline is the author's name and little else ("By NAME, Staff Reporter")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents(id TEXT PRIMARY KEY, version TEXT, title TEXT, source TEXT, url TEXT,
    published TEXT, author TEXT, origin TEXT, chunks INTEGER, sentences INTEGER);
CREATE INDEX IF NOT EXISTS documents_title ON documents(lower(title), id);
CREATE INDEX IF NOT EXISTS documents_day ON documents(substr(published, 1, 10), id) WHERE published != '';
CREATE INDEX IF NOT EXISTS documents_undated ON documents(id) WHERE published = '';
CREATE TABLE IF NOT EXISTS chunks(n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE, doc_id TEXT,
    version TEXT, chunk INTEGER, start_char INTEGER, end_char INTEGER, text TEXT, terms TEXT);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, chunk);
CREATE TABLE IF NOT EXISTS sentences(n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE, doc_id TEXT,
    version TEXT, chunk INTEGER, position INTEGER, start_char INTEGER, end_char INTEGER, text TEXT, terms TEXT,
    vector BLOB, byline INTEGER);
CREATE INDEX IF NOT EXISTS sentences_doc ON sentences(doc_id, position);
CREATE INDEX IF NOT EXISTS sentences_chunk ON sentences(doc_id, chunk);
"""
_TABLES = ("documents", "chunks", "sentences")
_DOC_FIELDS = ("id", "version", "title", "source", "url", "published", "author", "origin", "chunks", "sentences")
UNIT_COLUMNS = "id, doc_id, version, start_char, end_char, text, chunk, {position}, n"


def _wal(db: sqlite3.Connection) -> None:
    """Put the file in WAL mode. SQLite answers "locked" at once, without waiting, when another process holds
    the file while it opens it (two workers starting together), so wait here as a busy timeout would."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def unit_of(row: Sequence[object]) -> UnitRecord:
    i, doc_id, version, start, end, text, chunk, position = row[:8]
    return UnitRecord(str(i), str(doc_id), str(version), int(start), int(end), str(text),  # type: ignore[call-overload]
                      int(chunk), int(position))  # type: ignore[call-overload]


def byline_position(record: DocumentRecord, sentences: Sequence[UnitRecord]) -> int | None:
    """The sentence that names the author (each of several, as written: "Evens Sanon and Pierre-Richard Luxama /
    Associated Press" for "Evens Sanon; Pierre-Richard Luxama", a user trial) and little else; the last such (a
    closing byline wins)."""
    names = [name for name in _AUTHORS_APART.split(record.author) if name.strip()]
    found = None
    for sentence in sentences:
        if names and all(name in sentence.text for name in names) \
                and len(sentence.text) <= sum(map(len, names)) + BYLINE_SLACK * len(names):
            found = sentence.position
    return found


class DerivedIndex:
    """The SQLite file; reads are in ``lexicon`` (``Lexicon``), following Chroma in ``follow``."""

    def __init__(self, path: Path, identity: str) -> None:
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection().executescript(_SCHEMA)
        self.lexical = LexicalIndex(path.with_suffix(".bm25"))
        with self.transaction() as db:  # one check-and-claim, so processes starting together clear it once
            # a new file, one derived from another Chroma collection, or one this version does not read
            if self.meta("identity") != identity or self.meta("format") != FORMAT:
                self._clear(db)
                self.set_meta("identity", identity)
                self.set_meta("format", FORMAT)
                self.set_meta("complete", "0")

    # --- connections -----------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
            _wal(db)
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()

    def rows_in(self, sql: str, values: Iterable[object]) -> Iterator[tuple[object, ...]]:
        """The rows of ``sql`` (whose ``{marks}`` is an IN list) for ``values``, 500 values a query."""
        wanted = sorted(set(values))  # type: ignore[type-var]
        for start in range(0, len(wanted), 500):
            page = wanted[start:start + 500]
            yield from self.connection().execute(sql.format(marks=",".join("?" * len(page))), page)

    def meta(self, key: str) -> str | None:
        row = self.connection().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.connection().execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @property
    def complete(self) -> bool:
        """Whether the file holds every document Chroma held when it was built (not a half-done rebuild)."""
        return self.meta("complete") == "1"

    # --- writes ----------------------------------------------------------
    def clear(self) -> None:
        with self.transaction() as db:
            self._clear(db)

    def _clear(self, db: sqlite3.Connection) -> None:
        for table in _TABLES:
            db.execute(f"DELETE FROM {table}")
        db.execute("DELETE FROM meta WHERE key LIKE 'count:%'")
        self.lexical.clear()

    def apply(self, documents: Sequence[tuple[DocumentRecord, Sequence[StoredChunk]]]) -> None:
        """Make these document versions the ones held here, replacing any other version, in one transaction."""
        doc_ids = [record.id for record, _ in documents]
        if not doc_ids:
            return
        with self.transaction() as db:
            self._remove(db, doc_ids)
            for record, chunks in documents:
                self._insert(db, record, sorted(chunks, key=lambda c: c.chunk.chunk))
                self._count(db, "chunks", len(chunks))
                self._count(db, "sentences", sum(len(c.sentences) for c in chunks))
            self._index_terms(db, doc_ids)

    def remove(self, doc_ids: Sequence[str]) -> None:
        if not doc_ids:
            return
        with self.transaction() as db:
            self._remove(db, doc_ids)
            self._index_terms(db, doc_ids)

    def _index_terms(self, db: sqlite3.Connection, doc_ids: Sequence[str]) -> None:
        """Make the BM25 entries of these documents what their (uncommitted) rows here say."""
        for page in pages(doc_ids, 500):
            marks = ",".join("?" * len(page))
            for kind in ("chunks", "sentences"):
                rows = db.execute(f"SELECT u.n, u.doc_id, u.terms, d.published FROM {kind} u JOIN documents d "
                                  f"ON d.id = u.doc_id WHERE u.doc_id IN ({marks})", page).fetchall()
                self.lexical.replace(kind, page, [(n, doc_id, terms, day_number(published))
                                                  for n, doc_id, terms, published in rows])

    @staticmethod
    def _count(db: sqlite3.Connection, kind: str, delta: int) -> None:
        """Keep the number of units of a kind in ``meta`` (counting rows costs a scan of the table)."""
        db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                   "value = CAST(value AS INTEGER) + excluded.value", (f"count:{kind}", delta))

    def _remove(self, db: sqlite3.Connection, doc_ids: Sequence[str]) -> None:
        for page in pages(doc_ids, 500):
            marks = ",".join("?" * len(page))
            for kind in ("chunks", "sentences"):
                removed = db.execute(f"DELETE FROM {kind} WHERE doc_id IN ({marks})", page).rowcount
                self._count(db, kind, -removed)
            db.execute(f"DELETE FROM documents WHERE id IN ({marks})", page)

    @staticmethod
    def _insert(db: sqlite3.Connection, record: DocumentRecord, chunks: Sequence[StoredChunk]) -> None:
        db.execute(f"INSERT INTO documents({', '.join(_DOC_FIELDS)}) VALUES ({','.join('?' * len(_DOC_FIELDS))})",
                   [getattr(record, name) for name in _DOC_FIELDS])
        sentences = [s for c in chunks for s in c.sentences]
        byline = byline_position(record, sentences)
        for stored in chunks:
            c = stored.chunk
            terms = [tokenize(s.text) for s in stored.sentences]
            db.execute("INSERT INTO chunks(id, doc_id, version, chunk, start_char, end_char, text, terms) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (c.id, c.doc_id, c.version, c.chunk, c.start, c.end, c.text, " ".join(t for ts in terms for t in ts)))
            db.executemany(
                "INSERT INTO sentences(id, doc_id, version, chunk, position, start_char, end_char, text, terms, vector, "
                "byline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(s.id, s.doc_id, s.version, s.chunk, s.position, s.start, s.end, s.text, " ".join(t),
                  np.asarray(vector, dtype=np.float16).tobytes(), int(s.position == byline))
                 for s, vector, t in zip(stored.sentences, stored.sentence_vectors, terms, strict=True)])

    # --- what is held ----------------------------------------------------
    def versions(self, doc_ids: Sequence[str]) -> dict[str, str]:
        return {str(i): str(v) for i, v in self.rows_in("SELECT id, version FROM documents WHERE id IN ({marks})",
                                                          doc_ids)}
