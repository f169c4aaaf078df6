"""Fault safety: `qa index` killed with SIGKILL mid-ingestion leaves every document wholly old, wholly new or absent.

A real `qa index` subprocess re-indexes a folder whose files all changed and
is killed at different points of its writes: once the database has grown by a
small share of a full ingestion (before any document is committed), then once
one and once half of the new versions are committed (read from outside in the
derived index, which the indexer writes after each Chroma commit); after each
kill the index is checked from outside, and a final run must complete it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from index import Store, load_file, open_client
from index.chroma import chroma_errors, torn_vector_index
from index.derived import DerivedIndex
from index.errors import StoreUnavailable
from index.lexicon import Lexicon
from qa import Settings
from tests.conftest import SEEDS

COPIES = 4  # each seed in this many variants: 12 documents
# when to kill: the database grown by this share of a full ingestion, or this many new versions committed
KILL_AT = (("grown", 0.05), ("committed", 1), ("committed", 3 * COPIES // 2))


def _write_folder(folder: Path, edition: str) -> None:
    folder.mkdir(exist_ok=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").splitlines()
        for copy in range(COPIES):
            body = lines[:1] + [f"Edition {edition}, part {copy}."] + lines[1 + copy:] + lines[1:1 + copy]
            (folder / f"{seed.stem}-{copy}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")


def _size(path: Path) -> int:
    """Bytes under ``path`` now (a file a running indexer removes meanwhile, like SQLite's journal, counts 0)."""
    total = 0
    for f in path.rglob("*"):
        try:
            total += f.stat().st_size if f.is_file() else 0
        except FileNotFoundError:
            pass
    return total


def _committed(derived: Path, versions: set[str]) -> int:
    """How many of ``versions`` the derived index holds now (read-only, beside the running indexer)."""
    db = sqlite3.connect(f"file:{derived}?mode=ro", uri=True, timeout=5)
    try:
        marks = ",".join("?" * len(versions))
        return db.execute(f"SELECT count(*) FROM documents WHERE version IN ({marks})", sorted(versions)).fetchone()[0]
    finally:
        db.close()


def _index(folder: Path, data: Path) -> subprocess.Popen[bytes]:
    # small write groups (a few documents each), so kills can land between two commits
    env = {**os.environ, "QA_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1", "QA_INGEST_BATCH": "30"}
    qa = Path(sys.executable).with_name("qa")
    return subprocess.Popen([str(qa), "index", str(folder)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _versions(folder: Path) -> dict[str, str]:
    articles = [load_file(p) for p in sorted(folder.glob("*.txt"))]
    return {a.document_id: a.content_hash for a in articles}


def _check(data: Path, allowed: dict[str, set[str]], new: set[str]) -> Counter[str]:
    """Every committed document is complete in one allowed version; returns how many are old and new."""
    client = open_client(data, None)
    store = Store(client, "news")
    try:
        catalog = {doc.id: doc for page in store.catalog_pages() for doc in page}
        editions: Counter[str] = Counter()
        chunks = [c for page in store.chunk_pages() for c in page]
        units = {"chunks": Counter((c.chunk.doc_id, c.chunk.version) for c in chunks),
                 "sentences": Counter((s.doc_id, s.version) for c in chunks for s in c.sentences)}
        for doc in catalog.values():
            assert doc.version in allowed[doc.id], f"{doc.id} has a version that was never written"
            assert units["chunks"][(doc.id, doc.version)] == doc.chunks, f"{doc.id}: chunks of its version missing"
            assert units["sentences"][(doc.id, doc.version)] == doc.sentences, f"{doc.id}: sentences missing"
            editions["new" if doc.version in new else "old"] += 1
        return editions
    finally:
        store.close()


def test_sigkill_during_indexing_never_half_stores_a_document(tmp_path: Path) -> None:
    folder, data = tmp_path / "articles", tmp_path / "data"
    _write_folder(folder, "one")
    first = _index(folder, data)
    assert first.wait(timeout=600) == 0
    old = _versions(folder)
    full_growth = _size(data)

    _write_folder(folder, "two")
    new = _versions(folder)
    allowed = {doc_id: {old[doc_id], new[doc_id]} for doc_id in old}
    derived_path = Settings(data_dir=data).derived_path()
    outcomes = []
    for kind, point in KILL_AT:
        start = _size(data)
        process = _index(folder, data)

        def before_kill_point() -> bool:
            if kind == "grown":
                return _size(data) < start + point * full_growth
            return _committed(derived_path, set(new.values())) < point

        try:
            while process.poll() is None and before_kill_point():
                time.sleep(0.01)
        finally:  # never leave the indexer running (or unreaped) behind a failure here
            killed = process.poll() is None
            if killed:
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
        try:
            editions = _check(data, allowed, set(new.values()))
        except StoreUnavailable as exc:
            if not torn_vector_index(exc.__cause__ or exc):
                raise
            # Chroma's own files, not this service's writes: a kill while embedded Chroma saves a collection's
            # vector index can leave it unreadable (README, *Crash safety*; bench/chroma_kill.py measures how
            # often). `qa repair` rebuilds a torn part of the chunks from the stored articles; any other collection
            # torn is not rebuilt, and reported as an expected failure.
            repair = subprocess.run([str(Path(sys.executable).with_name("qa")), "repair"], capture_output=True,
                                    text=True, timeout=600, env={**os.environ, "QA_DATA_DIR": str(data)})
            if repair.returncode != 0:
                pytest.xfail(f"the kill ({kind} {point}) tore Chroma's vector index: {exc}; {repair.stderr}")
            assert "its vector index was torn or lacked chunks; made again" in repair.stdout, repair.stdout
            editions = _check(data, allowed, set(new.values()))
        assert sum(editions.values()) == len(old)  # none lost, none duplicated
        outcomes.append((killed, editions["new"]))

    # every kill lands while writing, and at least one between two commits (checked in Chroma's catalog)
    assert all(killed for killed, _ in outcomes), f"a run finished before its kill point: {outcomes}"
    assert any(0 < n < len(old) for _, n in outcomes), f"no kill landed between two commits: {outcomes}"
    final = _index(folder, data)
    assert final.wait(timeout=600) == 0
    assert _check(data, {doc_id: {new[doc_id]} for doc_id in new}, set(new.values())) == Counter({"new": len(new)})
    store = Store(open_client(data, None), "news")
    try:  # what the killed runs left behind is gone: every unit belongs to a committed version, none is journaled
        catalog = {doc.id: doc for page in store.catalog_pages() for doc in page}
        chunks = [c.chunk for page in store.chunk_pages() for c in page]
        assert all(catalog[u.doc_id].version == u.version for u in chunks if u.doc_id in catalog)
        assert {u.doc_id for u in chunks} <= set(catalog)
        assert store.collect_garbage() == 0
        # the derived index the killed runs wrote into holds exactly the committed versions
        derived = DerivedIndex(Settings(data_dir=data).derived_path(), store.identity)
        try:
            assert derived.versions(sorted(catalog)) == {doc.id: doc.version for doc in catalog.values()}
            assert Lexicon(derived).count() == len(catalog)
        finally:
            derived.close()
    finally:
        store.close()


def test_collections_gone_from_chroma_are_named_with_what_to_do(tmp_path: Path) -> None:
    # as a Chroma server restarted on an empty --path leaves every worker: the message was Chroma's alone
    # ("Collection [...] does not exist."), with nothing saying that a restart makes them again
    client = open_client(tmp_path, None)
    store = Store(client, "gone")
    client.delete_collection("gone_documents")
    try:
        with pytest.raises(StoreUnavailable, match="no longer in Chroma") as raised:
            store.counts()
        assert "Restart the service" in str(raised.value) and "does not exist" in str(raised.value)
    finally:
        client.close()


def test_a_torn_chroma_vector_index_is_named_as_such(tmp_path: Path) -> None:
    # what a kill during Chroma's save of a collection's vector index leaves (README, *Crash safety*): its id map
    # cut short. The error says what happened and what to do, not only Chroma's words.
    client = open_client(tmp_path, None)
    collection = client.get_or_create_collection("torn_test", embedding_function=None,
                                                 configuration={"hnsw": {"space": "cosine", "sync_threshold": 100}})
    rng = np.random.default_rng(0)
    collection.upsert(ids=[f"u{i}" for i in range(300)], embeddings=rng.random((300, 8)).tolist())
    client.close()
    [pickle] = (tmp_path / "chroma").glob("*/index_metadata.pickle")
    pickle.write_bytes(pickle.read_bytes()[: pickle.stat().st_size // 2])
    reopened = open_client(tmp_path, None)
    try:
        with pytest.raises(StoreUnavailable, match="torn by a process killed") as raised:
            with chroma_errors("read chunks"):
                reopened.get_collection("torn_test").get(limit=5, include=["embeddings"])
        assert "Run `qa repair`" in str(raised.value) and "new QA_DATA_DIR" in str(raised.value)
    finally:
        reopened.close()


def test_both_torn_vector_index_errors_seen_after_kills_are_recognised() -> None:
    # the two errors bench/chroma_kill.py saw reading back a collection whose writer was killed
    seen = ("Error executing plan: Error sending backfill request to compactor: Failed to apply logs to the hnsw "
            "segment writer",
            "Error executing plan: Error sending backfill request to compactor: Error constructing hnsw segment "
            "reader: Error creating hnsw segment reader: Error deserializing pickle file: eval error at offset 0: "
            "EOF while parsing")
    assert all(torn_vector_index(Exception(message)) for message in seen)
    assert not torn_vector_index(Exception("Error executing plan: too many SQL variables"))
