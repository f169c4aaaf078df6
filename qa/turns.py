"""What a follow-up turns a conversation to: "What about X?" and a correction, "No, I meant X." (``qa.conversation``
asks the earlier question again about X; ``qa.reask``).
"""

from __future__ import annotations

import re

from qa.lexical import tokenize

WHAT_ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?:in\s+|for\s+|with\s+)?(?P<topic>.+?)\s*\??\s*$",
                        re.IGNORECASE)
# a correction of what the earlier question asked about ("No, I meant the Senate vote.", "Sorry, I mean Kevin
# McCarthy"): the earlier question asked again about it, as "What about ...?" is (a user trial passed three such
# corrections on word for word, and each was answered as a question of its own)
_CORRECTION = re.compile(r"^\s*(?:(?:no|nope|sorry|actually|oops)\b[\s,.!-]*)*i\s+(?:meant|mean)\s+(?P<topic>.+?)"
                         r"\s*[.?!]*\s*$", re.IGNORECASE)
ASKING_WORD = re.compile(r"(?:who|whom|whose|what|when|where|why|how|which|is|are|was|were|do|does|did|can|will)\b",
                         re.IGNORECASE)


def turned_to(question: str) -> str:
    """What a "What about X?" follow-up or a correction ("No, I meant X.") turns the earlier question to, or ""."""
    turned = WHAT_ABOUT.match(question) or correction(question)
    return turned.group("topic") if turned else ""


def correction(question: str) -> re.Match[str] | None:
    """A correction naming what was meant ("No, I meant the House race."); not one that names nothing ("I meant
    it.")."""
    found = _CORRECTION.match(question)
    return found if found and tokenize(found.group("topic")) else None
