"""A progress bar for long commands: on a terminal's stderr, and nowhere when output is for machines."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(unit: str, quiet: bool = False) -> Iterator[tuple[Callable[[int], object], Callable[[int], None]]]:
    """(advance by n, set the total) of a bar whose total is learnt once the work is counted; no bar when
    ``quiet`` (``--json``) or stderr is not a terminal."""
    from tqdm import tqdm

    bar = tqdm(total=0, unit=unit, disable=quiet or not sys.stderr.isatty(), file=sys.stderr)

    def set_total(total: int) -> None:
        bar.total = total
        bar.refresh()

    try:
        yield bar.update, set_total
    finally:
        bar.close()
