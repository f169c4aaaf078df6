"""What ``qa.duplicates.same_story`` merges in a real archive, and what Jaccard alone would.

Every pair of distinct texts among the RealTime QA articles (all years, at least 30 words) that share enough
shingles to be candidates (a sixteenth of their shingles sampled by hash, at least 3 in common) is compared:
prints how many pairs Jaccard >= ``JACCARD`` merges, how many more the short-article rule merges (each such
pair printed as a line diff, to be read: a false merge is a distinct article; the JSON keeps no article text), and the share of copies
(``bench.duplicates.copy_of``: another headline and a credit line) of articles under 200 words found by each.

    python -m bench.duplicate_pairs --out docs/bench-duplicate-pairs.json
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from bench.archive_data import DEFAULT_DIR, load_archive
from bench.duplicates import copy_of
from qa.duplicates import JACCARD, same_story, shingles

SAMPLE = 16  # one shingle in SAMPLE (by a stable hash) indexes candidate pairs
COMMON = 3  # sampled shingles in common that make a pair a candidate
CROWDED = 50  # a sampled shingle in more articles than this is boilerplate, not evidence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.duplicate_pairs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--copies", type=int, default=300, help="short articles copied")
    parser.add_argument("--out", type=Path, default=Path("docs/bench-duplicate-pairs.json"))
    args = parser.parse_args(argv)
    texts = sorted({f"{a.title}\n{a.text}".strip() for a in load_archive(args.data).articles.values()
                    if len(a.text.split()) >= 30})
    sets = [shingles(t) for t in texts]
    index: dict[int, list[int]] = defaultdict(list)
    for k, shingle_set in enumerate(sets):
        for shingle in shingle_set:
            key = zlib.crc32(" ".join(shingle).encode())
            if key % SAMPLE == 0:
                index[key].append(k)
    common: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        if len(holders) <= CROWDED:
            common.update((a, b) for i, a in enumerate(holders) for b in holders[i + 1:])
    by_jaccard = by_rule = 0
    shown = []
    for (a, b), count in common.items():
        if count < COMMON:
            continue
        shared = len(sets[a] & sets[b])
        jaccard = shared / len(sets[a] | sets[b])
        by_jaccard += jaccard >= JACCARD
        if jaccard < JACCARD and same_story(sets[a], sets[b]):
            by_rule += 1
            diff = [line[:160] for line in difflib.unified_diff(texts[a].splitlines(), texts[b].splitlines(),
                                                                 lineterm="", n=0)][2:]
            print(f"merged only by the short rule: Jaccard {jaccard:.3f}, {shared} shingles shared", *diff, sep="\n  ")
            shown.append({"jaccard": round(jaccard, 3), "shared": shared, "lines_differing": len(diff)})
    rng = random.Random(3)
    short = [k for k, t in enumerate(texts) if len(t.split()) < 200]
    sample = rng.sample(short, min(args.copies, len(short)))
    copies = [(sets[k], shingles(copy_of(texts[k], 0))) for k in sample]
    result = {
        "articles": len(texts), "candidate_pairs": sum(1 for c in common.values() if c >= COMMON),
        "pairs_merged_by_jaccard": by_jaccard, "pairs_merged_only_by_short_rule": by_rule,
        "short_copies": len(sample),
        "short_copies_found_by_jaccard": sum(1 for a, b in copies if len(a & b) / len(a | b) >= JACCARD),
        "short_copies_found": sum(1 for a, b in copies if same_story(a, b)),
        "merged_only_by_short_rule": shown,
    }
    print(json.dumps(result, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
