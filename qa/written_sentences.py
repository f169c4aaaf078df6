"""The sentences of a written answer, each with the passage numbers it cites.

A language model asked to cite ``[n]`` after every sentence puts its markers in many places: after a sentence
("... in 2023 [1]."), before it ("[2] Mars was ..."), on a line of their own, or as a list ("[1], [2]").
``split_written`` reads them all the same way, so that each sentence reaches ``qa.verify`` with what it cites;
``settled`` does the same for a draft still being streamed, keeping back what more tokens could still change.
"""

from __future__ import annotations

import re

from index.sentences import ABBREVIATIONS

FRAGMENT_WORDS = 5  # an uncited piece this short ("Minneapolis.") cites what the sentence after it cites
_MARKERS = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_LEADING = re.compile(r"(?:\[\d+(?:\s*,\s*\d+)*\]\s*)+")
_WORDY = re.compile(r"\w")
_DOUBLED_STOP = re.compile(r"(?<!\.)\.\.$")
_PARTIAL_MARKER = re.compile(r"\s*\[[\d,\s]*$")  # a marker still being written at the end of a draft
_END = re.compile(r"[.!?]+[\"”’')\]]*(?:\s*\[\d+(?:\s*,\s*\d+)*\])*(?=\s|$)")
# a period after an initial, a title ("Brig. Gen."; the article splitter's list) or these, mid-sentence
_NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:" + "|".join(
    sorted({re.escape(w.capitalize()) for w in ABBREVIATIONS if "." not in w}
           | {re.escape(w) for w in ABBREVIATIONS if "." in w} | {"No", "vs", "v", "Inc", "Co", "Corp"}))
    + r"))\.$")


def split_written(answer: str) -> list[tuple[str, tuple[int, ...]]]:
    """The sentences of a written answer, each with the passage numbers it cites ([1], [1, 2], [1][2]).

    Markers after a sentence are its citations; markers opening a line ("[2] Mars was ...") cite the line's
    first sentence (markers alone on a line, or a list "[1], [2]", cite the sentence before). An uncited
    sentence cites what the next cited sentence of its line cites ("A. B [1]." cites [1] for both), and a
    short uncited fragment that opens an answer ("Minneapolis.") what the sentence after it cites: each is
    still a claim of its own, checked on its own.
    """
    return [(text, cites) for text, cites, _ in _split(answer)]


def settled(draft: str) -> list[tuple[str, tuple[int, ...]]]:
    """The sentences of a draft still being written that can no longer change: not the last one (more words
    or [n] markers may come for it), nor a fragment just before it (it cites what the last one will)."""
    items = _split(_PARTIAL_MARKER.sub("", draft))[:-1]
    while items and items[-1][2]:
        items.pop()
    return [(text, cites) for text, cites, _ in items]


def _split(answer: str) -> list[tuple[str, tuple[int, ...], bool]]:
    """``split_written``'s sentences, each marked when it takes its citations from a sentence after it."""
    pieces: list[tuple[int, str]] = []  # (line, piece)
    for number, line in enumerate(answer.splitlines()):
        line = line.strip()
        leading = _LEADING.match(line)
        if leading and line[leading.end():].strip():  # "[2] Mars was ..." cites its first sentence
            first, *rest = _sentences(line[leading.end():].strip())
            pieces += [(number, first + " " + leading.group().strip()), *((number, r) for r in rest)]
        elif leading and pieces:  # a line of markers alone cites the sentence before it
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + " " + line)
        else:
            pieces += [(number, piece) for piece in _sentences(line)]
    found: list[tuple[str, tuple[int, ...], bool]] = []
    lines: list[int] = []
    for i, (number, piece) in enumerate(pieces):
        cites = tuple(dict.fromkeys(int(n) for group in _MARKERS.findall(piece) for n in group.split(",")))
        # "Jr. [1]." is "Jr." (it was shown as "Jr.."); an ellipsis stays
        text = _DOUBLED_STOP.sub(".", _MARKERS.sub("", piece).strip())
        if not _WORDY.search(text):  # markers and punctuation only ("[1], [2], [3]"): they cite the sentence before
            if found:
                found[-1] = (found[-1][0], tuple(dict.fromkeys(found[-1][1] + cites)), found[-1][2])
            continue
        found.append((text, cites, not cites and i < len(pieces) - 1))
        lines.append(number)
    borrowed: tuple[int, ...] = ()
    line = -1
    for i in reversed(range(len(found))):
        # an uncited sentence cites what the next cited sentence of its paragraph cites ("A. B [1]." cites
        # [1] for both); a short fragment ("Minneapolis.") what the sentence after it cites, wherever it is
        text, cites, waiting = found[i]
        if cites:
            borrowed, line = cites, lines[i]
        elif waiting:
            fragment = len(text.split()) <= FRAGMENT_WORDS
            found[i] = (text, borrowed if fragment or (borrowed and lines[i] == line) else (), True)
            if fragment:
                line = lines[i]
    return found


def _sentences(line: str) -> list[str]:
    """A line cut after each sentence end (with its closing quotes and [n] markers), not after "Mr." or "U.S."."""
    pieces, start = [], 0
    for end in _END.finditer(line):
        if _NOT_AN_END.search(line[start:end.start() + 1]):
            continue
        pieces.append(line[start:end.end()].strip())
        start = end.end()
    pieces.append(line[start:].strip())
    return [piece for piece in pieces if piece]
