"""A question that names no subject ("What happened this week?", "What are the top stories today?"): the latest
articles of the time it asks about, each quoted from its first line (its headline) and the sentence after it.

Matched by its words alone, such a question had been answered, as supported, with any sentence that says "What
happened": "What happened later: Officials said Lesin's neck was fractured ..." (a user trial, as of a week
holding the collapse of Baltimore's Key Bridge). Which story of the week matters most is not for word patterns to
say; the newest are shown, one per headline, and the answer says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from index import DocumentRecord
from index.calendar_words import months_spelt
from index.lexicon import Lexicon
from index.scope import Scope
from qa.answer import REFUSED, Answer, compose_answer, with_note
from qa.lexical import tokenize
from qa.quotes import Quote, is_aside, is_dateline, unmarked
from qa.timeframe import TimeFrame

# what a question asking for the news says besides its time ("happened", "the top stories", "the latest news")
_NEWS_WORDS = frozenset(tokenize("happen happened happening news story stories top latest headline headlines going "
                                 "new main biggest big important event events update updates what's tell show "
                                 "week weeks day days month today tonight yesterday morning recent recently current "
                                 "now world"))
ARTICLES = 5  # articles such an answer quotes (whatever ``QA_MAX_CITATIONS``, which is for answers to a question)
_ENDS = tuple(".!?\"'”’)")
OPENING = 3  # sentences an article's opening is quoted by, at most
_LOOKED_AT = 200  # the newest documents read, at most, to find the answer's few (of those a filter leaves)


def names_no_subject(matched: str, phrase: str = "") -> bool:
    """Whether a question, its time words taken out, asks only for the news: some word of ``_NEWS_WORDS`` and no
    other ("What happened?", "top stories"; not "Why?", which is a follow-up's). ``phrase``: the words that set the
    question's window, taken out here too where they are a date ("in March", kept in ``matched`` for searching: a
    user trial's "What happened in March?" quoted lines about the equinox), its month spelt right ("in Marhc")."""
    text = months_spelt(matched)
    # "What is new?": its time word is all it asks ("new"), so nothing is taken out that would leave nothing
    terms = (set(tokenize(text.replace(phrase, " "))) if phrase else set()) or set(tokenize(text))
    return bool(terms) and terms <= _NEWS_WORDS


def latest_answer(frame: TimeFrame, scope: Scope, lexicon: Lexicon, texts: Callable[[Sequence[str]], Mapping[str, str]],
                  count: int) -> Answer:
    """The answer quoting the openings of the latest articles (``latest_articles``), saying what it is; a refusal
    saying so when the time asked about has no dated article (not a sentence of another time that says "happened")."""
    records = latest_articles(frame, scope, lexicon, count)
    full = texts([r.id for r in records])
    quotes = [quote for r in records if (quote := _opening(r.id, lexicon, full.get(r.id, ""))) is not None]
    answer = compose_answer(quotes, {r.id: r for r in records})
    if not answer.supported and not lexicon.latest_day():  # undated articles only: none is the latest
        return replace(answer, answer=f"{REFUSED} No indexed article has a published date to tell the latest by.")
    if not answer.supported:
        return replace(answer, answer=f"{REFUSED} No article was published {_asked(frame)}.")
    return with_note(answer, f"The question names no subject; the latest articles {_asked(frame)}:")


def latest_articles(frame: TimeFrame, scope: Scope, lexicon: Lexicon, count: int) -> list[DocumentRecord]:
    """The ``count`` newest articles in ``scope`` published in the window ``frame`` asks about (without one, up to
    the day it is asked as of), one per headline (a story syndicated twice is one)."""
    since = frame.start.isoformat() if frame.start is not None else ""
    until = min(frame.end, frame.day).isoformat() if frame.end is not None else frame.day.isoformat()
    chosen: list[DocumentRecord] = []
    titles: set[str] = set()
    for record in lexicon.latest_documents(since, until, _LOOKED_AT, scope.only):
        title = " ".join(record.title.lower().split())
        if scope.admits(record.id, record.published) and (not title or title not in titles):
            chosen.append(record)
            titles.add(title)
        if len(chosen) == count:
            break
    return chosen


def _opening(doc_id: str, lexicon: Lexicon, text: str) -> Quote | None:
    """An article's first line (its headline, or its first sentences on that line) and the sentence after it, past a
    dateline, a credit or a byline ("Harbour fares cut\n\nCNN —\n\nThe ferry will cost ..."), at most ``OPENING``
    sentences: a headline a sentence splitter cut in two ("I'm a Realtor. NAR settlement may ...") is quoted
    whole, with the story's first sentence. None when the article has no sentence."""
    opening = lexicon.sentences_between(doc_id, 0, 2 * OPENING)
    if not opening:
        return None
    first = opening[0]
    if text[first.start:first.end] != first.text:  # a newer version being written: the sentence alone
        return unmarked(Quote(first.doc_id, first.start, first.end, first.text))
    line_end = text.find("\n", first.start)
    if line_end < 0:  # one line: its first sentences
        line_end = len(text)
    end, taken = first.end, 1
    for u in opening[1:]:
        if taken == OPENING or text[u.start:u.end] != u.text:
            break
        if u.start > line_end and (is_aside(u.text) or is_dateline(u.text) or _label(u.text)):
            continue  # reached through to the story's first sentence
        end, taken = u.end, taken + 1
        if u.start > line_end:
            break
    return unmarked(Quote(first.doc_id, first.start, end, text[first.start:end]))


def _label(line: str) -> bool:
    """A few words that end no sentence: a byline without "By" ("Emily Ross"), a section's name, a kicker."""
    return len(line.split()) <= 6 and not line.rstrip().endswith(_ENDS)


def _asked(frame: TimeFrame) -> str:
    return f'in "{frame.phrase}"' if frame.phrase and frame.start is not None else f"up to {frame.day.isoformat()}"
