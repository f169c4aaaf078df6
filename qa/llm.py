"""The optional language model that writes answers: an OpenAI-compatible endpoint, or a GGUF model in-process.

Both go through llama-index's LLM interface (``OpenAILike``), passed
explicitly, never through llama-index's global ``Settings``:

- ``QA_LLM_URL`` (with ``QA_LLM_MODEL``, ``QA_LLM_API_KEY``): any
  OpenAI-compatible server (Ollama, vLLM, llama.cpp's server, a hosted API);
- ``QA_LLM=local``: a GGUF model runs in this process on the CPU with
  ``xllamacpp`` (a prebuilt wheel, the ``llm`` extra), which serves the same
  OpenAI-compatible API on a free port of 127.0.0.1 for as long as the
  process lives; the shipped Qwen2.5-Coder-1.5B (``local_model``), or the
  GGUF file ``QA_LLM_MODEL`` names.

With neither, there is no model and answers are extractive.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from qa.errors import ModelUnavailable
from qa.local_model import shipped_model

log = logging.getLogger(__name__)
MAX_TOKENS = 200  # the most a written answer may take (one to three sentences)
OPENING_STATE = "opening.bin"  # the server's state after the prompt's opening, saved in its slot folder
READ_AHEAD_S = 60.0  # the longest ``close`` waits for the prompt's opening to be read (~4 s on 2 cores)


class LanguageModel:
    """A chat model behind llama-index's LLM interface, streaming text."""

    def __init__(self, llm: Any, name: str, server: Any = None, slots: Path | None = None,
                 wait_s: float = 30.0) -> None:
        self.llm = llm
        self.name = name
        self._server = server  # the in-process xllamacpp server, kept alive with the model
        # its folder of saved prompt states, removed on ``close`` (or when the model is dropped unclosed)
        self._slots = weakref.finalize(self, shutil.rmtree, slots, True) if slots is not None else None
        self._reading: threading.Thread | None = None  # ``read_ahead``'s request, while it runs
        self._stopping = threading.Event()
        self._turn = threading.Lock()  # in-process: one prompt at a time, each read from the saved opening
        self._wait_s = wait_s  # the longest a question waits for its turn (the time an answer may take)
        self._opening_saved = False
        # how llama.cpp read the last prompt ("cache_n" tokens kept, "prompt_n" read, their times): llama.cpp
        # servers say so in their last streamed piece; None from others
        self.timings: dict[str, float] | None = None

    def stop(self) -> None:
        """End every answer being written as if its time were up (a server stopping: `qa serve` waited for the
        model to finish each, up to ``QA_LLM_TIMEOUT_S``, a user trial 46-90 s)."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stream(self, messages: Sequence[tuple[str, str]]) -> Iterator[str]:
        """The answer's text as it is written, piece by piece."""
        from llama_index.core.llms import ChatMessage

        chat = [ChatMessage(role=role, content=content) for role, content in messages]
        if self._reading is not None:  # after the read ahead, never beside it: the same question, the same answer
            self._reading.join(timeout=READ_AHEAD_S)
        self.timings = None
        if self._server is None:
            yield from self._pieces(self.llm.stream_chat(chat))
            return
        # an in-process model reads every prompt from the same state, the opening alone, one at a time (its
        # server answers one at a time anyway); a question that waited as long as an answer may take is not
        # answered by it (the caller gives the extractive answer)
        if not self._turn.acquire(timeout=self._wait_s):
            raise TimeoutError(f"the language model was busy with other questions for {self._wait_s:.0f} s")
        try:
            self._slot("restore")
            yield from self._pieces(self.llm.stream_chat(chat))
        finally:
            self._turn.release()

    def _pieces(self, responses: Iterator[Any]) -> Iterator[str]:
        for response in responses:
            extra = getattr(response.raw, "model_extra", None) or {}
            if isinstance(extra.get("timings"), dict):
                self.timings = extra["timings"]
            if response.delta:
                yield response.delta

    def read_ahead(self, messages: Sequence[tuple[str, str]]) -> threading.Thread | None:
        """An in-process model reads ``messages`` now, in the background, and its server saves its state there:
        every question whose prompt opens the same way (the rules and the worked example) starts from that state
        and waits only for its own part (the first question's first token 10-13 s -> 5 s on an Intel Xeon:
        README). None for an endpoint elsewhere, which may charge by the token."""
        if self._server is None:
            return None
        self._reading = threading.Thread(target=self._read, args=(messages,), name="model-read-ahead", daemon=True)
        self._reading.start()
        return self._reading

    def _read(self, messages: Sequence[tuple[str, str]]) -> None:
        from llama_index.core.llms import ChatMessage

        with self._turn:
            try:
                self.llm.chat([ChatMessage(role=role, content=content) for role, content in messages], max_tokens=1)
            except Exception as error:  # nothing lost: the first question reads the whole prompt itself
                log.info("the language model did not read the prompt's opening ahead (%s)", error)
                return
            self._opening_saved = self._slot("save")

    def _slot(self, action: str) -> bool:
        """Save the server's state after the prompt's opening, or restore it before a question (a few ms).

        llama.cpp reuses whatever its last prompt shares with the next, and the same question came out
        differently as more or less of its prompt had been read before: asked twice in a row, 4 of 12 2024
        questions were answered differently the second time ("67% of adults ..." then "63% of adults ...").
        From the saved opening, every question's own part is read the same way whatever came before it."""
        if action == "restore" and not self._opening_saved:
            return False
        import httpx

        base = str(self.llm.api_base).removesuffix("/v1")
        try:
            httpx.post(f"{base}/slots/0", params={"action": action}, json={"filename": OPENING_STATE},
                       timeout=READ_AHEAD_S).raise_for_status()
        except httpx.HTTPError as error:  # the answer comes all the same, read from whatever the server kept
            log.warning("the language model could not %s the prompt's opening (%s)", action, error)
            return False
        return True

    def close(self) -> None:
        if self._reading is not None:  # llama.cpp's server, stopped with a request in progress, hung the process
            self._reading.join(timeout=READ_AHEAD_S)
        self._server = None
        if self._slots is not None:
            self._slots()


def open_model(kind: str = "", url: str | None = None, model: str | None = None, api_key: str | None = None,
               timeout_s: float = 30.0, max_tokens: int = MAX_TOKENS, context: int = 4096,
               data_dir: Path | None = None) -> LanguageModel | None:
    """The model asked for, loaded and ready: ``url`` an OpenAI-compatible endpoint, or ``kind="local"`` with
    ``model`` a GGUF file run in-process (default: the shipped model, kept in ``data_dir``); None when neither
    is asked for."""
    if url:
        if kind:
            log.warning("QA_LLM_URL is set, so QA_LLM=%s is not used: answers are written at %s", kind, url)
        model = _served_model(url, api_key, model)
        return _client(url, model or "default", api_key, timeout_s, max_tokens, name=f"{model or 'default'} at {url}")
    if kind == "local":
        path = Path(model) if model else shipped_model(data_dir or Path("data"))
        return _local(path, timeout_s, max_tokens, context)
    if kind:
        raise ModelUnavailable(f"QA_LLM must be 'local' or empty (use QA_LLM_URL for a server), not {kind!r}")
    return None


def _served_model(url: str, api_key: str | None, model: str | None) -> str | None:
    """The model to ask at ``url``: ``model``, or the only one the server lists when none is named. Logs at
    start-up whether the server answers and serves that model: neither is an error, since every answer falls
    back to the extractive one, but a user should not have to find that out per question (an audit: with no
    QA_LLM_MODEL the name "default" was sent, which Ollama or vLLM do not serve, and the log said all was well)."""
    import httpx

    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        response = httpx.get(f"{url.rstrip('/')}/models", headers=headers, timeout=3.0)
        response.raise_for_status()
        listed = response.json().get("data") or []
        served = [str(m["id"]) for m in listed if isinstance(m, dict) and m.get("id")]
        # llama.cpp's server answers to any name (it lists its file's path); Ollama's "qwen2.5" is ":latest"
        any_name = bool(listed) and all(isinstance(m, dict) and m.get("owned_by") == "llamacpp" for m in listed)
    except (httpx.HTTPError, ValueError, AttributeError) as error:
        log.warning("the language model at %s does not answer (%s): answers stay extractive until it does", url,
                    error)
        return model
    if not model and len(served) == 1:
        model = served[0]
    elif served and model not in served and f"{model}:latest" not in served and not any_name:
        log.warning("the server at %s serves %s, not %r: set QA_LLM_MODEL to one of them (answers stay extractive "
                    "while it refuses the name)", url, ", ".join(map(repr, served[:10])), model or "default")
        return model
    log.info("answers are written by the language model %s at %s", model or "default", url)
    return model


def _client(api_base: str, model: str, api_key: str | None, timeout_s: float, max_tokens: int, name: str,
            server: Any = None, slots: Path | None = None) -> LanguageModel:
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as error:  # pragma: no cover - the llm extra is missing
        raise ModelUnavailable("a language model needs the llm extra: make install-llm") from error
    llm = OpenAILike(model=model, api_base=api_base.rstrip("/"), api_key=api_key or "none", is_chat_model=True,
                     temperature=0.0, max_tokens=max_tokens, timeout=timeout_s, max_retries=0)
    return LanguageModel(llm, name, server, slots, wait_s=timeout_s)


def _local(path: Path, timeout_s: float, max_tokens: int, context: int) -> LanguageModel:
    if not path.is_file():
        raise ModelUnavailable(f"QA_LLM_MODEL must be the path of a GGUF model file; there is no file at {path}")
    try:
        import xllamacpp
    except ImportError as error:
        raise ModelUnavailable("QA_LLM=local needs the llm extra: make install-llm") from error
    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.n_ctx = context
    threads = max(1, os.cpu_count() or 1)
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.n_parallel = 1
    params.port = 0  # the server takes a free port and says which (listening_address)
    params.hostnames = ["127.0.0.1"]
    params.verbosity = 0  # llama.cpp's own log: errors only (its info lines would flood the server's log)
    # every question is read from the saved opening (``LanguageModel._slot``), never from an earlier prompt kept
    # in memory: llama.cpp's cache of them (up to 8 GB by default) gave a question asked again its whole prompt
    slots = Path(tempfile.mkdtemp(prefix="qa-model-slots-"))
    params.slot_save_path = f"{slots}{os.sep}"  # llama.cpp joins it to a file name as it is
    params.cache_ram_mib = 0
    started = time.perf_counter()
    try:
        server = xllamacpp.Server(params)
    except RuntimeError as error:  # llama.cpp says only "Failed to init server, please check the input params."
        shutil.rmtree(slots, ignore_errors=True)
        raise ModelUnavailable(f"QA_LLM_MODEL {path} cannot be loaded as a GGUF model by llama.cpp ({error})") \
            from error
    log.info("language model %s loaded in %.1f s, serving on %s", path.name, time.perf_counter() - started,
             server.listening_address)
    return _client(f"{server.listening_address}/v1", path.name, None, timeout_s, max_tokens, name=path.name,
                   server=server, slots=slots)
