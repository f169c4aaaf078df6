"""Follow-up questions made standalone from the conversation, with no language model.

"What is his rank?" after "Who is leading the project?" (answered "...
said Chief Engineer Ana Ruiz, who is leading the project.") becomes "What is
Chief Engineer Ana Ruiz's rank?". Pronouns are replaced by agreement
with the previous turn: "he/she" by the person a "who" question was answered
with (else the name the question asked about), "they" by a group the answer
names ("France and Germany"), "it" by the thing a "which/what" question was
answered with (else the thing the question asked about). "What about X?"
re-asks the previous question about X (``qa.reask``), and so does a correction, "No, I meant X.", when X is of
the kind of what it replaces (else X is asked on its own); "And the other one?" after it asks the question before
it again. A follow-up that is only what it asks for ("How many vehicles?", "When?") after "What did Tesla
recall?" takes its clause ("How many vehicles did Tesla recall?"). A follow-up with nothing to substitute
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa.lexical import tokenize
from qa.names import question_names
from qa.reask import only_asking, reask, reask_asking, reask_at, reask_correcting
from qa.digest import names_no_subject
from qa.genders import pronoun_person
from qa.answered import answering
from qa.referents import context_of, referents, without_context
from qa.timeframe import window_words
from qa.turns import ASKING_WORD, WHAT_ABOUT, correction, turned_to

_HE_SHE = re.compile(r"\b(?:he|she|him|her)\b", re.IGNORECASE)
_HIS_HER = re.compile(r"\b(?:his|her(?=\s+[a-z]))\b", re.IGNORECASE)  # "her rank", not "asked her"
_THEY = re.compile(r"\b(?:they|them)\b", re.IGNORECASE)
_THEIR = re.compile(r"\btheir\b", re.IGNORECASE)
_IT = re.compile(r"\bit\b", re.IGNORECASE)
_PRONOUNS = "he|she|him|his|her|they|them|their|it|its"
_PERSONAL = re.compile(rf"\b(?:{_PRONOUNS})\b", re.IGNORECASE)
_ITS = re.compile(r"\bits\b", re.IGNORECASE)
_REFERRING = re.compile(rf"\b(?:this|that|these|those|there|then|{_PRONOUNS})\b", re.IGNORECASE)
# "this week", "that day", "is there": words that refer to nothing said before
_TIMES = re.compile(r"\b(?:this|that|these|those|next|last)\s+(?:week|weekend|month|year|day|days|morning|afternoon|"
                    r"evening|night|time|season)\b|\b(?:is|are|was|were)\s+there\b|\bthere\s+(?:is|are|was|were)\b",
                    re.IGNORECASE)
_DEFINITE = re.compile(r"\bthe\s+[a-z]", re.IGNORECASE)
_NOW = re.compile(r"\b(?:now|currently|nowadays|these\s+days|at\s+present)\b", re.IGNORECASE)
_LEADING_AND = re.compile(r"^\s*and\s+", re.IGNORECASE)
ELLIPTIC_WORDS = 3  # words of its own (stop words aside) a follow-up naming nothing may have, to be asked in context
_DOING = re.compile(r"\b(?:do|does|did|doing|done)\s+$", re.IGNORECASE)
# "do it?", "do it again", "do it for ...": the deed; "did it open?" asks of a thing
_DEED_ENDS = re.compile(r"\s*(?:[?.!,;]|$|(?:again|anyway|now|then|so|too|for|to|with|without|because|after|before)\b)",
                        re.IGNORECASE)
# "it" of an event ("When was it held?", "When did it happen?"): the event the earlier turn was about, not a name of
# it (a user trial: "Where was it held?" after the NATO summit became "Where was NATO held?")
# ("Is it over?"; not "take it over", a deed: a trial on the seeds' "When did Space Command take it over?" was left
# with its "it")
_EVENT_IT = re.compile(r"\bit\s+(?:(?:be|been|being|get|got|was|is)\s+)?(?:held|happen\w*|occur\w*|tak\w+\s+place|"
                       r"took\s+place|start\w*|begin\w*|began|begun|end|ended|scheduled)\b"
                       r"|\b(?:is|was|be|been)\s+it\s+over\b|\bit\s+(?:is|was|be|been|will\s+be)\s+over\b",
                       re.IGNORECASE)
# "And the other one?" after "What about X?": the question before X was turned to (a user trial: it was asked as
# "The other one? (Oscars)")
_OTHER_ONE = re.compile(r"^\s*(?:and\s+)?(?:what\s+about\s+)?the\s+other(?:\s+one)?\s*[?.!]*\s*$", re.IGNORECASE)


# one of those the earlier question asked for ("Which one is in New Zealand?", "Which of them ...?"; a trial on the
# seeds asked it alone, and was answered with another passage)
_ONE_OF = re.compile(r"\b(?:which|what)\s+(?:one|ones)\b|\b(?:which|how\s+many)\s+of\s+(?:them|those|these)\b",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Message:
    role: str  # "user" or "assistant"
    content: str


_CHAIN = 8  # earlier questions resolved in turn, at most: the ones before them stand as asked
# whether a question, made standalone so from the earlier question, is rather of a subject of its own and to be
# asked alone (``qa.topics``)
Alone = Callable[[str, str, str], bool]


def _previous(messages: Sequence[Message], chain: int,
              alone: Alone) -> tuple[str, str, frozenset[str], frozenset[str]]:
    """The user question before the last one, as it stood alone (a follow-up of its own: "Why did she resign?"
    is asked of the name it was resolved to), the assistant's answer to it ("" when absent), and the names its
    "he", "she", "his" or "her" became (people, whatever their first names) and those its "it" or "its" became
    (things). A question of no words of its own
    ("Why?", "When was that?") asks of the one before it: a pronoun after it means what it would have meant there
    (a trial on 2023's news: "Which company is he joining?" after "Who was ousted as OpenAI's CEO?" and "Why?" was
    asked of the board member the reason's passage named first, not of Sam Altman)."""
    question = content = asked = ""
    for at in range(len(messages) - 2, -1, -1):
        message = messages[at]
        if message.role == "assistant" and not content and not question:
            content = message.content
        elif message.role == "user":
            asked = message.content.strip()
            if chain > 0 and not tokenize(asked) and not _PERSONAL.search(asked) \
                    and any(m.role == "user" for m in messages[:at]):  # not "Who is he?", which asks of him
                return _previous(messages[:at + 1], chain - 1, alone)
            question = _standalone(messages[:at + 1], chain - 1, alone) if chain > 0 else asked
            break
    new = frozenset(question_names(question)) - frozenset(question_names(asked))
    person = bool(_HE_SHE.search(asked) or _HIS_HER.search(asked))
    thing = bool(_IT.search(asked) or _ITS.search(asked))
    people = new if person and not thing else frozenset()  # one pronoun's, else whose is unknown
    # not one owning what "it" became ("Shohei Ohtani" of "How much of Shohei Ohtani's contract is deferred?")
    things = frozenset(n for n in new if not re.search(rf"{re.escape(n)}['’]", question)) if thing and not person \
        else frozenset()
    return question, answering(question, content), people, things


def _without_and(question: str) -> str:
    """A follow-up without its opening "and" (a user trial's "And who else?" was asked as "Who else?", without
    the earlier turn's subject, since it was taken for a follow-up with something substituted)."""
    question = _LEADING_AND.sub("", question)
    return question[:1].upper() + question[1:]


def _as_context(earlier: str) -> list[str]:
    """An earlier question as the context of a follow-up: itself, then what it was asked in (flat)."""
    asked = without_context(earlier)
    return [asked, *context_of(earlier)] if asked != earlier.strip() else [asked]


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def standalone_question(messages: Sequence[Message], alone: Alone | None = None) -> str:
    """The last user message, rewritten to stand alone given the earlier turns, in their time: a follow-up
    without time words of its own is asked of the time the latest earlier question named ("What share did
    Haley get?" after "Who won the primary on Tuesday?" asks it "(on Tuesday)"). A question that ``alone`` (a
    question, the standalone made of it, the earlier question) judges to be of a subject of its own stands as
    asked, in the chain of follow-ups too."""
    return _standalone(messages, _CHAIN, alone or _never)


def asked_about(messages: Sequence[Message]) -> str:
    """The named thing a "What about X?" follow-up turns the conversation to ("Walmart"), or "" (no follow-up,
    or X names nothing: "What about last year?"). Its answer must name it: an answer about the earlier thing
    answers the earlier question (a user trial: "What about Walmart?" was answered from a Target article)."""
    if len([m for m in messages if m.role == "user"]) < 2:
        return ""
    topic = turned_to(messages[-1].content.strip())
    return topic if topic and question_names(topic) else ""


def _never(question: str, standalone: str, earlier: str) -> bool:
    return False


def _standalone(messages: Sequence[Message], chain: int, alone: Alone) -> str:
    """``standalone_question``, each earlier question of the chain resolved as it was."""
    question = messages[-1].content.strip()
    resolved, earlier = _resolved(messages, chain, alone)
    # a question naming a thing by "the" alone ("the pope", "the chain") may be of a subject of its own; one
    # referring back ("that", "its", "they") is a follow-up whatever the archive holds
    timeless = _TIMES.sub("", question)
    own = _DEFINITE.search(timeless) and not _REFERRING.search(timeless)
    return question if own and earlier and alone(question, resolved, earlier) else resolved


def _resolved(messages: Sequence[Message], chain: int, alone: Alone) -> tuple[str, str]:
    """The question made standalone, and the earlier question (resolved) it was made so from ("" if none)."""
    question = messages[-1].content.strip()
    asked = [at for at, m in enumerate(messages) if m.role == "user"]
    if _OTHER_ONE.match(question) and len(asked) >= 3 and turned_to(messages[asked[-2]].content.strip()):
        again = _standalone(messages[:asked[-3] + 1], chain - 1, alone) if chain > 0 else messages[asked[-3]].content
        return again, ""
    phrase = window_words(question)
    if phrase and names_no_subject(question, phrase) and not _REFERRING.search(_TIMES.sub("", question)):
        return question, ""  # "What happened this week?": the news of a time, not a follow-up (a user trial's chat)
    earlier, answer, people, things = _previous(messages, chain, alone)
    rewritten = _rewritten(question, earlier, answer, people, things)
    if window_words(rewritten) or _NOW.search(question):  # "How much does that deal cost now?" is of now
        return rewritten, earlier
    # the time of the earlier question as it was resolved: not that of one before a question asked alone
    earlier_time = window_words(earlier) if earlier else ""
    return (f"{rewritten.rstrip()} ({earlier_time})" if earlier_time else rewritten), earlier


def _rewritten(question: str, earlier: str, answer: str, people: frozenset[str] = frozenset(),
               things: frozenset[str] = frozenset()) -> str:
    if not earlier:
        return question
    at_another_time = reask_at(earlier, question)
    if at_another_time:
        return at_another_time
    meant = correction(question)
    if meant and ASKING_WORD.match(meant.group("topic")):  # "No, I meant who founded it?": that question
        question = meant.group("topic").rstrip(".!? ") + "?"
        question = question[:1].upper() + question[1:]
    elif meant:
        return reask_correcting(earlier, meant.group("topic"))
    what_about = WHAT_ABOUT.match(question)
    if what_about:
        return reask(earlier, what_about.group("topic"))
    refer = referents(earlier, answer, people, things)
    rewritten = question
    person = pronoun_person(question, refer.person, [c for c in refer.context if c not in things], refer.named)
    if person:
        rewritten = _HIS_HER.sub(lambda m: _possessive(person), rewritten)
        rewritten = _HE_SHE.sub(person, rewritten)
    if refer.group:
        rewritten = _THEIR.sub(lambda m: _possessive(refer.group), rewritten)
        rewritten = _THEY.sub(refer.group, rewritten)
    # an event's "it", or one whose thing the question names already (a user trial: "When did Meta announce it?"
    # had become "... announce Meta?"): left as asked, and the question asked in the earlier one's context
    event = bool(_EVENT_IT.search(rewritten)) or bool(refer.thing) and bool(_IT.search(rewritten)) and \
        re.search(rf"\b{re.escape(refer.thing)}\b", question, re.IGNORECASE) is not None
    if event:
        context = [*context_of(earlier), *refer.context]
        return f"{rewritten.rstrip()} ({'; '.join(dict.fromkeys(context))})"
    said = rewritten
    if refer.thing:  # not the "it" of "do it", which is the deed (a user trial: "Why did Brazilian do Brazilian?")
        rewritten = _IT.sub(lambda m: m.group() if _DOING.search(rewritten[:m.start()])
                            and _DEED_ENDS.match(rewritten, m.end()) else refer.thing, rewritten)
        its = _ITS.search(rewritten)
        if its and not question_names(rewritten[: its.start()]):  # "Did X get ... its officer?": X's own
            rewritten = _ITS.sub(lambda m: _possessive(refer.thing), rewritten)
    rewritten, question = _without_and(rewritten), _without_and(question)  # "And who else?" is "Who else?"
    if refer.described and rewritten != said and refer.context:  # "the skate park" of Glenmoor, not any
        return f"{rewritten.rstrip()} ({'; '.join(dict.fromkeys(refer.context))})"
    if refer.phrase and rewritten != said:  # "Where was Operation Olympic Defender extended? (the invitation ...)"
        return f"{rewritten.rstrip()} ({refer.phrase})"
    merged = reask_asking(earlier, question) if rewritten == question else ""
    if merged and refer.thing and refer.thing not in merged:  # "How much did Microsoft buy? (Activision Blizzard)"
        return f"{merged.rstrip()} ({refer.thing})"
    if merged:
        return merged
    if rewritten == question and (not tokenize(question) or only_asking(question) or _ONE_OF.search(question)):
        # "Why?", "Since when?", "Which one is in New Zealand?" (of the ones the earlier question asked for): the
        # earlier question's own, with what it was itself asked in (not "(... (...))", a trial on the seeds)
        return f"{question.rstrip()} ({'; '.join(dict.fromkeys(_as_context(earlier)))})"
    # "Who came second?", "How many people died?": a follow-up naming nothing of its own is about what came before
    # a follow-up naming nothing is about what came before when it is short, refers back ("there", "it") or names a
    # thing by "the" alone ("Why did the chain lose money last year?" after Red Lobster; a trial on 2024's news)
    unnamed = not question_names(question)
    elliptic = unnamed and (len(tokenize(question)) <= ELLIPTIC_WORDS or _DEFINITE.search(_TIMES.sub("", question)))
    if rewritten == question and (elliptic or _REFERRING.search(_TIMES.sub("", question))) and refer.context:
        return f"{question.rstrip()} ({'; '.join(dict.fromkeys(refer.context))})"
    return rewritten
