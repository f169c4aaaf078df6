"""How often a killed writer leaves embedded Chroma (chromadb 1.5.9) unable to read a collection again.

    python -m bench.chroma_kill --trials 40 [--sync 100] [--out F]

Each trial: a process upserts batches of 20 random 384-dimension vectors into a
new collection (``sync_threshold`` as this service sets it), and is sent SIGKILL
0.3-2.5 s after it starts writing; a new process then opens the database and
counts, reads and queries the collection. Prints how many trials read back and
the errors of the others (README, *Crash safety* under *Running at larger scale*). Nothing of this service runs:
this is Chroma's own behaviour.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

WRITER = r'''
import sys, numpy as np, chromadb
client = chromadb.PersistentClient(path=sys.argv[1])
collection = client.get_or_create_collection(
    "killed", embedding_function=None, configuration={"hnsw": {"space": "cosine", "sync_threshold": int(sys.argv[2])}})
rng = np.random.default_rng()
print("writing", flush=True)
i = 0
while True:
    collection.upsert(ids=[f"r{i}-{k}" for k in range(20)], embeddings=rng.random((20, 384)).tolist(),
                      metadatas=[{"doc_id": f"d{i}"}] * 20)
    i += 1
'''
READER = r'''
import sys, chromadb
collection = chromadb.PersistentClient(path=sys.argv[1]).get_collection("killed")
collection.count()
collection.get(limit=5, include=["embeddings"])
collection.query(query_embeddings=[[0.5] * 384], n_results=3)
'''


def trial(folder: Path, sync: int) -> str:
    """"ok", or the reader's last line of error."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(sync)], stdout=subprocess.PIPE)
    assert writer.stdout is not None
    writer.stdout.readline()
    time.sleep(random.uniform(0.3, 2.5))
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    reader = subprocess.run([sys.executable, "-c", READER, str(folder)], capture_output=True, text=True)
    return "ok" if reader.returncode == 0 else (reader.stderr.strip().splitlines() or ["(no message)"])[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chroma_kill", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--sync", type=int, default=100, help="the collection's hnsw sync_threshold")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as work:
        for n in range(args.trials):
            folder = Path(work) / f"db{n}"
            outcome = trial(folder, args.sync)
            outcomes[outcome] += 1
            print(f"{n + 1}/{args.trials}: {outcome}", flush=True)
            shutil.rmtree(folder, ignore_errors=True)
    result = {"trials": args.trials, "sync_threshold": args.sync, "read_back": outcomes["ok"],
              "failed": {k: v for k, v in outcomes.items() if k != "ok"}}
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
