"""What an article's date and a sentence's place in it add to the sentence's evidence score: ranking only.

A question about a window of days ("this week", "in 2023") prefers its articles, and the late ones among them; one
about recent news ("recently", "new") the newest; one that says nothing of time, the news of its day, more softly.
For the news of a time, a sentence further down its article ranks a little lower (news puts what happened first).
``qa.evidence`` takes these parts off again before comparing a sentence's support with the threshold.
"""

from __future__ import annotations

import math

from qa.timeframe import TimeFrame, published_day

WINDOW_BONUS = 0.10  # a sentence from an article published in the window the question asks about
RECENT_BONUS = 0.08  # at most, for the newest article when the question asks for recent news
HALF_LIFE_DAYS = 14.0  # the recency bonus halves with every this many days of age
UNTIMED_RECENT_BONUS = 0.08  # at most, when the question says nothing of time: news questions ask about now,
UNTIMED_HALF_LIFE_DAYS = 90.0  # but more softly: a months-old article still counts, one years old hardly
LEAD_WEIGHT = 0.02  # taken off per log(1 + the sentence's index in its article): the inverted pyramid
LEAD_CAP = 40  # sentences; past it, all are the same (a long report's thousandth sentence is not penalised more)


def place_penalty(position: int) -> float:
    """What a sentence's index in its article takes off its score (0 for the first)."""
    return -LEAD_WEIGHT * math.log1p(min(max(position, 0), LEAD_CAP))


def time_bonus(published: str, frame: TimeFrame | None) -> float:
    """What an article's publication date adds to its sentences' scores for this question (0 for no date)."""
    day = published_day(published) if frame else None
    if frame is None or day is None:
        return 0.0
    age = max(0, (frame.day - day).days)
    decay = 0.5 ** (age / HALF_LIFE_DAYS)
    if frame.start is not None and frame.end is not None:
        # recent within the window: counted from its end, none after it ("in 2023" asked in 2024: an article of
        # last week took as much for its recency as a 2023 one for its window)
        late = 0.5 ** (max(0, (frame.end - day).days) / HALF_LIFE_DAYS) if day <= frame.end else 0.0
        return WINDOW_BONUS * (frame.start <= day <= frame.end) + RECENT_BONUS * late
    if frame.recent:
        return RECENT_BONUS * decay
    return UNTIMED_RECENT_BONUS * 0.5 ** (age / UNTIMED_HALF_LIFE_DAYS)


def in_frame(published: str, frame: TimeFrame | None) -> bool:
    """Whether an article of this publication date lies in the window of days ``frame`` asks about."""
    if frame is None or frame.start is None or frame.end is None:
        return False
    day = published_day(published)
    return day is not None and frame.start <= day <= frame.end
