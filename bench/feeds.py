"""`make bench-feeds`: a feed of real news polled end to end from a local web site (127.0.0.1).

The site serves one RSS 2.0 feed of ``--n`` RealTime QA articles (a year of
``../shared/bench/realtimeqa/``), each on its own page wrapped in the
boilerplate of a news site (navigation, a cookie notice, a byline, "related
stories", a footer), and ``--copies`` syndicated copies of some of them on
another path with another site's boilerplate (another headline, a credit
line: ``bench.duplicates.copy_of``), listed after the originals. The site
answers conditional GETs (ETag) and counts the requests it gets.

Prints and writes:
- fetched and extracted items/s (the pages fetched and read side by side as a
  poll does, nothing stored: the target is 50/s on 2 cores), and the whole
  poll's items/s (embedding and storing included);
- the share of each article's text recovered: the article-extraction
  benchmark's F1 (``bench.extract.page_scores``) of the stored text against
  the article's own text;
- planted copies found as copies of the right article, and articles wrongly
  merged (a distinct article taken for a copy);
- a second poll of the unchanged feed (its time and the requests the site got),
  a poll after one item changed, and a recheck (every item's page asked for
  again) after one page was corrected with its feed item unchanged: once as
  the service does it, conditionally (unchanged pages answered 304), and once
  against the same site ignoring the validators (every page sent and read
  again), for the ratio.

    python -m bench.feeds --year 2024 --n 1000 --copies 50 --out docs/bench-feeds.json
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from email.utils import format_datetime
from pathlib import Path

from bench.archive_data import DEFAULT_DIR, ArchiveArticle
from bench.duplicates import copy_of
from bench.site import Site

NAV = "".join(f'<li><a href="/section/{s.lower()}">{s}</a></li>' for s in
              ("Home", "World", "Politics", "Business", "Tech", "Science", "Sport", "Opinion", "Video"))
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta property="og:title" content="{title}">
{published_meta}{canonical}</head><body>
<header><a class="logo" href="/">{outlet}</a><nav><ul>{nav}</ul></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience and to show you relevant ads.
<button>Accept all</button> <button>Manage settings</button></p></div></header>
<main><article><h1>{title}</h1><p class="byline">By {author} | {outlet}</p>
{paragraphs}
<p class="share">Share this article: Facebook | X | Email</p></article>
<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>
<aside class="newsletter"><h2>Get the morning briefing</h2><p>Sign up for our newsletter to get the day's top
stories in your inbox.</p></aside></main>
<footer><ul><li>About us</li><li>Contact</li><li>Privacy policy</li><li>Terms of use</li><li>Advertise</li></ul>
<p>&copy; 2024 {outlet}. All rights reserved.</p></footer></body></html>"""


def page_of(article: ArchiveArticle, text: str, outlet: str, canonical: str, related: Sequence[str]) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines()[1:] if line.strip())
    title = html.escape(text.splitlines()[0] if text.strip() else article.title)
    published = (f'<meta property="article:published_time" content="{html.escape(article.published)}">'
                 if article.published else "")
    return PAGE.format(title=title, outlet=outlet, nav=NAV, author=html.escape(", ".join(article.authors) or "Staff"),
                       paragraphs=paragraphs, published_meta=published,
                       canonical=f'<link rel="canonical" href="{canonical}">' if canonical else "",
                       related="".join(f'<li><a href="/a/{i}">{html.escape(t)}</a></li>' for i, t in related))


def rss(base: str, items: Sequence[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (path, title, published ISO date) items."""
    from datetime import datetime

    def entry(path: str, title: str, published: str) -> str:
        when = ""
        if published:
            try:
                stamp = datetime.fromisoformat(published.replace("Z", "+00:00"))
                when = f"<pubDate>{format_datetime(stamp if stamp.tzinfo else stamp.astimezone())}</pubDate>"
            except ValueError:
                pass
        return f"<item><title>{html.escape(title)}</title><link>{base}{path}</link><guid>{base}{path}</guid>{when}</item>"

    body = "\n".join(entry(*item) for item in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench News</title>'
            f"<link>{base}/</link><description>Real news for a benchmark</description>\n{body}\n</channel></rss>")


def choose(articles: Sequence[ArchiveArticle], n: int, seed: int = 7) -> list[ArchiveArticle]:
    """``n`` articles with text, distinct titles and texts (the data holds some of the same story twice)."""
    rng = random.Random(seed)
    pool = [a for a in articles if len(a.text.split()) >= 80 and a.title.strip()]
    rng.shuffle(pool)
    chosen, titles, texts = [], set(), set()
    for article in pool:
        key = hashlib.sha256(" ".join(article.text.split()[:200]).encode()).hexdigest()
        if article.title.strip().lower() in titles or key in texts:
            continue
        titles.add(article.title.strip().lower())
        texts.add(key)
        chosen.append(article)
        if len(chosen) == n:
            break
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.feeds", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", default="2024")
    parser.add_argument("--n", type=int, default=1000, help="articles in the feed")
    parser.add_argument("--copies", type=int, default=50, help="syndicated copies planted (after the originals)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--out", type=Path, default=Path("docs/bench-feeds.json"))
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bench.extract import page_scores
    from bench.news_data import load_year
    from index.fetching import Fetcher, FetchPolicy
    from index.web import fetch_article
    from qa import Service, Settings
    from qa.feed_items import FETCH_WORKERS
    from qa.feeds import poll

    articles = choose(load_year(args.data, args.year).articles, args.n)
    rng = random.Random(11)
    copied = rng.sample(range(len(articles)), min(args.copies, len(articles)))
    site = Site()
    items: list[tuple[str, str, str]] = []
    for i, article in enumerate(articles):
        text = f"{article.title}\n{article.text}"
        related = [(j, articles[j].title) for j in rng.sample(range(len(articles)), 4)]
        site.pages[f"/a/{i}"] = (200, "text/html; charset=utf-8", page_of(
            article, text, "Bench Times", f"{site.base}/a/{i}", related).encode())
        items.append((f"/a/{i}", article.title, article.published))
    for k, i in enumerate(copied):
        copy = copy_of(f"{articles[i].title}\n{articles[i].text}", 0)
        site.pages[f"/wire/{k}"] = (200, "text/html; charset=utf-8",
                                   page_of(articles[i], copy, "Example Wire", "", []).encode())
        items.append((f"/wire/{k}", "Wire: " + articles[i].title, articles[i].published))
    site.pages["/feed.xml"] = (200, "application/rss+xml", rss(site.base, items).encode())
    print(f"{len(articles)} articles and {len(copied)} planted copies in one feed at {site.base}/feed.xml", flush=True)

    policy = FetchPolicy(timeout_s=30.0, allow_private=True, host_delay_s=0.0, per_host=FETCH_WORKERS)
    fetcher = Fetcher(policy)
    links = [f"{site.base}{path}" for path, _, _ in items]
    started = time.perf_counter()
    with ThreadPoolExecutor(FETCH_WORKERS) as pool:
        list(pool.map(lambda link: fetch_article(link, fetcher), links))
    extract_s = time.perf_counter() - started
    fetcher.close()
    print(f"fetched and extracted: {len(links) / extract_s:.1f} items/s", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmp:
        service = Service.open(Settings(data_dir=Path(tmp), collection="feeds", fetch_allow_private=True,
                                        fetch_host_delay_s=0.0, fetch_per_host=FETCH_WORKERS))
        try:
            result = _poll_runs(service, site, links, articles, copied, poll, page_scores)
        finally:
            service.close()
    site.close()
    result = {"year": args.year, "articles": len(articles), "planted_copies": len(copied), "workers": FETCH_WORKERS,
              "fetch_extract_items_per_s": round(len(links) / extract_s, 1), **result}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


def _poll_runs(service, site: Site, links: list[str], articles: Sequence[ArchiveArticle],  # type: ignore[no-untyped-def]
               copied: Sequence[int], poll, page_scores) -> dict[str, object]:  # type: ignore[no-untyped-def]
    service.warm_up()
    service.store.feeds.add(f"{site.base}/feed.xml")
    hits = sum(site.hits.values())
    started = time.perf_counter()
    first = poll(service)
    poll_s = time.perf_counter() - started
    first_requests = sum(site.hits.values()) - hits
    print(f"first poll: {first.totals()} in {poll_s:.1f} s ({len(links) / poll_s:.1f} items/s)", flush=True)

    docs = {d.url: d for d in service.documents()}
    f1s = []
    for i, article in enumerate(articles):
        doc = docs.get(f"{site.base}/a/{i}")
        if doc is None:
            f1s.append(0.0)
            continue
        precision, recall = page_scores(service.document(doc.id)[1], f"{article.title}\n{article.text}")
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    found = sum(1 for k, i in enumerate(copied)
                if (doc := docs.get(f"{site.base}/a/{i}")) is not None
                and f"{site.base}/wire/{k}" in service.document(doc.id)[0].also_at_urls)
    wrongly_merged = sum(1 for i in range(len(articles)) if f"{site.base}/a/{i}" not in docs)
    copies_stored = sum(1 for url in docs if "/wire/" in url)

    hits = sum(site.hits.values())
    started = time.perf_counter()
    second = poll(service)
    second_s = time.perf_counter() - started
    second_requests = sum(site.hits.values()) - hits

    status, kind, feed = site.pages["/feed.xml"]  # one item changes what the feed says of it: only its page is
    first_item = f"</title><link>{site.base}/a/0</link>".encode()  # fetched
    assert isinstance(feed, bytes)
    site.pages["/feed.xml"] = (status, kind, feed.replace(first_item, b" (updated)" + first_item, 1))
    hits = sum(site.hits.values())
    started = time.perf_counter()
    third = poll(service)
    third_s = time.perf_counter() - started
    third_requests = sum(site.hits.values()) - hits

    rechecks = {}
    for name, conditional in (("recheck_conditional", True), ("recheck_validators_ignored", False)):
        status, kind, page = site.pages["/a/1"]  # a correction the feed does not mention
        assert isinstance(page, bytes)
        site.pages["/a/1"] = (status, kind, page.replace(b"</article>", f"<p>Correction {name}.</p></article>".encode(), 1))
        site.conditional = conditional
        hits, not_modified = sum(site.hits.values()), sum(site.not_modified.values())
        started = time.perf_counter()
        recheck = poll(service, recheck=True)
        rechecks[name] = {**recheck.totals(), "seconds": round(time.perf_counter() - started, 2),
                          "requests": sum(site.hits.values()) - hits,
                          "answered_304": sum(site.not_modified.values()) - not_modified}
        print(f"{name}: {rechecks[name]}", flush=True)
    site.conditional = True
    return {
        "first_poll": {**first.totals(), "seconds": round(poll_s, 1), "items_per_s": round(len(links) / poll_s, 1),
                       "requests": first_requests},
        "text_f1": {"mean": round(statistics.fmean(f1s), 4), "median": round(statistics.median(f1s), 4),
                    "under_0.9": sum(1 for f in f1s if f < 0.9)},
        "copies_found": found, "copies_stored_as_articles": copies_stored, "articles_wrongly_merged": wrongly_merged,
        "second_poll_unchanged_feed": {**second.totals(), "seconds": round(second_s, 3), "requests": second_requests},
        "poll_after_one_item_changed": {**third.totals(), "seconds": round(third_s, 2), "requests": third_requests},
        **rechecks,
    }


if __name__ == "__main__":
    raise SystemExit(main())
