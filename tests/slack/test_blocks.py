"""Block Kit builders: Slack's limits hold whatever the content."""

from bot.slack.blocks import (
    MAX_BLOCKS,
    SECTION_CHARS,
    Doc,
    Section,
    answer_tail,
    doc_blocks,
    doc_markdown,
    feedback_block,
    section_blocks,
    sources_footer,
    split_messages,
    split_text,
    stream_pieces,
)


def test_split_text_cuts_at_lines_then_spaces_and_keeps_every_word():
    text = "\n".join(["short line"] * 5 + ["word " * 1000])
    pieces = split_text(text, 300)
    assert all(len(p) <= 300 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_a_long_section_becomes_several_section_blocks_within_the_limit():
    section = Section("Milestones", [f"milestone {n}: " + "x" * 200 for n in range(60)], "bullets")
    blocks = section_blocks(section)
    assert len(blocks) > 1
    assert all(len(b["text"]["text"]) <= SECTION_CHARS for b in blocks)
    assert blocks[0]["text"]["text"].startswith("*Milestones*\n• milestone 0")


def test_code_sections_stay_fenced_in_every_piece():
    blocks = section_blocks(Section("Email", ["Hi Priya," + " thanks" * 700], "code"))
    fenced = [b["text"]["text"] for b in blocks[1:]]
    assert len(fenced) >= 2 and all(t.startswith("```\n") and t.endswith("\n```") for t in fenced)


def test_generated_text_cannot_form_mrkdwn_links_or_mentions():
    [block] = section_blocks(Section(None, ["<@U123> see <https://evil.example|this> & more"]))
    assert block["text"]["text"] == "&lt;@U123&gt; see &lt;https://evil.example|this&gt; &amp; more"


def test_messages_hold_at_most_50_blocks_and_the_tail_stays_whole_on_the_last():
    body = [{"type": "divider"}] * 120
    tail = [{"type": "context", "n": i} for i in range(4)]
    messages = split_messages(body, tail)
    assert all(len(m) <= MAX_BLOCKS for m in messages)
    assert sum(len(m) for m in messages) == 124
    assert messages[-1][-4:] == tail and all(b["type"] == "divider" for m in messages[:-1] for b in m)


def test_a_body_of_exactly_50_blocks_moves_the_tail_to_a_message_of_its_own():
    messages = split_messages([{"type": "divider"}] * 50, [{"type": "context"}])
    assert [len(m) for m in messages] == [50, 1]


def test_sources_footer_numbers_citations_like_the_text_and_respects_context_limits():
    citations = [{"source": f"accounts/a/notes/{n}.md", "quote": "q" * 500, "date": "2025-11-03"} for n in range(15)]
    footer = sources_footer(citations)
    assert footer[0]["type"] == "divider"
    elements = [e["text"] for b in footer[1:] for e in b["elements"]]
    assert elements[0] == "*Sources*" and elements[1].startswith("[1] `accounts/a/notes/0.md` (2025-11-03): “q")
    assert all(len(b["elements"]) <= 10 for b in footer[1:]) and len(elements) == 16
    assert sources_footer([]) == []


def test_feedback_buttons_carry_the_answer_id():
    block = feedback_block("abc123")
    buttons = block["elements"][0]
    assert block["type"] == "context_actions" and buttons["type"] == "feedback_buttons"
    assert (buttons["positive_button"]["value"], buttons["negative_button"]["value"]) == ("good:abc123", "bad:abc123")


def test_answer_tail_orders_sources_buttons_then_feedback():
    doc = Doc("t", citations=[{"source": "s.md", "quote": "q"}])
    tail = answer_tail(doc, "id1", shareable=True)
    assert [b["type"] for b in tail] == ["divider", "context", "actions", "context_actions"]
    assert [b["type"] for b in answer_tail(doc, "id1", shareable=False, feedback=False)] == ["divider", "context"]


def test_doc_blocks_and_markdown_carry_the_same_content():
    doc = Doc("Reply check", [Section("Flags", ["“but”"], "bullets"), Section(None, [])], note="as of today")
    blocks = doc_blocks(doc)
    assert [b["type"] for b in blocks] == ["header", "context", "section"]
    assert doc_markdown(doc) == "**Reply check**\n\n_as of today_\n\n**Flags**\n• “but”"


def test_header_text_is_cut_to_150_characters():
    assert len(doc_blocks(Doc("x" * 400))[0]["text"]["text"]) == 150


def test_stream_pieces_rejoin_exactly_and_stay_small():
    text = ("Paragraph one is here. " * 80 + "\n\n") * 5 + "x" * 2500
    pieces = stream_pieces(text)
    assert "".join(pieces) == text
    assert all(len(p) <= 1000 for p in pieces) and len(pieces) > 5
