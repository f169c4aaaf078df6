"""A role the question names by whose it is ("the British prime minister", "Alaska Airlines' CEO", "Harvard's
president"), and whether a sentence names that role only as another's ("Israeli Prime Minister Benjamin
Netanyahu", "Hawaiian Airlines CEO Peter Ingram").

A trial on late 2023's news had "Who is the British prime minister?" quote "The terrorist is (Israeli Prime
Minister) Benjamin Netanyahu." beside the right answer, and "Who is Alaska Airlines' CEO?" quote Hawaiian Airlines'
CEO. A sentence that gives the role only with another owner tells of another holder; one that also gives it with
the owner asked, or without an owner ("President Biden said"), may answer. Owners are compared as places when they
are (``qa.places.canonical``: "British" is the United Kingdom, as "Britain" and "UK" are), else as written, one
within the other ("Alaska" and "Alaska Airlines" are one).
"""

from __future__ import annotations

import re

from qa.places import canonical

# not "ambassador": its owner may be either country ("US ambassador to the UN")
ROLES = (r"president|vice\s+president|prime\s+minister|foreign\s+minister|defen[cs]e\s+minister|minister|"
         r"secretary\s+of\s+state|secretary|ceo|chief\s+executive|chairman|chairwoman|chair|governor|mayor|"
         r"chancellor|premier|coach|head\s+coach|manager|director|commander|spokesperson|spokesman|"
         r"spokeswoman|speaker|king|queen|leader|founder|owner|captain")
_ROLE_WORDS = r"(?i:president|vice|prime|minister|foreign|defen[cs]e|secretary|ceo|chief|chairman|chairwoman|chair)\b"
_WORD = rf"(?!{_ROLE_WORDS})[A-Z][\w.&-]*(?:['’][A-Z][\w.&-]*)?"  # "O'Brien", not "Airlines'" nor "Prime"
_OWNER = rf"{_WORD}(?:\s+{_WORD}){{0,3}}"
_OWNED_ROLE = re.compile(rf"(?P<owner>{_OWNER})(?:['’]s?)?\s+(?P<role>(?i:{ROLES}))\b"
                         rf"|\b(?P<role_of>(?i:{ROLES}))\s+of\s+(?:(?i:the)\s+)?(?P<owner_of>{_OWNER})")
# words that open a name or a sentence without owning the role after them ("Former", "The", "Then-"), and words of
# an award's name ("Best Director", "Director of the Year")
_NO_OWNER = frozenset("the a an former then acting interim current deputy vice outgoing incoming late best year "
                      "decade season month week".split())


_WHO = re.compile(r"^\s*(?:who|whom)\b", re.IGNORECASE)


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
              if owner and said == role]
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
    return asked in given or given in asked or canonical(asked) == canonical(given)
