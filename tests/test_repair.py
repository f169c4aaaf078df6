"""`qa repair`: a part of the chunks whose Chroma vector index was torn is rebuilt from the stored articles.

A real embedded index of generated articles in parts of 150 chunks, a real tear (the id map of one part's
vector index cut short, as a kill during Chroma's save leaves it: README, *Crash safety*), then `qa repair`
through `main(argv)`, and the same answers as before the tear.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from api.cli import main
from index import Article, Embedder
from qa import Service, Settings, StoreUnavailable

TOWNS = ["Alder", "Birch", "Cedar", "Dunmore", "Elmsford", "Fairlow", "Glenrock", "Harwick", "Ivybridge", "Juniper",
         "Kestrel", "Larkspur", "Millbrook", "Northgate", "Oakhurst", "Pinecrest", "Quarry", "Riverton", "Stonebay",
         "Thornhill", "Upton", "Valemont", "Westfield", "Yarrow"]
NAMES = ["Maria Lopez", "Chen Wei", "Amara Okafor", "Lars Nilsson", "Priya Raman", "Tomas Novak", "Aiko Tanaka",
         "Omar Haddad", "Grace Miller", "Ivan Petrov", "Sofia Rossi", "Kwame Mensah"]
QUESTIONS = ["Who opened the new library in Cedar?", "How many books does the Juniper library hold?",
             "Who opened the new library in Stonebay?"]


def _articles() -> list[Article]:
    articles = []
    for i, town in enumerate(TOWNS):
        mayor = NAMES[i % len(NAMES)]
        books = 1000 * (i + 3)
        sentences = [f"Mayor {mayor} opened the new library in {town} on Monday.",
                     f"The {town} library holds {books:,} books and a reading room for children.",
                     f"Residents of {town} had waited {i + 2} years for it, the council said.",
                     *(f"Volunteer group {k} in {town} will run weekend reading sessions for local schools."
                       for k in range(30))]
        articles.append(Article(" ".join(sentences), origin=f"test:{town}", title=f"{town} opens a library",
                                source="Test Gazette", published=f"2024-03-{i + 1:02d}"))
    return articles


def _answers(service: Service) -> list[list[tuple[str, int, int]]]:
    return [[(c.document_id, c.start, c.end) for c in service.ask(q).citations] for q in QUESTIONS]


def _vector_index_of(data: Path, collection: str) -> Path:
    """The folder of ``collection``'s vector index in the embedded database (read from Chroma's own tables)."""
    with sqlite3.connect(f"file:{data / 'chroma' / 'chroma.sqlite3'}?mode=ro", uri=True) as db:
        [(segment,)] = db.execute(
            "SELECT s.id FROM segments s JOIN collections c ON s.collection = c.id "
            "WHERE c.name = ? AND s.scope = 'VECTOR'", (collection,)).fetchall()
    return data / "chroma" / segment


def _indexed(data: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch, articles: list[Article]) -> None:
    """An embedded index of ``articles`` in ``data``, which `qa` (``main``) then uses."""
    monkeypatch.setenv("QA_DATA_DIR", str(data))
    service = Service.open(Settings(data_dir=data), embedder=embedder)
    try:
        service.add_articles(articles)
    finally:
        service.close()


def _tear(data: Path, collection: str) -> None:
    """Cut ``collection``'s id map short, as a kill during Chroma's save of its vector index leaves it."""
    pickle = _vector_index_of(data, collection) / "index_metadata.pickle"
    pickle.write_bytes(pickle.read_bytes()[: pickle.stat().st_size // 2])


def _in_parts(settings: Settings, embedder: Embedder) -> Service:
    """A service whose index holds the articles four at a time, one write each (a write goes to one part), so
    that parts as small as ``settings.chunk_part`` make several."""
    service = Service.open(settings, embedder=embedder)
    articles = _articles()
    try:
        for start in range(0, len(articles), 4):
            service.add_articles(articles[start:start + 4])
    except BaseException:
        service.close()
        raise
    return service


def test_a_torn_part_is_rebuilt_from_the_stored_articles(tmp_path: Path, embedder: Embedder,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data, chunk_part=150, chunk_tokens=32)
    monkeypatch.setenv("QA_DATA_DIR", str(data))
    monkeypatch.setenv("QA_CHUNK_PART", "150")
    monkeypatch.setenv("QA_CHUNK_TOKENS", "32")
    service = _in_parts(settings, embedder)
    try:
        before = _answers(service)
        counts = service.counts()
        in_part = {p: len(records) for p, records in service.store.documents_by_part().items()}
    finally:
        service.close()
    assert all(before) and len(in_part) >= 3 and all(in_part.values()), (in_part, counts)

    _tear(data, "news_chunks_1")
    service = Service.open(settings, embedder=embedder)
    try:
        with pytest.raises(StoreUnavailable, match="qa repair"):
            _answers(service)
    finally:
        service.close()

    assert main(["repair"]) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if "torn" in line] == ["news_chunks_1: its vector index was torn or lacked chunks; made again"]
    assert f"{in_part[1]} articles whose chunks were missing" in out

    service = Service.open(settings, embedder=embedder)
    try:
        assert _answers(service) == before and service.counts() == counts
    finally:
        service.close()
    assert main(["repair"]) == 0
    assert "nothing to repair" in capsys.readouterr().out


def test_articles_missing_chunks_are_written_again(tmp_path: Path, embedder: Embedder,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # what a repair stopped half-way leaves (a part made again, some of its articles not yet written back), or
    # chunks lost any other way: the next `qa repair` finds every article lacking chunks and writes it again
    data = tmp_path / "data"
    _indexed(data, embedder, monkeypatch, _articles())
    service = Service.open(Settings(data_dir=data), embedder=embedder)
    try:
        before = _answers(service)
        cedar = next(d for d in service.documents() if d.title.startswith("Cedar"))
        part = service.store.parts.get(0)
        lost = part.get(where={"doc_id": cedar.id}, include=[])["ids"][:2]
        part.delete(ids=lost)
    finally:
        service.close()
    assert main(["repair"]) == 0
    out = capsys.readouterr().out
    assert "torn" not in out and "1 article whose chunks were missing" in out
    service = Service.open(Settings(data_dir=data), embedder=embedder)
    try:
        assert _answers(service) == before
        assert len(service.store.parts.get(0).get(where={"doc_id": cedar.id}, include=[])["ids"]) == cedar.chunks
    finally:
        service.close()


def test_a_torn_collection_of_the_documents_is_reported_not_repaired(tmp_path: Path, embedder: Embedder,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    _indexed(data, embedder, monkeypatch, _articles() + [Article(f"Story number {i} about town affairs.",
                                                                 origin=f"x:{i}") for i in range(120)])
    _tear(data, "news_documents")
    assert main(["repair"]) == 1
    err = capsys.readouterr().err
    assert "'news_documents'" in err and "new QA_DATA_DIR" in err


def test_a_repair_holds_at_most_two_parts_at_a_time(tmp_path: Path, embedder: Embedder) -> None:
    # embedded Chroma keeps every part it has read in memory until its client is closed: the check of each
    # part must not leave the indexer's client holding all of them (four of about 210 MB on the whole archive)
    settings = Settings(data_dir=tmp_path / "data", chunk_part=150, chunk_tokens=32)
    service = _in_parts(settings, embedder)
    try:
        parts = len(service.store.parts)
    finally:
        service.close()
    assert parts >= 3
    service = Service.open(settings, embedder=embedder, indexer=True)
    held: list[int] = []
    try:
        let_go = service.store.let_go

        def watched() -> None:
            held.append(len(service.store.parts.touched))
            let_go()

        service.store.let_go = watched  # type: ignore[method-assign]
        done = service.repair()
        assert done.torn == [] and done.rewritten == 0
        assert len(service.store.parts.touched) <= 1
    finally:
        service.close()
    assert held and max(held) <= 2  # never more than the part just read and the one before it
