"""How the CSM put a problem, for `reframe`: the people it names, what they do, and the thing it is about.

"low usage of X by Y" → Y rarely use X; "drivers skip the step" → drivers, "skip the step", "the step";
"the new superintendent doubts the platform" → a stakeholder and what they do; "low weekly active nurses at
East Campus" → nurses at East Campus; else a clause ("the app keeps crashing") or a thing ("duplicate emails")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.skills import people
from bot.core.text import STOPWORDS

_LOW_USE = re.compile(
    r"^\s*(?:low|poor|weak|declining|falling|no|limited)\s+(?:usage|use|adoption|engagement|uptake)\s+"
    r"(?:of|in|on|with)\s+",
    re.I,
)
# "low weekly active nurses at East Campus": a usage figure put as people.
_FEW_ACTIVE = re.compile(
    r"^\s*(?:low|few|fewer|falling|declining|dropping)\s+(?:number of\s+)?(?:(?:weekly|daily|monthly)\s+)?"
    r"(?:active\s+)?",
    re.I,
)
_BEHAVIOUR = re.compile(
    r"\b(?:avoid|skip|ignore|abandon|bypass|work around|don['’]t use|do not use|stopped using|rarely use|never use|"
    r"complain about|struggle with|distrust|don['’]t trust|do not trust|don['’]t look at|refuse|forget|misuse|"
    r"doubt|question)s?\b\s*",
    re.I,
)
_OBJECT_END = r"(?=\s+(?:in|at|on|of|for|when|while|during|because|to|and|or|as|with|from|after|before)\b|[.,;]|$)"
_DIRECT_OBJECT = re.compile(rf"^\s*\S+\s+((?:the|their|our|your|a|an)\s+[\w-]+(?:\s+[\w-]+){{0,2}}?){_OBJECT_END}")
_OBJECT = re.compile(rf"^((?:the|their|our|your|a|an)?\s*[\w-]+(?:\s+[\w-]+){{0,3}}?){_OBJECT_END}", re.I)
_DETERMINED = re.compile(r"^(?:the|their|our|your|a|an)\s", re.I)
_AUXILIARY = (
    r"(?:is|are|was|were|isn['’]t|aren['’]t|has|have|hasn['’]t|haven['’]t|does|do|doesn['’]t|don['’]t|did|didn['’]t|"
    r"can['’]t|cannot|won['’]t|keeps?|takes?|feels?|seems?|gets?|fails?|breaks?|crash(?:es)?|misses)"
)
# A clause opens with its subject: "segment builds are slow", "the driver app overheats in Phoenix".
_SUBJECT_AUX = re.compile(
    rf"^((?:(?:the|our|their|your|this|that|an?)\s+)?[\w-]+(?:\s+[\w-]+){{0,3}}?)\s+{_AUXILIARY}\b", re.I
)
_SUBJECT_VERB = re.compile(r"^((?:the|our|their|your|this|that|an?)\s+[\w-]+(?:\s+[\w-]+){0,2}?)\s+[a-z]+s\b", re.I)
_BY_PEOPLE = re.compile(r"\s+(?:by|among|for|from)\s+(\S.*)$", re.I)
_LEADING = frozenset("the our their your many some most several new".split())
# Titles a problem may name one stakeholder by, besides the roles the profile lists.
_TITLES = frozenset("cfo ceo coo cio cto cmo vp director manager sponsor champion admin administrator".split())


@dataclass(frozen=True)
class Frame:
    """How the CSM put the problem: the people it names, what they do, and the thing it is about."""

    named: str | None
    behaviour: str
    subject: str | None


def parse(problem: str, heads: frozenset[str], roles: frozenset[str] = frozenset()) -> Frame:
    """Read `problem`, knowing the people nouns (`heads`) and stakeholder role words (`roles`) of the account."""
    text = problem.strip(" .")
    low = _LOW_USE.match(text)
    if low:
        rest = text[low.end() :]
        by = _BY_PEOPLE.search(rest)
        named = people.named(by.group(1), heads) if by else None
        subject = rest[: by.start()] if by and named else rest
        return Frame(named[0] if named else None, f"rarely use {subject}", subject)
    few = _few_active(text, heads)
    if few:
        return few
    found = people.named(text, heads) or _stakeholder(text, roles)
    if found and set(text[: found[1]].lower().split()) <= _LEADING:
        predicate = text[found[1] + len(found[0]) :].strip(" ,")
        if predicate:
            named = text[: found[1] + len(found[0])].strip()
            return Frame(lower_first(named), predicate, _object(predicate))
    lowered = lower_first(text)
    subject = _SUBJECT_AUX.match(lowered) or _SUBJECT_VERB.match(lowered)
    if subject:
        return Frame(None, f"struggle when {lowered}", subject.group(1))
    return Frame(None, f"struggle with {lowered}", lowered if _DETERMINED.match(lowered) else None)


def _few_active(text: str, heads: frozenset[str]) -> Frame | None:
    """'low weekly active nurses at East Campus' → nurses at East Campus, who rarely use the product."""
    match = _FEW_ACTIVE.match(text)
    found = people.named(text[match.end() :], heads) if match and match.end() else None
    if not match or not found or found[1] != 0:
        return None
    head = found[0].split()[-1]
    rest = text[match.end() + len(found[0]) :].strip(" ,")
    return Frame(f"{head} {rest}".strip(), "rarely use the product", None)


def _stakeholder(text: str, roles: frozenset[str]) -> tuple[str, int] | None:
    """One stakeholder named by role near the start ('the new superintendent'), as (phrase, start)."""
    words = list(re.finditer(r"[A-Za-z][\w'’\-]*", text))
    for index, match in enumerate(words[:4]):
        after = words[index + 1].group(0).lower() if index + 1 < len(words) else ""
        acts = bool(re.fullmatch(rf"{_AUXILIARY}|\w+(?:s|ed)|will|would|can|could|wants?|thinks?", after))
        if match.group(0).lower() in roles | _TITLES and acts:  # "the CFO questions…", not "the driver app"
            start = next((w.start() for w in words[:index] if w.group(0).lower() not in STOPWORDS), match.start())
            start = words[0].start() if words[0].group(0).lower() in _LEADING else start
            return text[start : match.end()], start
    return None


def role_words(profile: dict) -> frozenset[str]:
    """The head noun of each stakeholder's role: 'Superintendent (since 2026-09-01)' → 'superintendent',
    'Director of Instructional Technology' → 'director', 'Chief Nursing Officer' → 'officer'."""
    found = set()
    for person in profile.get("stakeholders") or []:
        role = str(person.get("role", "")) if isinstance(person, dict) else ""
        head = re.split(r"\s*[,(]|\s+(?:of|for|and|at|in)\s+", role, maxsplit=1)[0].split()
        if head and len(head[-1]) > 1:
            found.add(head[-1].lower())
    return frozenset(found - STOPWORDS)


def _object(predicate: str) -> str | None:
    """The thing a behaviour is about: 'skip the handoff notes at night' → 'the handoff notes'."""
    behaviour = _BEHAVIOUR.search(predicate)
    if behaviour:
        match = _OBJECT.match(predicate[behaviour.end() :])
        return match.group(1).strip() if match else None
    match = _DIRECT_OBJECT.match(predicate)
    if not match or not _DETERMINED.match(match.group(1).strip()):
        return None
    return match.group(1).strip()


def lower_first(text: str) -> str:
    """Lower-case a sentence-initial capital, not a name ('The app' → 'the app'; 'East Campus nurses' stays)."""
    words = text.split()
    if len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
