"""Sentence-aware chunking: consecutive whole sentences up to a token budget.

A chunk never splits a sentence, so every sentence belongs to exactly one
chunk and a citation can always name the chunk it came from. Token counts come
from the embedding model's own tokenizer (passed in), so a chunk fits the
model's window. Overlap is deliberately absent: neighbouring context is added
at answer time from the stored sentence offsets, not duplicated in the index.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.models import Chunk, Span


def chunk_sentences(
    text: str, sentences: Sequence[Span], token_counts: Sequence[int], max_tokens: int
) -> list[Chunk]:
    """Group sentences greedily into chunks of at most ``max_tokens`` (a longer sentence stands alone)."""
    if len(sentences) != len(token_counts):
        raise ValueError("one token count per sentence is required")
    chunks: list[Chunk] = []
    first = 0
    budget = 0
    for i, count in enumerate(token_counts):
        if i > first and budget + count > max_tokens:
            chunks.append(_make_chunk(text, sentences, len(chunks), first, i - 1))
            first, budget = i, 0
        budget += count
    if sentences:
        chunks.append(_make_chunk(text, sentences, len(chunks), first, len(sentences) - 1))
    return chunks


def _make_chunk(text: str, sentences: Sequence[Span], index: int, first: int, last: int) -> Chunk:
    start, end = sentences[first].start, sentences[last].end
    return Chunk(index=index, start=start, end=end, text=text[start:end],
                 first_sentence=first, last_sentence=last)
