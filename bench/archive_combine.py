"""One table and one plot from the rows of several `bench.archive` runs (sizes measured on different days).

    python -m bench.archive_combine --out docs/bench-archive-latest.json --plot docs/bench-archive-latest.png \
        docs/bench-archive-872c8d7.json docs/bench-archive-af35d7f.json docs/bench-archive-all-d5b84c5.json

A later file's row replaces an earlier file's row of the same size and backend. Each row keeps the file it came
from (``source``) and that run's machine, so the README can say which code and run each point is; the numbers
are the runs' own, nothing is recomputed. ``--only SIZE-BACKEND,...`` keeps some rows only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.archive_plot import plot

Json = dict[str, Any]


def combine(results: Sequence[tuple[str, Json]], only: set[str] | None = None) -> Json:
    """The rows of ``results`` (name, a `bench.archive` output), the last of each size and backend, by size."""
    rows: dict[tuple[str, str], Json] = {}
    for name, result in results:
        for row in result["rows"]:
            key = (str(row["size"]), row["backend"])
            if only is None or f"{key[0]}-{key[1]}" in only:
                rows[key] = {**row, "source": name, "machine": result["machine"]}
    ordered = sorted(rows.values(), key=lambda r: (int(r["articles"]), r["backend"]))
    return {"combined_from": [name for name, _ in results], "rows": ordered}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.archive_combine", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="bench.archive outputs, earlier first")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--plot", type=Path, required=True)
    parser.add_argument("--only", default=None, help="rows to keep, as SIZE-BACKEND (1000-embedded,all-embedded)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from bench.archive import COLUMNS, table_row

    args = _parser().parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    combined = combine([(f.name, json.loads(f.read_text())) for f in args.files], only)
    if not combined["rows"]:
        print("no rows in those files", file=sys.stderr)
        return 1
    args.out.write_text(json.dumps(combined, indent=2) + "\n")
    plot(combined["rows"], args.plot, "bench-archive: the latest row of each size and backend, from "
         + ", ".join(sorted({r["source"] for r in combined["rows"]})))
    columns = [*COLUMNS, "run"]
    print("| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for row in combined["rows"]:
        print(table_row(row), row["source"], "|")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
