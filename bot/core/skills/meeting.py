"""A meeting to summarize: transcript (.txt, .vtt, .srt) or Markdown notes, read into dated, attributed lines."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

from bot.core.errors import UserInputError
from bot.core.knowledge.documents import Chunk, LoadError
from bot.core.knowledge.frontmatter import split_front_matter
from bot.core.knowledge.transcripts import parse_transcript
from bot.core.skills.dates import parse_meeting_date
from bot.core.text import sentences

TRANSCRIPT_SUFFIXES = (".txt", ".vtt", ".srt")
NOTES_SUFFIXES = (".md", ".markdown")
MAX_INPUT_CHARS = 5_000_000
_SRT_START = re.compile(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2},\d{3}\s*-->")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")
_NOTE_SPEAKER = re.compile(r"^\s*(?:[-*+]\s+)?([A-Z][\w.'\-]*(?:\s+[\w.'\-]+){0,3}):\s+(.+)$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_BOLD_LABEL = re.compile(r"^(\s*(?:[-*+]\s+)?)\*\*([A-Z][^*:]{0,40}?):?\*\*:?\s+")  # "**Sam Lee:** we need X"
_SECTION_NAME = re.compile(
    r"^(?:action items?|actions|next steps?|to-?dos?|follow[- ]?ups?|decisions?|risks?|risks and issues|concerns|"
    r"issues|notes|summary|discussion|agenda|attendees|owners)$",
    re.I,
)
_NOTE_LABELS = frozenset(
    """action actions owner owners note notes decision decisions risk risks summary next date time attendees agenda
    update status context background question answer outcome result results goal goals problem issue issues todo
    follow subject title location customer vendor csm ae topic topics item items step steps agreed blocker blockers
    concern concerns mitigation impact priority due re fyi ps""".split()
)
# "- [ ] Lena: send the list" is a task-list bullet; its box says whether it is ticked, not who owns it.
_CHECKBOX = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)\[[ xX]?\]\s*")
_METADATA_LABELS = {"date", "title", "subject", "meeting", "attendees", "participants", "time", "location"}
_HEADER_LINE = re.compile(r"^\s*(?:#|NOTE\b|WEBVTT)")
_TITLES = {"dr", "mr", "mrs", "ms", "prof"}
# Spoken fillers, in lower or title case ("UM" may be an acronym), with the comma or dots after them.
_FILLER = re.compile(r"(?:,\s*)?\b(?:[Uu]h+|[Uu]m+|[Ee]rm|[Uu]hm|[Hh]mm+|[Mm]m+-?hmm)\b(?:\s*[,…]+|\.{3})?\s*")


@dataclass(frozen=True)
class Line:
    """One sentence of the meeting: who said it, which turn it belongs to, and the notes section it sits in."""

    index: int
    turn: int
    speaker: str
    text: str  # as read, without spoken fillers ("Uh, sure." → "Sure.")
    section: str = ""
    raw: str = ""  # as said, when the fillers were taken out: what a citation quotes

    @property
    def quote(self) -> str:
        """The sentence exactly as said, for citations."""
        return self.raw or self.text


@dataclass
class People:
    """Everyone the meeting names as a participant; resolves 'Priya' or 'Dr. Greene' to a full name."""

    names: list[str] = field(default_factory=list)

    def add(self, name: str) -> None:
        name = " ".join(name.split())
        if name and name not in self.names:
            self.names.append(name)

    def canonical(self, mention: str) -> str:
        """The one participant whose name contains every word of `mention`, else `mention` itself."""
        wanted = name_words(mention)
        if not wanted:
            return mention.strip()
        matches = [n for n in self.names if wanted <= name_words(n)]
        return matches[0] if len(matches) == 1 else mention.strip()

    def known(self, mention: str) -> bool:
        wanted = name_words(mention)
        return bool(wanted) and any(wanted <= name_words(n) for n in self.names)


def name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'\-]*", name.lower()) if w not in _TITLES}


@dataclass
class Meeting:
    """What was said, by whom, on which date; `source` is the file name every citation points at."""

    source: str
    title: str
    date: dt.date | None
    lines: list[Line]
    people: People
    kind: Literal["transcript", "notes"]

    @property
    def speakers(self) -> list[str]:
        return list(dict.fromkeys(line.speaker for line in self.lines if line.speaker))


def load_meeting(text: str, name: str = "stdin", date: str | None = None) -> Meeting:
    """Parse a transcript or notes; UserInputError for empty, binary, unsupported or unparseable input."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UserInputError(f"{name} is empty: there is nothing to summarize.")
    _reject_binary(text, name)
    if len(text) > MAX_INPUT_CHARS:
        raise UserInputError(f"{name} is larger than {MAX_INPUT_CHARS:,} characters; split it first.")
    override = _date_option(date)
    kind, parse_name = _kind(text, name)
    try:
        meeting = _load_notes(text, name) if kind == "notes" else _load_transcript(text, name, parse_name)
    except LoadError as exc:
        raise UserInputError(f"{name} is not a readable {_label(parse_name)}: {exc}.") from None
    if not any(line.text for line in meeting.lines):
        raise UserInputError(f"{name} has no sentences to summarize.")
    meeting.date = override or meeting.date
    return meeting


def _reject_binary(text: str, name: str) -> None:
    sample = text[:20_000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f\v") + sample.count("\ufffd")
    if "\x00" in sample or control > max(3, len(sample) // 200):
        raise UserInputError(f"{name} looks like binary or corrupt data, not a transcript or notes.")


def _date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UserInputError(f"--date must be YYYY-MM-DD, got {value!r}.") from None


def _kind(text: str, name: str) -> tuple[Literal["transcript", "notes"], str]:
    """The input kind and the name to parse it under (stdin gets a suffix sniffed from its content)."""
    suffix = PurePath(name).suffix.lower()
    if suffix in NOTES_SUFFIXES:
        return "notes", name
    if suffix in TRANSCRIPT_SUFFIXES:
        return "transcript", name
    if suffix and name != "stdin":
        raise UserInputError(f"{name}: unsupported file type {suffix!r}; use .txt, .vtt, .srt or .md.")
    stripped = text.lstrip()
    if stripped.startswith("WEBVTT"):
        return "transcript", f"{name}.vtt"
    if _SRT_START.match(stripped):
        return "transcript", f"{name}.srt"
    if stripped.startswith("---") or _looks_like_notes(stripped):
        return "notes", f"{name}.md"
    return "transcript", f"{name}.txt"


def _looks_like_notes(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    marked = sum(1 for line in lines if _HEADING.match(line) or _BULLET.match(line))
    return bool(lines) and marked / len(lines) >= 0.5


def _label(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    return {".vtt": "WebVTT transcript", ".srt": "SubRip transcript", ".md": "Markdown note"}.get(suffix, "transcript")


def _load_transcript(text: str, name: str, parse_name: str) -> Meeting:
    transcript = parse_transcript(text, parse_name)
    header = _header_lines(text)
    date = _iso(transcript.date) or parse_meeting_date(header)
    title = transcript.title
    people = People()
    note = re.search(r"^NOTE\s+(.+)$", text, re.MULTILINE)
    if note and PurePath(parse_name).suffix.lower() == ".vtt":
        title = re.sub(r"\b20\d{2}-\d{2}-\d{2}\b", "", note.group(1)).strip(" -—:") or title
    turns = list(transcript.turns)
    while turns and turns[0].speaker.lower() in _METADATA_LABELS:  # "Date: ...", "Attendees: ..." headers
        first = turns.pop(0)
        label, value = first.speaker, first.text
        header += f" {value}"
        if label.lower() in ("attendees", "participants"):
            for person in re.split(r",|;|\band\b", value):
                people.add(person.strip())
        if label.lower() in ("title", "subject", "meeting"):
            title = value
    if not turns:
        raise LoadError("only header lines, no conversation")
    date = date or parse_meeting_date(header)
    lines: list[Line] = []
    for turn_index, turn in enumerate(turns):
        people.add(turn.speaker)
        for sentence in sentences(turn.text):
            lines.append(_line(len(lines), turn_index, turn.speaker, sentence))
    return Meeting(name, title, date, lines, people, "transcript")


def _line(index: int, turn: int, speaker: str, sentence: str, section: str = "") -> Line:
    """A sentence read without its spoken fillers; the words as said stay for the citation."""
    cleaned = without_fillers(sentence)
    return Line(index, turn, speaker, cleaned, section, sentence if cleaned != sentence else "")


def without_fillers(sentence: str) -> str:
    """'Uh, sure. Yeah, I can, um, do that.' → 'Sure. Yeah, I can do that.': 'uh' and 'um' carry no words the
    extractors read, and they break phrases ('whether this is, uh, the right platform')."""
    cleaned = _FILLER.sub(" ", sentence)
    cleaned = re.sub(r"\s+([,.?!])", r"\1", " ".join(cleaned.split())).strip(" ,")
    if not re.search(r"[A-Za-z]", cleaned):
        return sentence
    return cleaned[:1].upper() + cleaned[1:] if sentence[:1].isupper() else cleaned


def _header_lines(text: str) -> str:
    """Header lines near the top ('# title', 'WEBVTT', 'NOTE ...'), where people write a meeting date."""
    head = [line for line in text.splitlines()[:8] if _HEADER_LINE.match(line)]
    return " ".join(head)


def _load_notes(text: str, name: str) -> Meeting:
    meta, body = split_front_matter(text)
    people = People()
    for attendee in meta.get("attendees") or []:
        people.add(str(attendee))
    lines: list[Line] = []
    section, title = "", str(meta.get("title") or "")
    units = [_BOLD_LABEL.sub(r"\1\2: ", unit) for unit in _note_units(body)]
    labels = Counter(m.group(1) for m in map(_NOTE_SPEAKER.match, units) if m)
    for unit_index, unit in enumerate(units):
        heading = _HEADING.match(unit)
        if heading:
            named = heading.group(1).strip()
            # "# Acme follow-up call" above everything is the document's title, not a section of it
            is_title = not lines and not section and unit.lstrip().startswith("# ") and not _SECTION_NAME.match(named)
            section = "" if is_title else named
            title = title or named
            continue
        speaker, content = _note_speaker(unit, people, labels)
        for sentence in sentences(content):
            lines.append(_line(len(lines), unit_index, speaker, sentence, section))
    date = _iso(meta.get("date")) or parse_meeting_date(PurePath(name).name) or parse_meeting_date(title)
    title = title or PurePath(name).stem.replace("-", " ")
    return Meeting(name, title, date, lines, people, "notes")


def _note_units(body: str) -> list[str]:
    """Headings, bullets and paragraphs, with wrapped lines re-joined."""
    units: list[str] = []
    joinable = False
    for line in body.splitlines():
        if not line.strip():
            joinable = False
            continue
        line = _CHECKBOX.sub(r"\1", line)
        starts_unit = bool(_HEADING.match(line) or _BULLET.match(line) or _NOTE_SPEAKER.match(line))
        if joinable and not starts_unit:
            units[-1] = f"{units[-1]} {line.strip()}"
        else:
            units.append(line.strip())
        joinable = not _HEADING.match(line)
    return units


def _note_speaker(unit: str, people: People, labels: Counter[str]) -> tuple[str, str]:
    """'Priya: we need X' in notes is Priya speaking when Priya attended (or, in notes that list nobody, when the
    label reads as a person's name); other labels stay text."""
    match = _NOTE_SPEAKER.match(unit)
    if match and people.known(match.group(1)):
        return people.canonical(match.group(1)), match.group(2)
    if match and not people.names and _person_label(match.group(1), labels[match.group(1)]):
        return match.group(1).strip(), match.group(2)
    return "", unit


def _person_label(label: str, uses: int) -> bool:
    """'Sam Lee', 'Dr. Greene': two or three capitalised words that are no notes label ('Next Steps'); one word
    ('Priya') only when it labels several paragraphs, as 'Target:' or 'Status:' rarely does."""
    words = label.replace(".", " ").split()
    return (
        (1 < len(words) <= 3 or (len(words) == 1 and uses >= 2))
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and not any(w.lower() in _NOTE_LABELS for w in words)
    )


def _iso(value: object) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def meetings_from_chunks(chunks: list[Chunk]) -> Iterator[tuple[Chunk, Meeting]]:
    """Ingested notes and transcripts put back together as meetings (note headings restored, so action
    items are read from their section), newest first, each with its first chunk for dates and citations.
    Sources that no longer parse are skipped."""
    by_source: dict[str, list[Chunk]] = defaultdict(list)
    for chunk in chunks:
        if chunk.kind in ("note", "transcript"):
            by_source[chunk.source].append(chunk)
    for source, parts in sorted(by_source.items(), key=lambda item: item[1][0].date or "", reverse=True):
        text = "\n\n".join(
            f"## {c.section.split(' > ')[-1]}\n{c.text}" if c.kind == "note" and c.section else c.text for c in parts
        )
        try:
            yield parts[0], load_meeting(text, source, date=parts[0].date)
        except UserInputError:
            continue
