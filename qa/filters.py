"""Which documents a question may draw on: the metadata filters of /api/ask and /api/search, and its time."""

from __future__ import annotations

from collections.abc import Mapping

from index import InvalidQuestion
from index.lexicon import Lexicon
from index.nearest import LARGE_FILTER
from index.scope import Scope
from qa.timeframe import TimeFrame, parse_as_of

_EXACT = ("document_id", "source", "author", "title")
_RANGE = ("published_from", "published_to")
FILTER_KEYS = _EXACT + _RANGE
# as front matter names the outlet either way (a user trial: "--filter outlet=USA TODAY" was an unknown filter)
ALIASES = {"outlet": "source"}


def allowed_documents(filters: Mapping[str, object] | None, lexicon: Lexicon) -> set[str] | None:
    """Ids of the documents the filters admit, or None when there are no filters.

    Exact keys take a string or a list of strings; ``published_from``/``published_to``
    take an ISO date (inclusive; a date-time counts by its date). Unknown keys are an error, not ignored.
    """
    if not filters:
        return None
    both = [alias for alias, key in ALIASES.items() if alias in filters and key in filters]
    if both:
        raise InvalidQuestion(f"filter {both[0]} is another name of {ALIASES[both[0]]}: give one of them")
    filters = {ALIASES.get(key, key): value for key, value in filters.items()}
    unknown = sorted(set(filters) - set(FILTER_KEYS))
    if unknown:
        raise InvalidQuestion(f"unknown filter {', '.join(unknown)}; supported: {', '.join(FILTER_KEYS)} "
                              f"({', '.join(f'{a} = {k}' for a, k in ALIASES.items())})")
    wanted: dict[str, set[str]] = {}
    for key in _EXACT:
        if key in filters:
            value = filters[key]
            values = value if isinstance(value, list) else [value]
            if not values or not all(isinstance(v, str) and encodable(v) for v in values):
                raise InvalidQuestion(f"filter {key} must be a string or a list of strings")
            wanted[key] = set(values)
    bounds = {}
    for key in _RANGE:
        if key in filters:
            bounds[key] = _iso_day(key, filters[key])
    if len(bounds) == 2 and bounds["published_from"] > bounds["published_to"]:  # no day: said, not "don't say"
        raise InvalidQuestion(f"filter published_from ({bounds['published_from']}) is after published_to "
                              f"({bounds['published_to']})")

    columns = {"document_id": "id", "source": "source", "author": "author", "title": "title"}
    return lexicon.select_documents({columns[key]: values for key, values in wanted.items()},
                                    bounds.get("published_from"), bounds.get("published_to"))


def question_scope(filters: Mapping[str, object] | None, frame: TimeFrame,
                   lexicon: Lexicon) -> tuple[Scope, Scope | None]:
    """The documents a question may use (its filters, nothing published after ``as_of``) and, when it asks
    about a window of time, the documents published in it."""
    day = frame.day.isoformat()
    # no range when nothing was published after ``as_of`` (a question about now): every read stays unfiltered
    until = day if lexicon.latest_day() > day else ""
    allowed = allowed_documents(filters, lexicon)
    if until and allowed is None:
        # as of a day before nearly all articles: the few it may use, listed, so that the vector search
        # looks among them rather than deep into the nearest of all
        allowed = lexicon.documents_until(until, LARGE_FILTER)
    scope = Scope.of(allowed, until=until)
    if frame.start is None or frame.end is None:
        return scope, None
    return scope, scope.within(frame.start.isoformat(), frame.end.isoformat())


def encodable(value: str) -> bool:
    """Whether ``value`` can be encoded (an unpaired surrogate, "\\ud800" sent as a JSON escape, cannot: no
    tokenizer or SQLite query takes it)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _iso_day(key: str, value: object) -> str:
    """The day of a ``published_from``/``published_to`` bound as YYYY-MM-DD (compared with stored dates as text),
    read as ``as_of`` is (a date-time counts by its day)."""
    if isinstance(value, str) and value.strip():
        try:
            return parse_as_of(value).date().isoformat()
        except InvalidQuestion:
            pass
    raise InvalidQuestion(f"filter {key} must be an ISO date string such as 2025-05-01, not {value!r}")
