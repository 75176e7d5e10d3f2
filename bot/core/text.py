"""Small text utilities shared by retrieval and the composers: tokens, stems and sentences."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves tell give show know let get got us s t don re ve ll d m
    please also""".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "ly")
# Sentence ends: punctuation followed by space and an upper-case letter, digit or quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|No|Inc|Ltd|Co|approx)\.$")
# "five p.m. Eastern" is one sentence: a time of day followed by its time zone.
_TIME_OF_DAY = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_TIME_ZONE = re.compile(r"^(?:Eastern|Central|Mountain|Pacific|[ECMP][SD]?T|GMT|UTC|CET|BST)\b")
_UNIT_START = re.compile(r"^\s*(?:[-*+>|#]|\d+[.)]\s|[A-Z][\w.'\-]*(?:\s+[\w.'\-]+){0,3}:\s)")
_MARKUP = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*|#+\s*)|\*\*|__|`")


def stem(word: str) -> str:
    """A deliberately light suffix stripper: 'renewals' and 'renewal' meet, 'news' stays 'news'."""
    word = word.replace("’", "'").split("'")[0]
    if len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words (stopwords removed)."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def sentences(text: str) -> list[str]:
    """Split prose, bullets and transcript lines into clean sentences (Markdown markup removed)."""
    out: list[str] = []
    for unit in _units(text):
        pieces: list[str] = []
        for raw in _SENTENCE_END.split(unit):
            if pieces and _continues(pieces[-1], raw):  # "Dr. Greene", "at five p.m. Eastern"
                pieces[-1] = f"{pieces[-1]} {raw}"
            else:
                pieces.append(raw)
        out += [c for c in (_MARKUP.sub("", p).strip() for p in pieces) if len(c) > 2]
    return out


def _continues(before: str, after: str) -> bool:
    """Whether the full stop that ends `before` closes an abbreviation rather than the sentence."""
    return bool(_ABBREVIATION.search(before) or (_TIME_OF_DAY.search(before) and _TIME_ZONE.match(after)))


def _units(text: str) -> list[str]:
    """Re-join wrapped lines: a new unit starts at a blank line, a bullet, a heading or a speaker label."""
    units: list[str] = []
    joinable = False
    for line in text.splitlines():
        if not line.strip():
            joinable = False
            continue
        if joinable and not _UNIT_START.match(line):
            units[-1] = f"{units[-1]} {line.strip()}"
        else:
            units.append(line.strip())
        joinable = True
    return units


def truncate(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"
