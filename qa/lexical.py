"""BM25 over short texts, with the query-term coverage used to judge evidence.

Tokens are lower-cased words with a light suffix strip, minus stop words; the
index is a plain in-memory posting list, rebuilt from Chroma's texts (see
``snapshot``), never persisted on its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence, Set as AbstractSet
from functools import lru_cache

from qa.wordforms import base_form

_WORD = re.compile(r"[\w][\w'’-]*", re.UNICODE)
_NAME_RUN = re.compile(r"(?:\b[A-Z][\w'’-]*\s+)+[A-Z][\w'’-]*\b")
PREFIX_MIN = 5  # "japan" matches "japanes(e)", "partner" matches "partnership"
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over own
    said same says she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who whom
    whose why will with would you your yours yourself yourselves also""".split()
)


def _stem(word: str) -> str:
    """A light, consistent suffix strip: invite/invited/invites -> invit, leading -> lead, took -> take."""
    word = word.replace("’", "'").removesuffix("'s").strip("'-")
    word = base_form(word)
    if word.endswith("s") and base_form(word[:-1]) != word[:-1]:  # "Americans"
        word = base_form(word[:-1])
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Content-word tokens of ``text``."""
    words = (w.lower() for w in _WORD.findall(text))
    return [_stem(w) for w in words if w not in STOP_WORDS and len(w) > 1 or w.isdigit()]


def initialisms(text: str) -> set[str]:
    """Initialisms of runs of capitalised words: "NZ Defence Force" -> "nzdf" (all-caps words count whole)."""
    found = set()
    for match in _NAME_RUN.finditer(text):
        words = match.group().split()
        found.add("".join(w if w.isupper() else w[0] for w in words).lower())
    return found


def matches(term: str, present: AbstractSet[str]) -> bool:
    if term in present:
        return True
    if len(term) < PREFIX_MIN:
        return False
    return any(len(word) >= PREFIX_MIN and (word.startswith(term) or term.startswith(word)) for word in present)


def _words_of(text: str, initialism: str) -> list[str]:
    for match in _NAME_RUN.finditer(text):
        words = match.group().split()
        if "".join(w if w.isupper() else w[0] for w in words).lower() == initialism:
            return words
    return []


@lru_cache(maxsize=256)
def _query_side(query: str) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """A query's terms, and the terms each of its initialisms spells out; once per query, not per candidate."""
    spelled = {i: frozenset(tokenize(" ".join(_words_of(query, i)))) for i in initialisms(query)}
    return frozenset(tokenize(query)), spelled


class BM25:
    """Okapi BM25 over a fixed list of texts."""

    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._lengths: list[int] = []
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, text in enumerate(texts):
            counts = Counter(tokenize(text))
            self._lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self._postings[term].append((i, tf))
        self.size = len(self._lengths)
        self._avg = (sum(self._lengths) / self.size) if self.size else 0.0

    def idf(self, term: str) -> float:
        df = len(self._postings.get(term, ()))
        return math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))

    def scores(self, query: str, allowed: set[int] | None = None) -> dict[int, float]:
        """BM25 score of every text sharing a term with ``query`` (optionally only ``allowed`` ones)."""
        result: dict[int, float] = defaultdict(float)
        for term in sorted(set(tokenize(query))):  # a fixed order: the same sums in every process
            idf = self.idf(term)
            for i, tf in self._postings.get(term, ()):
                if allowed is not None and i not in allowed:
                    continue
                norm = tf + self.k1 * (1 - self.b + self.b * self._lengths[i] / (self._avg or 1.0))
                result[i] += idf * tf * (self.k1 + 1) / norm
        return dict(result)

    def top(self, query: str, n: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        scored = self.scores(query, allowed)
        return sorted(scored.items(), key=lambda item: -item[1])[:n]

    def coverage(self, query: str, text: str) -> float:
        """Share of the query's IDF weight whose terms occur in ``text`` (0..1)."""
        terms, spelled = _query_side(query)
        if not terms:
            return 0.0
        present = set(tokenize(text)) | initialisms(text)
        weights = {t: self.idf(t) for t in terms}
        covered = {t for t in terms if matches(t, present)}
        for initialism, spelled_terms in spelled.items():  # "NZ Defence Force" asked, "NZDF" written
            if initialism in present:
                covered |= terms & spelled_terms
        total = math.fsum(weights.values())  # fsum: the same figure whatever order the sets iterate in
        return math.fsum(weights[t] for t in covered) / total if total else 0.0
