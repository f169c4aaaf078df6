"""What a page is called, and by whom: its headline and its site's name as pages write them.

Pages add their site's name to their titles ("Fares cut | Harbour Times"), a tagline or a menu to the site's
name ("LinkNaija | Nigeria's popular news platform"), and some have trafilatura take their masthead for
their headline. Each is undone here from what the page itself declares.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_HOME = r"""(?:https?://[^/"'\s>]+/?|/)"""  # a site's home page: "/", "https://host/"
_MASTHEAD = re.compile(rf"""<a\b[^>]*\bhref\s*=\s*(?:"{_HOME}"|'{_HOME}'|/[\s>])"""
                       r"""|\b(?:id|class)\s*=\s*["'][^"']*(?:site-?title|site-?name|logo|masthead)""", re.IGNORECASE)
_MASTHEAD_REACH = 300  # characters of markup before a title where its masthead's element opens
_TITLE_TAG = re.compile(r"<title[^>]*>([^<]*)</title>", re.IGNORECASE)
_TITLE_TAG_CHARS = 300_000  # where a page's <title> is looked for
_TITLE_SEPARATOR = r"(?:\s+[-–—|·•»:]\s+|\s*[|:]\s*)"  # "Headline - Site", "Headline | Site", "Site: Headline"


def is_masthead(markup: str, title: str) -> bool:
    """Whether a title trafilatura found is the site's name in its masthead: written in a link to the site's home
    page or in an element named as the site's title or logo (a Korean page's ``<h1 id="site-title"><a href="/">
    <h1>엔터 미디어</h1>``, taken for its headline where its ``<title>`` holds the headline)."""
    for place in re.finditer(re.escape(html.escape(title, quote=False)), markup):
        before = markup[max(0, place.start() - _MASTHEAD_REACH):place.start()]
        if _MASTHEAD.search(before[before.rfind("</") + 1:]):  # in the elements still open where it is written
            return True
    return False


def title_tag(markup: str) -> str:
    """The text of a page's ``<title>``, unescaped; "" if it has none."""
    found = _TITLE_TAG.search(markup[:_TITLE_TAG_CHARS])
    return " ".join(html.unescape(found.group(1)).split()) if found else ""


_ELLIPSIS = re.compile(r"\s*(?:\.{3}|…)\s*$")


def without_tagline(name: str, host: str) -> str:
    """A site's name without the tagline or menu its pages declare beside it ("LinkNaija | Nigeria's popular news
    platform", "Autoracing | F1 | Indy | MotoGP"): of the parts between bars, the one its host is named after,
    else the first."""
    # nor the ellipsis of a title cut short ("CNN ..." of "<title>Britain's cost of living crisis ... | CNN ...": a
    # trial's page was stored with the outlet "CNN ...")
    parts = [cut for part in name.split(" | ") if (cut := _ELLIPSIS.sub("", part).strip())]
    label = host.split(".")[0]
    return next((part for part in parts if re.sub(r"\W", "", part.lower()) == label), parts[0] if parts else name)


def site_of(address: str) -> str:
    """The site of an address without "www." ("https://www.bbc.com/news" -> "bbc.com"); "" for no address."""
    parts = urlsplit(address.strip())
    host = (parts.hostname or "") if parts.scheme in ("http", "https") else ""
    return host.removeprefix("www.")


def without_site_name(title: str, site: str) -> str:
    """A page title without the site's name where the page added it ("Fares cut | Harbour Times" -> "Fares
    cut"; "Harbour Times: Fares cut" too); any other title as it is. The name may go without a word of what
    kind of site or which edition it is ("| Inexhibit" by "Inexhibit magazine") or be spaced where its host is
    not ("- Hawaii News Now" by "hawaiinewsnow.com"). trafilatura leaves it on 16 of the 90 real pages of `make
    bench-extract`'s data; none of the 90 loses anything else to this."""
    name = re.escape(site.strip())
    for pattern in (rf"(?P<rest>.+?){_TITLE_SEPARATOR}{name}", rf"{name}{_TITLE_SEPARATOR}(?P<rest>.+)",
                    # a name as the page writes it: after the last separator, or before the first
                    rf"(?P<rest>.+){_TITLE_SEPARATOR}(?P<name>.+)", rf"(?P<name>.+?){_TITLE_SEPARATOR}(?P<rest>.+)"):
        match = re.fullmatch(pattern, title.strip(), re.IGNORECASE) if name else None
        if match and re.search(r"\w", match.group("rest")) and ("name" not in match.groupdict()
                                                                 or _names_site(match.group("name"), site)):
            return match.group("rest").strip()
    return title


# words a site's name may go without in its pages' titles: what kind of publication it is, or which edition
# ("Inexhibit magazine" titles its pages "... | Inexhibit", "Business Insider Deutschland" "... - Business Insider")
_EDITION_WORDS = frozenset("""the magazine news online daily weekly international global media digital website com
    uk us usa india australia canada deutschland france españa italia asia europe africa""".split())


def _names_site(name: str, site: str) -> bool:
    """Whether ``name`` (a part of a title) is the site ``site``: its words, less those of ``_EDITION_WORDS`` at
    its end or a "the" anywhere, or the letters of its host or of one of its names ("Hawaii News Now" for
    "hawaiinewsnow.com", "Entermedia" for "entermedia.co.kr")."""
    words, site_words = name.lower().split(), site.lower().split()
    while len(site_words) > 1 and site_words[-1] in _EDITION_WORDS:
        if words == site_words:
            return True
        site_words = site_words[:-1]
    if words == site_words or words == [w for w in site_words if w != "the"]:
        return bool(words)
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", site.lower()) if "." in site and " " not in site else ""
    letters = re.sub(r"[\W_]", "", name.lower())  # "Entermedia" for "entermedia.co.kr" too
    return bool(host) and letters in (re.sub(r"[\W_]", "", host.rsplit(".", 1)[0]), *host.split(".")[:-1])
