"""Decisions said as an answer rather than with a cue word: "Yes, do it. The legacy system goes read-only in
May.", "Fine, property moves to January.", "Not this year." (to "Should we add Denver?"), "No, let's keep the
August third date." decisions.py finds the stated and accepted ones; this module reads the answers.

An answer decides only what was put to it: a proposal or a question in the turn before. "Let's not decide that
today" decides nothing, and a bare "Do that." hands out a task (actions.py), it states no decision.
"""

from __future__ import annotations

import re

from bot.core.skills.meeting import Line

# "Yes, do it.", "Go ahead.": a go-ahead whose decision is the sentence after it in the same turn.
_GO_AHEAD = re.compile(
    r"^(?:(?:yes|yeah|okay|ok|sure|fine|great|right|alright|good),?\s+)*(?:do it|do that|go ahead|go for it|"
    r"make it so|let['’]s do it)(?:\s+[^.?!,]{1,30})?\s*[.!]?$",
    re.I,
)
_AGREEING = re.compile(
    r"^(?:fine|okay|ok|alright|all right|agreed|yes|yeah|right|sure|good|great|makes sense|fair enough|"
    r"that works)\b[,.!]?\s*(?:then[,.]?\s+)?",
    re.I,
)
# A plan said in the present: "property moves to January", "we roll out after the fix", "the office waits".
_PLAN = re.compile(
    r"^(?:(?:so|then),?\s+)?(?:(?:we|they)\s+(?:roll|move|keep|start|go|hold|wait|stay|switch|use|run|pilot|launch|"
    r"drop|skip|pause|push|postpone|delay|stick|cancel|add|split|meet|leave|park|phase|freeze)\b|(?:the |our |your |"
    r"this |that |all )?[\w'’-]+(?: [\w'’-]+){0,4}\s+(?:moves?|goes|go|stays?|waits?|shifts?|slips?|starts?|ends?|"
    r"becomes?|launch(?:es)?|pauses?|remains?|(?:is|are) (?:moved|pushed|postponed|delayed|dropped|parked|cancelled|"
    r"canceled|retired|paused|frozen|on hold|out of scope|off the table|in scope))\b(?=\s+\w))",
    re.I,
)
_PROPOSING = re.compile(
    r"\?\s*$|\b(?:could|should|suggest|propose|recommend|what if|how about|i['’]d (?:wait|rather|suggest|hold|keep|"
    r"push|move|start|go)|let['’]s|maybe we|we might|option)\b",
    re.I,
)
_YES_NO_PROPOSAL = re.compile(
    r"^(?:(?:so|and|okay|ok|then),?\s+)?(?:should we|shall we|can we|could we|do we|are we (?:going to|adding|doing)|"
    r"will we|do you want (?:us|me) to|is it worth)\s+(?P<rest>.+?)\??$",
    re.I,
)
# "Not this year.", "No, not until the fix ships.": the proposal turned down for a time.
_NOT_NOW = re.compile(
    r"^(?:no|nope|nah)?[,.]?\s*(?P<when>not (?:this|that|next|yet|now|until|before|in|for|right now|today|"
    r"for now)\b[^.?!]*)[.!]?$",
    re.I,
)
# "No, let's keep…", "Honestly, let's go back to…": a let's said as a decision.
LETS_DECIDE = re.compile(
    r"^(?:(?:okay|ok|so|then|great|good|alright|yes|yeah|sure|no|nah|honestly|actually|well|look|fine|right|"
    r"in that case|instead),?\s+)*let['’]s\s+(?P<rest>(?P<verb>[a-z]+).*)$",
    re.I,
)
# "Let's not decide that today": explicitly no decision.
_NO_DECISION = re.compile(r"^not (?:decide|discuss|get into|go into|go there|worry|talk|rush|commit|settle)\b", re.I)
# Verbs that carry a decision even with nobody saying "agreed" ("No, let's keep the August date.").
DECIDING_VERBS = frozenset("keep stick stay hold go move switch drop skip pause postpone cancel use wait".split())
# The same verbs about the meeting itself: "let's go back to your question", "let's move on".
_MEETING_USE = re.compile(
    r"^(?:go (?:back to (?:the|your|my|our|that) (?:question|point|slide|agenda|topic|list)|through|over|around|"
    r"ahead and (?:talk|look|start))|move (?:on|to the next|forward with the agenda)|switch (?:gears|topics)|"
    r"keep (?:going|it short|in mind|that in mind|this in mind)|hold (?:that thought|on)|pause (?:here|for)|"
    r"stick to the agenda|wait (?:and see|a second|a minute))\b",
    re.I,
)
_AGAIN = re.compile(r"^(?:talk|speak|meet|catch up|regroup|reconvene|sync) (?:up )?again\b", re.I)


def go_ahead(position: int, lines: list[Line]) -> Line | None:
    """'Yes, do it. The old portal goes read-only on July first.': the sentence that says what is decided."""
    line = lines[position]
    if not _GO_AHEAD.match(line.text.strip()):
        return None
    rest = [ln for ln in lines[position + 1 : position + 2] if ln.turn == line.turn]
    if rest and len(rest[0].text.split()) >= 4 and not rest[0].text.endswith("?"):
        return rest[0]
    return None


def agreed_plan(position: int, lines: list[Line]) -> str | None:
    """'Fine, property moves to January.' or 'Agreed. We roll out after the fix.': agreement to what the turn
    before proposed, said as the plan."""
    line = lines[position]
    text = line.text.strip()
    opener = _AGREEING.match(text)
    if opener and opener.end() < len(text) and _answers_proposal(position, lines):
        rest = text[opener.end() :]
        return rest if _PLAN.match(rest) else None
    previous = lines[position - 1] if position > 0 else None
    if previous is None or previous.turn != line.turn or not _AGREEING.fullmatch(previous.text.strip()):
        return None
    return text if _PLAN.match(text) and _answers_proposal(previous.index, lines) else None


def answered_with_plan(position: int, lines: list[Line]) -> bool:
    """'Should we roll out now?' / 'Agreed. We roll out after the fix.': the answer decides its own plan, which
    stands instead of the question's."""
    reply = next((ln for ln in lines[position + 1 :] if ln.turn != lines[position].turn), None)
    return reply is not None and any(
        agreed_plan(ln.index, lines) for ln in lines[reply.index : reply.index + 2] if ln.turn == reply.turn
    )


def not_now(position: int, lines: list[Line]) -> str | None:
    """'Should we add the Denver clinic?' / 'Not this year.' → 'Not this year: add the Denver clinic.'"""
    match = _NOT_NOW.match(lines[position].text.strip())
    question = _question_before(position, lines)
    proposal = _YES_NO_PROPOSAL.match(question.text.strip()) if question else None
    if match is None or proposal is None:
        return None
    when = match.group("when").strip()
    return f"{when[:1].upper()}{when[1:]}: {proposal.group('rest').rstrip('?')}"


def decided_lets(position: int, lines: list[Line], accepted: bool, talk: bool) -> str | None:
    """The rest of a 'let's …' that decides: accepted by the next speaker, said in answer to a question, or a
    deciding verb ('keep', 'go back to') nobody objects to; never 'let's not decide that today', nor (`talk`)
    one about the meeting itself."""
    match = LETS_DECIDE.match(lines[position].text.strip())
    if match is None:
        return None
    rest, verb = match.group("rest"), match.group("verb").lower()
    if _NO_DECISION.match(rest) or _MEETING_USE.match(rest) or re.match(r"do (?:that|it|this)\b", rest, re.I):
        return None
    if _AGAIN.match(rest):
        return rest  # "Let's talk again next Monday": the next meeting is agreed
    if talk:
        return None  # "let's look at the numbers": about the meeting itself
    if accepted or (_first_of_turn(position, lines) and _question_before(position, lines) is not None):
        return rest
    return rest if verb in DECIDING_VERBS and not _objected(position, lines) else None


def _answers_proposal(position: int, lines: list[Line]) -> bool:
    line = lines[position]
    earlier = [ln for ln in lines[max(0, position - 4) : position] if ln.turn != line.turn]
    return bool(earlier) and earlier[-1].speaker != line.speaker and bool(_PROPOSING.search(earlier[-1].text))


def _question_before(position: int, lines: list[Line]) -> Line | None:
    line = lines[position]
    if not _first_of_turn(position, lines):
        return None
    previous = lines[position - 1]
    return previous if previous.text.strip().endswith("?") and previous.speaker != line.speaker else None


def _first_of_turn(position: int, lines: list[Line]) -> bool:
    return position > 0 and lines[position - 1].turn != lines[position].turn


def _objected(position: int, lines: list[Line]) -> bool:
    following = [ln for ln in lines[position + 1 : position + 3] if ln.turn != lines[position].turn]
    return bool(following) and bool(re.match(r"(?:no|but|wait|hmm|i['’]d rather|i disagree|not sure)\b",
                                             following[0].text.strip(), re.I))  # fmt: skip
