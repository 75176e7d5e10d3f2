"""The lines an `ask` answer is built from: which are read, how each is scored, and which are chosen.

Read: the sentences of the evidence chunks and of the other sections of the best documents (a note's summary
often matches the question's words while the section beside it, "What we observed" or "Decisions", holds the
answer). A transcript turn stays whole, with its speaker.

Scored: a line's chunk counts (its title and section heading against the question, its retrieval rank, whether
its document is the one the question points at by a date, a month, "the QBR" or the scene it names, whether its
section is the kind asked about or the one it names), and so does the line itself (meaning and rare words
shared with the question, what it adds beyond restating it, a name for "who", a date for "when", a number for
"how many"; in a transcript, the turn after a matching question, a turn by the person asked about, a recap).

Chosen: the best section leads, its good lines first; then the best line for each part of a question of
several parts; then lines from elsewhere only when they are nearly as good and say something new. The answer
reads the leading section first, then document by document, each in the order it was written; the newer line
wins a tie.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from bot.core.copilot import Copilot
from bot.core.knowledge.documents import Chunk
from bot.core.knowledge.embeddings import cosine
from bot.core.knowledge.retrieve import Hit
from bot.core.skills.ask_cues import QuestionCues, is_metadata, split_parts, split_scene
from bot.core.skills.common import PROFILE_FACTS
from bot.core.text import STOPWORDS, sentences, tokens

MAX_LINES = 5
SIBLING_DOCUMENTS = 2  # the best documents whose other sections are read too
MAX_TURN_CHARS = 400  # a transcript turn up to this long is one answer line, speaker included
MIN_WORDS = 3  # content words a line needs to be an answer line
MIN_SPOKEN_WORDS = 4  # and a transcript turn ("Thank you, Dana. We'll miss you." is not an answer)
# The line itself.
W_SIMILARITY, W_OVERLAP = 0.35, 0.25  # meaning; rarity-weighted share of the question's words
W_NEW, NEW_WORDS = 0.10, 6  # words the question does not have (a line that adds, not restates): full at 6
W_ANSWER_TYPE = 0.10  # a name for "who", a date for "when", a number for "how many"
W_FACT_SHEET = 0.15  # a profile fact ("Stakeholder (champion): …") for "who", "when" or "how much"
W_FACT_KEY = 0.05  # and one whose key holds the asked word ("Stakeholder (champion)" for "who is the champion")
W_SPEAKER = 0.10  # a transcript turn by the person the question names
W_SPOKEN = 0.20  # a turn that says what is asked about ("Let's go with…" for "what did they decide")
W_RECAP = 0.10  # a turn that sums a call up ("Recap: …"), what a call decided in one place
QUESTION_PENALTY = 0.10  # a line that asks rather than answers
SCENE_WEIGHT = 0.4  # a word of the question's scene ("when they shadowed …") counts this much in a line
QA_CARRY = 0.9  # a transcript turn answering a matching question takes this share of its score
# The line's chunk.
W_TITLE_SIMILARITY, W_SECTION_SIMILARITY = 0.10, 0.15
W_TITLE_OVERLAP, W_SECTION_OVERLAP = 0.15, 0.15
W_RANK, SIBLING_RANK = 0.10, 0.3  # a section read beside a retrieved one ranks like this share of the best
W_DOCUMENT = 0.20  # the document the question points at by date, month, quarter or kind
W_SCENE = 0.20  # the document whose title the question's scene names ("at the escalation call")
W_SECTION = 0.15  # a section of the kind asked about ("what did we agree" → Decisions)
W_NAMED = 0.20  # a section the question names ("the strong risk signals" → Strong risk signals)
W_PLAYBOOK = 0.15  # a playbook, when the question asks what to do ("how do I…")
PART_PLACEMENT = 0.5  # the share of a fact-seeking part's own placement in its line scores
# Choosing: margins below the best line (of the leading section, or of all).
LEAD_LINES, LEAD_MARGIN = 4, 0.50  # at most 4 from the lead, so that the best line elsewhere still fits
LEAD_SECOND = 0.5  # a section leads by its best line plus this share of its second best
INTENT_SLACK = 0.15  # a section of the asked-for kind leads when it comes this close
OTHER_MARGIN = 0.12
FILL_MARGIN, MIN_LINES = 0.25, 3  # an answer shorter than MIN_LINES takes lines this far below the best
REDUNDANT = 0.85  # cosine above which two lines say the same thing
_RECAP = re.compile(r"\b(?:recap|to sum up|summary for me|to summari[sz]e|let me summari[sz]e)\b", re.I)
_SPEAKER = re.compile(r"^([A-Z][\w.'’\- ]{0,40}?):\s+")


@dataclass
class Line:
    """One candidate answer line, where it sits in its document, and its scores."""

    text: str
    hit: Hit
    position: tuple[int, int]  # (chunk index in its document, line index in the chunk)
    prior: float  # from the chunk's retrieval rank
    speaker: str = ""  # a transcript turn's speaker; `said` is the line without the label
    said: str = ""
    turn: str = ""  # the whole turn a transcript line is part of
    vector: list[float] = field(default_factory=list)
    relevance: float = 0.0  # the line's own part of the score
    score: float = 0.0
    parts: list[float] = field(default_factory=list)  # the score for each part of a question of several


# -- reading -------------------------------------------------------------------------------------------


def pool(copilot: Copilot, evidence: list[Hit], ask_for: QuestionCues) -> list[Line]:
    """Lines of the evidence chunks and of the other sections of the best documents (the two best ranked and
    any the question points at), each with a prior from its chunk's retrieval rank."""
    priors = {h.chunk.id: 1.0 / (1 + rank) for rank, h in enumerate(evidence)}
    hits = {h.chunk.id: h for h in evidence}
    documents = list(dict.fromkeys(h.chunk.source for h in evidence))
    pointed = {h.chunk.source for h in evidence if ask_for.document_match(h.chunk) > 0}
    lines: list[Line] = []
    for rank, source in enumerate(documents):
        chunks = copilot.retriever.document(source) or [h.chunk for h in evidence if h.chunk.source == source]
        best = max((priors[c.id] for c in chunks if c.id in priors), default=0.0)
        for index, chunk in enumerate(chunks):
            if chunk.id in priors:
                hit, prior = hits[chunk.id], priors[chunk.id]
            elif rank < SIBLING_DOCUMENTS or source in pointed:
                hit, prior = Hit(chunk, 0.0), SIBLING_RANK * best
            else:
                continue
            for i, (text, turn) in enumerate(lines_of(chunk)):
                speaker, said = _speaker(text) if chunk.kind == "transcript" else ("", text)
                lines.append(Line(text, hit, (index, i), prior, speaker=speaker, said=said, turn=turn))
    return lines


def lines_of(chunk: Chunk) -> list[tuple[str, str]]:
    """(line, the turn it is part of): sentences; a transcript's turns stay whole (with the speaker) unless
    they are long."""
    if chunk.kind != "transcript":
        return [(s, s) for s in sentences(chunk.text)]
    out: list[tuple[str, str]] = []
    for turn in (raw.strip() for raw in chunk.text.splitlines()):
        if turn:
            out += [(s, turn) for s in ([turn] if len(turn) <= MAX_TURN_CHARS else sentences(turn))]
    return out


def _speaker(turn: str) -> tuple[str, str]:
    match = _SPEAKER.match(turn)
    return (match.group(1), turn[match.end() :]) if match else ("", turn)


# -- scoring -------------------------------------------------------------------------------------------


def scored(
    copilot: Copilot, ask_for: QuestionCues, focus: str, weights: dict[str, float], lines: list[Line]
) -> list[Line]:
    """The lines that say enough to be an answer, scored against `focus` (the question without the account's
    name; `weights`: its `term_weights`). "Attendees: …" says who was there and nothing else: kept only when
    that is the question."""
    lines = [line for line in lines if _says_enough(line) and (ask_for.wants_attendees or not is_metadata(line.text))]
    if not lines:
        return []
    asked, scene_text = split_scene(focus)
    scene = roots(scene_text) - roots(asked)
    parts = split_parts(asked)
    queries = [copilot.embedder.embed_query(q) for q in [focus, *parts]]
    placement = _chunk_scores(copilot, queries[0], weights, ask_for, lines, scene)
    line_weights = {t: w * (SCENE_WEIGHT if t in scene else 1.0) for t, w in weights.items()}
    focus_roots = roots(focus)
    judges = [_Judge(queries[0], line_weights, sum(weights.values()), focus_roots, ask_for)]
    # A part that asks for a person, a date or an amount places the chunks half by its own words: for "who is
    # the champion … and what is the risk?" the Risks sections must not outrank the profile's stakeholder record.
    placements = []
    for part, query in zip(parts, queries[1:], strict=True):
        words = roots(part)
        own = {t: w for t, w in line_weights.items() if t in words}
        part_for = QuestionCues.read(part)
        judges.append(_Judge(query, own, sum(own.values()), focus_roots, part_for))
        placements.append(placement)
        if part_for.wants_fact:
            mine = {t: w for t, w in weights.items() if t in words}
            own_place = _chunk_scores(copilot, query, mine, part_for, lines, scene)
            placements[-1] = {c: (1 - PART_PLACEMENT) * p + PART_PLACEMENT * own_place[c] for c, p in placement.items()}
    for line, vector in zip(lines, copilot.retriever.vectors([line.said for line in lines]), strict=True):
        line.vector = vector
        line.relevance = judges[0].relevance(line)
        line.score = placement[line.hit.chunk.id] + line.relevance
        parts_of = zip(placements, judges[1:], strict=True)
        line.parts = [place[line.hit.chunk.id] + judge.relevance(line) for place, judge in parts_of]
    _carry_answers(lines)
    return lines


def _says_enough(line: Line) -> bool:
    """Enough content words to be an answer; in a turn, names do not count ("That's a good point, Tom.")."""
    if not line.speaker:
        return len(roots(line.said)) >= MIN_WORDS
    words = line.said.split()
    unnamed = " ".join(w for i, w in enumerate(words) if i == 0 or not w[:1].isupper())
    return len(roots(unnamed)) >= MIN_SPOKEN_WORDS


@dataclass
class _Judge:
    """Scores a line against the question, or against one part of it."""

    query: list[float]
    weights: dict[str, float]
    total: float
    asked: set[str]
    ask_for: QuestionCues

    def relevance(self, line: Line) -> float:
        words = roots(line.said)
        # Words of the document's title name the document; inside it they do not tell one line from another.
        title = roots(line.hit.chunk.title)
        shared = sum(w for t, w in self.weights.items() if t in words and t not in title)
        fact = self.ask_for.wants_fact and is_fact_sheet(line.hit.chunk) and shared > 0
        key = _fact_key(line.said) if fact else set()
        return (
            W_SIMILARITY * cosine(self.query, line.vector)
            + W_OVERLAP * (shared / self.total if self.total else 0.0)
            + W_NEW * min(1.0, len(words - self.asked) / NEW_WORDS)
            + W_ANSWER_TYPE * self.ask_for.answer_match(line.said)
            + W_FACT_SHEET * fact
            + W_FACT_KEY * any(t in key for t in self.weights)
            + W_SPEAKER * bool(line.speaker and roots(line.speaker) & self.asked)
            + W_SPOKEN * self.ask_for.spoken_match(line.said)
            + W_RECAP * bool(_RECAP.search(line.turn) and line.hit.chunk.kind == "transcript")
            - (QUESTION_PENALTY if line.text.rstrip().endswith("?") else 0.0)
        )


def _chunk_scores(
    copilot: Copilot,
    query: list[float],
    weights: dict[str, float],
    ask_for: QuestionCues,
    lines: list[Line],
    scene: set[str],
) -> dict[str, float]:
    """How likely each chunk is to hold the answer, from its headings, its document and its retrieval rank."""
    scene_weights = {t: w for t, w in weights.items() if t in scene}
    chunks = {line.hit.chunk.id: (line.hit.chunk, line.prior) for line in lines}
    similarity = _heading_similarity(copilot, query, [chunk for chunk, _ in chunks.values()])
    scores = {}
    for cid, (chunk, prior) in chunks.items():
        title_sim, section_sim = similarity[cid]
        title = roots(chunk.title)
        scores[cid] = (
            W_TITLE_SIMILARITY * title_sim
            + W_SECTION_SIMILARITY * section_sim
            + W_TITLE_OVERLAP * overlap(weights, title)
            + W_SECTION_OVERLAP * overlap(weights, roots(_section(chunk)))
            + W_RANK * prior
            + W_DOCUMENT * ask_for.document_match(chunk)
            + W_SCENE * overlap(scene_weights, title)
            + W_SECTION * ask_for.section_match(chunk)
            + W_NAMED * _named(chunk, set(weights))
            + W_PLAYBOOK * (ask_for.how_to and chunk.kind == "playbook")
        )
    return scores


def _heading_similarity(copilot: Copilot, query: list[float], chunks: list[Chunk]) -> dict[str, tuple[float, float]]:
    """(title, section) similarity to the question for each chunk. A chunk without a section of its own (a
    document's opening, a transcript) gets the mean of its document's sections, or of all, so that it is
    neither favoured nor held back."""
    texts = list(dict.fromkeys([c.title for c in chunks] + [_section(c) for c in chunks if _section(c)]))
    sim = dict(zip(texts, (cosine(query, v) for v in copilot.retriever.vectors(texts)), strict=True))
    by_document: dict[str, list[float]] = {}
    for chunk in chunks:
        if _section(chunk):
            by_document.setdefault(chunk.source, []).append(sim[_section(chunk)])
    every = [s for values in by_document.values() for s in values]
    neutral = sum(every) / len(every) if every else 0.0
    out = {}
    for chunk in chunks:
        own = by_document.get(chunk.source)
        section_sim = sim[_section(chunk)] if _section(chunk) else (sum(own) / len(own) if own else neutral)
        out[chunk.id] = (sim.get(chunk.title, 0.0), section_sim)
    return out


def _section(chunk: Chunk) -> str:
    """A chunk's own section heading; empty for a document's opening lines, a profile's facts, a transcript."""
    if chunk.kind == "transcript" or not chunk.section:
        return ""
    section = chunk.section.split(" > ")[-1]
    return "" if section in (chunk.title, PROFILE_FACTS) else section


def _named(chunk: Chunk, asked: set[str]) -> bool:
    """Whether the question names the chunk's section: two or more words of its heading, all in the question
    (what the heading adds in brackets aside)."""
    heading = roots(re.sub(r"\(.*?\)", " ", _section(chunk)))
    return len(heading) >= 2 and heading <= asked


def is_fact_sheet(chunk: Chunk) -> bool:
    """The profile's front matter as sentences: the record of roles, the renewal date, the ARR."""
    return chunk.kind == "profile" and chunk.section == PROFILE_FACTS


def fact_keys(chunk: Chunk) -> set[str]:
    """The words of a fact sheet's keys: "Stakeholder (champion): …" → stakeholder, champion."""
    return {word for line in chunk.text.splitlines() for word in _fact_key(line)}


def _fact_key(line: str) -> set[str]:
    return roots(line.split(":", 1)[0]) if ":" in line else set()


def _carry_answers(lines: list[Line]) -> None:
    """In a transcript the turn after a matching question is its answer, whatever its own words; a question
    answered by another question ("What would make sense from your side?") passes it on."""
    carried = 0.0
    for asked, reply in itertools.pairwise(lines):
        if asked.hit.chunk.source != reply.hit.chunk.source or asked.hit.chunk.kind != "transcript":
            carried = 0.0
            continue
        if "?" in asked.said:
            carried = max(carried, QA_CARRY * (asked.relevance + QUESTION_PENALTY))
        lift = max(0.0, carried - reply.relevance)
        reply.relevance += lift
        reply.score += lift
        if not reply.text.rstrip().endswith("?"):
            carried = 0.0


# -- choosing ------------------------------------------------------------------------------------------


def choose(lines: list[Line], ask_for: QuestionCues) -> list[Line]:
    """The leading section's good lines (its first among them), the best line for each part of the question,
    then others that are nearly as good and not redundant, at most MAX_LINES; a short answer is filled up to
    MIN_LINES with lines that are still close. Returned in reading order, the leading section first."""
    if not lines:
        return []
    ranked = sorted(lines, key=lambda c: (round(c.score, 4), c.hit.chunk.date or ""), reverse=True)  # newest wins
    lead = _leading_unit(ranked, ask_for)
    good = [c for c in ranked if _unit(c.hit.chunk) == lead]
    good = [c for c in good if c.score >= good[0].score - LEAD_MARGIN] if good else []
    if good and good[0].hit.chunk.kind != "transcript":  # a section says its main point first; a call wanders
        first = min(good, key=lambda c: c.position)
        good = [first] + [c for c in good if c is not first]
    chosen: list[Line] = []
    room = min(LEAD_LINES, MAX_LINES - len(ranked[0].parts))  # and a line for each part of the question
    _add(chosen, good, room)
    for part in range(len(ranked[0].parts)):
        _add(chosen, [max(ranked, key=lambda c: c.parts[part])], MAX_LINES)
    _add(chosen, [c for c in ranked if c.score >= ranked[0].score - OTHER_MARGIN], MAX_LINES)
    _add(chosen, [c for c in ranked if c.score >= ranked[0].score - FILL_MARGIN], MIN_LINES)
    return _arrange(chosen, lead)


def _add(chosen: list[Line], candidates: list[Line], limit: int) -> None:
    for line in candidates:
        if len(chosen) < limit and line not in chosen and not _redundant(line, chosen):
            chosen.append(line)


def _leading_unit(ranked: list[Line], ask_for: QuestionCues) -> str | None:
    """The section whose two best lines score highest together (a section that answers, not one stray line),
    or a section of the kind the question asks for ("what did we decide" → Decisions) when it comes close. A
    transcript leads as a whole call; a document's opening lines or a profile's facts do not lead."""
    tops: dict[str, list[float]] = {}
    chunks: dict[str, Chunk] = {}
    for line in ranked:
        unit = _unit(line.hit.chunk)
        chunks.setdefault(unit, line.hit.chunk)
        if len(tops.setdefault(unit, [])) < 2:
            tops[unit].append(line.score)
    value = {unit: s[0] + LEAD_SECOND * (s[1] if len(s) > 1 else 0.0) for unit, s in tops.items()}
    best = max(value, key=lambda unit: value[unit])
    asked = [u for u in value if _can_lead(chunks[u]) and ask_for.section_match(chunks[u])]
    preferred = max(asked, key=lambda unit: value[unit], default=None)
    if preferred is not None and value[preferred] >= value[best] - INTENT_SLACK:
        best = preferred
    return best if _can_lead(chunks[best]) else None


def _unit(chunk: Chunk) -> str:
    """What leads an answer: a whole transcript, else one chunk."""
    return chunk.source if chunk.kind == "transcript" else chunk.id


def _can_lead(chunk: Chunk) -> bool:
    """A transcript or a section can; a document's opening lines or a profile's facts cannot."""
    return chunk.kind == "transcript" or bool(_section(chunk))


def _redundant(line: Line, chosen: list[Line]) -> bool:
    words = tokens(line.text)
    return any(words == tokens(o.text) or cosine(line.vector, o.vector) >= REDUNDANT for o in chosen)


def _arrange(chosen: list[Line], lead: str | None) -> list[Line]:
    """The leading section first, in the order it was written; then the other lines document by document (the
    one of the best line first), each in written order."""
    rank: dict[str, int] = {}
    for line in chosen:
        rank.setdefault(line.hit.chunk.source, len(rank))
    return sorted(chosen, key=lambda c: (_unit(c.hit.chunk) != lead, rank[c.hit.chunk.source], c.position))


# -- words and vectors ---------------------------------------------------------------------------------


def term_weights(copilot: Copilot, text: str) -> dict[str, float]:
    """Inverse document frequency of each content word of `text` (a contraction can stem to a stopword), keyed
    by the word's root."""
    return {root(t): copilot.retriever.term_weight(t) for t in set(tokens(text)) if t not in STOPWORDS}


def overlap(weights: dict[str, float], words: set[str]) -> float:
    """Rarity-weighted share of the question's words found in `words`."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in words) / total if total else 0.0


def root(term: str) -> str:
    """A stem cut further, so that "make" meets "making" and "agree" meets "agreed" (the shared stemmer keeps
    stems of at least four letters: "making", "agre")."""
    for suffix in ("ing", "ed"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            term = term[: -len(suffix)]
            break
    return term.rstrip("e") if len(term) > 3 else term


def roots(text: str) -> set[str]:
    """The content words of `text`, cut to roots."""
    return {root(t) for t in tokens(text) if t not in STOPWORDS}
