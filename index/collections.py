"""How this service's Chroma collections are made: cosine space, their vector index saved often, no embedding
function (the service gives the vectors).
"""

from __future__ import annotations

import time
from typing import Any

# Chroma saves a collection's vector index every ``sync_threshold`` records written (1,000 by default), and
# until then each write costs more the more records wait (one article's chunks: 7 ms just after a save, 55 ms
# a thousand records later, with the interpreter lock held throughout; docs/notes/archive.md,
# *Questions during an upload*)
SYNC_EVERY = 100
CONFIGURATION = {"hnsw": {"space": "cosine", "sync_threshold": SYNC_EVERY}}


def made_collection(client: Any, name: str) -> Any:
    """The collection ``name``, made when absent, with ``CONFIGURATION`` (a collection made before it is changed
    to save its vector index every ``SYNC_EVERY`` records). No embedding function: the service gives the vectors."""
    made = client.get_or_create_collection(name, embedding_function=None, configuration=CONFIGURATION)
    if (made.configuration_json.get("hnsw") or {}).get("sync_threshold") != SYNC_EVERY:
        _modify_once_unlocked(made)
    return made


def _modify_once_unlocked(collection: Any, attempts: int = 4) -> None:
    """Save the collection's vector index every ``SYNC_EVERY`` records; embedded Chroma's SQLite can be busy
    for a moment just after a collection is made ("database is locked", seen once in a full test run), so
    that is tried again after a short wait."""
    for attempt in range(attempts):
        try:
            collection.modify(configuration={"hnsw": {"sync_threshold": SYNC_EVERY}})
            return
        except Exception as exc:  # chromadb's InternalError; anything else is raised at once
            if "database is locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.25 * (attempt + 1))

