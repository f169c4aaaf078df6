"""A written answer: the language model answers from the passages the extractive answer quotes, and only what
checks out is shown.

The model is asked only when the extractive answer found support (a refusal
needs no model). Its text streams in (``write``); each sentence is checked
against the passages it cites (``verify``) as soon as the next one starts, so
verified sentences can be shown while the model writes; the verified ones are
the answer, each citing the exact source sentences that support it. When the
model is slow (over the time budget) or fails, the answer is what was verified
until then; when nothing verified, there is no written answer and the caller
gives the extractive one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from index import DocumentRecord, UnitRecord
from index.lexicon import Lexicon
from qa.answer import Answer, AnswerSentence, Citation
from qa.evidence import Evidence
from qa.llm import LanguageModel
from qa.prompt import evidence_passages, messages
from qa.verify import Embed, Passage, Verdict, verify
from qa.written_sentences import settled, split_written

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Written:
    """One step of a written answer as it is made: a piece of the model's draft, a sentence checked (with the
    citations it adds), or the end (``answer``: the written answer, or None when there is none to give)."""

    kind: str  # "draft" | "sentence" | "answer"
    text: str = ""
    sentence: AnswerSentence | None = None
    citations: tuple[Citation, ...] = ()
    answer: Answer | None = None
    # at the end with ``show_unverified`` and nothing verified: the sentences rejected, for the caller to show
    # beside the extractive answer (their citation numbers were the written answer's: left out)
    rejected: tuple[AnswerSentence, ...] = ()
    fallback: str = ""  # at the end with no written answer: why (``Answer.fallback``)


def write(model: LanguageModel, question: str, evidence: Sequence[Evidence], lexicon: Lexicon, embed: Embed,
          as_of: str, budget_s: float, show_unverified: bool = False) -> Iterator[Written]:
    """The model's draft as it streams, each sentence checked as soon as the next one starts, then the answer."""
    passages = evidence_passages(evidence, lexicon)
    if not passages:
        yield Written("answer")
        return
    book = _Book(lexicon.documents(p.document_id for p in passages))
    started, text, checked = time.perf_counter(), "", 0
    try:
        for piece in model.stream(messages(question, passages, as_of)):
            yield Written("draft", piece)
            text += piece
            finished = settled(text)
            for claim, cites in finished[checked:]:
                yield from book.check(verify(claim, cites, passages, embed, question), show_unverified)
            checked = len(finished)
            if time.perf_counter() - started > budget_s or model.stopping:
                if not model.stopping:
                    log.warning("the language model took over %.0f s: stopped it", budget_s)
                # the sentences verified (and shown) so far
                yield book.end(f"the language model took over {budget_s:.0f} s" if not model.stopping
                               else "the language model was stopped")
                return
    except Exception as error:  # the model's server failed or timed out
        log.warning("the language model failed (%s)", error)
        yield book.end("the language model failed")
        return
    for claim, cites in split_written(text)[checked:]:
        yield from book.check(verify(claim, cites, passages, embed, question), show_unverified)
    yield book.end()


class _Book:
    """The written answer's sentences and citations so far (a source sentence cited twice is one citation)."""

    def __init__(self, documents: Mapping[str, DocumentRecord]) -> None:
        self.documents = documents
        self.citations: dict[tuple[str, int], Citation] = {}
        self.sentences: list[AnswerSentence] = []

    def check(self, verdict: Verdict, show_unverified: bool) -> Iterator[Written]:
        if any(s.text == verdict.text and (s.verified or not verdict.verified) for s in self.sentences):
            return  # a model repeating a sentence (once per passage) is shown it once
        if not verdict.verified:
            log.info("unverified sentence dropped (%s): %s", verdict.reason, verdict.text)
            if not show_unverified:
                return
        added, numbers = [], []
        for passage, unit in verdict.support:
            key = (unit.doc_id, unit.start)
            if key not in self.citations:
                self.citations[key] = _citation(len(self.citations) + 1, unit, self.documents.get(unit.doc_id),
                                                passage)
                added.append(self.citations[key])
            numbers.append(self.citations[key].n)
        sentence = AnswerSentence(verdict.text, verdict.verified, tuple(numbers), verdict.reason)
        self.sentences.append(sentence)
        yield Written("sentence", shown(sentence), sentence, tuple(added))

    def end(self, cut: str = "") -> Written:
        """The last step: the written answer, or none when nothing verified (then what was rejected, if shown, and
        why there is none: ``cut``, what stopped the model, or no sentence verified)."""
        if not any(s.verified for s in self.sentences):
            why = cut or ("no sentence the language model wrote was verified against its quotes" if self.sentences
                          else "the language model wrote no sentence")
            rejected = tuple(AnswerSentence(s.text, False, (), s.reason) for s in self.sentences)
            return Written("answer", rejected=rejected, fallback=why)
        text = " ".join(shown(s) for s in self.sentences if s.verified)
        return Written("answer", answer=Answer(text, True, tuple(self.citations.values()), mode="generative",
                                               sentences=tuple(self.sentences)))


def shown(sentence: AnswerSentence) -> str:
    """A verified sentence as the answer shows it: its text and its citation markers."""
    return sentence.text + "".join(f" [{n}]" for n in sentence.citations)


def _citation(n: int, unit: UnitRecord, record: DocumentRecord | None, passage: Passage) -> Citation:
    return Citation(n=n, document_id=unit.doc_id, title=record.title if record else passage.title,
                    source=record.source if record else passage.source, start=unit.start, end=unit.end,
                    quote=unit.text, published=record.published if record else passage.published)
