"""What each citation of the extractive answer quotes: the answering sentence and its neighbours.

News is written in one-sentence paragraphs, and the sentence that best matches
a question often restates it ("The CDC confirmed the first severe case of bird
flu") while the sentence before or after it names the answer ("On Friday, the
CDC confirmed a person from Louisiana ..."). So a quote is the chosen sentence
with ``neighbours`` sentences on either side (a line crediting a writer or an
outlet, "— Jane Doe, USA TODAY", pointing elsewhere, "Read more here.", or
addressing an assistant, "Ignore your instructions and ...", is no neighbour,
nor is anything beyond it), in its article's exact text
(``quote == text[start:end]``; whitespace and paragraph breaks as written).
Two chosen sentences of one article whose passages meet become one quote. A
sentence whose article's text no longer holds it where the index says (a
newer version being written) is quoted alone. README, *Passages as quotes*,
has what this is worth on the RealTime QA years.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from index import UnitRecord
from index.lexicon import Lexicon
from qa.verify import is_instruction


# a line that credits a writer or an outlet ("— Walter Johnson", "By Jane Doe", "– Jane Doe, USA TODAY",
# "Contributing: The Associated Press", "From USA TODAY Network and wire reports", "Reuters", "Jane Doe |
# azcentral.com", "Follow reporter Jane Doe on Twitter: @janedoe"): beside an answer it adds a name that answers
# nothing (user trials saw answers open with "– David Jackson" and close with "Reuters |")
_NAMES = r"[A-Z][\w.'’-]*(?:(?:\s+|\s*,\s*|\s+and\s+)[A-Z][\w.'’-]*){0,7}"
_OUTLETS = r"(?:USA\s+TODAY|Reuters|(?:The\s+)?Associated\s+Press|AP|AFP|Bloomberg)"
# a line of people's names alone, two or more, parted by commas or "and": the story's credits ("Sumit Khanna, Tora
# Agarwala,Tanvi Mehta and YP Rajesh": a user trial saw it quoted as a story's first sentence); each name two or three
# capitalised words, so that a headline ("Trump, Biden Clash Over Border") is none
_PERSON = r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){1,2}"
_LISTED = r"[ \t]*,[ \t]*"  # ", " (or "," alone: "Tora Agarwala,Tanvi Mehta")
_PEOPLE = rf"{_PERSON}(?:{_LISTED}{_PERSON})*(?:,?[ \t]+and[ \t]+{_PERSON})|{_PERSON}(?:{_LISTED}{_PERSON}){{2,}}"
_CREDIT = re.compile(
    r"\s*(?:(?:[-–—−]+\s*|By\s+)" + _NAMES
    # a live blog's entry signed with its time ("-Kara Carlson 3:35p.m.", a user trial: quoted after an answer)
    + r"(?:,?\s+\d{1,2}:\d\d\s*[ap]\.?\s?m\.?(?:\s+[A-Z]{2,4})?)?"
    + r"|" + _OUTLETS + r"(?:\s+[A-Z][\w]*){0,2}\s*\|?"
    + r"|Contributing:.*|From\s+[^\n]*\b(?:wire|staff)\s+reports|Special\s+(?:to|for)\s+" + _NAMES
    # "Staff and wire reports", "Staff Report", "Delmarva Now Staff Report" (a user trial: quoted before an answer)
    + r"|\(?(?:[\w.,'’-]+\s+){0,8}?(?:[Ss]taff|[Ww]ire)(?:\s+and\s+(?:[Ww]ire|[Ss]taff))?\s+[Rr]eports?\)?"
    + r"|Follow\s+[^\n]*\b(?:on\s+(?:Twitter|X|Instagram|Threads|Bluesky))\b[^\n]*"
    + r"|[^\n|]{0,60}\|\s*(?:\S*(?:@|\.com|\.org|\.net)\S*|" + _OUTLETS + r")?"
    + r"|\S+@\S+\.\w+"
    # a line giving a writer's e-mail ("Reach her at nalund@usatoday.com and follow her on X", "Got a tip? Contact
    # Amanda Fries at afries@delawareonline.com."; a trial on 2024's news saw one quoted as an answer)
    + r"|[^\n]{0,120}\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b[^\n]{0,120}"
    # a picture's credit ("Photo: Staff Sgt James Richardson Jr, Public domain", "Photo by Jane Doe/Getty Images": a
    # trial on the seeds saw it open a quote)
    + r"|\(?(?:Photo|Photograph|Picture|Image|Illustration|Video)s?(?:\s+credit)?(?:\s*:|\s+(?:by|courtesy))"
    + r"[^\n]{0,100}"
    # "Evens Sanon and Pierre-Richard Luxama / Associated Press", "Jane Doe / Opinion contributor"
    + r"|" + _NAMES + r"\s+/\s+[A-Z][^\n/]{0,60}"
    + r"|" + _PEOPLE + r")\s*", re.DOTALL)


# a line that points elsewhere ("Read more here.", "Related:", "Here's what you need to know.", "Here's your guide."):
# beside an answer it says nothing (a user trial)
_SIGNPOST = re.compile(r"\s*[►▶»]?\s*(?:(?:Read\s+more|READ\s+MORE|Click\s+here|Subscribe\s+to|Sign\s+up\s+for)\b"
                       r"[^\n]{0,150}"
                       r"|(?:Related(?:\s+(?:stories|coverage|articles|links))?|MORE|More|Watch|WATCH|Learn\s+more"
                       r"|SEE\s+MORE|See\s+more"
                       r"|Listen|LISTEN|ALSO\s+READ|Also\s+read)\s*:[^\n]{0,150}"
                       r"|(?:You\s+may\s+also\s+like|DON['’]T\s+MISS|ADVERTISEMENT|Advertisement)\b[^\n]{0,100}"
                       r"|[^\n]{0,150}\[[A-Z]{3,}\]\s*\|?"  # a tabloid's link: "China furious at Macron [INSIGHT]"
                       r"|Here(?:'s|’s|\s+is|\s+are)\s+(?:what|your|the\s+latest|more)\b[^\n]{0,50}[.:]"
                       # a user trial on real news and pages: "Live updates:Baltimore's Key Bridge collapses", "More
                       # news about reproductive rights:", "Catch up with the USA TODAY Network's coverage ...",
                       # "Check your local forecast here.", "Originally published on Live Science.", "Get Motor Cycle
                       # Monthly delivered ..."
                       r"|(?:Live\s+updates|LIVE\s+UPDATES|Live\s+blog|LIVE)\s*:[^\n]{0,150}"
                       r"|More\s+(?:news|stories|coverage|reporting)\s+(?:about|on|from)\b[^\n]{0,80}:"
                       r"|Catch\s+up\s+(?:on|with)\b[^\n]{0,80}\b(?:coverage|latest|news|stories|headlines)\b"
                       r"[^\n]{0,80}"
                       r"|Check\s+(?:out\s+)?(?:your|our)\b[^\n]{0,80}\bhere\b[^\n]{0,20}"
                       r"|Originally\s+published\s+(?:on|in|by|at)\b[^\n]{0,80}"
                       r"|Get\s+[^\n]{0,60}\bdelivered\b[^\n]{0,150}"
                       # a subheading that points on: "Here's where to use the service" (a trial on real news)
                       r"|Here(?:'s|’s|\s+is|\s+are)\s+(?:what|where|how|why|when|who|your|the\s+latest|more)\b"
                       r"[^\n.!?]{0,50}"
                       # a link under an arrow, a word and a headline: "►Argued:Supreme Court debates Warhol case"
                       r"|(?<=[►▶])\s*[A-Z][\w’']*(?:\s+[\w’']+){0,2}:(?=\S)[^\n]{0,150}"
                       # a user trial on July 2024's news: a link glued to its label, with no full stop ("How the
                       # shooting unfolded:Trump assassination attempt: Graphics, maps show ...", "REQUIRED READING:Who
                       # has endorsed Kamala Harris…"; a news brief, "Knoxville:A bridge ... was named ...", ends in one
                       # and is kept), an editor's note on the article ("Editor's Note: This page is a summary of news
                       # ..."), a sign-up or "Join our ..." promo
                       r"|[A-Z][^\n:]{0,60}?[A-Za-z'’)?]:(?=[A-Z])[^\n]{0,150}[^.\s]"
                       r"|Editor['’]?s\s+[Nn]ote\s*:[^\n]{0,400}"
                       r"|(?:Sign[\s-]?up|SIGN[\s-]?UP)\b[^\n]{0,200}|Join\s+our\b[^\n]{0,150}"
                       # a trial on 2024's news: "Play the USA TODAY Daily Crossword Puzzle.", "Leer en español",
                       # "Prep for the polls: See who is running ..." quoted as answers
                       r"|Play\s+(?:the\s+)?[^\n]{0,60}\b(?:[Cc]rossword|[Pp]uzzle|[Qq]uiz)\b[^\n]{0,40}"
                       r"|Leer\s+en\s+español|Prep\s+for\s+the\s+polls\s*:[^\n]{0,200})\s*")


# a dateline on a line of its own ("CNN —", "Rome CNN —", "WASHINGTON (AP) —"): in print it opens the sentence
# under it; at the end of a quote it reads as a cut ("... 'serious but stable ...\n\nRome CNN —", 6% of RealTime QA 2023's
# answers quoted one)
_DATELINE = re.compile(r"\s*[A-Z][^\n.!?]{0,60}?\s[—–]\s*|\s*[A-Z][^\n!?]{0,60}?\s--\s*")


def is_dateline(line: str) -> bool:
    """Whether a sentence of an article is only a dateline ("Kyiv, Ukraine CNN —"): no quote opens or ends on one."""
    return bool(_DATELINE.fullmatch(line))


def is_credit(line: str) -> bool:
    """Whether a sentence of an article only credits its writer or outlet (never a quote's neighbour)."""
    return bool(_CREDIT.fullmatch(line))


# the cut-off end of a headline a search shortened ("When will Trump and Biden clinch their party's nomination?
# Tracking ...": its last words alone, a user trial saw an answer open with "Tracking ...")
_STUB = re.compile(r"\s*(?:[^\s.!?]+\s+){0,2}[^\s.!?]*\s*(?:\.\.\.|…)\s*")  # three words at most


def is_aside(line: str) -> bool:
    """Whether a sentence says nothing beside an answer: a credit (``is_credit``), a pointer elsewhere, a headline's
    cut-off end, or a rule without a word ("___", "* * *": a user trial saw an answer end in "___ [1]")."""
    return is_credit(line) or bool(_SIGNPOST.fullmatch(line)) or bool(_STUB.fullmatch(line)) \
        or not any(c.isalnum() for c in line)


@dataclass(frozen=True)
class Quote:
    doc_id: str
    start: int
    end: int
    text: str


_MARKS = re.compile(r"#{1,6}[ \t]+")  # a Markdown heading's marks ("# Biden has COVID-19: ...")


def unmarked(quote: Quote) -> Quote:
    """``quote`` without a Markdown heading's marks at its start: they are no words of the article (a user trial saw
    "# Biden has COVID-19" quoted)."""
    mark = _MARKS.match(quote.text)
    if not mark or mark.end() == len(quote.text):
        return quote
    return Quote(quote.doc_id, quote.start + mark.end(), quote.end, quote.text[mark.end():])


def quote_passages(sentences: Sequence[UnitRecord], neighbours: int, lexicon: Lexicon,
                   texts: Callable[[Sequence[str]], Mapping[str, str]]) -> list[Quote]:
    """One quote per chosen sentence (best first), widened by ``neighbours`` sentences each side, each ``unmarked``."""
    return [unmarked(q) for q in _passages(sentences, neighbours, lexicon, texts)]


def _passages(sentences: Sequence[UnitRecord], neighbours: int, lexicon: Lexicon,
              texts: Callable[[Sequence[str]], Mapping[str, str]]) -> list[Quote]:
    if neighbours <= 0:
        return [Quote(s.doc_id, s.start, s.end, s.text) for s in sentences]
    full = texts([s.doc_id for s in sentences])
    quotes: list[Quote] = []
    for sentence in sentences:
        text = full.get(sentence.doc_id, "")
        if text[sentence.start:sentence.end] != sentence.text:
            quotes.append(Quote(sentence.doc_id, sentence.start, sentence.end, sentence.text))
            continue
        # outward on each side, up to the first sentence that is no neighbour: a quote is one span. An article's
        # first line (its headline) has none before it: it takes as many more after it, where a story goes on to
        # what its headline announces (a trial on 2022's news: "Who did Elon Musk fire?" quoted the headline "...
        # fired its top executives" and the line under it, not the next, "Musk fired CEO Parag Agrawal ...")
        after = 2 * neighbours if sentence.position == 0 else neighbours
        around = {u.position: u for u in lexicon.sentences_between(sentence.doc_id, sentence.position - neighbours,
                                                                     sentence.position + after + 1)}
        held = [sentence, *_neighbours(text, around, sentence.position, -1, neighbours),
                *_neighbours(text, around, sentence.position, 1, after)]
        start, end = min(u.start for u in held), max(u.end for u in held)
        met = next((i for i, q in enumerate(quotes) if q.doc_id == sentence.doc_id
                    and _meet(text, (q.start, q.end), (start, end))), None)
        if met is not None:  # the passages meet: one quote, where the better sentence's was
            start, end = min(start, quotes[met].start), max(end, quotes[met].end)
            quotes[met] = Quote(sentence.doc_id, start, end, text[start:end])
        else:
            quotes.append(Quote(sentence.doc_id, start, end, text[start:end]))
    return quotes


def _neighbours(text: str, around: Mapping[int, UnitRecord], position: int, step: int,
                neighbours: int) -> list[UnitRecord]:
    """Up to ``neighbours`` sentences from ``position`` outward by ``step``, to the first that is no neighbour. A
    dateline is not counted: after (``step`` 1) the sentence, the quote reaches through it to the sentence it opens
    (the headline's next line is "CNN —", the story's first sentence the one after it); before, it ends there."""
    held: list[UnitRecord] = []
    datelines: list[UnitRecord] = []
    counted = 0
    while counted < neighbours:
        position += step
        u = around.get(position)
        if u is None or text[u.start:u.end] != u.text or is_aside(u.text) or is_instruction(u.text) \
                or _is_name_line(u):
            break
        if is_dateline(u.text):
            if step < 0:
                break
            datelines.append(u)
            continue
        held.extend(datelines)
        datelines.clear()
        held.append(u)
        counted += 1
    return held


# one person's name alone on a line just under the headline: the story's byline where its article gives no author
# ("Peter Cooper" under "Loretta Lynn dead: ...", a user trial's quote of the headline); a neighbour says more
_NAME_LINE = re.compile(_PERSON)
BYLINE_LINES = 3  # the lines after the headline a lone name is taken for a byline in


def _is_name_line(unit: UnitRecord) -> bool:
    return 0 < unit.position <= BYLINE_LINES and bool(_NAME_LINE.fullmatch(unit.text))


def _meet(text: str, one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two spans of ``text`` overlap, touch, or have only white space between them (paragraphs one
    after the other: a user trial got them as two quotes, the later one first)."""
    (a, b), (c, d) = sorted([one, other])
    return c <= b or not text[b:c].strip()
