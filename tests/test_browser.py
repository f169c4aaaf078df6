"""The chat page in real headless Chromium (Debian's package), driven by Playwright against a live server.

The module's set-up also takes the README's screenshot (docs/chat.png) of the
page answering a seed question.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from api import create_app
from index import Embedder, article_from_text
from qa import Service, Settings
from tests.conftest import ROOT, SEEDS, make_service
from tests.live import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SCREENSHOT = ROOT / "docs" / "chat.png"
HOSTILE = """---
title: Harbour council approves ferry wharf <b>budget</b>
source: Harbour Herald
published: 2026-11-20
---
The harbour council approved a <script>window.__xss = 1</script> budget for the new ferry wharf on Tuesday.
Councillors said the <img src=x onerror="window.__xss = 2"> wharf would open in the spring."""
QUESTION = "Who is leading the Space Force partnership initiative?"
# characters outside the Basic Multilingual Plane (emoji) before the cited span: two UTF-16 units each in
# JavaScript, one character each in the API's offsets
EMOJI = """---
title: Brindle opens its observatory
source: Brindle Bugle
published: 2026-11-21
---
Fans posted 🎉🎉🎉🎉🎉 all night and 🔭 pictures by the hundred.

The weather was mild.

The mayor of Brindle, Ola Fenn, cut the ribbon at the new observatory on Friday.

The observatory cost 3 million euros."""

@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[tuple[str, Service]]:
    service = make_service(tmp_path_factory.mktemp("browser"), embedder)
    service.index([SEEDS])
    service.add_article(article_from_text(HOSTILE, origin="test:hostile", name="hostile.md", kind=".md"))
    service.add_article(article_from_text(EMOJI, origin="test:emoji", name="emoji.md", kind=".md"))
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("unused")), service=service)
    with serve(app) as url:
        yield url, service
    service.close()


@pytest.fixture(scope="module")
def base_url(served: tuple[str, Service]) -> str:
    return served[0]


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Debian's chromium at {CHROMIUM}: run `make browser` (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        _take_screenshot(browser, base_url)
        yield browser
        browser.close()


def _take_screenshot(browser: Browser, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 760})
    page.goto(base_url)
    _ask(page, QUESTION)
    page.locator(".msg.assistant .chip").last.click()
    expect(page.locator("#viewer-text mark")).to_be_visible()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    page.close()


@pytest.fixture()
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 800})  # a fresh localStorage per test
    page = context.new_page()
    page.goto(base_url)
    yield page
    context.close()


def _ask(page: Page, question: str) -> None:
    answers = page.locator(".msg.assistant")
    before = answers.count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    expect(answers).to_have_count(before + 1, timeout=30_000)
    expect(page.locator("#send")).to_be_enabled()


def _stored(page: Page) -> list[dict[str, object]]:
    conversation: list[dict[str, object]] = json.loads(page.evaluate("localStorage.getItem('news-qa.conversation.v1')"))
    return conversation


def test_the_page_starts_empty_and_streams_an_answer_with_citation_chips(page: Page) -> None:
    expect(page.locator("#empty")).to_be_visible()
    with page.expect_response("**/api/chat") as response:
        _ask(page, QUESTION)
    assert response.value.headers["content-type"].startswith("text/event-stream")
    expect(page.locator("#empty")).to_be_hidden()
    answer = page.locator(".msg.assistant").last
    expect(answer).to_contain_text("Air Marshal Paul Godfrey")
    stored = _stored(page)[-1]
    chips = answer.locator(".chip")
    expect(chips).to_have_count(len(stored["citations"]))  # type: ignore[arg-type]
    expect(answer.locator(".sources li")).to_have_count(len(stored["citations"]))  # type: ignore[arg-type]
    for item, citation in zip(answer.locator(".sources li").all(), stored["citations"], strict=True):  # type: ignore[call-overload]
        expect(item).to_contain_text(f"[{citation['n']}] {citation['title']} — {citation['source']}")


def test_a_chip_opens_the_source_with_the_cited_span_highlighted(page: Page) -> None:
    _ask(page, QUESTION)
    citations: list[dict[str, object]] = _stored(page)[-1]["citations"]  # type: ignore[assignment]
    for citation in citations:
        page.locator(f".msg.assistant .chip[data-n='{citation['n']}']").click()
        mark = page.locator("#viewer-text mark")
        expect(mark).to_have_text(str(citation["quote"]))
        expect(mark).to_be_in_viewport()
        expect(page.locator("#viewer-title")).to_have_text(str(citation["title"]))
        expect(page.locator("#viewer-close")).to_be_focused()  # keyboard users land in the viewer
    page.keyboard.press("Escape")
    expect(page.locator("#viewer")).to_be_hidden()
    expect(page.locator(f".msg.assistant .chip[data-n='{citations[-1]['n']}']")).to_be_focused()  # back where it was


def test_the_cited_span_is_highlighted_exactly_after_emoji(page: Page) -> None:
    """The API's offsets count characters (code points); the page counts them so too, not UTF-16 units (a
    user trial saw the highlight shifted one character for every emoji before it)."""
    _ask(page, "Who cut the ribbon at the Brindle observatory?")
    citations: list[dict[str, object]] = _stored(page)[-1]["citations"]  # type: ignore[assignment]
    cited = [c for c in citations if c["title"] == "Brindle opens its observatory"]
    assert cited, citations
    page.locator(f".msg.assistant .chip[data-n='{cited[0]['n']}']").click()
    expect(page.locator("#viewer-text mark")).to_have_text(str(cited[0]["quote"]))
    expect(page.locator("#viewer-text")).to_contain_text("🎉🎉🎉🎉🎉")  # the text around it, whole


def test_a_follow_up_is_answered_in_context_and_survives_a_reload(page: Page) -> None:
    _ask(page, QUESTION)
    _ask(page, "What is his rank?")
    follow_up = page.locator(".msg.assistant").last
    expect(follow_up.locator(".standalone")).to_contain_text("Godfrey")
    expect(follow_up).to_contain_text("Air Marshal")
    page.reload()
    expect(page.locator(".msg")).to_have_count(4)
    expect(page.locator(".msg.assistant").last).to_contain_text("Air Marshal")
    expect(page.locator(".msg.assistant").last.locator(".chip").first).to_be_visible()
    page.click("#clear")
    expect(page.locator(".msg")).to_have_count(0)
    expect(page.locator("#empty")).to_be_visible()


def test_a_follow_ups_context_is_shown_apart_from_the_question_it_was_answered_as(page: Page) -> None:
    """A trial of the page: "Answered as: When was it announced? (Philadelphia; Jokic)" read as a garbled question."""
    _ask(page, QUESTION)
    _ask(page, "Why?")
    why = page.locator(".msg.assistant").last.locator(".standalone")
    expect(why).to_contain_text("Answered as: Why? (in the context of: ")
    expect(why).not_to_contain_text("Why? (Who")
    page.click("#clear")


def test_a_new_turn_is_added_without_redrawing_the_turns_before_it(page: Page) -> None:
    # the list is a live region: every turn was redrawn after each answer, so a screen reader read them all again
    _ask(page, QUESTION)
    page.evaluate("document.querySelectorAll('.msg').forEach((m) => m.setAttribute('data-read', 'yes'))")
    _ask(page, "What is his rank?")
    expect(page.locator(".msg")).to_have_count(4)
    expect(page.locator(".msg[data-read='yes']")).to_have_count(2)
    expect(page.locator(".msg").nth(3)).to_contain_text("Air Marshal")
    expect(page.locator(".msg[aria-busy]")).to_have_count(0)  # the streamed answer, whole, in the stream's place


def test_markup_in_a_document_is_shown_as_text_and_runs_nothing(page: Page) -> None:
    _ask(page, "What did the harbour council approve for the ferry wharf?")
    answer = page.locator(".msg.assistant").last
    expect(answer).to_contain_text("<script>window.__xss = 1</script>")
    expect(answer.locator(".sources li").first).to_contain_text(
        "Harbour council approves ferry wharf <b>budget</b> — Harbour Herald, 2026-11-20")
    answer.locator(".chip").first.click()
    expect(page.locator("#viewer-text")).to_contain_text('<img src=x onerror="window.__xss = 2">')
    page.reload()
    expect(page.locator(".msg.assistant").last).to_contain_text("<script>")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#messages img, #viewer img, #messages script, #viewer script").count() == 0


def test_as_of_control_dates_the_answer_and_marks_an_old_source(page: Page) -> None:
    question = "What did the harbour council approve for the ferry wharf?"
    page.fill("#as-of", "2028-01-15")
    with page.expect_request("**/api/chat") as request:
        _ask(page, question)
    assert request.value.post_data_json["as_of"] == "2028-01-15"
    answer = page.locator(".msg.assistant").last
    expect(answer.locator(".time-window")).to_have_text("As of 2028-01-15")
    source = answer.locator(".sources li").first
    expect(source).to_contain_text("Harbour Herald, 2026-11-20")
    expect(source).to_have_class("old")
    expect(source).to_contain_text("more than a year before 2028-01-15")
    answer.locator(".chip").first.click()  # the viewer marks it too (a user trial saw the mark in the list only)
    expect(page.locator("#viewer-meta .old-note")).to_have_text(" (more than a year before 2028-01-15)")
    page.keyboard.press("Escape")
    page.fill("#as-of", "2026-11-01")  # before the article was published: it is not used
    _ask(page, question)
    earlier = page.locator(".msg.assistant").last
    expect(earlier.locator(".time-window")).to_have_text("As of 2026-11-01")
    expect(earlier).not_to_contain_text("Harbour Herald")
    page.fill("#as-of", "")
    _ask(page, "What did the harbour council approve this week?")
    expect(page.locator(".msg.assistant").last.locator(".time-window")).to_contain_text("preferred (this week)")


def test_a_refused_question_is_shown_as_refused(page: Page) -> None:
    _ask(page, "Who won the 2023 Rugby World Cup final?")
    answer = page.locator(".msg.assistant").last
    expect(answer).to_have_class("msg assistant refused")
    expect(answer).to_contain_text("The articles don't say.")
    expect(answer.locator(".chip")).to_have_count(0)


def test_an_unreachable_server_is_reported_and_nothing_is_lost(page: Page) -> None:
    page.route("**/api/chat", lambda route: route.abort())
    _ask(page, "Which launch unit does Panzenhagen command?")
    expect(page.locator(".msg.error")).to_contain_text("cannot be reached")
    expect(page.locator(".msg.user")).to_have_text(["Which launch unit does Panzenhagen command?"])
    expect(page.locator("#question")).to_have_value("Which launch unit does Panzenhagen command?")  # to ask again
    page.unroute("**/api/chat")
    with page.expect_request("**/api/chat") as request:
        page.press("#question", "Enter")  # asked again as it was put back: the answer takes the error's place
    # the failed question is not sent again as part of the conversation (two questions in a row, no answer)
    assert request.value.post_data_json["messages"] == [
        {"role": "user", "content": "Which launch unit does Panzenhagen command?"}]
    expect(page.locator(".msg.assistant").last).to_contain_text("Space Launch Delta 45")
    # and the try that failed gives its place to the one that answered (a user trial saw one question four times)
    expect(page.locator(".msg.user")).to_have_count(1)
    expect(page.locator(".msg.error")).to_have_count(0)
    assert [m["role"] for m in _stored(page)] == ["user", "assistant"]


def test_a_stream_cut_short_is_an_error_not_an_answer(page: Page) -> None:
    events = ('event: question\ndata: {"standalone_question": "Who leads it?"}\n\n'
              'event: delta\ndata: {"text": "The Pentagon and US intelligence [1] services would"}\n\n')
    page.route("**/api/chat", lambda route: route.fulfill(status=200, content_type="text/event-stream", body=events))
    _ask(page, "Who leads it?")
    expect(page.locator(".msg.assistant").last).to_have_class("msg assistant error")
    expect(page.locator(".msg.assistant").last).to_contain_text("cut off before it was complete")
    assert all(m.get("error") for m in _stored(page) if m["role"] == "assistant")
    page.route("**/api/chat", lambda route: route.fulfill(status=200, content_type="text/event-stream",
                                                          body="event: delta\ndata: {not json\n\n"))
    page.fill("#question", "Who leads it?")
    page.press("#question", "Enter")  # the same question again: its new try in the failed one's place
    expect(page.locator(".msg.assistant").last).to_contain_text('unreadable "delta" event')
    expect(page.locator(".msg.user")).to_have_count(1)


def test_a_server_that_never_answers_is_given_up_and_the_page_stays_usable(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    context.add_init_script("window.newsQaIdleLimitMs = 1500")
    page = context.new_page()
    page.goto(base_url)
    page.route("**/api/chat", lambda route: None)  # accepted, never answered
    _ask(page, "Who leads it?")
    expect(page.locator(".msg.error")).to_contain_text("No answer came in 1.5 s")
    expect(page.locator("#status")).to_be_hidden()
    context.close()


def test_a_new_conversation_while_answering_drops_that_answer(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    # the answer takes 1.5 s to start, so "New conversation" is pressed while it is pending
    context.add_init_script("""{ const fetched = window.fetch;
      window.fetch = async (url, init) => { if (String(url).includes('/api/chat')) await new Promise(r => setTimeout(r, 1500));
                                           return fetched(url, init); }; }""")
    page = context.new_page()
    page.goto(base_url)
    page.fill("#question", QUESTION)
    page.press("#question", "Enter")
    expect(page.locator("#send")).to_be_disabled()
    page.click("#clear")
    expect(page.locator("#send")).to_be_enabled()
    page.wait_for_timeout(2500)
    expect(page.locator(".msg")).to_have_count(0)
    assert _stored(page) == []
    context.close()


def test_a_half_typed_as_of_date_is_not_sent_as_today(page: Page) -> None:
    page.click("#as-of")
    page.keyboard.type("02302025")  # 30 February: the field's value reads as empty
    assert page.evaluate("document.getElementById('as-of').validity.badInput")
    page.fill("#question", QUESTION)
    page.press("#question", "Enter")
    expect(page.locator("#status")).to_contain_text("not a whole date")
    expect(page.locator(".msg")).to_have_count(0)
    expect(page.locator("#question")).to_have_value(QUESTION)


def test_a_question_of_spaces_alone_is_answered_with_a_hint(page: Page) -> None:
    """A user trial: "   " and Enter did nothing and said nothing, the spaces hiding the box's hint."""
    page.fill("#question", "   ")
    page.press("#question", "Enter")
    expect(page.locator("#status")).to_have_text("Type a question about the articles first.")
    expect(page.locator(".msg")).to_have_count(0)
    expect(page.locator("#question")).to_have_value("")
    expect(page.locator("#question")).to_be_focused()


def test_an_old_source_is_one_published_before_the_same_day_a_year_earlier(page: Page) -> None:
    cases = [("2024-01-10", "2025-01-10", False), ("2024-01-09", "2025-01-10", True),
             ("2023-03-01", "2024-03-01", False), ("2023-03-01", "2024-02-29", False), ("2023-02-28", "2024-02-29", True),
             ("", "2025-01-10", False)]
    for published, as_of, old in cases:
        assert page.evaluate("([p, a]) => isOld(p, a)", [published, as_of]) is old, (published, as_of)


def test_a_second_passage_of_an_article_cited_before_says_so(page: Page) -> None:
    """A user trial read [1] and [2] of one article as two sources; a source's date is its day."""
    texts = page.evaluate("""() => {
        const cite = (n, id) => ({n, document_id: id, title: `Title ${id}`, source: "Herald",
                                  published: "2024-01-05T10:00:00Z"});
        const list = sourcesList([cite(1, "a"), cite(2, "b"), cite(3, "a")], "2024-02-01");
        return [...list.querySelectorAll("li")].map((li) => li.textContent);
    }""")
    assert texts[0] == "[1] Title a — Herald, 2024-01-05", texts
    assert texts[1] == "[2] Title b — Herald, 2024-01-05", texts
    assert texts[2] == "[3] Title a — Herald, 2024-01-05, another passage of the article of [1]", texts
    # the day on one line (a user trial on a phone saw "2024-06-" and "01" on two), and the link to the original not
    # named by the site when the row names it already ("www.usatoday.com, 2024-06-01 www.usatoday.com")
    assert page.evaluate("""() => {
        const list = sourcesList([{n: 1, document_id: "a", title: "T", source: "Herald", published: "2024-01-05"}],
                                 "2024-02-01");
        document.body.append(list);
        const day = list.querySelector(".day");
        const shown = [day.textContent, getComputedStyle(day).whiteSpace];
        list.remove();
        return shown;
    }""") == ["2024-01-05", "nowrap"]
    assert page.evaluate("""() => [sourceLink("https://www.usatoday.com/story/x", "www.usatoday.com").textContent,
                                   sourceLink("https://www.usatoday.com/story/x", "USA TODAY").textContent]""") == [
        "read the original", "www.usatoday.com"]


def test_the_newest_answer_is_kept_in_view(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 900, "height": 500})
    page = context.new_page()
    page.goto(base_url)
    for question in (QUESTION, "Which launch unit does Panzenhagen command?", "Who is Judith Collins?"):
        _ask(page, question)
        expect(page.locator(".msg.assistant").last).to_be_in_viewport()
        # all of it, its sources too, above the question bar (a user trial: ~90 px of it were under the bar)
        assert page.evaluate("""() => [...document.querySelectorAll('.msg.assistant')].pop().getBoundingClientRect()
            .bottom <= document.getElementById('ask').getBoundingClientRect().top + 1""")
    assert page.evaluate("window.scrollY") > 0
    context.close()


def test_a_source_that_arrives_late_does_not_replace_the_one_opened_after_it(page: Page,
                                                                             served: tuple[str, Service]) -> None:
    """A user trial: a first source slow to arrive was shown under the title of the second one opened."""
    slow = next(d.id for d in served[1].documents() if d.title.startswith("US Space Force"))
    held: list[Any] = []
    page.route(f"**/api/documents/{slow}", lambda route: held.append(route))  # its requests wait until released
    _ask(page, QUESTION)
    _ask(page, "What did the harbour council approve for the ferry wharf?")
    first, second = page.locator(".msg.assistant").nth(0), page.locator(".msg.assistant").nth(1)
    first.locator(".chip").first.click()
    expect(page.locator("#viewer-meta")).to_have_text("Loading the article…")
    second.locator(".chip").first.click()
    shown: dict[str, Any] = _stored(page)[-1]["citations"][0]  # type: ignore[index]
    expect(page.locator("#viewer-text mark")).to_have_text(str(shown["quote"]))
    assert held
    for route in held:
        route.continue_()
    page.wait_for_function(f"fetchDocument({json.dumps(slow)}).then(() => true)")
    expect(page.locator("#viewer-title")).to_have_text(str(shown["title"]))
    expect(page.locator("#viewer-text mark")).to_have_text(str(shown["quote"]))


def test_escape_in_the_question_box_closes_the_source_and_leaves_the_focus_there(page: Page) -> None:
    """A user trial: Escape typed in the question box moved the focus to the chip, so the next keys were lost."""
    _ask(page, QUESTION)
    page.locator(".msg.assistant .chip").first.click()
    expect(page.locator("#viewer-text mark")).to_be_visible()
    page.click("#question")
    page.keyboard.type("Who is the mayor")
    page.keyboard.press("Escape")
    expect(page.locator("#viewer")).to_be_hidden()
    expect(page.locator("#question")).to_be_focused()
    page.keyboard.type(" of Auckland?")
    expect(page.locator("#question")).to_have_value("Who is the mayor of Auckland?")


def test_as_of_is_kept_with_the_conversation_and_a_year_out_of_range_is_refused(page: Page) -> None:
    """A user trial: a reload kept the conversation but not its "as of", so a follow-up changed its dates; and a
    year typed as "0004" was sent."""
    page.fill("#as-of", "2028-01-15")
    page.locator("#as-of").dispatch_event("change")
    _ask(page, QUESTION)
    page.reload()
    expect(page.locator("#as-of")).to_have_value("2028-01-15")
    with page.expect_request("**/api/chat") as request:
        _ask(page, "What is his rank?")
    assert request.value.post_data_json["as_of"] == "2028-01-15"
    page.fill("#as-of", "0004-02-02")
    page.fill("#question", QUESTION)
    page.press("#question", "Enter")
    expect(page.locator("#status")).to_contain_text("not a whole date")
    expect(page.locator(".msg")).to_have_count(4)


def test_a_question_over_the_limit_is_refused_whole_not_cut(page: Page) -> None:
    """A user trial: a pasted question of 1,345 characters was cut at 1,000 without a word, its question lost."""
    long = "Background: " + "the bridge was busy that night. " * 40 + "How many workers were on the bridge?"
    page.fill("#question", long)
    page.press("#question", "Enter")
    expect(page.locator(".msg.error")).to_contain_text("1000")
    expect(page.locator("#question")).to_have_value(long)


def test_shift_enter_adds_a_line_and_enter_sends(page: Page) -> None:
    page.click("#question")
    page.keyboard.type("Which launch unit")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("does Panzenhagen command?")
    assert page.input_value("#question") == "Which launch unit\ndoes Panzenhagen command?"
    expect(page.locator(".msg")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(page.locator(".msg.user")).to_have_count(1)
    expect(page.locator(".msg.assistant")).to_have_count(1, timeout=30_000)


def test_the_page_fits_a_phone_screen(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 700}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url)
    _ask(page, QUESTION)
    page.locator(".msg.assistant .chip").first.tap()
    expect(page.locator("#viewer-text mark")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
    narrow = browser.new_page(viewport={"width": 375, "height": 700})  # a narrow desktop window too
    narrow.goto(base_url)
    narrow.click("#feeds-toggle")  # a user trial: its "Add feed / Poll now" row was wider than the screen
    expect(narrow.locator("#feeds-poll")).to_be_in_viewport(ratio=1)
    assert narrow.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    narrow.close()


def test_a_written_answer_streams_its_draft_then_shows_only_checked_sentences(page: Page,
                                                                            served: tuple[str, Service]) -> None:
    """With a real (small) language model: the draft shows while it is written; the answer is then either
    the verified sentences, marked, each with its chips, or the extractive answer."""
    from qa.llm import open_model
    from tests.test_written import smollm2

    service = served[1]
    service.model, service.model_budget_s = open_model("local", model=str(smollm2()), max_tokens=60), 120
    # The draft may show for a fraction of a second (this model writes a short answer fast): the page itself
    # records every draft text it shows while the answer streams.
    page.evaluate("""() => {
        window.drafts = [];
        new MutationObserver(() => {
            for (const d of document.querySelectorAll('.msg.assistant.streaming .draft')) {
                if (d.textContent.trim()) window.drafts.push(d.textContent);
            }
        }).observe(document.body, {subtree: true, childList: true, characterData: true});
    }""")
    try:
        page.fill("#question", QUESTION)
        page.press("#question", "Enter")
        expect(page.locator(".msg.assistant:not(.streaming)")).to_have_count(1, timeout=120_000)
        assert page.evaluate("window.drafts.length") > 0, "no draft was shown while the model wrote"
    finally:
        service.model = None
    answer = page.locator(".msg.assistant").last
    expect(answer.locator(".draft")).to_have_count(0)
    stored = _stored(page)[-1]
    if stored["mode"] == "generative":
        expect(answer.locator(".written-note")).to_be_visible()
        expect(answer.locator(".fallback-note")).to_have_count(0)
        verified = [s for s in stored["sentences"] if s["verified"]]  # type: ignore[union-attr]
        expect(answer.locator(".sentence.verified")).to_have_count(len(verified))
        expect(answer.locator(".answer .chip")).to_have_count(sum(len(s["citations"]) for s in verified))
    else:
        expect(answer.locator(".written-note")).to_have_count(0)
        # why the draft was replaced by the quoted passages (a user trial: nothing said so)
        expect(answer.locator(".fallback-note")).to_contain_text(str(stored["fallback"]))
        assert stored["fallback"]
        expect(answer.locator(".answer")).to_contain_text(str(stored["content"]).split(" [")[0])
        expect(answer.locator(".answer .chip")).to_have_count(len(stored["citations"]))  # type: ignore[arg-type]


def test_the_sources_panel_adds_polls_and_removes_a_feed_with_the_key(browser: Browser, tmp_path: Path,
                                                                      embedder: Embedder) -> None:
    """Feeds in the page: listed with their last poll, added and polled once the write key is given, their
    articles cited with a link to where they were published and their date, and removed."""
    from tests.test_feeds import RSS, TRAM
    from bench.site import Site
    from tests.test_web import FERRY

    site = Site()
    site.pages["/news/ferry-fares"] = (200, "text/html", FERRY.format(votes="9 to 2"))
    site.pages["/news/tram"] = (200, "text/html", TRAM)
    site.pages["/rss.xml"] = (200, "application/rss+xml", RSS.format(base=site.base))
    service = make_service(tmp_path / "data", embedder)
    app = create_app(Settings(data_dir=tmp_path / "unused", api_key="secret"), service=service)
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    try:
        with serve(app) as url:
            page = context.new_page()
            page.goto(url)
            page.click("#feeds-toggle")
            expect(page.locator("#feeds-list")).to_contain_text("No feeds yet")
            page.fill("#feeds-url", f"{site.base}/rss.xml")
            page.click("#feeds-add button[type=submit]")
            expect(page.locator("#feeds-note")).to_contain_text("write key")  # 401: the key is asked for
            expect(page.locator("#feeds-key")).to_be_visible()
            page.fill("#feeds-key", "secret")
            page.locator("#feeds-key").dispatch_event("change")
            page.fill("#feeds-url", f"{site.base}/no-such-feed.xml")
            page.click("#feeds-add button[type=submit]")
            expect(page.locator("#feeds-note")).to_contain_text("cannot be added")  # read first: a 404 is refused
            expect(page.locator("#feeds-list")).to_contain_text("No feeds yet")
            page.fill("#feeds-url", f"{site.base}/rss.xml")
            page.click("#feeds-add button[type=submit]")
            expect(page.locator("#feeds-note")).to_contain_text("Added “Harbour Times”")
            expect(page.locator("#feeds-list .feed")).to_have_count(1)
            expect(page.locator("#feeds-list .feed")).to_contain_text("Polled never")
            page.click("#feeds-poll")
            expect(page.locator("#feeds-note")).to_contain_text("2 new", timeout=60_000)
            expect(page.locator("#feeds-list .feed")).to_contain_text("Harbour Times")
            expect(page.locator("#feeds-list .feed-status")).to_contain_text("2 items")

            _ask(page, "How did the councillors vote on the ferry fare cut?")
            source = page.locator(".msg.assistant .sources li").first
            expect(source).to_contain_text("Harbour Times, 2025-04-01")  # its site and the feed item's date
            expect(source).not_to_contain_text("T09:00")  # the day alone, as every other source's
            link = source.locator("a.source-link")
            expect(link).to_have_attribute("href", f"{site.base}/news/ferry-fares")
            expect(link).to_have_text("127.0.0.1")

            page.click("#feeds-list .feed button")
            expect(page.locator("#feeds-list")).to_contain_text("No feeds yet")
            assert service.store.feeds.all() == [] and len(service.documents()) == 2  # its articles stay
    finally:
        context.close()
        service.close()
        site.close()
