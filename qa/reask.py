"""A "What about X?" follow-up: the earlier question asked again about X, with no language model; and one that is
only what it asks for ("How many vehicles?") asked with the earlier question's clause (``reask_asking``).

The earlier phrase of the same kind as X is swapped for it: the one ending in
X's last words ("the men's final" for "the women's final", "Album of the Year"
for "record of the year", "this year" for "last year"); else the earlier
question's first name ("Kevin Durant" for "Kyrie Irving"; of "the CEO of
Twitter", the role for "the CFO" and the organisation for "Meta"); else X is
appended. Word patterns only, as the rest of ``qa.conversation``.
"""

from __future__ import annotations

import re

from qa.names import question_names
from qa.places import canonical, place_names, place_spans
from qa.referents import context_of, without_context
from qa.timeframe import window_words

_JOINING = r"(?:of|in|at|on|for|to|by|from|with|and|or|the|a|an)"  # words that end a noun phrase before its head
_DETERMINERS = r"(?:the|a|an|this|that|its|his|her|their)"
_DETERMINED = re.compile(rf"{_DETERMINERS}\s", re.IGNORECASE)
_ENDING_DETERMINER = re.compile(rf"\b{_DETERMINERS}\s+$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_POSSESSIVE_BEFORE = re.compile(r"\w['’]s?\s+$")
_ENDING_YEAR = re.compile(r"\b(?:19|20)\d\d(?:[-–/]\d\d)?\s+$")  # "the 2034 " before "Winter Olympics"


def reask(earlier: str, topic: str) -> str:
    """The earlier question asked about ``topic``: the earlier phrase that ends the way the topic does swapped for
    it ("the men's final" for "the women's final", "Album of the Year" for "record of the year"), else its first
    name, else the topic appended."""
    topic = topic.strip()
    # a follow-up asked in context is asked again without it (a user trial: "What about the union leader?" after
    # "How much did she say it lost? (Who is the mayor ...?)" swapped the context's "Who" for the union leader); an
    # earlier question it was asked in goes after it again when X takes the place of a phrase of its own ("Which one
    # is in France? (Which organisations did Panzenhagen name ...?)", a trial on the seeds: asked alone, it was
    # refused), not names (those of the one X replaces: "(the mayor of Glenmoor)" for the union leader)
    own = without_context(earlier)
    asked_in = [part for part in context_of(earlier) if part.rstrip().endswith("?")] if own != earlier.strip() else []
    context = "; ".join(dict.fromkeys(asked_in))
    asked = _swapped(own, topic)
    if asked is None:
        return f"{own.rstrip('?')} ({topic})?"
    return f"{asked.rstrip()} ({context})" if context else asked


def _swapped(earlier: str, topic: str) -> str | None:
    """``earlier`` with ``topic`` in the place of its phrase of the same kind or its first name; None if neither."""
    swapped = _same_kind(earlier, topic)
    if swapped is not None:
        return swapped
    placed = _place_swapped(earlier, topic)
    if placed is not None:
        return placed
    names = question_names(earlier)
    if names:
        name = names[0]
        role, of, holder = name.partition(" of ")
        bare = _undetermined(topic)
        if of and role.isupper():  # "the CEO of Twitter": the role, or whose it is
            # "the CFO": the role swapped, of the same organisation; "Meta": the same role of another
            name = role if bare.isupper() and " " not in bare else holder
        at = earlier.index(name)
        before = earlier[:at]
        year = _ENDING_YEAR.search(before)
        if year and _YEAR.fullmatch(topic):  # "What about 2030?" after "... the 2034 Winter Olympics ...": the year
            return before[:year.start()] + topic + " " + earlier[at:]
        if year and (_DETERMINED.match(topic) or _YEAR.search(topic)):
            before = before[:year.start()]  # "the 2030 Games" for "the 2034 Winter Olympics": its year goes too
        ending = _ENDING_DETERMINER.search(before)
        if _DETERMINED.match(topic) and ending:
            before = before[:ending.start()]  # "the CFO" after "Who is the ...": not "the the"
        return before + topic + earlier[at + len(name):]
    return None


def _undetermined(topic: str) -> str:
    """``topic`` without the determiner it opens with ("the CFO": "CFO"), if any."""
    return _DETERMINED.sub("", topic, count=1) if _DETERMINED.match(topic) else topic


# "there" standing for a place, not the one that says something is ("Are there ...?", "there is", "there were")
_THERE = re.compile(r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b(?!\s+(?:is|are|was|were|be|been|has|have|"
                    r"had|will|would)\b)", re.IGNORECASE)


def _place_swapped(earlier: str, topic: str) -> str | None:
    """A country or US state for the earlier question's (its first), or for the place its "there" stands for ("What
    about Cuba?" after "How many people did Hurricane Ian kill there?", a trial on 2022's news: Cuba had taken the
    hurricane's place); None when the topic is no such place or the earlier question names none."""
    bare = _undetermined(topic)
    if not bare or canonical(bare) not in place_names(bare):
        return None
    spans = place_spans(earlier)
    if spans:
        return earlier[:spans[0].start()] + topic + earlier[spans[0].end():]
    there = _THERE.search(earlier)
    return earlier[:there.start()] + "in " + topic + earlier[there.end():] if there else None


_NAME_WORD = r"[A-Z0-9][\w'’.&-]*"
_NAME_LIKE = re.compile(rf"(?:(?:the|a|an)\s+)?{_NAME_WORD}(?:\s+(?:(?:of|the|and|for|de)\s+)*{_NAME_WORD}){{0,5}}")


def reask_correcting(earlier: str, topic: str) -> str:
    """A correction ("No, I meant X."): the earlier question asked about X where X is of the kind of a phrase or a
    name of it (as ``reask``: "the House race" for "the Senate race", "Meta" for "Twitter"); a description of
    something else ("the vote to remove McCarthy as speaker") asked on its own, since put in a name's place it
    made no question ("How did the vote to remove McCarthy as speaker vote on the budget?")."""
    topic = topic.strip().rstrip("?.!").strip()
    swapped = _same_kind(without_context(earlier), topic)
    if swapped is not None:
        return swapped
    if _NAME_LIKE.fullmatch(topic) and question_names(topic):
        return reask(earlier, topic)
    # "the paramilitary group" for "the army" of "Who leads the army?": a short "the ..." takes the place of the
    # earlier question's last such phrase (a trial of chat on 2023's news was answered "The paramilitary group?")
    asked = without_context(earlier)
    described = list(_DESCRIBED.finditer(asked)) if _SHORT_DESCRIPTION.fullmatch(topic) else []
    if described:
        return asked[:described[-1].start()] + topic + asked[described[-1].end():]
    return topic[:1].upper() + topic[1:] + "?"


_THE_WORDS = r"(?i:the)\s+(?:[a-z][\w'’-]*\s+){0,2}[a-z][\w'’-]*"  # "the" and up to three lower-case words
_SHORT_DESCRIPTION = re.compile(_THE_WORDS)
# such a phrase ending where the question or a clause does ("the army" of "Who leads the army?", "the bridge" of "How
# much did the city pay for the bridge?")
_DESCRIBED = re.compile(rf"\b{_THE_WORDS}(?=\s*[?.!]*\s*$|\s+(?:in|on|at|of|for|from|to|with|by|after|before|during|"
                        r"this|last|that|which|who)\b)")


_LOWER = {"in", "on", "at", "during", "since", "over", "the", "this", "that", "last", "past", "next", "early", "late",
          "mid", "yesterday", "today", "tonight", "tomorrow", "a", "two", "three"}
_ASKING_AGAIN = re.compile(r"^\s*(?:and\s+)?(?:(?:what|how)\s+about\s+)?", re.IGNORECASE)
_ONLY_NOW = re.compile(_ASKING_AGAIN.pattern + r"(?:right\s+)?now\s*[?.!]*\s*$", re.IGNORECASE)


def reask_at(earlier: str, question: str) -> str | None:
    """A follow-up that only names a time ("And in 2022?", "What about last week?", "In March?", "What about now?"):
    the earlier question asked of that time, its own time words swapped for it (a user trial: "And in 2022?" after
    "Who was named People's Sexiest Man Alive this year?" was asked as "In 2022?"); None for any other follow-up."""
    if _ONLY_NOW.match(question):  # "What about now?": the earlier question of now (a user trial's chat had it
        earlier = without_context(earlier)  # asked as "What is the now portable charger recall about?")
        before = window_words(earlier)
        asked = re.sub(r"\s+", " ", earlier.replace(before, " ", 1) if before else earlier).strip().rstrip("?. ")
        return f"{asked} now?"
    time = window_words(question)
    if not time or re.search(r"\w", _ASKING_AGAIN.sub("", question.replace(time, " ", 1))):
        return None
    earlier = without_context(earlier)
    if time.split()[0].lower() in _LOWER:
        time = time[:1].lower() + time[1:]  # "In March" within a sentence: "in March"
    before = window_words(earlier)
    if before:
        return earlier.replace(before, time, 1)
    return f"{earlier.rstrip().rstrip('?').rstrip()} {time}?"


_WORD = re.compile(r"[\w'’.-]*\w")
_ARTICLES = ("the", "a", "an")


def _same_kind(earlier: str, topic: str) -> str | None:
    """``earlier`` with its phrase of the same kind as ``topic`` replaced by it, or None when it has none: the
    phrase whose last words are the topic's last words (the most of them, at least one that is not a joining
    word), with as many words before them as the topic has of its own (a determiner before them included; never
    a joining or question word). A user trial: "What about record of the year?" after "Who won Album of the
    Year at the Grammys?" had become "Who won Album of the record of the year at the Grammys?"."""
    words = list(_WORD.finditer(earlier))
    said = [w.group().lower() for w in words]
    mine = [w.group().lower() for w in _WORD.finditer(topic)]
    if not mine:
        return None
    best_k, best_end = 0, -1
    for end in range(1, len(said) + 1):
        k = 0
        while k < min(end, len(mine)) and said[end - 1 - k] == mine[-1 - k]:
            k += 1
        if k > best_k and any(not re.fullmatch(_JOINING, w) for w in mine[len(mine) - k:]):
            best_k, best_end = k, end
    if not best_k:
        return None
    own = mine[:len(mine) - best_k]  # the topic's own words before the shared ones, its determiner aside
    if own and re.fullmatch(_DETERMINERS, own[0]):
        own = own[1:]
    first = best_end - best_k
    if not own:
        return None  # the topic has no words of its own to swap in (it may be in the earlier question already)
    for _ in own:
        if first == 0 or re.fullmatch(_JOINING, said[first - 1]) or said[first - 1] in _QUESTION_WORDS:
            break
        first -= 1
    if first > 0 and re.fullmatch(_DETERMINERS, said[first - 1]):
        first -= 1  # "the men's final": its determiner goes with it
    start, end = words[first].start(), words[best_end - 1].end()
    replacement = topic
    if said[first] in _ARTICLES and own and not _DETERMINED.match(topic) and mine[0] not in _TIME_WORDS:
        replacement = f"{words[first].group()} {topic}"  # "What about women's final?": "the women's final"
    if _POSSESSIVE_BEFORE.search(earlier[:start]) and _DETERMINED.match(replacement):
        replacement = _DETERMINED.sub("", replacement, count=1)  # "New Zealand's Foreign Minister", not "'s the"
    return earlier[:start] + replacement + earlier[end:]


_QUESTION_WORDS = frozenset("who whom whose what which when where why how is are was were do does did".split())
_TIME_WORDS = frozenset("last next this that previous past coming first second third".split())


# a follow-up that is only what it asks for ("How many vehicles?", "Which one?", "When?"), and an earlier question
# whose asking words stand before "did" ("What did Tesla recall?") or, for a word asking when, where, why or how,
# before any auxiliary ("Where will the Games be held?"): the follow-up takes the earlier question's clause ("How
# many vehicles did Tesla recall?"; a user trial's "How many vehicles? (Tesla)" was answered about a Cybertruck)
_ONLY_ASKING = re.compile(r"^\s*(?:and\s+)?(?P<asking>(?:how\s+(?:many|much)|which|what)(?:\s+[a-z][\w'’-]*"
                          r"(?:\s+of\s+[a-z][\w'’-]*)?)?|(?:since\s+)?when|where|why|how(?:\s+(?:many|much))?)"
                          r"\s*\?*\s*$", re.IGNORECASE)
_ASKING_DID = re.compile(r"^\s*(?:(?:who|whom|what|which|how\s+(?:many|much))(?:\s+[\w'’-]+){0,3}?|when|where|why|how)"
                         r"\s+(?P<clause>(?:did|does|do)\s+.+?)\s*\?\s*$", re.IGNORECASE)
_ASKING_AUXILIARY = re.compile(r"^\s*(?:when|where|why|how)\s+(?P<clause>(?:is|are|was|were|will|would|can|could|"
                               r"should|has|have|had)\s+.+?)\s*\?\s*$", re.IGNORECASE)


def reask_asking(earlier: str, question: str) -> str:
    """A follow-up that is only what it asks for, asked with the earlier question's clause ("How many vehicles?"
    after "What did Tesla recall?": "How many vehicles did Tesla recall?"), in its context; else ""."""
    only = _ONLY_ASKING.match(question)
    body = without_context(earlier)
    clause = only and (_ASKING_DID.match(body) or _ASKING_AUXILIARY.match(body))
    if not clause:
        return ""
    asking = only.group("asking")
    return f"{asking[:1].upper()}{asking[1:]} {clause.group('clause')}?{earlier[len(body):]}"


def only_asking(question: str) -> bool:
    """Whether a follow-up is only what it asks for ("Since when?", "How many types of weapons?")."""
    return _ONLY_ASKING.match(question) is not None
