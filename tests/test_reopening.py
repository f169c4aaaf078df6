"""Opening an embedded database again under the questions reading it (index.reopening), on a real Chroma."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from index import Store, open_client
from index.reopening import ClientGate
from index.writer_lock import SharedWrites


def test_a_swap_waits_for_the_call_in_flight_and_holds_new_calls_until_done() -> None:
    gate = ClientGate()
    events: list[str] = []
    in_call, swapped = threading.Event(), threading.Event()

    def swap() -> None:
        with gate.replacing():
            events.append("swap")
        swapped.set()

    with gate.using() as generation:
        assert generation == 0
        swapper = threading.Thread(target=swap)
        swapper.start()
        assert not swapped.wait(0.3)  # the call in flight is not pulled from under
        events.append("call done")
    assert swapped.wait(10)
    swapper.join()
    assert events == ["call done", "swap"] and gate.generation == 1

    def late_call() -> None:
        with gate.using() as seen:
            events.append(f"call on {seen}")
        in_call.set()

    with gate.replacing():  # a call that starts during a swap waits for it, and runs on the new client
        caller = threading.Thread(target=late_call)
        caller.start()
        assert not in_call.wait(0.3)
        events.append("second swap")
    assert in_call.wait(10)
    caller.join()
    assert events[-2:] == ["second swap", "call on 2"]


def test_a_handle_taken_before_the_client_is_opened_again_still_reads(tmp_path: Path) -> None:
    # closing the client failed every later call of a handle taken before ("'RustBindingsAPI' object has no
    # attribute 'bindings'"): a question in flight during another process's write turn
    data = tmp_path / "data"
    store = Store(open_client(data, None), reopen=lambda: open_client(data, None))
    try:
        part = store.parts.get(0)
        part.upsert(ids=["d-v-c0"], embeddings=[np.ones(4).tolist()])
        store._open_again()
        assert part.count() == 1 and part.get(ids=["d-v-c0"])["ids"] == ["d-v-c0"]
    finally:
        store.close()


def test_reads_are_not_healed_while_another_process_holds_the_writer_lock(tmp_path: Path) -> None:
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from index.writer_lock import "
         "hold_writer_lock; hold_writer_lock(Path(sys.argv[1]), 'qa index'); print('held', flush=True); "
         "time.sleep(60)", str(data)], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        shared = SharedWrites(data, "qa serve")
        assert not shared.idle()
        store = Store(open_client(data, None), reopen=lambda: open_client(data, None), shared=shared)
        try:
            store.search.stale = True  # as a read that met a vector index written since would have set it
            assert not store.heal()  # `qa index` may be saving those files: not now
            holder.kill()
            holder.wait(30)
            deadline = time.monotonic() + 10
            while not shared.idle() and time.monotonic() < deadline:
                time.sleep(0.05)
            generation = store.gate.generation
            assert store.heal() and store.gate.generation == generation + 1 and not store.search.stale
            store.search.stale = True
            assert not store.heal()  # at most every HEAL_INTERVAL_S
        finally:
            store.close()
    finally:
        holder.kill()
        holder.wait(30)
        if holder.stdout is not None:
            holder.stdout.close()


def test_questions_read_on_while_the_client_is_opened_again_and_again(tmp_path: Path) -> None:
    # without the gate, a read that met a swap failed ("'RustBindingsAPI' object has no attribute 'bindings'")
    data = tmp_path / "data"
    store = Store(open_client(data, None), reopen=lambda: open_client(data, None))
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((200, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"d{k}-v-c0" for k in range(200)]
    store.parts.get(0).upsert(ids=ids, embeddings=vectors.tolist())
    errors: list[BaseException] = []
    reads = [0]
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            try:
                assert len(store.nearest_chunks(vectors[reads[0] % 200], 5)) == 5
                assert len(store.chunk_vectors(ids[:20])) == 20
                reads[0] += 1
            except BaseException as exc:  # noqa: BLE001 - any failure of a read is the test's finding
                errors.append(exc)
                return
    try:
        askers = [threading.Thread(target=ask) for _ in range(3)]
        for asker in askers:
            asker.start()
        for _ in range(20):
            store._open_again()
            time.sleep(0.01)
        done.set()
        for asker in askers:
            asker.join(60)
        assert not errors, errors[0]
        assert reads[0] > 20 and store.gate.generation == 20
    finally:
        done.set()
        store.close()
