"""`reframe TEXT [--account]`: a human-centric problem statement (design thinking's Define stage):
"<who> <does what> because <why, in human terms>", with the persona from the account's people (the end-user group
the problem is about, or one level out the customer's customers), the insight from retrieved notes, a root-cause
class with its reason, and "How might we…" questions built from the insight."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.knowledge.accounts import Account
from bot.core.skills import people
from bot.core.skills import reframe_evidence as notes
from bot.core.skills import reframe_problem as problem_parse
from bot.core.skills.common import Citation, GuardNote, chunk_citation
from bot.core.skills.reframe_evidence import RootCause, Sentence
from bot.core.skills.reframe_problem import Frame, lower_first
from bot.core.text import tokens, truncate

if TYPE_CHECKING:
    from bot.core.knowledge.retrieve import Hit

__all__ = ["ReframeResult", "RootCause", "reframe"]

MAX_PROBLEM_CHARS = 1000
MAX_QUESTIONS = 5
FALLBACK_PERSONA = "the intended users"
_CONDITION = re.compile(
    r"\b((?:during|while|when|under|in (?:bad|wet|cold|hot|heavy|busy|peak|rush)\s)\s*[^,;.]+?)"
    r"(?=\s+(?:because|since|due)\b|\s*[,;.]|$)",
    re.I,
)
_BLAMED = re.compile(r"((?:the|our|their)\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:\w+s|is|are|has|have|does|do)\b")
_PRONOUN_START = re.compile(r"^(?:it|they|this|that|these|those|he|she|we|i)\b", re.I)
_PRONOUNS = re.compile(r"\b(?:they|them|their|he|she|his|her)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:i|i['’]m|me|my|we|we['’]re|us|our)\b", re.I)


class ReframeResult(BaseModel):
    """A problem restated around the people who have it, grounded in what the notes say about them."""

    problem: str = Field(description="the problem as the CSM put it")
    statement: str = Field(description="<who> <does what> because <why, in human terms>")
    persona: str = Field(description="who is affected (the account's end users, or the customer's customers)")
    customers_customers: str | None = Field(None, description="one level out: who the customer serves")
    need: str = Field(description="what the persona needs, in their terms")
    insight: str = Field(description="why they behave so, quoted from the notes; 'unknown' without evidence")
    root_cause: RootCause
    root_cause_reason: str
    how_might_we: list[str] = Field(min_length=3)
    missing: list[str] = Field(default_factory=list, description="what we would need to know to do better")
    citations: list[Citation] = Field(default_factory=list)
    account: str | None = None
    engine: str = Field("offline", description='"offline", "openai", or "offline (fallback: <reason>)"')
    guard: list[GuardNote] = Field(default_factory=list, description="what the grounding guard removed or flagged")


@dataclass(frozen=True)
class _Who:
    """The persona, whether they are the customer's customers, and who serves them when they are."""

    label: str
    heads: frozenset[str]
    theirs: bool
    serving: str | None
    group: people.Group | None = None


def reframe(copilot: Copilot, problem: str, account: str | None = None) -> ReframeResult:
    """Reframe `problem` as a human-centric statement, grounded in the account's notes when one is named."""
    problem = " ".join(problem.split())
    if not problem:
        raise UserInputError("There is no problem to reframe: give a sentence such as 'low usage of Quick Intake'.")
    problem = truncate(problem, MAX_PROBLEM_CHARS)
    copilot.ensure_ingested()
    target = copilot.resolve_account(account) if account else _mentioned(copilot, problem)
    groups = people.groups(target.profile) if target else []
    roles = problem_parse.role_words(target.profile) if target else frozenset()
    heads = frozenset(h for g in groups for h in g.heads)
    frame = problem_parse.parse(problem, heads, roles)
    hits = notes.search(copilot, problem, target) if target else []  # for the insight and the noted questions
    found = notes.candidates(problem, target, hits, frame.named, heads, frame.subject) if target else []
    uses = _related_uses(target, problem) if target else []
    who = _who(frame, groups, problem, [*uses, *(s.text for s in found[:3])])
    more = []
    if target and who.group and not (found and found[0].cause):  # search again around these people's work
        around = notes.search(copilot, f"{problem} {who.group.description}", target)
        more = notes.candidates(problem, target, around, frame.named, heads, frame.subject)
    found = notes.pick(found, who.heads, more)
    insight = found[0] if found else None
    if insight and who.group and not frame.named and not who.theirs:
        narrow = people.narrower(who.group.label, who.group.heads, insight.text, problem)
        who = _Who(narrow, who.heads, False, None, who.group) if narrow else who
    return _result(copilot, problem, target, frame, who, insight, found, hits)


def _result(copilot: Copilot, problem: str, target: Account | None, frame: Frame, who: _Who,
            insight: Sentence | None, found: list[Sentence], hits: list[Hit]) -> ReframeResult:  # fmt: skip
    stated = notes.stated_root_cause(insight.chunk) if insight else None
    cause, reason = (
        (stated[0], f"the notes name it: “{truncate(stated[1], 200)}”") if stated else notes.classify(problem, insight)
    )
    theirs = people.label(target.profile.get("customers_customers")) if target else ""
    setting = _setting(insight, problem) if not who.theirs else ""
    need = _need(problem, insight, frame.subject, who, target, setting)
    noted = notes.noted_questions(hits, f"{problem} {insight.text}") if target and insight else []
    citations = [s.citation for s in _supporting(insight, found)]
    citations += [_root_citation(insight, stated[1])] if stated and insight else []
    questions = _how_might_we(who, need, setting, frame.subject, insight, cause, "" if who.theirs else theirs, noted)
    citations += [c for q, c in noted if q in questions]
    result = ReframeResult(
        problem=problem, statement=_statement(who, frame.behaviour, insight), persona=who.label,
        customers_customers=theirs or None, need=f"to {need}", insight=insight.text if insight else "unknown",
        root_cause=cause, root_cause_reason=reason, how_might_we=questions,
        missing=_missing(target, insight, who.label) + _changed(insight), citations=citations,
        account=target.slug if target else None,
    )  # fmt: skip
    from bot.core.llm.drafts import reframe as llm_reframe

    return llm_reframe.run(copilot, result)


def _mentioned(copilot: Copilot, text: str) -> Account | None:
    found = copilot.accounts().mentioned_in(text)
    return found[0] if len(found) == 1 else None


def _related_uses(target: Account, problem: str) -> list[str]:
    """The profile's use cases that share a word with the problem: they say whose work it is ('Driver mobile app
    for stop sequencing…', 'Live tracking links for shippers and recipients')."""
    wanted = notes.content_words(problem)
    return [str(u) for u in target.profile.get("use_cases") or [] if notes.shared(wanted, set(tokens(str(u))))]


def _who(frame: Frame, groups: list[people.Group], problem: str, evidence: list[str]) -> _Who:
    """The persona: the people the problem names, else the profile group the problem and the notes are about."""
    # A problem that names no one is first about the people who use the product; one level out (whom they serve)
    # only when the use cases and the notes clearly point there.
    group = people.best(groups, frame.named or problem, evidence, end_user_bonus=0.5 if frame.named else 2.5)
    serving = _serving(groups, problem, evidence)
    if frame.named:
        own = frozenset(tokens(frame.named.split()[-1]))
        matched = group is not None and bool(group.heads & own)
        heads = own | (group.heads if matched else frozenset())
        theirs = matched and group.level == "customers_customers"  # type: ignore[union-attr]
        return _Who(frame.named, heads, theirs, serving if theirs else None, group if matched else None)
    if group is None:
        return _Who(FALLBACK_PERSONA, frozenset(), False, None)
    theirs = group.level == "customers_customers"
    return _Who(people.bare(group.label), group.heads, theirs, serving if theirs else None, group)


def _serving(groups: list[people.Group], problem: str, evidence: list[str]) -> str | None:
    """The end-user group closest to a problem of the customer's customers: who could change it for them."""
    own = [g for g in groups if g.level == "end_users"]
    group = people.best(own, problem, evidence)
    return group.label if group else None


def _statement(who: _Who, behaviour: str, insight: Sentence | None) -> str:
    """'<Who> <does what> because <why>': the cause the notes state when it reads right about these people, else
    the observation itself, quoted."""
    label = who.label
    if insight and insight.cause and _cause_fits(insight, who):
        return f"{label[:1].upper()}{label[1:]} {behaviour} because {lower_first(insight.cause)}."
    if insight:
        teller = f"{insight.speaker} describes" if insight.speaker else "the notes describe"
        reason = f"of what {teller}: “{insight.text.rstrip('.')}.”"
    else:
        reason = "of something the notes do not explain yet."
    return f"{label[:1].upper()}{label[1:]} {behaviour} because {reason}"


def _cause_fits(insight: Sentence, who: _Who) -> bool:
    """A cause clause stands on its own only when it explains these people: not when it leans on a pronoun for
    someone else ('it does not lock them out'), speaks in the first person ('our population'), or explains what
    another group does ('agents spend minutes… because the details sit elsewhere', said of members)."""
    cause = insight.cause or ""
    if _PRONOUN_START.match(cause) or _FIRST_PERSON.search(cause):
        return False
    actor = people.named(insight.effect, who.heads)
    if actor and actor[1] <= 2 and not _about(actor[0], who):
        return False
    if not _PRONOUNS.search(cause):
        return True
    own = people.named(cause, who.heads)
    if own and own[1] == 0 and _about(own[0], who):
        return True  # "marketers clone segments instead of editing them"
    return bool(actor) and _about(actor[0], who)  # type: ignore[index]


def _about(phrase: str, who: _Who) -> bool:
    return bool(set(tokens(phrase.split()[-1])) & who.heads)


def _setting(insight: Sentence | None, problem: str) -> str:
    """When the trouble happens, from the insight's main clause ('during high-stress patient intake')."""
    if insight is None:
        return ""
    match = _CONDITION.search(insight.text.split(insight.cause or "\0")[0])
    found = match.group(1) if match else ""
    return "" if found.lower() in problem.lower() else found


NEEDS = [
    (("glove", "rain", "cold", "outdoor", "noise", "stress", "in the field", "on the road", "bedside", "sun", "glare"),
     "use {s} in the conditions they actually work in", "work in the conditions they actually face"),
    (("slow", "click", "minute", "long", "field", "step", "twice", "double", "burden", "second time", "wait"),
     "use {s} quickly, without extra steps", "get their work done quickly, without extra steps"),
    (("trust", "check", "wrong", "accura", "believe", "verify"), "trust what they see in {s}", "trust what they see"),
    (("confus", "find", "hunt", "train", "understand", "learn"), "understand {s} without hunting for help",
     "know what to do without hunting for help"),
    (("workflow", "match", "paper", "habit", "routine", "process", "separate system"),
     "use {s} the way they already work", "keep working the way they already do, without doing it twice"),
]  # fmt: skip


def _need(problem: str, insight: Sentence | None, subject: str | None, who: _Who, target: Account | None,
          setting: str) -> str:  # fmt: skip
    """What the persona needs, as a verb phrase ('use X quickly, without extra steps')."""
    if who.theirs:
        served_by = target.name if target else "the people who serve them"
        return f"get what they need from {served_by} without having to chase it"
    lowered = f"{problem} {insight.text if insight else ''}".lower()
    for index, (cues, template, plain) in enumerate(NEEDS):
        if any(c in lowered for c in cues):
            if index == 0 and setting:  # the conditions, said as the notes say them
                return f"use {subject} {setting}" if subject else f"do their work well {setting}"
            return template.format(s=subject) if subject else plain
    return f"get value from {subject} without adding to their workload" if subject else "get their work done"


def _how_might_we(who: _Who, need: str, setting: str, subject: str | None, insight: Sentence | None,
                  cause: RootCause, theirs: str, noted: list[tuple[str, Citation]]) -> list[str]:  # fmt: skip
    """Questions from the insight first (its setting, its cause, the notes' own questions), then the root cause and
    one level out; generic ones only to reach three."""
    label = who.label
    when = f" {setting}" if setting and setting.lower() not in need.lower() else ""
    questions = [f"How might we help {label} {need}{when}?"]
    if insight and insight.cause:
        questions.append(f"How might we address what the notes point to: {truncate(insight.cause, 110)}?")
    questions += [q for q, _ in noted[:2]]
    questions.append(_root_question(cause, who, subject or (None if who.theirs else _thing_in(insight))))
    if theirs:
        change = subject or "solving this"
        questions.append(f"How might we show {label} the difference {change} could make for {theirs}?")
    elif who.serving:
        questions.append(f"How might we work with {who.serving} so that {label} feel the difference?")
    some = label if label.startswith(("the ", "their ")) else f"the {label}"
    if who.theirs:
        questions.append(f"How might we hear from a few {label} directly what this is like for them?")
    else:
        questions += [
            f"How might we learn from {some} who already do this well, and share what works?",
            f"How might we make {subject or 'this'} feel like less work, not more, on a busy day?",
        ]
    unique = list(dict.fromkeys(questions))
    return unique[:MAX_QUESTIONS]


def _thing_in(insight: Sentence | None) -> str | None:
    """What the cause blames, when it opens with it: 'the intake form demands too many clicks' → 'the intake form'."""
    if not insight or not insight.cause:
        return None
    match = _BLAMED.match(insight.cause)
    return match.group(1) if match else None


def _root_question(cause: RootCause, who: _Who, subject: str | None) -> str:
    if who.theirs:  # the customer's customers do not use our product: follow their journey instead
        around = f" around {subject}" if subject else ""
        return (f"How might we map what {who.label} go through{around}, step by step, to find the moments that let "
                "them down?")  # fmt: skip
    thing, name = subject or "the product", who.label
    return {
        "product": f"How might we prototype a change to {thing} with a few {name} and watch them use it where they "
        "work?",
        "process": f"How might we rework the steps around {thing} with {name}, so they fit the way they already work?",
        "perception": f"How might we let {name} hear from peers they trust what they gain from {thing}?",
        "mixed": f"How might we map a working day with {name} to find each moment where {thing} could work better for "
        "them?",
    }[cause]


def _supporting(insight: Sentence | None, found: list[Sentence]) -> list[Sentence]:
    """The insight and up to two more sentences that explain the same problem, from other passages."""
    if insight is None:
        return []
    others = [s for s in found[1:] if s.cause and s.chunk.id != insight.chunk.id and s.relevance >= 2]
    return [insight, *others[:2]]


def _root_citation(insight: Sentence, sentence: str) -> Citation:
    return chunk_citation(sentence, insight.chunk, notes.QUOTE_CHARS)


def _changed(insight: Sentence | None) -> list[str]:
    if insight and notes.resolved(insight):
        return [f"whether this still holds: the notes suggest it has changed (“{truncate(insight.text, 120)}”)"]
    return []


def _missing(target: Account | None, insight: Sentence | None, who: str) -> list[str]:
    missing = []
    if target is None:
        missing.append("which account this is (--account), so its notes and end users can be read")
    if insight is None:
        missing.append(f"observations of {who} at work: what they do instead, and why, in their words")
    if target is not None and not target.profile.get("end_users"):
        missing.append("who the end users are (end_users in the profile)")
    return missing
