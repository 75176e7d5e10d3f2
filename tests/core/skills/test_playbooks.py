from bot.core.knowledge.loaders import load_file
from bot.core.skills.playbooks import Playbooks

PLAYBOOK = """---
title: Early warning
stage: retention
tags: [risk]
---
# Early warning

## Mitigation plays

- **Champion leaving:** run the champion and sponsor change playbook; meet the sponsor within two weeks;
  name an interim owner and an end-user leader.
- **Falling active users:** segment by site and team, find the lagging cohort, observe it, fix one
  friction point in two weeks, and report back with numbers.
- **Falling NPS:** read every detractor comment; call three detractors; close the loop in writing on what
  will change.

## Risks and mitigations

- **Score looks green while a signal is flashing.** Mitigation: alerts on strong signals bypass the
  score; two signals mean at risk.
- **Goals without baselines.** Mitigation: measure before go-live or use the first full month as the
  baseline, and write it down.
- **The meeting becomes a complaint session.** Mitigation: surface known problems yourself, first.
"""


def _books(text: str = PLAYBOOK) -> Playbooks:
    books = Playbooks.__new__(Playbooks)  # no store needed: plays are read from the chunks
    books.chunks = load_file("playbooks/early-warning.md", text.encode()).chunks
    return books


def test_each_item_of_a_mitigation_list_is_its_own_play():
    labels = [p.label for p in _books().plays()]
    assert labels == ["Champion leaving", "Falling active users", "Falling NPS",
                      "Score looks green while a signal is flashing", "Goals without baselines",
                      "The meeting becomes a complaint session"]  # fmt: skip


def test_a_list_longer_than_a_chunk_is_still_one_play_per_item():
    # The list is chunked between its items, never joined into one line ("…leader. - **Falling active users:** …").
    more = "".join(
        f"- **Signal {i}:** call the sponsor, agree one fix, and report back with numbers.\n" for i in range(15)
    )
    long = PLAYBOOK.replace("  will change.\n", "  will change.\n" + more)
    books = _books(long)
    assert len([c for c in books.chunks if c.section.endswith("Mitigation plays")]) > 1
    plays = books.plays()
    assert [p.label for p in plays][:4] == ["Champion leaving", "Falling active users", "Falling NPS", "Signal 0"]
    assert len(plays) == 3 + 15 + 3
    assert plays[0].text.endswith("an end-user leader.") and all(" - " not in p.text for p in plays)


def test_a_risk_gets_the_play_written_for_it_not_the_first_one():
    books = _books()
    users, _ = books.mitigation("Active users fell from 861 on 2026-08-01 to 771 on 2026-11-01", "falling active users")
    nps, _ = books.mitigation("NPS fell from 14 on 2026-08-01 to 4 on 2026-11-01", "falling NPS detractors")
    assert users.startswith("Falling active users: segment by site and team")
    assert nps.startswith("Falling NPS: read every detractor comment")
    assert "Score looks green" not in users and "Goals without baselines" not in nps


def test_a_mitigation_is_one_play_quoted_verbatim():
    text, citation = _books().mitigation("The champion is leaving", "champion leaving successor")
    assert text == (
        "Champion leaving: run the champion and sponsor change playbook; meet the sponsor within two weeks; "
        "name an interim owner and an end-user leader."
    )
    assert citation.source == "playbooks/early-warning.md" and citation.quote == text


def test_no_play_for_a_risk_no_play_is_written_for():
    # "could become" is not what a complaint-session play is about.
    books = _books()
    assert books.mitigation("Glare could become the Southwest's version of the rain problem before summer") is None
