"""Follow-up questions made standalone from the conversation, with no language model.

"What is his rank?" after "Who is leading the project?" (answered "...
said Chief Engineer Ana Ruiz, who is leading the project.") becomes "What is
Chief Engineer Ana Ruiz's rank?". Pronouns are replaced by agreement
with the previous turn: "he/she" by the person a "who" question was answered
with (else the name the question asked about), "they" by a group the answer
names ("France and Germany"), "it" by the thing a "which/what" question was
answered with (else the thing the question asked about). "What about X?"
re-asks the previous question about X (``qa.reask``). A follow-up with nothing to substitute
(or naming nothing, with at most three words of its own: "Who came second?", "How
many people died?") keeps its wording and names
the earlier subject after it; one with no words of its own ("Why?") the
earlier question. "He"/"she" is only a name that may be a person's; when two
people may be meant, or the person asked for was not named, the names (or the
question) go after it instead. The earlier question is taken as it
was resolved, so a chain of follow-ups keeps its person. It is word patterns
only: it never invents a fact, and a question that already stands alone is
returned as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.calendar_words import MONTHS
from index.models import Span
from index.sentences import split_sentences
from qa.lexical import STOP_WORDS, tokenize
from qa.names import question_names
from qa.offered import answer_names
from qa.question import AnswerType, expected_type
from qa.reask import reask
from qa.timeframe import window_words

_MARKER = re.compile(r"\s*\[\d+\]")
_HE_SHE = re.compile(r"\b(?:he|she|him|her)\b", re.IGNORECASE)
_HIS_HER = re.compile(r"\b(?:his|her(?=\s+[a-z]))\b", re.IGNORECASE)  # "her rank", not "asked her"
_THEY = re.compile(r"\b(?:they|them)\b", re.IGNORECASE)
_THEIR = re.compile(r"\btheir\b", re.IGNORECASE)
_IT = re.compile(r"\bit\b", re.IGNORECASE)
_ITS = re.compile(r"\bits\b", re.IGNORECASE)
_REFERRING = re.compile(r"\b(?:this|that|these|those|there|then|he|she|him|his|her|they|them|their|it|its)\b",
                        re.IGNORECASE)
# "this week", "that day", "is there": words that refer to nothing said before
_TIMES = re.compile(r"\b(?:this|that|these|those|next|last)\s+(?:week|weekend|month|year|day|days|morning|afternoon|"
                    r"evening|night|time|season)\b|\b(?:is|are|was|were)\s+there\b|\bthere\s+(?:is|are|was|were)\b",
                    re.IGNORECASE)
_GROUP = re.compile(r",|\band\b")
_PLURAL_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w'’-]+\s+){0,3}?[a-z]\w*(?:[^s]s|ies)\b", re.IGNORECASE)
_WHO = re.compile(r"^\s*(?:who|whom|whose)\b", re.IGNORECASE)
_WHAT_ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?:in\s+|for\s+|with\s+)?(?P<topic>.+?)\s*\??\s*$",
                         re.IGNORECASE)
_LEADING_AND = re.compile(r"^\s*and\s+", re.IGNORECASE)
ELLIPTIC_WORDS = 3  # words of its own (stop words aside) a follow-up naming nothing may have, to be asked in context
_DOING = re.compile(r"\b(?:do|does|did|doing|done)\s+$", re.IGNORECASE)
# "do it?", "do it again", "do it for ...": the deed; "did it open?" asks of a thing
_DEED_ENDS = re.compile(r"\s*(?:[?.!,;]|$|(?:again|anyway|now|then|so|too|for|to|with|without|because|after|before)\b)",
                        re.IGNORECASE)
# "it" of an event ("When was it held?", "When did it happen?"): the event the earlier turn was about, not a name of
# it (a user trial: "Where was it held?" after the NATO summit became "Where was NATO held?")
_EVENT_IT = re.compile(r"\bit\s+(?:(?:be|been|being|get|got|was|is)\s+)?(?:held|happen\w*|occur\w*|tak\w+\s+place|"
                       r"took\s+place|start\w*|begin\w*|began|begun|end|ended|over|scheduled)\b", re.IGNORECASE)
_APPENDED = re.compile(r"(?:\s*\([^()]*\))+\s*$")  # "... (Michigan) (on Tuesday)"
_PARTS = re.compile(r"\(([^()]*)\)")
# words of names that are not a person's: places, events, institutions, teams
_NOT_A_PERSON = frozenset("""united states kingdom republic america american county city state states province
    river lake mountain mount island islands bay park street avenue road bridge airport station hospital church
    cup bowl championship championships challenge games olympics series open tour festival award awards prize
    league club team fc department ministry office agency administration service court house senate congress
    parliament council committee commission party university college school institute foundation center centre
    museum company corp corporation inc ltd llc plc co group bank fund trust network airlines motors news times post
    journal force army navy police association federation union organization organisation society authority board
    bureau alliance coalition academy assembly government national international world global
    north south east west new day night week""".split())
# capitalised time words an earlier question names ("Who won Sunday's game?"): its time, carried on as such
_TIME_NAMES = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                         "tonight", "yesterday", "tomorrow", *MONTHS])


@dataclass(frozen=True)
class Message:
    role: str  # "user" or "assistant"
    content: str


_CHAIN = 8  # earlier questions resolved in turn, at most: the ones before them stand as asked


def _previous(messages: Sequence[Message], chain: int = _CHAIN) -> tuple[str, str]:
    """The user question before the last one, as it stood alone (a follow-up of its own: "Why did she resign?"
    is asked of the name it was resolved to), and the assistant's answer to it ("" when absent)."""
    question = content = ""
    for at in range(len(messages) - 2, -1, -1):
        message = messages[at]
        if message.role == "assistant" and not content and not question:
            content = message.content
        elif message.role == "user":
            question = _standalone(messages[:at + 1], chain - 1) if chain > 0 else message.content.strip()
            break
    return question, _answering(question, content)


def _answering(question: str, answer: str) -> str:
    """The sentences of an answer that answer ``question``: of each quoted passage of three sentences or more
    (the text before an [n]: a sentence with its neighbours, ``qa.quotes``), the sentence sharing most of the
    question's words; shorter pieces (a written answer's "Minneapolis. An agent shot ... [1]") whole."""
    asked = set(tokenize(question))
    named = {t for name in question_names(question) for t in tokenize(name)}
    kept = []
    for passage in _MARKER.split(answer):
        spans = split_sentences(passage)
        if len(spans) <= 2:
            kept.append(passage.strip())
        else:
            # what the question says of its names ("defeat") tells the answering sentence more than the names
            # ("Sarah McBride"), which its neighbours repeat
            def shared(sp: Span) -> int:
                words = asked & set(tokenize(passage[sp.start:sp.end]))
                return 2 * len(words - named) + len(words & named)
            best = max(spans, key=shared)
            kept.append(passage[best.start:best.end])
    return " ".join(k for k in kept if k)


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


@dataclass(frozen=True)
class _Referents:
    person: str
    group: str
    thing: str
    context: list[str]


def _referents(earlier: str, answer: str) -> _Referents:
    # not "(Who ...)", nor a time ("on Monday": "it" is the bridge asked about, not the day; a user trial)
    subjects = [name for name in question_names(earlier) if name.lower() not in STOP_WORDS | _TIME_NAMES]
    answered = answer_names(earlier, answer)
    asked_who = bool(_WHO.match(earlier))
    asked_which = expected_type(earlier) is AnswerType.NAME and not asked_who
    groups = [name for name in answered if _GROUP.search(name)]
    if groups and _PLURAL_ASKED.search(earlier):  # "which countries ...": the answer is the group
        answered = groups + [name for name in answered if name not in groups]
    key = answered[0] if answered else ""
    # the thing asked about: the earlier question's own last name; when it named none and was itself asked in a
    # context ("Who are the astronauts on board? (Wilmore and Williams; Nasa's Starliner; Earth)"), the first thing
    # of that context, which lists the most relevant first (a user trial: "When did it launch?" asked of "Earth")
    asked = _APPENDED.sub("", earlier)
    own = [name for name in subjects if name in asked]
    carried = [name for name in subjects if not _GROUP.search(name)] or subjects
    subject = own[-1] if own else carried[0] if carried else ""
    # "he"/"she" is a person: a full name the answer gives before a single word ("Republican", "Denno")
    full = next((name for name in answered if len(name.split()) > 1 and _could_be_person(name)),
                key if _could_be_person(key) else "")
    # most relevant first: what a "who"/"which" question was answered with, else what the question itself named
    # (after "What went wrong with Nasa's Starliner?", the answer's "Earth" comes after "Nasa's Starliner")
    ordered = (key, *subjects) if asked_who or asked_which else (*subjects, key)
    context = [name for name in dict.fromkeys(ordered) if name and name.lower() not in _TIME_NAMES]
    # "the Star-Spangled Banner", "the Super Bowl": no one is called "the" (a user trial: "Who sang the Star-Spangled
    # Banner?" left "she" unresolved between the singer and the song)
    people = [name for name in subjects if _could_be_person(name)
              and not re.search(rf"\bthe\s+{re.escape(name)}", earlier, re.IGNORECASE)]
    full_names = [name for name in people if len(name.split()) > 1]
    if asked_who and not full:  # "Who won the python hunt?" unanswered: "he" is whoever did, not "Florida"
        person, context = "", _context_of(earlier)
    elif asked_who and full_names and full_names[0] != full:  # "Who did Sarah McBride defeat?": either one
        person, context = "", [full, full_names[0]]
    elif asked_who:
        person = full
    elif len(full_names) > 1:  # two people asked about: "she" may be either
        person, context = "", people
    else:
        person = people[0] if people else full
    thing = key if asked_which and key and not _GROUP.search(key) else subject
    group = groups[0] if groups else (key if asked_who or asked_which else "")
    # a name inside another one adds nothing ("Barkley" beside "Saquon Barkley")
    context = [name for name in context if not any(name != other and name in other for other in context)]
    return _Referents(person, group, thing, context)


def _context_of(question: str) -> list[str]:
    """A question as context of a follow-up: what it was itself asked in the context of, when it was a follow-up
    ("Who came third? (Michigan)": "Michigan"), else the question."""
    appended = _APPENDED.search(question)
    return [part for group in _PARTS.findall(appended.group()) for part in group.split("; ")] if appended \
        else [question.strip()]


def _could_be_person(name: str) -> bool:
    """Whether a name may be a person's: not a group, an acronym ("FWC") or a time, and no word of it one that
    names a place, an event or an institution ("World Cup", "United States", "Space Force")."""
    words = name.split()
    return bool(words) and not _GROUP.search(name) and not name.isupper() and name.lower() not in _TIME_NAMES \
        and not any(word.lower().strip(".") in _NOT_A_PERSON for word in words)


def standalone_question(messages: Sequence[Message]) -> str:
    """The last user message, rewritten to stand alone given the earlier turns, in their time: a follow-up
    without time words of its own is asked of the time the latest earlier question named ("What share did
    Haley get?" after "Who won the primary on Tuesday?" asks it "(on Tuesday)")."""
    return _standalone(messages)


def asked_about(messages: Sequence[Message]) -> str:
    """The named thing a "What about X?" follow-up turns the conversation to ("Walmart"), or "" (no follow-up,
    or X names nothing: "What about last year?"). Its answer must name it: an answer about the earlier thing
    answers the earlier question (a user trial: "What about Walmart?" was answered from a Target article)."""
    if len([m for m in messages if m.role == "user"]) < 2:
        return ""
    what_about = _WHAT_ABOUT.match(messages[-1].content.strip())
    return what_about.group("topic") if what_about and question_names(what_about.group("topic")) else ""


def _standalone(messages: Sequence[Message], chain: int = _CHAIN) -> str:
    question = messages[-1].content.strip()
    rewritten = _rewritten(question, *_previous(messages, chain))
    if window_words(rewritten):
        return rewritten
    earlier_time = next((words for m in reversed(messages[:-1]) if m.role == "user"
                         for words in [window_words(m.content)] if words), "")
    return f"{rewritten.rstrip()} ({earlier_time})" if earlier_time else rewritten


def _rewritten(question: str, earlier: str, answer: str) -> str:
    if not earlier:
        return question
    what_about = _WHAT_ABOUT.match(question)
    if what_about:
        return reask(earlier, what_about.group("topic"))
    refer = _referents(earlier, answer)
    rewritten = question
    if refer.person:
        rewritten = _HIS_HER.sub(lambda m: _possessive(refer.person), rewritten)
        rewritten = _HE_SHE.sub(refer.person, rewritten)
    if refer.group:
        rewritten = _THEIR.sub(lambda m: _possessive(refer.group), rewritten)
        rewritten = _THEY.sub(refer.group, rewritten)
    # an event's "it", or one whose thing the question names already (a user trial: "When did Meta announce it?"
    # had become "... announce Meta?"): left as asked, and the question asked in the earlier one's context
    event = bool(_EVENT_IT.search(rewritten)) or bool(refer.thing) and bool(_IT.search(rewritten)) and \
        re.search(rf"\b{re.escape(refer.thing)}\b", question, re.IGNORECASE) is not None
    if event:
        context = [*_context_of(earlier), *refer.context]
        return f"{rewritten.rstrip()} ({'; '.join(dict.fromkeys(context))})"
    if refer.thing:  # not the "it" of "do it", which is the deed (a user trial: "Why did Brazilian do Brazilian?")
        rewritten = _IT.sub(lambda m: m.group() if _DOING.search(rewritten[:m.start()])
                            and _DEED_ENDS.match(rewritten, m.end()) else refer.thing, rewritten)
        its = _ITS.search(rewritten)
        if its and not question_names(rewritten[: its.start()]):  # "Did X get ... its officer?": X's own
            rewritten = _ITS.sub(lambda m: _possessive(refer.thing), rewritten)
    rewritten = _LEADING_AND.sub("", rewritten)
    rewritten = rewritten[:1].upper() + rewritten[1:]
    if rewritten == question and not tokenize(question):  # "Why?", "How so?": the earlier question's own
        return f"{question.rstrip()} ({earlier})"
    # "Who came second?", "How many people died?": a follow-up naming nothing of its own is about what came before
    elliptic = not question_names(question) and len(tokenize(question)) <= ELLIPTIC_WORDS
    if rewritten == question and (elliptic or _REFERRING.search(_TIMES.sub("", question))) and refer.context:
        return f"{question.rstrip()} ({'; '.join(dict.fromkeys(refer.context))})"
    return rewritten
