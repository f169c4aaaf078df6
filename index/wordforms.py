"""Word forms a suffix strip cannot join: irregular verbs and country adjectives.

"took" is a form of "take" and "French" speaks of "France"; ``base_form``
maps such a word (lower-cased) to the word it is a form of, so that the
lexical match and the answer-type check see them as one term. The lists are
general English, not drawn from any article.
"""

from __future__ import annotations

_IRREGULAR_VERBS = {
    "take": "took taken", "make": "made", "lead": "led", "win": "won", "begin": "began begun",
    "become": "became", "bring": "brought", "build": "built", "buy": "bought", "choose": "chose chosen",
    "come": "came", "do": "did done", "drive": "drove driven", "fall": "fell fallen", "fight": "fought",
    "find": "found", "fly": "flew flown", "forbid": "forbade forbidden", "get": "got gotten",
    "give": "gave given", "go": "went gone", "grow": "grew grown", "hold": "held", "keep": "kept",
    "know": "knew known", "leave": "left", "lose": "lost", "meet": "met", "pay": "paid", "rise": "rose risen",
    "run": "ran", "say": "said", "see": "saw seen", "sell": "sold", "send": "sent", "speak": "spoke spoken",
    "spend": "spent", "stand": "stood", "strike": "struck", "teach": "taught", "tell": "told",
    "think": "thought", "withdraw": "withdrew withdrawn", "write": "wrote written", "break": "broke broken",
    "seek": "sought", "sit": "sat", "steal": "stole stolen", "swear": "swore sworn",
    "undertake": "undertook undertaken", "overtake": "overtook overtaken", "feel": "felt", "hear": "heard",
    "lend": "lent", "shake": "shook shaken", "shoot": "shot", "sink": "sank sunk", "wear": "wore worn",
}

_COUNTRY_ADJECTIVES = {
    "afghanistan": "afghan", "america": "american", "argentina": "argentine argentinian",
    "australia": "australian", "austria": "austrian", "belgium": "belgian", "brazil": "brazilian",
    "britain": "british briton", "canada": "canadian", "chile": "chilean", "china": "chinese",
    "denmark": "danish dane", "egypt": "egyptian", "england": "english", "europe": "european",
    "finland": "finnish finn", "france": "french", "germany": "german", "greece": "greek",
    "india": "indian", "indonesia": "indonesian", "iran": "iranian", "iraq": "iraqi", "ireland": "irish",
    "israel": "israeli", "italy": "italian", "japan": "japanese", "korea": "korean", "mexico": "mexican",
    "netherlands": "dutch", "norway": "norwegian", "pakistan": "pakistani", "poland": "polish",
    "portugal": "portuguese", "russia": "russian", "scotland": "scottish scot", "spain": "spanish",
    "sweden": "swedish swede", "switzerland": "swiss", "syria": "syrian", "taiwan": "taiwanese",
    "turkey": "turkish", "ukraine": "ukrainian", "vietnam": "vietnamese", "wales": "welsh",
    "philippines": "filipino philippine", "thailand": "thai", "nigeria": "nigerian", "kenya": "kenyan",
    "zealand": "zealander",
}

_BASE = {form: base for table in (_IRREGULAR_VERBS, _COUNTRY_ADJECTIVES)
         for base, forms in table.items() for form in forms.split()}


def base_form(word: str) -> str:
    """The word ``word`` (lower-cased) is a form of, or ``word`` itself."""
    return _BASE.get(word, word)
