import datetime as dt

import pytest

from bot.core.health.signals import relationship_signals
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.loaders import load_file

ACCOUNT = Account(
    "acme", "Acme", (),
    {"stakeholders": [{"name": "Priya Nair", "type": "champion"}, {"name": "Tom Baker", "type": "sponsor"},
                      {"name": "Lena Fischer", "type": "user"}]},
)  # fmt: skip
AS_OF = dt.date(2026, 11, 22)


def kinds(text: str, date: str = "2026-11-01", note_type: str = "call") -> list[str]:
    data = f"---\ndate: {date}\ntype: {note_type}\n---\n## Notes\n{text}\n".encode()
    chunks = load_file("accounts/acme/notes/n.md", data).chunks
    return sorted(s.kind for s in relationship_signals(ACCOUNT, chunks, AS_OF, 180, 90))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priya Nair is leaving the company at the end of the month.", ["champion_departure"]),
        ("Priya told us her last day is 2026-12-31.", ["champion_departure"]),
        ("Our sponsor is stepping down after the merger.", ["sponsor_departure"]),
        ("Tom Baker accepted a new role at another hospital.", ["sponsor_departure"]),
        ("We emailed Tom Baker twice about the review and have had no reply.", ["unanswered_executive"]),
        ("The CFO has not responded to the renewal proposal.", ["unanswered_executive"]),
        ("Priya Nair is not leaving; she was promoted.", []),
        ("Lena Fischer is leaving for a new job.", []),  # not a champion or sponsor
        ("Tom Baker said trust comes back slower than it leaves.", []),  # the subject of 'leaves' is trust
        ("Priya will leave a note for the night shift.", []),
        ("Priya Nair is leaving the company.", []),
    ],
)
def test_relationship_signals_from_note_sentences(text, expected):
    date = "2026-01-01" if text == "Priya Nair is leaving the company." else "2026-11-01"  # last case: too old
    assert kinds(text, date) == expected


def test_signals_cite_the_sentence_and_keep_the_latest_date():
    data = b"---\ndate: 2026-11-01\ntype: call\n---\n## Risks\nPriya Nair is leaving the company in December.\n"
    chunks = load_file("accounts/acme/notes/2026-11-01-call.md", data).chunks
    [signal] = relationship_signals(ACCOUNT, chunks, AS_OF, 180, 90)
    assert signal.date == "2026-11-01"
    assert signal.citations[0].source == "accounts/acme/notes/2026-11-01-call.md"
    assert signal.citations[0].quote == "Priya Nair is leaving the company in December."
