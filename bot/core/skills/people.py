"""Who a problem or a piece of feedback is about: the groups of people a profile describes (`end_users`, and one
level out `customers_customers`), a short label for each, and the group a text is most about.

A profile describes its people in one sentence ("Dispatchers in the Dallas and Houston hubs who plan routes, and
delivery drivers who use the mobile app…"); reading it as groups lets a reframe about the mobile app speak about
the drivers, not about whoever happens to be named first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.core.text import STOPWORDS, stem, tokens

Level = Literal["end_users", "customers_customers"]
# People nouns a text may name when no profile says who its people are (a profile adds its own heads).
PEOPLE = frozenset(
    """nurses teachers students drivers dispatchers marketers agents clinicians doctors physicians managers admins
    administrators analysts staff users reps representatives members consumers customers patients families parents
    shippers recipients merchants buyers shoppers employees workers clerks cashiers tellers specialists planners
    operators technicians engineers coordinators supervisors instructors learners residents guests clients
    partners subscribers couriers pharmacists therapists caregivers volunteers developers designers recruiters
    accountants""".split()
)
_PEOPLE_STEMS = frozenset(stem(w) for w in PEOPLE)
_PAREN = re.compile(r"\s*\([^)]*\)")
# Top-level separators between groups: "A who …, and B who …", "A; B", "A, including B".
_GROUP_SPLIT = re.compile(r";\s*|,\s+(?=(?:and|plus|including)\s)")
# Where a group's head phrase ends: a relative clause, a participle after a plural ("recipients waiting for"),
# or a comma.
_HEAD_END = re.compile(r"\s+(?:who|that|which|whose)\s+|(?<=s)\s+(?=[a-z]+ing\b)|\s*,\s+")
_PREPOSITION = re.compile(r"\s+(?:in|at|on|of|from|for|across|through|with|within|by|to)\s+")
_DETERMINER = r"(?:the|their|our|your|its)\s+"
_COUNT = re.compile(
    r"^(?:about|around|roughly|some|over|nearly|almost|more than)?\s*[\d.,]+\+?"
    r"(?:\s+(?:million|thousand|hundred))?\s+",
    re.I,
)
_LEADING = re.compile(r"^(?:and|plus|including|about|around|roughly|some|the|their|our|your|all)\s+", re.I)


@dataclass(frozen=True)
class Group:
    """One group of people from a profile: its label, the nouns that name it, and the words describing it."""

    label: str
    heads: frozenset[str]
    words: frozenset[str]
    level: Level
    subgroup: bool = False  # "…, including 2.4 million loyalty members": part of the group before it
    description: str = ""  # the profile's words for them: "delivery drivers who use the mobile app for stops…"


def groups(profile: dict) -> list[Group]:
    """The groups described by a profile's `end_users`, then by its `customers_customers`."""
    found: list[Group] = []
    for level in ("end_users", "customers_customers"):
        text = profile.get(level)
        if text:
            found += _groups_of(str(text), level)  # type: ignore[arg-type]
    return found


def label(text: str | None, fallback: str = "") -> str:
    """A short name for the people a description names: "About 11,000 students in grades 6 to 12, and their
    families" → "about 11,000 students in grades 6 to 12 and their families" (subgroups and clauses left out)."""
    if not text:
        return fallback
    parts = [g.label for g in _groups_of(str(text), "end_users") if not g.subgroup]
    return " and ".join(parts) if parts else fallback


def bare(group_label: str) -> str:
    """A label without its head count, to name people in a sentence: "about 185,000 credit union members" →
    "credit union members"."""
    stripped = _COUNT.sub("", group_label)
    return stripped if _people_heads(stripped) else group_label


def named(text: str, heads: frozenset[str] = frozenset()) -> tuple[str, int] | None:
    """The first group of people a text names, with up to three words before its noun, and where it starts:
    "low usage of fraud alerts by call-center agents" → ("call-center agents", 30)."""
    wanted = heads | _PEOPLE_STEMS
    words = list(re.finditer(r"[A-Za-z][\w'’\-]*[,;:.!?]?", text))
    for index, match in enumerate(words):
        word = match.group(0).rstrip(",;:.!?")
        if stem(word.lower()) not in wanted or not _plural_or_people(word):
            continue
        start = index
        while start > 0 and index - start < 3 and _modifier(words[start - 1].group(0)):
            start -= 1
        phrase = text[words[start].start() : match.start() + len(word)]
        return _lower_first(phrase), words[start].start()
    return None


def best(
    candidates: list[Group],
    text: str,
    evidence: list[str] | tuple[str, ...] = (),
    decided: bool = False,
    end_user_bonus: float = 0.5,
) -> Group | None:
    """The group `text` is most about: named in it (strongest), named in the evidence, or sharing its words; the
    people who use the product come first on a tie (by `end_user_bonus`). With `decided`, None unless one group
    clearly comes first (a reply then speaks of all of them)."""
    if not candidates:
        return None
    wanted = set(tokens(text))
    named_here = heads_of(text)  # "the member 360 view" names a view, not members
    seen = [heads_of(e) for e in evidence]

    def score(group: Group) -> float:
        value = 4.0 * len(group.heads & named_here) + len(group.words & wanted)
        value += sum(2.0 / (1 + rank) for rank, words in enumerate(seen) if group.heads & words)  # plural or not
        return value + (end_user_bonus if group.level == "end_users" else 0.0)

    ranked = sorted(candidates, key=score, reverse=True)
    if decided and (len(ranked) > 1 and score(ranked[0]) == score(ranked[1])):
        return None
    return ranked[0]


def heads_of(text: str) -> frozenset[str]:
    """Stems of the words in `text` that name people in the plural ('drivers', 'staff'), wherever they stand."""
    words = re.findall(r"[A-Za-z][\w'’\-]*", text)
    found = (w for w in words if _plural_or_people(w) and w.lower() not in STOPWORDS)
    return frozenset(stem(w.lower().split("-")[-1]) for w in found)


def narrower(group_label: str, heads: frozenset[str], text: str, problem: str) -> str | None:
    """A more precise name for the same people, taken from `text` when its qualifiers echo the problem:
    "East Campus ED nurses" for the problem "low usage of Quick Intake at East Campus"."""
    found = named(text, heads)
    if not found:
        return None
    phrase = found[0]
    qualifiers = set(tokens(" ".join(re.split(r"[\s-]+", phrase)[:-1])))
    if qualifiers and qualifiers & set(tokens(problem.replace("-", " "))) and phrase.lower() not in group_label:
        return phrase
    return None


def _groups_of(text: str, level: Level) -> list[Group]:
    out: list[Group] = []
    for index, part in enumerate(_GROUP_SPLIT.split(_PAREN.sub("", text).strip(" ."))):
        subgroup = part.lower().startswith("including")
        head = _LEADING.sub("", part.strip()) if subgroup else re.sub(r"^(?:and|plus)\s+", "", part.strip())
        head = _HEAD_END.split(head, maxsplit=1)[0].strip()
        if not _people_heads(head):
            continue  # "…, and grade student work" continues the previous group's clause
        for conjunct in _conjuncts(head):
            heads = _people_heads(conjunct)
            if heads:
                words = frozenset(tokens(part if len(_conjuncts(head)) == 1 else f"{conjunct} {part}"))
                out.append(Group(_lower_first(conjunct), heads, words, level, subgroup and index > 0, part.strip()))
    return out


def _conjuncts(head: str) -> list[str]:
    """ "Member-service representatives in 14 branches and agents in the contact center" is two groups; "Dispatchers
    in the Dallas and Houston hubs" and "Registered nurses and charge nurses on three campuses" are one each."""
    match = re.search(rf"\s+and\s+(?=(?:{_DETERMINER})?[a-z][\w-]*s\b)", head)
    if not match:
        return [head]
    left, right = head[: match.start()], head[match.end() :]
    determined = re.match(_DETERMINER, right) is not None
    first_noun = right.split(" ", 2)[1 if determined else 0]
    if not (determined or _PREPOSITION.search(left)) or not _people_heads(first_noun):
        return [head]
    return [left, *_conjuncts(right)]


def _people_heads(phrase: str) -> frozenset[str]:
    """Stems of the plural nouns that name people in a head phrase, before its first preposition."""
    core = _PREPOSITION.split(f" {phrase} ", maxsplit=1)[0]
    found = set()
    for word in re.findall(r"[A-Za-z][\w'’\-]*", core):
        lowered = word.lower()
        proper = word[0].isupper() and lowered not in PEOPLE and word != core.split()[0]  # "Lumen Rewards members"
        if lowered in STOPWORDS or proper:
            continue
        if lowered in PEOPLE or (lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) > 3):
            found.add(stem(lowered.split("-")[-1]))
    return frozenset(found)


def _plural_or_people(word: str) -> bool:
    lowered = word.lower()
    return lowered in PEOPLE or (lowered.endswith("s") and not lowered.endswith("ss"))


def _modifier(word: str) -> bool:
    """A word that can qualify a people noun: not a stopword, not the end of a clause, not a number word."""
    if word[-1] in ",;:.!?":
        return False
    lowered = word.lower()
    return lowered not in STOPWORDS and lowered not in _NOT_MODIFIERS and not lowered.endswith("ly")


_NOT_MODIFIERS = frozenset("low usage use adoption engagement uptake poor weak many most several among".split())


def _lower_first(text: str) -> str:
    """Lower-case a sentence-initial capital, not a name ("Drivers" → "drivers"; "East Campus ED nurses" stays)."""
    words = text.split()
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
