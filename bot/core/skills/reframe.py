"""`reframe TEXT [--account]`: a human-centric problem statement (design thinking's Define stage):
"<who> <does what> because <why, in human terms>", with the persona from the account's end users, the
insight from retrieved notes, a root-cause class, and "How might we…" questions."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.knowledge.accounts import Account
from bot.core.skills.common import Citation, GuardNote
from bot.core.skills.qbr_text import persona
from bot.core.text import STOPWORDS, sentences, tokens, truncate

RootCause = Literal["product", "process", "perception", "mixed"]
MAX_PROBLEM_CHARS = 1000
# Cue words for each root-cause class, matched on word stems.
CUES: dict[str, tuple[str, ...]] = {
    "product": ("slow", "click", "screen", "field", "bug", "crash", "load", "button", "feature", "missing",
                "integrat", "sync", "mobile", "glove", "tap", "form", "interface", "export", "import", "latency",
                "timeout", "builder", "duplicat"),
    "process": ("workflow", "process", "training", "trained", "handoff", "hand-off", "shift", "paper", "manual",
                "double", "twice", "policy", "rollout", "onboard", "step", "schedule", "habit", "routine", "sheet",
                "approval", "owner"),
    "perception": ("trust", "believe", "feel", "afraid", "fear", "skeptic", "worth", "value", "perceiv", "think",
                   "worry", "confiden", "another tool", "surveil", "watched", "judged", "resist", "change fatigue"),
}  # fmt: skip
_WHY = re.compile(
    r"\b(because|since|so that|due to|too (?:many|much|long|slow)|takes?|extra|instead|rather than|"
    r"workaround|don't|doesn't|didn't|can't|won't|never|avoid|skip|prefer|afraid|trust|worried)\b",
    re.I,
)
_LOW_USE = re.compile(
    r"^\s*(?:low|poor|weak|declining|falling|no)\s+(?:usage|use|adoption|engagement|uptake)\s+(?:of|in|on)\s+", re.I
)
_BEHAVIOUR = re.compile(
    r"\b(?:avoid|skip|ignore|abandon|bypass|work around|don't use|do not use|stopped using|rarely use|"
    r"never use|complain about|struggle with|clone|refuse)s?\b\s*",
    re.I,
)
_GROUP_NOUNS = (
    r"(?:nurses?|teachers?|students?|drivers?|dispatchers?|marketers?|agents?|clinicians?|doctors?|managers?|"
    r"admins?|analysts?|staff|users?|reps?|members?|consumers?|customers?|patients?)"
)
_GROUPS = re.compile(rf"\b((?:[\w-]+\s)?{_GROUP_NOUNS})\b", re.I)
_BY_GROUP = re.compile(rf"\s+(?:by|among|for)\s+(?:[\w-]+\s)?{_GROUP_NOUNS}$", re.I)


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


def reframe(copilot: Copilot, problem: str, account: str | None = None) -> ReframeResult:
    """Reframe `problem` as a human-centric statement, grounded in the account's notes when one is named."""
    problem = " ".join(problem.split())
    if not problem:
        raise UserInputError("There is no problem to reframe: give a sentence such as 'low usage of Quick Intake'.")
    problem = truncate(problem, MAX_PROBLEM_CHARS)
    copilot.ensure_ingested()
    target = copilot.resolve_account(account) if account else _mentioned(copilot, problem)
    subject = _subject(problem)
    who = _persona(problem, target)
    evidence = _evidence(copilot, problem, target) if target else []
    insight, cite = evidence[0] if evidence else ("unknown", None)
    cause, reason = _root_cause(problem, [text for text, _ in evidence])
    why = _why(insight) if cite else "of something the notes do not explain yet"
    behaviour = _behaviour(problem, subject)
    need = _need(f"{problem} {insight}" if cite else problem, subject)
    theirs = persona(target.profile.get("customers_customers"), "") if target else ""
    missing = _missing(target, cite, who)
    result = ReframeResult(
        problem=problem, statement=f"{who[0].upper()}{who[1:]} {behaviour} because {why}.", persona=who,
        customers_customers=theirs or None, need=f"to {need}", insight=insight, root_cause=cause,
        root_cause_reason=reason,
        how_might_we=_how_might_we(who, subject, need, theirs, insight if cite else None),
        missing=missing, citations=[c for _, c in evidence[:3] if c], account=target.slug if target else None,
    )  # fmt: skip
    from bot.core.llm.drafts import reframe as llm_reframe

    return llm_reframe.run(copilot, result)


def _mentioned(copilot: Copilot, text: str) -> Account | None:
    found = copilot.accounts().mentioned_in(text)
    return found[0] if len(found) == 1 else None


def _subject(problem: str) -> str:
    """What the problem is about: 'low usage of Quick Intake at East Campus' → 'Quick Intake at East Campus';
    'teachers don't use the gradebook' → 'the gradebook'."""
    stripped = _LOW_USE.sub("", problem).strip(" .")
    if stripped != problem.strip(" ."):
        return _BY_GROUP.sub("", stripped) or stripped
    behaviour = _BEHAVIOUR.search(problem)
    if behaviour and problem[behaviour.end() :].strip(" ."):
        return problem[behaviour.end() :].strip(" .")
    return problem.strip(" .")


def _persona(problem: str, target: Account | None) -> str:
    group = _GROUPS.search(problem)
    if group:
        words = group.group(1).lower().split()
        return " ".join(words[1:] if len(words) > 1 and words[0] in STOPWORDS else words)
    if target and target.profile.get("end_users"):
        return persona(target.profile.get("end_users"), "the people who use it")
    return "the people who use it"


def _evidence(copilot: Copilot, problem: str, target: Account) -> list[tuple[str, Citation]]:
    """Sentences from the account's notes that explain behaviour ('because', 'too many clicks', 'don't trust')."""
    hits = copilot.retriever.search(problem, k=8, account=target.slug)
    wanted = set(tokens(problem))
    scored = []
    for rank, hit in enumerate(hits):
        if hit.chunk.kind == "metrics":
            continue
        for sentence in sentences(hit.chunk.text):
            why = len(_WHY.findall(sentence))
            if why == 0 or len(sentence) < 30:
                continue
            overlap = len(wanted & set(tokens(sentence)))
            scored.append((overlap + why + 2 / (1 + rank), sentence, hit))
    scored.sort(key=lambda item: item[0], reverse=True)
    out = []
    for _, sentence, hit in scored[:4]:
        cite = Citation(source=hit.chunk.source, quote=truncate(sentence, 300), chunk_id=hit.chunk.id,
                        date=hit.chunk.date, section=hit.chunk.section or None)  # fmt: skip
        out.append((truncate(_strip_speaker(sentence), 300), cite))
    return out


def _strip_speaker(sentence: str) -> str:
    return re.sub(r"^[A-Z][\w.'\-]*(?:\s+[\w.'\-]+){0,3}:\s+", "", sentence)


def _root_cause(problem: str, evidence: list[str]) -> tuple[RootCause, str]:
    text = " ".join([problem, *evidence]).lower()
    found = {kind: [c for c in cues if re.search(rf"\b{re.escape(c)}", text)] for kind, cues in CUES.items()}
    counts = sorted(((len(v), k) for k, v in found.items()), reverse=True)
    (top, kind), (second, _) = counts[0], counts[1]
    if top == 0:
        return "mixed", "no cue in the problem or the notes points to product, process or perception yet"
    if second and top - second <= 1:
        both = [k for n, k in counts if n and top - n <= 1]
        cues = "; ".join(f"{k}: {', '.join(found[k][:4])}" for k in both)
        return "mixed", f"cues point to more than one cause ({cues})"
    return kind, f"{kind} cues in the problem and notes: {', '.join(found[kind][:5])}"  # type: ignore[return-value]


def _why(insight: str) -> str:
    match = re.search(r"\bbecause\b\s+(.*)", insight, re.I)
    text = (match.group(1) if match else insight).rstrip(".!? ")
    return text[0].lower() + text[1:] if len(text) > 1 and not text[:2].isupper() else text


def _behaviour(problem: str, subject: str) -> str:
    if _LOW_USE.search(problem):
        return f"rarely use {subject}"
    lowered = problem.lower()
    for verb in ("avoid", "skip", "ignore", "abandon", "don't use", "do not use", "stopped using", "complain about"):
        if verb in lowered:
            return lowered[lowered.index(verb) :].rstrip(". ")
    return f"struggle with {subject}"


NEEDS = [
    (("glove", "rain", "cold", "outdoor", "noise", "stress", "in the field", "on the road", "bedside"),
     "use {s} in the conditions they actually work in"),
    (("slow", "click", "minute", "time", "long", "field", "step", "twice", "double", "burden"),
     "finish {s} quickly, without extra steps"),
    (("trust", "check", "wrong", "accura", "believe", "verify"), "trust what {s} shows them"),
    (("confus", "find", "hunt", "train", "understand", "learn"), "understand {s} without hunting for help"),
    (("workflow", "match", "paper", "habit", "routine", "grade", "process"), "use {s} the way they already work"),
]  # fmt: skip


def _need(text: str, subject: str) -> str:
    """What the persona needs, as a verb phrase ('finish X quickly, without extra steps')."""
    lowered = text.lower()
    for cues, template in NEEDS:
        if any(c in lowered for c in cues):
            return template.format(s=subject)
    return f"get value from {subject} without adding to their workload"


def _how_might_we(who: str, subject: str, need: str, theirs: str, insight: str | None) -> list[str]:
    some = who if who.startswith("the ") else f"the {who}"
    questions = [f"How might we help {who} {need}?",
                 f"How might we learn from {some} who already rely on {subject}, and share what works?",
                 f"How might we make {subject} feel like less work, not more, on a busy day?"]  # fmt: skip
    if theirs:
        questions.append(f"How might we show {who} what {subject} changes for {theirs}?")
    if insight:
        questions.append(f"How might we remove the reason behind this: “{truncate(insight, 120)}”?")
    return questions


def _missing(target: Account | None, cite: Citation | None, who: str) -> list[str]:
    missing = []
    if target is None:
        missing.append("which account this is (--account), so its notes and end users can be read")
    if cite is None:
        missing.append(f"observations of {who} at work: what they do instead, and why, in their words")
    if target is not None and not target.profile.get("end_users"):
        missing.append("who the end users are (end_users in the profile)")
    return missing
