"""Server-sent-event framing: every payload is one line of JSON, so no text can break a frame."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

_PIECE = re.compile(r"\S+\s*")
WORDS_PER_PIECE = 3


def event(data: object, name: str | None = None) -> str:
    """One SSE frame; ``json.dumps`` escapes newlines, so the frame cannot be split by its data."""
    head = f"event: {name}\n" if name else ""
    return f"{head}data: {json.dumps(data, ensure_ascii=False)}\n\n"


def pieces(text: str) -> Iterator[str]:
    """``text`` in pieces of a few words that join back to exactly ``text``."""
    leading = text[: len(text) - len(text.lstrip())]
    words = _PIECE.findall(text)
    if leading:
        yield leading
    for i in range(0, len(words), WORDS_PER_PIECE):
        yield "".join(words[i:i + WORDS_PER_PIECE])
