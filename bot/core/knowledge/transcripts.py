"""Call transcripts: `.txt` ("Speaker Name: text"), WebVTT and SubRip, parsed into speaker turns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from bot.core.knowledge.documents import LoadError
from bot.core.knowledge.frontmatter import parse_iso_date

# A speaker label: 1-5 capitalised words (or "Speaker 2"), then a colon; keeps "Note: x" lines honest
# by requiring the label to be short and to start the line.
_SPEAKER = re.compile(r"^\s*([A-Z][\w.'\-]*(?:\s+[\w.'\-]+){0,4}?)\s*:\s+(.+)$")
_VOICE = re.compile(r"^<v(?:\.[\w.]+)?\s+([^>]+)>(.*?)(?:</v>)?$")
_TIMING = re.compile(r"^\s*(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->\s*(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}")
_TAG = re.compile(r"</?[^>]+>")
# "[00:01:23] Sam Lee: …", "Sam Lee (Acme): …", "Sam Lee [00:01]: …": a speaker label with a time or a company.
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_SPEAKER_EXTRAS = re.compile(
    rf"^[ \t]*(?:[\[(]{_TIME}[\])][ \t]*(?:[-–][ \t]*)?|{_TIME}[ \t]+(?:[-–][ \t]*)?)?"
    rf"(?P<name>[A-Z][\w.'\-]*(?:[ \t]+[A-Z][\w.'\-]*){{0,3}})[ \t]*"
    rf"(?:\([^()\n]{{1,40}}\)|[\[(]{_TIME}[\])])?[ \t]*:[ \t]+",
    re.M,
)
_DATE_IN_TEXT = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str


@dataclass(frozen=True)
class Transcript:
    turns: list[Turn]
    date: str | None
    title: str


def parse_transcript(text: str, name: str = "transcript.txt") -> Transcript:
    """Parse any supported transcript format, chosen by file extension (then by content)."""
    suffix = PurePath(name).suffix.lower()
    stripped = text.lstrip("\ufeff")
    if suffix == ".vtt" or stripped.startswith("WEBVTT"):
        turns, header = _parse_cues(stripped, skip_first="WEBVTT"), ""
    elif suffix == ".srt":
        turns, header = _parse_cues(stripped, skip_first=None), ""
    else:
        if suffix == ".txt":
            stripped = _SPEAKER_EXTRAS.sub(r"\g<name>: ", stripped)
        turns, header = _parse_plain(stripped)
    turns = _merge_same_speaker(turns)
    if not turns:
        raise LoadError("no transcript turns found")
    date = _find_date(header) or _find_date(PurePath(name).name)
    title = _title(header, name)
    return Transcript(turns=turns, date=date, title=title)


def _parse_plain(text: str) -> tuple[list[Turn], str]:
    header = ""
    turns: list[Turn] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("#") and not turns:
            header = f"{header} {line.lstrip('#').strip()}".strip()
            continue
        match = _SPEAKER.match(line)
        if match:
            turns.append(Turn(match.group(1).strip(), match.group(2).strip()))
        elif turns:  # a continuation line belongs to the previous speaker
            last = turns[-1]
            turns[-1] = Turn(last.speaker, f"{last.text} {line.strip()}")
        else:
            turns.append(Turn("", line.strip()))
    return turns, header


def _parse_cues(text: str, skip_first: str | None) -> list[Turn]:
    turns: list[Turn] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line for line in block.strip().splitlines() if line.strip()]
        if not lines or (skip_first and lines[0].startswith(skip_first)) or lines[0].startswith("NOTE"):
            continue
        while lines and not _TIMING.match(lines[0]):
            lines.pop(0)  # cue identifiers / sequence numbers
        if not lines:
            continue
        cue = " ".join(lines[1:]).strip()
        if cue:
            turns.append(_cue_turn(cue))
    return turns


def _cue_turn(cue: str) -> Turn:
    voice = _VOICE.match(cue)
    if voice:
        return Turn(voice.group(1).strip(), _TAG.sub("", voice.group(2)).strip())
    cue = _TAG.sub("", cue).strip()
    match = _SPEAKER.match(cue)
    if match:
        return Turn(match.group(1).strip(), match.group(2).strip())
    return Turn("", cue)


def _merge_same_speaker(turns: list[Turn]) -> list[Turn]:
    merged: list[Turn] = []
    for turn in turns:
        if not turn.text:
            continue
        if merged and turn.speaker and merged[-1].speaker == turn.speaker:
            merged[-1] = Turn(turn.speaker, f"{merged[-1].text} {turn.text}")
        else:
            merged.append(turn)
    return merged


def _find_date(text: str) -> str | None:
    for candidate in _DATE_IN_TEXT.findall(text):
        if parse_iso_date(candidate):
            return candidate
    return None


def _title(header: str, name: str) -> str:
    cleaned = _DATE_IN_TEXT.sub("", header).strip(" -—:")
    if cleaned:
        return cleaned
    stem = _DATE_IN_TEXT.sub("", PurePath(name).stem).strip("-_ ")
    return stem.replace("-", " ").replace("_", " ") or "call transcript"
