"""Sequence packing: many short texts in one model row, each attending only to itself.

A row holds several tokenized texts end to end; a block-diagonal attention
mask keeps every text to its own tokens and position ids restart at 0 for
each, so a text's token embeddings are the ones it gets alone (float noise
aside: checked in tests/test_embedding.py). Packed rows have almost no
padding and big matrices, which is what a CPU computes fastest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch


# A batch's length is rounded up to a multiple of this. oneDNN (torch's CPU kernels) caches about 1 MB of
# kernels for every input shape it meets, up to 1,024 shapes: an indexer whose batches took every length
# grew by that over an archive (RSS 500 -> 823 MB over 300 shapes); with lengths in steps of 16 there are
# at most 16 lengths x ``batch_size`` row counts.
LENGTH_STEP = 16


@dataclass(frozen=True)
class Row:
    items: tuple[int, ...]  # indexes of the texts in this row, in order
    length: int  # tokens used


def pack(lengths: Sequence[int], capacity: int) -> list[Row]:
    """Best-fit decreasing: texts (longest first) into rows of at most ``capacity`` tokens."""
    if any(n > capacity or n <= 0 for n in lengths):
        raise ValueError(f"every length must be in 1..{capacity}")
    rows: list[list[int]] = []
    used: list[int] = []
    by_room: list[list[int]] = [[] for _ in range(capacity + 1)]  # room left -> rows with that much room
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        n = lengths[i]
        room = next((r for r in range(n, capacity + 1) if by_room[r]), None)
        if room is None:
            rows.append([])
            used.append(0)
            row = len(rows) - 1
        else:
            row = by_room[room].pop()
        rows[row].append(i)
        used[row] += n
        by_room[capacity - used[row]].append(row)
    packed = [Row(tuple(items), total) for items, total in zip(rows, used, strict=True)]
    return sorted(packed, key=lambda row: -row.length)


@dataclass(frozen=True)
class Batch:
    input_ids: torch.Tensor  # (rows, length)
    position_ids: torch.Tensor  # (rows, length), restarting at 0 for every text
    attention_mask: torch.Tensor  # (rows, 1, length, length) bool, block-diagonal
    segment: torch.Tensor  # (rows * length,) text index of every token, -1 for padding


def batch(rows: Sequence[Row], ids: Sequence[Sequence[int]]) -> Batch:
    """The model inputs of some packed rows (``ids``: every text's token ids, special tokens included), as long
    as the longest row rounded up to ``LENGTH_STEP``."""
    length = -(-max(row.length for row in rows) // LENGTH_STEP) * LENGTH_STEP
    input_ids = torch.zeros((len(rows), length), dtype=torch.long)
    positions = torch.zeros((len(rows), length), dtype=torch.long)
    segment = torch.full((len(rows), length), -1, dtype=torch.long)
    for r, row in enumerate(rows):
        at = 0
        for i in row.items:
            n = len(ids[i])
            input_ids[r, at:at + n] = torch.tensor(ids[i], dtype=torch.long)
            positions[r, at:at + n] = torch.arange(n)
            segment[r, at:at + n] = i
            at += n
    same = segment[:, :, None] == segment[:, None, :]
    padding = segment < 0
    # a padding token attends to itself only (a row of all-False would give NaN); it is never pooled
    mask = (same & ~padding[:, :, None]) | (torch.eye(length, dtype=torch.bool)[None] & padding[:, :, None])
    return Batch(input_ids, positions, mask[:, None], segment.reshape(-1))
