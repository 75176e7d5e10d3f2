"""Errors the CLI and the Slack layer turn into plain messages for the user."""


class CopilotError(Exception):
    """Base class for errors whose message is safe to show a user."""


class UserInputError(CopilotError):
    """Bad input from the user (unknown account, empty question, unreadable file): exit code 2."""


class UnknownAccountError(UserInputError):
    """An account name that matches no profile; carries the closest matches."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown account {name!r}.{hint}")


class StoreBusyError(CopilotError):
    """Another ingest holds the store lock for longer than we are willing to wait."""
