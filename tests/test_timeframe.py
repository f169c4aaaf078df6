"""Dated questions: as_of parsing, relative time resolved against it, and the date's weight in evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from index import InvalidQuestion
from qa.recency import time_bonus
from qa.timeframe import parse_as_of, published_day, resolve, without_time_words

AS_OF = parse_as_of("2024-03-14")  # a Thursday


def window(question: str, as_of: dt.datetime = AS_OF) -> tuple[str | None, str | None]:
    frame = resolve(question, as_of)
    return (frame.start.isoformat() if frame.start else None, frame.end.isoformat() if frame.end else None)


def test_as_of_forms() -> None:
    assert AS_OF == dt.datetime(2024, 3, 14, 23, 59, 59, tzinfo=dt.timezone.utc)  # a date: the end of that day
    assert parse_as_of("2024-03-14T08:30:00Z") == dt.datetime(2024, 3, 14, 8, 30, tzinfo=dt.timezone.utc)
    assert parse_as_of("2024-03-14T08:30:00").tzinfo is dt.timezone.utc  # naive means UTC
    # a datetime's day is its own, in the offset written (as the README says): one instant, two days
    assert resolve("Who won?", parse_as_of("2024-05-03T23:30:00-05:00")).day == dt.date(2024, 5, 3)
    assert resolve("Who won?", parse_as_of("2024-05-04T04:30:00Z")).day == dt.date(2024, 5, 4)
    assert parse_as_of("20240314") == parse_as_of("2024-W11-4") == AS_OF  # every ISO date form: the whole day
    assert parse_as_of("2024-03-14t08:30:00z") == parse_as_of("2024-03-14T08:30:00Z")  # RFC 3339's lower case
    now = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    assert parse_as_of(None, now) == now and parse_as_of("", now) == now
    for bad in ("yesterday", "2024-13-01", "14/03/2024"):
        with pytest.raises(InvalidQuestion, match="as_of must be an ISO date"):
            parse_as_of(bad)


@pytest.mark.parametrize(("question", "expected"), [
    ("Which company announced layoffs this week?", ("2024-03-07", "2024-03-14")),
    ("Who won the race yesterday?", ("2024-03-13", "2024-03-14")),
    ("What did the court rule today?", ("2024-03-14", "2024-03-14")),
    ("Which bank failed last week?", ("2024-02-29", "2024-03-14")),
    ("What happened last month in Paris?", ("2024-02-01", "2024-02-29")),
    ("Who resigned this year?", ("2024-01-01", "2024-03-14")),
    ("Which storm hit Texas last year?", ("2023-01-01", "2023-12-31")),
    # seasons (a user trial: "Who did Harris visit in Minnesota last spring?" had no window)
    ("Who did Harris visit last spring?", ("2023-03-01", "2023-05-31")),  # this spring is not over on March 14
    ("Where did it snow this winter?", ("2023-12-01", "2024-02-29")),
    ("Where did it snow last summer?", ("2023-06-01", "2023-08-31")),
    ("What will happen this summer?", (None, None)),  # still to come
    ("What did the mayor say on Monday?", ("2024-03-11", "2024-03-14")),
    ("Which team won in March?", ("2024-03-01", "2024-03-14")),  # this March, up to as_of
    ("Which film won in December?", ("2023-12-01", "2023-12-31")),  # the latest December before as_of
    # "last October": the latest October before this month (a trial's "What about last October?" had no window)
    ("What happened last October?", ("2023-10-01", "2023-10-31")),
    ("What happened last February?", ("2024-02-01", "2024-02-29")),
    ("What happened last March?", ("2023-03-01", "2023-03-31")),  # asked in March: the March before
    ("Who led the polls in 2022?", ("2022-01-01", "2022-12-31")),
    ("Who won the 2022 World Cup?", (None, None)),  # a year naming an event is not a window
    ("Who is the president of France?", (None, None)),
    ("What will happen in 2030?", (None, None)),  # after as_of: no article can be from then
    # how news says when (a user trial found these without a window, answered from an older event)
    ("Who won the primary last night?", ("2024-03-13", "2024-03-14")),
    ("Who won Tuesday's primary?", ("2024-03-12", "2024-03-14")),
    ("Nichelle Nichols died Sunday. Which role did she play?", ("2024-03-10", "2024-03-14")),
    ("Last Tuesday, who won?", ("2024-03-12", "2024-03-14")),
    ("What happened over the weekend?", ("2024-03-07", "2024-03-14")),
    ("What happened in the past 48 hours?", ("2024-03-12", "2024-03-14")),
    ("Which bills passed in the past two weeks?", ("2024-02-29", "2024-03-14")),
    ("Which train derailed two weeks ago?", ("2024-02-26", "2024-03-03")),
    ("What happened 3 days ago?", ("2024-03-10", "2024-03-12")),
    ("Who won the primary on March 3?", ("2024-03-03", "2024-03-04")),  # that day and the next
    ("Who won on Feb. 27?", ("2024-02-27", "2024-02-28")),
    ("What happened on 3 March 2023?", ("2023-03-03", "2023-03-04")),
    ("What happened on December 24?", ("2023-12-24", "2023-12-25")),  # the latest December 24
    ("What happened on February 30?", (None, None)),  # no such day
    ("What happened on 2024-01-15?", ("2024-01-15", "2024-01-16")),  # a user trial: an ISO date had no window
    ("Which vehicles were recalled since February?", ("2024-02-01", "2024-03-14")),  # not February only
    # a part of a month, and months back (a user trial: "at the end of April", "a month ago" and "the first week of
    # May" had no window, and were answered from articles years old); each part ends a day later, as a date does
    ("What happened at the end of January?", ("2024-01-21", "2024-02-01")),
    ("What happened in early February?", ("2024-02-01", "2024-02-11")),
    ("Who won in mid-January?", ("2024-01-10", "2024-01-21")),
    ("What happened in late December?", ("2023-12-21", "2024-01-01")),  # the latest December
    ("What were the top stories in the first week of March?", ("2024-03-01", "2024-03-08")),
    ("What happened in the last week of February?", ("2024-02-23", "2024-03-01")),  # not the past week
    ("What happened a month ago?", ("2024-02-06", "2024-02-20")),
    ("What happened two months ago?", ("2023-12-31", "2024-01-28")),
    ("What will happen at the end of March?", (None, None)),  # still to come
    ("Who was punched at the end of a match?", (None, None)),
    ("Inflation rose for the first time since 2020. By how much?", (None, None)),  # a comparison, no window
    # time words in names are not times
    ("Who is USA TODAY's woman of the year?", (None, None)),
    ("Who was a guest on The Tonight Show?", (None, None)),
    ("What did the Today show air?", (None, None)),
    ("What sold best on Black Friday?", (None, None)),
    ("Who sang at Super Bowl Sunday?", (None, None)),
    ("Who hosts Monday Night Football?", (None, None)),
    ("Who may 5 people elect?", (None, None)),  # "may" is a verb; a month is capitalised
    # an event named by its day is not a window of that day (a user trial: "the January 6 committee" asked in 2024
    # preferred articles of January 6, 2024), but a date of the question is, and one with its year
    ("What did the January 6 committee recommend?", (None, None)),
    ("Who agreed to meet the committee investigating the Jan. 6 attack?", (None, None)),
    ("What happened after the October 7 attacks?", (None, None)),
    ("What happened on January 6?", ("2024-01-06", "2024-01-07")),
    ("Who spoke at the rally January 6 in Ohio?", ("2024-01-06", "2024-01-07")),
    ("Who was arrested after the January 6, 2021 attack?", ("2021-01-06", "2021-01-07")),
    ("What happened by the March 3 and 4 votes?", ("2024-03-03", "2024-03-04")),
    # a month or date still to come this year is not last year's (it was: a window a year back)
    ("Where will the eclipse be visible in April?", (None, None)),
    ("Which Trump-era policy is expected to expire on May 11?", (None, None)),
    ("Which film will premiere on December 24?", (None, None)),
    # a day at most a week ahead is the one to come, however the question is worded (RealTime QA: "Which retailer
    # lowered its gas prices through July 4 weekend?" asked on July 1 had the window of July 4 a year back)
    ("Which store cut prices through March 18 weekend?", (None, None)),
    ("What happened on March 22?", ("2023-03-22", "2023-03-23")),  # more than a week ahead: the latest one
    ("The eclipse in March was seen widely. When is the next one?", ("2024-03-01", "2024-03-14")),  # past
    # what is to come: "tomorrow" is reported yesterday and today (a user trial: no window); a capitalised word
    # before a time word makes no name of it ("What happened to Boeing today?" had no window)
    ("Who plays in the Super Bowl tomorrow?", ("2024-03-13", "2024-03-14")),
    ("What happened to Boeing today?", ("2024-03-14", "2024-03-14")),
    ("What did The World of Tomorrow show?", (None, None)),
    # a month as typed in haste (a user trial: "in Marhc" had no window); a word a letter away is no month
    ("Which team won in Marhc?", ("2024-03-01", "2024-03-14")),
    ("What happened on Febuary 27?", ("2024-02-27", "2024-02-28")),
    ("Who won in Agust 2023?", ("2023-08-01", "2023-08-31")),
    ("What did Marco say in Paris?", (None, None)),
    ("Who spoke at the Mach 3 test?", (None, None)),
    # when someone was born describes them, not the news asked about (a trial on 2022's news: "Which country banned
    # tobacco sales to anyone born on or after January 1, 2009?" noted its answer was "from articles published after
    # the time asked about")
    ("Which country banned tobacco sales to anyone born on or after January 1, 2009?", (None, None)),
    ("Which player born in 2005 scored on Monday?", ("2024-03-11", "2024-03-14")),
    ("Who was born on March 3?", (None, None)),
])
def test_windows(question: str, expected: tuple[str | None, str | None]) -> None:
    assert window(question) == expected


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "0001-01-05"])
def test_windows_at_the_ends_of_the_calendar_are_left_out_not_errors(as_of: str) -> None:
    for question in ("What happened in December?", "since December?", "yesterday?", "this week?", "last week?",
                     "last month?", "last year?", "on Monday?", "Sunday?", "two weeks ago?", "on March 3?"):
        frame = resolve(question, parse_as_of(as_of))  # raised OverflowError / ValueError (HTTP 500)
        assert frame.start is None or frame.start <= frame.day


def test_recency_without_a_window() -> None:
    frame = resolve("Which company recently bought Twitter?", AS_OF)
    assert frame.recent and frame.start is None and frame.phrase == "recently"
    assert not resolve("Who founded Microsoft?", AS_OF).recent
    # "New" opening a name is not news: these asked for recent articles and marked down sentences deep in one
    assert not resolve("When did New Zealand join Olympic Defender?", AS_OF).recent
    assert not resolve("What did the New York Times report about it?", AS_OF).recent
    assert resolve("New rules for New York: what changed?", AS_OF).phrase == "New"  # as written (a user trial:
    assert resolve("Which team won in March?", AS_OF).phrase == "in March"  # "(in march)" shown to readers)
    assert resolve("Which new law did New Jersey pass?", AS_OF).phrase == "new"
    # a user trial: "so far" asked of now, and was answered from 2016
    assert resolve("Which country has received the most fines so far at Euro 2024?", AS_OF).phrase == "so far"
    assert resolve("How many people have enrolled to date?", AS_OF).recent
    # what is to come is previewed in recent news (a user trial: "next week" and "upcoming" asked of any time)
    for question, phrase in (("What will the Fed decide next week?", "next week"),
                             ("Who will headline the festival this coming weekend?", "this coming weekend"),
                             ("What is expected at next month's summit?", "next month"),
                             ("Who speaks at the upcoming convention?", "upcoming")):
        frame = resolve(question, AS_OF)
        assert frame.recent and frame.start is None and frame.phrase == phrase, question
    assert resolve("Who won this week?", AS_OF).to_json() == {
        "as_of": "2024-03-14T23:59:59+00:00", "from": "2024-03-07", "to": "2024-03-14", "phrase": "this week",
        "prefer_recent": True}


def test_published_day_reads_dates_and_datetimes() -> None:
    assert published_day("2024-03-01") == dt.date(2024, 3, 1)
    assert published_day("2024-03-01T22:10:00+01:00") == dt.date(2024, 3, 1)
    assert published_day("") is None and published_day("March 2024") is None


def test_time_bonus_prefers_the_window_then_recency_and_never_undated() -> None:
    week = resolve("Who won this week?", AS_OF)
    inside, before, undated = time_bonus("2024-03-12", week), time_bonus("2024-02-01", week), time_bonus("", week)
    assert inside > before > 0 and undated == 0
    # a window in the past: recency counts from its end and not after it (a user trial: "in 2023" asked in
    # March 2024 cited last week's article first, its recency worth nearly the 2023 one's window)
    past = resolve("What did the judge order in 2023?", AS_OF)
    late_2023, early_2023, this_week = (time_bonus(d, past) for d in ("2023-12-20", "2023-02-01", "2024-03-12"))
    assert late_2023 > early_2023 > this_week == 0
    # no time words: this year's news over last year's, softly; "recently": this week's over last month's, sharply
    untimed, recent = resolve("Who won?", AS_OF), resolve("Who won recently?", AS_OF)
    fresh, month_old, year_old = "2024-03-12", "2024-02-12", "2023-03-12"
    assert time_bonus(fresh, untimed) > time_bonus(month_old, untimed) > time_bonus(year_old, untimed) > 0
    assert time_bonus(fresh, untimed) - time_bonus(month_old, untimed) < 0.25 * time_bonus(fresh, untimed)
    assert time_bonus(fresh, recent) > time_bonus(month_old, recent) > time_bonus(year_old, recent) >= 0
    assert time_bonus(month_old, recent) < 0.5 * time_bonus(fresh, recent)
    assert time_bonus("", untimed) == time_bonus("", recent) == 0
    assert time_bonus("2024-03-12", None) == 0


@pytest.mark.parametrize(("question", "matched"), [
    ("Which company announced this week that it is laying off 16,000 employees?",
     "Which company announced that it is laying off 16,000 employees?"),
    ("What happened in sports this week?", "What happened in sports?"),
    ("Who won Tuesday's primary?", "Who won primary?"),
    ("What happened this week?", "What happened?"),
    ("Who won on Feb. 27?", "Who won on Feb. 27?"),  # a date an article names is about it: kept
    ("Who led the polls in 2022?", "Who led the polls in 2022?"),
    ("Who is the president of France?", "Who is the president of France?"),  # no window
])
def test_relative_time_words_are_left_out_of_what_articles_are_matched_on(question: str, matched: str) -> None:
    """A user trial: "What happened in sports this week?" quoted a June podcast because it said "this week"."""
    assert without_time_words(question, resolve(question, parse_as_of("2024-03-14"))) == matched
