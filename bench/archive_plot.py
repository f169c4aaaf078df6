"""The archive benchmark's figures against archive size: one small panel each, one colour per backend."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

# title, unit, [(row key, line style, label)]
PANELS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("ingest", "articles/s", [("articles_per_second", "-", "")]),
    ("indexer peak RSS", "MB", [("indexer_peak_rss_mb", "-", "")]),
    ("data on disk", "MB", [("disk_mb", "-", "")]),
    ("`qa serve` to ready", "s", [("ready_seconds", "-", "")]),
    ("ready to first answer", "ms", [("first_answer_ms", "-", "")]),
    ("API process RSS", "MB", [("api_rss_mb", "-", "after load"), ("api_peak_rss_mb", "--", "peak")]),
    ("/api/ask, concurrency 1", "ms", [("ask_c1_p50_ms", "-", "p50"), ("ask_c1_p95_ms", "--", "p95")]),
    ("/api/ask, concurrency 8", "ms", [("ask_c8_p50_ms", "-", "p50"), ("ask_c8_p95_ms", "--", "p95")]),
    ("/api/search, concurrency 1", "ms", [("search_c1_p50_ms", "-", "p50"), ("search_c1_p95_ms", "--", "p95")]),
    ("/api/search, concurrency 8", "ms", [("search_c8_p50_ms", "-", "p50"), ("search_c8_p95_ms", "--", "p95")]),
    ("freshness delay", "s", [("freshness_seconds", "-", "")]),
    ("answer quality", "share of questions", [("right", "-", "right"), ("cited", "--", "cited")]),
]
COLOURS = {"embedded": "tab:blue", "server": "tab:orange"}


def plot(rows: Sequence[dict[str, Any]], path: Path, caption: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    sizes = sorted({int(r["articles"]) for r in rows})
    fig, axes = plt.subplots(3, 4, figsize=(16, 10))
    for ax, (title, unit, series) in zip(axes.flat, PANELS):
        for backend, colour in COLOURS.items():
            mine = sorted((r for r in rows if r["backend"] == backend), key=lambda r: int(r["articles"]))
            for key, style, label in series:
                points = [(r["articles"], r[key]) for r in mine if r.get(key) is not None]
                if points:
                    xs, ys = zip(*points)
                    ax.plot(xs, ys, style, marker="o", color=colour, label=f"{backend} {label}".strip())
        ax.set_xscale("log")
        ax.set_xticks(sizes, [str(n) for n in sizes])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_ylim(0, 1 if unit == "share of questions" else None)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(unit, fontsize=8)
        ax.set_xlabel("articles", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(True, which="both", alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=7)
    fig.suptitle(caption, fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
