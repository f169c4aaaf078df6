"""What kind of answer a question expects.

A question word sets the expected answer type: "who" a named person or body,
"when" a date, "how many" a quantity, "where"/"which company" a named thing,
"what are the six ..." a list; "what year" a year. Two narrower readings: a
question about who wrote an article (answered by its byline), and the words
of the question a sentence's answer must sit by (``asked``; ``offered``
checks a sentence against them). This is deliberately shallow (patterns,
capitalisation), with no language model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from qa.lexical import spelled_both_ways, tokenize


class AnswerType(Enum):
    NAME = "name"  # a person, organisation, place or other named thing
    TIME = "time"
    QUANTITY = "quantity"
    MONEY = "money"
    LIST = "list"  # "what are the six types of ...": only a sentence that enumerates can answer
    NONE = "none"  # what/why/how questions: no checkable type


NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
                "hundred thousand million billion trillion dozen dozens couple half quarter double "
                "twice triple several").split()
_WORD = re.compile(r"\w+")
_SINCE_BLANK = r"\bsince\s*:\s*$"  # a blank to fill: "... erupted this week for the first time since:"
_COUNT = r"(?:\d+|" + "|".join(NUMBER_WORDS[:19]) + r"|several)"

# "Which <noun> ...?" asks for a name when the noun is one of a thing known by a proper name, a place or people
_WHICH = (r"\b(?:which|what)\s+(?:(?!(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could)\b)"
          r"[\w'’-]+\s+){0,3}?")
_THING_NOUNS = (r"company|companies|organi[sz]ation|firm|agency|group|body|programme|program|event|team|unit|network|"
                r"outlet|exercise|operation|institute|corporation|newspaper|party|"
                # things known by a proper name: "Which automaker ...", "Which streaming service"
                r"automaker|carmaker|manufacturer|maker|retailer|chain|brand|bank|airline|university|college|film|"
                r"movie|show|series|album|song|book|novel|platform|app|service|website|channel|league|club|planet|ship|"
                r"museum|festival|storm|hurricane|airport|stadium")
_PLACE_NOUNS = (r"country|countries|city|cities|state|states|nation|nations|place|region|island|river|county|"
                r"province|territory")
# people, one or several ("Which gymnasts will join Simone Biles ...?", a user trial) or by what they do ("Which
# former NFL quarterback ...?", "Which 10-time NBA All-Star ...?": a trial on 2023's news)
_PEOPLE_NOUNS = (r"(?:[\w'’]+-)?(?:person|people|official|minister|candidate|president|leader|actor|actress|singer|"
                 r"rapper|player|star|athlete|coach|senator|governor|mayor|musician|artist|golfer|gymnast|swimmer|"
                 r"skater|boxer|cyclist|lawmaker|legislator|astronaut|judge|quarterback|pitcher|striker|goalkeeper|"
                 r"driver|champion|winner|founder|ceo|executive|director|host|author|writer|comedian|billionaire|"
                 r"businessman|businesswoman|entrepreneur|lawyer|attorney|congressman|congresswoman|prosecutor|"
                 r"suspect|journalist|reporter|filmmaker|producer|designer|chef|scientist|doctor)s?")
_WHICH_NOUN = re.compile(rf"{_WHICH}(?:(?P<thing>{_THING_NOUNS})|(?P<place>{_PLACE_NOUNS})|"
                         rf"(?P<person>{_PEOPLE_NOUNS}))\b", re.IGNORECASE)


_TYPE_PATTERNS = (
    (AnswerType.LIST, re.compile(r"\b(?:what|which)\s+(?:are|were)\s+(?:the|its|their|his|her)\s+" + _COUNT + r"\s+\w+|"
                                 r"^\s*(?:list|name)\s+(?:the\s+)?" + _COUNT + r"\s+\w+", re.IGNORECASE)),
    (AnswerType.MONEY, re.compile(r"\bhow\s+much\s+(?:money|funding|does\s+\w+\s+cost|is\s+\w+\s+(?:paying|spending|investing))|"
                                  r"\bhow\s+much\b.*\b(?:cost|pay|paying|paid|spend|spending|spent|invest|investing|"
                                  r"budget|worth|fund|funding|raise|raised|donate|donated|pledge|pledged|promise|"
                                  r"promised|owe|owed|earn|earned|charge|charged|fined)\b|"
                                  # "What is the budget of ...?", "What was the price ...?"
                                  r"\bwhat\s+(?:is|was|are|were|will\s+be)\s+(?:the|its|their|his|her)\s+(?:\w+\s+)?"
                                  r"(?:budget|cost|price|salary|fee|fine|revenue|profit|valuation)s?\b",
                                  re.IGNORECASE)),
    # "When ...?" opening the question or its last sentence ("Queen Elizabeth II died Thursday. When did she ...?")
    (AnswerType.TIME, re.compile(r"(?:^|[.?!:]\s)\s*when\b|\b(?:what|which)\s+(?:year|month|date|day|time|decade)\b|"
                                 r"\bhow\s+long\s+ago\b|\bsince\s+when\b|" + _SINCE_BLANK, re.IGNORECASE)),
    (AnswerType.QUANTITY, re.compile(r"\bhow\s+(?:many|much|long|far|old|big|large|often|fast|high)\b|"
                                     r"\b(?:what|which)\s+(?:number|percentage|share|proportion|amount|size)\b|"
                                     # "What was the vote count / final score / death toll?" (a user trial)
                                     r"\bwhat\s+(?:is|was|were|are|will\s+be)\s+(?:the|its|their)\s+(?:final\s+|"
                                     r"official\s+)?(?:vote\s+count|vote\s+tally|tally|death\s+toll|toll|margin)\b|"
                                     r"\bwhat\s+(?:is|was|were|will\s+be)\s+the\s+final\s+score\b",
                                     re.IGNORECASE)),
    (AnswerType.NAME, re.compile(r"(?:^|[.?!]\s)\s*(?:who|whom|whose|where)\b|\b(?:who|whom|whose)\b|"
                                 r"\b(?:what|which)\s+(?:is\s+the\s+)?name\b|\bnam(?:e|es|ed)\b|"
                                 # "What is the capital of ...?": a city, by its name
                                 r"\b(?:what|which)\s+(?:is|was|will\s+be)\s+the\s+(?:new\s+)?capital\s+of\b|"
                                 + _WHICH_NOUN.pattern, re.IGNORECASE)),
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


def which_kind(question: str) -> str:
    """What a "Which <noun> ...?" question asks for: "person" ("Which tennis player ...?"), "place" ("Which state
    ...?"), "thing" ("Which retailer ...?", a company, a team, a film), or "" (no such question)."""
    match = _WHICH_NOUN.search(question)
    return next((kind for kind, noun in match.groupdict().items() if noun), "") if match else ""


# a question that asks for a year ("What year did it debut?", "... erupted for the first time since:") is answered
# by a year, not by "Wednesday" or "27 years after" (RealTime QA 2022)
_ASKS_YEAR = re.compile(r"\b(?:what|which)\s+year\b|" + _SINCE_BLANK, re.IGNORECASE)


def asks_year(question: str) -> bool:
    """Whether the question asks for a year: only a year answers it (not "Wednesday")."""
    return bool(_ASKS_YEAR.search(question))


_WHERE = re.compile(r"^\s*where\b", re.IGNORECASE)


def asks_where(question: str) -> bool:
    """Whether the question asks where ("Where did Queen Elizabeth die?"): a place answers it, written as one."""
    return bool(_WHERE.match(question))


# a question answered yes or no: its asking sentence opens with a verb ("Was Trump fined $50,000 ...?", "Did the party
# choose Oliver on the first ballot?"); a sentence before it may set the scene
_POLAR = re.compile(r"(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|should)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[a-z\d%)\"”’][.!?])\s+(?=[A-Z\"“‘])")  # a sentence's end, not "U.S."


def asking_sentence(question: str) -> str:
    """The sentence of ``question`` that asks (its last): one before it may set the scene."""
    return _SENTENCE_END.split(question.strip())[-1]


def is_polar(question: str) -> bool:
    """Whether ``question`` is answered yes or no: it states a claim for the articles to confirm or deny."""
    asking = asking_sentence(question)
    return asking.endswith("?") and bool(_POLAR.match(asking))


# words that say which of a kind, not what kind: "Who will be the next Secretary of Defense?" asks about the
# Secretary of Defense, and "Marco Rubio will be the next Secretary of State" is not by its focus (a user trial)
_MODIFIERS = frozenset("next new first last former current latest previous".split())


@dataclass(frozen=True)
class Asked:
    terms: frozenset[str]  # the question's content-word tokens
    words: frozenset[str]  # those plus every word of it, lower-cased
    focus: frozenset[str]  # tokens of its common (lower-case) words: "leading", "liaison officer"


@lru_cache(maxsize=256)
def asked(question: str) -> Asked:
    """What a question names, worked out once per question (evidence checks it against every candidate)."""
    terms = frozenset(tokenize(question))
    focus = frozenset(spelled_both_ways({t for w in _WORD.findall(question) if w[:1].islower()
                                         and w not in _MODIFIERS for t in tokenize(w)} or terms))
    return Asked(terms, terms | {w.lower() for w in _WORD.findall(question)}, focus)

