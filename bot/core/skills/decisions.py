"""Decisions found in a meeting: explicit markers ("we agreed", "let's go with"), proposals the next speaker
accepts or acts on, accepted questions ("Can it be split in two?" / "Yes, we can do that."), recap lists
("So we're agreed: a, b and c") and the bullets of a Decisions section in notes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.skills.actions import AGREED_WE, commitments, reply_to, similar
from bot.core.skills.decision_replies import (
    DECIDING_VERBS,
    LETS_DECIDE,
    agreed_plan,
    answered_with_plan,
    decided_lets,
    go_ahead,
    not_now,
)
from bot.core.skills.meeting import Line, Meeting

_DECISION_SECTION = re.compile(r"decision|decided|agreed|agreement|outcome", re.I)


@dataclass
class FoundDecision:
    text: str
    line: Line


_DECISION = re.compile(
    r"\b(?:we|they|everyone|the group|the team|you and I|both of us|all)\s+(?:have\s+|['’]ve\s+|all\s+|['’]re\s+|"
    r"are\s+)?"
    r"(?:decided|agreed|settled on|signed off|chose|opted|landed on|are aligned)\b|\bdecision (?:is|was)\b|"
    r"^decisions?\s*:|\b(?:it['’]s|it is) (?:decided|agreed)\b|\blet['’]s go with (?!that\b|it\b|this\b)|"
    r"\bwe['’]ll go with\b|\bwe['’]re going (?:to go )?with\b|\bgoing forward,? we\b|\bfrom now on\b|"
    r"\b(?:is|are|was|were|has been|have been) (?:approved|signed off|confirmed|green-?lit)\b|\bgreen light\b|"
    r"\bwe['’]ll (?:keep|stick with|stay with|move|switch|use|hold|postpone|cancel|drop|skip|pause)\b|"
    r"\bwe (?:won['’]t|will not) (?:ban|change|move|use|add)\b",
    re.IGNORECASE,
)
_ANAPHORIC = re.compile(
    r"^(?:(?:okay|ok|good|great|right|perfect|so|then|yes|yeah|sure|fine|absolutely),?\s+)*"
    r"(?:let['’]s (?:do|go with|go ahead with) (?:that|it|this)|"
    r"that['’]s the plan|deal|sounds like a plan|let['’]s go ahead)\b",
    re.IGNORECASE,
)
_MEETING_TALK = frozenset(
    "talk discuss start move recap look go review hear begin jump wrap dig get take pause circle park see "
    "think check focus turn come switch spend be make sure".split()
)
_AGREE = re.compile(
    r"^(?:agreed|sounds good|that works|works for me|deal|perfect|yes|yeah|great|good idea|makes sense|"
    r"love it|let['’]s do (?:it|that)|fine by me|i['’]m fine with that|okay|that['’]s fair|fair enough|"
    r"understood|sure|absolutely|of course|we can do that|can do|good|that['’]s the plan|"
    r"(?:completely |totally )?fair)\b",
    re.IGNORECASE,
)
_SO_WE = re.compile(r"^so,? (?:we|we['’]ll|we will|we['’]re)\b", re.IGNORECASE)
MIN_DECISION_WORDS = 6
_QUESTION_PROPOSAL = re.compile(
    r"^(?:(?:so|and|okay|ok),?\s+)?(?:can we|could we|should we|shall we|can it be|could it be|what if we|how about|"
    r"why don['’]t we)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_DECISION_LIST = re.compile(
    r"^(?:so,?\s+)?(?:decisions|we decided|(?:we['’]re |we are |we['’]re all |all )?agreed|what we agreed)\s*:\s*", re.I
)
_LEAD_IN = re.compile(r"^(?:(?:so|okay|ok|right|good|great|then|and|agreed|alright|decision)[,:.]?\s+)+", re.I)


def extract_decisions(meeting: Meeting) -> list[FoundDecision]:
    """Decisions stated outright, agreed to in the next turn, or listed under a Decisions heading."""
    lines = meeting.lines
    found: list[FoundDecision] = []
    for position, line in enumerate(lines):
        text = line.text.strip()
        if text.endswith("?"):
            question = _QUESTION_PROPOSAL.match(text)
            if (
                question
                and not question.group("rest").lower().startswith("say ")  # "Shall we say the 24th?" dates a task
                and _accepted(position, lines, meeting, strict=True)
                and not answered_with_plan(position, lines)
            ):
                rest = question.group("rest").rstrip("?")
                found.append(FoundDecision(_sentence(rest[:1].upper() + rest[1:]), line))
            continue
        if _DECISION_SECTION.search(line.section) and len(text.split()) >= 3:
            found.append(FoundDecision(_sentence(text), line))
        elif _ANAPHORIC.match(text):
            decision = _antecedent(position, lines)
            if decision is not None:
                found.append(decision)
        elif (stated := go_ahead(position, lines)) is not None:  # "Yes, do it. The portal goes read-only…"
            found.append(FoundDecision(_sentence(stated.text), stated))
        elif _DECISION_LIST.match(text):
            found.extend(FoundDecision(_sentence(item), line) for item in _list_items(text))
        elif _DECISION.search(text) and len(text.split()) >= 4:
            found.append(FoundDecision(_sentence(text), line))
        elif _SO_WE.match(text) and position > 0 and lines[position - 1].turn == line.turn:
            if _AGREE.match(lines[position - 1].text):
                found.append(FoundDecision(_sentence(text), line))
        elif AGREED_WE.match(text) and position > 0 and lines[position - 1].turn != line.turn:
            found.append(FoundDecision(_sentence(AGREED_WE.match(text).group("rest")), line))
        elif (answer := agreed_plan(position, lines) or not_now(position, lines)) is not None:
            found.append(FoundDecision(_sentence(answer), line))  # "Fine, property moves to January."
        elif (rest := _lets(position, lines, meeting)) is not None:
            found.append(FoundDecision(_sentence(rest), line))
    return _dedupe_decisions(found)


def _lets(position: int, lines: list[Line], meeting: Meeting) -> str | None:
    """What a "let's …" decides ("let's not change the date" → "We won't change the date"), if it decides."""
    proposal = LETS_DECIDE.match(lines[position].text.strip())
    if proposal is None:
        return None
    verb = proposal.group("verb").lower()
    talk = verb in _MEETING_TALK and verb not in DECIDING_VERBS  # decided_lets drops a let's about the meeting itself
    decided = decided_lets(position, lines, _accepted(position, lines, meeting, strict=False), talk)
    if decided is None:
        return None
    return f"We won't {decided[4:]}" if decided.lower().startswith("not ") else decided[:1].upper() + decided[1:]


def _list_items(text: str) -> list[str]:
    """'Decisions: a, b, and c.' → ['a', 'b', 'c'] (items of at least three words)."""
    body = _DECISION_LIST.sub("", text).rstrip(".…")
    items = re.split(r";|,\s+(?:and\s+)?(?=[a-z])", body)
    return [item.strip() for item in items if len(item.split()) >= 3]


def _accepted(position: int, lines: list[Line], meeting: Meeting, strict: bool) -> bool:
    """The next speaker agrees, or (unless strict) acts on it straight away ('I'll send the invite')."""
    reply = reply_to(position, lines)
    if reply is None:
        return False
    if _AGREE.match(reply.text):
        return True
    turn = [ln for ln in lines[reply.index : reply.index + 3] if ln.turn == reply.turn]
    return not strict and any(commitments(ln, meeting) for ln in turn)


def _antecedent(position: int, lines: list[Line]) -> FoundDecision | None:
    """'Let's do that.': the rest of the same turn when it says what, else the previous speaker's proposal."""
    line = lines[position]
    rest = [ln for ln in lines[position + 1 :] if ln.turn == line.turn]
    if (
        rest
        and len(rest[0].text.split()) >= MIN_DECISION_WORDS
        and not rest[0].text.endswith("?")
        and not re.match(r"(?:if|unless|but|as long as)\b", rest[0].text, re.IGNORECASE)
    ):
        return FoundDecision(_sentence(rest[0].text), rest[0])
    earlier = [ln for ln in lines[:position] if ln.turn != line.turn][-4:]
    for candidate in reversed(earlier):
        if len(candidate.text.split()) >= MIN_DECISION_WORDS and not candidate.text.endswith("?"):
            return FoundDecision(_sentence(candidate.text), candidate)
    return None


def _sentence(text: str) -> str:
    """A decision as a plain statement: 'Agreed. So we keep X' → 'We keep X.', "Let's go with Y" → "We'll go with Y"."""
    text = _LEAD_IN.sub("", text.strip())
    text = re.sub(r"^let['’]s\b", "We'll", text, flags=re.IGNORECASE)
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".!" else text + "."


def _dedupe_decisions(found: list[FoundDecision]) -> list[FoundDecision]:
    kept: list[FoundDecision] = []
    for decision in found:
        if not any(similar(k.text, decision.text) for k in kept):
            kept.append(decision)
    return kept
