"""Which sentences `ask` answers with, over a small knowledge base written for these tests."""

from pathlib import Path

import pytest

from bot.core.copilot import Copilot
from bot.core.knowledge.documents import Chunk
from bot.core.knowledge.embeddings import HashEmbedder
from bot.core.knowledge.retrieve import Hit
from bot.core.llm.drafts import ask as llm_ask
from bot.core.skills import ask as ask_module
from bot.core.skills.ask import compose
from bot.core.skills.ask_lines import fact_keys, is_fact_sheet
from tests.conftest import make_settings

PROFILE = """---
name: Zenith Labs
aliases: [Zenith]
renewal_date: 2027-05-01
csm: Noor Haddad
stakeholders:
  - {name: Ana Petrova, role: Lab Director, type: champion}
  - {name: Raj Mehta, role: COO, type: sponsor}
---
# Zenith Labs

## Background
Zenith Labs runs three testing labs. The champion wants faster sample logging for the technicians.
"""

SHADOWING = """---
date: 2026-04-02
type: note
attendees: [Lee Park, Kim Osei]
title: Shadowing the lab technicians
---
# Shadowing the lab technicians

## Summary
Lee Park and Kim Osei shadowed two lab shifts at the North lab to see the work in context.

## What we observed
- Sample logging took nine minutes per batch on the platform.
- Technicians typed every barcode by hand because the scanners were not paired.
- The busiest hour was between six and seven in the morning.

## Next steps
- Lee will share the findings with the product team.
"""

VISIT = """---
date: 2026-03-05
type: meeting
title: Site visit at the North lab
---
# Site visit at the North lab

## Summary
The lab asked for faster sample logging at the North lab.

## Decisions
- We agreed to schedule a shadowing session before proposing any change.
"""

QBR = """---
date: 2026-06-10
type: qbr
title: Q2 2026 Quarterly Business Review
---
# Q2 2026 Quarterly Business Review

## Summary
Quarterly review with Ana Petrova and Raj Mehta about sample logging at the North lab.

## Decisions
- We agreed to pilot barcode scanning at the North lab from 2026-07-01.
- Success means sample logging under five minutes per batch.
"""

JUNE = """---
date: 2026-06-20
type: call
title: Call about the South lab
---
# Call about the South lab

## Discussion
- The lab asked for a weekly export of the sample log for the South lab auditors.
"""

SYNC = """# 2026-05-20 Zenith weekly sync
Lee Park: Morning everyone. One topic today, the barcode rollout at the North lab.
Kim Osei: The scanners arrived on Monday and they are paired with the platform now.
Lee Park: Who will own the barcode rollout once the pilot starts?
Ana Petrova: The lab manager will own it, with IT support for pairing the scanners.
Raj Mehta: Good, and I want a weekly note on progress.
"""

PLAYBOOK = """---
title: Lab health checks
stage: retention
---
# Lab health checks

Lab health rarely drops overnight; it sends warning signs weeks ahead, and a weekly check turns those warning
signs into early calls while there is still time.

## Strong warning signs
1. **Sample backlog above two days.**
2. **Scanner pairing failures on more than one bench.**
3. **Technicians logging samples on paper again.**

## Plays
- **Backlog growing:** count the samples waiting per bench every morning, find the bench that lags the others,
  and move one technician there for a week before asking for more staff.
- **Scanners failing:** check the pairing log, re-pair the scanners with IT on site, and keep one spare scanner
  per bench so that nobody falls back to typing barcodes by hand.
- **Paper logging:** ask the technicians what the paper form does better, fix that one thing in the platform
  within two weeks, and report back to the lab director with numbers.
- **Audit findings:** walk the auditor through the sample log export, agree on the fields they need, and send
  the export weekly until the findings are closed.
- **Staff turnover:** pair every new technician with an experienced one for their first two weeks, and run a
  short refresher on sample logging at the start of each month.
- **Slow exports:** schedule the weekly export outside the busy morning hour, and send the auditors a short note
  on what changed since the week before.
- **Label misprints:** keep a roll of spare labels at every bench, and log each misprint with its printer so
  that IT can replace the worst printer first.

## Risks and mitigations
- **Too many warning signs.** Mitigation: keep the list short and review it every quarter.
"""

CALL = """# 2026-05-27 Zenith rollout call
Lee Park: Let's start with the scanners. They all work now.
Kim Osei: The South lab wants to join the pilot as well.
Ana Petrova: Fine by me, if IT can pair their scanners first.
Raj Mehta: I need to drop off soon, so let me keep it short.
Lee Park: To recap. Scanners work at the North lab, the South lab joins once IT pairs the scanners, and Kim \
sends the weekly progress note every Friday.
"""


@pytest.fixture
def zenith(tmp_path: Path):
    root = tmp_path / "knowledge" / "accounts" / "zenith-labs"
    files = {
        "profile.md": PROFILE,
        "notes/2026-04-02-note.md": SHADOWING,
        "notes/2026-03-05-meeting.md": VISIT,
        "notes/2026-06-10-qbr.md": QBR,
        "notes/2026-06-20-call.md": JUNE,
        "transcripts/2026-05-20-weekly-sync.txt": SYNC,
        "transcripts/2026-05-27-rollout-call.txt": CALL,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    playbook = tmp_path / "knowledge" / "playbooks" / "lab-health.md"
    playbook.parent.mkdir(parents=True)
    playbook.write_text(PLAYBOOK)
    instance = Copilot(make_settings(tmp_path / "home", tmp_path / "knowledge"), embedder=HashEmbedder())
    instance.ingest()
    yield instance
    instance.close()


def test_the_section_beside_the_retrieved_summary_is_read_and_cited(zenith, monkeypatch):
    # Retrieval finds only the summary, which repeats the question's words; the observations answer it.
    monkeypatch.setattr(ask_module, "CHUNKS", 1)
    result, evidence, hits = compose(zenith, "What did Lee and Kim see when they shadowed the lab technicians?")
    assert "nine minutes per batch" in result.answer
    observed = [c for c in result.citations if c.section and c.section.endswith("What we observed")]
    assert observed
    # The section read beside the retrieved one is evidence the guard can check the citation against.
    assert {c.chunk_id for c in observed} <= {h.chunk.id for h in evidence} & set(result.retrieved)
    checked = llm_ask.run(zenith, result, evidence, hits)
    assert checked.guard == [] and checked.answer == result.answer


def test_the_attendees_line_is_never_an_answer(zenith):
    result, _, _ = compose(zenith, "What did Lee Park and Kim Osei do at the North lab?")
    assert result.found
    assert "Attendees" not in result.answer


def test_a_who_question_is_answered_from_the_profiles_roles_first(zenith):
    result, _, _ = compose(zenith, "Who is the champion at Zenith Labs?")
    assert result.answer.startswith("Stakeholder (champion): Ana Petrova")
    assert result.citations[0].source == "accounts/zenith-labs/profile.md"


def test_a_question_of_two_parts_answers_both(zenith):
    result, _, _ = compose(zenith, "When is the Zenith renewal, and who is the sponsor?")
    assert "2027-05-01" in result.answer and "Raj Mehta" in result.answer


def test_a_who_part_of_a_question_of_two_reads_the_profiles_roles(zenith):
    # Retrieval ranks the stakeholder record low for the whole question; the "who" part still reads it.
    for question, other in [
        ("Who is the champion at Zenith and what did the technicians type by hand?", "typed every barcode"),
        ("What did the technicians type by hand at Zenith, and who is the sponsor?", "typed every barcode"),
    ]:
        result, _, _ = compose(zenith, question)
        assert other in result.answer
        role = "champion" if "champion" in question else "sponsor"
        name = "Ana Petrova" if role == "champion" else "Raj Mehta"
        assert f"Stakeholder ({role}): {name}" in result.answer
        cited = next(c for c in result.citations if name in c.quote)
        assert cited.source == "accounts/zenith-labs/profile.md" and cited.chunk_id in result.retrieved


def test_the_profile_is_not_read_for_a_question_that_asks_for_no_fact(zenith):
    result, _, _ = compose(zenith, "What did the technicians type by hand at Zenith?")
    assert "Stakeholder" not in result.answer


def test_a_question_naming_the_qbr_is_answered_from_the_qbr(zenith):
    result, _, _ = compose(zenith, "What did we agree with Zenith at the Q2 QBR?")
    assert result.citations[0].source == "accounts/zenith-labs/notes/2026-06-10-qbr.md"
    assert "pilot barcode scanning" in result.answer


def test_a_question_naming_a_month_is_answered_from_that_months_note(zenith):
    result, _, _ = compose(zenith, "What did the Zenith lab ask for in June?")
    assert result.citations[0].date and result.citations[0].date.startswith("2026-06")
    assert "weekly export" in result.answer


def test_in_a_transcript_the_turn_after_the_matching_question_answers_it(zenith):
    result, _, _ = compose(zenith, "On the Zenith weekly sync, who will own the barcode rollout?")
    assert "Ana Petrova: The lab manager will own it" in result.answer


def test_a_question_about_the_account_on_a_topic_it_never_mentions_finds_nothing(zenith):
    result, _, _ = compose(zenith, "What is the parking policy at Zenith Labs?")
    assert not result.found and result.citations == []


def test_a_section_the_question_names_answers_rather_than_the_opening_that_restates_it(zenith):
    result, _, _ = compose(zenith, "What are the strong warning signs of lab health I should check?")
    assert result.answer.startswith("Sample backlog above two days. [1]")
    assert "Technicians logging samples on paper again." in result.answer


def test_the_recap_of_a_call_is_part_of_its_answer(zenith):
    result, _, _ = compose(zenith, "What happens with the South lab on the Zenith rollout call?")
    assert "the South lab joins once IT pairs the scanners" in result.answer


def test_closeness_alone_is_not_evidence_when_the_question_names_the_account():
    # Naming the account makes the question close in meaning to every chunk of it; a word must be shared too.
    chunk = Chunk(id="c1", text="Nurses document intake on the platform.", source="p.md", kind="note")
    close = Hit(chunk, 0.03, similarity=0.6)
    weights = {"park": 3.0, "policy": 3.0}
    assert ask_module._is_evidence(close, weights, named=False)
    assert not ask_module._is_evidence(close, weights, named=True)
    assert ask_module._is_evidence(close, {"platform": 2.0, "policy": 1.0}, named=True)


def test_a_list_longer_than_a_chunk_is_read_item_by_item(zenith):
    result, _, _ = compose(zenith, "What is the play when the lab scanners are failing?")
    assert any(c.quote.startswith("Scanners failing: check the pairing log") for c in result.citations)
    assert all(" - " not in c.quote for c in result.citations)


def test_a_fact_sheets_keys_are_its_captions_not_its_values(zenith):
    sheet = next(c for c in zenith.retriever.document("accounts/zenith-labs/profile.md") if is_fact_sheet(c))
    keys = fact_keys(sheet)
    assert {"champion", "sponsor", "stakeholder", "renewal"} <= keys
    assert not {"ana", "petrova", "raj"} & keys  # a name the question knows does not pull the record in
