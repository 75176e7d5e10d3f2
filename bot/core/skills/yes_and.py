"""`yes-and`: "Yes, and…" replies to customer feedback that acknowledge it, validate the need and widen the
conversation with the account's own context (the end users it touches, a related goal, what the notes already say,
the customer's customers), each fact cited; plus Empathize-stage discovery questions. `check` (the "Yes, but"
linter) lives in yes_but.py; reading the feedback (kind, topic, saying it back) in feedback.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.skills import people
from bot.core.skills.ask import target_account
from bot.core.skills.common import Citation, GuardNote, chunk_citation, profile_chunks
from bot.core.skills.feedback import feedback_kind, feedback_topic, reflect, stakes
from bot.core.skills.reframe_evidence import content_words, shared
from bot.core.skills.yes_and_lines import GOAL, OPENINGS, PLAIN, QUESTIONS, THEIRS, USERS
from bot.core.skills.yes_but import YesButCheck, check
from bot.core.text import sentences, tokens, truncate

__all__ = ["YesAndResult", "YesButCheck", "check", "check_reply", "feedback_topic", "reflect", "respond"]

MAX_FEEDBACK_CHARS = 2000
CHUNKS = 8
MAX_RESPONSES = 5
QUOTE_CHARS = 300
MAX_HEARD_WORDS = 16
# Notes the account team writes for itself, not to be quoted back to the customer.
_INTERNAL = re.compile(r"\b(?:risks?|internal|churn|renewal strategy|mitigation)\b", re.I)
_SENSITIVE = re.compile(
    r"\b(?:detractors?|churn|at risk|lose the (?:account|relationship|renewal)|true-up|upsell|discount|deal desk)\b",
    re.I,
)


class YesAndResult(BaseModel):
    """'Yes, and…' responses to customer feedback, discovery questions, and the account facts they draw on."""

    feedback: str = Field(description="the customer feedback being answered")
    account: str | None = Field(None, description="slug of the account whose context the responses use")
    responses: list[str] = Field(
        description="replies that acknowledge the feedback, validate the need and expand the conversation with "
        "account context; never 'but', 'however' or a promise"
    )
    questions: list[str] = Field(description="Empathize-stage discovery questions tied to the feedback")
    citations: list[Citation] = Field(default_factory=list, description="a source for every account fact used")
    engine: str = Field("offline", description='"offline", "openai", or "offline (fallback: <reason>)"')
    guard: list[GuardNote] = Field(default_factory=list, description="what the grounding guard removed or flagged")


@dataclass(frozen=True)
class _Fact:
    """An account fact a response may use, with the citation that backs it."""

    text: str
    citation: Citation
    speaker: str | None = None


@dataclass
class _Context:
    end_users: _Fact | None = None
    their_customers: _Fact | None = None
    goal: _Fact | None = None
    note: _Fact | None = None


@dataclass(frozen=True)
class _Feedback:
    """What the customer said, read: its kind, its topic, how it sounds said back, how much it matters."""

    text: str
    kind: str
    topic: str
    heard: str
    stakes: str | None


def respond(copilot: Copilot, text: str, account: str | None = None) -> YesAndResult:
    """Draft 'Yes, and' responses and discovery questions for `text`, grounded in the account when known."""
    feedback = truncate(" ".join(text.split()), MAX_FEEDBACK_CHARS)
    if not feedback:
        raise UserInputError("The feedback is empty: paste what the customer said.")
    copilot.ensure_ingested()
    target = target_account(copilot, feedback, account)
    read = _read(feedback, _names(target) if target else frozenset())
    context = _context(copilot, target, feedback) if target else _Context()
    responses, used = _responses(read, context)
    result = YesAndResult(
        feedback=feedback,
        account=target.slug if target else None,
        responses=responses,
        questions=_questions(read, context),
        citations=[fact.citation for fact in used],
    )
    from bot.core.llm.drafts import yes_and as llm_yes_and

    return llm_yes_and.run(copilot, result)


def check_reply(copilot: Copilot, draft: str) -> YesButCheck:
    """Lint a draft reply; on the LLM engine the model writes the 'Yes, and' rewrite (the verdict stays computed)."""
    from bot.core.llm.drafts import yes_and as llm_yes_and

    return llm_yes_and.run_check(copilot, check(draft))


def _read(feedback: str, names: frozenset[str] = frozenset()) -> _Feedback:
    heard = reflect(feedback, clause=True, names=names)
    if len(heard.split()) > MAX_HEARD_WORDS or heard.endswith("?") or heard.lower().startswith(("can ", "why ")):
        heard = ""  # too long or a question: said back it would sound like an echo, not like listening
    return _Feedback(feedback, feedback_kind(feedback), feedback_topic(feedback), heard, stakes(feedback))


def _names(account: Account) -> frozenset[str]:
    """The words of the stakeholders' names, lower-cased: 'Linda wants…' keeps its capital when said back."""
    people_ = account.profile.get("stakeholders") or []
    return frozenset(w.lower() for p in people_ if isinstance(p, dict) for w in str(p.get("name", "")).split())


def _context(copilot: Copilot, account: Account, feedback: str) -> _Context:
    facts = _profile_lines(copilot, account.slug)
    profile = account.profile
    context = _Context()
    note = _recent_note(copilot, account, feedback)
    own = [g for g in people.groups(profile) if g.level == "end_users"]
    users = people.best(own, feedback, [note.text] if note else [], decided=True)
    if own and "End users" in facts:  # the group the feedback is about, else all of them
        label = users.label if users else people.label(profile.get("end_users"))
        context.end_users = _Fact(people.bare(label), facts["End users"])
    theirs = people.label(profile.get("customers_customers"))
    if theirs and "Their customers" in facts:
        context.their_customers = _Fact(people.bare(theirs), facts["Their customers"])
    goal = _best_goal(profile.get("goals") or [], feedback)
    if goal and f"Business goal: {goal}" in facts:
        context.goal = _Fact(_lower_first(goal), facts[f"Business goal: {goal}"])
    context.note = note
    return context


def _profile_lines(copilot: Copilot, slug: str) -> dict[str, Citation]:
    """Each 'Caption: value.' line of the profile-facts chunk, keyed by caption (goals by the whole line)."""
    facts: dict[str, Citation] = {}
    for chunk in profile_chunks(copilot, slug):
        for line in chunk.text.splitlines():
            caption = line.split(":", 1)[0]
            key = line.rstrip(".") if caption == "Business goal" else caption
            facts[key] = Citation(source=chunk.source, quote=line, chunk_id=chunk.id, section=chunk.section)
    return facts


def _best_goal(goals: list, feedback: str) -> str | None:
    """The goal that shares most words with the feedback; none when no goal shares any (a stray goal reads canned)."""
    wanted = content_words(feedback) - people.heads_of(feedback)  # "members are confused" is not about members
    scored = [(shared(wanted, set(tokens(str(g)))) + 2 * _bridged(feedback, str(g)), str(g)) for g in goals]
    best = max(scored, default=(0, None), key=lambda item: item[0])
    if best[1] is None or best[0] == 0:
        return None
    long_word = any(len(w) >= 5 for w in wanted & set(tokens(best[1])))
    return best[1] if best[0] >= 2 or long_word else None


# Feedback and goals that speak of the same thing in different words: "takes too long" and "check-in time".
_BRIDGES = [
    (re.compile(r"\b(?:too long|slow\w*|wait\w*|takes? (?:ages|forever|\w+ minutes)|minutes|hours|delay\w*|late)\b",
                re.I),
     re.compile(r"\b(?:time|minutes|hours|days|faster|speed|on-time|handle time)\b", re.I)),
    (re.compile(r"\b(?:stopp?\w* using|don['’]t use|not using|skip\w*|avoid\w*|back to paper|log(?:ging)? in|"
                r"adoption)\b", re.I),
     re.compile(r"\b(?:active|adoption|usage|use)\b", re.I)),
]  # fmt: skip


def _bridged(feedback: str, goal: str) -> int:
    return sum(1 for said, aimed in _BRIDGES if said.search(feedback) and aimed.search(goal))


def _recent_note(copilot: Copilot, account: Account, feedback: str) -> _Fact | None:
    """The most relevant sentence from the account's notes and transcripts, newest first among equals."""
    wanted = content_words(feedback)
    crowd = people.heads_of(feedback)
    theirs = {str(p.get("name")).lower() for p in account.profile.get("stakeholders") or [] if isinstance(p, dict)}
    best: tuple[tuple[int, str], str, Chunk, str | None] | None = None
    for hit in copilot.retriever.search(feedback, CHUNKS, account.slug):
        chunk = hit.chunk
        if chunk.kind not in ("note", "transcript") or _INTERNAL.search(chunk.section):
            continue
        for speaker, sentence in _said(chunk):
            words = set(tokens(sentence))
            overlap = shared(wanted, words)
            distinctive = any(len(w) >= 5 and w not in crowd for w in wanted & words)  # "glare", not "members"
            relevant = overlap >= 2 or (overlap == 1 and distinctive)
            if relevant and _quotable(sentence):
                key = (overlap, chunk.date or "")
                if best is None or key > best[0]:
                    best = (key, sentence, chunk, speaker)
    if best is None:
        return None
    _, sentence, chunk, speaker = best
    citation = chunk_citation(sentence, chunk, QUOTE_CHARS)
    # Only the customer's own people "told us"; anyone else in a transcript is on our side of the table.
    return _Fact(sentence, citation, speaker if speaker and speaker.lower() in theirs else None)


def _said(chunk: Chunk) -> list[tuple[str | None, str]]:
    """Sentences with their speaker: a transcript's 'Name: …' label covers the whole turn."""
    if chunk.kind != "transcript":
        return [(None, s) for s in sentences(chunk.text)]
    out: list[tuple[str | None, str]] = []
    for line in chunk.text.splitlines():
        name, _, body = line.partition(": ")
        speaker = name if body and 0 < len(name.split()) <= 4 and name[:1].isupper() else None
        out += [(speaker, s) for s in sentences(body if speaker else line)]
    return out


def _quotable(sentence: str) -> bool:
    """A sentence worth quoting back to the customer: a statement of fact, not a question, an agenda line, an aside
    to someone ('Sofia, you asked…') or our internal read of the account ('a vocal detractor')."""
    words = sentence.split()
    if not 6 <= len(words) <= 45 or sentence.endswith(("?", ":")) or _SENSITIVE.search(sentence):
        return False
    if sentence.lower().startswith(("attendees", "agenda", "topics", "two topics", "three topics")):
        return False
    return not (len(words) > 1 and words[0].endswith(",") and words[0][:1].isupper())


def _responses(read: _Feedback, context: _Context) -> tuple[list[str], list[_Fact]]:
    """Account-grounded replies first, then replies built from the feedback alone, until there are enough."""
    opening = _opening(read)
    kind = read.kind if read.kind in USERS else "other"
    candidates: list[tuple[str, list[_Fact]]] = []
    if context.end_users:
        line = USERS[kind].format(users=context.end_users.text, topic=read.topic)
        candidates.append((f"{opening} {line}", [context.end_users]))
    if context.note:
        candidates.append((_note_line(context.note), [context.note]))
    if context.goal:
        line = GOAL[kind].format(topic=read.topic)
        candidates.append((f"Yes, and this ties into your goal to {context.goal.text.rstrip('.')}. {line}",
                           [context.goal]))  # fmt: skip
    if context.their_customers:
        line = THEIRS[kind].format(topic=read.topic)
        candidates.append((f"Yes, and I'm also thinking one step further out, of {context.their_customers.text}: "
                           f"{line}", [context.their_customers]))  # fmt: skip
    plain = [f"{opening} {PLAIN['follow'][kind]}"] + [p.format(topic=read.topic) for p in PLAIN[kind]]
    candidates += [(text, []) for text in (plain[1:] if context.end_users else plain)]
    return _keep_clean(candidates)


def _opening(read: _Feedback) -> str:
    """Acknowledge and validate: the customer's point said back from our side, never as if it were ours."""
    kind = read.kind if read.kind in OPENINGS else "other"
    if kind == "request" and read.stakes:
        return OPENINGS["stakes"].format(topic=read.topic, stakes=read.stakes)
    template = OPENINGS[kind]["heard" if read.heard else "topic"]
    return template.format(heard=read.heard, topic=read.topic)


def _note_line(note: _Fact) -> str:
    when = f" on {_spoken_date(note.citation.date)}" if note.citation.date else ""
    source = f"what {note.speaker} told us{when}" if note.speaker else f"what we noted{when}"
    return f"Yes, and it connects with {source}: “{note.text.rstrip('.')}.” What has changed since then?"


def _keep_clean(candidates: list[tuple[str, list[_Fact]]]) -> tuple[list[str], list[_Fact]]:
    """Drop any reply the linter would flag; keep the facts of the replies kept."""
    responses: list[str] = []
    used: list[_Fact] = []
    for text, facts in candidates:
        if len(responses) == MAX_RESPONSES:
            break
        if check(text).verdict == "yes_and" and text not in responses:
            responses.append(text)
            used += [f for f in facts if f not in used]
    return responses, used


def _questions(read: _Feedback, context: _Context) -> list[str]:
    people_ = context.end_users.text if context.end_users else "the people on your team"
    beyond = context.their_customers.text if context.their_customers else "the people your team serves"
    lines = QUESTIONS.get(read.kind, QUESTIONS["other"])
    asked = [line.format(topic=read.topic, people=people_) for line in lines]
    if read.stakes:
        asked.insert(1, "What's at stake for your team if this stays as it is today?")
    return [
        *asked,
        f"Where does the current setup fall short of what {people_} need in their daily work?",
        f"If this were solved, what would change for {beyond}?",
    ]


def _spoken_date(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso.split("-")
    months = ("January February March April May June July August September October November December").split()
    return f"{months[int(month) - 1]} {int(day)}, {year}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
