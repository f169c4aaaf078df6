"""Ingestion against a real embedded Chroma: idempotent, replaces whole, prunes, never half-visible."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import Store, StoreUnavailable, UnitRecord, index_paths
from index.records import StoredChunk
from qa import Service

from .conftest import SEEDS


def copy_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


def units_of(service: Service, doc_id: str) -> list[UnitRecord]:
    """Every chunk and sentence Chroma holds for the document, of any version."""
    chunks = [c for page in service.store.chunk_pages() for c in page if c.chunk.doc_id == doc_id]
    return [c.chunk for c in chunks] + [s for c in chunks for s in c.sentences]


def test_reindexing_skips_unchanged_and_replaces_changed_whole(service: Service, tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    first = service.index([folder])
    assert len(first.added) == 3 and first.chunks > 0
    again = service.index([folder])
    assert (len(again.added), len(again.updated), len(again.unchanged), again.chunks) == (0, 0, 3, 0)

    target = folder / "004_e408bd18c59f1af7.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("Panzenhagen", "Smith"), encoding="utf-8")
    changed = service.index([folder])
    assert len(changed.updated) == 1 and len(changed.unchanged) == 2
    doc_id = changed.updated[0]
    record, text = service.document(doc_id)
    units = units_of(service, doc_id)
    assert units and {u.version for u in units} == {record.version}  # no unit of the old version is left
    assert all(text[u.start:u.end] == u.text for u in units)
    assert "Panzenhagen" not in text



def test_a_change_of_metadata_alone_costs_no_model_pass(service: Service, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A user trial: correcting the front matter of an archive (a date, an author) re-embedded every article, hours
    for tens of thousands. Only a changed text is embedded again; the stored vectors are carried over. (A title is
    the text's first line, its headline, since a headline held only as metadata could not be quoted: changing it
    changes the text.)"""
    body = ("Harbor Logistics is laying off 16,000 employees as shipping demand slumps. The company will close "
            "three warehouses in Ohio.\n\nIts chief executive said the cuts were painful but necessary.")
    article = tmp_path / "articles" / "harbor.md"
    article.parent.mkdir()
    article.write_text(f"---\ntitle: Harbor cuts\npublished: 2024-01-05\n---\n{body}\n", encoding="utf-8")
    first = service.index([article.parent])
    doc_id = first.added[0]
    before = {c.chunk.start: c for page in service.store.chunk_pages() for c in page if c.chunk.doc_id == doc_id}
    old_vectors = service.store.chunk_vectors([c.chunk.id for c in before.values()])
    embedded: list[int] = []
    real = service.embedder.embed_tokens
    monkeypatch.setattr(service.embedder, "embed_tokens", lambda ids: embedded.append(len(ids)) or real(ids))

    article.write_text(f"---\ntitle: Harbor cuts\npublished: 2024-06-05\nauthor: Dana Reyes\n---\n{body}\n",
                       encoding="utf-8")
    changed = service.index([article.parent])
    assert changed.updated == [doc_id] and sum(embedded) == 0
    record, _ = service.document(doc_id)
    assert (record.title, record.published, record.author) == ("Harbor cuts", "2024-06-05", "Dana Reyes")
    after = {c.chunk.start: c for page in service.store.chunk_pages() for c in page if c.chunk.doc_id == doc_id}
    assert after.keys() == before.keys() and {c.chunk.version for c in after.values()} == {record.version}
    new_vectors = service.store.chunk_vectors([c.chunk.id for c in after.values()])
    for start, chunk in after.items():
        assert np.array_equal(new_vectors[chunk.chunk.id], old_vectors[before[start].chunk.id])
        assert np.array_equal(chunk.sentence_vectors, before[start].sentence_vectors)
    # the new date is what questions see: as of March, the article is now a later one
    question = "Which company is laying off 16,000 employees?"
    assert doc_id not in {c.document_id for c in service.ask(question, as_of="2024-03-01").citations}
    answer = service.ask(question, as_of="2024-07-01")
    assert answer.citations[0].document_id == doc_id and answer.citations[0].published == "2024-06-05"
    assert answer.citations[0].title == "Harbor cuts"

    article.write_text(f"---\ntitle: Harbor cuts\npublished: 2024-06-05\n---\n"
                       f"{body.replace('three', 'four')}\n", encoding="utf-8")  # the same shape, another text
    assert service.index([article.parent]).updated == [doc_id] and sum(embedded) > 0
    embedded.clear()
    article.write_text(f"---\ntitle: Harbor Logistics cuts jobs\npublished: 2024-06-05\n---\n"
                       f"{body.replace('three', 'four')}\n", encoding="utf-8")  # a new headline: a new first line
    assert service.index([article.parent]).updated == [doc_id] and sum(embedded) > 0
    record, text = service.document(doc_id)
    assert record.title == "Harbor Logistics cuts jobs" and text.startswith("Harbor Logistics cuts jobs\n\n")

def test_prune_removes_documents_whose_files_are_gone(service: Service, tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    service.index([folder])
    (folder / "001_f1806dad42cae0be.txt").unlink()
    kept = service.index([folder])
    assert kept.removed == [] and len(service.documents()) == 3
    # said, so that a renamed file is not answered from twice unknowingly (a user trial)
    assert len(kept.gone) == 1 and kept.summary().endswith(
        "; 1 document came from files no longer there (moved, renamed or deleted): --prune removes them")
    pruned = service.index([folder], prune=True)
    assert pruned.removed == kept.gone and len(service.documents()) == 2 and pruned.gone == []
    assert units_of(service, pruned.removed[0]) == []


def test_prune_of_a_folder_that_is_gone_removes_its_documents(service: Service, tmp_path: Path) -> None:
    """A user trial: an archive folder moved or deleted could not be pruned ("no such file or folder"), so its
    documents could only be removed one `docs rm` at a time."""
    import shutil

    folder = copy_seeds(tmp_path)
    service.index([folder])
    shutil.rmtree(folder)
    pruned = service.index([folder], prune=True)
    assert len(pruned.removed) == 3 and service.documents() == [] and pruned.failed == []
    typo = service.index([tmp_path / "no-such-folder"], prune=True)  # held nothing either: said, not silent
    assert typo.removed == [] and [reason for _, reason in typo.failed] == [
        "no such file or folder, and no document came from it"]


def test_a_linked_folder_is_indexed_and_pruned_through_the_link(service: Service, tmp_path: Path) -> None:
    """A user trial: a folder linked into the archive was skipped silently; indexed now, its documents (keyed by
    their files' real paths, outside the archive) are pruned there when their files are gone."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "seeds").symlink_to(copy_seeds(tmp_path))
    assert len(service.index([archive]).added) == 3
    (tmp_path / "articles" / "001_f1806dad42cae0be.txt").unlink()
    pruned = service.index([archive], prune=True)
    assert len(pruned.removed) == 1 and len(service.documents()) == 2 and pruned.failed == []


def test_a_file_over_the_upload_limit_is_reported_and_skipped(embedder: Any, tmp_path: Path) -> None:
    """A user trial: a 20 MB file from disk was indexed as one 37,853-chunk article (12 minutes, 2.8 GB), where
    an upload that size is refused."""
    from dataclasses import replace

    from .conftest import LOCAL_FETCHES, make_service

    folder = copy_seeds(tmp_path)
    (folder / "huge.txt").write_text("Harbour news.\n" + "The ferry ran late again today. " * 400, encoding="utf-8")
    service = make_service(tmp_path / "data", embedder, fetch_policy=replace(LOCAL_FETCHES, max_bytes=10_000))
    try:
        report = service.index([folder])
    finally:
        service.close()
    assert len(report.added) == 3 and [(Path(name).name, why.split(" is ")[1]) for name, why in report.failed] == [
        ("huge.txt", "12,814 bytes, over the 10,000 an article may have (QA_MAX_UPLOAD_BYTES)")]


def test_a_bad_file_is_reported_and_the_rest_indexed(service: Service, tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    (folder / "broken.txt").write_bytes(b"\xff\xfe\xfa not utf-8")
    report = service.index([folder])
    assert len(report.added) == 3
    assert len(report.failed) == 1 and "broken.txt" in report.failed[0][0]


def test_units_without_a_committed_record_are_invisible_and_collected(service: Service, tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    service.index([folder])
    doc = service.documents()[0]
    # What an interrupted write leaves: its journal entry, and units of a new version with no record naming them.
    text = "Orphan text about Olympic Defender"
    orphan = UnitRecord(f"{doc.id}-deadbeef-c0", doc.id, "deadbeef", 0, len(text), text, 0)
    sentence = UnitRecord(f"{doc.id}-deadbeef-s0", doc.id, "deadbeef", 0, len(text), text, 0)
    vector = service.embedder.embed([orphan.text])
    service.store.journal.begin(doc.id)
    service.store.parts.get(0).upsert(ids=[orphan.id], embeddings=vector.tolist(),
                                      metadatas=[StoredChunk(orphan, (sentence,), vector).metadata()])
    passages = service.search("Orphan text about Olympic Defender", k=10)
    assert all(p.text != orphan.text for p in passages)
    assert service.store.collect_garbage() == 1
    assert all(u.version == doc.version for u in units_of(service, doc.id))
    assert service.store.collect_garbage() == 0  # the journal entry was crossed off with it


def test_clean_up_reads_only_the_documents_of_interrupted_writes(service: Service, tmp_path: Path) -> None:
    service.index([copy_seeds(tmp_path)])
    service.store.collect_garbage()
    doc = service.documents()[0]
    # chunks no journal entry names: the clean-up does not scan the index to find them
    stray = UnitRecord(f"{doc.id}-feedface-c0", doc.id, "feedface", 0, 5, "Stray", 0)
    vector = service.embedder.embed([stray.text])
    service.store.parts.get(0).upsert(ids=[stray.id], embeddings=vector.tolist(),
                                      metadatas=[StoredChunk(stray, (), vector[:0]).metadata()])
    assert service.store.collect_garbage() == 0
    service.store.journal.begin(doc.id)  # once a journal entry names the document, they go
    assert service.store.collect_garbage() == 1
    assert all(u.version == doc.version for u in units_of(service, doc.id))


def test_an_index_of_the_earlier_layout_is_refused_with_what_to_do(service: Service) -> None:
    prefix = f"old{uuid.uuid4().hex[:6]}"
    service.store._client.get_or_create_collection(f"{prefix}_sentences", embedding_function=None)
    with pytest.raises(StoreUnavailable, match="earlier version.*qa index"):
        Store(service.store._client, prefix)


def test_delete_removes_record_and_units(service: Service, tmp_path: Path) -> None:
    service.index([copy_seeds(tmp_path)])
    doc = service.documents()[0]
    service.delete(doc.id)
    assert doc.id not in {d.id for d in service.documents()}
    assert units_of(service, doc.id) == []


def test_embeddings_are_normalised_and_rank_by_meaning(service: Service) -> None:
    vectors = service.embedder.embed(["The cat sat on the mat.", "A kitten rested on a rug.", "Interest rates rose."])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@pytest.mark.parametrize(("group_sentences", "writes"), [(10_000, 1), (1, 6)])
def test_files_are_embedded_and_stored_in_groups(service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 group_sentences: int, writes: int) -> None:
    folder = tmp_path / "short"
    folder.mkdir()
    for i in range(6):
        (folder / f"note-{i}.txt").write_text(f"Note {i}\nThe council met on day {i}. It approved item {i}.\n")
    calls: list[int] = []
    real = service.store.write_documents
    monkeypatch.setattr(service.store, "write_documents", lambda group: (calls.append(len(group)), real(group))[1])
    ticks: list[int] = []
    report = index_paths([folder], service.store, service.embedder, chunk_tokens=128, progress=ticks.append,
                         group_sentences=group_sentences)
    assert len(report.added) == 6 and not report.failed
    assert len(calls) == writes and sum(calls) == 6 and sum(ticks) == 6
    for i in range(6):  # every document of every group is complete and searchable
        assert f"It approved item {i}." in service.search(f"approved item {i}", k=1)[0].text


def _notes(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(count):
        (folder / f"note-{i}.txt").write_text(f"Note {i}\nThe council met on day {i}. It approved item {i}.\n")
    return folder


def test_a_store_that_stops_answering_ends_the_run_and_what_was_stored_stays(tmp_path: Path, embedder: Any) -> None:
    """The Chroma server stopped after the first group: the run ends at the next write (a user trial saw it embed
    every remaining file for nothing), says why, and the same run against the server again goes on from there."""
    from contextlib import ExitStack

    from bench.serving import run_chroma_server
    from index import open_client

    folder = _notes(tmp_path, 8)
    with ExitStack() as server:
        url = server.enter_context(run_chroma_server(tmp_path / "chroma"))
        store = Store(open_client(tmp_path / "data", url), prefix="stopping")
        ticks: list[int] = []

        def progress(files: int) -> None:
            ticks.append(files)
            if len(ticks) == 2:
                server.close()  # `chroma run` stopped, two files stored
        report = index_paths([folder], store, embedder, chunk_tokens=128, progress=progress, group_sentences=1)
    assert len(report.added) == 2 and sum(ticks) == 2
    assert "could not" in report.interrupted and "stopped early" in report.summary()
    assert len(report.failed) == 1  # the one group tried after the server stopped; the rest never embedded
    with run_chroma_server(tmp_path / "chroma") as url:  # the same data, served again
        again = index_paths([folder], Store(open_client(tmp_path / "data", url), prefix="stopping"), embedder,
                            chunk_tokens=128, group_sentences=1)
    assert len(again.unchanged) == 2 and len(again.added) == 6 and not again.interrupted


def test_a_write_that_fails_while_the_store_answers_skips_its_group_only(embedded_service: Service, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _notes(tmp_path, 4)
    real = embedded_service.store.write_documents
    calls: list[int] = []

    def write(group: Any) -> None:
        calls.append(len(group))
        if len(calls) == 2:
            raise StoreUnavailable("the index could not store documents: refused")
        real(group)
    monkeypatch.setattr(embedded_service.store, "write_documents", write)
    report = index_paths([folder], embedded_service.store, embedded_service.embedder, chunk_tokens=128,
                         group_sentences=1)
    assert len(report.added) == 3 and len(report.failed) == 1 and not report.interrupted


def test_an_upload_of_a_document_deleted_meanwhile_is_added(embedded_service: Service,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process deletes the document between the upload's read of its record and of its text (a user
    trial got 404 from the upload): the upload stores it as new."""
    from index import article_from_text

    article = article_from_text("Race note\nThe council met on Monday. It approved the ferry budget.\n",
                                origin="upload:race", name="race.txt", kind=".txt")
    embedded_service.add_article(article, same_text_is_unchanged=True)
    real = embedded_service.store.records

    def records_then_deleted(doc_ids: Any) -> Any:
        found = real(doc_ids)
        for doc_id in found:
            embedded_service.store.delete_document(doc_id)  # the other process's delete lands here
        return found
    monkeypatch.setattr(embedded_service.store, "records", records_then_deleted)
    outcome, record = embedded_service.add_article(article, same_text_is_unchanged=True)
    monkeypatch.undo()
    assert outcome in ("added", "updated") and record.id == article.document_id
    assert embedded_service.store.records([record.id])  # stored again
