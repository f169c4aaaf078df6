"""Whether a sentence offers the kind of answer a question expects (``question``): something of that kind
*not already in the question* (restating the question's own names is not an answer), by the question's words
(``offers``) or anywhere in it (``holds``); and a name by the question's qualifier ("which Dutch bank":
``qualified``). Patterns and capitalisation, no language model.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from functools import lru_cache

from index.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from qa.lexical import STOP_WORDS, matches, tokenize
from qa.names import capitalised_names
from qa.places import (POSSESSIVE, asked_place, canonical, is_people_word, named_places, names_place_of, place_names,
                       places)
from qa.question import NUMBER_WORDS, AnswerType, asked, asks_where, asks_year
from qa.restating import restates

_MONTHS = [*MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS]
_UNITS = "second|minute|hour|day|week|month|year|decade"
# a unit of time as a word of its own ("for three years", "a century"), not inside another word: "Thursday", "today"
# and "holiday" count nothing (a trial on 2022's news: "Oklahoma on Thursday executed ... Postelle" was taken for
# a sentence holding the figure "How old was Gilbert Ray Postelle?" asks for)
_DURATION = rf"\b(?:{_UNITS}|centur)"
_YEARS = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)s?\b")  # a year or decade as a time: "1984", "the 1990s"
_TIME = re.compile(_YEARS.pattern + r"|\b(?:" + "|".join(_MONTHS) + r")\b|\b(?:ago|yesterday|today|"
                   r"tomorrow|recently|last|next)\b|"
                   # a time counted back or on: "11 months ago", "two weeks later"
                   r"\b(?:\d+|an?|" + "|".join(NUMBER_WORDS[:12]) + r"|several|few)\s+"
                   rf"(?:{_UNITS})s?\s+(?:ago|earlier|before|later)\b",
                   re.IGNORECASE)
# a share said in words: "fall by a third", "two-fifths of", "a tenth"
_FRACTION = r"\b(?:an?|one|two|three|four)[\s-]+(?:third|fourth|fifth|sixth|tenth|hundredth)s?\b"
_QUANTITY = re.compile(r"\d|\b(?:" + "|".join(NUMBER_WORDS) + r")\b|" + _FRACTION + "|" + _DURATION, re.IGNORECASE)
_CURRENCY = r"(?:dollars?|euros?|pounds?|yen|cents?|usd|nzd|aud)"
# a sum: its symbol with its figure ("$10,000", "£7m": a symbol alone holds no word, so it adds nothing the
# question lacks), a figure with its currency or scale ("40 dollars", "2 billion"), or words of money
_MONEY = re.compile(r"[$€£¥]\s?\d[\d,.]*(?:\s?(?:[mk]|bn|million|billion|trillion)\b)?|\b\d[\d,.]*\s?(?:"
                    + _CURRENCY + r"|million|billion|trillion)\b|\b(?:" + _CURRENCY
                    + r"|million|billion|trillion|budget|funding|cost)\b", re.IGNORECASE)
WORD = re.compile(r"\w+")
_FIGURE = re.compile(r"\d|\b(?:" + "|".join(NUMBER_WORDS[:-1]) + r")\b", re.IGNORECASE)  # not "several"
NEAR = 8  # an answer must sit within this many words of a word of the question
# counted from either end of a name of several words: "the Marine Education, Research and Rehabilitation Institute,
# a local nonprofit ..., responded" answers "What organization responded ...?" (RealTime QA: counted from the first
# word, it was too far)
SPAN_NEAR = True
_ENUMERATION = re.compile(r"[:;,]|\b(?:and|or|as\s+well\s+as)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a number that may be a year or a count ("2000 people"): ``_is_year``
_BEFORE_A_YEAR = frozenset("in since from until before after during the this that its their last next early late mid"
                           .split()) | frozenset(_MONTHS)  # not "to", "by", "of": "grew to 2000 people"
YEARS_ARE_NO_COUNT = True


def _is_year(sentence: str, match: re.Match[str]) -> bool:
    """Whether a number of 1900-2099 is a year ("in 2024,", "Resolute Space 2025.", "the 2024 election"), not a
    count ("2000 people"): "How many ...?" is not answered by a year (a user trial)."""
    after = sentence[match.end():].lstrip()
    if not after[:1].islower() and not after.startswith("%"):
        return True
    before = sentence[:match.start()].split()
    word = before[-1].strip("(\"“'") if before else ""
    return word.lower() in _BEFORE_A_YEAR or word[:1].isupper()


# A headline's site or section after its last bar ("Here's every film that won the Oscar for best picture | CNN",
# "... | The Week UK"): the name of who published it, no answer to what the headline is about
SITE_NAMES_ANSWER = False
_SITE_TAIL = re.compile(r"\s\|\s+[^|.!?\n]{1,40}(?:\s*(?:\.\.\.|…))?$")  # cut titles end "CNN ..."


# A day or month is no name that answers "who" or "which": "dropped out on Sunday" offers no one
CALENDAR_NAMES_ANSWER = False
_CALENDAR = frozenset(w.lower() for w in _MONTHS)
# A name ending in the last word of one of the question's names is the question's own, titled or in full ("President
# Joe Biden" for "Who did Biden endorse ...?"): no answer
OWN_NAMES_ANSWER = False
_NAME_SUFFIXES = frozenset({"s", "jr", "sr"})  # "Biden's", "Robert F. Kennedy Jr."


# A single capitalised word opening a sentence is a name only where the candidate sentences also write it capitalised
# within a sentence ("Crooks fired ..." beside "... when Crooks began shooting"); else it is a common word with a
# capital ("Taking shots at Trump and himself" offered "Taking" for "Who shot Trump?", a user trial)
UNSEEN_OPENERS_NAME = False
# a sentence's first word, or the first after a colon ("Raisi killed in helicopter crash: Live updates", a user trial;
# not one quoted there, a headline's title: "Oscars 2024: 'Oppenheimer' wins 7 awards")
_OPENING_WORD = re.compile(r"(?:^[\"“‘']?|(?<=:)\s+)([A-Z][a-z][\w'’-]*)(?=[\s,;:.!?]|$)"
                           r"(?!\s+(?:(?:of|de|and|the)\s+)?[A-Z])")
COLON_OPENERS = True


def _opener_unnamed(sentence: str, seen: Container[str] | None) -> str:
    """``sentence`` with its opening words (``_OPENING_WORD``) in lower case where they are no name by ``seen`` (same
    length)."""
    if seen is None or UNSEEN_OPENERS_NAME:
        return sentence
    for match in _OPENING_WORD.finditer(sentence) if COLON_OPENERS else [_OPENING_WORD.match(sentence)]:
        if match is not None and match.group(1) not in seen:
            at = match.start(1)
            sentence = sentence[:at] + sentence[at].lower() + sentence[at + 1:]
    return sentence


# "Which state ...?" is answered by a US state's name and "Which country ...?" by a country's (``qa.places``), not by
# any capitalised word: the sentence restating the question names others ("Republican", "Senate")
PLACES_BY_KIND = True
# ... and for any name question, a state or country it names is not new however written ("Who won the 2024 US
# presidential election?" was answered by "The United States will hold its 60th presidential election ...")
OWN_PLACES_NAMED = True


def place_kind(answer_type: AnswerType, question: str) -> str:
    """The kind of place a name question asks for ("state", "country"; ``qa.places``), or ""."""
    return asked_place(question) if answer_type is AnswerType.NAME and PLACES_BY_KIND else ""


def last_word(name: str) -> str:
    words = [w.lower() for w in WORD.findall(name) if w.lower() not in _NAME_SUFFIXES]
    return words[-1] if words else ""


@lru_cache(maxsize=256)
def _question_surnames(question: str) -> frozenset[str]:
    """The last words of the question's names ("biden" of "Who did Biden endorse?")."""
    return frozenset(last_word(m.group()) for m in capitalised_names(question, strict=True)) - {""}


def candidate_names(sentence: str, question: str, strict: bool = False, own: bool = False) -> list[re.Match[str]]:
    """The ``capitalised_names`` of ``sentence`` that may answer ``question``: not a day or month
    (``CALENDAR_NAMES_ANSWER``), not the question's own (``OWN_NAMES_ANSWER``; with ``own``, kept), not a
    headline's site after its last bar (``SITE_NAMES_ANSWER``)."""
    names = capitalised_names(sentence, strict=strict)
    if not CALENDAR_NAMES_ANSWER:
        names = [m for m in names if not {w.lower().rstrip(".") for w in m.group().split()} <= _CALENDAR]
    if not (own or OWN_NAMES_ANSWER) and (own_names := _question_surnames(question)):
        names = [m for m in names if last_word(m.group()) not in own_names]
    tail = None if SITE_NAMES_ANSWER else _SITE_TAIL.search(sentence)
    return [m for m in names if m.start() < tail.start()] if tail else names


def _items(answer_type: AnswerType, sentence: str, question: str, place: str = "") -> list[re.Match[str]]:
    if answer_type is AnswerType.TIME:
        return list((_YEARS if asks_year(question) else _TIME).finditer(sentence))
    if answer_type is AnswerType.QUANTITY:
        years = [m.span() for m in _YEAR.finditer(sentence) if YEARS_ARE_NO_COUNT and _is_year(sentence, m)]
        return [m for m in _QUANTITY.finditer(sentence) if not any(a <= m.start() < b for a, b in years)]
    if answer_type is AnswerType.MONEY:
        return list(_MONEY.finditer(sentence))
    if place:
        return places(place, sentence)
    return candidate_names(sentence, question)


# a person's age as news gives it: "Maria Lopez, 38, ...", "Patrick Carlineo Jr., 55, ..." (a user trial), "John
# Doe III, 40,"
_AGE = re.compile(r"[A-Z][\w'’-]*(?:,?\s+(?:Jr|Sr)\.?|\s+(?:II|III|IV))?,\s+(\d{1,3}),")
_QUALIFIED = re.compile(r"\b(?:[Ww]hich|[Ww]hat)\s+((?:[A-Z][\w'’-]*\s+)+)[a-z]")  # "Which Dutch bank"
QUALIFIER_NEAR = 3


# a numeral or suffix after a name adds no one to it: "Queen Elizabeth II" is the question's "Queen Elizabeth" (a trial
# on 2022's news: "Where did Queen Elizabeth die?" was answered by a headline naming her, as if it named a place)
_SUFFIXES = frozenset("ii iii iv vi vii viii jr sr".split())


def new_items(question: str, words: list[re.Match[str]], items: list[re.Match[str]],
              place: str = "") -> Iterator[tuple[re.Match[str], int, int]]:
    """The items that add something the question does not name, with their first and last word positions (places
    of the kind ``place``, found by ``qa.places``: by the place each names, so "S.C." is not new where the question
    says "South Carolina", nor "Chinese" where it says "China")."""
    named = asked(question).words
    own_places = named_places(place, question) if place else frozenset()
    for item in items:
        if place:
            new = canonical(item.group()) not in own_places
        else:
            item_words = [w.lower() for w in WORD.findall(item.group())]
            new = any(w not in named and w not in STOP_WORDS and w not in _SUFFIXES and not set(tokenize(w)) <= named
                      for w in item_words) \
                and not (OWN_PLACES_NAMED and names_place_of(item.group(), question))
        if new:
            first = sum(1 for w in words if w.start() < item.start())
            yield item, first, first + len(WORD.findall(item.group())) - 1


def qualified(question: str, sentence: str) -> bool:
    """Whether a new name in ``sentence`` sits right by the question's qualifier ("the Netherlands' ING").

    Only for questions that qualify the thing asked for with a name ("Which
    Dutch bank", "Which New York museum"); false for all others.
    """
    match = _QUALIFIED.search(question)
    if not match:
        return False
    qualifier = set(tokenize(match.group(1)))
    words = list(WORD.finditer(sentence))
    anchors = [i for i, w in enumerate(words) if set(tokenize(w.group())) & qualifier]
    return any(first - QUALIFIER_NEAR <= anchor <= last + QUALIFIER_NEAR
               for _, first, last in new_items(question, words, candidate_names(sentence, question))
               for anchor in anchors)


@lru_cache(maxsize=65536)
def _is_anchor(word: str, focus: frozenset[str]) -> bool:
    """Whether ``word`` is one of a question's ``focus`` words (read once a word: candidates repeat their words)."""
    return any(matches(t, focus) for t in tokenize(word))


def offers(answer_type: AnswerType, question: str, sentence: str, seen: Container[str] | None = None,
           by_kind: bool = True) -> bool:
    """Whether ``sentence`` holds something of ``answer_type``, not named in the question, near its words. With
    ``seen`` (``qa.names.Seen`` of the texts around it), a single word opening it is a name only if seen there.
    A question asking for a kind of place ("Which state ...?") is offered only a place of that kind, unless not
    ``by_kind`` (then any name)."""
    if answer_type is AnswerType.NONE:  # any kind of answer, but something the question does not already say
        return not restates(question, sentence)
    if answer_type is AnswerType.LIST:
        return bool(_ENUMERATION.search(sentence))
    place = place_kind(answer_type, question) if by_kind else ""
    capitalised = answer_type is AnswerType.NAME and not place
    items = _new_of_type(answer_type, question, _opener_unnamed(sentence, seen) if capitalised else sentence, place)
    words = list(WORD.finditer(sentence)) if items else []  # only the words of a sentence that offers something
    if capitalised and asks_where(question):
        items = tuple(item for item in items if _placed(item, words))
    if not items:
        return False
    # The answer sits next to the question's focus (its common words: "leading", "liaison officer"),
    # not merely next to a name the question repeats.
    focus = asked(question).focus
    ages: set[int] = set()
    if answer_type is AnswerType.QUANTITY and matches("old", focus):  # "How old is ...?": "Maria Lopez, 38,"
        ages = {i for i, w in enumerate(words) if any(a.start(1) == w.start() for a in _AGE.finditer(sentence))}
    return any(i in ages or _is_anchor(words[i].group(), focus)  # only the words near an item are read
               for _, first, last in items
               for i in range(max(0, first - NEAR), min(len(words), (last if SPAN_NEAR else first) + NEAR + 1)))


# "Where ...?" is answered by a place: a name after a word placing it ("at Balmoral Castle", "in the town of
# Cianjur"), or a country's or US state's (a trial on 2022's news: "Where did Queen Elizabeth die?" was answered by
# sentences naming her, Britain's people and the Royal Family, never by "at Balmoral Castle")
_PLACING = frozenset("in at near outside inside from into across off toward towards to on".split())
_BETWEEN = frozenset("the a an its their his her of town city village state province region county country".split())


def _placed(item: tuple[str, int, int], words: list[re.Match[str]]) -> bool:
    """Whether a name ``item`` of a sentence (``words``) is written as a place: after a word placing it, with at
    most three words ("the", "the town of") between, or a country or US state by name."""
    name, first, _ = item
    if is_people_word(name) or POSSESSIVE.search(name):
        return False  # "in British history", "Britain's longest reigning monarch": no place said
    if place_names(name):
        return True
    at = first - 1
    while at >= 0 and first - at <= 3 and words[at].group().lower() in _BETWEEN:
        at -= 1
    return at >= 0 and words[at].group().lower() in _PLACING


def holds(answer_type: AnswerType, question: str, sentence: str) -> bool:
    """Whether ``sentence`` holds anything of ``answer_type`` not named in the question, anywhere in it (``offers``
    asks more: next to the question's focus). Names and other kinds are not checked (always true)."""
    if answer_type not in (AnswerType.TIME, AnswerType.QUANTITY, AnswerType.MONEY):
        return True
    # a sum has a figure: "the high cost of space systems" says none
    return any(answer_type is not AnswerType.MONEY or _FIGURE.search(item)
               for item, _, _ in _new_of_type(answer_type, question, sentence))


@lru_cache(maxsize=1024)
def _new_of_type(answer_type: AnswerType, question: str, sentence: str,
                 place: str = "") -> tuple[tuple[str, int, int], ...]:
    """The things of ``answer_type`` in ``sentence`` that the question does not name, with their first and last word
    positions: read once for ``offers`` and ``holds`` (evidence asks both of each candidate)."""
    words = list(WORD.finditer(sentence))
    return tuple((item.group(), first, last) for item, first, last
                 in new_items(question, words, _items(answer_type, sentence, question, place), place))


