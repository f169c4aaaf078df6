"""Whether a sentence is about what a question names.

``rarest_terms`` and ``names_one``: a sentence, its article's title or a sentence beside it names one of the
question's named things (by the rarest word of each). ``full_names`` and ``surnamed``: news names a person once
in full, "Ruth Gottesman", then by surname alone ("Gottesman, 93, is a former professor ..."). Such a sentence
is about the person asked about when its article names them in full (in its title or another sentence found
for the question): it covers the question's words as it would with the full name. A surname
another person of the article shares ("Biden" in an article naming both Joe and Hunter Biden) is read as the
one asked about; the inherited cover is a little less sure than the name written out (``qa.evidence``).
``described``: so is a sentence naming an institution of the question by its last word as a common noun ("the
authority's director, Miguel Santander" for "the Harbour Transit Authority"), the article naming it in full.
``article_coverage``: how much of the question an article's title and candidate sentences hold together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from index import DocumentRecord, UnitRecord
from index.lexicon import Lexicon
from index.scope import EVERYTHING, Scope
from qa.candidates import INITIALISM_MIN, Candidates
from qa.lexical import covered_share, initialisms, matches, present_terms, tokenize
from qa.names import GROUP, NOT_A_PERSON, TIME_NAMES, bare_name, capitalised_names, question_names
from qa.places import is_people_word

# a person's name as a question writes it: two or three capitalised words, no initials, no joining words
# ("Ruth Gottesman", "Kamala D Harris" not; "New York" is one too, and "York" alone in an article naming New
# York is rare)
_PERSON = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}")


# a title written short before a name ("Brig. Gen. Kristin Panzenhagen", "Sen. Mark Kelly"): the name is the rest
_TITLES = re.compile(r"^(?:[A-Z][a-z]{1,4}\. )+")


def full_names(question: str) -> list[tuple[str, str]]:
    """The question's names that may be a person's (after any short titles: "Brig. Gen."), each with the surname
    news uses for them later. A trial on the seeds: "Which unit does Brig. Gen. Kristin Panzenhagen command?" was
    refused, the sentence saying "Panzenhagen ... commander of Space Launch Delta 45" covering none of the title's
    words, while the question without them was answered."""
    return [(name, name.split()[-1]) for name in question_names(question)
            if _PERSON.fullmatch(_TITLES.sub("", name))]


def surnamed(names: Iterable[tuple[str, str]], sentence: str, article: str) -> list[str]:
    """The full names of ``names`` (``full_names``) that ``sentence`` mentions by surname alone while ``article``
    (its title and sentences, one text) names them in full."""
    found = []
    for name, surname in names:
        if (re.search(rf"\b{re.escape(surname)}\b", sentence) and name not in sentence
                and re.search(rf"\b{re.escape(_TITLES.sub('', name))}\b", article)):
            found.append(name)
    return found


# a word of a place's people or region ("Scandinavian", "European", "Chinese", "Flemish"): the articles may name the
# place instead
_OF_A_PLACE = re.compile(r"(?:ian|ean|ese|ish)$")


def _person(words: list[str]) -> list[str]:
    """The last two or three of a name's words when they are a person's name ("Laura Pennington" of "Ohio Governor
    Laura Pennington"; not "Nobel Prize", "Mount Everest": a user trial was told "No indexed article names Prize.")."""
    person = next((words[-n:] for n in (3, 2) if len(words) >= n and _PERSON.fullmatch(" ".join(words[-n:]))), [])
    return [] if any(w.lower() in NOT_A_PERSON for w in person) else person


def unknown_names(question: str, lexicon: Lexicon, scope: Scope = EVERYTHING) -> list[str]:
    """What the question names that no sentence or headline of the archive holds: a question about something the
    articles never name is one they cannot answer. A person named in full by the surname, as written ("Kellerman" of
    "Senator Mark Kellerman", "Pennington" of "Ohio Governor Laura Pennington"; a first name may be written
    otherwise); another name whole, when a word of it is unknown ("Toyota" of "How many cars did Toyota recall in
    May 2024?", which a user trial had answered with Tesla's recall), save an initialism ("GCSE": spelled out in
    the articles, as likely as not) and a people's word ("Botswanan": the articles say "Botswana"). With a
    ``scope``, the names no sentence or headline of its articles holds (those before a question's "as of")."""
    asked: dict[str, list[str]] = {}  # each name or surname reported, and its words that must be known
    whole: dict[str, str] = {}  # each name or surname reported, and the whole name it is of
    for name in question_names(question):
        if person := _person(name.split()):
            asked[person[-1]] = [person[-1]]
            whole[person[-1]] = name
    # a thing's name: not a word opening the question ("Name the network ...", "Besides ..."), each of a group
    # ("UK and Scandinavian") apart
    for match in capitalised_names(question, strict=True):
        for name in (bare_name(part) for part in GROUP.split(match.group())):
            words = name.split()
            if words and not _person(words):
                asked[name] = [w for w in words if not w.isupper() and not any(c.isdigit() for c in w)
                               and not is_people_word(w) and not _OF_A_PLACE.search(w)
                               and w.lower() not in TIME_NAMES]  # "May": a month
    # a word is known as the index holds it ("gilgeous-alexander") or apart ("U.S." as "us")
    spellings = {w: [terms for terms in (tokenize(w), tokenize(_apart(w))) if terms]
                 for ws in asked.values() for w in ws}
    # or by its initialism ("UAW" for "United Auto Workers": a trial on 2023's news)
    initials = {name: [i for i in initialisms(whole.get(name, name)) if len(i) >= INITIALISM_MIN] for name in asked}
    wanted = {t for ways in spellings.values() for terms in ways for t in terms} | \
        {i for found in initials.values() for i in found}
    known = set() if not wanted else set(lexicon.document_frequencies("sentences", wanted)) if scope.everything \
        else lexicon.held("sentences", wanted, scope)

    def held(word: str) -> bool:  # a word of no terms ("for") is no name's
        return not spellings[word] or any(all(t in known for t in terms) for terms in spellings[word])

    return [name for name, ws in asked.items() if not all(map(held, ws)) and not set(initials[name]) & known]


def institution_names(question: str) -> list[tuple[str, str]]:
    """The question's names of two words or more, each with its last word as a common noun ("Harbour Transit
    Authority", "authority"): what news calls an institution once named ("the authority said")."""
    named = [(name, name.split()[-1]) for name in question_names(question) if len(name.split()) > 1]
    return [(name, last.lower()) for name, last in named if last[:1].isupper() and last.isalpha()]


def described(names: Iterable[tuple[str, str]], sentence: str, article: str) -> list[str]:
    """The names of ``names`` (``institution_names``) that ``sentence`` calls by their noun ("the authority",
    "the agency", "the council") while ``article`` (its title and sentences, one text) names them in full."""
    return [name for name, noun in names if name not in sentence and re.search(rf"\b[Tt]he {noun}\b", sentence)
            and re.search(rf"\b{re.escape(name)}\b", article)]


def article_texts(candidates: Candidates, documents: dict[str, DocumentRecord]) -> dict[str, str]:
    """Each candidate article's title and candidate sentences, as one text (``surnamed``)."""
    texts: dict[str, list[str]] = {}
    for unit in candidates.sentences.values():
        texts.setdefault(unit.doc_id, [documents[unit.doc_id].title if unit.doc_id in documents else ""])
        texts[unit.doc_id].append(unit.text)
    return {doc_id: "\n".join(parts) for doc_id, parts in texts.items()}


def _apart(text: str) -> str:
    """``text`` with its hyphens and a name's periods as spaces: "US-Mexico" and "U.S.-Mexico" both name Mexico."""
    return re.sub(r"(?<=\w)\.(?=\w)|\.?-", lambda m: "" if m.group() == "." else " ", text)


def rarest_terms(question: str, lexicon: Lexicon) -> set[str]:
    """The rarest term of each of the question's names: "mourinho" of "Jose Mourinho", "harbour" of "Harbour City
    FC" ("FC" and "City" name other clubs too); of each of a pair apart ("Prince Harry and Meghan Markle": a trial
    on 2023's news refused "How long were they followed?", the sentence saying "Meghan's" and its title "Harry")."""
    names = [terms for name in question_names(question) for part in GROUP.split(name)
             if (terms := tokenize(_apart(part)))]
    idf = lexicon.idf({t for terms in names for t in terms})
    return {max(terms, key=lambda t: (idf.get(t, 0.0), t)) for terms in names}


def with_surroundings(unit: UnitRecord, title: str, placed: dict[tuple[str, int], UnitRecord]) -> str:
    """The sentence, its article's title and the sentences beside it (those quoted with it), as one text."""
    beside = (placed.get((unit.doc_id, unit.position + step)) for step in (-1, 1))
    return " ".join([unit.text, title, *(u.text for u in beside if u is not None)])


def names_one(names: set[str], unit: UnitRecord, title: str, placed: dict[tuple[str, int], UnitRecord]) -> bool:
    """Whether the sentence, its article's title or a sentence beside it (quoted with it) names one of the
    question's named things (``names``: the rarest term of each, ``rarest_terms``)."""
    text = with_surroundings(unit, title, placed)
    present = present_terms(_apart(text)) | initialisms(text)  # "U.S." is "us" apart, and "US" as written
    return any(matches(term, present) for term in names)


def article_coverage(question: str, candidates: Candidates, chosen: Iterable[str],
                     documents: dict[str, DocumentRecord], idf: dict[str, float]) -> dict[str, float]:
    """``coverage`` of the question by the title and candidate sentences of each article a chosen sentence is of
    (the article the question is about holds all of it: ``qa.evidence.ARTICLE_WEIGHT``)."""
    doc_ids = {candidates.sentences[unit_id].doc_id for unit_id in chosen}
    present = {doc_id: set(present_terms(documents[doc_id].title if doc_id in documents else ""))
               for doc_id in doc_ids}
    for unit in candidates.sentences.values():
        if unit.doc_id in present:
            present[unit.doc_id] |= present_terms(unit.text)
    return {doc_id: covered_share(question, terms, idf) for doc_id, terms in present.items()}


def headline_names(names: list[str], title: str, text: str) -> list[str]:
    """The ``names`` (of a question) whose every word a sentence's headline ``title`` has and the sentence's ``text``
    has not: an article names its subject once, in its headline (``qa.covered.TITLE_MENTIONS``). As words: "US" is
    not in "USA TODAY", nor "Harbour" in "Harbourside". A headline is read once for all its article's sentences, and
    a sentence only when its headline holds one of the names."""
    headline = _words(title)
    held = [(name, words) for name in names if (words := _words(name)) and words <= headline]
    own = set(tokenize(text)) if held else set()
    return [name for name, words in held if not words <= own]


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """A headline's or a name's words (``tokenize``), kept: an article's headline is asked for each of its sentences."""
    return frozenset(tokenize(text))
