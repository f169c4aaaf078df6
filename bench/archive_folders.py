"""Where the archive benchmark keeps a row's index and article files, and its `qa index` runs on them.

With ``--keep`` each row's index lives in ``KEEP/<size>-<backend>`` and each
size's article files in ``KEEP/<size>-articles``; with ``--resume`` a row an
earlier run left unfinished (the largest size takes longer than one sitting)
is continued: `qa index` runs again on the same files, skipping the articles
already stored, and every run's time and peak are kept in the row's folder.
"""

from __future__ import annotations

import json
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.archive_http import Json
from bench.archive_procs import run_indexer

PARTS = "ingest-parts.json"  # in a kept row's folder: each `qa index` run on it, rewritten while it runs


def index_folder(stack: ExitStack, keep: Path | None, name: str, resume: bool = False) -> tuple[str, list[Json]]:
    """Where one row's index lives: ``keep/name`` (created empty), else a temporary folder removed with ``stack``;
    and the `qa index` runs already made on it (only with ``resume``, for a folder an earlier run left)."""
    if keep is None:
        return stack.enter_context(tempfile.TemporaryDirectory(prefix=f"qa-archive-{name}-")), []
    folder = keep / name
    if folder.exists():
        if resume and (folder / PARTS).is_file():
            return str(folder), json.loads((folder / PARTS).read_text())
        raise SystemExit(f"{folder} exists: --keep needs a new folder for every row"
                         + ("" if resume else " (--resume continues one an earlier run left unfinished)"))
    folder.mkdir(parents=True)
    return str(folder), []


def articles_folder(stack: ExitStack, keep: Path | None, label: str, resume: bool) -> Path:
    """Where one size's article files are written: ``keep/<label>-articles`` (so that a resumed row's
    ``qa index`` finds the same files, and skips those stored), else a temporary folder."""
    if keep is None:
        return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qa-archive-articles-"))) / "articles"
    folder = keep / f"{label}-articles"
    if folder.exists() and not resume:
        raise SystemExit(f"{folder} exists: --keep needs new folders (--resume continues an earlier run)")
    return folder


def ingest(tmp: Path, folder: Path, settings: dict[str, str], desc: str, parts: list[Json]) -> Json:
    """`qa index` of ``folder`` into the row's index, unless an earlier run finished it; the parts (runs) so far
    are rewritten to ``tmp/PARTS`` every few seconds, so a stopped run leaves its time and peak."""
    if parts and parts[-1]["finished"]:
        return parts[-1]["report"]
    record = tmp / PARTS

    def save(seconds: float, peak: float, **finished: object) -> None:
        part = {"seconds": seconds, "peak_rss_mb": peak, "finished": False, **finished}
        written = record.with_suffix(".tmp")
        written.write_text(json.dumps([*parts, part], indent=1) + "\n")
        written.replace(record)  # whole or not at all, whenever the run is stopped

    save(0.0, 0.0)
    indexed = run_indexer(folder, settings, desc, on_poll=save)
    report = {k: indexed.report.get(k) for k in ("chunks", "failed", "seconds")} if indexed.report else {}
    save(indexed.seconds, indexed.peak_rss_mb, finished=not indexed.error, returncode=indexed.returncode,
         error=indexed.error, report=report)
    return report


def ingest_figures(parts: list[Json]) -> Json:
    """A row's ingest over its `qa index` runs: total seconds, number of runs, the highest peak."""
    return {"ingest_seconds": sum(p["seconds"] for p in parts), "ingest_runs": len(parts),
            "indexer_peak_rss_mb": max(p["peak_rss_mb"] for p in parts)}
