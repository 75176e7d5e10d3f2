"""Prompts are files in `prompts/`, read when used and filled strictly.

A prompt file has a `[system]` part and a `[user]` part. `{{ name }}` is a variable; `{{> _shared }}` includes
the partial `prompts/_shared.md`. Filling is strict: a variable the file uses but the caller did not give, or
one the caller gave that the file never uses, is a PromptError. Values are inserted once, never re-expanded, so
text from documents cannot smuggle in a `{{ variable }}` or a partial.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.core.llm.client import Message

PROMPTS_DIR = Path(__file__).resolve().parents[3] / "prompts"
_PARTIAL = re.compile(r"\{\{>\s*([\w-]+)\s*\}\}")
_VARIABLE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_PART = re.compile(r"^\[(system|user)\]\s*$", re.MULTILINE)


class PromptError(Exception):
    """A prompt file that is missing, malformed, or filled with the wrong variables."""


def load(name: str, folder: Path = PROMPTS_DIR) -> str:
    """The prompt's text with its partials included."""
    return _include(_read(folder, name), folder, depth=0)


def variables(name: str, folder: Path = PROMPTS_DIR) -> set[str]:
    """The variables a prompt uses."""
    return set(_VARIABLE.findall(load(name, folder)))


def render(name: str, values: dict[str, str], folder: Path = PROMPTS_DIR) -> list[Message]:
    """The prompt as system and user messages, every variable filled from `values`."""
    text = load(name, folder)
    wanted = set(_VARIABLE.findall(text))
    missing, unused = wanted - set(values), set(values) - wanted
    if missing:
        raise PromptError(f"prompt {name!r} needs {', '.join(sorted(missing))}")
    if unused:
        raise PromptError(f"prompt {name!r} does not use {', '.join(sorted(unused))}")
    system, user = _parts(name, text)  # split before filling: a value may contain a line "[user]"
    return [Message("system", _fill(system, values)), Message("user", _fill(user, values))]


def _read(folder: Path, name: str) -> str:
    path = folder / f"{name}.md"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"no prompt file {path}") from None


def _include(text: str, folder: Path, depth: int) -> str:
    if depth > 3:
        raise PromptError("partials nested too deeply")
    return _PARTIAL.sub(lambda m: _include(_read(folder, m.group(1)).strip(), folder, depth + 1), text)


def _parts(name: str, text: str) -> tuple[str, str]:
    pieces = _PART.split(text)
    if len(pieces) != 5 or pieces[1] != "system" or pieces[3] != "user":
        raise PromptError(f"prompt {name!r} must have a [system] part followed by a [user] part")
    return pieces[2].strip(), pieces[4].strip()


def _fill(template: str, values: dict[str, str]) -> str:
    return _VARIABLE.sub(lambda m: str(values[m.group(1)]), template)
