"""A written answer: the language model answers from the evidence passages, and only what checks out is shown.

The model is asked only when the extractive answer found support (a refusal
needs no model). Its text is split into sentences and each is checked against
the passages it cites (``verify``); the verified ones are the answer, each
citing the exact source sentences that support it. When the model is slow
(over the time budget), fails, or writes nothing that verifies, there is no
written answer and the caller gives the extractive one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index import DocumentRecord, UnitRecord
from index.lexicon import Lexicon
from qa.answer import Answer, AnswerSentence, Citation
from qa.evidence import Evidence
from qa.llm import LanguageModel
from qa.prompt import evidence_passages, messages
from qa.verify import Embed, Passage, Verdict, split_written, verify

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Draft:
    text: str  # what the model wrote
    seconds: float
    first_token_seconds: float | None
    timed_out: bool


def draft(model: LanguageModel, question: str, passages: Sequence[Passage], as_of: str, budget_s: float) -> Draft:
    """What the model writes from these passages, read as it streams until done or out of time."""
    started = time.perf_counter()
    first = None
    pieces: list[str] = []
    try:
        for piece in model.stream(messages(question, passages, as_of)):
            first = first if first is not None else time.perf_counter() - started
            pieces.append(piece)
            if time.perf_counter() - started > budget_s:
                return Draft("".join(pieces), time.perf_counter() - started, first, True)
    except Exception as error:  # the model's server failed or timed out: the extractive answer stands
        log.warning("the language model failed (%s): answering extractively", error)
        return Draft("", time.perf_counter() - started, first, True)
    return Draft("".join(pieces), time.perf_counter() - started, first, False)


def written_answer(model: LanguageModel, question: str, evidence: Sequence[Evidence], lexicon: Lexicon,
                   embed: Embed, as_of: str, budget_s: float, show_unverified: bool = False) -> Answer | None:
    """The verified written answer, or None when there is none to give (see the module docstring)."""
    passages = evidence_passages(evidence, lexicon)
    if not passages:
        return None
    written = draft(model, question, passages, as_of, budget_s)
    if written.timed_out:
        return None
    verdicts = [verify(text, cites, passages, embed) for text, cites in split_written(written.text)]
    for verdict in verdicts:
        if not verdict.verified:
            log.info("unverified sentence dropped (%s): %s", verdict.reason, verdict.text)
    if not any(v.verified for v in verdicts):
        return None
    return _answer([v for v in verdicts if v.verified or show_unverified],
                   lexicon.documents(p.document_id for p in passages))


def _answer(verdicts: Sequence[Verdict], documents: Mapping[str, DocumentRecord]) -> Answer:
    citations: dict[tuple[str, int], Citation] = {}
    sentences, parts = [], []
    for verdict in verdicts:
        numbers = []
        for passage, unit in verdict.support:
            key = (unit.doc_id, unit.start)
            if key not in citations:
                citations[key] = _citation(len(citations) + 1, unit, documents.get(passage.document_id), passage)
            numbers.append(citations[key].n)
        sentences.append(AnswerSentence(verdict.text, verdict.verified, tuple(numbers), verdict.reason))
        parts.append(verdict.text + "".join(f" [{n}]" for n in numbers) if verdict.verified else verdict.text)
    return Answer(" ".join(parts), True, tuple(citations.values()), mode="generative", sentences=tuple(sentences))


def _citation(n: int, unit: UnitRecord, record: DocumentRecord | None, passage: Passage) -> Citation:
    return Citation(n=n, document_id=unit.doc_id, title=record.title if record else passage.title,
                    source=record.source if record else passage.source, start=unit.start, end=unit.end,
                    quote=unit.text, published=record.published if record else passage.published)
