"""Who wrote a page and what it is called: the byline, headline and site name stored for an HTML article.

The cases are what trafilatura returned on real pages (the 90 of `make bench-extract` and a user trial)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import load_file
from index.authors import author_name, copyright_holder

ARTICLE = "<p>" + "The harbour ferry will cost half as much from May, the council said on Tuesday. " * 3 + "</p>"


@pytest.mark.parametrize(("found", "expected"), [
    ("Carrie Arnold November", "Carrie Arnold"), ("Jeff Foust Monday; November", "Jeff Foust"),
    ("Detroit News wire services Published", "Detroit News wire services"), ("Theresa May", "Theresa May"),
    ("Lisa Kaczke; Trevor J Mitchell", "Lisa Kaczke; Trevor J Mitchell"), ("November", ""),
])
def test_an_authors_name_loses_the_date_words_a_page_put_after_it(found: str, expected: str) -> None:
    """A user trial on real pages: authors "Carrie Arnold November", "JERUSALEM POST STAFF NOVEMBER"."""
    assert author_name(found) == expected


@pytest.mark.parametrize(("found", "sites", "expected"), [
    # the publisher, the site or its edition beside a person's name
    ("Condé Nast; Molly Wood", ("Wired", "wired.com", "Condé Nast"), "Molly Wood"),
    ("Jill Disis; CNN Business", ("CNN", "cnn.com"), "Jill Disis"),
    ("Tanza Loudenback; Business Insider", ("Business Insider Deutschland",), "Tanza Loudenback"),
    ("Troy Smith; Troy L Smith; Cleveland com", ("Cleveland", "cleveland.com"), "Troy Smith"),
    # the only byline: a desk of the site is kept, the site's bare name is not (it is shown as the outlet)
    ("Telegraph Sport", ("The Telegraph", "telegraph.co.uk"), "Telegraph Sport"),
    ("LinkNaija", ("LinkNaija", "linknaija.com"), ""),
    # a role, a "by", credentials, an agency after a name in capitals, an account
    ("Tom Gillespie News reporter", (), "Tom Gillespie"),
    ("Analysis by Chris Cillizza; CNN Editor-at-large", ("CNN",), "Chris Cillizza"),
    ("Ilana Muhlstein; MS; RDN", (), "Ilana Muhlstein"),
    ("PTI", (), "PTI"),  # an agency's initials alone are its byline
    ("LISA MASCARO; ERIC TUCKER Associated Press", (), "Lisa Mascaro; Eric Tucker"),
    ("Admin", (), ""), ("Ludwig van Beethoven", (), "Ludwig van Beethoven"),
    # prose: a sentence trafilatura split at its "and", a tagline, a menu
    ("The Russian; Syrian defense ministries", (), ""),
    ("Nigeria's popular news platform", (), ""),
    ("F1 | Indy | MotoGP", (), ""),
    ("Jane Doe; staff writer", (), "Jane Doe"), ("Jane Doe; F1 | Indy", (), "Jane Doe"),  # beside a person's name
])
def test_a_byline_keeps_the_people_and_drops_what_pages_put_beside_them(found: str, sites: tuple[str, ...],
                                                                       expected: str) -> None:
    assert author_name(found, sites) == expected


def test_a_copyright_notice_names_its_holder() -> None:
    assert copyright_holder("Copyright (c) Condé Nast 2019") == "Condé Nast"
    assert copyright_holder("© 2024 The Harbour Herald. All rights reserved.") == "The Harbour Herald"


def test_a_page_whose_publisher_is_its_author_tag_is_stored_with_its_writer(tmp_path: Path) -> None:
    """Wired's pages: ``<meta name="author" content="Condé Nast">`` beside the writer in their JSON-LD."""
    page = tmp_path / "w.html"
    page.write_text(
        '<html><head><title>Ferry fares cut</title><meta name="author" content="Condé Nast">'
        '<meta name="copyright" content="Copyright (c) Condé Nast 2019">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "Ferry fares cut", '
        '"author": [{"@type": "Person", "name": "Molly Wood"}]}</script></head>'
        f"<body><article><h1>Ferry fares cut</h1>{ARTICLE}</article></body></html>", encoding="utf-8")
    assert load_file(page).author == "Molly Wood"


def test_a_masthead_is_not_the_headline_and_a_tagline_not_the_site(tmp_path: Path) -> None:
    """A Korean page's masthead (its site's name, linked to its home page) was stored as its title; LinkNaija's
    site name as "LinkNaija | Nigeria's popular news platform"."""
    page = tmp_path / "k.html"
    page.write_text(
        '<html><head><title>Ferry fares cut by half - Harbourmedia</title>'
        '<meta property="og:site_name" content="Harbourmedia | The harbour\'s own news">'
        '<link rel="canonical" href="https://harbourmedia.co.kr/ferry"></head><body>'
        '<div id="site-title"><a href="/"><h1>항구 미디어</h1></a></div>'
        f"<article>{ARTICLE}</article></body></html>", encoding="utf-8")
    article = load_file(page)
    assert (article.title, article.source) == ("Ferry fares cut by half", "Harbourmedia")
