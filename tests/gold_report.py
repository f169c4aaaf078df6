"""Print the gold-set figures quoted in the README: `make gold`.

Indexes the seeds into a temporary embedded Chroma with the real model and
runs every gold question through Service.ask, as tests/test_gold.py does.
`python -m tests.gold_report --min-support S` answers with another support
threshold (Settings.min_support).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from index.embedding import load_embedder
from tests.conftest import SEEDS, make_service
from tests.test_chat import CONVERSATIONS, _converse
from tests.test_gold import GOLD, _right, cites_fact, later_figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.gold_report", description=__doc__)
    parser.add_argument("--min-support", type=float, help="the support threshold (default: Settings.min_support)")
    args = parser.parse_args(argv)
    options = {} if args.min_support is None else {"min_support": args.min_support}
    with tempfile.TemporaryDirectory() as tmp:
        service = make_service(Path(tmp), load_embedder(None), **options)
        service.index([SEEDS])
        right = [item["question"] for item in GOLD["answerable"] if _right(service, item)]
        refused = [item["question"] for item in GOLD["unanswerable"] if not service.ask(item["question"]).supported]
        n_a, n_u = len(GOLD["answerable"]), len(GOLD["unanswerable"])
        print(f"answerable:   {len(right)}/{n_a} = {len(right) / n_a:.2f} right fact cited from the right article")
        print(f"unanswerable: {len(refused)}/{n_u} = {len(refused) / n_u:.2f} refused")
        conversed = []
        for item in CONVERSATIONS:
            standalone, answer = _converse(service, item["turns"])
            if cites_fact(service, answer, item):
                conversed.append(standalone)
            else:
                print(f"  follow-up wrong: {' / '.join(item['turns'])} -> {standalone}")
        n_c = len(CONVERSATIONS)
        print(f"conversations: {len(conversed)}/{n_c} = {len(conversed) / n_c:.2f} follow-up answered from the right article")
        for item in GOLD["answerable"]:
            if item["question"] not in right:
                print(f"  wrong:    {item['question']}")
        for item in GOLD["unanswerable"]:
            if item["question"] not in refused:
                print(f"  answered: {item['question']}")
        print("later questions (tests/gold/later.json, written after the scoring was tuned):")
        for name in ("set_a", "set_b", "set_c"):
            l_right, l_wrong, l_refused, l_answered = later_figures(service, (name,))
            n_a, n_u = len(l_right) + len(l_wrong), len(l_refused) + len(l_answered)
            print(f"  {name}: answerable {len(l_right)}/{n_a} = {len(l_right) / n_a:.2f} right, "
                  f"unanswerable {len(l_refused)}/{n_u} = {len(l_refused) / n_u:.2f} refused")
            for question in l_wrong:
                print(f"    wrong:    {question}")
            for question in l_answered:
                print(f"    answered: {question}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
