"""Loading .txt, .md and .html articles with their news metadata; refusing what cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import InvalidDocument, UnsupportedFileType, article_from_text, load_file
from index.boilerplate import _without_link_lists
from index.page_names import without_site_name
from index.loaders import find_files


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_plain_text_title_is_first_line_and_byline_is_author(tmp_path: Path) -> None:
    article = load_file(write(tmp_path / "a.txt", "Storm hits coast\nWinds reached 150 km/h.\nBy Jane Doe\n"))
    assert article.title == "Storm hits coast"
    assert article.author == "Jane Doe"
    assert article.source == "a.txt"
    assert article.text.startswith("Storm hits coast")
    # under the headline too, where the name is capitalised ("By the numbers" is a heading, not a byline)
    opening = load_file(write(tmp_path / "b.md", "---\ntitle: Storm hits coast\n---\n\nBY JANE DOE\n\nWinds rose."))
    assert opening.author == "JANE DOE"
    heading = load_file(write(tmp_path / "c.txt", "Storm hits coast\nBy the numbers\nWinds reached 150 km/h.\n"))
    assert heading.author == ""


def test_markdown_front_matter(tmp_path: Path) -> None:
    md = ("---\ntitle: Budget passes\ndate: 2025-05-01\nurl: https://example.org/b\nsource: The Daily\n"
          "author: Sam Lee\n---\n# Budget passes\n\nThe budget passed on Thursday.\n")
    article = load_file(write(tmp_path / "b.md", md))
    assert (article.title, article.published, article.url, article.source, article.author) == (
        "Budget passes", "2025-05-01", "https://example.org/b", "The Daily", "Sam Lee")
    assert article.text.startswith("# Budget passes") and "---" not in article.text
    # a user trial: "authors:" (a newsroom's list) was ignored, and a YAML error named no line
    listed = load_file(write(tmp_path / "c.md", "---\ntitle: T\nauthors: [Sam Lee, Ana Ruiz]\n---\nText.\n"))
    assert listed.author == "Sam Lee, Ana Ruiz"
    with pytest.raises(InvalidDocument, match="cannot be parsed at line 3 "):
        load_file(write(tmp_path / "d.md", "---\ntitle: T\nauthor: [Sam\n---\nText.\n"))
    # a user trial: with a url and no source, the outlet was the file's name, where an HTML page's is its site
    sited = load_file(write(tmp_path / "e.md", "---\ntitle: T\nurl: https://www.usatoday.com/story/x\n---\nText.\n"))
    assert sited.source == "usatoday.com" and "source" in sited.not_given
    assert load_file(write(tmp_path / "f.md", "---\ntitle: T\n---\nText.\n")).source == "f.md"


def test_html_main_text_and_meta_tags(tmp_path: Path) -> None:
    html = """<html><head><title>Fallback</title>
    <meta property="og:title" content="Bridge reopens">
    <meta property="article:published_time" content="2025-06-02T10:00:00Z">
    <meta property="og:url" content="https://news.example/bridge">
    <meta property="og:site_name" content="Example News">
    <meta name="author" content="Ana Ruiz">
    <script>var x = "<p>not text</p>";</script></head>
    <body><nav><p>Home | World</p></nav><article><h1>Bridge reopens</h1>
    <p>The bridge reopened on <b>Monday</b>.</p><p>Traffic resumed.</p></article>
    <footer><p>Copyright</p></footer></body></html>"""
    article = load_file(write(tmp_path / "c.html", html))
    assert article.title == "Bridge reopens"
    assert article.published == "2025-06-02"
    assert article.url == "https://news.example/bridge"
    assert article.source == "Example News" and article.author == "Ana Ruiz"
    assert article.text == "Bridge reopens\nThe bridge reopened on Monday.\nTraffic resumed."


def test_an_html_outlet_is_a_site_not_an_address(tmp_path: Path) -> None:
    """A user trial: a page's site name "https://www.hawaiinewsnow.com" was its outlet."""
    page = """<html><head><meta property="og:title" content="Telescope spots water">
    <meta property="og:site_name" content="https://www.hawaiinewsnow.com">
    <meta name="author" content="HNN Staff November"></head>
    <body><article><p>Scientists used a Hawaii telescope to spot water vapour on a distant moon.</p></article>
    </body></html>"""
    article = load_file(write(tmp_path / "water.html", page))
    assert (article.source, article.author) == ("hawaiinewsnow.com", "HNN Staff")
    addressed = page.replace('<meta property="og:site_name" content="https://www.hawaiinewsnow.com">',
                             '<link rel="canonical" href="https://www.example-news.org/water">')
    assert load_file(write(tmp_path / "water2.html", addressed)).source == "example-news.org"


def test_an_empty_page_is_one_error_not_trafilaturas_log(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A user trial: an empty .html printed six trafilatura ERROR and WARNING lines before its one line."""
    for name, page in (("empty.html", ""), ("blank.html", "<html><body></body></html>")):
        with pytest.raises(InvalidDocument):
            load_file(write(tmp_path / name, page))
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("trafilatura")]


def test_a_page_of_menus_and_a_cookie_notice_is_no_article(tmp_path: Path) -> None:
    """A user trial: a home page of links and a cookie banner was stored as an article ("We use cookies ...")."""
    page = ("<html><head><title>Home | Daily Planet</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
            "<li><a href='/world'>World</a></li></ul></nav><div class='cookie-banner'>We use cookies to improve your "
            "experience. By continuing you accept our cookie policy. Accept all cookies.</div></body></html>")
    with pytest.raises(InvalidDocument, match="no text"):
        load_file(write(tmp_path / "home.html", page))
    # an article about cookies is an article
    story = ("<html><head><title>Cookie rules</title></head><body><article><p>Regulators said on Tuesday that sites "
             "must let readers reject cookies as easily as they accept them.</p><p>Readers can change their cookie "
             "settings at any time, the agency said.</p></article><p>Accept all cookies</p></body></html>")
    text = load_file(write(tmp_path / "rules.html", story)).text
    assert "reject cookies" in text and "change their cookie settings" in text and "Accept all" not in text, text


def test_calls_to_follow_or_subscribe_are_no_article_text(tmp_path: Path) -> None:
    """A user trial: a BBC page's "Follow BBC Sussex on Facebook ..." and "Listen to BBC Sussex on Sounds" lines
    were indexed, and a question about them answered from them. An article's own mention of a platform, a
    quoted call and "Follow the money" stay."""
    page = ("<html><head><title>Pier reopens after storm repairs</title></head><body><article>"
            "<p>The pier in Brighton reopened on Saturday after three months of repairs, the council said.</p>"
            "<p>Residents posted on Twitter that the queue stretched along the seafront by nine.</p>"
            "<p>\u201cFollow us on Instagram for the fireworks,\u201d the pier's manager told the crowd.</p>"
            "<p>Follow the money, one councillor said, and the repairs cost twice the estimate.</p>"
            "<p>Follow BBC Sussex on Facebook, X and Instagram. Send your story ideas to "
            "southeast.newsonline@bbc.co.uk.</p><p>Listen to BBC Sussex on Sounds</p>"
            "<p>Sign Up: Stay on top of the news! Sign up for our Email Newsletters here.</p>"
            "</article></body></html>")
    text = load_file(write(tmp_path / "pier.html", page)).text
    for kept in ("reopened on Saturday", "posted on Twitter", "Follow us on Instagram for the fireworks",
                 "Follow the money"):
        assert kept in text, (kept, text)
    for left_out in ("BBC Sussex", "story ideas", "Newsletters"):
        assert left_out not in text, (left_out, text)


def test_links_to_other_stories_under_a_label_are_no_article_text(tmp_path: Path) -> None:
    """A user trial: of 40 real pages, eight kept lines such as "Read more: Tencent profit falls ...", "Related: 7
    Strange Signs ...", "SEE MORE: ..." and "Listen: http://po.st/...", and an answer about Tencent's listing quoted
    Alibaba's beside the "Read more: Tencent ..." line. A sentence that mentions reading more stays."""
    page = ("<html><head><title>Alibaba shares jump in Hong Kong debut</title></head><body><article>"
            "<p>Alibaba's shares rose 6% on their first day of trading in Hong Kong on Tuesday, the exchange said.</p>"
            "<p>Read more: Tencent profit falls as Alibaba threat and economic woes weigh</p>"
            "<p>Investors who want to read more about the listing can find the prospectus online, it added.</p>"
            "<p>Learn more: Best travel insurance</p>"
            "<p>Related: 7 Strange Signs You're Having an Allergic Reaction</p><p>SEE MORE: Hong Kong protests: 800 "
            "students under siege in university</p><p>Listen: http://po.st/TP_615</p>"
            "<p>This copy is for your personal, non-commercial use only. To order presentation-ready copies, visit "
            "www.djreprints.com.</p></article></body></html>")
    text = load_file(write(tmp_path / "alibaba.html", page)).text
    assert "shares rose 6%" in text and "want to read more about the listing" in text, text
    for left_out in ("Tencent", "Allergic", "under siege", "po.st", "non-commercial", "travel insurance"):
        assert left_out not in text, (left_out, text)


def test_lists_of_other_stories_are_no_article_text(tmp_path: Path) -> None:
    """A user trial: "What is the capital of Armenia?" was answered from a report on Iran by the "Top stories" and
    "Partner news |" headlines its page (a table) put after it, joined into the article's one line."""
    story = ("<p>Verified video footage and eyewitness testimony reveal a harrowing pattern of unlawful killings by "
             "security forces, said Amnesty International on Tuesday.</p><p>At least 106 protesters in 21 cities "
             "have been killed, according to credible reports received by Amnesty.</p><p>The organization believes "
             "that the real death toll may be much higher, with some reports suggesting as many as 200 have been "
             "killed.</p>")
    page = ("<html><head><title>More than 100 protesters killed in Iran unrest</title></head><body><table><tr><td>"
            + story + "<div class='block_title'> &nbsp;<strong>Top stories</strong></div><div><a href='/1'>Armenia "
            "named most popular spot for Russian travelers</a> Armenia has been named the most popular destination "
            "among Russians in 2019.</div><div><a href='/2'>Partner news</a> | Iconic props will be auctioned."
            "</div></td></tr></table></body></html>")
    text = load_file(write(tmp_path / "iran.html", page)).text
    assert "as many as 200 have been killed" in text and "Armenia" not in text and "props" not in text, text


def test_a_box_of_headlines_inside_an_article_is_left_out_and_the_article_kept() -> None:
    """Express's "DON'T MISS" box of headlines between two paragraphs; a list of them at the end; an inline "Read
    more:" link and an article's own "most popular" are the article's."""
    prose = "Chris Tang, the new police commissioner, said in an interview that police alone cannot end it.\n"
    boxed = (prose * 4 + "DON'T MISS\nChina furious at Macron for protest jibe [INSIGHT]|\nLakers vs Nets: "
             "NBA make final decision [VIDEO]\nProtesters believe the bill is an example of eroding autonomy.\n"
             "The UK has urged an end to the violence.\nYou may also like...\nWho will make the Rock Hall in 2020?"
             "\nDave Matthews Band takes over Rock Hall Fan Vote")
    assert _without_link_lists(boxed) == (prose * 4 + "Protesters believe the bill is an example of eroding "
                                          "autonomy.\nThe UK has urged an end to the violence.")
    kept = prose * 3 + "Read more: Tencent profit falls as Alibaba threat weighs\nMost popular apps are free, he said."
    assert _without_link_lists(kept) == kept
    early = "Top stories\nThe House voted on Tuesday to recognise the genocide, the clerk said.\n" + prose
    assert _without_link_lists(early) == early  # in the first half of the text: the article's own heading


def test_a_page_repeating_its_article_is_read_once(tmp_path: Path) -> None:
    """A user trial: Business Insider's page held its article three times (precision 0.28)."""
    story = ("<p>The state attorney general is investigating the company amid layoffs.</p>"
             "<p>Advertisement</p><p>The chief executive is stepping down in May, the company said.</p>")
    page = f"<html><head><title>Tech news</title></head><body><article>{story * 3}</article></body></html>"
    text = load_file(write(tmp_path / "again.html", page)).text
    assert text.count("investigating the company") == 1 and text.count("stepping down") == 1, text


def test_a_names_pop_up_card_is_not_article_text(tmp_path: Path) -> None:
    """A user trial: "threatened to kill Rep. Ilhan OmarIlhan OmarHillicon Valley: ... (D-Minn.)" (The Hill)."""
    card = ('<span class="rollover-people"><a class="rollover-people-link" href="/people/ana-ruiz">Ana Ruiz</a>'
            '<span class="rollover-people-block"><a class="name" href="/people/ana-ruiz">Ana Ruiz</a>'
            '<a class="people-articles" href="/x">Council delays vote on budget | Ferry fares rise</a> MORE</span>'
            '</span>')
    page = f"""<html><head><title>Bridge reopens</title></head><body><article>
    <p>The bridge reopened on Monday, said Mayor {card} (Harbour Party), after two years of repairs.</p>
    <p>Traffic resumed at noon, and the first bus crossed at ten past twelve.</p></article></body></html>"""
    text = load_file(write(tmp_path / "card.html", page)).text
    assert "said Mayor Ana Ruiz (Harbour Party), after two years of repairs." in text, text
    assert "Ferry fares" not in text and "MORE" not in text


def test_a_body_cut_into_containers_between_ads_is_read_whole(tmp_path: Path) -> None:
    """A user trial: two Wired articles stopped after their first body container (3 kB of 8)."""
    first = "".join(f"<p>The bank said its new app had {n} thousand users in the first week of its launch.</p>"
                    for n in range(1, 9))
    rest = "".join(f"<p>Analysts counted {n} rival apps that had tried the same idea and later closed down.</p>"
                   for n in range(1, 9))
    page = f"""<html><head><title>Banking apps</title></head><body><article>
    <div class="grid"><div class="body body__container article__body">{first}</div>
    <div class="aside"><div class="ad">Advertisement</div></div></div>
    <div class="row full-bleed-ad"><span class="ad-label">Advertisement</span></div>
    <div class="grid"><div class="body body__container article__body">{rest}</div></div>
    </article></body></html>"""
    text = load_file(write(tmp_path / "split.html", page)).text
    assert "8 thousand users" in text and "8 rival apps" in text and "Advertisement" not in text
    assert text.count("rival apps") == 8


@pytest.mark.parametrize(("title", "expected"), [
    ("Bridge reopens – Example News", "Bridge reopens"),
    ("Bridge reopens | example news", "Bridge reopens"),
    ("Example News: Bridge reopens", "Bridge reopens"),
    ("Example News - Sport - Bridge reopens", "Sport - Bridge reopens"),
    ("Opinion | Bridge reopens", "Opinion | Bridge reopens"),
    ("Newsroom-Example News", "Newsroom-Example News"),  # a hyphen inside a word is no separator
    ("Example News", "Example News"),  # nothing but the name: kept, not emptied
    ("Sport - Bridge reopens - Example News", "Sport - Bridge reopens"),
])
def test_the_site_name_is_taken_off_a_page_title(title: str, expected: str) -> None:
    assert without_site_name(title, "Example News") == expected


@pytest.mark.parametrize(("title", "site", "expected"), [
    # a user trial's pages: the name shorter than the site calls itself, or its host spaced out
    ("The 7th Amsterdam Light Festival | Inexhibit", "Inexhibit magazine", "The 7th Amsterdam Light Festival"),
    ("Telescope spots water vapor - Hawaii News Now", "hawaiinewsnow.com", "Telescope spots water vapor"),
    ("Telescope spots water vapor - Hawaii", "hawaiinewsnow.com", "Telescope spots water vapor - Hawaii"),
    ("Trade talks stall | Business", "Business Insider", "Trade talks stall | Business"),  # not the site's name
])
def test_the_site_name_is_taken_off_a_title_however_the_page_writes_it(title: str, site: str, expected: str) -> None:
    assert without_site_name(title, site) == expected


def test_an_html_page_title_is_stored_without_the_site_name(tmp_path: Path) -> None:
    # trafilatura leaves it on when the page's og:title has it, as on 16 of the 90 real pages of make bench-extract
    html = """<html><head><title>Bridge reopens – Example News</title>
    <meta property="og:title" content="Bridge reopens – Example News">
    <meta property="og:site_name" content="Example News"></head>
    <body><article><p>The bridge reopened on Monday after two years of repairs.</p></article></body></html>"""
    article = load_file(write(tmp_path / "d.html", html))
    assert (article.title, article.source) == ("Bridge reopens", "Example News")


def test_html_boilerplate_comments_and_guessed_dates_are_left_out(tmp_path: Path) -> None:
    html = """<html><head><title>Ferry fares cut | Harbour Times</title></head><body>
    <div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p></div>
    <nav><ul><li>Home</li><li>World</li></ul></nav>
    <article><h1>Ferry fares cut</h1><p class="byline">By Ana Ruiz</p>
    <p>The harbour ferry will cost half as much from May, the council said on Tuesday after a long debate.</p>
    <p>Councillors voted 9 to 2 for the cut, which the city will pay for from <i>parking fees</i>.</p></article>
    <aside><h3>Related stories</h3><ul><li><a href="/x">Bridge reopens after repairs</a></li></ul></aside>
    <section id="comments"><h3>Comments</h3><div class="comment"><p>Great news for commuters!</p></div></section>
    <footer><p>Copyright 2025 Harbour Times</p></footer></body></html>"""
    article = load_file(write(tmp_path / "ferry.html", html))
    assert article.text == ("Ferry fares cut\nThe harbour ferry will cost half as much from May, the council said on "
                            "Tuesday after a long debate.\nCouncillors voted 9 to 2 for the cut, which the city will "
                            "pay for from parking fees.")
    assert (article.title, article.author) == ("Ferry fares cut", "Ana Ruiz")
    assert article.published == ""  # "Copyright 2025" is not a publication date


def test_an_html_fragment_is_read_as_its_text(tmp_path: Path) -> None:
    assert load_file(write(tmp_path / "f.html", "<p>Just one <b>short</b> line.</p>")).text == "Just one short line."


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("latin1.txt", b"caf\xe9 au lait", InvalidDocument),
        ("empty.txt", b"   \n", InvalidDocument),
        ("binary.txt", b"abc\x00def", InvalidDocument),
        ("bad.md", b"---\ntitle: [unclosed\n---\nbody", InvalidDocument),
        # front matter never closed: stored before as an article titled "---", its YAML as its text
        ("open.md", b"---\ntitle: Harbour bridge reopens\npublished: 2024-03-01\n\nThe bridge reopened.",
         InvalidDocument),
        ("sheet.pdf", b"%PDF-1.4", UnsupportedFileType),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_error(tmp_path: Path, name: str, content: bytes,
                                                          error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        load_file(write(tmp_path / name, content))
    assert name in str(caught.value)


def test_a_rule_opening_a_text_is_not_front_matter(tmp_path: Path) -> None:
    article = load_file(write(tmp_path / "rule.md", "---\n\nThe harbour bridge reopened on Monday.\n"))
    assert "harbour bridge reopened" in article.text


def test_an_empty_front_matter_block_is_no_title(tmp_path: Path) -> None:
    """A user trial: "---" twice was stored as an article titled "---" with both lines in its text."""
    article = load_file(write(tmp_path / "harbour-news.md", "---\n---\nThe harbour bridge reopened on Monday.\n"))
    assert article.title != "---" and article.text.startswith("The harbour bridge reopened")


def test_find_files_walks_folders_and_rejects_named_unsupported_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "x.txt", "x")
    write(tmp_path / "y.md", "y")
    write(tmp_path / "z.csv", "z")
    assert [p.name for p in find_files([tmp_path])] == ["x.txt", "y.md"]
    with pytest.raises(UnsupportedFileType):
        list(find_files([tmp_path / "z.csv"]))
    with pytest.raises(InvalidDocument):
        list(find_files([tmp_path / "missing"]))


def test_linked_folders_are_followed_once_and_a_dangling_link_is_named(tmp_path: Path) -> None:
    """A user trial: an archive folder linked into the indexed one was skipped without a word, and so was a
    link to a file that is gone."""
    archive, elsewhere = tmp_path / "archive", tmp_path / "elsewhere"
    archive.mkdir()
    elsewhere.mkdir()
    write(archive / "a.md", "a")
    write(elsewhere / "linked.md", "b")
    (archive / "2023").symlink_to(elsewhere)
    (archive / "loop").symlink_to(archive)  # a link back up: walked once, no loop
    (archive / "gone.md").symlink_to(tmp_path / "deleted.md")
    found = [p.relative_to(archive).as_posix() for p in find_files([archive])]
    assert found == ["2023/linked.md", "a.md", "gone.md"]
    with pytest.raises(InvalidDocument, match="gone.md cannot be read: it is a link to a file that is not there"):
        load_file(archive / "gone.md")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    from index import DocumentTooLarge

    path = write(tmp_path / "huge.md", "The harbour reopened. " * 100)
    with pytest.raises(DocumentTooLarge, match="huge.md is 2,200 bytes, over the 2,000 an article may have"):
        load_file(path, max_bytes=2000)
    assert load_file(path, max_bytes=2200).text.startswith("The harbour reopened.")


@pytest.mark.parametrize(("file", "kind", "text"), [
    ("---\ntitle: Fares cut on harbour ferries\n---\n\nThe council cut fares.\n", ".md",
     "Fares cut on harbour ferries\n\nThe council cut fares."),
    # a body that opens with its headline already: as written ("# Title", other case or punctuation)
    ("---\ntitle: Fares cut on harbour ferries\n---\n\n# Fares Cut on Harbour Ferries!\n\nThe council cut fares.\n",
     ".md", "# Fares Cut on Harbour Ferries!\n\nThe council cut fares."),
    # a title cut short by the search that saved it, whose body opens with the whole headline
    ("---\ntitle: Fares cut on harbour ...\n---\n\nFares cut on harbour ferries as council votes\n\nThe council "
     "cut fares.\n", ".md", "Fares cut on harbour ferries as council votes\n\nThe council cut fares."),
    ("<html><head><title>Fares cut | Harbour Times</title><meta property='og:site_name' content='Harbour Times'>"
     "</head><body><article><p>The council cut fares on Monday in a long meeting of the harbour board.</p>"
     "<p>It met for hours and voted seven to two for the cut.</p></article></body></html>", ".html",
     "Fares cut\n\nThe council cut fares on Monday in a long meeting of the harbour board.\nIt met for hours and "
     "voted seven to two for the cut."),
    ("Fares cut\nThe council cut fares.\n", ".txt", "Fares cut\nThe council cut fares."),  # its first line already
])
def test_an_articles_headline_is_its_texts_first_line(file: str, kind: str, text: str) -> None:
    article = article_from_text(file, origin="x", name=f"a{kind}", kind=kind)
    assert article.text == text


def test_a_page_declaring_its_address_and_site_where_trafilatura_does_not_look(tmp_path: Path) -> None:
    """A user trial on real pages (Sportsnet, BGR, a WordPress site): the page's <link rel="canonical"> and
    og:site_name stood where trafilatura's metadata finder does not read them, and the article was stored without
    its address and outlet."""
    body = "<p>" + "The harbour ferry will cost half as much from May, the council said on Tuesday. " * 3 + "</p>"
    page = tmp_path / "ferry.html"
    page.write_text('<html><head><title>Ferry fares cut</title></head><body><meta property="og:site_name" '
                    'content="Harbour &amp; Bay Herald"><link href="https://news.example.com/ferry-fares" '
                    f"rel='canonical'><article><h1>Ferry fares cut</h1>{body}</article></body></html>")
    article = load_file(page)
    assert article.url == "https://news.example.com/ferry-fares"
    assert article.source == "Harbour & Bay Herald"


def test_a_text_saved_under_its_dateline_and_a_page_cut_short_keep_their_names(tmp_path: Path) -> None:
    """A trial on 2022's news: 14 of 100 .txt articles were titled "CNN —" (their first line, a dateline), a page
    titled "... | CNN ..." was stored with the outlet "CNN ...", and "Paul R. La Monica" became "Paul R La Monica"."""
    dated = load_file(write(tmp_path / "bahamas.txt", "Nassau, Bahamas CNN —\n\nThree Americans who died at a resort "
                                                       "were from Tennessee and Florida, police said. More tests "
                                                       "are due.\n"))
    assert dated.title == "Three Americans who died at a resort were from Tennessee and Florida, police said."
    assert dated.text.startswith("Nassau, Bahamas CNN —")  # the text stays as written
    plain = load_file(write(tmp_path / "plain.txt", "WASHINGTON -- Officials met on Monday.\nMore later.\n"))
    assert plain.title == "WASHINGTON -- Officials met on Monday."  # a dateline opening a sentence is its line
    page = """<html><head><title>Ferry fares cut for commuters | Harbour Times ...</title>
    <meta property="og:site_name" content="Harbour Times ..."><meta name="author" content="Ana R. Ruiz"></head>
    <body><article><h1>Ferry fares cut for commuters</h1><p>The harbour ferry will cost half as much from May, the
    council said on Tuesday after a long debate about the city's budget.</p></article></body></html>"""
    article = load_file(write(tmp_path / "ferry.html", page))
    assert (article.title, article.source, article.author) == (
        "Ferry fares cut for commuters", "Harbour Times", "Ana R. Ruiz")
