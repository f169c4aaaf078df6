"""Words news uses for one another: "Who won the Australian Open?" answered by "... defeated Medvedev in the
Australian Open final".

A question's words are matched against a sentence's (``lexical.matches``): the share of the question's weight a
sentence covers, and whether the answer sits by the word the question asks about (``question.offers``). A
question says "won", "how old", "buy"; the sentence that answers says "defeated", "aged 38", "acquire". Each
group below is a handful of general English words that stand for one another in news reports (a user trial:
"Who won ...?" and "How old is ...?" refused where the articles said "beat" and "aged"); none is drawn from any
article. The words are compared as ``index.terms`` tokens (stemmed, as questions and sentences are).
"""

from __future__ import annotations

from index.terms import tokenize

_GROUPS = (
    "win beat defeat victory champion triumph",
    "old age aged",
    "lead head chief",
    "buy acquire acquisition purchase",
    "die died death dead",
    "arrest detain",
    "ban prohibit",
    "resign quit",
    # when a thing starts ("When does the bus service start?" answered by "The service will begin on Oct. 7": a trial
    # on 2024's news refused it)
    "start begin commence",
    "sue sued sues suing lawsuit",  # the stemmer leaves "sued" and "suing" apart
    "named chosen selected picked appointed",
    "pledge promise",
    # how news says a thing began ("with the advent of Space Force in 2019" for "When was the Space Force
    # created?", a trial on the seeds); not "found" (also "find"), "form" nor "launch" (each a word of its own)
    "create creation establish advent inception",
    # a title as news abbreviates it before a name ("New York Gov. Kathy Hochul" for "Who is the governor of New
    # York?", a user trial; "Sen.", "Rep.", "Prof."); not "Gen." ("Gen Z") nor "Sec." (the SEC)
    "governor gov",
    "senator sen",
    "representative rep",
    "professor prof",
    # a month as news abbreviates it before a day ("Lynn died Oct. 4" for "Who died in October?", a user trial);
    # the months AP style writes out are not abbreviated
    "january jan",
    "february feb",
    "august aug",
    "september sept sep",
    "october oct",
    "november nov",
    "december dec",
)

# A kind of person a question asks for, and the words news names such a person by: "Which musician died yesterday?"
# is answered by "Christine McVie dead: Fleetwood Mac singer, keyboardist dies at 79" (a user trial quoted an older
# death first, of a sentence that said "musicians"). Each kind stands for its words and each word for its kind, not
# for one another (a question asking for a singer is not answered by a drummer).
_KINDS = (
    "musician: singer rapper guitarist drummer pianist bassist keyboardist songwriter vocalist",
    "artist: singer rapper painter sculptor musician",
    "athlete: player gymnast swimmer sprinter golfer skater skier boxer cyclist",
    "lawmaker: senator representative congressman congresswoman legislator",
    "politician: senator representative congressman congresswoman legislator governor mayor",
    "actor actress",
)


def _table() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}

    def join(terms: frozenset[str], others: frozenset[str]) -> None:
        for term in terms:
            table[term] = table.get(term, frozenset()) | (others - {term})

    for group in _GROUPS + tuple(g for g in _KINDS if ":" not in g):
        terms = frozenset(t for word in group.split() for t in tokenize(word))
        join(terms, terms)
    for line in (g for g in _KINDS if ":" in g):
        kind, words = (frozenset(tokenize(part)) for part in line.split(":"))
        join(kind, words)
        join(words, kind)
    return table


_SYNONYMS = _table()


def synonyms(term: str) -> frozenset[str]:
    """The tokens that stand for ``term`` (a token of ``index.terms``) in news, itself not included."""
    return _SYNONYMS.get(term, frozenset())
