"""Named things in text, as capitalisation shows them: "New Zealand", "U.S. Space Force", "Gen. Jane Doe".

Shallow on purpose (no tagger): a run of capitalised words, joined by "of", "de", "von", "and", ... and by
the periods of initials and titles; a single common word that only opens a sentence is no name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.calendar_words import MONTHS
from index.sentences import ABBREVIATIONS
from qa.lexical import STOP_WORDS

# words of names that are not a person's: places, events, institutions, teams
NOT_A_PERSON = frozenset("""united states kingdom republic america american county city state states province
    river lake mountain mount island islands bay park street avenue road bridge airport station hospital church
    tower palace castle cathedral temple square stadium arena zoo library
    cup bowl championship championships challenge games olympics series open tour festival award awards prize
    league club team fc department ministry office agency administration service court house senate congress
    parliament council committee commission party university college school institute foundation center centre
    museum company corp corporation inc ltd llc plc co group bank fund trust network airlines motors news times post
    journal force army navy police association federation union organization organisation society authority board
    bureau alliance coalition academy assembly government national international world global
    program programme project initiative operation operations strategy plan agreement treaty system exercise
    mission command station summit conference forum symposium
    north south east west new day night week""".split())

_OPENERS = STOP_WORDS | {"another", "however", "meanwhile", "still", "yet", "now", "since"}

# a capitalised word; a period inside it ("U.S.", "J.D.") or after an initial or a title ("J. Smith", "Gen.
# Jane Doe") continues a name, a period after any other word ends its sentence and the name
# ("... the World Cup. The win" is two)
_ABBREVIATED = "|".join(sorted((w.capitalize() for w in ABBREVIATIONS if "." not in w), key=len, reverse=True))
# an ampersand between capitals is inside a name ("Texas A&M", "AT&T": a trial's follow-up was asked in the context
# of "Environmental Quality and Texas A")
_CAPITAL_WORD = (rf"(?:(?:[A-Z]\.)+|(?:{_ABBREVIATED})\.|[A-Z][\w'’-]*(?:&[A-Z][\w'’-]*)*(?:\.[\w'’-]+)*"
                 rf"|[A-Z]{{2,}})")
# within a line: a line ends a name, as it ends a sentence (``index.sentences``): a headline's "... Mayor Brandon
# Scott" and the story's "No one had seen ..." under it are not "Brandon Scott No" (a user trial's follow-up)
_JOINED = r"[^\S\n]+(?:(?:of|de|du|da|das|dos|di|del|della|la|von|van|der|bin|and|the|for)[^\S\n]+)?"  # " ", " of ", " and ": never a line's end
_CAPITALISED = re.compile(rf"\b{_CAPITAL_WORD}(?:{_JOINED}{_CAPITAL_WORD})*")


# a sentence that ends in initials and opens with a common word ("... in the U.S. Another report ..."): two names,
# not "U.S. Another" (a user trial saw it carried as a follow-up's context)
_OPENING_AFTER_INITIALS = re.compile(r"(?<=[A-Z]\.)\s+(?=[A-Z][a-z]*\b)")


_DAY_AFTER = re.compile(r"\S\s+((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)")


def _runs(text: str) -> list[re.Match[str]]:
    """The capitalised runs, each cut where initials end a sentence and a common word opens the next."""
    runs = []
    for match in _CAPITALISED.finditer(text):
        cuts = [m.end() for m in _OPENING_AFTER_INITIALS.finditer(text, match.start(), match.end())
                if text[m.end():m.end() + 20].split(None, 1)[0].lower() in _OPENERS]
        # a day after a name is when, not part of it ("signed by GOP Gov. Jeff Landry Wednesday": a trial's
        # follow-up was asked of "Jeff Landry Wednesday")
        cuts += [m.start(1) for m in _DAY_AFTER.finditer(text, match.start(), match.end())]
        cuts.sort()
        if not cuts:  # nearly every run: kept as found, not matched again
            runs.append(match)
            continue
        starts, ends = [match.start(), *cuts], [*cuts, match.end()]
        runs += [m for a, b in zip(starts, ends) if (m := _CAPITALISED.match(text, a, b)) is not None]
    return runs


def capitalised_names(text: str, strict: bool = False) -> list[re.Match[str]]:
    """Capitalised runs; ``strict`` also drops any single word that opens a sentence ("Lead official ...")."""
    names = []
    for match in _runs(text):
        words = match.group().split()
        before = text[: match.start()]
        if not before.strip(" \t") or before.rstrip(" \t").endswith("\n") \
                or before.rstrip().endswith(("\"", "“", "‘", "'", ".", ":", "?", "!", "¿", "¡")):
            # a capital at the start of a sentence (or of a quoted one: "‘Yeah you got grazed’", a user trial's "he";
            # or of a Spanish question: "¿Quién ganó ...?" was told "No indexed article names Quién.", a trial) proves
            # nothing for a single common word
            if len(words) == 1 and (strict and not words[0].isupper()
                                    or words[0].lower() in _OPENERS | {"until", "such"}):
                continue
        names.append(match)
    return names


# function words, and counts no stop word is ("Many AT&T customers were left ...": a trial on 2024's news asked "What
# caused Many AT&T?")
_LEADING = STOP_WORDS | {"many", "several"}


def bare_name(name: str) -> str:
    """A name without leading function words or a possessive ("Which New Zealand's" -> "New Zealand")."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in _LEADING:
        words.pop(0)
    return " ".join(words).removesuffix("'s").removesuffix("’s").strip("'’\"“”‘")


def question_names(question: str) -> list[str]:
    """The named things a question asks about, in order ("Harbour Trust", "New York")."""
    return [bare_name(match.group()) for match in capitalised_names(question)]


_WORD_CHAR = re.compile(r"[\w'’-]")


class Seen:
    """Whether candidate sentences write a word as a name: after another word or a comma ("... from where Crooks
    shot") or beside another capitalised word ("Jamie Lee Curtis won" makes "Curtis, who won ..." a name). Each
    word is looked up when first asked about (a question asks about a few dozen, of some 300 sentences)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._text = "\n".join(texts)
        self._known: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word not in self._known:
            self._known[word] = self._written_as_a_name(word)
        return self._known[word]

    def _written_as_a_name(self, word: str) -> bool:
        text, at = self._text, self._text.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not _WORD_CHAR.match(text[at - 1])) and not _WORD_CHAR.match(text[end:end + 1] or " "):
                before = at
                while before > 0 and text[before - 1] in " \t":
                    before -= 1
                after = end
                while after < len(text) and text[after] in " \t":
                    after += 1
                if before < at and before > 0 and (text[before - 1].isalnum() or text[before - 1] in ",;"):
                    return True
                if after > end and text[after:after + 1].isupper() and text[after + 1:after + 2].islower():
                    return True
            at = text.find(word, end)
        return False


# capitalised time words a question names ("Who won Sunday's game?"): its time, no one's name
TIME_NAMES = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                        "tonight", "yesterday", "tomorrow", *MONTHS])
GROUP = re.compile(r",|\band\b")  # names joined into a group ("France and Germany")
# the last word of one body's name with "and" in it ("U.S. Food and Drug Administration", "Delaware River and Bay
# Authority": two trials' "they" was taken for such a name, as for "France and Germany")
_BODY_ENDS = frozenset("""administration authority commission department association council committee board agency
    bureau institute museum university company corporation foundation society center centre federation union
    alliance ministry office court trust fund bank group service services industries laboratory laboratories
    hospital school college academy""".split())


def is_group(name: str) -> bool:
    """Whether ``name`` is names joined into a group ("France and Germany", "Kroger, Albertsons"), not one body
    named with "and" ("U.S. Food and Drug Administration")."""
    if not GROUP.search(name):
        return False
    words = name.split()
    return "," in name or not words or words[-1].lower().strip(".") not in _BODY_ENDS


def could_be_person(name: str) -> bool:
    """Whether a name may be a person's: not a group, an acronym ("FWC") or a time, no word of it one that names a
    place, an event or an institution ("World Cup", "United States", "Space Force"), and no small word in it but a
    name's particle ("Ludwig van Beethoven"; not "No Country for Old Men", a title a trial's "he" was taken for)."""
    words = name.split()
    return bool(words) and not GROUP.search(name) and not name.isupper() and name.lower() not in TIME_NAMES \
        and not any(word.lower().strip(".") in NOT_A_PERSON for word in words) \
        and not any(word[:1].islower() and word not in _PARTICLES for word in words) \
        and not any(_POSSESSIVE_WORD.search(word) for word in words[:-1])


# the words news puts before a person's name to say who they are: a title, short or long, or a word owning them
# ("California Gov. Gavin Newsom", "Emily's List President Laphonza Butler", "Denver's Nikola Jokic")
_TITLE_WORDS = frozenset("""president vice gov gov. governor sen sen. senator rep rep. representative ceo chairman
    chairwoman chair chief minister secretary judge justice coach mayor director founder commissioner spokesperson
    spokesman spokeswoman leader manager captain star quarterback actor actress singer rapper author dr dr. gen gen.
    lt lt. col col. sgt sgt. capt capt. adm adm. prof prof. mr mr. mrs mrs. ms ms. pope king queen prince princess
    officer chancellor premier speaker ambassador attorney general""".split())


_SUFFIX_WORDS = frozenset("ii iii iv v vi jr sr".split())


def person_after_title(name: str) -> str:
    """The person a name says who they are before ("Gavin Newsom" of "California Gov. Gavin Newsom", "Nikola Jokic"
    of "Denver's Nikola Jokic"): the two or three capitalised words after its last title or owning word, when they
    may be a person's name; else "" (a trial on 2023's news: "she" after "Who will fill Dianne Feinstein's Senate
    seat?" was taken for Gavin Newsom, "Emily's List President Laphonza Butler" not read as a person)."""
    words = name.split()
    last = max((at for at, word in enumerate(words[:-2])
                if word.lower() in _TITLE_WORDS or _POSSESSIVE_WORD.search(word)), default=-1)
    tail = words[last + 1:] if last >= 0 else []
    person = " ".join(tail)
    return person if 2 <= len(tail) <= 3 and all(w[:1].isupper() for w in tail) and could_be_person(person) \
        and tail[-1].lower().strip(".") not in _SUFFIX_WORDS else ""  # "Queen Elizabeth II" stays whole


# a word owning the next ("Maris' AL record", "Trump's White House"): a person's name holds none (a trial on 2022's
# news took "Maris' AL" for a second person beside Aaron Judge, and left his "he" unresolved)
_POSSESSIVE_WORD = re.compile(r"(?:['’]s|s['’])$")


_PARTICLES = frozenset("de da di del della der den du la le van von ten ter bin al el y".split())
