"""The extractive answer: the best supporting sentences, each quoted with its neighbours and cited.

The answer is made of verbatim quotes of document spans (``quotes``: each chosen
sentence with the sentence on either side), each followed by its [n] marker;
the citation carries the span, so ``quote == text[start:end]`` holds by
construction. A second sentence is chosen only when its evidence is nearly as
strong as the first and it says something new.
When the best evidence is below the support threshold the answer says plainly
that the articles don't say, with no citations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from index import DocumentRecord
from qa.evidence import Evidence
from qa.quotes import Quote
from qa.timeframe import TimeFrame, published_day

REFUSED = "The articles don't say."  # how every refusal begins (``is_refusal``)
NOT_SUPPORTED = f"{REFUSED} None of the indexed articles contains a passage that answers this question."
# A further sentence must score within this of the best one to be quoted beside it. RealTime QA, in-process
# (`python -m bench.news_variants YEAR --set qa.answer.RUNNER_UP_MARGIN=...`): on 2022 (development) 0.06, the
# first value (set on the seeds), right 0.628; 0.10 0.645, both halves up; 0.15 / 0.25 / any 0.641 / 0.650 /
# 0.645, the first half not up. On 2024 (check) 0.464 -> 0.473 at 0.10 (6 won, 1 lost). Gold unchanged.
RUNNER_UP_MARGIN = 0.10
KEEP_TO_WINDOW = True
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Citation:
    n: int
    document_id: str
    title: str
    source: str
    start: int
    end: int
    quote: str
    published: str = ""  # the article's publication date ("" when unknown)


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    verified: bool  # checked against what it cites (an extractive quote is its source: always)
    citations: tuple[int, ...]  # the numbers (``Citation.n``) of the source sentences that support it
    reason: str = ""  # why a written sentence was not verified


@dataclass(frozen=True)
class Answer:
    answer: str
    supported: bool
    citations: tuple[Citation, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    time_window: dict[str, object] | None = None  # what the question's time was understood as (see timeframe)
    mode: str = "extractive"  # or "generative": written by the language model, each sentence checked
    sentences: tuple[AnswerSentence, ...] = ()
    note: str = ""  # said before the answer: its sources lie outside the time asked about (``note_time``), a name
    # was taken for one no article holds (``qa.spelling``)
    # why the answer is extractive although a language model is configured (it took too long, failed, or nothing
    # it wrote was verified); "" otherwise
    fallback: str = ""


def _same_content(a: str, b: str) -> bool:
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    if not wa or not wb:
        return a == b
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.8


def choose_sentences(evidence: Sequence[Evidence], min_support: float, max_citations: int) -> list[Evidence]:
    """The sentences the answer quotes, best first; empty when nothing supports it.

    Whether there is an answer is decided on support alone (``Evidence.support``: some sentence must
    reach ``min_support`` whatever its date and place); what is quoted then is the ranking's best, date
    and place included, so a sentence of the week asked about just under the threshold is quoted before
    an older one just over it. When the best cannot answer (it lacks the number, sum or time asked for,
    or is not about what was asked: ``Evidence.can_answer``), the best one that can is quoted after it; so is,
    for a "where" question, the best that names a place when the best names none (``Evidence.places``).
    """
    if not any(item.answers(min_support) for item in evidence):
        return []
    chosen = [evidence[0]]
    if not evidence[0].can_answer and max_citations > 1:
        # the best lacks the number, sum or time asked for: the best that holds it is quoted beside it, however far
        # below (a user trial: "How much did the harbour ferry's electric engines cost?" quoted only the headline
        # "Harbour ferry gets electric engines", 0.15 above the sentence with the cost)
        chosen.append(next(item for item in evidence if item.can_answer))
    placing = None if evidence[0].places or max_citations <= len(chosen) else \
        next((item for item in evidence if item.places and item.can_answer and item not in chosen), None)
    if placing is not None:  # "Where ...?": the best names no place, the best that does is quoted beside it
        chosen.append(placing)
    alone_in_window = evidence[0].in_window and evidence[0].answers(min_support)  # it answers on its own
    for candidate in evidence[1:]:
        if len(chosen) >= max_citations or candidate.score < evidence[0].score - RUNNER_UP_MARGIN:
            break
        if candidate in chosen or any(_same_content(candidate.sentence.text, c.sentence.text) for c in chosen):
            continue
        if KEEP_TO_WINDOW and alone_in_window and not candidate.in_window:
            continue  # "this week" answered from this week's article: no other week's beside it (a user trial)
        chosen.append(candidate)
    return chosen


def compose_answer(quotes: Sequence[Quote], documents: Mapping[str, DocumentRecord]) -> Answer:
    """The answer quoting ``quotes`` (see ``quotes``); a quote whose document was deleted meanwhile is left out."""
    quotes = [q for q in quotes if q.doc_id in documents]
    if not quotes:
        return Answer(answer=NOT_SUPPORTED, supported=False)
    citations = []
    parts = []
    for n, quote in enumerate(quotes, start=1):
        doc = documents[quote.doc_id]
        citations.append(Citation(n=n, document_id=quote.doc_id, title=doc.title, source=doc.source,
                                  start=quote.start, end=quote.end, quote=quote.text, published=doc.published))
        parts.append(f"{quote.text} [{n}]")
    apart = "\n\n" if any("\n" in q.text for q in quotes) else " "  # passages of paragraphs: a paragraph each
    return Answer(answer=apart.join(parts), supported=True, citations=tuple(citations),
                  sentences=tuple(AnswerSentence(c.quote, True, (c.n,)) for c in citations))


NO_MATCH = "No indexed article matches the filters."


def is_refusal(text: str) -> bool:
    return text.strip().startswith(REFUSED)


def why_refused(answer: Answer, frame: TimeFrame, earliest: str, indexed: bool, filtered_out: bool = False,
                unnamed: Sequence[str] = (), unbylined: DocumentRecord | None = None,
                unnamed_here: Sequence[str] = (), filtered: bool = False) -> Answer:
    """A refusal says why when it is not that no article answers: nothing is indexed (a user trial: `qa ask` on a
    new data folder said "none of the indexed articles ..."), the filters admit no article (``filtered_out``; a
    user trial: a mistyped document id was answered as if the articles did not say), the question is asked as
    of a day before the earliest dated article (a user trial: as of 2023 on a 2024 archive), or it names a person
    no article names (``unnamed``: ``qa.mentions.unknown_names``), or it asks who wrote an
    article whose text names no author but whose record does (``unbylined``, ``qa.bylines.unquoted_author``), or
    it names a thing only articles it may not use name (``unnamed_here``: published after its "as of", or left out
    by the filters, ``filtered``; a user trial's "What did Costco recall?" as of a day before Costco's recall was
    answered with another chain's)."""
    if answer.supported:
        return answer
    if not indexed:
        return replace(answer, answer=f"{REFUSED} No article is indexed yet.")
    if filtered_out:
        return replace(answer, answer=f"{REFUSED} {NO_MATCH}")
    if unnamed:
        return replace(answer, answer=f"{REFUSED} No indexed article names {' or '.join(unnamed)}.")
    if unbylined is not None:
        day = published_day(unbylined.published)
        where = ", ".join(part for part in (unbylined.source, day.isoformat() if day else "") if part)
        return replace(answer, answer=f'{REFUSED} The article "{unbylined.title}"' + (f" ({where})" if where else "")
                       + f" names no author in its text; its record gives {unbylined.author}.")
    if earliest and frame.day.isoformat() < earliest:
        return replace(answer, answer=f"{REFUSED} No dated article had been published by {frame.day.isoformat()} "
                                      f"(the question's \"as of\"): the earliest is of {earliest}.")
    if unnamed_here:
        which, others = (" the filters admit", "another article does") if filtered else ("", "a later one does")
        return replace(answer, answer=f"{REFUSED} No article{which} published by {frame.day.isoformat()} names "
                                      f"{' or '.join(unnamed_here)} ({others}).")
    return answer


def note_time(answer: Answer, frame: TimeFrame, timeless: bool = False) -> Answer:
    """``answer`` saying first, when every article it cites was published outside the window of time the question
    asks about, that it was: a window is a preference, not a filter, so the best passages may lie outside it, and
    the reader is told so in the answer, not left to compare dates. Nothing is said when an article cited is in
    the window or has no date. Without a window, it says so when every article cited is more than a year older
    than ``as_of`` (``OLD_NOTE``), unless what it answers is ``timeless``: who wrote an article is not news that
    ages (a user trial saw "From articles more than a year old ..." before "By Jane Okafor")."""
    dated = [published_day(c.published) for c in answer.citations]
    days = [day for day in dated if day is not None]
    if not days or len(days) < len(dated):
        return answer
    if frame.start is None or frame.end is None:
        # no window asked about: news is asked about now, and a reader of the text alone (an API client, the CLI)
        # is told when every source is more than a year old, as the chat page marks each such source
        old = max(days) < _a_year_before(frame.day) and not answer.note and not timeless
        return with_note(answer, OLD_NOTE) if old else answer
    if any(frame.start <= day <= frame.end for day in days):
        return answer
    side = "before" if max(days) < frame.start else "after" if min(days) > frame.end else "outside"
    asked = frame.phrase or "its dates"
    return with_note(answer, f'From articles published {side} the time asked about ("{asked}"):')


OLD_NOTE = "From articles more than a year old at the time asked about:"


def _a_year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for a 29th): the chat page's test of an old source."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def with_note(answer: Answer, note: str) -> Answer:
    """``answer`` opening with ``note``, which it also carries apart (``Answer.note``, after any it had)."""
    apart = "\n\n" if "\n\n" in answer.answer else " "
    return replace(answer, answer=f"{note}{apart}{answer.answer}", note=f"{note} {answer.note}".strip())
