"""The C heap: with ``return_freed_blocks`` freed large blocks leave the process's resident memory; ``limit_arenas``
caps the arenas its threads get."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import index.heap

# A child process allocates blocks the way an ingest does: one large block freed (glibc then raises its mmap
# threshold to that size), then many 1 MB blocks each followed by a small block that stays (so the heap
# cannot shrink from its top), then frees the 1 MB blocks, and prints how much of them is still resident.
CHILD = r"""
import ctypes, importlib.util, sys
spec = importlib.util.spec_from_file_location("heap", sys.argv[2])  # alone: the index package's imports use the heap
heap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(heap)
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
if sys.argv[1] == "fixed":
    assert heap.return_freed_blocks()
def rss_mb():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) / 1024
big = libc.malloc(8 << 20); libc.memset(big, 1, 8 << 20); libc.free(big)
before = rss_mb()
blocks, keep = [], []
for _ in range(200):
    block = libc.malloc(1 << 20); libc.memset(block, 1, 1 << 20); blocks.append(block)
    keep.append(libc.malloc(32 << 10))  # larger than any free chunk left by start-up: taken from the top
for block in blocks:
    libc.free(block)
print(rss_mb() - before)
"""


def _kept_mb(mode: str) -> float:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(Path(index.heap.__file__))], capture_output=True,
                          text=True, check=True)
    return float(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_freed_large_blocks_stay_resident_by_default_and_leave_with_return_freed_blocks() -> None:
    assert _kept_mb("default") > 150  # the 200 MB freed are kept in the heap: what made the indexer grow
    assert _kept_mb("fixed") < 20


# A child process starts eight threads that each allocate while all are alive, then prints how many heap arenas
# glibc's malloc_info reports.
ARENAS_CHILD = r"""
import ctypes, importlib.util, os, sys, tempfile, threading
spec = importlib.util.spec_from_file_location("heap", sys.argv[2])
heap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(heap)
if sys.argv[1] != "default":
    assert heap.limit_arenas(int(sys.argv[1]))
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.fopen.restype = ctypes.c_void_p
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fclose.argtypes = [ctypes.c_void_p]
together = threading.Barrier(8)
def work():
    together.wait()
    libc.malloc(4096)
    together.wait()
threads = [threading.Thread(target=work) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
path = os.path.join(tempfile.mkdtemp(), "info.xml")
stream = libc.fopen(path.encode(), b"w")
libc.malloc_info(0, stream)
libc.fclose(stream)
print(open(path).read().count("<heap nr="))
"""


def _arenas(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", ARENAS_CHILD, mode, str(Path(index.heap.__file__))],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_limit_arenas_caps_the_heap_arenas_threads_get() -> None:
    assert _arenas("default") >= 8  # glibc gives each thread allocating at the same time an arena of its own
    assert _arenas("2") <= 2
