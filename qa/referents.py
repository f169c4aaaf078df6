"""Whom and what an earlier turn names, for a follow-up's pronouns (``qa.conversation``): the person a "who"
question was answered with or asked about, the group an answer names ("France and Germany"), the thing a
"which/what" question was answered with or asked about, and the names a follow-up naming nothing is asked in the
context of (in the sentences of an earlier answer that answer its question: ``qa.answered.answering``). Word
patterns over the question and its answering sentences, and the census's first names (``qa.genders``); nothing of
the archive is looked up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.lexical import STOP_WORDS, tokenize
from qa.genders import person_gender
from qa.names import GROUP as _GROUP, TIME_NAMES as _TIME_NAMES, could_be_person, is_group, question_names
from qa.places import canonical
from qa.answered import answer_names
from qa.question import AnswerType, asks_where, expected_type

_PLURAL_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w'’-]+\s+){0,3}?[a-z]\w*(?:[^s]s|ies)\b", re.IGNORECASE)
# "What is the US Space Force's biggest ever exercise?", "What was the largest city ...?": a thing the answer names
# beside the noun asked about ("its biggest ever exercise, Resolute Space 2025"; a trial on the seeds: "Is the NZDF
# taking part in it?" became "... in US Space Force?"); not "What is the FYDP?" nor "What is inflation?"
_WHAT_IS_THE = re.compile(r"^\s*(?i:what\s+(?:is|was|are|were)\s+)"
                          r"(?:(?i:the)\s+(?=[a-z])|(?:(?i:the)\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*['’]s\s+)")
_HEAD = re.compile(r"(?:[\w'’-]+\s+){0,5}?([a-z][\w'’-]*)(?=\s*(?:[?.!]|$|(?:of|in|on|at|for|with|from|by|to|that|"
                   r"which|who)\b))")


def _named_thing(earlier: str, answered: list[str], answer: str) -> bool:
    """Whether ``earlier`` asks "What is the <noun> ...?" and its answer names a thing beside that noun ("its
    biggest ever exercise, Resolute Space 2025"; "Resolute Space 2025, the biggest exercise")."""
    asking = _WHAT_IS_THE.match(earlier)
    head = _HEAD.match(earlier, asking.end()) if asking else None
    if not head or not answered:
        return False
    noun, name = re.escape(head.group(1)), re.escape(answered[0])
    return re.search(rf"\b{noun}s?\b[\s,:—–-]+(?:[\w'’.-]+\s+){{0,2}}?{name}|{name}\s*,\s+(?:the|a|an|its|their)\s+"
                     rf"(?:[\w'’-]+\s+){{0,3}}?{noun}\b", answer) is not None
_WHO = re.compile(r"^\s*(?:who|whom|whose)\b", re.IGNORECASE)
_APPENDED = re.compile(r"(?:\s*\([^()]*\))+\s*$")  # "... (Michigan) (on Tuesday)"
_PARTS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Referents:
    person: str
    group: str
    thing: str
    context: list[str]
    described: bool = False  # the thing is words that name nothing ("the skate park"): ask it in the context
    # the earlier question's phrase the thing is part of ("the invitation to join Operation Olympic Defender",
    # "New Zealand's unusual technology safeguarding agreement"): an "it" may mean either, so it goes after
    phrase: str = ""
    named: tuple[str, ...] = ()  # the people the answer names, for a "she" or "he" that is none of the above


def referents(earlier: str, answer: str, people_for: frozenset[str] = frozenset(),
              things_for: frozenset[str] = frozenset()) -> Referents:
    """Whom and what a follow-up's "he"/"she", "they" and "it" may stand for, after ``earlier`` answered by ``answer``
    (its answering sentences), and the names to ask it in the context of, most relevant first; ``people_for``: names
    ``earlier`` was asked of for its "he" or "she", none of them an "it"; ``things_for``: those its "it" stood for,
    none of them a "he" or "she"."""
    # not "(Who ...)", nor a time ("on Monday": "it" is the bridge asked about, not the day; a user trial)
    subjects = [name for name in question_names(earlier) if name.lower() not in STOP_WORDS | _TIME_NAMES]
    answered = answer_names(earlier, answer)
    asked_who = bool(_WHO.match(earlier))
    named = {t for name in subjects for t in tokenize(name)}  # the words of the names the question asks about
    if asked_who:  # "President Joe Biden" answers nothing of "Who did Biden endorse?" (a user trial: "she" became him)
        answered = [name for name in answered if len(terms := tokenize(name)) < 2 or terms[-1] not in named]
    asked_which = (expected_type(earlier) is AnswerType.NAME or _named_thing(earlier, answered, answer)) \
        and not asked_who
    groups = [name for name in answered if is_group(name)]
    if groups and _PLURAL_ASKED.search(earlier):  # "which countries ...": the answer is the group
        answered = groups + [name for name in answered if name not in groups]
    key = answered[0] if answered else ""
    # the thing asked about: the earlier question's own last name; when it named none and was itself asked in a
    # context ("Who are the astronauts on board? (Wilmore and Williams; Nasa's Starliner; Earth)"), the first thing
    # of that context, which lists the most relevant first (a user trial: "When did it launch?" asked of "Earth")
    asked = without_context(earlier)
    own = [name for name in subjects if name in asked]
    # a place named after "in"/"at" is where the thing asked about is, not the thing ("When will it reopen?" after
    # "What happened to the Key Bridge in Baltimore?" had asked of Baltimore), unless nothing else is named
    unplaced = [name for name in own if not _PLACED.search(asked, 0, asked.find(name))]
    own = unplaced or own
    # "Where ...?" is answered by a place, which a follow-up's "it", "he" or "they" is not when the question names the
    # thing it asks about (a user trial: "When will it move?" after "Where is GM moving its headquarters?" became
    # "When will RenCen move?"); after "Where did a volcano erupt in Iceland?", "it" is the place answered
    asked_where = asks_where(earlier) and bool(unplaced)
    asked_which = asked_which and not asked_where
    carried = [name for name in subjects if not is_group(name)] or subjects
    subject = _with_its_noun(own[-1], asked) if own else carried[0] if carried else ""
    topic = _TOPIC.search(asked)
    described = bool(topic) and (not own or asked.rfind(own[-1]) < topic.start())
    if described:  # "What did the Glenmoor council decide about the skate park?": "it" is the skate park
        subject = topic.group(1)
    # "he"/"she" is a person: a full name the answer gives before a single word ("Republican", "Denno"), or the one
    # person of a pair the question does not name ("the marriage between the Baltimore Ravens and Lamar Jackson ...
    # revealed in a Twitter thread": a user trial's "Why did Twitter ask for a trade?")
    paired = [part.strip() for name in answered if is_group(name) for part in _GROUP.split(name)]
    paired = [part for part in paired if len(part.split()) > 1 and could_be_person(part)
              and not set(tokenize(part)) <= named]
    full = next((name for name in answered if len(name.split()) > 1 and could_be_person(name)),
                paired[0] if len(paired) == 1 else key if could_be_person(key) else "")
    if asked_who and _acting_surname(key, answer) and key not in full.split():
        # "Jokic has now won the award ...": the surname that did it, not a full name further on ("... beat out Shai
        # Gilgeous-Alexander"; a trial on 2024's news asked "How many times has he won it?" of the runner-up)
        full = next((name for name in answered if name.split()[-1] == key and could_be_person(name)), key)
    # most relevant first: what a "who"/"which" question was answered with, else what the question itself named
    # (after "What went wrong with Nasa's Starliner?", the answer's "Earth" comes after "Nasa's Starliner")
    ordered = (key, *subjects) if asked_who or asked_which or asked_where else (*subjects, key)
    context = [name for name in dict.fromkeys(ordered) if name and name.lower() not in _TIME_NAMES]
    # "the Star-Spangled Banner", "the Super Bowl": no one is called "the" (a user trial: "Who sang the Star-Spangled
    # Banner?" left "she" unresolved between the singer and the song)
    people = [name for name in subjects if could_be_person(name)
              and not re.search(rf"\bthe\s+{re.escape(name)}", earlier, re.IGNORECASE)
              and not (" " not in name and re.search(rf"^\s*(?i:which|what)\s+{re.escape(name)}\s+[a-z]", asked))]
    # "Which Houston surgeon": a place's name describing the one asked for; "Which Cormac McCarthy novel" names him
    full_names = [name for name in people if len(name.split()) > 1]
    if asked_who and not full:  # "Who won the python hunt?" unanswered: "he" is whoever did, not "Florida"
        person, context = "", context_of(earlier)
    elif asked_who and full_names and full_names[0] != full:  # "Who did Sarah McBride defeat?": either one
        person, context = "", [full, full_names[0]]
    elif asked_who:
        person = full
    elif len(full_names) > 1:  # two people asked about: "she" may be either
        person, context = "", people
    elif asked_which and full and full == key and not any(map(person_gender, people)):
        # "Which former NFL quarterback is returning to Tennessee?" answered "Peyton Manning ...": "he" is the one
        # answered, not a name of the question with no first name ("Tennessee", "NBA All-Star": a trial on 2023's
        # news)
        person = full
    else:
        person = people[0] if people else "" if asked_where else full
    thing = key if asked_which and key and not is_group(key) else subject
    if thing and thing == key and person_gender(thing):  # a person is no "it" ("Rep. Dodie Horton's bill")
        thing = subject if subject != key else ""
    if thing in people_for:  # nor one a "he" stood for: "Who is its CEO?" after "How much is he (Elon Musk) paying per
        # share?" (a trial on 2022's news) is of the answer's "Twitter"; "How much of it is deferred?" after "How long
        # is his (Shohei Ohtani's) contract?", of the contract (a trial on 2023's news)
        owned = _holding_phrase(asked, thing)
        thing = owned or next((name for name in (*answered, *subjects) if name not in people_for
                               and not person_gender(name) and not is_group(name)), "")
    else:
        owned = ""
    if person in things_for:  # and a thing an "it" stood for is no "he" ("How much would Al-Hilal have paid
        person = ""  # him?" after "Which league does it (Inter Miami) play in?", a trial on 2023's news)
    if asked_who and not is_group(key) and not (len(key.split()) > 1 and could_be_person(key)):
        # "Who won best picture?" answered "Oppenheimer won ..." (or with no name): what won may be a thing (a film, a
        # team), and "it" it as well as the thing asked about (a user trial: "Who directed it?" became "Who directed
        # Oscars?"): left as asked, in the context of both. People ("A and B") are no "it".
        thing = ""
    group = groups[0] if groups else (key if asked_who or asked_which else "")
    # a name inside another one adds nothing ("Barkley" beside "Saquon Barkley")
    context = [name for name in context if not any(name != other and name in other for other in context)]
    phrase = _holding_phrase(asked, thing) if thing and not described and not owned else ""
    people_named = tuple(name for name in answered if len(name.split()) > 1 and could_be_person(name))
    return Referents(person, group, thing, context, described and thing == subject, phrase, people_named)


# a phrase whose noun the thing belongs to: "X's <words> <noun>" ending the question or before a preposition (a verb
# of "What does X's strategy aim for?" left out), or "the <noun> to join / of / for X" (a trial on the seeds: "Where
# was it extended?" after "When did New Zealand get the invitation to join Operation Olympic Defender?" was asked of
# the operation alone)
_OWNED = re.compile(r"(?:\b(?i:the)\s+)?(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)(?:\s+[a-z][\w-]*)?['’]s\s+"
                    r"(?P<words>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)(?=\s+(?:with|in|on|at|for|from|by|to|of|about)\b"
                    r"|\s*[?.!]*\s*$)")
_OF_NAME = re.compile(r"\b(?i:the)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*\s+(?:to\s+[a-z]+|of|for)\s+(?:(?i:the)\s+)?"
                      r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)")
_DOES = re.compile(r"^\s*\w+(?:\s+\w+)?\s+(?:does|did|do|will|can|would|could)\b", re.IGNORECASE)


def _holding_phrase(question: str, thing: str) -> str:
    """The phrase of ``question`` whose noun ``thing`` is the owner or the object of, or ""."""
    for match in _OF_NAME.finditer(question):
        if thing in match.group("name") or match.group("name") in thing:
            return match.group()
    for match in _OWNED.finditer(question):
        if thing in match.group("name") or match.group("name") in thing:
            words = match.group("words").split()
            if _DOES.match(question) and question[match.end():].strip(" ?.!") and len(words) > 1:
                words = words[:-1]  # "What does X's space strategy aim for ...?": "aim" is the verb
            return f"{question[match.start():match.start('words')]}{' '.join(words)}"
    return ""


_ACTING = r"(?:has|had|is|was|won|wins|will|would|said|says|beat|became|scored|took|led|leads|finished)"


def _acting_surname(key: str, answer: str) -> bool:
    """Whether ``key`` is one word that may be a person's surname, doing something in ``answer`` ("Jokic has now
    won"): not a place or a people's word ("American"), nor set off by a comma ("The Republican, Donald Trump")."""
    return bool(key) and " " not in key and could_be_person(key) and canonical(key) == key \
        and re.search(rf"\b{re.escape(key)}\s+(?:\w+ly\s+|now\s+)?{_ACTING}\b", answer) is not None


_PLACED = re.compile(r"\b(?:in|at|near|outside|across|throughout)\s+(?:the\s+)?$", re.IGNORECASE)
# what a question is about when it ends on it, in words that name nothing; not a time ("... on the first day?")
_TOPIC = re.compile(r"\b(?:about|over|regarding|on)\s+(the\s+(?:[a-z][\w'’-]*\s+){0,2}"
                    r"(?!(?:times?|day|days|week|weekend|month|year|season|night|morning|evening|moment)\b)"
                    r"[a-z][\w'’-]*)\s*[?.!]*\s*$")


# "the Arctic wolf": a name that only describes the noun after it, the thing asked about, where the question ends
# or a preposition follows ("the Colombian senator in June"); not a verb ("When did the Space Force announce it?")
_DOES_BEFORE = re.compile(r"\b(?:does|did|do|will|can|would|could|should)\b", re.IGNORECASE)  # not "may": a month
_NOUN_AFTER = r"\s+([a-z][a-z'’-]+)(?=\s*[?.!]*\s*$|\s+(?:in|on|at|of|for|from|to|with|by|after|before|during)\b)"


def _with_its_noun(name: str, question: str) -> str:
    """``name`` with the common noun it describes in ``question`` ("Arctic wolf" of "Which company cloned the Arctic
    wolf?"; a user trial: "Which company cloned it?" became "... cloned Arctic?"), or the thing it is the place of
    ("the earthquake in Vanuatu" of "What happened in the earthquake in Vanuatu?", not "Vanuatu": a user trial's
    "How strong was it?"), else ``name``."""
    match = re.search(rf"\b(?i:the|a|an)\s+{re.escape(name)}{_NOUN_AFTER}", question)
    # not the verb a question ends on ("What did the FDA approve?", a trial's "it" became "FDA approve"), nor "worth"
    # ("How much is ... with the Eagles worth?")
    verb = match is not None and match.group(1).lower() == "worth" or match is not None and _DOES_BEFORE.search(
        question, 0, match.start()) is not None and not question[match.end():].strip(" ?.!")
    if match and match.group(1).lower() not in STOP_WORDS and not verb:
        return f"{name} {match.group(1)}"
    placed = re.search(rf"\b(?i:the)\s+([a-z][a-z'’-]+)\s+(in|at|near|off)\s+{re.escape(name)}\b", question)
    return f"the {placed.group(1)} {placed.group(2)} {name}" if placed and placed.group(1) not in STOP_WORDS else name


def without_context(question: str) -> str:
    """A question without the context a follow-up was asked in ("Who came third? (Michigan)": "Who came third?")."""
    return _APPENDED.sub("", question)


def context_of(question: str) -> list[str]:
    """A question as context of a follow-up: what it was itself asked in the context of, when it was a follow-up
    ("Who came third? (Michigan)": "Michigan"), else the question."""
    appended = _APPENDED.search(question)
    return [part for group in _PARTS.findall(appended.group()) for part in group.split("; ")] if appended \
        else [question.strip()]
