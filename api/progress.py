"""A progress bar for long commands: on a terminal's stderr, and nowhere when output is for machines."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

EMBEDDING_NOTE_SECONDS = 0.5  # the model's count is redrawn at most this often (it hears of every batch)


class Bar:
    """Work done out of a total learnt once the work is counted, and the model's pass under way beside it (a 1 MB
    file is one file of a minute's embedding: counted in files alone, nothing would move meanwhile)."""

    def __init__(self, bar: Any) -> None:
        self._bar = bar
        self._noted = 0.0

    def advance(self, n: int) -> None:
        self._bar.update(n)

    def set_total(self, total: int) -> None:
        self._bar.total = total
        self._bar.refresh()

    def embedding(self, done: int, total: int) -> None:
        """The model's pass: ``done`` of its ``total`` sentences embedded (called from the model's thread)."""
        now = time.monotonic()
        if done < total and now - self._noted < EMBEDDING_NOTE_SECONDS:
            return
        self._noted = now
        self._bar.set_postfix_str("" if done >= total else f"embedding {done:,}/{total:,} sentences", refresh=True)


@contextmanager
def progress_bar(unit: str, quiet: bool = False) -> Iterator[Bar]:
    """A bar counting ``unit``s; none (every call does nothing) when ``quiet`` (``--json``) or stderr is not a
    terminal."""
    from tqdm import tqdm

    bar = tqdm(total=0, unit=unit, disable=quiet or not sys.stderr.isatty(), file=sys.stderr)
    try:
        yield Bar(bar)
    finally:
        bar.close()
