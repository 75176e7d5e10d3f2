"""`ask` answers only when the evidence holds what the question asks for, over a small knowledge base written for
these tests: a detail the files do not hold, a title with a different word, a name or a meeting the knowledge base
never mentions are "not found"; a question of two parts gets the part that is there."""

import pytest

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from bot.core.skills import ask as ask_module
from bot.core.skills.ask import compose
from bot.core.skills.ask_cover import Phrase, _same, topics
from tests.conftest import make_settings

PROFILE = """---
name: Kestrel Foods
aliases: [Kestrel]
renewal_date: 2027-04-01
stakeholders:
  - {name: Mara Quinn, role: Chief Financial Officer, type: decision_maker}
  - {name: Owen Pike, role: VP of Operations, type: sponsor}
  - {name: Lena Ortiz, role: Plant Manager, type: champion}
---
# Kestrel Foods

## Background
Kestrel Foods runs four bakeries. Orders come in by phone and online, and the plants plan production every morning.
"""

QBR = """---
date: 2026-03-10
type: qbr
title: Q1 2026 Quarterly Business Review
---
# Q1 2026 Quarterly Business Review

## Summary
Review with Mara Quinn (CFO) and Owen Pike about the scheduling pilot at the North plant.

## Decisions
- We agreed to pilot the scheduling board at the North plant from 2026-04-01.
"""

CALL = """---
date: 2026-05-02
type: call
title: Call about the North plant
---
# Call about the North plant

## Discussion
- Lena Ortiz said the night shift still plans on paper because the scheduling board is slow to load.
- The North plant was hot and humid in May, and the ovens ran late twice.
"""

PLAYBOOK = """---
title: Working with sponsors
stage: adoption
---
# Working with sponsors

## Cadence
Meet the executive sponsor every quarter and bring one number that moved.
"""


@pytest.fixture(scope="module")
def kestrel(tmp_path_factory):
    root = tmp_path_factory.mktemp("kestrel")
    account = root / "knowledge" / "accounts" / "kestrel-foods"
    files = {
        account / "profile.md": PROFILE,
        account / "notes" / "2026-03-10-qbr.md": QBR,
        account / "notes" / "2026-05-02-call.md": CALL,
        root / "knowledge" / "playbooks" / "sponsors.md": PLAYBOOK,
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    instance = Copilot(make_settings(root / "home", root / "knowledge"), embedder=HashEmbedder())
    instance.ingest()
    yield instance
    instance.close()


@pytest.fixture(autouse=True)
def every_hit_is_evidence(monkeypatch):
    """Every retrieved chunk counts as evidence (the hashing embedder's similarities are low): what is answered is
    then decided by what the evidence holds alone."""
    monkeypatch.setattr(ask_module, "LEXICAL_ONLY_OVERLAP", 0.0)


def _answer(copilot: Copilot, question: str) -> str | None:
    result, _, _ = compose(copilot, question)
    return result.answer if result.found else None


@pytest.mark.parametrize(
    "question",
    [
        "What is Mara Quinn's phone number?",  # she is named, and "phone" is in the profile, but not her number
        "Who is the Chief Marketing Officer at Kestrel?",  # a Chief Financial Officer is not one
        "Who is the champion at Globex Industries?",  # an account the knowledge base never mentions
        "What did we agree with Kestrel at the security review?",  # a meeting that never happened
        "What did Lena Ortiz say about the merger?",  # a subject no document of hers holds
    ],
)
def test_what_the_files_do_not_hold_is_not_found(kestrel, question):
    assert _answer(kestrel, question) is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is Mara Quinn?", "Mara Quinn"),
        ("Who is the Chief Financial Officer at Kestrel?", "Mara Quinn"),
        ("Who is Kestrel's CFO?", "Mara Quinn"),  # the profile spells the title out
        ("Who is the executive sponsor at Kestrel?", "Owen Pike"),  # the notes say "sponsor"
        ("Who is the champion at Kestrel?", "Lena Ortiz"),
        ("What did we agree with Kestrel at the Q1 QBR?", "scheduling board"),
    ],
)
def test_what_the_files_hold_is_still_answered(kestrel, question, expected):
    answer = _answer(kestrel, question)
    assert answer is not None and expected in answer


def test_a_question_of_two_parts_gets_only_the_part_that_is_there(kestrel):
    answer = _answer(kestrel, "Who is Kestrel's CFO and what is their phone number?")
    assert answer is not None and "Mara Quinn" in answer
    assert "by phone" not in answer  # the line with "phone" in it does not answer the second part


def test_a_topic_the_evidence_only_touches_is_not_an_answer(kestrel):
    # The May call is about the North plant and says it was hot; it says nothing about the weather there.
    assert _answer(kestrel, "What's the weather like at the North plant?") is None


@pytest.mark.parametrize(
    ("part", "words", "head"),
    [
        ("What's the CFO's phone number?", ["cfo", "phon", "number"], "number"),
        ("Who is the head of legal?", ["head", "legal"], "head"),
        ("What's the weather like in Phoenix in July?", ["weather"], "weather"),
        ("How many vacation days does Gwen have left?", ["vacation"], "vacation"),
        ("Which phrases should I avoid?", ["phras"], "phras"),
        ("What did they decide about the pilot?", [], ""),  # asks about a decision, not for a thing by name
        ("What's the latest on the beta?", [], ""),  # "latest" frames the question
    ],
)
def test_the_asked_for_phrase_is_read_from_the_question(part, words, head):
    phrase = Phrase.asked_in(part)
    assert (phrase.words, phrase.head) == (words, head)


def test_topics_are_the_objects_of_the_prepositions():
    assert topics("What is the weather like in Phoenix in July?") == ["Phoenix", "July"]
    assert topics("What did Gwen say about the merger with Summit Bank?") == ["the merger", "Summit Bank"]


@pytest.mark.parametrize(
    ("term", "word", "same"),
    [("exec", "executive", True), ("complaint", "complain", True), ("seattl", "seat", False), ("car", "care", False)],
)
def test_a_word_cut_short_is_the_same_word_and_a_shorter_word_is_not(term, word, same):
    assert _same(term, word) is same
