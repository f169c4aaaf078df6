"""A question's own input checked before anything is read: its text and how many passages it asks for.

Each check raises ``InvalidQuestion`` (HTTP 422 at the edge) with what was wrong and what would do.
"""

from __future__ import annotations

import re
import unicodedata

from index import InvalidQuestion
from qa.filters import encodable

MAX_K = 50
WORD = re.compile(r"[^\W_]")  # a letter or digit, in any script


def checked_text(text: str, what: str, max_chars: int) -> str:
    """``text`` (a question, a query) stripped and composed (Unicode NFC, as articles are stored: a pasted "Gálvez"
    may be "a" and a combining accent), or why it cannot be asked."""
    text = unicodedata.normalize("NFC", text.strip())
    if not text:
        raise InvalidQuestion(f"the {what} is empty; ask something about the articles")
    if not encodable(text):
        raise InvalidQuestion(f"the {what} is not valid text (it holds an unpaired surrogate)")
    if not WORD.search(text):
        # emoji or punctuation alone: nothing to look for, and its embedding is close to any such noise
        raise InvalidQuestion(f"the {what} holds no words; ask in words about the articles")
    if len(text) > max_chars:
        raise InvalidQuestion(f"the {what} is {len(text)} characters long; the limit is {max_chars}")
    return text


def checked_k(k: int | None, default: int) -> int:
    """How many passages are asked for (``default`` when not said), between 1 and ``MAX_K``."""
    k = default if k is None else k
    if not 1 <= k <= MAX_K:
        raise InvalidQuestion(f"k/top_k must be between 1 and {MAX_K}, not {k}")
    return k
