"""Which documents a read may use: only some (a filter) and/or those published in a range of days.

Days are compared as numbers YYYYMMDD made from the first ten characters of a
document's ISO ``published`` date (``day_number``), as text comparison of those
characters would order them. A document without a date is day 0: an upper
bound (``until``, a question's ``as_of``) never leaves it out, a lower bound
(``since``, a window of time a question asks about) always does. The BM25
index holds each unit's day, so a range is one fast-field range there, not a
list of the documents it leaves out (which grew with the archive).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


def day_number(published: str) -> int:
    """20240105 for "2024-01-05..." (a partial date sorts before its first day: "2024-03" is 20240300); 0 for
    no date or one that is not ISO."""
    digits = published[:10].replace("-", "")
    if not digits.isdigit() or len(digits) not in (4, 6, 8):
        return 0
    return int(digits.ljust(8, "0"))


@dataclass(frozen=True)
class Scope:
    only: frozenset[str] | None = None  # None: every document
    since: int = 0  # day number: only documents published on or after it (0: no lower bound)
    until: int = 0  # day number: no document published after it (0: no upper bound; undated documents stay)

    @classmethod
    def of(cls, only: Collection[str] | None = None, until: str = "") -> Scope:
        """Documents among ``only`` (None: all), none published after the ISO day ``until``."""
        return cls(None if only is None else frozenset(only), 0, day_number(until) if until else 0)

    @property
    def everything(self) -> bool:
        return self.only is None and not self.dated

    @property
    def dated(self) -> bool:
        """Whether a day range applies."""
        return bool(self.since or self.until)

    @property
    def nothing(self) -> bool:
        return (self.only is not None and not self.only) or bool(self.since and self.until and
                                                                   self.since > self.until)

    def admits(self, doc_id: str, published: str = "") -> bool:
        """Whether the document ``doc_id``, published on ``published``, is in scope."""
        if self.only is not None and doc_id not in self.only:
            return False
        return self.admits_day(day_number(published))

    def admits_day(self, day: int) -> bool:
        """Whether a document published on day number ``day`` (0: undated) is in the day range."""
        return (not self.since or day >= self.since) and (not self.until or day <= self.until)

    def within(self, first: str, last: str) -> Scope:
        """This scope, only documents published from ISO day ``first`` to ``last`` (inclusive)."""
        since, until = day_number(first), day_number(last)
        return Scope(self.only, max(self.since, since), min(self.until, until) if self.until else until)


EVERYTHING = Scope()
