"""Risks (concerns, blockers, churn signals) and overall sentiment, read from what was said in a meeting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.core.skills.meeting import Line, Meeting

Sentiment = Literal["positive", "neutral", "negative", "mixed"]

# Weighted cues: 3 = churn signal, 2 = a stated concern or blocker, 1 = friction that adds up.
CHURN_CUES = (
    r"churn|cancel(?:l?ing|l?ed|lation)?|(?<!co-)(?<!co)terminat\w+|(?:whether|if) (?:we|they|I) (?:keep|stay|renew|"
    r"continue)|(?:not|won['’]t|wouldn['’]t|don['’]t) renew|non-renewal|"
    r"(?:look(?:ing)?|evaluat\w+|shop\w*) (?:at )?(?:other|alternative|another|competitor)\w*|competitor|"
    r"\brfp\b|walk(?:ed)? (?:out|away)|switch(?:ing)? (?:to|vendors?|platforms?)|replace (?:you|the platform|it)|"
    r"budgets? (?:cut|freeze|is frozen|reduc\w+)|cut(?:s|ting)? (?:\w+ ){0,3}budgets?|spending freeze|layoffs?|"
    r"downsiz\w+|"
    r"(?:cut|reduce|drop)(?:ting)? (?:seats|licen[cs]es)|downgrad\w+"
)
# A champion or sponsor leaving: as strong as a churn cue, and a relationship risk rather than churn itself.
DEPARTURE_CUES = (
    r"(?:leaving|left) the company|(?:moving|moved) to (?:a )?(?:new|another|different) role|last day|resign\w*|"
    r"reorg\w*|(?:is|are|she['’]s|he['’]s) (?:leaving|moving to)|leaves (?:at|on|in|for)|successor|replacement"
)
CONCERN_CUES = (
    r"concern\w*|worr(?:y|ied|ies|ying)|risk\w*|blocker\w*|block(?:ed|ing)|escalat\w+|"
    r"(?:could|might|may|would) be (?:a |an )?(?:problem|issue|blocker)|stuck|waiting on|held up|on leave|"
    r"(?:never|hasn['’]t|haven['’]t|didn['’]t|not) bought in|resist\w*|extra work|give up|gave up|"
    r"(?:more than|over|exceeds?) (?:our |my |the )?budget|more than (?:i|we) have|can['’]t afford|too expensive|"
    r"frustrat\w+|angry|upset|unhappy|disappoint\w+|complain\w*|deal[- ]?breaker|at stake|red flag|"
    r"afraid|nervous|skeptic\w*|push(?:ing)? ?back|pushback|not (?:happy|convinced|working|using)|"
    r"stopped using|too (?:long|slow|many|much|hard)|(?:doesn['’]t|don['’]t|didn['’]t|isn['’]t|aren['’]t|"
    r"wasn['’]t) (?:work|working|use|using)|"
    r"hate|painful|broken|security review|procurement|over budget|behind schedule|slipp\w+|delay\w*|"
    r"(?:legal|security) (?:hold|review)|breach|compliance"
)
FRICTION_CUES = (
    r"problem\w*|issue\w*|bug\w*|slow\w*|struggl\w+|hard(?:er)? to|difficult|confus\w+|fail\w*|error\w*|"
    r"time ?outs?|times? out|timing out|outage\w*|sla|gap|behind|can['’]t (?:see|find|access|log)|workaround\w*|"
    r"manual(?:ly)?|double entry|twice|aggressive|thin(?:ner)?|"
    r"low (?:usage|adoption|engagement)|expensive|late|lost|miss(?:ed|ing)|"
    r"wrong|drop(?:ped|ping)?|declin\w+|fell|falling|down from|downtime"
)
POSITIVE_CUES = (
    r"great|love[ds]?|happy|glad|excit\w+|thrill\w+|impress\w+|helpful|better|improv\w+|win\b|wins|won\b|"
    r"hopeful|pleased|perfect|excellent|smooth\w*|faster|sav(?:e|ed|es|ing)|appreciat\w+|progress|"
    r"works? (?:well|great)|success(?:ful\w*|es)?\b|on track|ahead of|beat|exceed\w*|valu(?:e|able)|recommend|"
    r"champion|enthusias\w+|fantastic|amazing|awesome|solid|confident|easier|easy|up from|grew|growth|rose|"
    r"good|works|worked|ready|plenty|agreed|nice|well done|proud|relie(?:f|ved)|looking forward|went well|"
    r"going well|approv\w*"
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|isn['’]t|aren['’]t|wasn['’]t|don['’]t|doesn['’]t|nothing)\s+(?:\w+\s+)?$", re.I
)
_BENIGN = re.compile(
    r"\b(?:no (?:problem|issues?|worries|risk|concerns?|blockers?)|not (?:a|an) (?:problem|issue|concern|risk)|"
    r"(?:fixed|resolved|solved) (?:the|that|it|this)|don['’]t worry|nothing to worry|risk[- ]free|"
    r"support (?:team|ticket)s? (?:were|was) (?:great|helpful)|what['’]s not working|what isn['’]t working)\b",
    re.I,
)
_ANAPHORIC_RISK = re.compile(
    r"^(?:that['’]s|this is|it['’]s|that is) (?:a |the )?"
    r"(?:real |big |fair |good |right |genuine |serious |valid )?(?:risk|concern|worry|point)\b",
    re.I,
)
_NOT_RISK_SECTION = re.compile(r"action|next step|to-?do|follow[- ]?up|decision|agreed", re.I)
_COMMITMENT = re.compile(r"^(?:\w+,\s+)?(?:I|we)(?:['’]ll| will| can)\s+(?!be\b)", re.IGNORECASE)
_COUNTERFACTUAL = re.compile(r"\b(?:would have|['’]d have|would['’]ve)\b", re.I)
MIN_RISK_WORDS = 7
MAX_RISKS = 8
_CHURN = re.compile(rf"\b(?:{CHURN_CUES})", re.I)
_DEPARTURE = re.compile(rf"\b(?:{DEPARTURE_CUES})\b", re.I)
_CONCERN = re.compile(rf"\b(?:{CONCERN_CUES})\b", re.I)
_FRICTION = re.compile(rf"\b(?:{FRICTION_CUES})\b", re.I)
_POSITIVE = re.compile(rf"\b(?:{POSITIVE_CUES})", re.I)


@dataclass
class FoundRisk:
    text: str
    line: Line
    score: int
    churn: bool  # a churn signal: keep it out of customer-facing text


@dataclass(frozen=True)
class SentimentReading:
    label: Sentiment
    reason: str
    positive: int
    negative: int


def risk_score(text: str) -> tuple[int, bool]:
    """(weight of the risk cues in `text`, whether one of them is a churn signal)."""
    cleaned = _BENIGN.sub(" ", text)
    churn = [m for m in _CHURN.finditer(cleaned) if not _negated(cleaned, m.start())]
    if churn and _COUNTERFACTUAL.search(cleaned):  # "if you'd banned paper, I'd have walked out": strong, not churn
        return 2 * len(churn), False
    concern = [m for m in _CONCERN.finditer(cleaned) if not _negated(cleaned, m.start())]
    concern += [m for m in _DEPARTURE.finditer(cleaned) if not _negated(cleaned, m.start())] * 2  # weight 4
    friction = [m for m in _FRICTION.finditer(cleaned) if not _negated(cleaned, m.start())]
    return 3 * len(churn) + 2 * len(concern) + len(friction), bool(churn)


def concern_count(text: str) -> tuple[int, bool]:
    """Number of concern cues (a churn cue counts twice) and whether one is a churn signal."""
    cleaned = _BENIGN.sub(" ", text)
    churn = sum(1 for m in _CHURN.finditer(cleaned) if not _negated(cleaned, m.start()))
    other = sum(
        1 for rx in (_CONCERN, _DEPARTURE, _FRICTION) for m in rx.finditer(cleaned) if not _negated(cleaned, m.start())
    )
    counterfactual = bool(churn and _COUNTERFACTUAL.search(cleaned))
    return 2 * churn + other, bool(churn) and not counterfactual


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 20) : start]))


def extract_risks(meeting: Meeting) -> list[FoundRisk]:
    """Sentences that raise a concern, a blocker or a churn signal, strongest first, then in meeting order."""
    lines = meeting.lines
    found: list[FoundRisk] = []
    for position, line in enumerate(lines):
        score, churn = risk_score(line.text)
        if re.search(r"risk|concern|blocker|issue", line.section, re.I):
            score += 2
        if _NOT_RISK_SECTION.search(line.section):
            continue
        if score < 2 or (line.text.endswith("?") and score < 3) or _COMMITMENT.search(line.text):
            continue  # a commitment ("I'll escalate it") is a mitigation, not a risk
        text = _risk_text(position, lines)
        if text:
            found.append(FoundRisk(text, line, score, churn))
    found = _dedupe(found)
    best = sorted(found, key=lambda r: (-r.score, r.line.index))[:MAX_RISKS]
    return sorted(best, key=lambda r: r.line.index)


def _risk_text(position: int, lines: list[Line]) -> str:
    """The sentence, joined with its neighbours when it only points at them ('That's a real risk.')."""
    line = lines[position]
    if _ANAPHORIC_RISK.match(line.text) and len(line.text.split()) < MIN_RISK_WORDS + 3:
        earlier = [ln for ln in lines[max(0, position - 3) : position] if ln.turn != line.turn]
        return earlier[-1].text if earlier else ""
    parts = [line.text]
    following = [ln for ln in lines[position + 1 : position + 3] if ln.turn == line.turn]
    while len(" ".join(parts).split()) < MIN_RISK_WORDS + 3 and following:
        parts.append(following.pop(0).text)
    return " ".join(parts)


def _dedupe(found: list[FoundRisk]) -> list[FoundRisk]:
    kept: list[FoundRisk] = []
    for risk in found:
        twin = next((k for k in kept if risk.text in k.text or k.text in risk.text), None)
        if twin is None:
            kept.append(risk)
        elif risk.score > twin.score:
            kept[kept.index(twin)] = risk
    return kept


def read_sentiment(meeting: Meeting, customer_side: set[str] | None = None) -> SentimentReading:
    """Positive vs negative cues over the meeting; the customer's own words count double when known."""
    positive = negative = 0.0
    examples: dict[str, tuple[float, str]] = {}
    churn_seen = False
    for line in meeting.lines:
        weight = 2.0 if customer_side and line.speaker in customer_side else 1.0
        pos = sum(1 for m in _POSITIVE.finditer(line.text) if not _negated(line.text, m.start()))
        neg, churn = concern_count(line.text)
        churn_seen = churn_seen or churn
        positive += weight * pos
        negative += weight * neg
        for key, value in (("positive", weight * pos), ("negative", weight * neg)):
            if value and value > examples.get(key, (0.0, ""))[0]:
                examples[key] = (value, line.text)
    label = _label(positive, negative, churn_seen)
    return SentimentReading(label, _reason(label, positive, negative, examples, churn_seen), round(positive),
                            round(negative))  # fmt: skip


def _label(positive: float, negative: float, churn: bool) -> Sentiment:
    total = positive + negative
    if total < 3:
        return "mixed" if churn else "neutral"
    balance = (positive - negative) / total
    if balance > 0.35 and not churn:
        return "positive"
    if balance < -0.35:
        return "negative"
    if min(positive, negative) >= 2 or churn:
        return "mixed"
    return "neutral"


def _reason(label: str, positive: float, negative: float, examples: dict, churn: bool) -> str:
    parts = [f"{label}: {positive:.0f} positive vs {negative:.0f} concern cues"]
    if churn:
        parts.append("including a churn signal")
    text = "; ".join(parts)
    for key in ("positive", "negative"):
        if key in examples:
            text += f"; most {key}: “{_short(examples[key][1])}”"
    return text


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
