"""A progress bar for long commands: on a terminal's stderr; a line now and then when stderr is a log; nowhere
when output is for machines."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

EMBEDDING_NOTE_SECONDS = 0.5  # the model's count is redrawn at most this often (it hears of every batch)
LOG_LINE_SECONDS = 30.0  # on a stderr that is no terminal (a log, a pipe), a progress line at most this often


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


class LogLines:
    """What a bar shows, written as a line at most every ``LOG_LINE_SECONDS`` to a stderr that is no terminal
    (`qa index ... 2> log`, a service's journal): a bar's redrawn line would be thousands of them, and nothing at
    all is a run that looks hung (a user trial: a 4 MB page embedded for six minutes without a word). The first
    line comes after ``LOG_LINE_SECONDS``: a short run writes none."""

    def __init__(self, unit: str, every: float = LOG_LINE_SECONDS) -> None:
        self.unit, self.every = unit, every
        self.n, self.total, self._postfix = 0, 0, ""
        self._started = self._written = time.monotonic()

    def update(self, n: int) -> None:
        self.n += n
        self._maybe_write()

    def refresh(self) -> None:
        self._maybe_write()

    def set_postfix_str(self, postfix: str, refresh: bool = True) -> None:
        self._postfix = postfix
        self._maybe_write()

    def close(self) -> None:
        pass  # the command's report says how it ended

    def _maybe_write(self) -> None:
        now = time.monotonic()
        if now - self._written < self.every:
            return
        self._written = now
        minutes, seconds = divmod(int(now - self._started), 60)
        counted = f"{self.n:,}/{self.total:,}" if self.total else f"{self.n:,}"
        print(f"progress: {counted} {self.unit}s{', ' + self._postfix if self._postfix else ''} "
              f"({minutes}m{seconds:02d}s)", file=sys.stderr, flush=True)


@contextmanager
def progress_bar(unit: str, quiet: bool = False) -> Iterator[Bar]:
    """A bar counting ``unit``s on a terminal; lines now and then (``LogLines``) on a stderr that is no terminal;
    nothing (every call does nothing) when ``quiet`` (``--json``, a worker)."""
    from tqdm import tqdm

    bar: Any = (LogLines(unit) if not quiet and not sys.stderr.isatty()
                else tqdm(total=0, unit=unit, disable=quiet, file=sys.stderr))
    try:
        yield Bar(bar)
    finally:
        bar.close()
