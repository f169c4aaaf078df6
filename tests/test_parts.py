"""The chunks in parts (``index.parts``): searched together, written one after another, let go by the indexer.

A part size of one chunk puts every write in a part of its own, so the three
seed articles, indexed one at a time, make three parts; the answers must be
those of the same articles in one part.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import Embedder
from index.records import document_of_unit
from qa import Service, Settings

from .conftest import BACKENDS, SEEDS, _chroma_url, make_service

QUESTIONS = [q["question"] for q in json.loads((Path(__file__).parent / "gold" / "questions.json").read_text())
             ["answerable"]]


def _one_at_a_time(service: Service, folder: Path) -> None:
    for path in sorted(folder.iterdir()):
        service.index([path])


def _versions_by_part(service: Service, doc_id: str) -> list[list[str]]:
    """The versions of the document's chunks in each part."""
    return [sorted({str(m["version"]) for m in part.get(where={"doc_id": doc_id}, include=["metadatas"])["metadatas"]})
            for part in service.store.parts.all()]


def _nearest_documents(service: Service) -> set[str]:
    """The documents of every chunk Chroma's search finds (all of them: more are asked for than there are)."""
    vector = service.embedder.embed_query("a question")
    return {document_of_unit(i) for i, _ in service.store.nearest_chunks(vector, 1_000)}


def _answers(service: Service) -> list[tuple[str, list[tuple[str, int, int]]]]:
    return [(a.answer, [(c.document_id, c.start, c.end) for c in a.citations])
            for a in (service.ask(q) for q in QUESTIONS)]


@pytest.fixture(params=BACKENDS)
def parted(request: pytest.FixtureRequest, tmp_path: Path, embedder: Embedder) -> Iterator[Service]:
    svc = make_service(tmp_path / "data", embedder, _chroma_url(request), part_size=1)
    yield svc
    svc.close()


def test_every_part_is_searched_and_answers_are_those_of_one_part(parted: Service, tmp_path: Path,
                                                                  embedder: Embedder) -> None:
    _one_at_a_time(parted, SEEDS)
    assert len(parted.store.parts) == 3
    whole = make_service(tmp_path / "whole", embedder)
    try:
        _one_at_a_time(whole, SEEDS)
        assert len(whole.store.parts) == 1
        assert parted.counts() == whole.counts()
        assert _answers(parted) == _answers(whole)
        for query in QUESTIONS[:10]:
            assert parted.search(query, k=10) == whole.search(query, k=10)
        assert _nearest_documents(parted) == {d.id for d in parted.documents()}  # chunks of every part
        rebuilt = parted.reindex_lexical()
        assert rebuilt == 3 and _answers(parted) == _answers(whole)  # the derived index read back from every part
    finally:
        whole.close()


def test_a_replaced_or_deleted_document_leaves_nothing_in_its_part(parted: Service, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    _one_at_a_time(parted, folder)
    first = sorted(folder.iterdir())[0]
    old = next(d for d in parted.documents() if d.origin == str(first.resolve()))
    first.write_text(first.read_text() + "\nThe partnership was renamed Orbital Shield on Tuesday.\n")
    parted.index([first])  # its new version goes to a fourth part; the old one's chunks leave the first
    assert len(parted.store.parts) == 4
    new = next(d for d in parted.documents() if d.id == old.id)
    assert new.version != old.version
    assert _versions_by_part(parted, old.id) == [[], [], [], [new.version]]
    assert parted.counts()[1] == sum(d.chunks for d in parted.documents())
    answer = parted.ask("What was the partnership renamed?")
    assert "Orbital Shield" in answer.answer
    second = sorted(parted.documents(), key=lambda d: d.origin)[1]
    parted.delete(second.id)
    assert parted.counts() == (2, sum(d.chunks for d in parted.documents()))
    assert all(second.id not in {c.chunk.doc_id for c in page} for page in parted.store.chunk_pages())


def test_the_indexer_lets_go_of_a_part_once_it_writes_the_next(tmp_path: Path, embedder: Embedder) -> None:
    settings = Settings(data_dir=tmp_path / "data", collection="parts", chunk_part=1)
    service = Service.open(settings, embedder, indexer=True)
    try:
        first = service.store._client
        _one_at_a_time(service, SEEDS)
        assert len(service.store.parts) == 3
        assert service.store._client is not first  # a new client: the parts written before are no longer held
        assert len(service.store.parts.touched) <= 1
        assert service.counts()[0] == 3 and len(service.ask(QUESTIONS[0]).citations) > 0
    finally:
        service.close()
    reader = Service.open(settings, embedder)  # a service answering questions: every part, nothing let go
    try:
        assert _nearest_documents(reader) == {d.id for d in reader.documents()}
    finally:
        reader.close()
