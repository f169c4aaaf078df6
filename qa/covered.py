"""How much of the question a candidate sentence covers: its own words, and the names it stands for.

A sentence covers the share of the question's IDF weight it holds (``qa.lexical.coverage``). News names a thing
once and then points back to it, so a sentence also covers, a little less surely (``INHERITED``), what it stands
for: the subject of the sentence before when it opens "He ..." (``POINTS_BACK``), a person of the question it names
by surname alone, an institution it calls by its noun, a name its headline gives (``qa.mentions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import DocumentRecord, UnitRecord
from qa.candidates import Candidates
from qa.lexical import coverage, tokenize
from qa.mentions import article_texts, described, full_names, headline_names, institution_names, surnamed
from qa.names import capitalised_names, question_names

# A sentence that opens by pointing back ("He said ...", "The 22-year-old Italian is ...") is about the one the
# sentence before it names first (its subject, as news writes): it covers the question's terms as that name would,
# a little less surely.
POINTS_BACK = re.compile(r"(?:He|She|They|His|Her|Their|The \d+-year-old)\b")
INHERITED = 0.8
# A sentence naming a person of the question by surname alone ("Gottesman, 93, ...") covers the question as the
# full name would, times ``INHERITED``, where its article names them in full (``qa.mentions``)
SURNAME_MENTIONS = True
# So does a sentence naming an institution of the question by its last word ("the authority's director" for "Who is
# the director of the Harbour Transit Authority?", a user trial's refusal) where its article names it in full
DESCRIBED_MENTIONS = True
# A sentence lacking a name of the question that its article's headline gives ("Head librarian Grace Okafor said ..."
# under "Riverside library reopens after flood repairs", for "Who is the head librarian at Riverside?", a user trial's
# refusal) covers it as if it said it, times ``INHERITED``: an article names its subject once, in its headline.
# RealTime QA in process, right: 2022 307 -> 309 (won 2, lost 0), 2024 271 -> 273 (won 2, lost 0); the seeds' later
# set C refuses 10/15 (11 before). The headline's every word inherited instead: 2022 won 3 lost 1, 2024 won 5 lost 3
TITLE_MENTIONS = True


@dataclass(frozen=True)
class Mentions:
    """The question's names a sentence may stand for, read once per question."""

    question: str
    persons: list[tuple[str, str]]
    institutions: list[tuple[str, str]]
    title_names: list[str]
    said: dict[str, str]  # each candidate article's title and candidate sentences, one text

    @classmethod
    def of(cls, question: str, candidates: Candidates, documents: dict[str, DocumentRecord]) -> Mentions:
        persons = full_names(question) if SURNAME_MENTIONS else []
        institutions = institution_names(question) if DESCRIBED_MENTIONS else []
        said = article_texts(candidates, documents) if persons or institutions else {}
        return cls(question, persons, institutions, question_names(question) if TITLE_MENTIONS else [], said)

    def covered(self, unit: UnitRecord, title: str, placed: dict[tuple[str, int], UnitRecord],
                idf: dict[str, float]) -> float:
        """The share of the question the sentence covers, or more through what it stands for."""
        covered = _pointing_back(self.question, unit, placed, idf)
        article = self.said.get(unit.doc_id, "")
        mentioned = surnamed(self.persons, unit.text, article) if self.persons else []
        if self.institutions:
            mentioned += described(self.institutions, unit.text, article)
        if self.title_names:
            mentioned += headline_names(self.title_names, title, unit.text)
        if mentioned:
            covered = max(covered, INHERITED * coverage(self.question, f"{' '.join(mentioned)} {unit.text}", idf))
        return covered


def _pointing_back(question: str, unit: UnitRecord, placed: dict[tuple[str, int], UnitRecord],
                   idf: dict[str, float]) -> float:
    """``coverage`` of the sentence, or of it with the names of the sentence before when it points back."""
    covered = coverage(question, unit.text, idf)
    before = placed.get((unit.doc_id, unit.position - 1)) if POINTS_BACK.match(unit.text) else None
    if before is None:
        return covered
    named = next((m.group() for m in capitalised_names(before.text) if tokenize(m.group())), "")
    return max(covered, INHERITED * coverage(question, f"{named} {unit.text}", idf))
