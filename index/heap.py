"""The C heap of a long ingest: give freed blocks back to the system instead of keeping them.

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

M_MMAP_THRESHOLD = -3  # mallopt's parameter number (glibc's malloc.h)
MMAP_THRESHOLD_BYTES = 128 * 1024


def return_freed_blocks(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Serve every request of ``threshold`` bytes or more with its own mapping, freed back to the system, from
    now on in this process; True when set (Linux with glibc), False where there is no such allocator."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, threshold))
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
