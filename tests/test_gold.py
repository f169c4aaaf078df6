"""The gold set over the seeds, run against the real model and a real Chroma.

The thresholds are issue 2's targets: at least 90% of answerable questions
answered with the right fact cited from the right article, and at least 90%
of unanswerable ones refused (``make gold`` prints the figures and the misses).

``gold/later.json`` holds questions over the same seeds written later (the
nineteenth session), after the scoring had been tuned on the gold set: set A
was read to find faults, set B only scored. Set C (the twenty-second session)
was written by a helper session from the seed articles alone, without seeing
the other sets or the code, and only scored. Their floors are not targets but
what they measured when written, less two questions: a guard against a change
that fits the gold set and loses the questions nobody tuned on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa import Answer, Service

GOLD = json.loads((Path(__file__).parent / "gold" / "questions.json").read_text())
LATER = json.loads((Path(__file__).parent / "gold" / "later.json").read_text())
ANSWERABLE_FLOOR = 0.90
UNANSWERABLE_FLOOR = 0.90
LATER_ANSWERABLE_FLOOR = 48 / 66  # 50 of 66 when written
LATER_UNANSWERABLE_FLOOR = 16 / 22  # 18 of 22 when written
SET_C_ANSWERABLE_FLOOR = 29 / 40  # 31 of 40 when written
SET_C_UNANSWERABLE_FLOOR = 8 / 15  # 10 of 15 when written


def cites_fact(service: Service, answer: Answer, item: dict[str, object]) -> bool:
    """Whether ``answer`` is supported and quotes one of the item's facts from the item's source article
    (``source``: a file name, or a list of those when more than one article says it)."""
    sources = {d.id: d.source for d in service.documents()}
    facts = [str(f).lower() for f in item["facts"]]  # type: ignore[attr-defined]
    wanted = item["source"] if isinstance(item["source"], list) else [item["source"]]
    return answer.supported and any(
        sources[c.document_id] in wanted and any(f in c.quote.lower() for f in facts)
        for c in answer.citations
    )


def _right(service: Service, item: dict[str, object]) -> bool:
    return cites_fact(service, service.ask(str(item["question"])), item)


def test_gold_set_is_big_enough() -> None:
    assert len(GOLD["answerable"]) >= 30
    assert len(GOLD["unanswerable"]) >= 8


def test_answerable_questions_cite_the_right_fact_from_the_right_article(seeded: Service) -> None:
    results = {item["question"]: _right(seeded, item) for item in GOLD["answerable"]}
    rate = sum(results.values()) / len(results)
    wrong = [q for q, ok in results.items() if not ok]
    assert rate >= ANSWERABLE_FLOOR, f"{rate:.2f} right; wrong: {wrong}"


def test_unanswerable_questions_are_refused(seeded: Service) -> None:
    answers = {item["question"]: seeded.ask(item["question"]) for item in GOLD["unanswerable"]}
    refused = {q: not a.supported and not a.citations for q, a in answers.items()}
    rate = sum(refused.values()) / len(refused)
    answered = [q for q, ok in refused.items() if not ok]
    assert rate >= UNANSWERABLE_FLOOR, f"{rate:.2f} refused; answered anyway: {answered}"


def later_figures(service: Service, sets: tuple[str, ...] = ("set_a", "set_b"),
                  ) -> tuple[list[str], list[str], list[str], list[str]]:
    """The later questions answered right, answered wrong, refused and answered anyway (these sets together)."""
    right: list[str] = []
    wrong: list[str] = []
    refused: list[str] = []
    answered: list[str] = []
    for questions in (LATER[name] for name in sets):
        for item in questions["answerable"]:
            (right if _right(service, item) else wrong).append(item["question"])
        for item in questions["unanswerable"]:
            answer = service.ask(item["question"])
            (refused if not answer.supported and not answer.citations else answered).append(item["question"])
    return right, wrong, refused, answered


def test_later_questions_do_not_fall_below_what_they_measured_when_written(seeded: Service) -> None:
    right, wrong, refused, answered = later_figures(seeded)
    assert len(right) / (len(right) + len(wrong)) >= LATER_ANSWERABLE_FLOOR, f"wrong: {wrong}"
    assert len(refused) / (len(refused) + len(answered)) >= LATER_UNANSWERABLE_FLOOR, f"answered: {answered}"
    right, wrong, refused, answered = later_figures(seeded, ("set_c",))
    assert len(right) / (len(right) + len(wrong)) >= SET_C_ANSWERABLE_FLOOR, f"wrong: {wrong}"
    assert len(refused) / (len(refused) + len(answered)) >= SET_C_UNANSWERABLE_FLOOR, f"answered: {answered}"


@pytest.mark.parametrize("item", GOLD["answerable"] + GOLD["unanswerable"], ids=lambda i: i["question"][:40])
def test_every_citation_quotes_its_document_exactly(seeded: Service, item: dict[str, object]) -> None:
    answer = seeded.ask(str(item["question"]))
    for citation in answer.citations:
        _, text = seeded.document(citation.document_id)
        assert citation.quote == text[citation.start:citation.end]
        assert f"[{citation.n}]" in answer.answer
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) == len(set(quotes)), "an answer repeats a sentence"
