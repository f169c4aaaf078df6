"""HTML articles: the main text and news metadata of a page, through trafilatura.

trafilatura (with htmldate for the publication date) finds the article body
among menus, captions, "related stories" and cookie notices, and the page's
title, author, site name, date and canonical URL. Its text is what the
service stores: every citation indexes it, so the exact-offset invariant
holds whatever the page looked like. User comments are left out (they are
not the article), and so is a date guessed from a page's text (only its
markup's dates count). A page too odd for trafilatura's article finder
falls back to its baseline (the page's visible paragraphs), and a fragment
without <html> to its text.

`make bench-extract` scores this extractor beside trafilatura's defaults on
real news pages (``bench/extract.py``).
"""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from configparser import ConfigParser
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from index.authors import author_name, copyright_holder, with_initials
from index.boilerplate import without_boilerplate
from index.errors import InvalidDocument
from index.page_names import is_masthead, site_of, title_tag, without_site_name, without_tagline

# trafilatura logs what it cannot read ("ERROR trafilatura.utils: lxml parsing failed: Document is empty", three
# lines and a warning per empty page); what a user sees is our one line for the file (InvalidDocument)
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# What a news page yields with these options (bench/extract.py measures them against trafilatura's defaults).
OPTIONS = {"include_comments": False, "include_tables": True, "include_images": False, "include_links": False}
# the first publication, not the last update; from the page's markup only: its "extensive search" takes a
# footer's "Copyright 2025" for 2025-01-01, and a wrong date is worse than none to a service that answers "this week"
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_BLANK_LINES = re.compile(r"\n\s*\n+")
_HEAD_TAG = re.compile(r"<(meta|link)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_HEAD_CHARS = 300_000  # where a page's <meta> and <link> tags are looked for


@lru_cache(maxsize=1)
def _config() -> ConfigParser:
    """trafilatura's settings, except that a short article is still an article: by default, under 250
    characters of main text it turns to its fallbacks, whose text of a short page breaks lines inside
    paragraphs ("reopened on\nMonday\n."). On the benchmark's 90 real pages this changed nothing: F1 0.959
    either way (measured once by hand; bench/extract.py compares ours with trafilatura's defaults)."""
    from trafilatura.settings import use_config

    config = use_config()
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "1"
    return config


def parse_html(markup: str, url: str | None = None) -> tuple[str, dict[str, str]]:
    """The article text of an HTML page and its metadata (title, published, url, source, author; those found).

    ``url`` is where the page came from, if known (a relative canonical link is read against it)."""
    import trafilatura  # imported here: only HTML needs it, and it takes a while to import

    def extract(**config: object) -> object:
        return trafilatura.bare_extraction(markup, url=url, with_metadata=True, output_format="python",
                                           date_extraction_params=_DATE_PARAMS, **OPTIONS, **config)

    markup = _without_hover_cards(markup)
    try:
        document = extract(config=_config())
        text = getattr(document, "text", None) or trafilatura.baseline(markup)[1] or _all_text(markup)
    except InvalidDocument:
        raise
    except Exception as exc:  # lxml's errors on markup it cannot parse at all
        raise InvalidDocument(f"the HTML cannot be parsed ({exc.__class__.__name__}: {exc})") from exc
    text = without_boilerplate(_with_the_rest_of_a_split_body(markup, text))
    found = {key: getattr(document, attr, None) for key, attr in
             (("title", "title"), ("published", "date"), ("url", "url"), ("source", "sitename"), ("author", "author"))}
    meta = {key: " ".join(str(value).split()) for key, value in found.items() if value}
    # trafilatura's guesses from an address (the one the page was fetched at, or its canonical one): a host name for
    # an outlet, the fetch address for its url; the page's own declarations come first (a user trial's page, served
    # at 127.0.0.1:18601 and declaring og:site_name "BGR", was stored with "127.0.0.1:18601" as its outlet)
    hosts = {urlsplit(address).netloc.lower() for address in (url or "", meta.get("url", ""))} - {""}
    if meta.get("source", "").lower() in hosts | {h.removeprefix("www.") for h in hosts}:
        del meta["source"]
    if url and meta.get("url") == url:
        del meta["url"]
    found_author = meta.pop("author", "")
    declared = _declared(markup) if "url" not in meta or "source" not in meta or found_author else {}
    if "url" not in meta:  # trafilatura found none where the page's head declares it (a user trial: Sportsnet)
        address = urljoin(url or "", declared.get("canonical") or declared.get("og:url") or "")
        if site_of(address):
            meta["url"] = address
    if "source" not in meta and declared.get("og:site_name"):
        meta["source"] = declared["og:site_name"]
    host = site_of(meta.get("url") or url or "")
    if site_of(meta.get("source", "")) or ("source" not in meta and host):  # "https://www.hawaiinewsnow.com"
        meta["source"] = site_of(meta.get("source", "")) or host
    if "title" in meta and is_masthead(markup, meta["title"]) and (page_title := title_tag(markup)):
        meta["title"] = page_title
    if "source" in meta:
        declared_name, meta["source"] = meta["source"], without_tagline(meta["source"], host)
        for name in (declared_name, meta["source"]):  # the name as declared, tagline and all, or without it
            if "title" in meta and (title := without_site_name(meta["title"], name)) != meta["title"]:
                meta["title"] = title
                break
    sites = (meta.get("source", ""), host, copyright_holder(declared.get("copyright", "")))
    if author := author_name(found_author, tuple(site for site in sites if site)):
        meta["author"] = with_initials(author, markup)
    return _BLANK_LINES.sub("\n", text).strip(), meta


def _declared(markup: str) -> dict[str, str]:
    """What a page's head says of itself: ``canonical`` (its ``<link rel="canonical">``), ``og:url``,
    ``og:site_name`` and ``copyright`` (the first of each, unescaped; those found)."""
    found: dict[str, str] = {}
    for tag in _HEAD_TAG.finditer(markup[:_HEAD_CHARS]):
        attributes = {m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None)).strip()
                      for m in _ATTRIBUTE.finditer(tag.group(2))}
        if tag.group(1).lower() == "link" and "canonical" in attributes.get("rel", "").lower().split():
            key, value = "canonical", attributes.get("href", "")
        else:
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            value = attributes.get("content", "")
        if key in ("canonical", "og:url", "og:site_name", "copyright") and value and key not in found:
            found[key] = " ".join(value.split())
    return found


# a name's pop-up card inside a sentence ("threatened to kill Rep. Ilhan OmarIlhan OmarHillicon Valley: ... MORE
# (D-Minn.)" on The Hill): hidden until hovered, never the article's text
_HOVER_CARD = re.compile(r"(?:rollover|hover|tooltip|popover)[\w-]*(?:block|card|content|box|popup)|tooltip|popover")
_HAS_HOVER_CARD = re.compile(r"class=[\"'][^\"']*(?:rollover|hover|tooltip|popover)", re.IGNORECASE)


def _without_hover_cards(markup: str) -> str:
    """The page without the elements a name's pop-up card is made of (the name's own link stays)."""
    if not _HAS_HOVER_CARD.search(markup):
        return markup
    import lxml.html

    try:
        root = lxml.html.fromstring(markup)
    except Exception:  # noqa: BLE001 - trafilatura says what it makes of it
        return markup
    cards = [el for el in root.iter() if isinstance(el.tag, str)
             and any(_HOVER_CARD.fullmatch(token) for token in (el.get("class") or "").split())]
    if not cards:
        return markup
    for card in cards:
        card.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


# an article's body cut into several containers of one class between ad rows (Condé Nast's "body__container")
_BODY_NAMES = r"(?:body__container|article__body|article-body|story-body|entry-content|post-content|article-content)"
_BODY_CLASS = re.compile(rf"(?:^|\s){_BODY_NAMES}(?:\s|$)")
_BODY_NAMED = re.compile(_BODY_NAMES)  # in the markup: fewer than two mentions, no page cut in two (no parse)


def _with_the_rest_of_a_split_body(markup: str, text: str) -> str:
    """``text`` and the paragraphs of the body's later containers when the page cut its body into several of one
    class and trafilatura read the first only (a user trial: two Wired articles stopped after 3 kB of 8)."""
    if len(_BODY_NAMED.findall(markup)) < 2:
        return text
    import lxml.html

    try:
        root = lxml.html.fromstring(markup)
    except Exception:  # noqa: BLE001 - what trafilatura read is kept as it is
        return text
    blocks = [el for el in root.iter("div", "section") if _BODY_CLASS.search(el.get("class") or "")]
    classes = Counter(el.get("class") for el in blocks)
    if not classes or classes.most_common(1)[0][1] < 2:
        return text
    same = classes.most_common(1)[0][0]
    paragraphs = [[" ".join(p.text_content().split()) for p in el.iter("p", "h2", "h3", "blockquote")]
                  for el in blocks if el.get("class") == same]
    paragraphs = [[p for p in block if p] for block in paragraphs]
    if not paragraphs[0] or paragraphs[0][0] not in text:
        return text  # trafilatura read something else
    added = [p for block in paragraphs[1:] if block and block[0] not in text for p in block]
    return "\n".join([text, *added]) if added else text


def _all_text(markup: str) -> str:
    """Every line of text of a page or fragment that trafilatura does not read as a page."""
    import lxml.html

    root = lxml.html.fromstring(markup)
    for tag in root.iter("script", "style", "noscript", "template"):
        tag.drop_tree()
    return "\n".join(" ".join(line.split()) for line in root.text_content().splitlines() if line.strip())
