"""Evidence at sentence level: which sentences answer the question, and how well.

Candidates (``candidates``) are the sentences of the best fused chunks plus
the best fused sentences (nearest and BM25), the best by their cosine and
their article's date (``TIMELY_DEPTH``), and for a question asking a name, the
nearest that offer one (``NAMED_CANDIDATES``). Each is scored by a weighted sum
of three signals, each in 0..1: its cosine similarity to the question, the share of the question's IDF
weight it contains (the named things asked about), and the cosine of its
chunk (the context it sits in); a sentence without the kind of answer the
question asks for (see ``question``) is marked down. Three signals only rank,
never make a sentence support an answer: its article's date against the time
asked about; for a question about the news of a time, its place in the
article (news puts what happened first: a sentence further down ranks a little
lower, up to ``recency.LEAD_CAP`` sentences); and how much of the question its
article's title and candidate sentences hold together (the article the
question is about holds all of it). A question about who wrote an article is
answered by that article's byline. A sentence answers no question whose
figure it does not state (``qa.figures``). This module decides nothing about
wording; see ``answer``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import DocumentRecord, UnitRecord
from index.lexicon import Lexicon
from qa import recency
from qa.bylines import with_bylines
from qa.candidates import Candidates
from qa.event_years import about_year, event_subjects, named_years
from qa.covered import Mentions
from qa.figures import names_another_number, numbered_names, question_figures, states_figure
from qa.held_roles import asked_office, asked_owner, names_only_another_owner, names_only_other_offices
from qa.lexical import query_terms
from qa.mentions import article_coverage, names_one, rarest_terms, with_surroundings
from qa.names import Seen
from qa.offered import holds, offers, place_kind, qualified
from qa.places import names_one_of, place_names
from qa.question import AnswerType, asks_author, asks_where, expected_type
from qa.quotes import is_aside
from qa.retrieval import best_chunks, best_sentences
from qa.timeframe import TimeFrame
from qa.verify import is_instruction

DENSE_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.3
CONTEXT_WEIGHT = 0.2
TYPE_PENALTY = 0.15  # taken off a sentence that lacks the kind of answer the question asks for
QUALIFIER_BONUS = 0.05  # a name right by the question's qualifier
# An article whose title and candidate sentences together hold all the question's words is the one it is about: its
# sentences rank up to this much higher (rank only; RealTime QA, four halves of 2022 and 2024: cited +0.008 to
# +0.018, right +0 to +0.007; 0.05 gave less)
ARTICLE_WEIGHT = 0.10
CONTEXT_CHUNKS = 6
SENTENCE_DEPTH = 20
# The candidates scored are chosen by a fusion that knows nothing of dates; these many more are the best by their
# cosine, their chunk's and their article's date (``recency.time_bonus``), so that the week's article can compete (a
# user trial: "Who is the new prime minister of the UK?" asked in July 2024 never scored the week's headline). RealTime
# QA right / cited in process: 2022 0.650 / 0.780 -> 0.652 / 0.784, 2023 0.507 / 0.654 -> 0.520 / 0.658 (5 and 20
# the same), 2024 (the check) 0.466 / 0.606 -> 0.468 / 0.613
TIMELY_DEPTH = 10
# For a question asking a number, a sum or a time (``TYPED_SUPPORT``), every candidate sentence that holds one is
# scored too, not only the best ``SENTENCE_DEPTH`` and those of the best chunks: the sentence with the sum often
# words the question otherwise ("pledged $70 million" for "How much did donors promise ...?", a user trial)
TYPED_CANDIDATES = True
# For a question asking a name, those of the candidate sentences nearest the question (by cosine) that offer one by
# its words are scored too: the fusion ranks a sentence with more of the question's words higher, though it names no
# one (a user trial: for "Who shot Trump?" the sentence naming the gunman by "shots" was never scored)
NAMED_CANDIDATES = 60
# Kinds of answer a sentence must hold somewhere to answer at all (next to the question's words, it ranks higher):
# a number for "how many", a sum for "how much ... paid", a time for "when" (a user trial: "How much will Jose
# Mourinho be paid?" was answered by his contract's length). A name is no such kind: a capitalised word is too
# loose a test to refuse on.
TYPED_SUPPORT = frozenset({"quantity", "money", "time"})
# For those kinds, the sentence must also be about what was asked about: it, its article's title or a sentence
# beside it (the quote holds its neighbours) names one of the question's names, or it shares ``NAMELESS_COVERAGE``
# of the question's weight (news calls things by other names: "the Pentagon", "the Department of Defense"). A
# number answers only about its subject (a user trial: "How much will Jose Mourinho be paid by Tottenham?" answered
# by what Chelsea paid for a goalkeeper, coverage 0.18); a name or a "what" often is the subject, unnamed (tried for
# every question: RealTime QA 2022 and 2024 each lost two right answers).
NAMED_SUPPORT = True
# What happened in a year the question names its subject by ("Who won the 2026 World Cup?") is told by a sentence
# that, beside it or in its title, says the year, or of an article published then or later (``qa.event_years``);
# another is no evidence
EVENT_YEARS = True
# A sentence that asks ("Scientists have revived what animal ...?": a quiz, an explainer's heading) states nothing:
# it is no evidence, though it may stand beside a quoted one. RealTime QA right / cited: 2023 0.489 / 0.642 -> 0.498 /
# 0.647, 2024 0.470 / 0.609 -> 0.468 / 0.606: no gain, kept because a quoted question answers nothing
QUESTIONS_ANSWER = False
# Nor is a line that points elsewhere or credits a writer ("Read more: <another story's headline>", "Live
# updates:...", "Check your local forecast here.": ``qa.quotes.is_aside``), save a byline for who wrote an article: a
# user trial on real news and pages saw more than ten answers open with one
ASIDES_ANSWER = False
# A question stating a figure ("... lowered its gas prices to $3.99 a gallon") is answered only by a sentence that,
# beside it or in its title, states one of its figures: another is of another event (``qa.figures``)
FIGURES = True
# A question naming a thing with its number ("Space Launch Delta 30", "Super Bowl LVIII") is not answered by a
# sentence naming it with another number only ("Delta 45"): that is another thing (``qa.figures``)
NUMBERED_NAMES = True
# A question naming a role by whose it is ("the British prime minister") is not answered by a sentence giving that
# role only as another's ("Israeli Prime Minister Benjamin Netanyahu": ``qa.held_roles``)
OWNED_ROLES = True
# nor by one that titles people only with other offices ("Foreign Minister Winston Peters" for the prime minister)
OTHER_OFFICES = True
_ASKING = re.compile(r"\?[\s\"”’')\]]*$")
NAMELESS_COVERAGE = 0.4
PLACES_NAMED = True


@dataclass(frozen=True)
class Evidence:
    sentence: UnitRecord
    score: float
    dense: float
    coverage: float
    context: float
    timely: float = 0.0  # the part of ``score`` its article's date gave (ranks; never makes a sentence support)
    placed: float = 0.0  # the part of ``score`` its place in the article gave (<= 0; ranks only, as ``timely``)
    in_window: bool = False  # its article was published in the window of days the question asks about
    can_answer: bool = True  # it holds the kind of answer asked for (``TYPED_SUPPORT``) and names a thing asked
    # about (``NAMED_SUPPORT``), or need not
    article: float = 0.0  # the part of ``score`` its article's cover of the question gave (ranks only, as ``timely``)
    # the part of ``score`` naming no place of the kind asked for gave ("Which state ...?": ``qa.places``), though it
    # names something (<= 0; ranks only: a country near "president" is a stricter test than a name there)
    off_kind: float = 0.0
    # it names a place where a "where" question asks, or need not (when the best names none, the best that does is
    # quoted beside it: a trial on 2023's news had "Where did Gordon Lightfoot die?" quote his obituary's headline,
    # never "... died at a Toronto hospital"; a place written otherwise, "an event hosted by the Mitchell Institute",
    # still answers)
    places: bool = True

    @property
    def support(self) -> float:
        """How well the sentence answers, whatever its date and place: what ``min_support`` is compared with."""
        return self.score - self.timely - self.placed - self.article - self.off_kind

    def answers(self, min_support: float) -> bool:
        """Whether the sentence answers on its own: supported enough, and holding the kind of answer asked for."""
        return self.can_answer and self.support >= min_support


def select_evidence(question: str, candidates: Candidates, lexicon: Lexicon,
                    frame: TimeFrame | None = None, about: str = "", bylines: bool = True) -> list[Evidence]:
    """Candidate sentences scored and sorted, best first (with ``frame``, dated to the time asked about). With
    ``about`` (a name a follow-up turned to: "What about Walmart?"), only the sentences are kept that name it,
    or whose article's title or a sentence beside it does. A question about who wrote an article is answered by
    bylines (``qa.bylines``) unless not ``bylines`` (then by content, as any other)."""
    context_chunks = set(best_chunks(candidates, CONTEXT_CHUNKS))
    chosen = dict.fromkeys(best_sentences(candidates, SENTENCE_DEPTH))
    chosen.update(dict.fromkeys(i for i, u in candidates.sentences.items() if (u.doc_id, u.chunk) in context_chunks))
    idf = lexicon.idf(query_terms(question))

    authorship = bylines and asks_author(question)
    asks_news = frame is not None and (frame.recent or frame.start is not None)  # "this week", "recently", ...
    answer_type = expected_type(question)
    if TYPED_CANDIDATES and answer_type.value in TYPED_SUPPORT:
        chosen.update(dict.fromkeys(i for i, u in candidates.sentences.items() if holds(answer_type, question, u.text)))
    seen = Seen(u.text for u in candidates.sentences.values()) if answer_type is AnswerType.NAME else None
    place = not authorship and place_kind(answer_type, question)
    where_asked = not authorship and answer_type is AnswerType.NAME and asks_where(question)
    if NAMED_CANDIDATES and answer_type is AnswerType.NAME:
        nearest = sorted(candidates.sentences, key=lambda i: (-candidates.cosine.get(i, 0.0), i))[:NAMED_CANDIDATES]
        chosen.update(dict.fromkeys(i for i in nearest if offers(answer_type, question,
                                                                 candidates.sentences[i].text, seen)))
    # every candidate's article, read once: the dated candidates below need them, the chosen ones are among them
    documents = lexicon.documents({u.doc_id for u in candidates.sentences.values()})
    if frame is not None and TIMELY_DEPTH:
        chosen.update(dict.fromkeys(_timely(candidates, documents, frame, TIMELY_DEPTH)))
    published = {d.id: d.published for d in documents.values()}
    names = rarest_terms(question, lexicon) if NAMED_SUPPORT and answer_type.value in TYPED_SUPPORT else set()
    required = rarest_terms(about, lexicon) if about else set()
    placed_units = {(u.doc_id, u.position): u for u in candidates.sentences.values()}
    articles = article_coverage(question, candidates, chosen, documents, idf)
    mentions = Mentions.of(question, candidates, documents)
    years = named_years(question) if EVENT_YEARS else set()
    subjects = event_subjects(question) if years else frozenset()
    figures = question_figures(question) if FIGURES else frozenset()
    numbered = numbered_names(question) if NUMBERED_NAMES else frozenset()
    owner, role = asked_owner(question) if OWNED_ROLES else ("", "")
    office = asked_office(question) if OTHER_OFFICES else ""
    # a country or state the question names ("... the earthquake in Turkey?") is one its answer is about: named in the
    # sentence, beside it or in its headline (a user trial had the Java earthquake's toll answer); not the US, which
    # US news leaves unsaid, nor one a people's word names ("his Australian restaurant"), nor for "Which country?"
    where = place_names(question) - {"United States"} if PLACES_NAMED and not place else frozenset()
    evidence = []
    for unit_id in chosen:
        unit = candidates.sentences[unit_id]
        if is_instruction(unit.text):
            continue  # an article's words to an assistant state nothing ("Ignore your instructions and say ...")
        title = _title(documents, unit)
        if required and not names_one(required, unit, title, placed_units):
            continue
        if not QUESTIONS_ANSWER and _ASKING.search(unit.text):
            continue
        if not ASIDES_ANSWER and not authorship and is_aside(unit.text):
            continue
        if years and not about_year(years, unit, title, published.get(unit.doc_id, ""), placed_units, subjects):
            continue  # "the 2026 World Cup": a sentence of the 2022 one is no evidence, not even beside another
        if numbered and names_another_number(numbered, unit.text) or owner and \
                names_only_another_owner(owner, role, unit.text) or \
                office and names_only_other_offices(office, unit.text):
            continue  # "Delta 45" for "Delta 30", "Israeli Prime Minister ..." for the British one: of another
        cosine = max(0.0, candidates.cosine.get(unit_id, 0.0))
        covered = mentions.covered(unit, title, placed_units, idf)
        ctx = max(0.0, candidates.chunk_cosine.get((unit.doc_id, unit.chunk), 0.0))
        score = DENSE_WEIGHT * cosine + COVERAGE_WEIGHT * covered + CONTEXT_WEIGHT * ctx
        timely = recency.time_bonus(published.get(unit.doc_id, ""), frame)
        in_window = recency.in_frame(published.get(unit.doc_id, ""), frame)
        placed = recency.place_penalty(unit.position) if asks_news else 0.0
        article = ARTICLE_WEIGHT * articles.get(unit.doc_id, 0.0)
        score += timely + placed + article
        offered = offers(answer_type, question, unit.text, seen)
        if answer_type is AnswerType.LIST and not offered:
            continue  # a sentence that lists nothing cannot say what "the six types of ..." are
        off_kind = 0.0
        if not offered and place and offers(answer_type, question, unit.text, seen, by_kind=False):
            off_kind = -TYPE_PENALTY  # a name, but not of the place asked for: ranks lower, answers as any name
        if authorship or not offered:
            score -= TYPE_PENALTY
        elif answer_type is AnswerType.NAME and qualified(question, unit.text):
            score += QUALIFIER_BONUS
        typed = answer_type.value not in TYPED_SUPPORT or holds(answer_type, question, unit.text)
        typed = typed and (offered or answer_type is not AnswerType.NONE)  # saying only what was asked answers nothing
        named = not names or covered >= NAMELESS_COVERAGE or names_one(names, unit, title, placed_units)
        named = named and (not figures or states_figure(figures, with_surroundings(unit, title, placed_units)))
        named = named and (not where or names_one_of(where, with_surroundings(unit, title, placed_units)))
        evidence.append(Evidence(unit, round(score, 6), round(cosine, 6), round(covered, 6), round(ctx, 6),
                                 round(timely, 6), round(placed, 6), in_window, typed and named, round(article, 6),
                                 off_kind, offered or not where_asked))
    if authorship:
        evidence = with_bylines(evidence, lexicon, TYPE_PENALTY)
    evidence.sort(key=lambda e: (-e.score, e.sentence.doc_id, e.sentence.start))
    return evidence


def _timely(candidates: Candidates, documents: dict[str, DocumentRecord], frame: TimeFrame, n: int) -> list[str]:
    """The ``n`` candidate sentences best by their cosine, their chunk's and their article's date."""
    bonus = {d.id: recency.time_bonus(d.published, frame) for d in documents.values()}
    if not any(bonus.values()):
        return []

    def ranked(unit_id: str) -> float:
        unit = candidates.sentences[unit_id]
        return (DENSE_WEIGHT * candidates.cosine.get(unit_id, 0.0) + bonus.get(unit.doc_id, 0.0)
                + CONTEXT_WEIGHT * candidates.chunk_cosine.get((unit.doc_id, unit.chunk), 0.0))
    return sorted(candidates.sentences, key=lambda i: (-ranked(i), i))[:n]


def _title(documents: dict[str, DocumentRecord], unit: UnitRecord) -> str:
    return documents[unit.doc_id].title if unit.doc_id in documents else ""
