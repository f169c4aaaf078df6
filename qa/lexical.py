"""Lexical judgement of evidence: how much of a question's IDF weight a sentence covers.

Terms are ``index.terms``; IDF comes from the derived index's document
frequencies (``Lexicon.idf``). A question's initialism matches its spelled-out
name, a long term matches its prefix forms ("japan", "japanese"), and a
British spelling its American one ("honour", "honor").
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Set as AbstractSet
from functools import lru_cache

from index.terms import STOP_WORDS, tokenize as _terms
from qa.synonyms import synonyms

_NAME_RUN = re.compile(r"(?:\b[A-Z][\w'’-]*[^\S\n]+)+[A-Z][\w'’-]*\b")  # within a line, as ``qa.names``
PREFIX_MIN = 5  # "japan" matches "japanes(e)", "partner" matches "partnership"
# A number's compound covers its words: "the 22-year-old Italian" covers "How old", "the 30-date run" "How many
# dates". Not every hyphenated word covers its parts: "second-largest" is not "largest" (tried: 2024 lost two
# questions, a runner-up quoted for "the largest cryptocurrency").
NUMBER_COMPOUNDS = True
_NUMBER_COMPOUND = re.compile(r"\b\d[\d,.]*(?:-[^\W\d_]+)+")
__all__ = ["STOP_WORDS", "american", "coverage", "covered_share", "initialisms", "matches", "present_terms",
           "query_terms", "spelled_both_ways", "tokenize"]


# "said" and "says" are stop words, so a question's "say" ("What did Collins say?") is matched only by the rare
# sentence that says "say" or "saying": it would lower the coverage of the sentences that answer (a user trial:
# refused). A query's terms leave it out; the index keeps it (its terms are ``index.terms``'). So does "else" ("Who
# else is Dominion suing?", a trial on 2023's news: refused, where "Dominion has sued One American News Network")
_SPEECH = frozenset({"say", "else"})


def tokenize(text: str) -> list[str]:
    """``index.terms.tokenize`` without the terms ``_SPEECH``: what questions and sentences are compared on."""
    return [t for t in _terms(text) if t not in _SPEECH]


# British and American spellings of one word, as tokens (stemmed): "honour" / "honor", "centre" / "center",
# "defence" / "defense", "organised" / "organized", "programme" / "program", "travelled" / "traveled". A question
# written one way is answered by news written the other (RealTime QA: "the US Navy's top civilian honour" against
# "a major honor from the U.S. Navy"). Both sides are brought to one form; two different words meet only where
# one is the other's spelling.
SPELLINGS = True
_SPELLING = ((re.compile(r"(?<=[a-z]{2})our(?=$|abl|it)"), "or"), (re.compile(r"(?<=[a-z]{3}[^aeiou])r$"), "er"),
             (re.compile(r"(?<=[a-z]{3})enc$"), "ens"), (re.compile(r"(?<=[a-z]{3})is(?=$|ation)"), "iz"),
             (re.compile(r"(?<=[a-z]{4})mm$"), "m"), (re.compile(r"(?<=[a-z]{3}[aeiou])ll$"), "l"))


@lru_cache(maxsize=50_000)
def american(term: str) -> str:
    """The American spelling of a token ("honour" -> "honor", "centr" -> "center"); others as they are."""
    if not SPELLINGS or len(term) < 5:
        return term
    for pattern, replacement in _SPELLING:
        term = pattern.sub(replacement, term)
    return term


def spelled_both_ways(terms: AbstractSet[str]) -> set[str]:
    """``terms`` with the American spelling of each added (``american``)."""
    return set(terms) | {american(t) for t in terms}


def _name_runs(text: str) -> list[list[str]]:
    """Runs of two or more capitalised words, without a leading stop word ("Which New Zealand" -> "New Zealand":
    a question's or sentence's first word is capitalised whatever it is)."""
    runs = []
    for match in _NAME_RUN.finditer(text):
        words = match.group().split()
        while words and words[0].lower() in STOP_WORDS:
            words = words[1:]
        if len(words) >= 2:
            runs.append(words)
    return runs


def _initialism(words: list[str]) -> str:
    return "".join(w if w.isupper() else w[0] for w in words).lower()


def initialisms(text: str) -> set[str]:
    """Initialisms of runs of capitalised words: "NZ Defence Force" -> "nzdf" (all-caps words count whole)."""
    return {_initialism(words) for words in _name_runs(text)}


def matches(term: str, present: AbstractSet[str]) -> bool:
    if term in present or not present.isdisjoint(synonyms(term)):  # "won" asked, "defeated" written
        return True
    if american(term) in present:  # "honour" asked, "honor" written: ``present`` is ``spelled_both_ways``
        return True
    if any(c.isdigit() for c in term) and (term + "s" in present or term.removesuffix("s") in present):
        return True  # a model's plural, which the stemmer leaves alone when short: "P8" / "P8s"
    if len(term) < PREFIX_MIN:
        return False
    return any(len(word) >= PREFIX_MIN and (word.startswith(term) or term.startswith(word)) for word in present)


@lru_cache(maxsize=256)
def _query_side(query: str) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """A query's terms, and the terms each of its initialisms spells out; once per query, not per candidate."""
    spelled: dict[str, frozenset[str]] = {}
    for words in _name_runs(query):  # the first run with an initialism spells it
        spelled.setdefault(_initialism(words), frozenset(tokenize(" ".join(words))))
    return frozenset(tokenize(query)), spelled


def query_terms(query: str) -> frozenset[str]:
    """The terms whose IDF ``coverage`` weighs for this query."""
    return _query_side(query)[0]


@lru_cache(maxsize=8192)  # a question reads each candidate sentence for itself and for its article
def present_terms(text: str) -> frozenset[str]:
    """The terms ``coverage`` finds in ``text``: its tokens (both spellings), initialisms and numbers' compounds."""
    present = spelled_both_ways(set(tokenize(text))) | initialisms(text)
    if NUMBER_COMPOUNDS:  # read from the text: the stemmer takes "30-date" for one word ("30-dat")
        present |= set(tokenize(" ".join(m.group().replace("-", " ") for m in _NUMBER_COMPOUND.finditer(text))))
    return frozenset(present)


def coverage(query: str, text: str, idf: Mapping[str, float]) -> float:
    """Share of the query's IDF weight whose terms occur in ``text`` (0..1); ``idf`` covers ``query_terms``."""
    return covered_share(query, present_terms(text), idf)


def covered_share(query: str, present: AbstractSet[str], idf: Mapping[str, float]) -> float:
    """``coverage`` of the terms ``present`` (``present_terms`` of a text, or of several texts together). The
    context a follow-up was asked in ("Who is the police commissioner there? (Americans; Bahamas; Great Exuma)")
    names what it may be about, any one of them: it weighs as its weightiest name, covered as its best covered (a
    trial on 2022's news: that follow-up was refused, the sentence naming "Royal Bahamas Police Force Commissioner
    Paul Rolle" covering a third of the context's words, while "... in the Bahamas?" was answered)."""
    terms, spelled = _query_side(query)
    if not terms:
        return 0.0
    weights = {t: idf.get(t, 0.0) for t in terms}
    covered = {t for t in terms if matches(t, present)}
    for initialism, spelled_terms in spelled.items():  # "NZ Defence Force" asked, "NZDF" written
        if initialism in present:
            covered |= terms & spelled_terms
    names = _context_names(query, terms)
    if len(names) < 2:
        total = math.fsum(weights.values())  # fsum: the same figure whatever order the sets iterate in
        return math.fsum(weights[t] for t in covered) / total if total else 0.0
    context = frozenset().union(*names)
    own = terms - context
    sizes = [math.fsum(weights[t] for t in name) for name in names]
    share = max((math.fsum(weights[t] for t in name & covered) / size if size else 0.0)
                for name, size in zip(names, sizes))
    total = math.fsum(weights[t] for t in own) + max(sizes)
    return (math.fsum(weights[t] for t in own & covered) + share * max(sizes)) / total if total else 0.0


_CONTEXT = re.compile(r"\?\s*((?:\([^()]*\)\s*)+)$")


@lru_cache(maxsize=256)
def _context_names(query: str, terms: frozenset[str]) -> tuple[frozenset[str], ...]:
    """The terms of each name of the context appended to a follow-up (its parentheses after the "?", "; "-joined),
    without those the question itself has."""
    found = _CONTEXT.search(query)
    if not found:
        return ()
    own = frozenset(tokenize(query[:found.start()]))
    names = (frozenset(tokenize(name)) - own for group in re.findall(r"\(([^()]*)\)", found.group(1))
             for name in group.split("; "))
    return tuple(name for name in names if name and name <= terms)
