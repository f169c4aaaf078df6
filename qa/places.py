"""Places a question may ask for by kind: "Which state ...?" is answered by a US state's name, "Which country
...?" by a country's, not by whatever else is capitalised ("Republican", "Senate", "Wednesday").

Fixed lists of what these kinds are (the 50 states and DC, with the abbreviations news datelines use: "PLAINS,
Ga.", "NORTH CHARLESTON, S.C."; the world's countries, with the short forms news uses: "U.S.", "Britain"), and
the words for their people ("Brazilian", "South Koreans", "Texan"), which name them too. Names are matched as
written (capitalised): "turkey" and "chad" are no countries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from qa.names import bare_name

STATES = {
    "Alabama": "Ala.", "Alaska": "", "Arizona": "Ariz.", "Arkansas": "Ark.", "California": "Calif.",
    "Colorado": "Colo.", "Connecticut": "Conn.", "Delaware": "Del.", "Florida": "Fla.", "Georgia": "Ga.",
    "Hawaii": "", "Idaho": "", "Illinois": "Ill.", "Indiana": "Ind.", "Iowa": "", "Kansas": "Kan.",
    "Kentucky": "Ky.", "Louisiana": "La.", "Maine": "", "Maryland": "Md.", "Massachusetts": "Mass.",
    "Michigan": "Mich.", "Minnesota": "Minn.", "Mississippi": "Miss.", "Missouri": "Mo.", "Montana": "Mont.",
    "Nebraska": "Neb.", "Nevada": "Nev.", "New Hampshire": "N.H.", "New Jersey": "N.J.", "New Mexico": "N.M.",
    "New York": "N.Y.", "North Carolina": "N.C.", "North Dakota": "N.D.", "Ohio": "", "Oklahoma": "Okla.",
    "Oregon": "Ore.", "Pennsylvania": "Pa.", "Rhode Island": "R.I.", "South Carolina": "S.C.",
    "South Dakota": "S.D.", "Tennessee": "Tenn.", "Texas": "", "Utah": "", "Vermont": "Vt.", "Virginia": "Va.",
    "Washington": "Wash.", "West Virginia": "W.Va.", "Wisconsin": "Wis.", "Wyoming": "Wyo.",
    "District of Columbia": "D.C.",
}

COUNTRIES = """Afghanistan Albania Algeria Andorra Angola Antigua|Barbuda Argentina Armenia Australia Austria
Azerbaijan Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia|Herzegovina
Botswana Brazil Brunei Bulgaria Burkina|Faso Burundi Cambodia Cameroon Canada Cape|Verde Chad Chile China
Colombia Comoros Congo Costa|Rica Croatia Cuba Cyprus Czech|Republic Czechia Denmark Djibouti Dominica
Dominican|Republic Ecuador Egypt El|Salvador Equatorial|Guinea Eritrea Estonia Eswatini Ethiopia Fiji Finland
France Gabon Gambia Georgia Germany Ghana Greece Grenada Guatemala Guinea Guinea-Bissau Guyana Haiti Honduras
Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Ivory|Coast Jamaica Japan Jordan Kazakhstan Kenya
Kiribati Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg
Madagascar Malawi Malaysia Maldives Mali Malta Marshall|Islands Mauritania Mauritius Mexico Micronesia Moldova
Monaco Mongolia Montenegro Morocco Mozambique Myanmar Burma Namibia Nauru Nepal Netherlands Holland New|Zealand
Nicaragua Niger Nigeria North|Korea North|Macedonia Norway Oman Pakistan Palau Palestine Panama Papua|New|Guinea
Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa San|Marino Saudi|Arabia Senegal
Serbia Seychelles Sierra|Leone Singapore Slovakia Slovenia Solomon|Islands Somalia South|Africa South|Korea
South|Sudan Spain Sri|Lanka Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand
Timor-Leste East|Timor Togo Tonga Trinidad|and|Tobago Tunisia Turkey Türkiye Turkmenistan Tuvalu Uganda Ukraine
United|Arab|Emirates UAE United|Kingdom UK U.K. Britain Great|Britain England Scotland Wales Northern|Ireland
United|States U.S. US USA America Uruguay Uzbekistan Vanuatu Vatican Venezuela Vietnam Yemen Zambia Zimbabwe
Greenland Hong|Kong Korea""".split()

# the words for a people that are not the place's name with an ending ("Chinese" is: China, "-ese")
PEOPLES = {
    "French": "France", "British": "United Kingdom", "Briton": "United Kingdom", "Brit": "United Kingdom",
    "English": "England",
    "Scottish": "Scotland", "Scot": "Scotland", "Welsh": "Wales", "Irish": "Ireland", "Spanish": "Spain",
    "Dutch": "Netherlands", "Swedish": "Sweden", "Swede": "Sweden", "Turkish": "Turkey", "Turk": "Turkey",
    "Polish": "Poland", "Pole": "Poland", "Swiss": "Switzerland", "Greek": "Greece", "Danish": "Denmark",
    "Dane": "Denmark", "Finnish": "Finland", "Finn": "Finland", "Norwegian": "Norway", "Thai": "Thailand",
    "Filipino": "Philippines", "Afghan": "Afghanistan", "Saudi": "Saudi Arabia", "Portuguese": "Portugal",
    "Icelandic": "Iceland", "Argentine": "Argentina", "Emirati": "United Arab Emirates", "Czech": "Czech Republic",
    "Slovak": "Slovakia", "Belgian": "Belgium", "Hungarian": "Hungary", "Peruvian": "Peru", "Congolese": "Congo",
    "Ghanaian": "Ghana", "German": "Germany", "American": "United States", "Somali": "Somalia",
    "Nepali": "Nepal", "Israeli": "Israel", "Croat": "Croatia", "Serb": "Serbia", "Kiwi": "New Zealand",
    "Texan": "Texas", "New Yorker": "New York", "Kansan": "Kansas", "Arkansan": "Arkansas",
}
_ENDINGS = ("n", "an", "ian", "ese", "i")  # "Russian", "Mexican", "Brazilian", "Japanese", "Pakistani"


def _people(name: str) -> Iterator[str]:
    """The regular words for the people of ``name``: its name, or its name without a last vowel, with an ending
    ("Russia" -> "Russian", "Ukraine" -> "Ukrainian", "China" -> "Chinese"); most are no words, and never met."""
    for stem in {name, name[:-1] if name[-1] in "aeiouy" else name}:
        for ending in _ENDINGS:
            yield stem + ending


def _table(names: dict[str, str]) -> dict[str, str]:
    """Every way of writing a place of ``names`` (a name or abbreviation -> the name), with its people, singular and
    plural ("Brazilians"), to the place's name."""
    table = {}
    for place in sorted(set(names.values()), key=len):  # the longer name's: "Nigerian" is of Nigeria, not Niger
        for word in _people(place):
            table[word] = place
    table.update({word: place for word, place in PEOPLES.items() if place in table or place in names.values()})
    table.update({f"{word}s": place for word, place in table.items() if not word.endswith(("s", "ese", "sh", "ch"))})
    table.update(names)  # a name is the place it names, whatever a people's word would make of it
    return table


_SAME = {**dict.fromkeys(("U.S.", "US", "USA", "America"), "United States"),
         **dict.fromkeys(("UK", "U.K.", "Britain", "Great|Britain"), "United Kingdom")}
_STATE_NAMES = {**{s: s for s in STATES}, **{a: s for s, a in STATES.items() if a}}
_COUNTRY_NAMES = {c.replace("|", " "): _SAME.get(c, c).replace("|", " ") for c in COUNTRIES}
TABLES = {"state": _table(_STATE_NAMES), "country": _table(_COUNTRY_NAMES)}
_LONGEST = max(len(name.split()) for table in TABLES.values() for name in table)
# a word as news writes a place: initials ("U.S.", "S.C."), a dateline's abbreviation ("Ga.", "Calif."), a word
_PLACE_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][a-z]{1,4}\.(?=[\s,;:)—–-]|$)|[\w'’]+(?:-[\w'’]+)*")
_SPAN = re.compile(r".+", re.DOTALL)
POSSESSIVE = re.compile(r"['’]s?$")  # a possessive's ending ("Georgia's", "Americans'")

# the kind of place asked for: "Which state ...", "In what U.S. state ...", "Which European country's ...",
# "which two nations" (the kind's word in lower case: "Which United States senator" asks for no state)
_ASKS = re.compile(r"\b(?i:which|what)\s+(?:(?!(?i:is|are|was|were|do|does|did|has|have|had|will|would|of|in)\b)"
                   r"[\w.'’-]+\s+){0,2}?(states?|countr(?:y|ies)|nations?)\b(?!\s+of\b)")
_KINDS = {"state": "state", "states": "state", "country": "country", "countries": "country", "nation": "country",
          "nations": "country"}


@lru_cache(maxsize=256)
def asked_place(question: str) -> str:
    """The kind of place ``question`` asks for: "state" (a US state), "country", or "" (none)."""
    match = _ASKS.search(question)
    return _KINDS[match.group(1)] if match else ""


def places(kind: str, text: str) -> list[re.Match[str]]:
    """The places of ``kind`` ("state" or "country") that ``text`` names, longest first where they overlap ("South
    Korea", not "Korea"), each as a match of its span ("S.C.", "Brazilian")."""
    table, found = TABLES[kind], []
    words = list(_PLACE_WORD.finditer(text))
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            span = words[i:i + n]
            written = " ".join(w.group() for w in span)
            name = POSSESSIVE.sub("", written)  # "Georgia's", "Americans'"
            if not written[:1].isupper() or name not in table:
                continue
            found.append(_SPAN.match(text, span[0].start(), span[-1].end() - (len(written) - len(name))))
            i += n
            break
        else:
            i += 1
    return [m for m in found if m is not None]


def canonical(place: str) -> str:
    """The place a way of writing it names ("S.C." -> "South Carolina", "Brazilians" -> "Brazil"); other text as
    it is."""
    written = " ".join(place.split())
    return TABLES["state"].get(written) or TABLES["country"].get(written) or place


@lru_cache(maxsize=256)
def named_places(kind: str, text: str) -> frozenset[str]:
    """The places of ``kind`` that ``text`` names, by the place each names (a question's: read once a question,
    not once a candidate sentence)."""
    return frozenset(canonical(m.group()) for m in places(kind, text))


def names_place_of(name: str, text: str) -> bool:
    """Whether ``name`` is a state or country that ``text`` names, however written ("the United States" where it
    says "US")."""
    own = _countries_and_states(text)
    return bool(own) and canonical(bare_name(name)) in own


def _countries_and_states(text: str) -> frozenset[str]:
    return named_places("country", text) | named_places("state", text)


_PART_OF = {"England": "United Kingdom", "Scotland": "United Kingdom", "Wales": "United Kingdom",
            "Northern Ireland": "United Kingdom"}


_NAME_FORMS = frozenset(_STATE_NAMES) | frozenset(_COUNTRY_NAMES)


@lru_cache(maxsize=256)
def place_names(text: str) -> frozenset[str]:
    """The countries and US states ``text`` names by a name ("Turkey", "U.K.", "Texas"), not by a people's word,
    which may only describe ("his Australian restaurant", "which English county": a question's, read once)."""
    return frozenset(canonical(m.group()) for m in place_spans(text))


def place_spans(text: str) -> list[re.Match[str]]:
    """Where ``text`` names a country or US state by a name (as ``place_names``), in order."""
    return sorted((m for kind in ("country", "state") for m in places(kind, text)
                   if " ".join(m.group().split()) in _NAME_FORMS), key=lambda m: m.start())


def places_named(text: str) -> frozenset[str]:
    """The countries and US states ``text`` names, by the place each names, and the country each is part of
    ("England": the United Kingdom too)."""
    named = _countries_and_states(text)
    return named | {_PART_OF[place] for place in named if place in _PART_OF}


def names_one_of(wanted: frozenset[str], text: str) -> bool:
    """Whether ``text`` names one of the places ``wanted`` (as ``places_named`` reads it). Read only where the last
    word of some way of writing one of them (or of a part of one) is in it: reading every place of every candidate
    sentence took about 0.3 ms a sentence, 90 ms for a question's 300 candidates."""
    if not any(word in text for word in _last_words(wanted)):
        return False
    return bool(places_named(text) & wanted)


@lru_cache(maxsize=256)
def _last_words(wanted: frozenset[str]) -> tuple[str, ...]:
    """The last word of every way of writing the places ``wanted`` and their parts ("Zealand", "U.K.", "English"):
    a text naming one holds its last word as written."""
    places = wanted | {part for part, whole in _PART_OF.items() if whole in wanted}
    return tuple({form.split()[-1] for table in TABLES.values() for form, place in table.items() if place in places})


# the peoples of a continent or region ("the first African team", "North Africans"): no one's name either
_REGION_PEOPLE = re.compile(r"(?:(?:North|South|East|West|Central|Southeast|Sub-Saharan)[\s-]+)?"
                            r"(?:African|European|Asian|Arab|Latin American|Latino|Latina|Caribbean|Scandinavian|"
                            r"Nordic|Balkan|Middle Eastern|American|Pacific Islander)s?")


def is_people_word(word: str) -> bool:
    """Whether ``word`` is a word for a place's people ("American", "Brazilians", "Texan", "North Africans"), not the
    place's name or abbreviation ("America", "UK", "Texas")."""
    return any(word in table and word not in names for table, names in ((TABLES["state"], _STATE_NAMES),
                                                                      (TABLES["country"], _COUNTRY_NAMES))) \
        or _REGION_PEOPLE.fullmatch(word) is not None
