"""float32 against bfloat16 for the embedding model on this machine: what ``QA_EMBED_PRECISION=auto`` decides.

    python -m bench.precision

Times ``Embedder.embed`` in each precision, alternating, on one question and
on groups of 2 to 64 sentences of the seed articles, with 1 and 2 torch
threads (``qa serve`` uses one a request, ``qa index`` all), best of
``--repeats`` runs; prints the milliseconds and what ``auto`` chose here.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
QUESTION = "Which city hosted the debate between the two candidates this week?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.precision", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from index.embedding import Embedder
    from index.precision import best_times, native_bfloat16

    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()) if p.is_file())
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 40]
    auto = Embedder()
    print(f"CPU bfloat16: {native_bfloat16() or 'none'}; auto chose {'bfloat16' if auto.bfloat16 else 'float32'}")
    print("| threads | texts | tokens | bfloat16 ms | float32 ms | bfloat16/float32 |")
    print("|---|---|---|---|---|---|")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for n in (1, 2, 8, 64):
            texts = [QUESTION] if n == 1 else (sentences * (1 + n // max(1, len(sentences))))[:n]
            def run(bfloat16: bool, texts: list[str] = texts) -> None:
                auto.bfloat16 = bfloat16
                auto.embed(texts)

            best = {flag: seconds * 1000 for flag, seconds in best_times(run, args.repeats).items()}
            tokens = sum(auto.count_tokens(texts))
            print(f"| {threads} | {n} | {tokens} | {best[True]:.1f} | {best[False]:.1f} | "
                  f"{best[True] / best[False]:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
