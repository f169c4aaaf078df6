"""BM25 in the derived index, and the question-side analysis used to judge evidence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index import DocumentRecord, UnitRecord
from index.derived import DerivedIndex
from index.lexicon import Lexicon
from index.records import StoredChunk
from index.scope import Scope
from qa.lexical import coverage, initialisms, query_terms, tokenize
from qa.question import AnswerType, asks_author, expected_type, offers, qualified


def test_tokenize_stems_consistently_and_drops_stop_words() -> None:
    assert tokenize("The invites were invited; inviting")[:2] == ["invit", "invit"]
    assert tokenize("Who is leading?") == ["lead"]
    assert "us" in tokenize("the US and NZ")


def _lexicon(tmp_path: Path, texts: list[str]) -> Lexicon:
    """A derived index holding one document per text, each one chunk of one sentence."""
    derived = DerivedIndex(tmp_path / "derived.sqlite", "test")
    documents = []
    for n, text in enumerate(texts):
        doc_id = f"d{n}"
        sentence = UnitRecord(f"{doc_id}-v-s0", doc_id, "v", 0, len(text), text, 0, 0)
        chunk = UnitRecord(f"{doc_id}-v-c0", doc_id, "v", 0, len(text), text, 0, 0)
        record = DocumentRecord(doc_id, f"title {n}", "", "", "", "", "", "v", 1, 1)
        documents.append((record, [StoredChunk(chunk, (sentence,), np.ones((1, 4), np.float32))]))
    derived.apply(documents)
    return Lexicon(derived)


def test_bm25_ranks_the_text_with_the_rare_terms_first(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, ["the harbour bridge reopened", "the bridge", "rates rose again",
                                  "bridge bridge harbour", "O'Neill's covid-19 plan"])
    ranked = [u.doc_id for u, _ in lexicon.bm25_top("sentences", tokenize("harbour bridge reopened"), 5)]
    assert ranked[0] == "d0" and "d2" not in ranked
    assert lexicon.bm25_top("sentences", tokenize("harbour"), 4, Scope.of({"d1", "d2"})) == []
    assert [u.doc_id for u, _ in lexicon.bm25_top("chunks", tokenize("O'Neill covid-19"), 5)] == ["d4"]
    scores = lexicon.bm25_of("sentences", tokenize("harbour bridge reopened"), ["d0-v-s0", "d3-v-s0", "d2-v-s0"])
    assert set(scores) == {"d0-v-s0", "d3-v-s0"} and scores["d0-v-s0"] > scores["d3-v-s0"]


def test_the_derived_index_replaces_and_removes_whole_documents(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, ["the harbour bridge reopened", "rates rose again"])
    assert lexicon.size("sentences") == 2 and lexicon.count() == 2
    derived = lexicon._derived
    derived.remove(["d0"])
    assert lexicon.bm25_top("sentences", tokenize("harbour"), 5) == []
    assert lexicon.size("sentences") == 1 and lexicon.document_frequencies("sentences", ["rate"]) == {"rate": 1}
    derived.apply([(lexicon.documents(["d1"])["d1"], [])])  # replaced by a version without text
    assert lexicon.bm25_top("sentences", tokenize("rates"), 5) == [] and lexicon.count() == 1


def test_irregular_verbs_and_country_adjectives_share_a_term() -> None:
    assert tokenize("took taken") == tokenize("take takes")
    assert tokenize("the French firm") == tokenize("France firms")
    assert tokenize("Americans") == tokenize("America")
    assert tokenize("Japanese") != tokenize("Japan's capital")


def test_coverage_counts_initialisms_and_word_forms(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, ["NZDF has no space assets of its own in orbit", "JAXA in Japan"])

    def covered(question: str, text: str) -> float:
        return coverage(question, text, lexicon.idf(query_terms(question)))

    assert initialisms("the NZ Defence Force said") == {"nzdf"}
    assert covered("Does the NZ Defence Force have assets in orbit?", "NZDF has no assets in orbit") == 1.0
    assert covered("Which Japanese agency?", "JAXA in Japan") > 0.0
    assert covered("", "anything") == 0.0


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who leads the project?", AnswerType.NAME),
        ("When did the bridge reopen?", AnswerType.TIME),
        ("In what year was it founded?", AnswerType.TIME),
        ("How many hubs are there?", AnswerType.QUANTITY),
        ("How much is the city paying for the bridge?", AnswerType.MONEY),
        ("Which New Zealand company builds rockets?", AnswerType.NAME),
        ("Why did they refuse?", AnswerType.NONE),
        ("What are the six types of weapons?", AnswerType.LIST),
        ("What are the risks?", AnswerType.NONE),
    ],
)
def test_expected_answer_type(question: str, kind: AnswerType) -> None:
    assert expected_type(question) is kind


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Who leads the project?", "The project is led by Mary Jones, the engineer.", True),
        ("Who leads the project?", "The project started slowly.", False),
        ("When did the bridge reopen?", "The bridge reopened in March 2024.", True),
        ("When did the bridge reopen?", "The bridge reopened to traffic.", False),
        ("How many hubs are there?", "Auckland hosts one of eight hubs.", True),
        ("How many hubs are there?", "Auckland hosts a hub.", False),
        # "took" is a form of the question's "take"
        ("What year did the agency take control of the port?", "Since the agency took it over in 2020, it grew.", True),
        # a list question needs a sentence that lists
        ("What are the six types of weapons?", "The force plans six types of weapons.", False),
        ("What are the six types of weapons?", "The six types are lasers, jammers and interceptors.", True),
        # a name far from the question's focus words does not answer it
        ("What is the name of the liaison officer?",
         "Minister Judith Collins said the country would gain experience over two long years from sending a liaison officer.",
         False),
    ],
)
def test_offers_the_expected_kind_of_answer_near_the_focus(question: str, sentence: str, expected: bool) -> None:
    assert offers(expected_type(question), question, sentence) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who wrote the article on the launch partners?", True),
        ("Who is the author of this story?", True),
        ("Which reporter covered the launch?", True),
        ("Who wrote the letter to Congress?", False),
        ("Who reported the incident to the police?", False),
    ],
)
def test_asks_author(question: str, expected: bool) -> None:
    assert asks_author(question) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("JAXA in Japan and France's Arianespace are possible partners.", True),
        ("Arianespace is among the possible partners, and France agreed.", False),  # France is not by the name
        ("New Zealand is a partner of the US; in space, it has an unusual agreement with Washington.", False),
    ],
)
def test_qualified_names_sit_by_the_qualifier(sentence: str, expected: bool) -> None:
    assert qualified("Which French firm is a possible partner?", sentence) is expected
    assert not qualified("Which firm is a possible partner?", sentence)
