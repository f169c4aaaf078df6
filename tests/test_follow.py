"""The derived index follows Chroma's change feed: other processes' writes are seen without re-reading the archive."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from index import article_from_text
from index.changes import SLACK
from index.derived import DerivedIndex
from index.records import document_of_unit
from qa import Service

FERRY = """Harbour ferry gets electric engines
The harbour ferry will run on electric engines from March.
The operator said the new engines cost 12 million dollars."""
QUESTION = "How much did the harbour ferry's electric engines cost?"


@pytest.fixture()
def pair(service: Service, tmp_path: Path) -> tuple[Service, Service]:
    """Two services on one Chroma index, each with its own derived file (two processes on two machines)."""
    other = Service(service.store, service.embedder, DerivedIndex(tmp_path / "other.sqlite", service.store.identity),
                    refresh_seconds=0)
    other.follower.refresh()
    return service, other


def test_a_write_elsewhere_is_answered_after_following_only_that_document(pair: tuple[Service, Service]) -> None:
    writer, reader = pair
    assert not reader.ask(QUESTION).supported
    _, record = writer.add_article(article_from_text(FERRY, origin="test:ferry.txt", name="ferry.txt", kind=".txt"))
    assert reader.follower.catch_up() == 1  # the one document the feed names, not the index
    answer = reader.ask(QUESTION)
    assert answer.supported and answer.citations[0].document_id == record.id
    assert reader.follower.catch_up() == 0  # seen again within SLACK, already held: nothing to do

    writer.delete(record.id)
    assert reader.follower.catch_up() == 1
    assert not reader.ask(QUESTION).supported and reader.documents() == []


def test_a_commit_the_writer_never_derived_is_picked_up_from_the_feed(service: Service, tmp_path: Path) -> None:
    # as a writer killed between Chroma's commit and its own derived write leaves it
    article = article_from_text(FERRY, origin="test:ferry.txt", name="ferry.txt", kind=".txt")
    from index.writing import ingest_articles

    ingest_articles([article], service.store, service.embedder, service.chunk_tokens, derived=None)
    assert service.derived.versions([article.document_id]) == {}
    assert service.ask(QUESTION).supported  # the next refresh follows the feed
    assert service.derived.versions([article.document_id]) == {article.document_id: article.content_hash}


def test_the_cursor_keeps_only_a_window_of_the_feed_to_reread(pair: tuple[Service, Service]) -> None:
    writer, reader = pair
    writer.add_article(article_from_text(FERRY, origin="test:ferry.txt", name="ferry.txt", kind=".txt"))
    reader.follower.catch_up()
    cursor = float(reader.derived.meta("cursor") or 0)
    assert abs(cursor - time.time()) < SLACK  # the feed is re-read from here less SLACK, not from the start


def test_an_entry_of_the_feed_is_followed_until_it_settles_then_not_again(pair: tuple[Service, Service],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # the re-read window named the same documents on every refresh: after a long ingest, a minute of writes
    # (924 documents) checked against Chroma every 2 s, 110 ms each time, for as long as nothing new was written
    import index.follow

    writer, reader = pair
    checked: list[list[str]] = []
    sync = reader.follower.sync

    def spied(doc_ids: Any, behind: Any = None) -> int:
        checked.append(list(doc_ids))
        return sync(doc_ids, behind)

    monkeypatch.setattr(reader.follower, "sync", spied)
    _, first = writer.add_article(article_from_text(FERRY, origin="test:ferry.txt", name="ferry.txt", kind=".txt"))
    assert reader.follower.catch_up() == 1 and checked[-1] == [first.id]
    assert reader.follower.catch_up() == 0 and checked[-1] == [first.id]  # younger than SETTLE_SECONDS: again
    monkeypatch.setattr(index.follow, "SETTLE_SECONDS", 0.0)
    reader.follower.catch_up()
    assert reader.follower.catch_up() == 0 and checked[-1] == []  # settled: not read again
    _, second = writer.add_article(article_from_text(FERRY.replace("12 million", "14 million"),
                                                     origin="test:ferry2.txt", name="ferry2.txt", kind=".txt"))
    assert reader.follower.catch_up() == 1 and checked[-1] == [second.id]
    assert float(reader.derived.meta("cursor") or 0) > time.time() - SLACK


def test_a_writer_whose_clock_runs_fast_does_not_hide_the_others_writes(pair: tuple[Service, Service]) -> None:
    # a feed entry stamped five minutes ahead carried the reader's cursor there, and every later write of a
    # writer with the right time (stamped before the cursor less SLACK) was never followed
    writer, reader = pair
    writer.store.changes._collection.upsert(ids=["from-a-fast-clock"], embeddings=[[1.0]],
                                            metadatas=[{"doc_id": "elsewhere", "at": time.time() + 300}])
    reader.follower.catch_up()
    writer.add_article(article_from_text(FERRY, origin="test:ferry.txt", name="ferry.txt", kind=".txt"))
    reader.follower.catch_up()
    assert reader.ask(QUESTION).supported


def _open_at(path: str, start: Any) -> str:
    start.wait()
    derived = DerivedIndex(Path(path), "collection-a")
    identity = derived.meta("identity") or ""
    derived.close()
    return identity


def test_workers_starting_together_open_one_new_derived_file(tmp_path: Path) -> None:
    """Several `qa serve` workers on one data folder open the same new file at once: none is refused."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(4, mp_context=context) as pool:
        for round_ in range(4):
            start = manager.Barrier(4)
            path = tmp_path / f"shared{round_}.sqlite"
            opened = [pool.submit(_open_at, str(path), start) for _ in range(4)]
            assert [f.result(timeout=120) for f in opened] == ["collection-a"] * 4


def _answers_what_qa_index_writes_beside(served: Service, data_dir: Path, tmp_path: Path) -> None:
    """`qa index` (a process of its own) writes the ferry article into ``data_dir``; ``served`` answers from it."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY)
    env = {**os.environ, "QA_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([str(Path(sys.executable).with_name("qa")), "index", str(folder)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    answer = served.ask(QUESTION)
    assert answer.supported and "12 million dollars" in answer.citations[0].quote, answer
    assert served.search("harbour ferry electric engines")[0].title == "Harbour ferry gets electric engines"
    # and from the vector index too: the question's read met the stale copy, and the store opened it again
    ferry = answer.citations[0].document_id
    nearest = served.store.nearest_chunks(served.embedder.embed_query(QUESTION), 3)
    assert nearest and document_of_unit(nearest[0][0]) == ferry, nearest
    chunk_ids = [i for i, _ in nearest if document_of_unit(i) == ferry]
    assert set(served.store.chunk_vectors(chunk_ids)) == set(chunk_ids)


def test_qa_serve_on_an_embedded_database_answers_from_what_qa_index_wrote_beside_it(tmp_path: Path,
                                                                                       embedder: Any) -> None:
    # this process's embedded vector index does not hold chunks another process wrote after it was loaded:
    # Chroma failed every read of their vectors ("Error finding id"), and so every question that met them (503)
    from qa import Settings

    settings = Settings(data_dir=tmp_path / "data", refresh_seconds=0)
    served = Service.open(settings, embedder=embedder)
    try:
        served.add_article(article_from_text(FERRY.replace("ferry", "tram"), origin="mem:tram", name="tram.txt"))
        assert served.ask("How much did the harbour tram's electric engines cost?").supported
        _answers_what_qa_index_writes_beside(served, settings.data_dir, tmp_path)
    finally:
        served.close()


def test_qa_serve_started_on_an_empty_folder_answers_what_qa_index_wrote_beside_it(tmp_path: Path,
                                                                                    embedder: Any) -> None:
    """A session's trial: `qa serve` started on a new data folder, then `qa index seeds` in another terminal:
    every question was a 503 ("Error creating hnsw segment reader: Nothing found on disk") until a restart.
    Embedded Chroma in the serving process had opened the chunks' collection before it had a vector index on
    disk, and never looked again."""
    from qa import Settings

    settings = Settings(data_dir=tmp_path / "data", refresh_seconds=0)
    served = Service.open(settings, embedder=embedder)
    try:
        assert not served.ask(QUESTION).supported  # nothing indexed yet: the collections are made, empty
        _answers_what_qa_index_writes_beside(served, settings.data_dir, tmp_path)
    finally:
        served.close()
