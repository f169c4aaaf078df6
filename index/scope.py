"""Which documents a read may use: only some (a filter), all but some (published after ``as_of``), or both."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    only: frozenset[str] | None = None  # None: every document
    excluded: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, only: Collection[str] | None = None, excluded: Collection[str] = ()) -> Scope:
        kept = None if only is None else frozenset(only) - frozenset(excluded)
        return cls(kept, frozenset() if kept is not None else frozenset(excluded))

    @property
    def everything(self) -> bool:
        return self.only is None and not self.excluded

    @property
    def nothing(self) -> bool:
        return self.only is not None and not self.only

    def admits(self, doc_id: str) -> bool:
        return (self.only is None or doc_id in self.only) and doc_id not in self.excluded

    def narrowed(self, only: Collection[str]) -> Scope:
        """This scope within ``only``."""
        return Scope.of(frozenset(only) if self.only is None else self.only & frozenset(only), self.excluded)


EVERYTHING = Scope()
