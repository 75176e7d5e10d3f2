"""What a question asks for, read from its wording: the kind of answer (a person, a date, a number, a reason)
and the document it points at (a date or month, "the QBR", "the email"); and how well a line or a chunk
matches that."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.knowledge.documents import Chunk
from bot.core.mentions import NAME_RUN, NOT_NAMES, SENTENCE_OPENERS, at_sentence_start, dates, numbers, strip_dates
from bot.core.skills import date_patterns

# A question word opens the question or a clause of it; elsewhere "who" and "when" are conjunctions.
_CLAUSE = r"(?:^|[,;:?]\s*|\b(?:and|or|but|so)\s+)"
_WHO = re.compile(rf"{_CLAUSE}(?:who|whom|whose)\b|\bwhich (?:person|people|stakeholders?)\b", re.I)
_WHEN = re.compile(
    rf"{_CLAUSE}when\b|\b(?:what|which) (?:date|day|month|week)\b|\bby when\b|\bdeadline\b|\bhow soon\b", re.I
)
_HOW_MUCH = re.compile(
    r"\bhow (?:many|much|long|far|big|fast|often)\b|\b(?:what|which) (?:percentage|share|number|amount|price|cost)\b",
    re.I,
)
_WHY = re.compile(r"\bwhy\b|\bwhat (?:caused|causes|drove|drives)\b|\bthe reason\b", re.I)
_ATTENDANCE = re.compile(r"\b(?:attend\w*|participants?|present|joined|in the room|on the call)\b", re.I)
_CAUSAL = re.compile(r"\b(?:because|since|due to|so that|as a result|caused|root cause|which means)\b", re.I)
# Capitalised month names (a lower-case "may" is a verb), with their short forms.
MONTHS = [m.capitalize() for m in date_patterns.MONTHS]
_MONTH = re.compile(r"\b(" + "|".join(MONTHS + [m[:3] for m in MONTHS] + ["Sept"]) + r")\b\.?")
_MONTH_LOWER = re.compile(r"\b(?:january|february|april|june|july|august|september|october|november|december)\b")
_QUARTER = re.compile(r"\bQ([1-4])\b")
_SPELLED = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|half|percent)\b",
    re.I,
)
_WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# A document kind the question names, as the note types (front matter `type`) spell it. "Call" and "meeting"
# are left out: "the reference call" is a topic as often as a document.
_KINDS = {
    "qbr": re.compile(r"\bqbrs?\b|\bbusiness reviews?\b", re.I),
    "email": re.compile(r"\be-?mails?\b", re.I),
}


@dataclass(frozen=True)
class _Intent:
    """What a question asks about (`asked`), the section headings of meeting notes that hold it (`heading`)
    and, for transcripts, which have no headings, what a speaker says when giving it (`spoken`)."""

    asked: str
    heading: str
    spoken: str | None = None


_INTENTS = {
    "decisions": _Intent(
        asked=r"\bagree|\bdecid|\bdecisions?\b(?! makers?)|\bcommit|\bsettled\b|\bconclu",
        heading=r"decision|agreed|commitment|conclusion",
        spoken=r"\blet's (?:go with|do|keep|start)\b|\bagreed\b|\bwe'll go with\b|\bdecided\b|\bdecision\b",
    ),
    "observations": _Intent(
        asked=r"\b(?:see|saw|seen|observ\w*|notic\w*|found|learn\w*|discover\w*|watch\w*)\b",
        heading=r"observ|learn|heard|finding",
    ),
    "risks": _Intent(
        asked=r"\brisk|\bworr|\bconcern|\bthreat|\bblocker",
        heading=r"risk|concern|issue",
        spoken=r"\brisk\b|\bworr(?:y|ied)\b|\bconcern",
    ),
    "next steps": _Intent(
        asked=r"\bnext steps?\b|\bfollow[- ]?ups?\b|\baction items?\b|\bto-?dos?\b|\bwho owes\b",
        heading=r"next|action|follow",
        spoken=r"\bI'll\b|\bwe'll\b",
    ),
    "ideas": _Intent(
        asked=r"\bideas?\b|\bsuggest|\bpropos|\bcame out of\b|\bbrainstorm",
        heading=r"idea",
        spoken=r"\bideas?\b|\bwhat if\b|\bhow might we\b",
    ),
    "results": _Intent(
        asked=r"\bresults?\b|\boutcomes?\b|\bimpact\b|\bhow did .* go\b|\bwent\b|\bwork(?:ed)?\b|\bwins?\b",
        heading=r"result|outcome|impact|win",
    ),
    "overview": _Intent(
        asked=r"\bwhat happened\b(?! to)|\bwhat's going on\b|\bthe latest\b|\bstatus\b|\boverview\b|\btell me about\b",
        heading=r"summary|update|status",
        spoken=r"\brecap\b|\bsummary\b",
    ),
    "causes": _Intent(
        asked=r"\bwhy\b|\bcaus|\breasons?\b|\broot\b",
        heading=r"cause|problem|wrong|why",
        spoken=r"\bbecause\b|\bthe reason\b|\broot cause\b",
    ),
}
# The part of a question that sets the scene ("when they shadowed the nurses", "at the Q2 review", "In the
# workshop, …") names the document; the rest asks for the answer.
_SCENE = [
    re.compile(r"^(?:in|on|at|during|from|after|before|per)\b[^,?]{3,80},\s*", re.I),
    re.compile(r"(?<!and)(?<!or)(?<!,)\s(?:when|while|during)\s[^,?]*", re.I),
    re.compile(r"\s(?:at|during|per)\s+(?:the|our|their|this|that|last)\s[^,?]*", re.I),
]
# Asking what to do ("how do I…", "what should we…", "what's the play") is asking for a playbook.
_HOW_TO = re.compile(
    r"\b(?:how|what|when|which|where)\s+(?:do|should|can|could|would|must)\s+(?:i|we)\b|\bshould (?:i|we)\b"
    r"|\bwhat's the play\b|\bplaybook\b|\bbest practices?\b|\bhow to\b",
    re.I,
)
_METADATA = re.compile(r"^Attendees:\s")  # the line the loader puts before a note's first section


@dataclass
class QuestionCues:
    """The answer type and document a question asks for."""

    who: bool = False
    when: bool = False
    how_much: bool = False
    why: bool = False
    wants_attendees: bool = False
    how_to: bool = False  # asks what to do: a playbook answers
    months: set[int] = field(default_factory=set)
    days: set[tuple[int, int]] = field(default_factory=set)  # (month, day)
    quarters: set[int] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    sections: list[str] = field(default_factory=list)  # patterns of the section headings that answer
    spoken: list[str] = field(default_factory=list)  # patterns of what a speaker says when answering

    @classmethod
    def read(cls, question: str) -> QuestionCues:
        days = {(key[-2], key[-1]) for key, _ in dates(question) if key[0] in ("ymd", "md")}
        months = {MONTHS.index(next(m for m in MONTHS if m.startswith(g[:3]))) + 1
                  for g in _MONTH.findall(question) + [m.capitalize() for m in _MONTH_LOWER.findall(question)]
                  }  # fmt: skip
        return cls(
            who=bool(_WHO.search(question)),
            when=bool(_WHEN.search(question)),
            how_much=bool(_HOW_MUCH.search(question)),
            why=bool(_WHY.search(question)),
            wants_attendees=bool(_WHO.search(question) and _ATTENDANCE.search(question)),
            how_to=bool(_HOW_TO.search(question)),
            months=months | {m for m, _ in days},
            days=days,
            quarters={int(q) for q in _QUARTER.findall(question)},
            kinds=kinds_named(question),
            sections=[i.heading for i in _INTENTS.values() if re.search(i.asked, question, re.I)],
            spoken=[i.spoken for i in _INTENTS.values() if i.spoken and re.search(i.asked, question, re.I)],
        )

    def section_match(self, chunk: Chunk) -> float:
        """1 when the chunk's section is the kind the question asks about ("what did we agree" → Decisions)."""
        section = chunk.section.split(" > ")[-1] if chunk.section else ""
        return 1.0 if section and any(re.search(h, section, re.I) for h in self.sections) else 0.0

    def spoken_match(self, utterance: str) -> float:
        """1 when a transcript turn says what the question asks about ("Let's go with…" for a decision)."""
        return 1.0 if any(re.search(said, utterance, re.I) for said in self.spoken) else 0.0

    @property
    def wants_fact(self) -> bool:
        """A person, a date or an amount: what an account's profile records."""
        return self.who or self.when or self.how_much

    def document_match(self, chunk: Chunk) -> float:
        """1 when the chunk is from the document the question points at, by date, month, quarter or kind."""
        asked = [bool(self.days or self.months), bool(self.quarters), bool(self.kinds)]
        if not any(asked):
            return 0.0
        found = [self._date_match(chunk), self._quarter_match(chunk), self._kind_match(chunk)]
        return sum(f for a, f in zip(asked, found, strict=True) if a) / sum(asked)

    def _date_match(self, chunk: Chunk) -> float:
        if not chunk.date:
            return 0.0
        month, day = int(chunk.date[5:7]), int(chunk.date[8:10])
        if (month, day) in self.days:
            return 1.0
        return 0.7 if month in self.months else 0.0

    def _quarter_match(self, chunk: Chunk) -> float:
        # A review is named for the quarter it covers ("Q3 QBR"), held in or just after it.
        named = {int(q) for q in _QUARTER.findall(chunk.title)}
        if named:
            return 1.0 if named & self.quarters else 0.0
        month = int(chunk.date[5:7]) if chunk.date else 0
        return 0.5 if month and (month - 1) // 3 + 1 in self.quarters else 0.0

    def _kind_match(self, chunk: Chunk) -> float:
        if chunk.doc_type in self.kinds:
            return 1.0
        return 1.0 if any(_KINDS[k].search(chunk.title) for k in self.kinds) else 0.0

    def answer_match(self, text: str) -> float:
        """The share of the asked-for answer types (person, date, number, reason) that the line holds."""
        wanted = [
            (self.who, has_person(text)),
            (self.when, has_date(text)),
            (self.how_much, has_number(text)),
            (self.why, bool(_CAUSAL.search(text))),
        ]
        asked = [held for want, held in wanted if want]
        return sum(asked) / len(asked) if asked else 0.0


def kinds_named(text: str) -> set[str]:
    """The document kinds (note types) a text names: "the QBR" → {"qbr"}."""
    return {kind for kind, pattern in _KINDS.items() if pattern.search(text)}


def split_scene(question: str) -> tuple[str, str]:
    """(what is asked, the scene it is set in): the scene's words identify the document, not the answer line."""
    asked, scene = question, []
    for pattern in _SCENE:
        for match in pattern.finditer(asked):
            scene.append(match.group(0))
        asked = pattern.sub(" ", asked)
    asked = " ".join(asked.split())
    return (asked, " ".join(scene)) if len(asked.split()) >= 2 else (question, "")


_PART_BREAK = re.compile(
    r"\?\s+|[,;]?\s+and\s+(?=(?:what|when|who|whom|whose|where|why|how|which)\b)|,\s+(?=(?:what|when|who|where|why|how|which|any)\b)",
    re.I,
)


def split_parts(question: str) -> list[str]:
    """The parts of a question that asks several things ("When …, and who …?"); [] for a single question."""
    parts = [p.strip(" ,;?") for p in _PART_BREAK.split(question)]
    parts = [p for p in parts if len(p.split()) >= 3]
    return parts if len(parts) > 1 else []


def has_person(text: str) -> bool:
    """A capitalised name: two words in a row ("Dana Whitfield"), or one that does not open a sentence ("owned
    by Luis"); months, weekdays, teams and sentence openers ("Next", "Thanks") are not names."""
    for match in NAME_RUN.finditer(text):
        words = match.group(0).split()
        if words[0].lower() in NOT_NAMES or words[0].lower() in SENTENCE_OPENERS:
            words, opens = words[1:], False
        else:
            opens = at_sentence_start(text, match.start())
        if words and words[0].lower() not in NOT_NAMES and (len(words) >= 2 or not opens):
            return True
    return False


def has_date(text: str) -> bool:
    return bool(next(dates(text), None) or _MONTH.search(text) or _WEEKDAY.search(text))


def has_number(text: str) -> bool:
    return bool(next(numbers(strip_dates(text)), None) or _SPELLED.search(text))


def is_metadata(text: str) -> bool:
    """A line that lists a note's metadata (its attendees) rather than saying anything."""
    return bool(_METADATA.match(text))
