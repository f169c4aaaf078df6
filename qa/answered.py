"""Whom an answer names for a question, best first: the name a follow-up's "he" or "it" may stand for
(``qa.referents``). The name beside most of the question's words; for a "who" question, on the side of them its
answer stands ("Who won ...?": before them, "Who was appointed ...?": after them); and the sentences of an answer
that answer its question (``answering``), where those names are looked for. Patterns, no language model.
"""

from __future__ import annotations

import re

from index.models import Span
from index.sentences import split_sentences
from qa.genders import person_gender
from qa.lexical import matches, tokenize
from qa.names import bare_name, could_be_person, person_after_title, question_names
from qa.places import canonical, is_people_word, place_names
from qa.offered import NEAR, WORD, candidate_names, last_word, new_items
from qa.question import asked, which_kind

_DESCRIBING = re.compile(r"-[a-z]+$")  # a name made into a word that describes something else

# Where a "who" question's answer stands to the question's words in a sentence that answers it: "Who won ...?"
# before them ("Lula ... defeating Jair Bolsonaro"), "Who was appointed ...?" and "Who did X beat?" after them
# ("Garland appointed Jack Smith"); "Who is the ...?" either way. A user trial's follow-ups took the other name of
# such sentences ("What percentage of the vote did he get?" asked of Bolsonaro)
_WHO_ASKS = re.compile(r"(?:^|[.?!]\s+)(?:who|whom)\b[^.?!]*", re.IGNORECASE)
_WHO_COPULA = re.compile(r"^\w+\s+(?:is|was|are|were|'s|’s)\s+(?:the|a|an|his|her|their|its|our|[A-Z])",
                         re.IGNORECASE)
_WHO_OBJECT = re.compile(r"^\w+\s+(?:did|does|do)\b", re.IGNORECASE)
_PARTICIPLES = "shot|hit|put|set|cut|sent|held|found|made|told|caught|struck|brought|bought|left|kept|led|sold|paid|won"
_WHO_PASSIVE = re.compile(r"^\w+\s+(?:is|was|are|were|has\s+been|have\s+been|had\s+been|will\s+be|would\s+be)"
                          rf"\s+(?:\w+ly\s+)?(?:\w+(?:ed|en|wn)|{_PARTICIPLES})\b", re.IGNORECASE)
DIRECTED_WHO = True
_FOR = re.compile(r"\bfor\s+(?:the\s+)?(\w+)", re.IGNORECASE)
_PASSIVE_AUXILIARIES = frozenset("is are was were be been being".split())


def answer_side(question: str) -> str:
    """Which side of the question's words the answer to a "who" question stands on in a sentence that answers it:
    "before" (it did what is asked), "after" (it had it done to it: "passive" when the question says so, and then
    the answer may also open a passive of its own), or "" (either, or no "who" question)."""
    asking = list(_WHO_ASKS.finditer(question))
    if not DIRECTED_WHO or not asking:
        return ""
    clause = asking[-1].group().lstrip(" .?!")
    if _WHO_PASSIVE.match(clause):
        return "passive"
    if _WHO_OBJECT.match(clause):
        return "after"
    return "" if _WHO_COPULA.match(clause) else "before"


def answer_names(question: str, answer: str) -> list[str]:
    """Names ``answer`` adds to ``question``, the one beside most of the question's words first (for a "who"
    question, on the side its answer stands: ``answer_side``)."""
    words = list(WORD.finditer(answer))
    of_question = asked(question)
    anchors = [(i, t) for i, w in enumerate(words) for t in tokenize(w.group()) if matches(t, of_question.focus)]
    side = answer_side(question)
    kind = which_kind(question)
    owned = {t for m in _ITS.finditer(question) for t in tokenize(m.group(1))[:1]} if kind else set()
    ranked: list[tuple[int, int, int, int, str]] = []
    directed: list[tuple[int, str, set[str]]] = []
    # a longer name of the question's own person is kept: a follow-up's "he" is "Saquon Barkley", not "Barkley"
    names = candidate_names(answer, question, strict=True, own=True)
    initials = {w for w in re.findall(r"\b[A-Z]{2,}\b", question)}
    # what the question says someone runs or stands for titles no one it asks about: "President Joe Biden" is not
    # the one of "Which South Carolina senator filed to run for president?" (a trial on 2023's news)
    sought = {t for goal in _FOR.findall(question) for t in tokenize(goal)} - set(tokenize(_FOR.sub("", question)))
    for order, (item, first, last) in enumerate(new_items(question, words, names)):
        terms = tokenize(item.group())
        # a person titled with the question's words is that person, first: "Judith Collins" of "Defence and Space
        # Minister Judith Collins" for "Who is New Zealand's Defence and Space Minister?" (a trial on the seeds:
        # "she" became another minister), "Sam Altman" of "OpenAI CEO Sam Altman" for "Who is the CEO of OpenAI?"
        asked_terms = sum(t in of_question.terms and t not in sought for t in terms)
        said = (_unasked_person(item.group(), of_question.terms) if asked_terms else "") or item.group()
        titled = said != item.group()
        # a person owned or titled so that the name reads as no one's: "Laphonza Butler" of "Emily's List President
        # Laphonza Butler" (a title that leaves a person's name, "Brig. Gen. Kristin Panzenhagen", stays: it says who)
        said = said if titled or could_be_person(said) else person_after_title(said) or said
        if not titled and 2 * asked_terms > len(terms):  # "US Space Force" when "Space Force" was asked
            continue
        if _DESCRIBING.search(said):  # "Illinois-based", "Texas-born", "U.S.-led": of another thing
            continue
        if _spelled_out(bare_name(said)) in initials:  # "Food and Drug Administration" is the question's "FDA"
            continue  # (a trial on 2023's news: no name an answer adds)
        if is_people_word(said):  # "the iconic American rock band KISS": no one is called "American" (a trial's
            continue  # "How much did they pay?" was asked of "American")
        near = {t for i, t in anchors if first - NEAR <= i <= last + NEAR}
        owner = 0 if owned and _owns(answer, item.end(), owned) else 1
        ranked.append((_unlike(kind, bare_name(said)), owner, -len(near) - (len(terms) if titled else 0), order,
                       bare_name(said)))
        if side == "before":
            directed.append((order, bare_name(said), {t for i, t in anchors if last < i <= last + NEAR}))
        elif side:  # or those of a passive it opens: "Patrick Mahomes, MVP of Super Bowl 54, was named"
            passive = next((i for i, _ in anchors if side == "passive" and last < i <= last + NEAR
                            and words[i - 1].group().lower() in _PASSIVE_AUXILIARIES), None)
            directed.append((order, bare_name(said), {
                t for i, t in anchors
                if first - NEAR <= i < first or passive is not None and passive <= i <= passive + NEAR}))
    if side:  # each person by every mention (by last word: "da Silva", "Silva's"), named as first named in full
        people: dict[str, tuple[int, str, set[str]]] = {}
        for order, name, found in directed:
            key = last_word(name)
            at, full, words_by = people.get(key, (order, name, set()))
            people[key] = (at, name if len(full.split()) == 1 < len(name.split()) else full, words_by | found)
        return [full for _, full, found in sorted(people.values(), key=lambda p: (-len(p[2]), p[0]))]
    return [name for *_, name in sorted(ranked)]


# what a "Which <noun> ...?" question says the thing asked for has: "its distribution facility", "their album"
_ITS = re.compile(r"\b(?:its|their)\s+([a-z][\w-]*)")
_OWNING = re.compile(r"\s*(?:['’]s?)?\s+([\w-]+)")


def _owns(answer: str, end: int, owned: set[str]) -> bool:
    """Whether the name ending at ``end`` of ``answer`` has what the question says the thing asked for has: "a
    Family Dollar distribution facility" for "Which retailer ... at its distribution facility?" (a trial on 2022's
    news: the answer's other name, the FDA that announced it, had been taken for the retailer)."""
    after = _OWNING.match(answer, end)
    return after is not None and any(matches(t, owned) for t in tokenize(after.group(1)))


def _unlike(kind: str, name: str) -> int:
    """How far ``name`` is from the kind of thing a "Which <noun> ...?" question asks for (``which_kind``), 0 for
    none: a place is no company, team or person (a trial on 2022's news: "they" after "Which company fired him
    ...?" became "Japan", of "tweets ... about the 2011 tsunami in Japan ... led Aflac ... to fire him"), and a
    person is best a name with a first name ("she" after "Which tennis player withdrew ...?" became "Melbourne",
    the answer naming "the WTA" and "Defending Australian Open champion Naomi Osaka")."""
    if kind not in ("thing", "person"):
        return 0
    if canonical(name) in place_names(name):  # a place, not a name holding one ("New York Yankees")
        return 2
    return 0 if kind == "thing" or person_gender(name) else 1


def _unasked_person(name: str, asked: set[str]) -> str:
    """The words ending ``name`` that the question does not hold, when they are two or three capitalised words (a
    person's name after a title the question asked: "Judith Collins" of "Defence and Space Minister Judith
    Collins"), else ""."""
    tail: list[str] = []
    for word in reversed(name.split()):
        if not word[:1].isupper() or any(t in asked for t in tokenize(word)):
            break
        tail.insert(0, word)
    # not the rest of a name that is no one's ("Nations Championship" of "African Nations Championship" after a
    # question naming "African": a trial on 2022's news had "they" asked of it)
    return " ".join(tail) if 2 <= len(tail) <= 3 and could_be_person(" ".join(tail)) else ""


def _spelled_out(name: str) -> str:
    """The initialism of a name's capitalised words ("FDA" of "Food and Drug Administration"), or "" for one word."""
    capitals = [w[0] for w in re.sub(r"^(?:The|A|An)\s+", "", name).split() if w[:1].isupper()]
    return "".join(capitals) if len(capitals) > 1 else ""


_MARKER = re.compile(r"\s*\[\d+\]")


def answering(question: str, answer: str) -> str:
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
    return "\n".join(_DATELINE_OPENING.sub("", k) for k in kept if k)  # a name ends with its passage


# a dateline opening an answer's sentence ("WASHINGTON —", "NASHVILLE, Tenn. –", "NEW YORK (AP) —"): where it was
# written, not what it is about (a user trial's follow-up was asked "(George Santos; Congress; WASHINGTON)")
_DATELINE_OPENING = re.compile(r"(?m)^\s*[A-Z][A-Z.'’ -]*[A-Z]\.?(?:,\s*[A-Z][\w.]*)*(?:\s*\([A-Za-z]+\))?"
                               r"\s*[—–−-]+\s+")
