"""An index larger than one Chroma read may return: every operation pages, none reads the whole index.

More than 40,000 chunks (and as many sentences) are written through the store
with generated vectors, so this runs in seconds rather than the hours real
embedding would take; one real article, embedded for real, sits among them.
Embedded Chroma's SQLite refuses a query with more than ~32,766 bound
variables, so any unpaged read of "everything" fails here.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index import Embedder, article_from_text
from index.derived import DerivedIndex
from index.records import DocumentRecord, DocumentWrite, UnitRecord, document_of_unit, unit_id
from index.scope import Scope
from qa import Service
from qa.filters import question_scope
from qa.timeframe import parse_as_of, resolve

from .conftest import make_service

DOCUMENTS = 1_905
SENTENCES = 21  # one chunk of one sentence each: 40,005 chunks
WORDS = ("harbour council budget river school rail bridge court farm election storm museum clinic port "
         "airline factory union market festival library").split()
REAL = """Ferry line Tarn Express gets hydrogen engines
The Tarn Express ferry line will run on hydrogen engines from next spring.
The operator said the conversion of its four boats cost 31 million euros.
Passengers will see no change to the timetable."""


def _generated(n: int, rng: random.Random, draw: np.random.Generator) -> DocumentWrite:
    doc_id, version = f"gen{n:05d}", "v1"
    sentences, chunks, text = [], [], ""
    for i in range(SENTENCES):
        sentence = f"Report {n} item {i}: the {rng.choice(WORDS)} of district {rng.randrange(500)} met on day {i}."
        start = len(text)
        text += sentence + " "
        sentences.append(UnitRecord(unit_id(doc_id, version, "s", i), doc_id, version, start, start + len(sentence),
                                    sentence, i, i))
        chunks.append(UnitRecord(unit_id(doc_id, version, "c", i), doc_id, version, start, start + len(sentence),
                                 sentence, i, i))
    vectors = draw.standard_normal((SENTENCES, 384), np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    record = DocumentRecord(doc_id, f"Report {n}", "Generated Gazette", "", "2024-01-01", "", f"generated:{n}",
                            version, SENTENCES, SENTENCES)
    return DocumentWrite(record, text, vectors[0], chunks, vectors, sentences, vectors)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Service]:
    service = make_service(tmp_path_factory.mktemp("large"), embedder)
    rng, draw = random.Random(7), np.random.default_rng(7)
    for start in range(0, DOCUMENTS, 200):
        writes = [_generated(n, rng, draw) for n in range(start, min(start + 200, DOCUMENTS))]
        service.store.write_documents(writes)
        service.derived.apply([(w.record, w.stored_chunks()) for w in writes])
    service.add_article(article_from_text(REAL, origin="test:tarn.txt", name="tarn.txt", kind=".txt"))
    yield service
    service.close()


def test_the_index_holds_more_units_than_one_chroma_read_can_return(large: Service) -> None:
    documents, chunks = large.counts()
    assert documents == DOCUMENTS + 1 and chunks > 40_000
    assert large.lexicon.size("sentences") > 40_000


def test_listing_pages(large: Service) -> None:
    everything = large.documents()
    assert len(everything) == DOCUMENTS + 1
    assert large.documents(limit=10, offset=5) == everything[5:15]
    assert sum(len(page) for page in large.store.catalog_pages()) == DOCUMENTS + 1


def test_asking_and_searching_find_the_one_real_article(large: Service) -> None:
    answer = large.ask("How much did the conversion of the Tarn Express boats cost?")
    assert answer.supported and "31 million euros" in answer.citations[0].quote
    passages = large.search("Tarn Express hydrogen engines", k=3)
    assert passages[0].title == "Ferry line Tarn Express gets hydrogen engines"
    filtered = large.search("district met on day", k=3, filters={"source": "Generated Gazette"})
    assert filtered and all(p.source == "Generated Gazette" for p in filtered)


def test_as_of_before_every_generated_article_leaves_out_thousands_of_documents(large: Service) -> None:
    # 1,905 documents published after as_of: too many for one Chroma filter, so applied to deeper searches
    answer = large.ask("How much did the conversion of the Tarn Express boats cost?", as_of="2023-06-01")
    assert answer.supported and "31 million euros" in answer.citations[0].quote
    passages = large.search("hydrogen engines of district 7 met on day 3", k=5, as_of="2023-06-01")
    assert passages and all(p.title == "Ferry line Tarn Express gets hydrogen engines" for p in passages)
    assert all(p.source == "Generated Gazette" for p in large.search("district met on day", k=5, as_of="2024-01-02"))


def test_as_of_before_nearly_every_article_searches_among_the_few_it_may_use(large: Service) -> None:
    # only the undated real article may be used as of 2023: the vector search is asked within it, so even a
    # query unlike it finds it, where deeper searches of all 40,000 chunks need not reach it
    scope, _ = question_scope(None, resolve("What happened?", parse_as_of("2023-06-01")), large.lexicon)
    tarn = [d.id for d in large.documents() if d.title.startswith("Ferry line Tarn")]
    assert scope.only == frozenset(tarn)
    unlike = np.asarray(random.Random(11).choices(range(-50, 50), k=384), np.float32)
    unlike /= np.linalg.norm(unlike)
    found = large.store.nearest_chunks(unlike, 5, scope, large.lexicon)
    assert found and {document_of_unit(chunk) for chunk, _ in found} == set(tarn)
    assert large.lexicon.documents_until("2024-01-01", 500) is None  # 1,906 documents: too many to list
    assert question_scope(None, resolve("What happened?", parse_as_of("2024-06-01")), large.lexicon)[0].everything


def test_a_filter_of_a_few_documents_is_searched_exactly_among_their_chunks(large: Service) -> None:
    few = ["gen00003", "gen00500", "gen01800"]
    ids = large.lexicon.chunk_ids(few, 1_000)
    assert ids is not None and len(ids) == 3 * SENTENCES and large.lexicon.chunk_ids(few, 10) is None
    query = np.asarray(random.Random(5).choices(range(-50, 50), k=384), np.float32)
    query /= np.linalg.norm(query)
    vectors = large.store.chunk_vectors(ids)
    expected = sorted(ids, key=lambda i: -float(np.dot(vectors[i], query)))[:8]
    found = large.store.nearest_chunks(query, 8, Scope.of(few), large.lexicon)
    assert [chunk for chunk, _ in found] == expected
    assert found[0][1] == pytest.approx(float(np.dot(vectors[expected[0]], query)), abs=1e-5)


def test_indexing_and_the_clean_up_work(large: Service, tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "mill.txt").write_text("Mill reopens\nThe old mill on the Tarn reopened as a bakery.\n")
    large.store.journal.begin("gen00003")  # as an interrupted write leaves it
    report = large.index([folder])
    assert len(report.added) == 1 and not report.failed
    assert large.store.journal.in_flight() == set()
    assert "bakery" in large.search("What did the old mill become?", k=1)[0].text


def test_a_new_derived_index_is_built_from_chroma_page_by_page(large: Service, tmp_path: Path) -> None:
    fresh = DerivedIndex(tmp_path / "rebuilt.sqlite", large.store.identity)
    other = Service(large.store, large.embedder, fresh, refresh_seconds=0)
    answer = other.ask("How much did the conversion of the Tarn Express boats cost?")  # the first read builds it
    assert answer.supported and "31 million euros" in answer.citations[0].quote
    assert other.lexicon.count() == large.lexicon.count()
    assert other.lexicon.size("chunks") == large.lexicon.size("chunks")
    fresh.close()
