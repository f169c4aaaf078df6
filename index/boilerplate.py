"""What trafilatura's text of a news page still holds that is no part of its article: the article said again
(a page that repeats it, a pull quote), the site's cookie notice, and lists of other stories under their own
heading ("Top stories", "You may also like..."). Each was found on real pages (``make bench-extract`` measures
them). Each takes out whole lines, or a list of other stories from its heading on (the rest of its line and
the headlines after it): what is stored is still the page's text as trafilatura read it, less those parts.
"""

from __future__ import annotations

import re


def without_boilerplate(text: str) -> str:
    """``text`` without the lines above (in that order: repeats, cookie notices, calls to follow or subscribe,
    links to other stories, lists of them)."""
    return _without_link_lists(_without_pointers(_without_promotion(_without_consent(_once(text)))))


REPEAT_MIN = 40  # characters: a line this long said again word for word is the page repeating itself


def _once(text: str) -> str:
    """``text`` without a line it already had (at least ``REPEAT_MIN`` characters): a page that repeats its
    article below it (Business Insider's "10 things in tech" three times) or a pull quote; shorter lines
    ("Advertisement", "- ") may repeat."""
    seen: set[str] = set()
    kept = []
    for line in text.splitlines():
        key = " ".join(line.split())
        if len(key) < REPEAT_MIN or key not in seen:
            kept.append(line)
        seen.add(key)
    return "\n".join(kept)


# a site's notice about its cookies, in its own words ("We use cookies to ...") or a button or link of one
# ("Accept all cookies", "Cookie settings"); not an article's about them ("sites must let readers reject cookies",
# "readers can change their cookie settings, the regulator said")
_CONSENT = re.compile(r"\b(?:we|this (?:site|website)|our (?:site|website|partners))\s+(?:use|uses)\s+cookies\b",
                      re.IGNORECASE)
_CONSENT_BUTTON = re.compile(r"^\W*(?:(?:accept|allow|reject)\s+(?:all\s+)?cookies|cookie\s+(?:settings|preferences))"
                             r"\W*$", re.IGNORECASE)
CONSENT_MAX = 400  # characters: a longer line is a paragraph of text that may mention such a notice


def _without_consent(text: str) -> str:
    """``text`` without the lines of a cookie notice (a user trial: a page of menus and a cookie banner was stored
    as an article, "We use cookies to improve your experience ...")."""
    return "\n".join(line for line in text.split("\n") if not (
        len(line) <= CONSENT_MAX and _CONSENT.search(line) or _CONSENT_BUTTON.match(line)))


# a sentence that asks the reader to follow, subscribe or listen somewhere ("Follow BBC Sussex on Facebook, X and
# Instagram.", "Sign up for our Email Newsletters here.", "Get the latest updates right in your inbox."): it opens
# with the call (after a mark or a label such as "Sign Up:") and names where; an article's "Follow the money" or
# "posted on Twitter" is neither
_PROMOTION = re.compile(
    r"(?:^|[.!?:]\s+)[\s*•·|>\-–—]*"
    r"(?:follow|subscribe|sign up|signup|listen|watch|download|get|join|send|click here)\b"
    r"[^.!?]{0,120}?\b(?:facebook|twitter|x(?!-)|instagram|youtube|tiktok|threads|bluesky|linkedin|whatsapp|telegram|"
    r"newsletters?|inbox|podcasts?|(?:bbc |on )sounds|iplayer|the app|our app|email alerts|story ideas)\b", re.IGNORECASE)
PROMOTION_MAX = 300  # characters: a longer line is a paragraph of the article that may end with such a call


def _without_promotion(text: str) -> str:
    """``text`` without the lines that ask the reader to follow, subscribe or listen (a user trial: a BBC page's
    "Follow BBC Sussex on Facebook ..." and "Listen to BBC Sussex on Sounds" were indexed, and a question about
    them answered from them)."""
    return "\n".join(line for line in text.split("\n") if not (len(line) <= PROMOTION_MAX and
                                                             _PROMOTION.search(line)))


# a line that links to another story or a player under a label ("Read more: Tencent profit falls ...", "Related: 7
# Strange Signs You're Having an Allergic Reaction", "SEE MORE: Hong Kong protests: ...", "Listen: http://po.st/...",
# "iTunes: ..."): the page's, not the article's (a user trial found eight such lines stored from 40 real pages, and an
# answer about Tencent quoted Alibaba's listing beside a "Read more: Tencent ..." line); a reprint notice too
_POINTER = re.compile(r"[\s*•·|>►▶»\-–—]*(?:read\s+more|see\s+more|learn\s+more|related|also\s+read|read\s+also|more|"
                      r"listen|download|itunes|watch)\s*:\s*\S.{0,200}"
                      r"|This\s+copy\s+is\s+for\s+your\s+personal,?\s+non-?commercial\s+use\s+only\b.{0,300}",
                      re.IGNORECASE)


def _without_pointers(text: str) -> str:
    """``text`` without the lines that link elsewhere under a label (``_POINTER``)."""
    return "\n".join(line for line in text.split("\n") if not _POINTER.fullmatch(line.strip()))


# the heading of a list of other stories that a page puts after its article ("You may also like...", "Top
# stories", "Partner news |") where it stands as a heading: at a joint of the page's blocks (two spaces:
# trafilatura joins a table's cells so), or opening a line or following a sentence with nothing after it but a
# "|" or the line's end; never an inline "Read more: <headline>" link, nor an article's "Most popular apps are ..."
_LINK_LIST = re.compile(r"\b(?:top stories|partner news|related (?:news|stories|articles|content|posts|coverage)|"
                        r"more (?:news|stories)|most (?:read|popular|viewed|shared)|recommended(?: for you| stories| "
                        r"reading)?|you (?:may|might) also like|trending(?: now| stories)?|latest (?:news|stories|"
                        r"headlines)|popular (?:stories|now|news)|editor'?s picks|don'?t miss)\b"
                        r"(?P<alone>[ \t]*[:.…\-–—]*[ \t]*$|[ \t]*\|)?", re.IGNORECASE | re.MULTILINE)
_MARKS = " \t\xa0|•·-–—"  # what may stand before a heading on its line: "| Partner news", "• Related articles"
# a paragraph, not a headline: six words or more, ending in a full stop (headlines end without one, or with "?",
# "[VIDEO]")
_PROSE = re.compile(r"^\W*(?:\S+\s+){5,}\S*[.!][\"”’)]?\s*$")
LINK_LIST_FROM = 0.5  # share of the text: such a heading in the first half is a part of the article


def _heading(text: str, start: int) -> re.Match[str] | None:
    """The first heading of a list of other stories in ``text`` from ``start`` that stands as a heading."""
    for match in _LINK_LIST.finditer(text, start):
        line = text[:match.start()].rpartition("\n")[2]
        said = line.rstrip(_MARKS)
        joint = bool(said) and line[len(said):].count(" ") + line[len(said):].count("\xa0") >= 2
        opens = not said or said[-1] in ".!?\"”" or joint
        if opens and (match.group("alone") is not None or joint):
            return match
    return None


def _without_link_lists(text: str) -> str:
    """``text`` without the lists of other stories after or inside its article: from such a heading, the rest of
    its line and the lines of headlines after it, up to a line of the article's prose (a user trial: "What is the
    capital of Armenia?" was answered from a report on Iran by the "Partner news | Armenia named most popular spot
    ..." after it; Express's "DON'T MISS" box of three headlines sits between two paragraphs)."""
    start = int(LINK_LIST_FROM * len(text))
    while match := _heading(text, start):
        head = text[:match.start()].rstrip(_MARKS + "\n")
        rest = text[match.end():].partition("\n")[2].split("\n")
        resumes = next((i for i, later in enumerate(rest) if _PROSE.search(later)), len(rest))
        text, start = "\n".join(filter(None, [head, *rest[resumes:]])), len(head)
    return text
