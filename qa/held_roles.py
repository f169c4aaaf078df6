"""A role the question names by whose it is ("the British prime minister", "Alaska Airlines' CEO", "Harvard's
president"), and whether a sentence names that role only as another's ("Israeli Prime Minister Benjamin
Netanyahu", "Hawaiian Airlines CEO Peter Ingram").

A trial on late 2023's news had "Who is the British prime minister?" quote "The terrorist is (Israeli Prime
Minister) Benjamin Netanyahu." beside the right answer, and "Who is Alaska Airlines' CEO?" quote Hawaiian Airlines'
CEO. A sentence that gives the role only with another owner tells of another holder; one that also gives it with
the owner asked, or without an owner ("President Biden said"), may answer. Owners are compared as places when they
are (``qa.places.canonical``: "British" is the United Kingdom, as "Britain" and "UK" are), else as written, one
within the other ("Alaska" and "Alaska Airlines" are one).

A trial on the seeds had "Who is New Zealand's Prime Minister?" answered with "Foreign Minister Winston Peters
discussed New Zealand's ...": a sentence that titles people only with other offices ("Foreign Minister", "Vice
President", "Gov.") names no holder of the one asked, unless it also speaks of leading in general words ("its new
chief", "to head the company", "took the helm").
"""

from __future__ import annotations

import re

from qa.lexical import initialisms
from qa.places import canonical

# not "ambassador": its owner may be either country ("US ambassador to the UN")
ROLES = (r"president|vice\s+president|prime\s+minister|foreign\s+minister|defen[cs]e\s+minister|minister|"
         r"secretary\s+of\s+state|secretary|ceo|chief\s+executive|chairman|chairwoman|chair|governor|mayor|"
         r"chancellor|premier|coach|head\s+coach|manager|director|commander|spokesperson|spokesman|"
         r"spokeswoman|speaker|king|queen|leader|founder|owner|captain")
_ROLE_WORDS = r"(?i:president|vice|prime|minister|foreign|defen[cs]e|secretary|ceo|chief|chairman|chairwoman|chair)\b"
_WORD = rf"(?!{_ROLE_WORDS})[A-Z][\w.&-]*(?:['’][A-Z][\w.&-]*)?"  # "O'Brien", not "Airlines'" nor "Prime"
_OWNER = rf"{_WORD}(?:\s+{_WORD}){{0,3}}"
# an owner's two roles joined ("Hawaiian Airlines President and CEO Peter Ingram": a trial on 2023's news quoted him
# first for "Who is Alaska Airlines' CEO?", his CEO read as no one's)
_OWNED_ROLE = re.compile(rf"(?P<owner>{_OWNER})(?:['’]s?)?\s+(?P<role>(?i:{ROLES}))\b"
                         rf"(?:\s+(?:and|&)\s+(?P<also>(?i:{ROLES}))\b)?"
                         rf"|\b(?P<role_of>(?i:{ROLES}))\s+of\s+(?:(?i:the)\s+)?(?P<owner_of>{_OWNER})")
# words that open a name or a sentence without owning the role after them ("Former", "The", "Then-"), and words of
# an award's name ("Best Director", "Director of the Year")
_NO_OWNER = frozenset("the a an former then acting interim current deputy vice outgoing incoming late best year "
                      "decade season month week".split())


_WHO = re.compile(r"^\s*(?:who|whom)\b", re.IGNORECASE)


# offices that one person holds and another office's holder does not, each with its other spellings; longer first,
# so that "Vice President" is not read as "President"
_OFFICES = {
    "vice president": r"vice[\s-]+president|veep",
    "prime minister": r"prime\s+minister|premier",
    "foreign minister": r"foreign\s+(?:minister|secretary)|minister\s+(?:of|for)\s+foreign\s+affairs",
    "defence minister": r"defen[cs]e\s+(?:minister|secretary)|(?:minister|secretary)\s+(?:of|for)\s+defen[cs]e",
    "secretary of state": r"secretary\s+of\s+state",
    "president": r"president",
    "ceo": r"ceo|chief\s+executive",
    "chair": r"chair(?:man|woman|person)?",
    "governor": r"governor|gov\.",
    "mayor": r"mayor",
    "chancellor": r"chancellor",
    "coach": r"(?:head\s+)?coach",
    "speaker": r"speaker",
}
_OFFICE = re.compile("|".join(rf"(?P<o{n}>\b(?:{spelled})(?![\w-]))" for n, spelled in enumerate(_OFFICES.values())),
                     re.IGNORECASE)
_OFFICE_NAMES = tuple(_OFFICES)
# "Who is the new CEO ...?", "Who was Britain's prime minister ...?", "Who is now ...?": the holder is what is asked
_WHO_HOLDS = re.compile(r"^\s*who\s+(?:is|was|will\s+be|became|becomes)\b", re.IGNORECASE)
# leading said in general words: a sentence with them may name the holder without the office's title
_LEADING = re.compile(r"\b(?:chief|head(?:s|ed|ing)?|lead(?:s|ing|er)?|led|boss|helm|run(?:s|ning)?|ran|succeed\w*|"
                      r"replac\w+)\b", re.IGNORECASE)


def asked_office(question: str) -> str:
    """The office whose holder a "who is" question asks for ("prime minister"), when it names one office only;
    else ""."""
    if not _WHO_HOLDS.match(question):
        return ""
    offices = _offices(question)
    return next(iter(offices)) if len(offices) == 1 else ""


def names_only_other_offices(office: str, text: str) -> bool:
    """Whether ``text`` titles people with offices, none of them ``office``, and says nothing of leading."""
    offices = _offices(text)
    return bool(offices) and office not in offices and not _LEADING.search(text)


def _offices(text: str) -> set[str]:
    return {_OFFICE_NAMES[int(match.lastgroup[1:])] for match in _OFFICE.finditer(text) if match.lastgroup}


def asked_owner(question: str) -> tuple[str, str]:
    """The owner and the role of the first role a "who" question names by whose it is (("British", "prime
    minister")), or ("", "")."""
    if not _WHO.match(question):  # "... the CEO of which chain before becoming the CEO of Starbucks?" asks another
        return "", ""
    for match in _OWNED_ROLE.finditer(question):
        owner, role = _owned(match)
        if owner:
            return owner, role
    return "", ""


def names_only_another_owner(owner: str, role: str, text: str) -> bool:
    """Whether ``text`` gives ``role`` with an owner, never with ``owner``."""
    owners = [owner for match in _OWNED_ROLE.finditer(text) for owner, said in [_owned(match)]
              if owner and (said == role or match.group("also") and _role(match.group("also")) == role)]
    return bool(owners) and not any(_same(owner, o) for o in owners)


def _owned(match: re.Match[str]) -> tuple[str, str]:
    if match.group("role_of"):
        return _owner(match.group("owner_of")), _role(match.group("role_of"))
    return _owner(match.group("owner")), _role(match.group("role"))


def _owner(words: str) -> str:
    parts = words.split()
    while parts and parts[0].lower().rstrip("-") in _NO_OWNER:
        parts.pop(0)
    return " ".join(parts)


def _role(words: str) -> str:
    return re.sub(r"\s+", " ", words.lower())


def _same(asked: str, given: str) -> bool:
    """One owner, as written, as a place, or as one's initialism of the other ("UAW" of "United Auto Workers": a trial
    on 2023's news refused "Who is the president of the United Auto Workers?" for "UAW President Shawn Fain")."""
    return asked in given or given in asked or canonical(asked) == canonical(given) or \
        given.lower() in initialisms(asked) or asked.lower() in initialisms(given)
