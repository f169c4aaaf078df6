"""The vector search among a few documents: the service's path (``Store.nearest_chunks`` with a scope naming
documents) beside Chroma's own filtered search (``$in`` on the document id), in one process, on a year's
cached index (`make bench-news` builds it; ``--work`` as in ``bench/ask_stages.py``).

    python bench/filtered_search.py --index .bench-cache/news-2024-KEY/data --work /tmp/ab-new

For 3, 50, 200 and 500 documents drawn at random: the chunks they hold, the p50 time of each way over
five random query vectors, and how often their top 10 agree (Chroma's filtered search is approximate).
Then a date before nearly every article (``--early``): the documents a question as of it may use, the
service's search among them beside the deeper unfiltered searches it replaced (how many of 30 each finds).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path


def _timed(search, vectors):  # type: ignore[no-untyped-def]
    times, found = [], []
    for vector in vectors:
        started = time.perf_counter()
        found.append(search(vector))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True, help="a year's index folder (…/data)")
    parser.add_argument("--work", type=Path, required=True, help="this version's data folder (see ask_stages)")
    parser.add_argument("--early", default="2012-01-01", help="a day before nearly every article")
    args = parser.parse_args(argv)
    os.environ["HF_HUB_OFFLINE"] = "1"
    import numpy as np

    from index.scope import Scope
    from index.nearest import LARGE_FILTER
    from qa.service import Service
    from qa.settings import Settings

    args.work.mkdir(parents=True, exist_ok=True)
    if not (args.work / "chroma").exists():
        (args.work / "chroma").symlink_to((args.index / "chroma").resolve())
    service = Service.open(Settings(data_dir=args.work, collection="news"), embedder=object())  # type: ignore[arg-type]
    service.follower.catch_up()
    store, lexicon = service.store, service.lexicon
    rng = np.random.default_rng(1)
    vectors = [v / np.linalg.norm(v) for v in rng.normal(size=(5, 384)).astype(np.float32)]
    documents = [d.id for d in lexicon.list_documents()]
    random.seed(2)
    for size in (3, 50, 200, 500):
        chosen = random.sample(documents, size)
        chunks = sum(r.chunks for r in store.records(chosen).values())
        ours, a = _timed(lambda v: store.nearest_chunks(v, 30, Scope.of(chosen), lexicon), vectors)
        chroma, b = _timed(lambda v: store.search.chroma_nearest(v, 30, {"doc_id": {"$in": sorted(chosen)}}), vectors)
        agree = sum([i for i, _ in x][:10] == [i for i, _ in y][:10] for x, y in zip(a, b))
        print(f"{size} documents ({chunks} chunks): service {ours:.1f} ms, Chroma $in {chroma:.1f} ms, "
              f"same top 10 in {agree} of {len(vectors)}")
    usable = lexicon.documents_until(args.early, LARGE_FILTER)
    if usable is None:
        print(f"as of {args.early}: more than {LARGE_FILTER} documents may be used; pick an earlier --early")
    else:
        ours, a = _timed(lambda v: store.nearest_chunks(v, 30, Scope.of(usable, until=args.early), lexicon), vectors)
        deeper, b = _timed(lambda v: store.nearest_chunks(v, 30, Scope.of(None, until=args.early), lexicon), vectors)
        print(f"as of {args.early} ({len(usable)} documents): service {ours:.1f} ms, found {[len(x) for x in a]}; "
              f"deeper unfiltered searches {deeper:.1f} ms, found {[len(x) for x in b]}")
    service.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
