"""The embedder: packed rows give every text the vector it gets alone; bfloat16 stays within noise."""

from __future__ import annotations

import json
import math
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from index import Embedder, ModelUnavailable
from index.embedding import normalise
from index.packing import batch, pack
from qa import Service, Settings

TEXTS = [
    "",
    "Rates rose.",
    "The council approved the budget on Tuesday after a three-hour debate over library funding.",
    "Café owners in Zürich said the new rules, which take effect in März, would cost them “thousands”.",
    " ".join(["The harbour authority published its annual report, citing record container volumes."] * 30),  # > 256 tokens
    *(f"Sentence number {i} mentions item {i * 7} and little else." for i in range(40)),
]


@pytest.fixture(scope="module")
def reference() -> Iterator[object]:
    """sentence-transformers' own encode of the same packaged model: the vectors to match."""
    from sentence_transformers import SentenceTransformer

    from index.embedding import packaged_model_path

    yield SentenceTransformer(packaged_model_path(), device="cpu")


@pytest.fixture(scope="module")
def float32() -> Embedder:
    return Embedder(precision="float32")


@pytest.fixture(scope="module")
def bfloat16() -> Embedder:
    return Embedder(precision="bfloat16")


def test_pack_places_every_text_once_within_capacity() -> None:
    lengths = [5, 256, 3, 100, 100, 57, 1, 200, 2, 2]
    rows = pack(lengths, 256)
    assert sorted(i for row in rows for i in row.items) == list(range(len(lengths)))
    assert all(row.length == sum(lengths[i] for i in row.items) <= 256 for row in rows)
    # 726 tokens need at least 3 rows, but 3 cannot hold them (256 | 200 + 57 > 256 | 100 + 100 + 57 > 256): 4
    assert len(rows) == 4 > math.ceil(sum(lengths) / 256) - 1
    assert [row.length for row in rows] == sorted((row.length for row in rows), reverse=True)
    for bad in ([0], [257]):
        with pytest.raises(ValueError):
            pack(bad, 256)


def test_a_packed_text_attends_only_to_itself() -> None:
    ids = [[101, 7, 102], [101, 8, 9, 102], [101, 102]]
    rows = pack([len(i) for i in ids], 8)
    inputs = batch(rows, ids)
    mask = inputs.attention_mask[:, 0]
    segment = inputs.segment.reshape(mask.shape[0], -1)
    for r in range(mask.shape[0]):
        for q in range(mask.shape[1]):
            for k in range(mask.shape[2]):
                same_text = segment[r, q] >= 0 and segment[r, q] == segment[r, k]
                assert bool(mask[r, q, k]) == bool(same_text or (segment[r, q] < 0 and q == k))
    starts = [(r, q) for r in range(mask.shape[0]) for q in range(mask.shape[1])
              if segment[r, q] >= 0 and (q == 0 or segment[r, q - 1] != segment[r, q])]
    assert len(starts) == len(ids) and all(inputs.position_ids[r, q] == 0 for r, q in starts)


def test_batch_lengths_come_in_steps_so_the_model_meets_few_shapes() -> None:
    from index.packing import LENGTH_STEP

    lengths = {batch(pack([n], 256), [[101] * n]).input_ids.shape[1] for n in range(1, 257)}
    assert lengths == set(range(LENGTH_STEP, 257, LENGTH_STEP))  # 256 text lengths, 16 model shapes


def test_packed_float32_vectors_equal_sentence_transformers(float32: Embedder, reference: object) -> None:
    ours = float32.embed(TEXTS)
    theirs = reference.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True)  # type: ignore[attr-defined]
    assert ours.shape == theirs.shape and ours.dtype == np.float32
    assert float(np.abs(ours - theirs).max()) < 1e-5


def test_bfloat16_vectors_stay_within_noise_of_float32(bfloat16: Embedder, float32: Embedder) -> None:
    assert bfloat16.bfloat16 and not float32.bfloat16
    cosines = np.sum(bfloat16.embed(TEXTS) * float32.embed(TEXTS), axis=1)
    assert float(cosines.min()) > 0.999


def test_own_thread_runs_the_model_in_one_thread_of_its_own_with_the_same_vectors(
        float32: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    run = float32._embed_tokens

    def recording(token_ids: object, stop: object = None, on_batch: object = None) -> object:
        seen.append(threading.current_thread().name)
        return run(token_ids, stop, on_batch)  # type: ignore[arg-type]

    monkeypatch.setattr(float32, "_embed_tokens", recording)
    alone = float32.embed(TEXTS)
    with float32.own_thread():
        within = [float32.embed(TEXTS), float32.embed(TEXTS[:3])]
    after = float32.embed(TEXTS[:3])
    caller = threading.current_thread().name
    assert seen[0] == caller and seen[-1] == caller  # before and after: in the calling thread
    assert len(set(seen[1:3])) == 1 and seen[1].startswith("model") and seen[1] != caller  # within: one other
    assert np.array_equal(within[0], alone) and np.array_equal(within[1], after)


def test_ctrl_c_ends_the_model_pass_under_way_at_its_next_batch(float32: Embedder,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A user trial: Ctrl-C during a 3 MB article kept `qa index` embedding for 228 s (leaving ``own_thread``
    waited for the whole article's pass), and a second Ctrl-C meanwhile aborted the process (exit 134). Here the
    context is left by an exception (as Ctrl-C leaves it: a KeyboardInterrupt) while a pass is under way."""
    import time

    from index.embedding import PassStopped

    batches: list[int] = []
    encoder = float32._encoder

    def counting(**inputs: object) -> object:
        batches.append(1)
        return encoder(**inputs)

    monkeypatch.setattr(float32, "_encoder", counting)
    row = float32.tokenize(["The harbour authority published its annual report, citing record volumes."])[0]
    rows = [(row * 30)[:float32.max_tokens - 2]] * 2000  # a full model row each: 500 batches, a minute or more
    every = math.ceil(len(pack([len(r) + 2 for r in rows], float32.max_tokens)) / float32.batch_size)
    with pytest.raises(KeyboardInterrupt), float32.own_thread():
        assert float32._thread is not None
        under_way = float32._thread.submit(float32._embed_tokens, rows, float32._stop)
        while not batches:
            time.sleep(0.01)
        raise KeyboardInterrupt
    done = len(batches)
    assert isinstance(under_way.exception(), PassStopped)  # it stopped part-way ...
    assert 0 < done < every and len(batches) == done  # ... and had ended before own_thread was left


def test_a_stopping_process_ends_every_model_pass_at_its_next_batch() -> None:
    """A user trial: Ctrl-C to `qa serve` while a 1 MB upload was embedded waited for the whole pass (21 s).
    ``stop_passes`` (what `qa serve` calls on Ctrl-C or SIGTERM) ends the pass under way at its next batch, in
    whichever thread it runs, and any pass begun after it at its first."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from qa.errors import ServiceStopping

    embedder = Embedder()  # its own: a stopped embedder stays stopped
    batches: list[int] = []
    encoder = embedder._encoder

    def counting(**inputs: object) -> object:
        batches.append(1)
        return encoder(**inputs)

    embedder._encoder = counting
    row = embedder.tokenize(["The harbour authority published its annual report, citing record volumes."])[0]
    rows = [(row * 30)[:embedder.max_tokens - 2]] * 2000  # 500 batches: a minute or more
    with ThreadPoolExecutor(1) as pool:
        under_way = pool.submit(embedder.embed_tokens, rows)
        while not batches:
            time.sleep(0.01)
        stopped = time.monotonic()
        embedder.stop_passes()
        error = under_way.exception(timeout=30)
    assert isinstance(error, ServiceStopping)  # a 503 at the HTTP edge
    assert time.monotonic() - stopped < 5 and len(batches) < 500
    with pytest.raises(ServiceStopping, match="send it again"):
        embedder.embed(["Who opened the new pier?"])


def test_a_model_pass_reports_each_batch_so_a_large_file_shows_progress(float32: Embedder) -> None:
    """A user trial: a 1 MB file is one file of a minute's embedding, and `qa index`'s bar of files stood at 0/1
    meanwhile. Within ``own_thread``, the pass reports how many of its texts are embedded after every batch."""
    row = float32.tokenize(["The harbour authority published its annual report, citing record volumes."])[0]
    rows = [(row * 30)[:float32.max_tokens - 2]] * (3 * float32.batch_size)  # a full model row each: 3 batches
    heard: list[tuple[int, int]] = []
    with float32.own_thread(on_batch=lambda done, total: heard.append((done, total))):
        float32.embed_tokens(rows)
    step = float32.batch_size
    assert heard == [(step, len(rows)), (2 * step, len(rows)), (3 * step, len(rows))]
    float32.embed_tokens(rows[:2])  # outside it, nothing is reported
    assert len(heard) == 3


def test_the_progress_bar_shows_the_model_pass_under_way() -> None:
    import io

    from tqdm import tqdm

    from api.progress import Bar

    out = io.StringIO()

    def last() -> str:
        return [line for line in re.split(r"[\r\n]", out.getvalue()) if line.strip()][-1]

    bar = Bar(tqdm(total=0, unit="doc", file=out, disable=False, mininterval=0))
    bar.set_total(1)
    bar.embedding(1200, 2618)
    assert "0/1" in last() and "embedding 1,200/2,618 sentences" in last()
    bar.embedding(1300, 2618)  # within half a second of the last: not drawn again
    assert "1,300" not in out.getvalue()
    bar.embedding(2618, 2618)  # the pass done: the note goes
    bar.advance(1)
    assert "1/1" in last() and "embedding" not in last()


def test_progress_on_a_stderr_that_is_no_terminal_is_a_line_now_and_then(capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: `qa index` of a 4 MB page, its stderr in a log, embedded for six minutes without a word."""
    from api.progress import Bar, LogLines, progress_bar

    with progress_bar("doc") as bar:  # pytest's stderr is no terminal: lines, not a bar, and none this soon
        bar.set_total(3)
        bar.advance(1)
        bar.embedding(10, 20)
    assert capsys.readouterr().err == ""
    lines = LogLines("doc", every=0)
    bar = Bar(lines)
    bar.set_total(3)
    bar.advance(1)
    bar.embedding(1200, 2618)
    written = capsys.readouterr().err.splitlines()
    assert written[-1].startswith("progress: 1/3 docs, embedding 1,200/2,618 sentences (0m")
    assert all(line.startswith("progress: ") for line in written) and "\r" not in "".join(written)
    with progress_bar("doc", quiet=True) as quiet:  # --json: nothing
        quiet.advance(1)
    assert capsys.readouterr().err == ""


def test_waiting_for_the_model_thread_ignores_a_second_ctrl_c() -> None:
    import signal

    from index.embedding import _unbroken

    during: list[object] = []
    before = signal.getsignal(signal.SIGINT)
    _unbroken(lambda: during.append(signal.getsignal(signal.SIGINT)))
    assert during == [signal.SIG_IGN] and signal.getsignal(signal.SIGINT) is before


def test_token_sums_pool_like_one_text(float32: Embedder) -> None:
    parts = ["The council approved the budget.", "Library funding was cut by a tenth."]
    sums = float32.token_sums(parts)
    assert np.allclose(normalise(sums), float32.embed(parts), atol=1e-6)
    pooled = normalise(sums.sum(axis=0, keepdims=True))[0]
    whole = float32.embed([" ".join(parts)])[0]
    assert float(pooled @ whole) > 0.9  # the same meaning, embedded in two pieces rather than one


def test_auto_takes_bfloat16_only_when_it_times_clearly_faster() -> None:
    from index.precision import faster_in_bfloat16

    def timed(seconds: dict[bool, float]) -> bool:
        now = [0.0]
        return faster_in_bfloat16(lambda flag: now.__setitem__(0, now[0] + seconds[flag]), clock=lambda: now[0])

    assert timed({True: 1.0, False: 1.5})  # an AMD EPYC's AVX512-BF16: bfloat16 faster
    assert not timed({True: 1.5, False: 1.0})  # an Intel Xeon's without AMX: slower
    assert not timed({True: 0.95, False: 1.0})  # within noise: float32, the exact one


def test_auto_precision_is_one_of_the_two_and_embeds_like_float32(embedder: Embedder, float32: Embedder) -> None:
    from index.precision import native_bfloat16

    auto = embedder  # the session's model, loaded with the default precision (auto)
    if not native_bfloat16():
        assert not auto.bfloat16
    elif native_bfloat16() == "amx":
        assert auto.bfloat16
    cosines = np.sum(auto.embed(TEXTS[1:]) * float32.embed(TEXTS[1:]), axis=1)
    assert cosines.min() > 0.999


def test_precision_is_validated() -> None:
    with pytest.raises(ValueError, match="precision"):
        Embedder(precision="float8")
    with pytest.raises(ValidationError):
        Settings(embed_precision="float8")  # type: ignore[arg-type]


def test_stored_chunk_vectors_pool_their_sentences(seeded: Service) -> None:
    doc = seeded.documents()[0]
    [chunk] = seeded.lexicon.units("chunks", [f"{doc.id}-{doc.version}-c1"]).values()
    members = seeded.lexicon.sentences_of_chunks([(chunk.doc_id, chunk.chunk)])
    assert len(members) > 1 and chunk.text.startswith(members[0].text) and chunk.text.endswith(members[-1].text)
    stored = seeded.store.chunk_vectors([chunk.id])[chunk.id]
    expected = normalise(seeded.embedder.token_sums([u.text for u in members]).sum(axis=0, keepdims=True))[0]
    assert float(stored @ expected) > 0.9999
    # sentence vectors are kept as float16 with their chunk: still the sentence's own vector
    sentence_vectors = seeded.lexicon.sentence_vectors([u.id for u in members])
    alone = seeded.embedder.embed([members[0].text])[0]
    assert float(sentence_vectors[members[0].id] @ alone) > 0.999


def test_a_model_that_does_not_mean_pool_is_refused(tmp_path: Path) -> None:
    from index.embedding import packaged_model_path

    folder = tmp_path / "cls-model"
    shutil.copytree(packaged_model_path(), folder)
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_cls_token=True, pooling_mode_mean_tokens=False)
    pooling.write_text(json.dumps(config))
    with pytest.raises(ModelUnavailable, match="mean-pooled BERT-type"):
        Embedder(str(folder))
