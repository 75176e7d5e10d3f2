"""Which sentences one risk is made of: the sentence that raises it, the sentence that names its subject when it
only points ("The claim search. It takes twenty seconds to load. People hate it."), and the reason that follows a
lead-in ("Now, the thing that really worries me. We have an audit on the eighth. If the feed isn't live, we
fail it."). signals.py finds the sentences that raise a risk; this module gives each its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.skills.meeting import Line
from bot.core.text import tokens

MAX_JOINED_LINES = 3
MIN_RISK_WORDS = 7
SUBJECT_LINES = 2  # sentences before a pointing one that may be needed to name what it points at
RESTATED_SHARE = 0.6  # of the shorter risk's content words, for a restatement of the same risk
SHORT_WORDS = 7  # a shorter sentence ("The other eight haven't started.") reads with the one before it
# A sentence that opens on a pronoun points at a subject said before it ("It's annoying, people complain.").
_POINTING = re.compile(
    r"^(?:(?:and|but|so|also|honestly|yeah|well),?\s+)?(?:it|it['’]s|that|that['’]s|they|they['’]re|these|those|"
    r"he|he['’]s|she|she['’]s|this is|this one|which|so|as a result|because of (?:that|this))\b"
    r"(?!\s+(?:call|meeting|session|quarter|year|month|week)\b)",
    re.I,
)
_POINTED_AT = re.compile(r"\b(?:them|those|these)\b", re.I)  # "Payroll can't match them to the orders."
# "People hate it.", "Nobody uses them.": short, and its object is the pronoun.
_POINTING_OBJECT = re.compile(r"\b(?:it|them|that|this)\s*[.!]?$", re.I)
# "Around forty, based on the complaints so far.": an answer that only makes sense with its question.
_ELLIPTICAL = re.compile(
    r"^(?:(?:about|around|roughly|maybe|probably|mostly|only|just|over|under|almost|nearly|at least|more than|"
    r"less than)\s+)?(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundreds|half|a few|several|most|none|dozens)\b)",
    re.I,
)
# "Now, the thing that really worries me.", "One more concern.", "Here's my fear:": a risk announced, told after.
_ANNOUNCE = re.compile(
    r"^(?:(?:now|so|and|but|okay|ok|also|oh|look|honestly|well),?\s+)*(?:(?:the|my|our|one|another|a|here['’]s|"
    r"here is|what)\b(?:\s+[\w'’-]+){0,6}?\s+(?:thing|concern|worry|risk|issue|problem|fear|headache|question|"
    r"point|what)s?\b(?:\s+(?:that|which|i|we)\b(?:\s+[\w'’-]+){0,7})?|(?:what|which) (?:\w+ ){0,3}"
    r"(?:worries|concerns|bothers|scares|keeps)\b(?:\s+[\w'’-]+){0,7}|i (?:have|need|want|got) to be (?:straight|"
    r"honest|upfront|frank|transparent)(?: with you)?|to be (?:honest|frank|transparent|fair)|i['’]ll be (?:honest|"
    r"straight|frank|upfront)(?: with you)?)\s*[.:!—–-]*$",
    re.I,
)


_CONFIRMING = re.compile(r"^(?:yes|yeah|yep|right|exactly|correct|true|that['’]s right)\b[,.!]", re.I)


@dataclass
class FoundRisk:
    """A risk, the first line it was taken from (speaker, section, position) and every such line, in order."""

    text: str
    line: Line
    score: int
    churn: bool  # a churn signal: keep it out of customer-facing text
    lines: tuple[Line, ...] = ()

    @property
    def quote(self) -> str:
        """The words the risk was built from, as said: what its citation quotes ('…' between two speakers)."""
        return said(self.lines, " … ", verbatim=True) if self.lines else self.line.quote


def said(lines: tuple[Line, ...] | list[Line], between_turns: str = " — ", verbatim: bool = False) -> str:
    """The sentences joined as read (or, `verbatim`, as said); a change of speaker ('Q? — A.') is marked by
    `between_turns`."""
    text = ""
    for number, line in enumerate(lines):
        gap = "" if number == 0 else " " if line.turn == lines[number - 1].turn else between_turns
        text += gap + (line.quote if verbatim else line.text)
    return text


def make_risk(position: int, lines: list[Line], score: int, churn: bool) -> FoundRisk:
    """The risk raised by `lines[position]`, with the sentences that name its subject and tell its reason."""
    taken = _subject(position, lines) + risk_lines(position, lines)
    return FoundRisk(said(taken), lines[position], score, churn, tuple(taken))


def announces(text: str) -> bool:
    """'The thing that really worries me.': a lead-in whose risk the next sentences tell."""
    return len(text.split()) <= 14 and bool(_ANNOUNCE.match(text.strip()))


def risk_lines(position: int, lines: list[Line]) -> list[Line]:
    """The sentence, with the next ones of the same turn while it is too short to stand alone ("One more
    concern." → "One more concern. Our contract says go-live by the end of April.") or ends on a question
    the speaker goes on to answer ("Who actually does it? If those fields land upstairs, ..."); after a
    lead-in, the next two sentences, which tell what the risk is and why."""
    taken = [lines[position]]
    following = [ln for ln in lines[position + 1 : position + MAX_JOINED_LINES + 1] if ln.turn == taken[0].turn]
    told = 2 if announces(taken[0].text) else 0  # after a lead-in, what the risk is and why
    while following and (
        len(" ".join(ln.text for ln in taken).split()) < MIN_RISK_WORDS + 3
        or taken[-1].text.endswith("?")
        or len(taken) <= told
    ):
        taken.append(following.pop(0))
    return taken


def _subject(position: int, lines: list[Line]) -> list[Line]:
    """The sentences before a pointing one that say what it points at: earlier in the turn, or the question
    it answers ("How is the double login going?" / "It's annoying, people complain.")."""
    line = lines[position]
    if not _needs_context(line.text):
        return []
    before: list[Line] = []
    for earlier in reversed(lines[max(0, position - SUBJECT_LINES) : position]):
        if earlier.turn == line.turn:
            before.insert(0, earlier)
            if not _needs_context(earlier.text):
                return before
        else:
            question = earlier.text.endswith("?") and earlier.speaker != line.speaker
            return [earlier, *before] if question else before
    return before


def _needs_context(text: str) -> bool:
    """A sentence that points, answers elliptically ('Three.') or is too short to say what it is about."""
    return _points(text) or bool(_ELLIPTICAL.match(text)) or len(text.split()) < SHORT_WORDS


def _points(text: str) -> bool:
    """'It's annoying.', 'People hate it.', 'Payroll can't match them to the work orders.'"""
    words = len(text.split())
    return (
        bool(_POINTING.match(text))
        or (words < 8 and bool(_POINTING_OBJECT.search(text)))
        or (words < 10 and bool(_POINTED_AT.search(text)))
    )


def join_adjacent(found: list[FoundRisk]) -> list[FoundRisk]:
    """A concern announced in a lead-in ("One more concern.") and told over the next sentences of the turn is
    one item, as are risks whose sentences overlap and a risk the next speaker confirms ("Ben moves to Chicago
    next month." / "Yes, my last day is March sixth."); two risks stated outright one after the other stay two."""
    joined: list[FoundRisk] = []
    for risk in found:
        last = joined[-1] if joined else None
        same_turn = last is not None and risk.line.turn == last.line.turn
        if last is not None and ((same_turn and _continues(last, risk)) or _confirms(last, risk)):
            union = sorted({ln.index: ln for ln in (*last.lines, *risk.lines)}.values(), key=lambda ln: ln.index)
            contiguous = union[-1].index - union[0].index == len(union) - 1
            if contiguous and len(union) <= MAX_JOINED_LINES:
                text = said(union)
                joined[-1] = FoundRisk(text, last.line, max(last.score, risk.score), last.churn or risk.churn,
                                       tuple(union))  # fmt: skip
                continue
        joined.append(risk)
    return joined


def _confirms(earlier: FoundRisk, later: FoundRisk) -> bool:
    """The later risk opens the next speaker's turn by agreeing with the earlier one's last sentence."""
    first, last = later.lines[0], earlier.lines[-1]
    return first.index == last.index + 1 and first.turn != last.turn and bool(_CONFIRMING.match(first.text))


def _continues(earlier: FoundRisk, later: FoundRisk) -> bool:
    overlap = bool(set(later.lines) & set(earlier.lines))
    announced = len(earlier.lines) > 1 and len(earlier.lines[0].text.split()) < MIN_RISK_WORDS + 3
    return overlap or announced or announces(earlier.lines[0].text)


def dedupe(found: list[FoundRisk]) -> list[FoundRisk]:
    """One risk per statement: the stronger of two whose words contain each other's, or that say mostly the same
    content words (a concern restated later in the meeting)."""
    kept: list[FoundRisk] = []
    for risk in found:
        twin = next((k for k in kept if risk.text in k.text or k.text in risk.text or _restates(k, risk)), None)
        if twin is None:
            kept.append(risk)
        elif risk.score > twin.score:
            kept[kept.index(twin)] = risk
    return kept


def _restates(one: FoundRisk, other: FoundRisk) -> bool:
    a, b = set(tokens(one.text)), set(tokens(other.text))
    return bool(a and b) and len(a & b) >= RESTATED_SHARE * min(len(a), len(b)) and min(len(a), len(b)) >= 3
