"""The extractive answer to one question: its evidence chosen and quoted, or a refusal that says why.

``qa.service`` calls it under its read lock, with the question's time and scope resolved; a language model, when
one is configured, then writes from the sentences chosen here (``qa.written``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from index import Embedder, Store
from index.lexicon import Lexicon
from index.scope import Scope
from qa.answer import Answer, choose_sentences, compose_answer, why_refused
from qa.bylines import unquoted_author
from qa.candidates import gather
from qa.digest import ARTICLES as DIGEST_ARTICLES
from qa.digest import latest_answer, names_no_subject
from qa.evidence import Evidence, select_evidence
from qa.mentions import unknown_names
from qa.question import asks_author
from qa.quotes import quote_passages
from qa.timeframe import TimeFrame, without_time_words


def extractive_answer(question: str, frame: TimeFrame, scope: Scope, focus: Scope | None,
                      filters: Mapping[str, object] | None, about: str, lexicon: Lexicon, store: Store,
                      embedder: Embedder, min_support: float, max_citations: int, quote_neighbours: int,
                      lap: Callable[[str], None]) -> tuple[Answer, list[Evidence]]:
    """The answer quoting the best evidence of the articles in ``scope`` (``focus``: those of the time asked
    about), and the sentences it chose; with ``about`` (a name), only a passage naming it answers. ``lap`` marks
    each step's time ("embed", "retrieve", "evidence")."""
    matched = without_time_words(question, frame)  # the window asks for the time, not these words
    # "What happened this week?": the week's newest articles, not a sentence that says "happened"
    latest = latest_answer(frame, scope, lexicon, store.texts, DIGEST_ARTICLES) \
        if names_no_subject(matched, frame.phrase) and not about else None
    # a question naming in full someone no sentence or headline names: nothing can answer it, and the
    # refusal says so (a user trial's invented senator had been answered with another man's words)
    unnamed = unknown_names(matched, lexicon) if latest is None else []
    # one named only by articles it may not use (published after its "as of", or not among the filtered): the same
    unnamed_here = unknown_names(matched, lexicon, scope) if latest is None and not unnamed and not scope.everything \
        else []
    chosen: list[Evidence] = []
    unbylined = None  # who wrote an article whose text names no author: its record's, for the refusal
    if latest is not None:
        answer = latest
    elif unnamed or unnamed_here:
        answer = compose_answer([], {})
    else:
        vector = embedder.embed_query(matched)
        lap("embed")
        candidates = gather(matched, vector, lexicon, store, scope, focus)
        lap("retrieve")
        evidence = select_evidence(matched, candidates, lexicon, frame, about)
        lap("evidence")
        chosen = choose_sentences(evidence, min_support, max_citations)
        if not chosen and asks_author(question):
            unbylined = unquoted_author(select_evidence(matched, candidates, lexicon, frame, about, bylines=False),
                                        lexicon, min_support)
        around = 0 if asks_author(question) else quote_neighbours  # a byline is the whole answer
        quotes = quote_passages([e.sentence for e in chosen], around, lexicon, store.texts)
        answer = compose_answer(quotes, lexicon.documents(q.doc_id for q in quotes))
    if not answer.supported:
        indexed = lexicon.size("chunks") > 0
        filtered_out = bool(filters) and scope.only is not None and not scope.only
        answer = why_refused(answer, frame, lexicon.earliest_day(), indexed, filtered_out, unnamed, unbylined,
                             unnamed_here, bool(filters))
    return answer, chosen
