"""Whether a sentence only restates a question: every word it has beyond the question's is one that says a thing
was made known ("announced", "revealed", "chose"), so it tells nothing the question did not. "Merriam-Webster
announced its 2024 Word of the Year." answers no "What is Merriam-Webster's 2024 word of the year?" (RealTime QA
2024 quoted it first, above the sentence naming the word), nor would "Liz Truss resigned." a "Why did Liz Truss
resign?". Words, no language model.
"""

from __future__ import annotations

from index.calendar_words import WEEKDAYS
from qa.lexical import matches, spelled_both_ways, tokenize
from qa.question import asked, is_polar

# what a sentence may add to a question's words and still say nothing more: how the thing became known, and words
# that stand for it unnamed ("something", "one"), and the day it was ("announced her resignation on Thursday"; "this
# week", which the question loses to its time window: RealTime QA 2022 quoted "Democratic Sen. Raphael Warnock won
# Georgia's Senate runoff this week, defeating ... Herschel Walker." for "... which sport did Herschel Walker play?")
_MADE_KNOWN = frozenset(tokenize("announced revealed unveiled chosen named selected picked released reported confirmed "
                                 "declared officially something one new latest finally today yesterday tonight "
                                 "week weekend month year last earlier recently night morning afternoon evening "
                                 + " ".join(WEEKDAYS)))


def restates(question: str, sentence: str) -> bool:
    """Whether ``sentence`` holds no word beyond the words of ``question`` and those of making a thing known; a
    question answered yes or no is answered by a sentence saying what it asks ("Did Liz Truss resign?")."""
    if is_polar(question):
        return False
    said = spelled_both_ways(asked(question).terms)  # read once a question (``asked`` is cached), not per sentence
    return all(term in _MADE_KNOWN or matches(term, said) for term in tokenize(sentence))
