"""Loaders for every file kind of the knowledge format, and the walk that finds them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from bot.core.knowledge.chunking import Piece, split_markdown, split_turns
from bot.core.knowledge.documents import Chunk, DocKind, LoadedFile, LoadError, chunk_id
from bot.core.knowledge.frontmatter import parse_iso_date, split_front_matter
from bot.core.knowledge.metrics_csv import parse_metrics_csv
from bot.core.knowledge.metrics_text import describe_metrics
from bot.core.knowledge.transcripts import parse_transcript

TRANSCRIPT_SUFFIXES = {".txt", ".vtt", ".srt"}
MAX_FILE_BYTES = 20 * 1024 * 1024
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def discover(root: Path) -> Iterator[str]:
    """Yield every file under root as a POSIX path relative to root, skipping hidden files."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield relative.as_posix()


def classify(source: str) -> tuple[DocKind, str | None]:
    """Map a relative path to (kind, account slug); raise LoadError for paths outside the format."""
    parts = PurePosixPath(source).parts
    suffix = PurePosixPath(source).suffix.lower()
    if len(parts) == 2 and parts[0] == "playbooks" and suffix == ".md":
        return "playbook", None
    if len(parts) >= 3 and parts[0] == "accounts":
        slug, rest = parts[1], parts[2:]
        if rest == ("profile.md",):
            return "profile", slug
        if rest == ("metrics.csv",):
            return "metrics", slug
        if len(rest) == 2 and rest[0] == "notes" and suffix == ".md":
            return "note", slug
        if len(rest) == 2 and rest[0] == "transcripts" and suffix in TRANSCRIPT_SUFFIXES:
            return "transcript", slug
    raise LoadError("not part of the knowledge format (see DESIGN.md, 'Knowledge format')")


def read_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM); raise LoadError for anything else or for empty content."""
    if len(data) > MAX_FILE_BYTES:
        raise LoadError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise LoadError("empty file")
    return text.replace("\r\n", "\n")


def load_file(source: str, data: bytes) -> LoadedFile:
    """Load one file of the knowledge format into chunks (and structured data where it has any)."""
    kind, account = classify(source)
    text = read_text(data)
    loader = {
        "profile": _load_profile,
        "note": _load_note,
        "playbook": _load_playbook,
        "transcript": _load_transcript,
        "metrics": _load_metrics,
    }[kind]
    loaded = LoadedFile(source=source, kind=kind, account=account)
    loader(loaded, text)
    if not loaded.chunks:
        raise LoadError("no text to index after parsing")
    return loaded


def _add_chunks(
    loaded: LoadedFile, pieces: list[Piece], title: str, date: str | None, doc_type: str | None = None
) -> None:
    for ordinal, piece in enumerate(pieces):
        loaded.chunks.append(
            Chunk(
                id=chunk_id(loaded.source, ordinal, piece.text),
                text=piece.text,
                source=loaded.source,
                kind=loaded.kind,
                account=loaded.account,
                date=date,
                section=piece.section,
                title=title,
                doc_type=doc_type,
            )
        )


def _load_profile(loaded: LoadedFile, text: str) -> None:
    meta, body = split_front_matter(text)
    if not meta.get("name"):
        raise LoadError("profile front matter has no 'name'")
    loaded.profile = meta
    pieces = [Piece("profile facts", profile_facts(meta)), *split_markdown(body)]
    _add_chunks(loaded, pieces, f"{meta['name']} profile", None)


def profile_facts(meta: dict) -> str:
    """The front matter as plain sentences, so stakeholders, goals and dates are searchable."""
    lines = [f"{meta['name']} account profile."]
    simple = [
        ("aliases", "Also known as"), ("industry", "Industry"), ("segment", "Segment"), ("arr", "ARR"),
        ("contract_start", "Contract start"), ("renewal_date", "Renewal date"), ("stage", "Journey stage"),
        ("csm", "CSM"), ("licensed_seats", "Licensed seats"), ("end_users", "End users"),
        ("customers_customers", "Their customers"),
    ]  # fmt: skip
    for key, caption in simple:
        value = meta.get(key)
        if value not in (None, "", []):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            lines.append(f"{caption}: {shown}.")
    for person in meta.get("stakeholders") or []:
        if isinstance(person, dict) and person.get("name"):
            # The type first ("Stakeholder (champion): …"): "who is the champion?" is asked of this line.
            kind = f" ({str(person['type']).replace('_', ' ')})" if person.get("type") else ""
            role = f", {person['role']}" if person.get("role") else ""
            lines.append(f"Stakeholder{kind}: {person['name']}{role}.")
    for goal in meta.get("goals") or []:
        lines.append(f"Business goal: {goal}.")
    for use_case in meta.get("use_cases") or []:
        lines.append(f"Use case: {use_case}.")
    return "\n".join(line.replace("..", ".") for line in lines)


def _load_note(loaded: LoadedFile, text: str) -> None:
    meta, body = split_front_matter(text)
    name = PurePosixPath(loaded.source).stem
    date = parse_iso_date(meta.get("date"))
    if meta.get("date") is not None and date is None:
        loaded.warnings.append(f"bad date {meta.get('date')!r} in front matter")
    date = date or _date_from_name(name)
    if date is None:
        loaded.warnings.append("no date in front matter or file name")
    title = str(meta.get("title") or f"{meta.get('type', 'note')} {name}")
    pieces = split_markdown(body)
    attendees = meta.get("attendees")
    if isinstance(attendees, list) and attendees and pieces:
        first = pieces[0]
        pieces[0] = Piece(first.section, f"Attendees: {', '.join(map(str, attendees))}.\n{first.text}")
    doc_type = str(meta["type"]).lower() if meta.get("type") else None
    _add_chunks(loaded, pieces, title, date, doc_type)


def _load_playbook(loaded: LoadedFile, text: str) -> None:
    meta, body = split_front_matter(text)
    title = str(meta.get("title") or PurePosixPath(loaded.source).stem.replace("-", " "))
    stage = str(meta["stage"]).lower() if meta.get("stage") else None
    _add_chunks(loaded, split_markdown(body), title, None, stage)


def _load_transcript(loaded: LoadedFile, text: str) -> None:
    transcript = parse_transcript(text, PurePosixPath(loaded.source).name)
    if transcript.date is None:
        loaded.warnings.append("no date in the first line or the file name")
    _add_chunks(loaded, split_turns(transcript.turns), transcript.title, transcript.date)


def _load_metrics(loaded: LoadedFile, text: str) -> None:
    rows, warnings = parse_metrics_csv(text)
    loaded.metric_rows = rows
    loaded.warnings.extend(warnings)
    _add_chunks(loaded, describe_metrics(rows), "metrics", rows[-1].date)


def _date_from_name(name: str) -> str | None:
    match = _DATE_PREFIX.match(name)
    return parse_iso_date(match.group(1)) if match else None
