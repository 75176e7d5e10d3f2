"""Risks (concerns, blockers, churn signals) and overall sentiment, read from what was said in a meeting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.core.skills.meeting import Line, Meeting
from bot.core.skills.recaps import recap_actions, recap_lines, states_own_plan
from bot.core.skills.risk_lines import FoundRisk, dedupe, join_adjacent, make_risk
from bot.core.skills.risk_themes import is_rationale, theme_score

__all__ = ["FoundRisk", "SentimentReading", "concern_count", "extract_risks", "read_sentiment", "risk_score"]

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
    r"(?:legal|security) (?:hold|review)|breach|compliance|"
    # a date that misses the customer's own event, and a problem named for the customer's process
    r"too late|(?:is|are|comes|lands|falls) (?:after|past) (?:our|your|their)|"
    r"miss(?:es|ing)? (?:the|our|your|their) (?:deadline|window|cutoff|date)|"
    r"(?:is|are|was|were|be|['’]s) (?:a |an )?(?:real |big |serious |major )?(?:problem|issue) for (?:our|us|my|their)"
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
    r"support (?:team|ticket)s? (?:were|was) (?:great|helpful)|what['’]s not working|what isn['’]t working|"
    r"traced (?:the |it |this |that )?(?:\w+ )?(?:back )?to)\b",  # a diagnosis: the cause found, not a new risk
    re.I,
)
# Adoption (active users ÷ seats) below what is paid for: a minority share said in a usage context.
_USAGE = re.compile(
    r"\b(?:use[sd]?|using|usage|log(?:s|ged|ging)?(?: in)?|logins?|active|adopt\w*|seats|licen[cs]es|app|platform)\b",
    re.I,
)
_NUMBER = (
    r"(?:\d[\d,.]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|a hundred|half|a third|a quarter)(?:[- ](?:one|two|three|four|five|six|seven|eight|"
    r"nine|hundred))*)"
)
_LOW_NUMBER = r"(?:[1-4]?\d|ten|twenty|thirty|forty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
_LOW_SHARE = re.compile(
    rf"\bonly\s+(?:about\s+|around\s+|roughly\s+)?{_NUMBER}(?![\w-])|"
    rf"\b(?:is|are|was|were|at)\s+(?:still\s+)?(?:under|below|less than)\s+{_NUMBER}(?![\w-])|"
    rf"(?<![\w-]){_LOW_NUMBER}\s*(?:%|percent) of\b.{{0,40}}\b(?:in|through|on|into) (?:the|our|your|their|it)\b|"
    r"\bpay(?:ing)? for .{0,40}\b(?:seats|licen[cs]es)\b.{0,60}\b(?:log in|logs in|use it|active)",
    re.I,
)
# Low counts of bad things (tickets under twenty) and times (intake under twelve minutes) are not low adoption.
_BAD_COUNT = re.compile(
    r"\b(?:tickets?|complaints?|errors?|incidents?|bugs?|defects?|outages?|costs?|prices?|time)\b", re.I
)
_UNIT = re.compile(r"\s*(?:minutes?|hours?|days?|weeks?|months?|seconds?|dollars?|euros?|pounds?|k)\b", re.I)
# A reply naming the previous speaker's statement a risk ("That's a real risk.", "That's a visibility gap."):
# it confirms that statement; it is not a risk of its own.
_EVALUATION = re.compile(
    r"^(?:that['’]s|this is|it['’]s|that is) (?:a |the |an )?(?:\w+ )?(?:\w+ )?"
    r"(?:risk|concern|worry|point|problem|issue|gap|blocker)\b",
    re.I,
)
# The meeting's agenda names a topic ("This call is about last week's outage") rather than raising a risk.
_AGENDA = re.compile(
    r"^(?:\w+,\s+)?(?:(?:this|today['’]s|the) (?:call|meeting|session|sync|review)|today) (?:is|will be) "
    r"(?:about|to|for)\b",
    re.I,
)
# "If it isn't started by the tenth, I'll escalate it": a conditional commitment is a mitigation.
_CONDITIONAL_COMMITMENT = re.compile(
    r"^(?:if|when|once|unless)\b[^,]{0,80},\s*(?:I|we)(?:['’]ll| will)\s+(?!be\b|have to\b|need\b)", re.I
)
_NOT_RISK_SECTION = re.compile(r"action|next step|to-?do|follow[- ]?up|decision|agreed", re.I)
_COMMITMENT = re.compile(r"^(?:\w+,\s+)?(?:I|we)(?:['’]ll| will| can)\s+(?!be\b)", re.IGNORECASE)
_COUNTERFACTUAL = re.compile(r"\b(?:would have|['’]d have|would['’]ve)\b", re.I)
MAX_RISKS = 10
_PROPOSAL = re.compile(r"^(?:\w+,?\s+){0,2}let['’]s\b", re.I)
_CHURN = re.compile(rf"\b(?:{CHURN_CUES})", re.I)
_DEPARTURE = re.compile(rf"\b(?:{DEPARTURE_CUES})\b", re.I)
_CONCERN = re.compile(rf"\b(?:{CONCERN_CUES})\b", re.I)
_FRICTION = re.compile(rf"\b(?:{FRICTION_CUES})\b", re.I)
_POSITIVE = re.compile(rf"\b(?:{POSITIVE_CUES})", re.I)


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
    low_adoption = 2 if _low_adoption(cleaned) else 0
    return 3 * len(churn) + 2 * len(concern) + len(friction) + low_adoption, bool(churn)


def concern_count(text: str) -> tuple[int, bool]:
    """Number of concern cues (a churn cue counts twice) and whether one is a churn signal."""
    cleaned = _BENIGN.sub(" ", text)
    churn = sum(1 for m in _CHURN.finditer(cleaned) if not _negated(cleaned, m.start()))
    other = sum(
        1 for rx in (_CONCERN, _DEPARTURE, _FRICTION) for m in rx.finditer(cleaned) if not _negated(cleaned, m.start())
    )
    counterfactual = bool(churn and _COUNTERFACTUAL.search(cleaned))
    return 2 * churn + other, bool(churn) and not counterfactual


def _low_adoption(text: str) -> bool:
    """A minority of the seats or the work in the product, said in a usage context."""
    if not _USAGE.search(text):
        return False
    return any(
        not _BAD_COUNT.search(text[max(0, m.start() - 30) : m.start()]) and not _UNIT.match(text[m.end() :])
        for m in _LOW_SHARE.finditer(text)
    )


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 20) : start]))


def extract_risks(meeting: Meeting) -> list[FoundRisk]:
    """Sentences that raise a concern, a blocker or a churn signal, strongest first, then in meeting order."""
    lines = meeting.lines
    scores = [_line_score(line) for line in lines]
    recaps = recap_lines(lines)
    found: list[FoundRisk] = []
    for position, line in enumerate(lines):
        score, churn = scores[position]
        if _NOT_RISK_SECTION.search(line.section) or _CONDITIONAL_COMMITMENT.search(line.text):
            continue
        if (
            is_rationale(line.text)
            or _PROPOSAL.match(line.text)
            or (position in recaps and recap_actions(line, meeting))
            or states_own_plan(line, meeting)
        ):
            continue  # a reason, a proposal ("let's go back to paper") or a recap of owners ("I escalate the crash")
        if _EVALUATION.match(line.text) and (position == 0 or lines[position - 1].turn != line.turn):
            confirmed = _confirmed(position, lines, scores)
            if confirmed is not None:
                found.append(confirmed)
            continue
        if not _raises(line, score) or (_AGENDA.match(line.text) and risk_score(line.text)[0] < 4):  # a topic
            continue
        found.append(make_risk(position, lines, score, churn))
    found = dedupe(join_adjacent(found))
    best = sorted(found, key=lambda r: (-r.score, r.line.index))[:MAX_RISKS]
    return sorted(best, key=lambda r: r.line.index)


def _line_score(line: Line) -> tuple[int, bool]:
    score, churn = risk_score(line.text)
    if not line.text.endswith("?"):  # a question about a theme ("Who takes over from him?") raises no risk
        themes, theme_churn = theme_score(line.text)
        score, churn = score + themes, churn or theme_churn
    if re.search(r"risk|concern|blocker|issue", line.section, re.I):
        score += 2
    return score, churn


def _raises(line: Line, score: int) -> bool:
    """Strong enough to stand as a risk: a question needs a strong cue; a commitment ("I'll escalate it") is a
    mitigation, not a risk."""
    return score >= 2 and not (line.text.endswith("?") and score < 3) and not _COMMITMENT.search(line.text)


def _confirmed(position: int, lines: list[Line], scores: list[tuple[int, bool]]) -> FoundRisk | None:
    """'That's a real risk.': the previous speaker's last sentence, with both cue weights, unless that turn
    raised a risk of its own already (then this line only agrees with it)."""
    line = lines[position]
    earlier = [ln for ln in lines[max(0, position - 3) : position] if ln.turn != line.turn]
    if not earlier:
        return None
    antecedent = earlier[-1]
    turn = [ln for ln in lines[max(0, antecedent.index - 8) : antecedent.index + 1] if ln.turn == antecedent.turn]
    if any(_raises(ln, scores[ln.index][0]) for ln in turn):
        return None
    score = scores[antecedent.index][0] + scores[position][0]
    churn = scores[antecedent.index][1] or scores[position][1]
    return FoundRisk(antecedent.text, antecedent, score, churn, (antecedent,)) if score >= 2 else None


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
