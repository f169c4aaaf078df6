"""Sentence segmentation with exact character offsets.

Punkt (the model llama-index ships in its package, so nothing is downloaded)
does the work inside a block of text; this module decides the blocks (lines
and paragraphs: a headline or a list item is never glued to the next line)
and repairs habits of news prose that Punkt gets wrong: military and
civic titles ("Brig. Gen. Kristin ..."), attribution after a closing quote
('..." said Air Marshal ...'), "No. 55", a dateline ("Del. – ...") and a
clock time before its zone, which it would split into a fragment. It does
not chunk; see ``chunking``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.models import Span

# Titles and "vs.", which come before a name or a side and so never end a sentence: Punkt still ends one at them
# when the next word is one it has seen in lower case ("(vs. Raiders)", "Gen. Hope said"), hence _BEFORE_A_NAME.
_TITLES = ("adm brig capt cmdr col cpl gen gov hon insp lt maj mr mrs ms dr prof pvt rep rev sen sgt supt "
           "vs v").split()
# Titles and abbreviations that end with a period but rarely end a sentence.
ABBREVIATIONS = frozenset(_TITLES + "st jr sr pres jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k "
                                    "approx est dept fig vol".split())
_BEFORE_A_NAME = re.compile(r"(?:^|[\s(\[\"“'‘])(?:" + "|".join(_TITLES) + r")\.$", re.IGNORECASE)
# within a line, a sentence does not open with a dash: "NEW CASTLE, Del. – Sarah McBride will ..." is a dateline
# and its sentence, "... he said. — Reuters" a credit
_DASH = re.compile(r"[–—\u2212-]\s")  # a minus sign too: "WILMINGTON, Del. − Hunter Biden ..." (a user trial)
# "No." before a figure is "number": "ranked No. 1", "Myth No. 3 : Key wrote ..." (a user trial's quote began "3 :")
_NUMBER_SIGN = re.compile(r"(?:^|[\s(\[\"“'‘])(?:No|Nos|NO)\.$")
# a figure of a few digits, a comma after it or not ("selected today at No. 55, the last pick", a user trial's quote
# ended "at No."): not "... said No. 2024 is not his year." nor "No. 1,000"
_RANK = re.compile(r"\d{1,3}(?!\d|,\d)")
# a month written out with a stray period before its day ("updated for Wednesday, May. 22.", a user trial's quote
# began "22."): the day is not a sentence
_MONTH_DOT = re.compile(r"(?:^|\s)(?:March|April|May|June|July)\.$")
_DAY = re.compile(r"\d{1,2}(?!\d)")
# "a.m."/"p.m." before a time zone ("4:30 a.m. ET Monday") ends no sentence: Punkt ends one there, the zone opening
# the next (a user trial's quote began "ET Monday), according to the observatory.")
_CLOCK = re.compile(r"(?:^|[\s(\[\"“'‘\d])[AaPp]\.[Mm]\.$")
_TIME_ZONE = re.compile(r"(?:[ECMP][SD]?T|AK[SD]T|H[SD]?T|GMT|UTC|BST|CES?T|IST|JST|AES?T|AEDT)\b")
_TERMINAL = tuple(".!?:;\"'”’)")
MAX_SENTENCE_CHARS = 1000  # longer runs (tables, lists without punctuation) are cut at spaces


@lru_cache(maxsize=1)
def _punkt() -> Any:
    import llama_index.core
    import nltk
    from nltk.tokenize.punkt import PunktTokenizer

    cache = Path(llama_index.core.__file__).parent / "_static" / "nltk_cache"
    if str(cache) not in nltk.data.path:
        nltk.data.path.append(str(cache))
    tokenizer = PunktTokenizer("english")
    tokenizer._params.abbrev_types.update(ABBREVIATIONS)
    return tokenizer


def _blocks(text: str) -> list[Span]:
    """Lines, joined where a hard-wrapped sentence continues on the next line."""
    blocks: list[Span] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        line = match.group().strip()
        if not line:
            continue
        start += len(match.group()) - len(match.group().lstrip())
        end -= len(match.group()) - len(match.group().rstrip())
        if blocks and line[0].islower() and not text[: blocks[-1].end].endswith(_TERMINAL):
            blocks[-1] = Span(blocks[-1].start, end)
        else:
            blocks.append(Span(start, end))
    return blocks


def _starts_lowercase(fragment: str) -> bool:
    for char in fragment:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
    return False


def _cut_long(text: str, span: Span) -> list[Span]:
    pieces: list[Span] = []
    start = span.start
    while span.end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        pieces.append(Span(start, cut))
        start = cut
        while start < span.end and text[start].isspace():
            start += 1
    if start < span.end:
        pieces.append(Span(start, span.end))
    return pieces


def split_sentences(text: str) -> list[Span]:
    """Spans of the sentences of ``text``, in order, trimmed of surrounding whitespace."""
    punkt = _punkt()
    spans: list[Span] = []
    for block in _blocks(text):
        merged: list[Span] = []
        for start, end in punkt.span_tokenize(text[block.start : block.end]):
            span = Span(block.start + start, block.start + end)
            before = text[merged[-1].start : merged[-1].end] if merged else ""
            if merged and (_starts_lowercase(text[span.start : span.end]) or _DASH.match(text, span.start)
                           or _BEFORE_A_NAME.search(before)
                           or _CLOCK.search(before) and _TIME_ZONE.match(text, span.start)
                           or _RANK.match(text, span.start) and _NUMBER_SIGN.search(before)
                           or _DAY.match(text, span.start) and _MONTH_DOT.search(before)):
                merged[-1] = Span(merged[-1].start, span.end)
            else:
                merged.append(span)
        for span in merged:
            spans.extend(_cut_long(text, span))
    return spans
