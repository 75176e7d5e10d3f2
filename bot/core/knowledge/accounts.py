"""Accounts by slug, name or alias: exact, case-insensitive, and tolerant of small typos."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.core.errors import UnknownAccountError

FUZZY_MIN_RATIO = 0.85
FUZZY_MIN_LENGTH = 5  # shorter names (acronyms such as "HVH") must match exactly
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Account:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    profile: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def names(self) -> list[str]:
        return [self.slug, self.slug.replace("-", " "), self.name, *self.aliases]

    @property
    def csms(self) -> list[str]:
        """Who manages the account, from the profile's `csm` (one name, or a list)."""
        value = self.profile.get("csm")
        values = value if isinstance(value, list) else [value]
        return [str(v) for v in values if v not in (None, "")]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class AccountDirectory:
    """Resolves what a user typed to one account, or explains why it cannot."""

    def __init__(self, accounts: list[Account]):
        self.accounts = sorted(accounts, key=lambda a: a.slug)

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]], slugs_with_data: list[str]) -> AccountDirectory:
        accounts = {r["slug"]: Account(r["slug"], r["name"], tuple(r["aliases"]), r["profile"]) for r in rows}
        for slug in slugs_with_data:  # data but no (valid) profile: still addressable by slug
            accounts.setdefault(slug, Account(slug, slug.replace("-", " ").title()))
        return cls(list(accounts.values()))

    def resolve(self, text: str) -> Account:
        """The account called `text`; raises UnknownAccountError listing close matches."""
        wanted = " ".join(_words(text))
        if not wanted:
            raise UnknownAccountError(text, [])
        scored = sorted(((self._score(a, wanted), a.slug, a) for a in self.accounts), reverse=True)
        if scored and scored[0][0] >= FUZZY_MIN_RATIO:
            best = scored[0]
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            if best[0] == 1.0 or best[0] - runner_up > 0.05:
                return best[2]
        suggestions = [a.name for score, _, a in scored if score >= 0.6][:3]
        raise UnknownAccountError(text, suggestions)

    def mentioned_in(self, text: str) -> list[Account]:
        """Accounts named anywhere in free text, in order of first mention."""
        words = _words(text)
        found: list[tuple[int, Account]] = []
        for account in self.accounts:
            position = self._first_mention(account, words)
            if position is not None:
                found.append((position, account))
        return [a for _, a in sorted(found, key=lambda pair: pair[0])]

    def managed_by(self, identities: Iterable[str]) -> list[Account]:
        """The accounts whose profile names one of `identities` as CSM ("csm: Maya Castellanos", or a list of
        names for a shared account): what "my accounts" means. A name, an email or a Slack user id matches in
        any case and spacing."""
        wanted = {" ".join(_words(i)) for i in identities if isinstance(i, str)} - {""}
        return [a for a in self.accounts if wanted & {" ".join(_words(csm)) for csm in a.csms}]

    @staticmethod
    def _score(account: Account, wanted: str) -> float:
        best = 0.0
        for name in account.names:
            candidate = " ".join(_words(name))
            if candidate == wanted:
                return 1.0
            if len(candidate) >= FUZZY_MIN_LENGTH and len(wanted) >= FUZZY_MIN_LENGTH:
                best = max(best, difflib.SequenceMatcher(None, candidate, wanted).ratio())
        return best

    @staticmethod
    def _first_mention(account: Account, words: list[str]) -> int | None:
        starts = [start for start, _ in _mentions(account, words)]
        return min(starts) if starts else None

    def mask_mentions(self, text: str, replacement: str = "the account") -> str:
        """`text` with every mention of an account (slug, name or alias, small typos tolerated) replaced, so that
        words inside a name ("Harborview Health", "Acme Plan Co") are not read as words of the request."""
        spans = [m.span() for m in _WORD.finditer(text.lower())]
        words = _words(text)
        found = {(spans[a][0], spans[b - 1][1]) for account in self.accounts for a, b in _mentions(account, words)}
        cuts = sorted(found, key=lambda cut: (cut[0], -cut[1]))  # the longest mention first where two start together
        kept, position = [], 0
        for start, end in cuts:
            if start < position:  # inside a longer mention already replaced
                continue
            kept += [text[position:start], replacement]
            position = end
        return "".join([*kept, text[position:]])


def _mentions(account: Account, words: list[str]) -> list[tuple[int, int]]:
    """Word ranges [start, end) of `words` that name the account, exactly or with a small typo."""
    found = []
    for name in account.names:
        target = _words(name)
        joined = " ".join(target)
        for start in range(len(words) - len(target) + 1) if target else ():
            window = " ".join(words[start : start + len(target)])
            exact = window == joined
            fuzzy = (
                len(joined) >= FUZZY_MIN_LENGTH
                and abs(len(window) - len(joined)) <= 2
                and difflib.SequenceMatcher(None, window, joined).ratio() >= FUZZY_MIN_RATIO
            )
            if exact or fuzzy:
                found.append((start, start + len(target)))
    return found
