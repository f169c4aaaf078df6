"""The near-duplicate rule (``qa.duplicates.same_story``) on short news texts: what it merges and what not."""

from __future__ import annotations

from qa.duplicates import JACCARD, same_story, shingles

STORY = """Harbour ferry fares cut by half
The harbour ferry will cost half as much from May, the city council said on Tuesday after a debate that ran
late into the night. Councillors voted nine to two for the cut, which the city will pay for from parking fees
and a small tax on cruise ship visits. The ferry carries about four thousand people a day between the old town
and the island, most of them commuters and school children."""


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def test_a_short_story_republished_with_another_headline_and_a_credit_line_is_the_same_story() -> None:
    lines = STORY.splitlines()
    copy = "\n".join(["City Wire: " + lines[0], *lines[1:], "This story first appeared in the Harbour Times."])
    assert jaccard(STORY, copy) < JACCARD  # Jaccard alone misses it: the edits weigh much in a short text
    assert same_story(shingles(STORY), shingles(copy))


def test_another_story_from_the_same_template_is_not_the_same_story() -> None:
    other = (STORY.replace("harbour ferry", "river bus").replace("half as much", "a third less")
             .replace("nine to two", "six to five").replace("four thousand", "nine hundred")
             .replace("old town", "west bank").replace("Tuesday", "Friday"))
    assert not same_story(shingles(STORY), shingles(other))


def test_a_story_with_a_new_paragraph_is_not_its_earlier_version() -> None:
    update = STORY + ("\nOn Wednesday the company said it would take the council to court, arguing that the "
                      "contract it signed in 2019 fixes the fares until 2027 and that the city cannot change them "
                      "without paying for the lost income.")
    assert not same_story(shingles(STORY), shingles(update))


def test_a_tiny_text_is_never_taken_for_another_by_the_short_rule() -> None:
    a = "The bridge reopened on Monday after two years of repairs, the city said."
    b = "The bridge reopened on Friday after two years of repairs, the city said."
    assert not same_story(shingles(a), shingles(b))
    assert same_story(shingles(a), shingles(a))
