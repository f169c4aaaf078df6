"""The float precision the model runs in on this CPU: bfloat16 where this machine multiplies it faster, else
float32. CPUs of one family differ (AMX tiles are much faster in bfloat16; AVX512-BF16 alone is faster or
slower by CPU), so ``auto`` asks the CPU and, short of AMX, times a model pass each way (``Embedder``)."""

from __future__ import annotations

import time
from collections.abc import Callable


PRECISIONS = ("auto", "float32", "bfloat16")


def native_bfloat16() -> str:
    """How this CPU multiplies bfloat16 matrices: "amx" (tiles: much faster than float32), "avx512" (AVX512-BF16
    instructions: faster or slower than float32 by CPU) or "" (not natively)."""
    import torch

    def has(name: str) -> bool:
        return bool(getattr(torch.cpu, name, lambda: False)())

    return "amx" if has("_is_amx_tile_supported") else "avx512" if has("_is_avx512_bf16_supported") else ""


CALIBRATION_TOKENS = 256  # a full model row, timed each way when ``auto`` has to measure
CALIBRATION_REPEATS = 3
CALIBRATION_MARGIN = 0.9  # bfloat16 only when it takes at most this share of float32's time


def best_times(run: Callable[[bool], None], repeats: int = CALIBRATION_REPEATS,
               clock: Callable[[], float] = time.perf_counter) -> dict[bool, float]:
    """The best of ``repeats`` alternating timings of ``run(bfloat16)`` each way (True: bfloat16), in the
    ``clock``'s unit, after one untimed run each."""
    best = {True: float("inf"), False: float("inf")}
    for flag in (True, False):
        run(flag)
    for _ in range(repeats):
        for flag in (True, False):
            started = clock()
            run(flag)
            best[flag] = min(best[flag], clock() - started)
    return best


def faster_in_bfloat16(run: Callable[[bool], None], repeats: int = CALIBRATION_REPEATS,
                       clock: Callable[[], float] = time.perf_counter) -> bool:
    """Whether ``run(bfloat16)`` (one model pass) is clearly faster in bfloat16 (``best_times``)."""
    best = best_times(run, repeats, clock)
    return best[True] <= CALIBRATION_MARGIN * best[False]
