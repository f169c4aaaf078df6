"""What kind of answer a question expects, and whether a sentence offers one.

A question word sets the expected answer type: "who" a named person or body,
"when" a date, "how many" a quantity, "where"/"which company" a named thing,
"what are the six ..." a list. A sentence offers that type only with something
*not already in the question*: restating the question's own names is not an
answer. Two narrower readings: a question about who wrote an article
(answered by its byline), and a name qualifying the thing asked for ("which
Dutch bank"), by which the answer should sit. This is deliberately shallow
(patterns, capitalisation), with no language model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from enum import Enum

from index.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from qa.lexical import STOP_WORDS, matches, spelled_both_ways, tokenize
from qa.names import bare_name, capitalised_names


class AnswerType(Enum):
    NAME = "name"  # a person, organisation, place or other named thing
    TIME = "time"
    QUANTITY = "quantity"
    MONEY = "money"
    LIST = "list"  # "what are the six types of ...": only a sentence that enumerates can answer
    NONE = "none"  # what/why/how questions: no checkable type


_MONTHS = [*MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS]
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
                 "hundred thousand million billion trillion dozen dozens couple half quarter double "
                 "twice triple several").split()
_UNITS = "second|minute|hour|day|week|month|year|decade"
_DURATION = rf"(?:{_UNITS}|centur)"
_YEARS = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)s?\b")
_TIME = re.compile(_YEARS.pattern + r"|\b(?:" + "|".join(_MONTHS) + r")\b|\b(?:ago|yesterday|today|"
                   r"tomorrow|recently|last|next)\b|"
                   # a time counted back or on: "11 months ago", "two weeks later"
                   r"\b(?:\d+|an?|" + "|".join(_NUMBER_WORDS[:12]) + r"|several|few)\s+"
                   rf"(?:{_UNITS})s?\s+(?:ago|earlier|before|later)\b",
                   re.IGNORECASE)
_QUANTITY = re.compile(r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b|" + _DURATION, re.IGNORECASE)
_CURRENCY = r"(?:dollars?|euros?|pounds?|yen|cents?|usd|nzd|aud)"
# a sum: its symbol with its figure ("$10,000", "£7m": a symbol alone holds no word, so it adds nothing the
# question lacks), a figure with its currency or scale ("40 dollars", "2 billion"), or words of money
_MONEY = re.compile(r"[$€£¥]\s?\d[\d,.]*(?:\s?(?:[mk]|bn|million|billion|trillion)\b)?|\b\d[\d,.]*\s?(?:"
                    + _CURRENCY + r"|million|billion|trillion)\b|\b(?:" + _CURRENCY
                    + r"|million|billion|trillion|budget|funding|cost)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_FIGURE = re.compile(r"\d|\b(?:" + "|".join(_NUMBER_WORDS[:-1]) + r")\b", re.IGNORECASE)  # not "several"
NEAR = 8  # an answer must sit within this many words of a word of the question
# counted from either end of a name of several words: "the Marine Education, Research and Rehabilitation Institute,
# a local nonprofit ..., responded" answers "What organization responded ...?" (RealTime QA: counted from the first
# word, it was too far)
SPAN_NEAR = True
_SINCE_BLANK = r"\bsince\s*:\s*$"  # a blank to fill: "... erupted this week for the first time since:"
_COUNT = r"(?:\d+|" + "|".join(_NUMBER_WORDS[:19]) + r"|several)"
_ENUMERATION = re.compile(r"[:;,]|\b(?:and|or|as\s+well\s+as)\b", re.IGNORECASE)

_TYPE_PATTERNS = (
    (AnswerType.LIST, re.compile(r"\b(?:what|which)\s+(?:are|were)\s+(?:the|its|their|his|her)\s+" + _COUNT + r"\s+\w+|"
                                 r"^\s*(?:list|name)\s+(?:the\s+)?" + _COUNT + r"\s+\w+", re.IGNORECASE)),
    (AnswerType.MONEY, re.compile(r"\bhow\s+much\s+(?:money|funding|does\s+\w+\s+cost|is\s+\w+\s+(?:paying|spending|investing))|"
                                  r"\bhow\s+much\b.*\b(?:cost|pay|paying|paid|spend|spending|spent|invest|investing|"
                                  r"budget|worth|fund|funding)\b|"
                                  # "What is the budget of ...?", "What was the price ...?"
                                  r"\bwhat\s+(?:is|was|are|were|will\s+be)\s+(?:the|its|their|his|her)\s+(?:\w+\s+)?"
                                  r"(?:budget|cost|price|salary|fee|fine|revenue|profit|valuation)s?\b",
                                  re.IGNORECASE)),
    (AnswerType.TIME, re.compile(r"^\s*when\b|\b(?:what|which)\s+(?:year|month|date|day|time|decade)\b|"
                                 r"\bhow\s+long\s+ago\b|\bsince\s+when\b|" + _SINCE_BLANK, re.IGNORECASE)),
    (AnswerType.QUANTITY, re.compile(r"\bhow\s+(?:many|much|long|far|old|big|large|often|fast|high)\b|"
                                     r"\b(?:what|which)\s+(?:number|percentage|share|proportion|amount|size)\b",
                                     re.IGNORECASE)),
    (AnswerType.NAME, re.compile(r"(?:^|[.?!]\s)\s*(?:who|whom|whose|where)\b|\b(?:who|whom|whose)\b|"
                                 r"\b(?:what|which)\s+(?:is\s+the\s+)?name\b|\bnam(?:e|es|ed)\b|"
                                 r"\b(?:which|what)\s+(?:(?!(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could)\b)[\w'’-]+\s+)"
                                 r"{0,3}?(?:company|companies|organi[sz]ation|firm|"
                                 r"agency|group|body|programme|program|event|country|countries|city|cities|"
                                 r"state|states|nation|nations|place|region|person|people|official|minister|"
                                 r"team|unit|network|outlet|exercise|operation|institute|corporation|"
                                 r"newspaper|party|"
                                 # things known by a proper name: "Which automaker ...", "Which streaming service"
                                 r"automaker|carmaker|manufacturer|maker|retailer|chain|brand|bank|airline|"
                                 r"university|college|film|movie|show|series|album|song|book|novel|platform|app|"
                                 r"service|website|channel|league|club|candidate|president|leader|actor|actress|"
                                 r"singer|rapper|player|star|athlete|coach|senator|governor|mayor|island|river|"
                                 r"county|province|territory|planet|ship|museum|festival|storm|hurricane|airport|"
                                 r"stadium)\b", re.IGNORECASE)),
)


_PIECE = r"(?:article|story|piece|report|column|op-ed|feature|news\s+item)"
_AUTHORSHIP = re.compile(
    r"\bwho\s+(?:wrote|authored|penned|reported|filed|is\s+behind)\s+(?:the|this|that)\s+(?:[\w'’-]+\s+){0,2}?"
    + _PIECE + r"|\b(?:author|writer|reporter|journalist|byline)\s+of\s+(?:the|this|that)\s+(?:[\w'’-]+\s+){0,2}?"
    + _PIECE + r"|\b(?:which|what)\s+(?:journalist|reporter|writer|author)\s+(?:wrote|reported|covered|penned|filed)\b"
    r"|\bwhose\s+byline\b|\b"
    + _PIECE + r"\s+(?:was\s+)?(?:written|reported|authored)\s+by\s+(?:whom|who)\b",
    re.IGNORECASE)


def asks_author(question: str) -> bool:
    """Whether the question asks who wrote an article (answered by its byline, not by its content)."""
    return bool(_AUTHORSHIP.search(question))


def expected_type(question: str) -> AnswerType:
    for answer_type, pattern in _TYPE_PATTERNS:
        if pattern.search(question):
            return answer_type
    return AnswerType.NONE


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
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


# a question that asks for a year ("What year did it debut?", "... erupted for the first time since:") is answered
# by a year, not by "Wednesday" or "27 years after" (RealTime QA 2022)
_ASKS_YEAR = re.compile(r"\b(?:what|which)\s+year\b|" + _SINCE_BLANK, re.IGNORECASE)


def _items(answer_type: AnswerType, sentence: str, question: str) -> list[re.Match[str]]:
    if answer_type is AnswerType.TIME:
        return list((_YEARS if _ASKS_YEAR.search(question) else _TIME).finditer(sentence))
    if answer_type is AnswerType.QUANTITY:
        years = [m.span() for m in _YEAR.finditer(sentence) if YEARS_ARE_NO_COUNT and _is_year(sentence, m)]
        return [m for m in _QUANTITY.finditer(sentence) if not any(a <= m.start() < b for a, b in years)]
    if answer_type is AnswerType.MONEY:
        return list(_MONEY.finditer(sentence))
    return capitalised_names(sentence)


_AGE = re.compile(r"[A-Z][\w'’-]*,\s+(\d{1,3}),")  # a person's age as news gives it: "Maria Lopez, 38, ..."
_QUALIFIED = re.compile(r"\b(?:[Ww]hich|[Ww]hat)\s+((?:[A-Z][\w'’-]*\s+)+)[a-z]")  # "Which Dutch bank"
QUALIFIER_NEAR = 3


# words that say which of a kind, not what kind: "Who will be the next Secretary of Defense?" asks about the
# Secretary of Defense, and "Marco Rubio will be the next Secretary of State" is not by its focus (a user trial)
_MODIFIERS = frozenset("next new first last former current latest previous".split())


@dataclass(frozen=True)
class _Asked:
    terms: frozenset[str]  # the question's content-word tokens
    words: frozenset[str]  # those plus every word of it, lower-cased
    focus: frozenset[str]  # tokens of its common (lower-case) words: "leading", "liaison officer"


@lru_cache(maxsize=256)
def _asked(question: str) -> _Asked:
    """What a question names, worked out once per question (evidence checks it against every candidate)."""
    terms = frozenset(tokenize(question))
    focus = frozenset(spelled_both_ways({t for w in _WORD.findall(question) if w[:1].islower()
                                         and w not in _MODIFIERS for t in tokenize(w)} or terms))
    return _Asked(terms, terms | {w.lower() for w in _WORD.findall(question)}, focus)


def _new_items(question: str, words: list[re.Match[str]],
               items: list[re.Match[str]]) -> Iterator[tuple[re.Match[str], int, int]]:
    """The items that add something the question does not name, with their first and last word positions."""
    asked = _asked(question).words
    for item in items:
        item_words = [w.lower() for w in _WORD.findall(item.group())]
        if any(w not in asked and w not in STOP_WORDS and not set(tokenize(w)) <= asked for w in item_words):
            first = sum(1 for w in words if w.start() < item.start())
            yield item, first, first + len(item_words) - 1


def qualified(question: str, sentence: str) -> bool:
    """Whether a new name in ``sentence`` sits right by the question's qualifier ("the Netherlands' ING").

    Only for questions that qualify the thing asked for with a name ("Which
    Dutch bank", "Which New York museum"); false for all others.
    """
    match = _QUALIFIED.search(question)
    if not match:
        return False
    qualifier = set(tokenize(match.group(1)))
    words = list(_WORD.finditer(sentence))
    anchors = [i for i, w in enumerate(words) if set(tokenize(w.group())) & qualifier]
    return any(first - QUALIFIER_NEAR <= anchor <= last + QUALIFIER_NEAR
               for _, first, last in _new_items(question, words, capitalised_names(sentence)) for anchor in anchors)


def offers(answer_type: AnswerType, question: str, sentence: str) -> bool:
    """Whether ``sentence`` holds something of ``answer_type``, not named in the question, near its words."""
    if answer_type is AnswerType.NONE:
        return True
    if answer_type is AnswerType.LIST:
        return bool(_ENUMERATION.search(sentence))
    words = list(_WORD.finditer(sentence))
    # The answer sits next to the question's focus (its common words: "leading", "liaison officer"),
    # not merely next to a name the question repeats.
    focus = _asked(question).focus
    anchors = [i for i, w in enumerate(words) if any(matches(t, focus) for t in tokenize(w.group()))]
    if answer_type is AnswerType.QUANTITY and matches("old", focus):  # "How old is ...?": "Maria Lopez, 38,"
        anchors += [i for i, w in enumerate(words) if any(a.start(1) == w.start() for a in _AGE.finditer(sentence))]
    return any(first - NEAR <= anchor <= (last if SPAN_NEAR else first) + NEAR
               for _, first, last in _new_of_type(answer_type, question, sentence) for anchor in anchors)


def holds(answer_type: AnswerType, question: str, sentence: str) -> bool:
    """Whether ``sentence`` holds anything of ``answer_type`` not named in the question, anywhere in it (``offers``
    asks more: next to the question's focus). Names and other kinds are not checked (always true)."""
    if answer_type not in (AnswerType.TIME, AnswerType.QUANTITY, AnswerType.MONEY):
        return True
    # a sum has a figure: "the high cost of space systems" says none
    return any(answer_type is not AnswerType.MONEY or _FIGURE.search(item)
               for item, _, _ in _new_of_type(answer_type, question, sentence))


@lru_cache(maxsize=1024)
def _new_of_type(answer_type: AnswerType, question: str, sentence: str) -> tuple[tuple[str, int, int], ...]:
    """The things of ``answer_type`` in ``sentence`` that the question does not name, with their first and last word
    positions: read once for ``offers`` and ``holds`` (evidence asks both of each candidate)."""
    words = list(_WORD.finditer(sentence))
    return tuple((item.group(), first, last)
                 for item, first, last in _new_items(question, words, _items(answer_type, sentence, question)))


def answer_names(question: str, answer: str) -> list[str]:
    """Names ``answer`` adds to ``question``, the one beside most of the question's words first."""
    words = list(_WORD.finditer(answer))
    asked = _asked(question)
    anchors = [(i, t) for i, w in enumerate(words) for t in tokenize(w.group()) if matches(t, asked.focus)]
    ranked = []
    for order, (item, first, last) in enumerate(_new_items(question, words, capitalised_names(answer, strict=True))):
        terms = tokenize(item.group())
        if 2 * sum(t in asked.terms for t in terms) > len(terms):  # "US Space Force" when "Space Force" was asked
            continue
        near = {t for i, t in anchors if first - NEAR <= i <= last + NEAR}
        ranked.append((-len(near), order, bare_name(item.group())))
    return [name for _, _, name in sorted(ranked)]
