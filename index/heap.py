"""The C heap of a process: how many arenas its threads share, and whether freed blocks go back to the system.

glibc gives threads heap arenas of their own, up to eight per core, and an
arena keeps what it freed for its thread's next requests. `qa index` has
some twenty threads (the model's, Chroma's, tantivy's writers and merges),
and a long ingest left as many arenas of 15-65 MB each, much of it freed
memory no one asked for again. ``limit_arenas`` caps their number (glibc's
``M_ARENA_MAX``, as the environment variable ``MALLOC_ARENA_MAX`` does);
`qa index` and `qa repair` set it to ``QA_INDEX_HEAP_ARENAS`` (2): `qa
index` of 3,000 archive articles peaked at 1,018 MB against 1,121 with
glibc's default, in the same time; `qa serve` keeps glibc's default, where
the cap cost its questions at concurrency 8 more than it saved (40 MB;
docs/notes/archive.md, *Sixteenth session*).

The mmap threshold, for ``QA_INDEX_RETURN_MEMORY``:

glibc serves a request of at least its mmap threshold (128 KB at start)
with a mapping of its own, returned to the system when freed; but each time
such a block is freed, glibc raises the threshold to the block's size (up to
32 MB), so from then on blocks of that size come from the heap, where a
freed block stays resident until everything above it is freed too. An
ingest frees blocks of many sizes all the time (the model's activations, the
tokenizer's batches, tantivy's 32 MB writer heaps, Chroma's write buffers),
so its heap kept growing with the archive. Fixing the threshold at 128 KB
(which also stops its rise) gave back about a third of the indexer's peak on
1,000 archive articles, and made the ingest slower (likely the model's
activations, now mapped afresh every pass; docs/notes/archive.md, *The indexer's heap*). Used by
`qa index` when ``QA_INDEX_RETURN_MEMORY=true``; by default the indexer runs
the model in a thread of its own instead (``Embedder.own_thread``: its own
heap arena), which leaves a higher peak than this and ingests faster.
"""

from __future__ import annotations

import ctypes
import sys

M_MMAP_THRESHOLD = -3  # mallopt's parameter numbers (glibc's malloc.h)
M_ARENA_MAX = -8
MMAP_THRESHOLD_BYTES = 128 * 1024


def _mallopt(parameter: int, value: int) -> bool:
    """glibc's ``mallopt``; True when set, False where there is no such allocator (not Linux, or musl)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(parameter, value))
    except (OSError, AttributeError):
        return False


def limit_arenas(count: int) -> bool:
    """Let this process's threads share at most ``count`` heap arenas from now on (call it before the threads
    start); True when set."""
    return _mallopt(M_ARENA_MAX, count)


def return_freed_blocks(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Serve every request of ``threshold`` bytes or more with its own mapping, freed back to the system, from
    now on in this process; True when set (Linux with glibc), False where there is no such allocator."""
    return _mallopt(M_MMAP_THRESHOLD, threshold)
