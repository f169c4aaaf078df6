"""Who wrote a page: the byline trafilatura found, without what pages put in or beside it.

trafilatura joins every author a page declares with "; " (its markup's
``author`` tags, its JSON-LD, a byline's text) and splits "A and B" in two.
What comes back from real pages (the 90 of `make bench-extract`, and a user
trial) also holds the page's publisher ("Condé Nast; Molly Wood"), its site
("Jill Disis; CNN Business", "Troy Smith; Troy L Smith; Cleveland com"), a
role ("Tom Gillespie News reporter", "Analysis by Chris Cillizza"),
credentials ("Ilana Muhlstein; MS; RDN"), a section menu ("F1 | Indy |
MotoGP") and a sentence cut at its "and" ("The Russian; Syrian defense
ministries"). A wrong byline is worse than none: an article's author is
shown with every citation and answers "who wrote ...".
"""

from __future__ import annotations

import re

from index.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS

# what pages leave after an author's name ("Carrie Arnold November", "Jeff Foust Monday; November", "Detroit News
# wire services Published"): a month, a weekday, "Published", "Updated" (a user trial on real pages)
_AFTER_AUTHOR = frozenset([*MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS, "published", "updated", "posted"])
# a reporter's role written after the name ("Tom Gillespie News reporter")
_ROLES = frozenset("news reporter correspondent editor writer columnist contributor".split())
# the lowercase words a name may hold ("Ludwig van Beethoven", "Ahmed bin Ali")
_PARTICLES = frozenset("de del della der den di da du dos das van von la le bin ibn al el y e".split())
_BY = re.compile(r"^(?:\w+\s+){0,2}by\s+", re.IGNORECASE)  # "By ...", "Analysis by ...", "Story by ..."
_LOGIN = re.compile(r"\w*admin(?:istrator)?", re.IGNORECASE)  # a site's account, not a person ("Admin", "Jdadmin")
_COPYRIGHT_WORDS = re.compile(r"copyright|\(c\)|©|\ball rights reserved\b|\b(?:19|20)\d\d\b|[.,]", re.IGNORECASE)


def author_name(found: str, sites: tuple[str, ...] = ()) -> str:
    """The author(s) of a page as trafilatura ``found`` them, "; "-joined, without what is not a byline; "" when
    nothing is left.

    ``sites`` are the names the page goes by (its site name, its host, its copyright holder): a part naming one
    of them is dropped where a person's name is left ("Jill Disis; CNN Business" -> "Jill Disis"), kept where it
    is the only byline ("Telegraph Sport") unless it is just the site's name (it is shown as the outlet). A part
    written as prose (two words in lowercase that a name does not hold; one part alone may hold two, "Detroit
    News wire services", not three, "Nigeria's popular news platform") or as a menu ("F1 | Indy") is dropped,
    and so is the whole field unless a person's name is left: trafilatura splits a sentence at its "and" ("The
    Russian; Syrian defense ministries")."""
    parts = [part for part in (_name(part) for part in found.split(";")) if part]
    prose = [part for part in parts if _lowercase_words(part) >= (2 if len(parts) > 1 else 3) or "|" in part]
    if prose:  # kept beside a person's name ("Jane Doe; staff writer"), else the field was a sentence
        parts = [part for part in parts if part not in prose]
        if not any(map(_a_persons_name, parts)):
            return ""
    names: list[str] = []
    for number, part in enumerate(parts):
        words = _words(part)
        if number and len(part.split()) == 1 and len(part) <= 4 and part.isupper():
            continue  # a credential after a name in capitals ("MS", "RDN")
        if _LOGIN.fullmatch(part) or any(_words(name) == words for name in names):
            continue
        names.append(part)
    people = [name for name in names if not _names_a_site(name, sites)]
    names = people or [name for name in names if not _names_a_site(name, sites, exactly=True)]
    return "; ".join(" ".join(word.capitalize() for word in name.split()) if _shouted(name) else name
                     for name in names)


def with_initials(authors: str, markup: str) -> str:
    """``authors`` ("; "-joined) with the full stop after each middle initial that the page writes with one
    (trafilatura drops it: "Paul R. La Monica" came back "Paul R La Monica", a trial's page's author)."""
    def dotted(name: str) -> str:
        words = name.split()
        if not any(len(word) == 1 and word.isupper() for word in words):
            return name
        spelled = [f"{word}." if len(word) == 1 and word.isupper() else word for word in words]
        pattern = r"\s+".join(re.escape(word) for word in spelled)
        return " ".join(spelled) if re.search(rf"(?<![\w.]){pattern}(?!\w)", markup) else name
    return "; ".join(dotted(name) for name in authors.split("; ")) if authors else authors


def copyright_holder(notice: str) -> str:
    """Whom a copyright notice names ("Copyright (c) Condé Nast 2019" -> "Condé Nast")."""
    return " ".join(_COPYRIGHT_WORDS.sub(" ", notice).split())


def _name(part: str) -> str:
    """One part of a byline without its "By" and the date words or role after it (a name is kept whole when
    taking the words off would leave less than two: "Theresa May"), and without an agency after a name written
    in capitals ("ERIC TUCKER Associated Press"); "" when it holds nothing else."""
    words = _BY.sub("", part.strip()).split()
    shouted = next((n for n, word in enumerate(words) if not word.isupper()), len(words))
    if shouted >= 2:  # AP's "ERIC TUCKER Associated Press": the name in capitals, then the agency
        words = words[:shouted]
    while len(words) > 2 and (words[-1].lower().strip(".,") in _AFTER_AUTHOR or words[-1].lower() in _ROLES):
        words.pop()
    if all(w.lower().strip(".,") in _AFTER_AUTHOR for w in words):
        return ""
    return " ".join(words)


def _a_persons_name(part: str) -> bool:
    """Whether a byline part reads as a person's name: two to four words, capitalised (or a name's particles),
    not opening with an article ("The Russian" is what is left of "The Russian and Syrian defense ministries")."""
    words = part.split()
    return (2 <= len(words) <= 4 and words[0].lower() not in ("the", "a", "an")
            and all(word[0].isupper() or word in _PARTICLES for word in words))


def _lowercase_words(part: str) -> int:
    return sum(word[0].islower() and word not in _PARTICLES for word in part.split())


def _words(text: str) -> tuple[str, ...]:
    """A name's words to compare, without initials ("Troy L. Smith" is "Troy Smith")."""
    return tuple(word for word in re.findall(r"\w+", text.lower()) if len(word) > 1)


def _names_a_site(name: str, sites: tuple[str, ...], exactly: bool = False) -> bool:
    """Whether a byline part names the site: is its name, or (unless ``exactly``) begins with it ("CNN Business"
    on CNN) or is how its name begins ("Business Insider" on "Business Insider Deutschland"); "the" and ".com"
    aside."""
    words = tuple(word for word in _words(name) if word not in ("the", "com"))
    for site in sites:
        own = tuple(word for word in _words(site) if word not in ("the", "com"))
        if own and words and (words == own or not exactly and (words[:len(own)] == own or own[:len(words)] == words)):
            return True
    return False


def _shouted(name: str) -> bool:
    """A name of two words or more written in capitals ("LISA MASCARO"), to be written as a name is."""
    return len(name.split()) > 1 and name.isupper()
