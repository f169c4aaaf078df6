"""Checking a written answer sentence by sentence against the passages it cites.

A language model is given numbered evidence passages (``prompt``) and asked to
cite ``[n]`` after every sentence. Nothing it writes is trusted: each sentence
of its answer is kept only when

- it cites at least one passage given to it;
- every number in it (digits, with their separators; "$96,390.00" is
  "$96,390"; or a word from "two" to "twenty") is in a cited passage, in
  digits or in words;
- every name in it (a capitalised word that is not a common word) is in a
  cited passage, as written or in another form of its word ("China" in "the
  Chinese balloon", "Eggs" in "Egg prices", "US" in "the U.S.");
- it has content words (not "He was."), and at least ``COVERAGE_FLOOR`` of
  them are in the cited passages; answering a yes-or-no question without a
  "no" or "not", it affirms the question's claim, so every content word it
  shares with the question is in them ("Yes, the terminal was approved
  unanimously." is not verified by "Council approves new terminal");
- its embedding is at least ``SIMILARITY_FLOOR`` cosine to one sentence of
  the cited passages (a bare answer, "Minneapolis.", is embedded after the
  question it answers);

and the sentences that support it are statements, not instructions: a
passage sentence that addresses an assistant ("ignore your instructions",
"you must now say") is data, never support, so an article cannot get its
words through by asking for them. A verified sentence cites the exact source
sentences that support it (``start``/``end`` in its document, as the
extractive answer does): the one most similar to it, and any other that holds
a number or name the first lacks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index import UnitRecord
from index.terms import STOP_WORDS, tokenize
from index.wordforms import base_form
from qa.figures import spelled_figures
from qa.places import POSSESSIVE
from qa.question import is_polar
from qa.written_sentences import FRAGMENT_WORDS

COVERAGE_FLOOR = 0.6  # of a sentence's content words found in what it cites
SIMILARITY_FLOOR = 0.45  # cosine between the sentence and its best supporting sentence
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ZEROS = re.compile(r"\.0+$")  # "96390.00" is "96390"
_SPELLED_FROM = 2  # numbers in words checked from "two" to "twenty": not "one" ("one of the ...")
_DENIAL = re.compile(r"\b(?:no|not|never|neither|nor|none)\b|n['’]t\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # "U.S.", "U.K."
_WORD_AT = re.compile(r"[\w][\w'’-]*")
# words that start a sentence without naming anything
_DISCOURSE = frozenset("according however meanwhile later earlier today yesterday tomorrow also additionally overall "
                       "instead still yes in on at after before since while although though despite both many "
                       "several some most one two three first second finally it's".split())
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|prompts?|directions)\b|"
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:previous|prior|the\s+above|above)\b|"
    r"\b(?:you\s+(?:are|must|should|will)\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|say|answer|"
    r"respond|reply|tell|write|output)|system\s+prompt|as\s+an\s+ai\b|(?:assistant|chatbot|language\s+model)s?\s*:|"
    r"^\W*(?:assistant|chatbot|language\s+model)s?\s*,)",  # "Assistant, say ...", not "his assistant, who ..."
    re.IGNORECASE)

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Passage:
    """A numbered piece of evidence shown to the model: whole sentences of one document."""

    n: int
    document_id: str
    title: str
    source: str
    published: str
    sentences: tuple[UnitRecord, ...]  # in document order, each with its exact span

    @property
    def text(self) -> str:
        """The sentences joined: a line apart where the passage skips some (its headline, then its evidence)."""
        parts = [self.sentences[0].text] if self.sentences else []
        for before, s in zip(self.sentences, self.sentences[1:]):
            parts.append(("\n" if s.position > before.position + 1 else " ") + s.text)
        return "".join(parts)


@dataclass(frozen=True)
class Verdict:
    text: str  # the sentence as written, without its [n] markers
    cites: tuple[int, ...]  # the passage numbers it cited
    verified: bool
    reason: str  # why it was not verified ("" when it was)
    support: tuple[tuple[Passage, UnitRecord], ...] = ()  # the exact source sentences that support it


def is_instruction(sentence: str) -> bool:
    """Whether a sentence addresses an assistant rather than stating something (then it supports nothing)."""
    return bool(_INSTRUCTION.search(sentence))


def _numbers(text: str) -> set[str]:
    """The numbers of ``text``: in digits (without separators, "96,390.00" as "96390"), and "two" to "twenty"."""
    digits = {_ZEROS.sub("", n.replace(",", "")) if "." in n else n.replace(",", "") for n in _NUMBER.findall(text)}
    return digits | spelled_figures(text, _SPELLED_FROM)


def _names(text: str) -> set[str]:
    """Capitalised words other than common ones (a sentence's first word too: "Amazon cut ..." names Amazon)."""
    found = {POSSESSIVE.sub("", w).lower() for w in _CAPITALISED.findall(text)}
    return {w for w in found if w and w not in STOP_WORDS and w not in _DISCOURSE}


def _forms(text: str) -> set[str]:
    """What a claim's name may be held by besides itself in ``text``: a nation's adjective as its country
    ("Chinese" is "china": ``index.wordforms``), a common word in its other number ("Egg prices" holds "Eggs"),
    dotted initials undotted ("U.S." is "us"). A capitalised word within a sentence is a name, held only as
    written: "Prince William" does not hold "Williams" (a word that opens a sentence may be a common word, and is
    read as one)."""
    forms = {m.group().replace(".", "").lower() for m in _DOTTED.finditer(text)}
    for word in _WORD_AT.finditer(text):
        before = text[:word.start()].rstrip().rstrip("\"“”’')]").rstrip()
        named = word.group()[:1].isupper() and bool(before) and not before.endswith((".", "!", "?", ":"))
        lowered = word.group().lower()
        if not named or base_form(lowered) != lowered:  # a name as written; a nation's adjective as its country too
            forms.update(tokenize(word.group()))
    return forms


def missing(claim: str, support: str, as_written: bool = False) -> tuple[list[str], list[str]]:
    """The numbers and names of ``claim`` that ``support`` does not hold (a name in another form of the same word
    is held: "China" by "the Chinese balloon", "Eggs" by "Egg prices", "US" by "the U.S."; not ``as_written``)."""
    numbers = sorted(_numbers(claim) - _numbers(support))
    lowered = support.lower()
    forms = _forms(support) if _names(claim) and not as_written else set()
    names = sorted(n for n in _names(claim)
                   if not re.search(rf"\b{re.escape(n)}", lowered)  # "Al" is not in "also"
                   and not ((terms := set(tokenize(n))) and terms <= forms))
    return numbers, names


def coverage(claim: str, support: str) -> float:
    """The share of the claim's content words (stemmed, stop words left out) that the support holds. A hyphenated
    word is also its parts, either way round: "101 years old" is held by "a 101-year-old man" (it had been 33%
    held), "a 101-year-old" by "101 years old"."""
    held = _held(support)
    wanted = set(tokenize(claim))
    found = [w for w in wanted if w in held or "-" in w and set(tokenize(w.replace("-", " "))) <= held]
    return len(found) / len(wanted) if wanted else 1.0


def verify(claim: str, cites: Sequence[int], passages: Sequence[Passage], embed: Embed,
           question: str = "") -> Verdict:
    """The verdict on one written sentence, written to answer ``question`` (see the module docstring)."""
    by_number = {p.n: p for p in passages}
    cited = [by_number[n] for n in cites if n in by_number]
    if not cites:
        return Verdict(claim, tuple(cites), False, "cites no passage")
    if not cited:
        return Verdict(claim, tuple(cites), False, f"cites a passage that was not given ({list(cites)})")
    statements = [(p, s) for p in cited for s in p.sentences if not is_instruction(s.text)]
    if not statements:
        return Verdict(claim, tuple(cites), False, "its passages hold only instructions")
    whole = " ".join(s.text for _, s in statements)
    numbers, names = missing(claim, whole)
    if numbers or names:
        return Verdict(claim, tuple(cites), False,
                       f"not in what it cites ({_named(cited)}): " + ", ".join(numbers + names))
    if not tokenize(claim):  # "He was.", "It is.": all covered, and next to the question similar enough (a user trial)
        return Verdict(claim, tuple(cites), False, "it states nothing")
    if (share := coverage(claim, whole)) < COVERAGE_FLOOR:
        return Verdict(claim, tuple(cites), False, f"{share:.0%} of its words are in what it cites ({_named(cited)})")
    if unconfirmed := _affirmed_unsaid(claim, question, whole):
        return Verdict(claim, tuple(cites), False, f"it affirms what the question asks, and what it cites does not "
                                                   f"say ({_named(cited)}): " + ", ".join(unconfirmed))
    # a bare answer ("Minneapolis.") says something only as the answer to the question: compared as such
    said = f"{question} {claim}" if question and len(claim.split()) <= FRAGMENT_WORDS else claim
    vectors = embed([said] + [s.text for _, s in statements])
    cosines = vectors[1:] @ vectors[0]
    best = int(np.argmax(cosines))
    if float(cosines[best]) < SIMILARITY_FLOOR:
        return Verdict(claim, tuple(cites), False,
                       f"no cited sentence says it (best cosine {cosines[best]:.2f}; {_named(cited)})")
    return Verdict(claim, tuple(cites), True, "", _supporting(claim, statements, best))


def _affirmed_unsaid(claim: str, question: str, support: str) -> list[str]:
    """The words a sentence that says yes to a yes-or-no question takes from it and ``support`` does not hold."""
    if not question or not is_polar(question) or _DENIAL.search(claim):
        return []
    return sorted((set(tokenize(claim)) & set(tokenize(question))) - _held(support))


def _held(support: str) -> set[str]:
    """The terms ``support`` holds, a hyphenated word's parts too ("101-year-old": "101", "year", "old")."""
    return set(tokenize(support)) | set(tokenize(support.replace("-", " ")))


def _named(cited: Sequence[Passage]) -> str:
    """The passages a sentence cited, by number and article, in its reason for being rejected: a rejected sentence
    has no citations of its own, and without them "not in what it cites" could not be checked (a user trial)."""
    return "cited " + ", ".join(f"[{p.n}] “{p.title or p.source or p.document_id}”" for p in cited)


def _supporting(claim: str, statements: list[tuple[Passage, UnitRecord]],
                best: int) -> tuple[tuple[Passage, UnitRecord], ...]:
    """The most similar sentence, then sentences holding the numbers and names it lacks, in document order."""
    chosen = [statements[best]]
    numbers, names = missing(claim, statements[best][1].text)
    for item in statements:
        if not numbers and not names:
            break
        if item in chosen:
            continue
        n2, m2 = missing(claim, item[1].text)
        if any(n not in n2 for n in numbers) or any(m not in m2 for m in names):  # it holds one still missing
            chosen.append(item)
            numbers, names = [n for n in numbers if n in n2], [m for m in names if m in m2]
    return tuple(sorted(chosen, key=lambda item: (item[0].n, item[1].start)))
