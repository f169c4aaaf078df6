"""The running server, measured from outside: `qa serve` to ready, /api/ask latency, peak memory; and a real
`chroma run` for the benchmarks and the tests.

`qa serve` runs as a real subprocess on 127.0.0.1 over the index the
benchmark built; its peak resident memory is the kernel's high-water mark
(VmHWM) for that process.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx


@dataclass(frozen=True)
class ServerResult:
    ready_seconds: float
    ask_ms: dict[int, list[float]]  # concurrency -> latencies
    errors: int
    peak_rss_mb: float

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"serve_to_ready_seconds": self.ready_seconds, "errors": self.errors,
                                  "server_peak_rss_mb": self.peak_rss_mb}
        for concurrency, values in self.ask_ms.items():
            out[f"ask_c{concurrency}_p50_ms"] = _quantile(values, 50)
            out[f"ask_c{concurrency}_p95_ms"] = _quantile(values, 95)
        return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _quantile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def run_qa_server(settings: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    """`qa serve` as a subprocess on a free port of 127.0.0.1 with ``settings`` (QA_* variables).

    Yields its base URL, the process, and the seconds it took to be ready.
    """
    port = free_port()
    env = {**os.environ, **settings, "HF_HUB_OFFLINE": "1"}
    qa = Path(sys.executable).with_name("qa")
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([str(qa), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                ready = wait_ready(client, process, started, log)
            yield base, process, ready
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes], grace: float = 30) -> None:
    """SIGTERM, then SIGKILL if the process is still there after ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def measure_server(data_dir: Path, collection: str, questions: list[str], concurrencies: tuple[int, ...] = (1, 8),
                   warmup: int = 5, precision: str = "auto") -> ServerResult:
    settings = {"QA_DATA_DIR": str(data_dir), "QA_COLLECTION": collection, "QA_EMBED_PRECISION": precision}
    with run_qa_server(settings) as (base, process, ready):
        with httpx.Client(base_url=base, timeout=60) as client:
            for question in questions[:warmup]:
                client.post("/api/ask", json={"question": question})
            latencies: dict[int, list[float]] = {}
            errors = 0
            for concurrency in concurrencies:
                latencies[concurrency], failed = _ask_all(client, questions, concurrency)
                errors += failed
        return ServerResult(ready, latencies, errors, _peak_rss_mb(process.pid))


def wait_ready(client: httpx.Client, process: subprocess.Popen[bytes], started: float, log: IO[bytes]) -> float:
    """Seconds from ``started`` until `qa serve` answers /readyz; its stderr (``log``) tail if it exits first."""
    while time.perf_counter() - started < 300:
        if process.poll() is not None:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"`qa serve` exited with {process.returncode} before it was ready:\n{tail}")
        try:
            if client.get("/readyz").status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError("`qa serve` was not ready within 300 s")


def _ask_all(client: httpx.Client, questions: list[str], concurrency: int) -> tuple[list[float], int]:
    def one(question: str) -> tuple[float, bool]:
        started = time.perf_counter()
        response = client.post("/api/ask", json={"question": question})
        return (time.perf_counter() - started) * 1000, response.status_code == 200

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, questions))
    return [ms for ms, _ in results], sum(1 for _, ok in results if not ok)


@contextmanager
def run_chroma_server(path: Path) -> Iterator[str]:
    """`chroma run --path PATH` on a free port of 127.0.0.1 until the block ends; yields its URL."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"`chroma run` exited with {process.returncode}")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"`chroma run` did not answer on {url} within 60 s")
            time.sleep(0.1)
        yield url
    finally:
        stop(process, grace=15)
