"""Search passages: sentences ranked on their own words and on their context's."""

from __future__ import annotations

import pytest

from index import article_from_text
from qa import Service
from qa import passages
from qa.candidates import gather

QUARRY = """Marlow Quarry reopens after a decade
Marlow Quarry reopened in 2019 after ten years of closure.
The owners invested in new crushing equipment and a weighbridge.
It now employs forty people from the village."""

FACTORY = """Mill Lane factory adds a shift
The factory on Mill Lane added a second shift this spring.
It now employs sixty people from the town.
Orders come mostly from regional builders."""


@pytest.fixture()
def two_articles(service: Service) -> Service:
    for text, name in ((QUARRY, "quarry.txt"), (FACTORY, "factory.txt")):
        service.add_article(article_from_text(text, origin=f"test:{name}", name=name, kind=".txt"))
    return service


def _ranked(service: Service, query: str) -> list[str]:
    vector = service.embedder.embed_query(query)
    found = gather(query, vector, service.lexicon, service.store)
    return [unit.text for unit, _ in passages.rank_sentences(found)]


def test_a_sentence_that_does_not_name_the_subject_is_found_through_its_context(two_articles: Service) -> None:
    ranked = _ranked(two_articles, "How many people does Marlow Quarry employ?")
    assert ranked.index("It now employs forty people from the village.") < \
        ranked.index("It now employs sixty people from the town.")


def test_search_windows_are_whole_sentences_of_the_document(two_articles: Service) -> None:
    found = two_articles.search("How many people does Marlow Quarry employ?", k=2)
    assert "It now employs forty people from the village." in found[0].text
    for passage in found:
        text = two_articles.document(passage.document_id)[1]
        assert text[passage.start:passage.end] == passage.text


def test_one_text_indexed_from_two_paths_is_one_search_result(service: Service) -> None:
    """A user trial: a seed copied into a subfolder and indexed with it came back twice from /api/search, each
    passage once per path."""
    for name in ("quarry.txt", "copy/quarry.txt"):
        service.add_article(article_from_text(QUARRY, origin=f"test:{name}", name=name, kind=".txt"))
    service.add_article(article_from_text(FACTORY, origin="test:factory.txt", name="factory.txt", kind=".txt"))
    found = service.search("How many people does Marlow Quarry employ?", k=4)
    texts = [passage.text for passage in found]
    assert len(texts) == len(set(texts)) and any("forty people" in text for text in texts)
