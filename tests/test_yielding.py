"""Writes let this process's questions go first (index.yielding), on a real embedded Chroma collection."""

from __future__ import annotations

import threading
from pathlib import Path

from index import Store, open_client
from index.collections import SYNC_EVERY
from index.derived import DerivedIndex
from index.yielding import ReadersFirst, Yielding
from qa import Service
from tests.conftest import SEEDS


def _collection(tmp_path: Path, readers: ReadersFirst) -> Yielding:
    client = open_client(tmp_path / "data", None)
    return Yielding(client.get_or_create_collection("gate", embedding_function=None), readers)


def test_a_write_waits_for_the_question_in_flight_and_reads_do_not(tmp_path: Path) -> None:
    readers = ReadersFirst(max_wait=60.0)
    collection = _collection(tmp_path, readers)
    collection.upsert(ids=["a"], embeddings=[[1.0, 0.0]])  # nobody reading: no wait
    written = threading.Event()

    def write() -> None:
        collection.upsert(ids=["b"], embeddings=[[0.0, 1.0]])
        written.set()

    with readers.reading():
        writer = threading.Thread(target=write)
        writer.start()
        assert not written.wait(0.3)  # the write is held while the question is answered ...
        assert collection.get(ids=["a", "b"])["ids"] == ["a"]  # ... and reads go on meanwhile
        assert collection.count() == 1
    assert written.wait(10)  # the question done, the write goes through at once
    writer.join()
    assert sorted(collection.get()["ids"]) == ["a", "b"]


def test_a_write_never_waits_longer_than_max_wait(tmp_path: Path) -> None:
    readers = ReadersFirst(max_wait=0.05)
    collection = _collection(tmp_path, readers)
    with readers.reading():  # a question that never ends (or one after another)
        collection.upsert(ids=["a"], embeddings=[[1.0, 0.0]])
        collection.update(ids=["a"], metadatas=[{"k": 1}])
        assert collection.get(ids=["a"])["metadatas"] == [{"k": 1}]
        collection.delete(ids=["a"])
        assert collection.count() == 0
    assert readers.wait() is True  # quiet again: a write need not wait


def test_readings_nest_and_count_down(tmp_path: Path) -> None:
    readers = ReadersFirst(max_wait=0.05)
    with readers.reading():
        with readers.reading():
            assert readers.wait() is False
        assert readers.wait() is False  # one still reading
    assert readers.wait() is True


def test_every_store_write_goes_through_the_gate_and_questions_hold_it(tmp_path: Path, embedder: object) -> None:
    store = Store(open_client(tmp_path / "data", None), "gate")
    waits: list[int] = []
    original = store.readers.wait

    def counted() -> bool:
        waits.append(1)
        return original()
    store.readers.wait = counted  # type: ignore[method-assign]

    service = Service(store, embedder, DerivedIndex(tmp_path / "data" / "derived" / "gate.sqlite", store.identity),
                      refresh_seconds=0)  # type: ignore[arg-type]
    try:
        service.index([SEEDS])
        assert len(waits) == 5  # the three new seeds, one group: journal, chunks, documents, change feed, journal
        doc_id = service.documents()[0].id
        before = len(waits)
        service.delete(doc_id)
        assert len(waits) > before

        seen: list[bool] = []
        embed_query = service.embedder.embed_query

        def probe(text: str) -> object:
            seen.append(store.readers.busy == 1)
            return embed_query(text)
        service.embedder.embed_query = probe  # type: ignore[method-assign]
        try:
            service.ask("When did the harbour bridge reopen?")
            service.search("harbour bridge")
        finally:
            del service.embedder.embed_query  # the shared session model: its own method again
        assert seen == [True, True]  # a question (ask, search) is reading while it embeds and retrieves
        assert store.readers.busy == 0  # and no longer once answered
    finally:
        service.close()


def test_only_an_embedded_store_makes_writes_wait(service: Service) -> None:
    embedded = service.store._client.get_settings().is_persistent
    assert (service.store.readers.max_wait > 0) == embedded  # a server's writes do not hold this process's lock


def test_the_api_counts_a_question_from_its_arrival_and_not_an_upload(embedded_service: Service,
                                                                    client_for: object) -> None:
    busy: list[int] = []
    embed_query = embedded_service.embedder.embed_query

    def probe(text: str) -> object:
        busy.append(embedded_service.store.readers.busy)
        return embed_query(text)
    client = client_for(embedded_service)  # type: ignore[operator]
    embedded_service.embedder.embed_query = probe  # type: ignore[method-assign]
    try:
        created = client.post("/api/documents", json={"title": "Bridge", "text": "The bridge reopened on Monday."})
        assert created.status_code == 201 and embedded_service.store.readers.busy == 0
        for path, body in (("/api/ask", {"question": "When did the bridge reopen?"}),
                           ("/api/search", {"query": "bridge"}),
                           ("/api/chat", {"messages": [{"role": "user", "content": "When did the bridge reopen?"}]}),
                           ("/v1/chat/completions", {"messages": [{"role": "user", "content": "The bridge?"}]})):
            assert client.post(path, json=body).status_code == 200, path
    finally:
        del embedded_service.embedder.embed_query
    assert busy == [2, 2, 2, 2]  # the request (the API's middleware) and the answer (Service) both count it
    assert embedded_service.store.readers.busy == 0


def test_collections_save_their_vector_index_every_hundred_records(service: Service, tmp_path: Path) -> None:
    # Chroma's write cost grows with the records written since its last save
    # (docs/notes/archive.md, *Questions during an upload*)
    for collection in (service.store.parts.get(0), service.store._documents, service.store.journal.collection):
        assert collection.configuration_json["hnsw"]["sync_threshold"] == SYNC_EVERY == 100
    client = open_client(tmp_path / "old", None)
    made = client.get_or_create_collection("old_chunks", embedding_function=None)  # as an earlier version made it
    assert made.configuration_json["hnsw"]["sync_threshold"] == 1000
    Store(client, "old").close()
    reopened = open_client(tmp_path / "old", None).get_collection("old_chunks")
    assert reopened.configuration_json["hnsw"]["sync_threshold"] == 100  # changed in place, and kept
