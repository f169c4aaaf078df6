"""HTML articles: the main text and the news metadata of the page's meta tags.

Main text is the page's <article> (else <main>, else <body>) without scripts,
navigation, headers, footers and asides, one block element per line. It does
not try to be a general boilerplate remover for arbitrary pages.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg")
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "figcaption", "td")
_META_KEYS = {
    "title": ("og:title", "twitter:title", "title", "headline"),
    "published": ("article:published_time", "datepublished", "pubdate", "date", "dc.date", "publish-date"),
    "url": ("og:url",),
    "source": ("og:site_name", "publisher", "application-name"),
    "author": ("author", "article:author", "dc.creator", "byl"),
}


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    tags = {}
    for tag in soup.find_all("meta"):
        key = str(tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = str(tag.get("content") or "").strip()
        if key and content and key not in tags:
            tags[key] = content
    for field, keys in _META_KEYS.items():
        for key in keys:
            if key in tags:
                found[field] = tags[key]
                break
    if "url" not in found:
        link = soup.find("link", rel="canonical")
        if isinstance(link, Tag) and link.get("href"):
            found["url"] = str(link["href"]).strip()
    if "title" not in found and soup.title and soup.title.string:
        found["title"] = soup.title.string.strip()
    if "published" not in found:
        time = soup.find("time", datetime=True)
        if isinstance(time, Tag):
            found["published"] = str(time["datetime"]).strip()
    return found


def _main_text(soup: BeautifulSoup) -> str:
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for tag in root.find_all(_DROP):
        tag.decompose()
    lines: list[str] = []
    for block in root.find_all(_BLOCKS):
        if block.find(_BLOCKS):  # a container of blocks: its children are taken instead
            continue
        line = " ".join(block.get_text("").split())
        if line:
            lines.append(line)
    if not lines:
        lines = [" ".join(line.split()) for line in root.get_text("\n").splitlines() if line.strip()]
    return "\n".join(lines)


def parse_html(markup: str) -> tuple[str, dict[str, str]]:
    """The article text of an HTML page and its metadata (title, published, url, source, author)."""
    soup = BeautifulSoup(markup, "html.parser")
    meta = _meta(soup)
    return _main_text(soup), meta
