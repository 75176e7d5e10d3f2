from bot.core.knowledge.chunking import split_markdown, split_turns
from bot.core.knowledge.transcripts import Turn


def test_markdown_chunks_follow_headings_and_never_cross_them():
    body = "# Account\nIntro.\n\n## Risks\nChampion leaving.\n\nTickets rising.\n\n## Wins\nPilot worked.\n"
    pieces = split_markdown(body)
    assert [(p.section, p.text) for p in pieces] == [
        ("Account", "Intro."),
        ("Account > Risks", "Champion leaving.\n\nTickets rising."),
        ("Account > Wins", "Pilot worked."),
    ]


def test_long_sections_are_split_at_paragraphs_then_sentences_within_the_limit():
    paragraph = " ".join(f"Sentence number {i} says something useful." for i in range(60))
    pieces = split_markdown(f"## Long\n{paragraph}\n\nA short closing paragraph.", max_chars=300)
    assert len(pieces) > 5
    assert all(len(p.text) <= 300 for p in pieces)
    assert all(p.section == "Long" for p in pieces)
    rejoined = " ".join(p.text.replace("\n\n", " ") for p in pieces)
    assert rejoined.split() == f"{paragraph} A short closing paragraph.".split()


def test_transcript_chunks_group_whole_turns_and_name_the_turn_range():
    turns = [Turn(f"Speaker {i % 2}", "word " * 30) for i in range(10)]
    pieces = split_turns(turns, max_chars=400)
    assert pieces[0].section == "turns 1-2"
    assert all(p.text.startswith("Speaker ") for p in pieces)
    assert sum(p.text.count("Speaker ") for p in pieces) == 10


def test_a_long_list_without_blank_lines_is_split_between_items_that_keep_their_own_lines():
    items = [
        f"- **Play {i}:** segment the users by site and team, find the cohort that lags,\n"
        f"  observe it, and report back with numbers."
        for i in range(12)
    ]
    numbered = [f"{i}. **Step {i}.** Do one thing well. Then the next one." for i in range(1, 9)]
    body = "# Plays\nEach play answers one signal:\n" + "\n".join(items) + "\n\n# Steps\n" + "\n".join(numbered)
    pieces = split_markdown(body, max_chars=300)
    assert len(pieces) > 3 and all(len(p.text) <= 300 for p in pieces)
    plays = "\n".join(p.text for p in pieces if p.section == "Plays")
    assert plays == "Each play answers one signal:\n" + "\n".join(items)  # every item on its own lines, unjoined
    steps = [line for p in pieces if p.section == "Steps" for line in p.text.splitlines()]
    assert steps == numbered
