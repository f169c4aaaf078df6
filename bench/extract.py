"""`make bench-extract`: the service's HTML extractor (``index.html``) scored on real article pages, beside
trafilatura's defaults on the same pages in the same run.

The pages are the article-extraction benchmark's development half (``../shared/bench/article-extraction/``:
``html/ID.html.gz`` and ``ground-truth.json``), scored with its README's metric: ``\\w+`` tokens, shingles of
4 tokens counted with multiplicity; per page tp/fp/fn divided by their sum; precision and recall the means
over pages of tp/(tp+fp) and tp/(tp+fn) (1 for a page where both are empty); F1 of those two means.

    python -m bench.extract --data ../shared/bench/article-extraction --out docs/bench-extract.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from tqdm import tqdm

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "bench" / "article-extraction"
_TOKEN = re.compile(r"\w+")
Json = dict[str, object]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_scores(extracted: str, truth: str) -> tuple[float, float]:
    """(precision, recall) of one page, as the benchmark computes them."""
    got, want = shingles(extracted), shingles(truth)
    tp = sum((got & want).values())
    fp = sum(got.values()) - tp
    fn = sum(want.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 1.0 if fn == 0 else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0 if fp == 0 else 0.0
    return precision, recall


def score(extractor: Callable[[str, str], str], pages: Sequence[tuple[str, str, str, str]], name: str) -> Json:
    """F1, precision and recall of ``extractor(html, url)`` over ``pages`` (id, html, url, truth), and its time."""
    precisions, recalls = [], []
    started = time.perf_counter()
    for _, html, url, truth in tqdm(pages, desc=name, disable=None, leave=False, file=sys.stderr):
        p, r = page_scores(extractor(html, url), truth)
        precisions.append(p)
        recalls.append(r)
    precision, recall = sum(precisions) / len(pages), sum(recalls) / len(pages)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4),
            "seconds": round(time.perf_counter() - started, 2)}


def load_pages(data: Path) -> list[tuple[str, str, str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text())
    pages = []
    for page_id, item in sorted(truth.items()):
        path = data / "html" / f"{page_id}.html.gz"
        if path.is_file():
            pages.append((page_id, gzip.decompress(path.read_bytes()).decode("utf-8"), str(item.get("url") or ""),
                          str(item["articleBody"])))
    if not pages:
        raise SystemExit(f"no pages in {data}/html matching {data}/ground-truth.json")
    return pages


def ours(html: str, url: str) -> str:
    from index.errors import InvalidDocument
    from index.html import parse_html

    try:
        return parse_html(html, url or None)[0]
    except InvalidDocument:
        return ""


def trafilatura_defaults(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url or None) or ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extract", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--out", type=Path, default=Path("docs/bench-extract.json"))
    args = parser.parse_args(argv)
    pages = load_pages(args.data)
    ours("<html><body><p>warm up</p></body></html>", "")  # imports, outside the timing
    trafilatura_defaults("<html><body><p>warm up</p></body></html>", "")
    results: Json = {"pages": len(pages), "ours (index.html)": score(ours, pages, "ours"),
                     "trafilatura defaults": score(trafilatura_defaults, pages, "trafilatura")}
    for name in ("ours (index.html)", "trafilatura defaults"):
        r = results[name]
        assert isinstance(r, dict)
        print(f"{name:22} F1 {r['f1']:.3f}  precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
              f"{r['seconds']:.1f} s for {len(pages)} pages")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
