"""Talking to Chroma: opening a client (embedded or server), its errors as ours, paging.

Every read of many records is paged: embedded Chroma refuses a query with more
than ~32k bound variables.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from index.errors import QAError, StoreUnavailable

PAGE = 1000  # records per Chroma read or write: far below SQLite's bound-variable limit


@contextmanager
def chroma_errors(action: str) -> Iterator[None]:
    try:
        yield
    except QAError:
        raise
    except Exception as exc:  # chromadb raises many unrelated types (httpx, ValueError, ChromaError)
        if torn_vector_index(exc):
            raise StoreUnavailable(
                f"the index could not {action}: Chroma cannot read a collection's vector index, most likely torn by "
                "a process killed while Chroma saved it (chromadb 1.5.9 saves it in place; README, *Crash "
                f"safety*). Run `qa repair` to rebuild the chunks' collections from the stored articles (when it is "
                f"another collection, index the articles again into a new QA_DATA_DIR). Chroma said: {exc}") from exc
        if "Collection" in str(exc) and "does not exist" in str(exc):
            raise StoreUnavailable(
                f"the index could not {action}: its collections are no longer in Chroma (a Chroma server restarted "
                "on another --path, or the collections deleted meanwhile). Restart the service, which makes them "
                f"again, and index the articles again. Chroma said: {exc}") from exc
        raise StoreUnavailable(f"the index could not {action}: {exc}") from exc


def torn_vector_index(exc: BaseException) -> bool:
    """Whether ``exc`` is embedded Chroma failing to load a collection's vector index from its files (its id map,
    ``index_metadata.pickle``, cut short, or its saved index not matching its log)."""
    text = str(exc)
    return "hnsw segment" in text and ("pickle" in text or "apply logs" in text)


SERVER_TIMEOUT_S = 60.0


def open_client(data_dir: Path, chroma_url: str | None, timeout_s: float = SERVER_TIMEOUT_S) -> Any:
    """A Chroma server client when ``chroma_url`` is set (each request given up after ``timeout_s``), else an
    embedded database under ``data_dir``."""
    import chromadb
    import httpx
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    with chroma_errors("be opened"):
        if chroma_url:
            url = urlparse(chroma_url)
            if not url.hostname:
                raise StoreUnavailable(f"QA_CHROMA_URL {chroma_url!r} has no host")
            port = url.port or (443 if url.scheme == "https" else 8000)
            # chromadb 1.5.9 waits for a server without limit (httpx timeout=None), from the requests its client
            # makes when created on: a hung server would hang a start for good, and every request of every
            # worker; given up, a request is a 503 like a server that is down
            timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0))
            _answers_in_time(f"{'https' if url.scheme == 'https' else 'http'}://{url.hostname}:{port}", timeout)
            client = chromadb.HttpClient(host=url.hostname, port=port, ssl=url.scheme == "https", settings=settings)
            client._server._session.timeout = timeout
            return client
        data_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)


def _answers_in_time(base: str, timeout: Any) -> None:
    """Raise StoreUnavailable when the server at ``base`` takes longer than ``timeout`` to answer its heartbeat
    (any other failure is left to the client, which says it in Chroma's words)."""
    import httpx

    try:
        httpx.get(f"{base}/api/v2/heartbeat", timeout=timeout)
    except httpx.TimeoutException:
        raise StoreUnavailable(f"the index could not be opened: the Chroma server at {base} did not answer within "
                               f"{timeout.read:g} s (QA_CHROMA_TIMEOUT_S); is it stopped or overloaded?") from None
    except httpx.HTTPError:
        pass


def in_process(client: Any) -> bool:
    """Whether ``client`` is an embedded database (its calls run in this process) rather than a server's."""
    return str(client.get_settings().chroma_api_impl).endswith("RustBindingsAPI")


def pages(ids: Sequence[str], size: int = PAGE) -> Iterator[list[str]]:
    """``ids`` in lists of at most ``size``."""
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def get_pages(collection: Any, action: str, size: int = PAGE, metadata: bool = True,
              **query: Any) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Every record ``collection.get(**query)`` matches, as (id, metadata) pairs, ``size`` at a time (the last
    page may be empty; with ``metadata`` False only ids are read and every metadata is empty); a Chroma failure
    is StoreUnavailable("the index could not ``action``")."""
    offset = 0
    while True:
        with chroma_errors(action):
            got = collection.get(include=["metadatas"] if metadata else [], limit=size, offset=offset, **query)
        metadatas = got["metadatas"] if metadata else None
        yield [(str(i), m or {}) for i, m in zip(got["ids"], metadatas or [{}] * len(got["ids"]))]
        if len(got["ids"]) < size:
            return
        offset += size
