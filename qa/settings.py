"""The one Settings object: every QA_* environment variable, validated once.

Built by the entry points (``create_app``, the CLI); library functions take
plain values, never this object.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.parts import PART_CHUNKS, WHOLE
from index.errors import InvalidQuestion
from qa.timeframe import parse_as_of


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Where the embedded Chroma database lives.")
    chroma_url: str | None = Field(None, description="A Chroma server to use instead of the embedded database.")
    chroma_timeout_s: float = Field(
        60.0, gt=0, description="Time one request to the Chroma server may take before it is given up (503): a "
        "server that hangs does not hang the service.")
    collection: str = Field("news", description="Prefix of the Chroma collections (several indexes can share a server).")
    api_key: str | None = Field(None, description="When set, writes require 'Authorization: Bearer <key>'.")
    host: str = Field("127.0.0.1", description="Address `qa serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `qa serve` listens on.")
    model_path: str | None = Field(None, description="A sentence-transformers model folder; default: the packaged MiniLM.")
    embed_precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto", description="Arithmetic of the embedding model; auto: bfloat16 where the CPU has it natively.")
    serve_threads: int = Field(
        1, ge=1, le=64, description="Torch threads per `qa serve` process: requests run side by side, so one "
        "thread each keeps the cores from being oversubscribed (indexing uses every core).")
    chunk_tokens: int = Field(128, ge=16, le=256, description="Most model tokens in one chunk.")
    chunk_part: int = Field(
        0, ge=0, description="Most chunks in one Chroma collection: the chunks are kept in parts of this size, so "
        "that `qa index` on an embedded database holds one part's vector index in memory (2.1 KB a chunk), not "
        "the archive's; every search reads each part. 0: 100,000 on an embedded database, one collection on a "
        "Chroma server (whose memory is its own).")
    ingest_batch: int = Field(512, ge=1, description="Sentences embedded and stored together when indexing files.")
    index_worker_files: int = Field(
        2000, ge=0, description="`qa index` of more files than this runs in worker processes, one after another: "
        "each until it has filled its part of the chunks and begun the next (with one collection, as on a Chroma "
        "server: this many files each), so a long ingest holds one worker's memory; 0: one process for everything.")
    index_heap_arenas: int = Field(
        2, ge=0, le=64, description="Heap arenas the threads of `qa index` and `qa repair` share (glibc's "
        "M_ARENA_MAX): fewer keep less freed memory resident; 0: glibc's default, eight per core.")
    index_return_memory: bool = Field(
        False, description="`qa index` gives freed blocks of 128 KB and more back to the system (glibc): about a "
        "third less peak memory, a third slower ingest.")
    top_k: int = Field(5, ge=1, le=50, description="Passages /api/search returns by default.")
    max_citations: int = Field(2, ge=1, le=10, description="Most passages quoted in one answer.")
    quote_neighbours: int = Field(
        1, ge=0, le=3, description="Sentences quoted on either side of each answering sentence (news paragraphs "
        "are often one sentence, and the one that names the answer is often next to the one that matches the "
        "question best); 0 quotes the sentence alone.")
    min_support: float = Field(0.46, ge=0.0, le=1.0, description="Evidence score below which the answer is 'the articles don't say'.")
    as_of: str = Field(
        "", description="When a question that gives no as_of is asked: empty (now), an ISO date or datetime, or "
        "'latest' (the end of the day the newest article was published: an archive asked about as it stood).")
    max_question_chars: int = Field(1000, ge=10, description="Longest question or query accepted.")
    refresh_seconds: float = Field(2.0, ge=0.0, description="How often a process checks Chroma's change feed for other processes' writes.")
    max_upload_bytes: int = Field(10_000_000, ge=1000, description="Largest document accepted by POST /api/documents, "
                                  "and largest file `qa index` reads.")
    fetch_timeout_s: float = Field(20.0, gt=0, description="Time a web page may take to fetch (qa index URL, "
                                   "POST /api/documents {\"url\"}); QA_MAX_UPLOAD_BYTES limits its size.")
    fetch_allow_private: bool = Field(False, description="Fetch pages and feeds on loopback, private and "
                                      "link-local addresses (refused by default: a service that fetches URLs "
                                      "on request must not be a way into its own network).")
    fetch_per_host: int = Field(2, ge=1, le=32, description="Most requests to one web host at once.")
    fetch_host_delay_s: float = Field(1.0, ge=0, description="Seconds between the starts of two requests to one "
                                      "web host (benchmarks set 0).")
    feed_poll_minutes: float = Field(0.0, ge=0, description="`qa serve` polls every feed this often (minutes; "
                                     "0: never, poll with `qa feeds poll` or POST /api/feeds/poll).")
    sources: Path = Field(Path("seeds"), description="The folder POST /api/reindex indexes.")
    llm: Literal["", "local"] = Field("", description="'local': write answers with the GGUF model QA_LLM_MODEL, "
                                      "in-process (the llm extra); empty: no model unless QA_LLM_URL is set.")
    llm_url: str | None = Field(None, description="An OpenAI-compatible endpoint (…/v1) that writes answers.")
    llm_model: str | None = Field(None, description="The model's name at QA_LLM_URL, or a GGUF file for QA_LLM=local (default: the shipped Qwen, `make install-llm`).")
    llm_api_key: str | None = Field(None, description="The key QA_LLM_URL wants, if any.")
    llm_timeout_s: float = Field(30.0, gt=0, description="Time a written answer may take before the extractive "
                                 "answer is given instead.")
    llm_max_tokens: int = Field(200, ge=16, le=4096, description="Most tokens in a written answer.")

    @classmethod
    def unknown(cls, environ: Mapping[str, str]) -> list[str]:
        """The QA_* variables of ``environ`` that are no setting, each with the setting it may mean: one is
        ignored as it must be (other tools share the prefix), but a user's mistyped one was ignored in silence
        (a user trial: QA_TOPK=3)."""
        names = [f"QA_{name.upper()}" for name in cls.model_fields]
        said = []
        for variable in sorted(v for v in environ if v.upper().startswith("QA_") and v.upper() not in names):
            close = difflib.get_close_matches(variable.upper(), names, n=1, cutoff=0.75)
            said.append(f"{variable} is not a setting of this service"
                        + (f" (did you mean {close[0]}?)" if close else "; ignored"))
        return said

    def chunk_part_size(self) -> int:
        """Chunks in one part: ``chunk_part``, or by default 100,000 embedded and one collection on a server."""
        return self.chunk_part or (PART_CHUNKS if not self.chroma_url else WHOLE)

    def derived_path(self, identity: str = "") -> Path:
        """The derived index (lexical index and sentence vectors) of this collection, under data_dir. On a Chroma
        server it is named by the collection's ``identity`` (``Store.identity``, its Chroma id), not the server's
        address: a server restarted on another port, or reached as ``localhost`` by one worker and ``127.0.0.1``
        by another, is the same collection, which the address made a new file rebuilt from the whole archive
        (44 s and 650 MB more at 5,000 articles, each time). An embedded database has one collection per name."""
        if self.chroma_url and not identity:
            raise ValueError("a derived index on a Chroma server is named by its collection's identity")
        where = hashlib.sha256((f"server {identity}" if self.chroma_url else "embedded").encode()).hexdigest()[:8]
        return self.data_dir / "derived" / f"{self.collection}-{where}.sqlite"

    @field_validator("chroma_url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        url = urlparse(value)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"QA_CHROMA_URL must look like http://HOST:PORT, not {value!r}")
        return value

    @field_validator("as_of")
    @classmethod
    def _valid_as_of(cls, value: str) -> str:
        value = value.strip()
        if value.lower() == "latest":
            return "latest"
        if value:
            try:
                parse_as_of(value)
            except InvalidQuestion as exc:  # it names the forms accepted
                raise ValueError(f"{exc} (or 'latest', or empty for now)") from None
        return value

    @field_validator("api_key")
    @classmethod
    def _no_blank_key(cls, value: str | None) -> str | None:
        return value or None
