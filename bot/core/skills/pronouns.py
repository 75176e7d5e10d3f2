"""Who 'his', 'her' and 'him' stand for in an action item, so it still reads once the conversation is over:
"I'll find a slot with his assistant" after "Can we aim for the first week of November with Marcus?" is a
slot with Marcus's assistant; "I'll talk to him next week" after "I know the Toledo supervisor" is a talk
with the Toledo supervisor.

The referent is the one person (or definite role: "the Toledo supervisor") named in the nearest earlier
sentence that names anyone, other than the speaker; when that sentence names two, the pronoun stays.
People are the meeting's participants plus the names it uses for persons ("Victor will want…",
"with Marcus?", "Priya and Keisha"). Used for summaries (actions.py) and for plans (open_actions.py).
"""

from __future__ import annotations

import itertools
import re

from bot.core.skills.action_parts import NOT_NAMES, TEAM_NAMES, VERBS
from bot.core.skills.meeting import Line, People, name_words

LOOK_BACK = 6  # sentences
_PRONOUN = re.compile(r"\b(?P<word>his|her|him)\b(?:\s+(?P<next>[\w'’\-]+))?", re.I)
# After "her" these words show an object ("ask her to…", "check with her anyway"), not a possessive.
_OBJECT_AFTER = frozenset(
    """to about anyway again on in at for from with and or but if so that this first later now today tomorrow
    back up down over directly right away yet too as when before after know this week next by""".split()
)
ROLE_NOUNS = ("supervisor manager director lead head vp cfo ceo cto cio coo sponsor champion administrator admin "
              "coordinator officer president chair principal superintendent successor replacement").split()  # fmt: skip
_ROLE = re.compile(
    r"\b(?:the|our|your|their)\s+(?P<role>(?:[A-Za-z][\w\-]*\s+){0,3}?(?:" + "|".join(ROLE_NOUNS) + r"))\b(?!['’-])",
    re.I,
)
_THEIR_ROLE = re.compile(  # "Ramon's manager": a role named by whose it is
    r"\b[A-Z][a-z]+['’]s\s+(?:[a-z][\w\-]*\s+){0,2}?(?:" + "|".join([*ROLE_NOUNS, "boss", "assistant"]) + r")\b"
)
_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\b")
# A capitalised word is a person when it acts like one: "Victor will…", "Marcus, …", "with Marcus", "ask Greg".
_ACTS = re.compile(
    r"^\s*(?:will|['’]ll|wants?|said|says|told|tells|asked|asks|thinks|agreed|is going to|can|could|would|"
    r"should|leaves|joins|sent|sends|emailed|mentioned|prefers|likes|approved)\b"
)
_ADDRESSED = re.compile(r"\b(?:with|ask|asked|tell|told|email|emailed|call|called|cc|thank|thanks|invite|"
                        r"introduce|from|meet|met)\s+$", re.I)  # fmt: skip


def resolve_people(
    task: str, line: Line, lines: list[Line], people: People, owner: str | None = None, named: People | None = None
) -> str:
    """`task` with its first 'his', 'her' or 'him' replaced by the person (or role) it points at, when that is
    clear. A possessive in a task someone else was given ('Eric will list the segments his team rebuilds')
    is left alone: it points at the owner, and says so already. `named` is `mentioned(lines, people)`, for a
    caller resolving many tasks of one meeting (computed here when not given)."""
    match = _PRONOUN.search(task)
    if match is None or _names_before(task[: match.start()], people):
        return task
    possessive = match.group("word").lower() == "his" or (
        match.group("word").lower() == "her"
        and match.group("next")
        and match.group("next").lower() not in _OBJECT_AFTER
    )
    third_person = owner and not _same_person(owner, line.speaker)
    if possessive and third_person:
        return task
    referent = _referent(line, lines, named if named is not None else mentioned(lines, people), owner)
    if referent is None:
        return task
    word = f"{referent}'s" if possessive else referent
    return task[: match.start("word")] + word + task[match.end("word") :]


def mentioned(lines: list[Line], people: People) -> People:
    """The meeting's participants plus the names it uses for persons, full names where it gives them: a
    capitalised name that acts ('Victor will…') or is addressed ('with Marcus'), then any name listed with
    one of those ('Priya and Keisha', 'Marcus and Raymond')."""
    found = People(list(people.names))
    pairs = {run for ln in lines for run in _RUN.findall(ln.text) if " " in run}
    runs = [(ln, list(_RUN.finditer(ln.text))) for ln in lines]
    for ln, matches in runs:
        for run in matches:
            if _ACTS.match(ln.text[run.end() :]) or _ADDRESSED.search(ln.text[: run.start()]):
                _add(found, run.group(0), pairs)
    for ln, matches in runs:
        for one, other in itertools.pairwise(matches):
            listed = re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", ln.text[one.end() : other.start()])
            if listed and (found.known(one.group(0)) or found.known(other.group(0))):
                _add(found, one.group(0), pairs)
                _add(found, other.group(0), pairs)
    return found


def _add(found: People, name: str, pairs: set[str]) -> None:
    if found.known(name) or not _name_like(name):
        return
    full = [p for p in pairs if p.split()[0] == name and _name_like(p)]
    found.add(full[0] if len(full) == 1 else name)


def _name_like(name: str) -> bool:
    words = name.split()
    return not any(w.lower() in NOT_NAMES or w.lower() in VERBS or w in TEAM_NAMES for w in words)


def _referent(line: Line, lines: list[Line], people: People, owner: str | None) -> str | None:
    """The one person or role named in the nearest earlier sentence that names any (the speaker and the
    owner excepted)."""
    earlier = lines[max(0, line.index - LOOK_BACK) : line.index]
    for sentence in reversed(earlier):
        named = {n for n in people.names if _named_in(n, sentence.text)}
        named = {n for n in named if not _same_person(line.speaker, n) and not (owner and _same_person(owner, n))}
        roles = {f"the {m.group('role')}" for m in _ROLE.finditer(sentence.text)}
        possessed = {m.group(0) for m in _THEIR_ROLE.finditer(sentence.text)}  # "I know Ramon's manager."
        named = {n for n in named if not any(_named_in(n, p) for p in possessed)}
        roles |= possessed
        candidates = named | roles
        if len(candidates) == 1:
            return candidates.pop()
        if candidates:
            return None
    return None


def _names_before(text: str, people: People) -> bool:
    """'Send it to Daniel and his VP': the task names the person the pronoun points at."""
    return any(_named_in(n, text) for n in people.names) or bool(re.search(r"\b[A-Z][a-z]+\s+and\s*$", text))


def _same_person(a: str | None, b: str | None) -> bool:
    wa, wb = name_words(a or ""), name_words(b or "")
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _named_in(name: str, text: str) -> bool:
    words = [w for w in name.replace(".", " ").split() if w.lower() not in ("dr", "mr", "mrs", "ms", "prof")]
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in words if len(w) > 2)
