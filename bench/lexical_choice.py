"""Measure three persistent BM25 indexes for sentence-level retrieval over real news, to choose one.

Candidates: SQLite FTS5 (stdlib sqlite3, WAL, on disk; also a variant that drops query terms found in
over 5% of sentences when a rarer one remains), tantivy (on disk), bm25s (saved, loaded with mmap=True).
All index the same terms: the first N articles split by ``index.sentences.split_sentences`` and tokenized
by ``qa.lexical.tokenize``, joined by spaces, split on whitespace only. Per candidate: sentences, build
time, add of 100 further articles and delete of 100 articles one at a time, each committed and visible
(bm25s cannot update: its full-rebuild time instead), disk size, warm single-thread top-60 latency p50/p95
over 200 questions, peak RSS growth (VmHWM) of a subprocess that opens the index and runs the queries,
and mean overlap@60 with exact Okapi BM25 (k1=1.2, b=0.75, idf=log(1+(N-df+0.5)/(df+0.5)); ties count).

Needs bm25s, which is not a project dependency (tantivy is):
    .venv/bin/pip install bm25s==0.3.16
then: .venv/bin/python -m bench.lexical_choice --articles 5000 --out lexical.json
"""

from __future__ import annotations

import argparse, gzip, itertools, json, math, shutil, sqlite3, statistics, subprocess, sys, tempfile, time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

DATA = Path("/work/shared/bench/realtimeqa")
K, EXTRA, RARE = 60, 100, 0.05
Doc = tuple[int, list[str]]  # (sentence id, its terms); sentence ids are consecutive within an article
Article = list[Doc]
Search = Callable[[list[str]], list[int]]  # query terms -> top-K sentence ids
Updater = tuple[Callable[[Article], None], Callable[[Article], None], Callable[[], None]]  # add, delete, close
FTS_TOKENIZER = "tokenize=\"ascii tokenchars '''-_'\""  # whitespace-only: terms are [\w'-]+


def load(n: int, n_questions: int) -> tuple[list[Article], list[list[str]]]:
    from index.sentences import split_sentences
    try:  # the tokenizer qa.lexical re-exports, without importing the whole qa service (qa/__init__.py)
        from index.terms import tokenize
    except ImportError:
        from qa.lexical import tokenize
    articles: list[Article] = []
    next_id = 0
    with gzip.open(DATA / "articles-2024.jsonl.gz", "rt") as f:
        for line in f:
            text = json.loads(line)["text"]
            terms = [tokenize(text[s.start : s.end]) for s in split_sentences(text)]
            if terms := [t for t in terms if t]:  # a sentence of stop words only can never match
                articles.append([(next_id + i, t) for i, t in enumerate(terms)])
                next_id += len(terms)
            if len(articles) == n:
                break
    with open(DATA / "questions-2024.jsonl") as f:
        questions = [json.loads(line)["question"] for line in itertools.islice(f, n_questions)]
    return articles, [sorted(set(tokenize(q))) for q in questions]


def reference(docs: list[Doc], queries: list[list[str]]) -> list[tuple[set[int], int]]:
    """Per query: the ids scoring at least the exact 60th-best BM25 score, and how many of 60 can match."""
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths = {sid: len(terms) for sid, terms in docs}
    for sid, terms in docs:
        for term in set(terms):
            postings[term].append((sid, terms.count(term)))
    n, avg = len(docs), sum(lengths.values()) / len(docs)
    out = []
    for query in queries:
        scores: dict[int, float] = defaultdict(float)
        for term in query:
            plist = postings.get(term, [])
            idf = math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
            for sid, tf in plist:
                scores[sid] += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * lengths[sid] / avg))
        ranked = sorted(scores.values(), reverse=True)
        cut = ranked[min(K, len(ranked)) - 1] * (1 - 1e-5) if ranked else 0.0
        out.append(({s for s, v in scores.items() if v >= cut}, min(K, len(ranked))))
    return out


# Each candidate: build(dir, ...) -> None, updater(dir) -> Updater, open(dir) -> Search.
def fts_build(path: Path, docs: list[Doc]) -> None:
    db = sqlite3.connect(path / "fts.db")
    db.executescript(f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE meta(n INTEGER);"
                     f"CREATE VIRTUAL TABLE s USING fts5(body, {FTS_TOKENIZER});"
                     "CREATE VIRTUAL TABLE v USING fts5vocab(s, 'row');")  # v: each term's document frequency
    with db:
        db.executemany("INSERT INTO s(rowid, body) VALUES (?, ?)", ((i, " ".join(t)) for i, t in docs))
        db.execute("INSERT INTO meta VALUES (?)", (len(docs),))
        db.execute("INSERT INTO s(s) VALUES ('optimize')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def fts_updater(path: Path) -> Updater:
    db = sqlite3.connect(path / "fts.db")
    db.execute("PRAGMA synchronous=NORMAL")
    def add(art: Article) -> None:
        with db:
            db.executemany("INSERT INTO s(rowid, body) VALUES (?, ?)", ((i, " ".join(t)) for i, t in art))
    def delete(art: Article) -> None:
        with db:
            db.execute("DELETE FROM s WHERE rowid BETWEEN ? AND ?", (art[0][0], art[-1][0]))
    return add, delete, db.close


def fts_open(path: Path, rare: bool = False) -> Search:
    db = sqlite3.connect(path / "fts.db")
    limit = RARE * db.execute("SELECT n FROM meta").fetchone()[0]
    def search(query: list[str]) -> list[int]:
        if not query:
            return []
        if rare and len(query) > 1:
            marks = ",".join("?" * len(query))
            df = dict(db.execute(f"SELECT term, doc FROM v WHERE term IN ({marks})", query).fetchall())
            kept = [t for t in query if df.get(t, 0) <= limit]
            query = kept if any(t in df for t in kept) else query
        match = " OR ".join(f'"{t}"' for t in query)
        return [r for (r,) in db.execute("SELECT rowid FROM s WHERE s MATCH ? ORDER BY bm25(s) LIMIT ?", (match, K))]
    return search


def tv_index(path: Path, create: bool = False) -> Any:
    import tantivy
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("sid", fast=True)
    sb.add_unsigned_field("art", indexed=True)
    sb.add_text_field("body", tokenizer_name="ws", index_option="freq")
    index = tantivy.Index(sb.build(), path=str(path), reuse=not create)
    index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


def tv_add(writer: Any, art: Article) -> None:  # an article is keyed by its first sentence id
    import tantivy
    for sid, terms in art:
        doc = tantivy.Document()  # Document(sid=...) would make i64 values, which u64 fields reject
        doc.add_unsigned("sid", sid), doc.add_unsigned("art", art[0][0]), doc.add_text("body", " ".join(terms))
        writer.add_document(doc)


def tv_build(path: Path, articles: list[Article]) -> None:
    writer = tv_index(path, create=True).writer(num_threads=1)
    for art in articles:
        tv_add(writer, art)
    writer.commit()
    writer.wait_merging_threads()


def tv_updater(path: Path) -> Updater:
    import tantivy
    writer = (index := tv_index(path)).writer(num_threads=1)
    def add(art: Article) -> None:
        tv_add(writer, art)
        writer.commit()
        index.reload()
    def delete(art: Article) -> None:  # by_term("art", int) silently deletes nothing on a u64 field
        writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "art", art[0][0]))
        writer.commit()
        index.reload()
    return add, delete, writer.wait_merging_threads


def tv_open(path: Path) -> Search:
    import tantivy
    index = tv_index(path)
    schema, searcher = index.schema, index.searcher()
    def search(query: list[str]) -> list[int]:
        terms = [tantivy.Query.term_query(schema, "body", t, index_option="freq") for t in query]
        q = tantivy.Query.boolean_query([(tantivy.Occur.Should, term) for term in terms])
        hits = searcher.search(q, limit=K, count=False).hits
        return searcher.fast_field_values("sid", [a for _, a in hits])
    return search


def bm_build(path: Path, docs: list[Doc]) -> None:
    import bm25s
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    retriever.index([t for _, t in docs], show_progress=False)
    retriever.save(str(path), show_progress=False)
    (path / "ids.json").write_text(json.dumps([i for i, _ in docs]))


def bm_open(path: Path) -> Search:
    import bm25s
    retriever = bm25s.BM25.load(str(path), mmap=True, show_progress=False)
    ids, vocab = json.loads((path / "ids.json").read_text()), retriever.vocab_dict
    def search(query: list[str]) -> list[int]:
        if not (known := [t for t in query if t in vocab]):
            return []
        docs, scores = retriever.retrieve([known], k=min(K, len(ids)), show_progress=False, n_threads=0)
        return [ids[d] for d, s in zip(docs[0], scores[0]) if s > 0]
    return search


OPENERS: dict[str, Callable[[Path], Search]] = {
    "fts5": fts_open, "fts5-rare": lambda p: fts_open(p, rare=True), "tantivy": tv_open, "bm25s": bm_open}


def vm(key: str) -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key)) / 1024


def query_phase(name: str, path: Path, queries_file: Path) -> None:
    """Subprocess: open the persisted index, run queries warm, print latencies, results and memory."""
    queries = json.loads(queries_file.read_text())
    import bm25s, tantivy  # noqa: F401  (imports are not the index's memory)
    before = vm("VmRSS:")
    search = OPENERS[name](path)
    for q in queries:
        search(q)
    latencies: list[float] = []
    results: list[list[int]] = []
    for q in queries:
        t = time.perf_counter()
        results.append(list(search(q)))
        latencies.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"latencies": latencies, "results": results, "rss_mb": vm("VmHWM:") - before}))


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def run_queries(name: str, path: Path, queries_file: Path, ref: list[tuple[set[int], int]]) -> dict[str, float]:
    argv = [sys.executable, "-m", "bench.lexical_choice", "--query-phase", name, "--index", str(path), "--queries", str(queries_file)]
    out = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=Path(__file__).parents[1]).stdout
    got = json.loads(out.strip().splitlines()[-1])
    lat = sorted(got["latencies"])
    overlap = [min(1.0, len(set(r) & ok) / need) if need else 1.0 for r, (ok, need) in zip(got["results"], ref)]
    return {"p50_ms": statistics.median(lat), "p95_ms": lat[round(0.95 * (len(lat) - 1))],
            "rss_mb": got["rss_mb"], "overlap60": statistics.mean(overlap)}


def measure(name: str, path: Path, base: list[Article], extra: list[Article], qfile: Path,
            ref: list[tuple[set[int], int]]) -> dict[str, dict[str, Any]]:
    docs = [d for art in base for d in art]
    path.mkdir()
    t = time.perf_counter()
    fts_build(path, docs) if name == "fts5" else tv_build(path, base) if name == "tantivy" else bm_build(path, docs)
    row: dict[str, Any] = {"sentences": len(docs), "build_s": time.perf_counter() - t, "disk_mb": size_mb(path)}
    row.update(run_queries(name, path, qfile, ref))
    rows = {name: row}
    if name == "fts5":
        rare = run_queries("fts5-rare", path, qfile, ref)
        rows["fts5-rare"] = {**row, **rare, "add_ms": "as fts5", "delete_ms": "as fts5"}
    if name == "bm25s":  # no incremental update: rebuild with the 100 added articles
        shutil.rmtree(path)
        path.mkdir()
        t = time.perf_counter()
        bm_build(path, docs + [d for art in extra for d in art])
        row["add_ms"] = row["delete_ms"] = f"rebuild {time.perf_counter() - t:.1f}s"
        return rows
    add, delete, close = fts_updater(path) if name == "fts5" else tv_updater(path)
    for key, fn, arts in [("add_ms", add, extra), ("delete_ms", delete, base[:EXTRA])]:
        t = time.perf_counter()
        for art in arts:
            fn(art)
        row[key] = (time.perf_counter() - t) * 1000 / len(arts)
    close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    for hidden in ["--query-phase", "--index", "--queries"]:  # the subprocess that measures one query phase
        ap.add_argument(hidden, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.query_phase:
        return query_phase(args.query_phase, Path(args.index), Path(args.queries))
    t0 = time.perf_counter()
    articles, queries = load(args.articles + EXTRA, args.questions)
    base, extra = articles[: args.articles], articles[args.articles :]
    ref = reference([d for art in base for d in art], queries)
    print(f"{len(base)} articles, {sum(map(len, base))} sentences, {len(queries)} queries; "
          f"tokenized and reference scored in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    rows: dict[str, dict[str, Any]] = {}
    work = Path(tempfile.mkdtemp(prefix="lexical_choice-"))
    (qfile := work / "queries.json").write_text(json.dumps(queries))
    try:
        for name in ["fts5", "tantivy", "bm25s"]:
            rows.update(measure(name, work / name, base, extra, qfile, ref))
            print(f"measured {name}", file=sys.stderr)
    finally:
        shutil.rmtree(work)
    cols = ["sentences", "build_s", "add_ms", "delete_ms", "disk_mb", "p50_ms", "p95_ms", "rss_mb", "overlap60"]
    print(f"{'candidate':<10}" + "".join(f"{c:>14}" for c in cols))
    for name, row in rows.items():
        cells = [v if isinstance(v := row[c], str) else f"{v:,}" if isinstance(v, int)
                 else f"{v:.3f}" if c == "overlap60" else f"{v:,.2f}" for c in cols]
        print(f"{name:<10}" + "".join(f"{c:>14}" for c in cells))
    if args.out:
        summary = {"articles": args.articles, "queries": len(queries), "k": K, "results": rows}
        args.out.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
