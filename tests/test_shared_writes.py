"""Processes that write to one embedded database in turn (`qa serve` beside `qa index`, `qa docs rm`) lose nothing.

A user trial: `qa index` run beside `qa serve`, then an upload to that server,
left the indexer's chunks stored but out of the vector index for good (each
process saves its own in-memory copy over the files), and with more such turns
a search filtered by date failed. Real processes and a real embedded Chroma
here: this process stands for `qa serve`, subprocesses for the others.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
import numpy as np
import pytest

from index import Embedder, Store, open_client
from index.errors import StoreUnavailable
from index.repair import lacks_vectors, repair
from index.writer_lock import TOKEN_NAME, SharedWrites

from .test_large_index import _generated

ROOT = Path(__file__).parent.parent
PREFIX = "shared"
_WRITER = """
import random, sys, time
from pathlib import Path
import numpy as np
from index import Store, open_client
from index.writer_lock import SharedWrites, hold_writer_lock
from tests.test_large_index import _generated
data, first, how = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
if how == "indexer":  # as `qa index`: the lock for good, no per-write taking
    hold_writer_lock(data, "qa index")
    store = Store(open_client(data, None), prefix={prefix!r})
else:  # as `qa docs rm` or another `qa serve`
    shared = SharedWrites(data, "`qa docs`")
    shared.claim()
    store = Store(open_client(data, None), prefix={prefix!r}, reopen=lambda: open_client(data, None), shared=shared)
rng, draw = random.Random(first), np.random.default_rng(first)
store.write_documents([_generated(first + i, rng, draw) for i in range(3)])
print("written", flush=True)
if how == "indexer" and len(sys.argv) > 4:
    time.sleep(float(sys.argv[4]))  # holding the lock, as a long `qa index` does
store.close()
""".format(prefix=PREFIX)


def _other_process(data: Path, first: int, how: str, *hold: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", _WRITER, str(data), str(first), how, *hold],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)


def _served(data: Path, wait_s: float = 5.0) -> Store:
    shared = SharedWrites(data, "`qa serve`", wait_s=wait_s)
    shared.claim()
    return Store(open_client(data, None), prefix=PREFIX, reopen=lambda: open_client(data, None), shared=shared)


def _write(store: Store, first: int) -> None:
    rng, draw = random.Random(first), np.random.default_rng(first)
    store.write_documents([_generated(first + i, rng, draw) for i in range(3)])


def _searchable(data: Path) -> tuple[int, int, int]:
    """(chunks stored, chunks a search can return, chunks a filtered search of 5 returns, -1 when it fails) as a
    fresh process sees them."""
    code = f"""
import numpy as np
from pathlib import Path
from index import Store, open_client
store = Store(open_client(Path({str(data)!r}), None), prefix={PREFIX!r})
part = store.parts.all()[0]
stored = part.count()
vector = np.ones(384, np.float32) / np.sqrt(384)
found = part.query(query_embeddings=[vector.tolist()], n_results=stored, include=[])["ids"][0]
try:  # a filtered search: "Error finding id" on an index that lacks some of its records
    dated = len(part.query(query_embeddings=[vector.tolist()], n_results=5, where={{"doc_id": {{"$ne": "none"}}}},
                           include=[])["ids"][0])
except Exception as exc:
    dated = -1 if "Error finding id" in str(exc) else exc
print(stored, len(found), dated)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    stored, found, dated = done.stdout.split()
    return int(stored), int(found), int(dated)


def test_writes_of_several_processes_in_turn_all_stay_searchable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    served = _served(data)
    _write(served, 0)
    for first, how in ((100, "indexer"), (200, "shared")):
        other = _other_process(data, first, how)
        assert other.communicate(timeout=120)[0].strip() == "written" and other.returncode == 0
        _write(served, first + 1000)  # after another process's write: its copy of the vector index is stale
    vector = np.ones(384, np.float32) / np.sqrt(384)
    assert len(served.nearest_chunks(vector, 400)) == 5 * 3 * 21  # it answers from all of them, its own and others'
    served.close()
    stored, found, dated = _searchable(data)
    assert stored == 5 * 3 * 21  # five writes of three generated documents of 21 chunks
    assert found == stored and dated == 5


def test_a_write_while_qa_index_holds_the_lock_is_refused_and_loses_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    served = _served(data, wait_s=0.5)
    _write(served, 0)
    indexer = _other_process(data, 100, "indexer", "60")
    try:
        assert indexer.stdout is not None and indexer.stdout.readline().strip() == "written"
        with pytest.raises(StoreUnavailable, match=rf"`qa index` \(pid {indexer.pid}\) is writing to {data}"):
            _write(served, 300)
    finally:
        indexer.kill()
        indexer.wait()
        indexer.stdout.close()  # type: ignore[union-attr]
    _write(served, 300)  # the lock went with the process that held it
    served.close()
    stored, found, _ = _searchable(data)
    assert stored == found == 3 * 3 * 21


def test_repair_rebuilds_a_part_whose_vector_index_lost_another_process_s_chunks(tmp_path: Path,
                                                                                embedder: Embedder) -> None:
    """An index left by the code before the writes took turns: `qa repair` finds the part and rebuilds it."""
    data = tmp_path / "data"
    store = Store(open_client(data, None), prefix=PREFIX)  # no turns taken: as every process wrote before
    _write(store, 0)
    other = _other_process(data, 100, "indexer")
    assert other.communicate(timeout=120)[0].strip() == "written"
    _write(store, 200)  # saves a vector index without the other process's chunks over the files
    store.close()
    stored, found, dated = _searchable(data)
    assert found < stored and dated == -1  # what the user trial found: stored, not searchable
    store = Store(open_client(data, None), prefix=PREFIX)
    try:
        assert lacks_vectors(store.parts.get(0))
        done = repair(store, embedder, chunk_tokens=256)
        assert done.torn == [store.parts.name(0)] and done.rewritten == 9
        assert not lacks_vectors(store.parts.get(0))
    finally:
        store.close()
    stored, found, dated = _searchable(data)
    assert found == stored > 0 and dated == 5


def test_a_process_that_only_reads_does_not_make_a_writer_open_its_database_again(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = tmp_path / "data"
    served = _served(data)
    try:
        _write(served, 0)
        token = (data / TOKEN_NAME).read_text()
        SharedWrites(data, "`qa ask`").claim()  # as `qa ask` opens: it notes the token, writes none
        assert (data / TOKEN_NAME).read_text() == token
        with caplog.at_level("INFO", logger="index.store"):
            _write(served, 100)
        assert "opening it again" not in caplog.text
        other = _other_process(data, 200, "shared")
        assert other.communicate(timeout=120)[0].strip() == "written"
        with caplog.at_level("INFO", logger="index.store"):
            _write(served, 300)
        assert "another process has written to the index: opening it again before writing" in caplog.text
    finally:
        served.close()


def test_a_filtered_search_after_qa_index_wrote_beside_it_opens_the_index_again(tmp_path: Path) -> None:
    """A user trial: after `qa index` beside `qa serve`, every question asked as of an earlier date was a 503
    ("Error finding id") until a restart. The serving process's vector index, loaded before the indexer wrote,
    lacks its chunks; a search filtered on metadata meets them and Chroma fails it, where an unfiltered one
    does not. The search is marked stale and the store opens the database again (``Store.heal``)."""
    data = tmp_path / "data"
    served = _served(data)
    try:
        _write(served, 0)
        vector = np.ones(384, np.float32) / np.sqrt(384)
        where = {"doc_id": {"$ne": "none"}}
        assert len(served.search.chroma_nearest(vector, 5, where)) == 5  # its vector index is loaded
        indexer = _other_process(data, 100, "indexer")
        assert indexer.communicate(timeout=120)[0].strip() == "written" and indexer.returncode == 0
        assert served.search.chroma_nearest(vector, 5, where) == []  # not a failure: nothing it can trust
        assert served.search.stale
        assert served.heal()  # the indexer is gone: nothing holds the index
        assert len(served.search.chroma_nearest(vector, 400, where)) == 2 * 3 * 21
        assert not served.search.stale
    finally:
        served.close()
