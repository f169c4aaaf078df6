"""BM25 and the question-side analysis used to judge evidence."""

from __future__ import annotations

import pytest

from qa.lexical import BM25, initialisms, tokenize
from qa.question import AnswerType, expected_type, offers


def test_tokenize_stems_consistently_and_drops_stop_words() -> None:
    assert tokenize("The invites were invited; inviting")[:2] == ["invit", "invit"]
    assert tokenize("Who is leading?") == ["lead"]
    assert "us" in tokenize("the US and NZ")


def test_bm25_ranks_the_text_with_the_rare_terms_first() -> None:
    bm25 = BM25(["the harbour bridge reopened", "the bridge", "rates rose again", "bridge bridge harbour"])
    ranked = [i for i, _ in bm25.top("harbour bridge reopened", 4)]
    assert ranked[0] == 0 and 2 not in ranked
    assert bm25.top("harbour", 4, allowed={1, 2}) == []


def test_coverage_counts_initialisms_and_word_forms() -> None:
    bm25 = BM25(["NZDF has no space assets of its own in orbit", "JAXA in Japan"])
    assert initialisms("the NZ Defence Force said") == {"nzdf"}
    assert bm25.coverage("Does the NZ Defence Force have assets in orbit?", "NZDF has no assets in orbit") == 1.0
    assert bm25.coverage("Which Japanese agency?", "JAXA in Japan") > 0.0
    assert bm25.coverage("", "anything") == 0.0


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
        # a name far from the question's focus words does not answer it
        ("What is the name of the liaison officer?",
         "Minister Judith Collins said the country would gain experience over two long years from sending a liaison officer.",
         False),
    ],
)
def test_offers_the_expected_kind_of_answer_near_the_focus(question: str, sentence: str, expected: bool) -> None:
    assert offers(expected_type(question), question, sentence) is expected
