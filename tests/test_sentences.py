"""Sentence spans: exact offsets, news abbreviations, quotes with attribution, headlines."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.chunking import chunk_sentences
from index.sentences import MAX_SENTENCE_CHARS, split_sentences

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline without a stop\nFirst sentence. Second one.",
         ["Headline without a stop", "First sentence.", "Second one."]),
        ("Brig. Gen. Kristin Smith spoke. Then she left.", ["Brig. Gen. Kristin Smith spoke.", "Then she left."]),
        ('"It is essential." said Air Marshal Jo Bloggs, who leads it. Next.',
         ['"It is essential." said Air Marshal Jo Bloggs, who leads it.', "Next."]),
        ("A line that is hard\nwrapped mid sentence. Done.", ["A line that is hard\nwrapped mid sentence.", "Done."]),
        ("  \n\n  Padded.  \n", ["Padded."]),
        # a user trial: a quote stopped at "(vs." and the next began "Raiders)"
        ("They lost Super Bowl 18 (vs. Raiders) in 1984. Roe v. Wade stood. Next.",
         ["They lost Super Bowl 18 (vs. Raiders) in 1984.", "Roe v. Wade stood.", "Next."]),
        # a user trial: a quote began "– Sarah McBride will ...", its dateline cut at "Del."
        ("NEW CASTLE, Del. – Sarah McBride will go to Congress. She won. It was close, he said. — Reuters",
         ["NEW CASTLE, Del. – Sarah McBride will go to Congress.", "She won.", "It was close, he said. — Reuters"]),
        # a user trial: a quote began "3 : Key wrote ..." and ended "Myth No."; "No." before a year may end one
        ('Myth No. 3 : Key wrote a "poem." Alabama is ranked No. 1 now. He said No. 2024 is not his year.',
         ['Myth No. 3 : Key wrote a "poem."', "Alabama is ranked No. 1 now.", "He said No.", "2024 is not his year."]),
        # a user trial: a quote began "ET Monday), according to the observatory."; a clock time ends one elsewhere
        ("It began around 11:30 p.m. HST (4:30 a.m. ET Monday), the observatory said. Games start at 8 p.m. ET on "
         "Friday. Polls close at 7 p.m. Voters waited.",
         ["It began around 11:30 p.m. HST (4:30 a.m. ET Monday), the observatory said.",
          "Games start at 8 p.m. ET on Friday.", "Polls close at 7 p.m.", "Voters waited."]),
        # a user trial on 2024's news: a quote ended "selected today at No.", one was "WILMINGTON, Del." alone (a minus
        # sign for the dash), and one began "22." of "May. 22."
        ("He was selected today at No. 55, by the Lakers. He signed.",
         ["He was selected today at No. 55, by the Lakers.", "He signed."]),
        ("WILMINGTON, Del. \u2212 Hunter Biden was convicted. It was quick. \u2212 Jo Smith, The News Journal",
         ["WILMINGTON, Del. \u2212 Hunter Biden was convicted.", "It was quick. \u2212 Jo Smith, The News Journal"]),
        ("This story was updated for Wednesday, May. 22. Storms hit in May. Homes fell.",
         ["This story was updated for Wednesday, May. 22.", "Storms hit in May.", "Homes fell."]),
        ("", []),
    ],
)
def test_split_sentences_cases(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_sentences_are_exact_ordered_and_cover_the_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    spans = split_sentences(text)
    assert spans
    for before, after in zip(spans, spans[1:]):
        assert before.end <= after.start
        assert text[before.end:after.start].strip() == ""  # nothing but whitespace is left out
    assert text[: spans[0].start].strip() == "" and text[spans[-1].end:].strip() == ""
    for span in spans:
        piece = text[span.start:span.end]
        assert piece == piece.strip() and piece


def test_overlong_runs_are_cut_at_spaces() -> None:
    text = ("word " * 600).strip()
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    assert all(text[s.start:s.end] == text[s.start:s.end].strip() for s in spans)


def test_chunks_hold_whole_sentences_within_budget() -> None:
    text = SEEDS[0].read_text(encoding="utf-8")
    spans = split_sentences(text)
    counts = [len(text[s.start:s.end].split()) for s in spans]
    chunks = chunk_sentences(text, spans, counts, max_tokens=60)
    covered = [i for c in chunks for i in range(c.first_sentence, c.last_sentence + 1)]
    assert covered == list(range(len(spans)))
    for c in chunks:
        assert c.text == text[c.start:c.end]
        budget = sum(counts[c.first_sentence:c.last_sentence + 1])
        assert budget <= 60 or c.first_sentence == c.last_sentence
    with pytest.raises(ValueError):
        chunk_sentences(text, spans, counts[:-1], max_tokens=60)
