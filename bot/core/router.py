"""Intent routing: a free-text request ("draft a success plan for Harborview", "can you yes-and this: …")
mapped to a skill, its argument text and its account, offline, with a clear answer when it cannot tell."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import cosine

Skill = Literal["ask", "plan", "qbr", "health", "reframe", "yes-and", "check-reply", "summarize", "help", "unclear"]
NEEDS_ACCOUNT = {"plan", "qbr"}
NEEDS_TEXT = {"reframe", "yes-and", "check-reply", "summarize"}

# Trigger phrases, checked in this order (the more specific first). Each is a regex over lower-cased text.
RULES: list[tuple[Skill, str]] = [
    ("check-reply", r"\b(?:check|review|lint|look over|proofread)\b.{0,20}\b(?:my|this|the)\b.{0,12}"
                    r"\b(?:reply|response|draft|answer|email)\b|\byes,? but\b"),
    ("yes-and", r"\byes[ ,-]*and\b|\bhow (?:should|do|can|would) i (?:respond|reply|answer)\b"
                r"|\brespond to (?:this|the|their) (?:feedback|request|complaint)"),
    ("reframe", r"\breframe\b|\bproblem statement\b|\bhow might we\b|\bhmw\b|\bhuman[- ]centric\b"
                r"|\breal problem\b|\broot cause\b"),
    ("summarize", r"\bsummari[sz]e\b|\bsummary of\b|\brecap\b|\btl;?dr\b|\bsum (?:this|it) up\b|\baction items from\b"),
    ("plan", r"\bsuccess plan\b|\b(?:draft|write|build|create|make)\b.{0,20}\bplan\b|\bcsp\b"),
    ("qbr", r"\bqbr\b|\bquarterly (?:business )?review\b|\bbusiness review\b"),
    ("health", r"\bhealth\b|\bat[- ]risk\b|\bportfolio\b|\bearly warnings?\b|\bwhich accounts\b|\bchurn risk\b"),
    ("help", r"^\s*(?:help|\?|what can you do\??|how do i use (?:this|you)\??)\s*$"),
]  # fmt: skip
_COMPILED = [(skill, re.compile(pattern)) for skill, pattern in RULES]

# Exemplars catch what the rules miss; they are compared by meaning with the copilot's embedder.
EXEMPLARS: dict[str, list[str]] = {
    "plan": ["put together a customer success plan", "what should our plan with this customer look like",
             "milestones and actions for the account this half"],
    "qbr": ["prep me for the quarterly meeting with the customer", "get ready for the exec review next week",
            "what should we show them at the review"],
    "health": ["which customers are in trouble", "show me my accounts by risk", "who might churn this quarter"],
    "reframe": ["turn this complaint into a user need", "what's the real problem behind low usage",
                "rewrite this issue from the user's point of view"],
    "yes-and": ["the customer asked for a feature we don't have, what do I say",
                "help me answer this customer request without saying no"],
    "check-reply": ["is my answer to the customer ok", "does this email sound like a no"],
    "summarize": ["what happened on this call", "give me the key points of the meeting notes",
                  "pull the decisions and next steps out of this transcript"],
    "ask": ["who is the champion at the account", "when is the renewal", "what did we agree last time",
            "how are active users trending", "what does the playbook say about onboarding"],
}  # fmt: skip
MIN_SIMILARITY = 0.45
MIN_MARGIN = 0.03
_QUESTION = re.compile(r"\?\s*$|^\s*(?:who|what|when|where|why|how|which|is|are|does|do|did|can|should|tell me)\b")
# Without a colon, the argument follows a question ("what do I say? They want …"), a dash or "this".
_ARGUMENT = re.compile(r"^[^?\n]{0,100}?(?:\?\s+(?=\S)|\s[-—]\s|\bthis\b\s*[-—]?)\s*(.+)$", re.S)


class Route(BaseModel):
    """Where a request goes: the skill, its argument text and account, and why."""

    skill: Skill
    text: str = Field(description="the argument for the skill: the question, the feedback, the draft…")
    account: str | None = Field(None, description="slug of the account named in the request")
    confidence: float
    reason: str
    alternatives: list[str] = Field(default_factory=list)


def route(copilot: Copilot, text: str) -> Route:
    """Map free text to a skill; 'unclear' (with the reason) rather than a guess."""
    text = " ".join(text.split())
    if not text:
        return Route(skill="help", text="", confidence=1.0, reason="empty message")
    directory = copilot.accounts()
    mentioned = directory.mentioned_in(text)
    account = mentioned[0].slug if mentioned else None
    # The request's words, not the account's: "Harborview Health" must not read as a health request.
    skill, confidence, reason, alternatives = _classify(copilot, directory.mask_mentions(text))
    argument = _argument(text, skill)
    if skill in NEEDS_ACCOUNT and account is None:
        return Route(skill="unclear", text=argument, confidence=confidence, alternatives=[skill],
                     reason=f"this looks like a {skill} request, but it names no account I know")  # fmt: skip
    if skill in NEEDS_TEXT and not argument:
        return Route(skill="unclear", text="", account=account, confidence=confidence, alternatives=[skill],
                     reason=f"this looks like a {skill} request, but there is no text to work on")  # fmt: skip
    return Route(skill=skill, text=argument, account=account, confidence=confidence, reason=reason,
                 alternatives=alternatives)  # fmt: skip


def _classify(copilot: Copilot, text: str) -> tuple[Skill, float, str, list[str]]:
    lowered = text.lower()
    head = lowered.split(":", 1)[0] if ":" in lowered[:120] else lowered
    for skill, pattern in _COMPILED:
        if pattern.search(head):
            return skill, 0.9, f"matched the phrase {pattern.search(head).group(0)!r}", []
    ranked = _by_meaning(copilot, head)
    (best, score), (second, second_score) = ranked[0], ranked[1]
    if score >= MIN_SIMILARITY and score - second_score >= MIN_MARGIN:
        return best, round(score, 3), f"closest to the {best} examples ({score:.2f})", [second]  # type: ignore[return-value]
    if _QUESTION.search(lowered):
        return "ask", 0.5, "a question that matches no specific skill: answered from the knowledge base", []
    return "unclear", round(score, 3), "I can't tell which skill this is for", [best, second]


def _by_meaning(copilot: Copilot, text: str) -> list[tuple[str, float]]:
    examples = [(skill, e) for skill, items in EXEMPLARS.items() for e in items]
    vectors = copilot.embedder.embed_documents([text] + [e for _, e in examples])
    query, rest = vectors[0], vectors[1:]
    best: dict[str, float] = {}
    for (skill, _), vector in zip(examples, rest, strict=True):
        best[skill] = max(best.get(skill, -1.0), cosine(query, vector))
    return sorted(best.items(), key=lambda item: item[1], reverse=True)


def _argument(text: str, skill: Skill) -> str:
    """The text the skill works on: what follows 'this:' or the first colon; the whole text for ask."""
    if skill not in NEEDS_TEXT:
        return text
    head, colon, rest = text.partition(":")
    if colon and len(head) <= 100:  # "summarize this call: Dana: …" — the first colon ends the request
        return rest.strip().strip("\"“”'")
    match = _ARGUMENT.match(text)
    return match.group(1).strip().strip("\"“”'") if match else ""
