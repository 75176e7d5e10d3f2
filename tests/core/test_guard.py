"""The grounding guard on its own: what counts as grounded, and what it does with what is not."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from bot.core.guard import Evidence, facts_of, guard
from bot.core.llm.context import Source
from bot.core.mentions import normalize
from bot.core.skills.common import Citation, GuardNote

NOTE = Source(
    id="S1",
    source="accounts/acme/notes/2025-10-20-call.md",
    chunk_id="c1",
    date="2025-10-20",
    text="Attendees: Priya Nair, Dr. Marcus Greene.\n- **Adoption** is 0.62 of 1,200 seats and ARR is $420,000.\n"
    "Active users fell 10.5% to 771. PowerSchool sync is next.",
)
EVIDENCE = Evidence(
    sources=[NOTE],
    facts=["health_score: 43", "renewal_date: 2027-02-15"],
    inputs=["What did Priya say?"],
    references={("accounts/acme/metrics.csv", "nps by month")},
)


@pytest.mark.parametrize(
    "text",
    [
        "Priya Nair and Dr. Greene met on October 20, 2025 [S1].",
        "Adoption is 62% of 1,200 seats; ARR is $420k.",
        "Active users fell 10.5% (down to 771) by Oct 20.",
        "Health score 43, renewal on 15 February 2027 (2027-02).",
        "Thanks for the update. The PowerSchool sync is next.",
        "1. Review adoption with Product.\n2. Meet on Friday.",
        "Priya Nair reviews adoption in January\nIf it slips, Dr. Greene decides.",  # a name never spans lines
    ],
)
def test_grounded_text_passes(text):
    assert EVIDENCE.ungrounded(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Talk to Jennifer Lopez about adoption.", "name “Jennifer Lopez”"),
        ("Ask Sarah about adoption.", "name “Sarah”"),
        ("The renewal is on 2027-03-01.", "date “2027-03-01”"),
        ("The call was on March 3.", "date “March 3”"),
        ("Adoption is 75%.", "number “75%”"),
        ("ARR is $1.2M.", "number “$1.2M”"),
        ("They have 4711 nurses.", "number “4711”"),
    ],
)
def test_invented_names_dates_and_numbers_are_caught(text, kind):
    assert any(kind in problem for problem in EVIDENCE.ungrounded(text))


@pytest.mark.parametrize(
    ("citation", "problem"),
    [
        (Citation(source=NOTE.source, quote="Adoption is 0.62 of 1,200\n  seats", chunk_id="c1"), None),
        (Citation(source=NOTE.source, quote="attendees: priya nair, dr. marcus greene."), None),
        (Citation(source=NOTE.source, quote="Active users fell 10.5% … PowerSchool sync is next."), None),
        (Citation(source="accounts/acme/metrics.csv", quote="nps by month"), None),
        (Citation(source=NOTE.source, quote="Adoption is 0.75 of 1,200 seats"), "quote not found"),
        (Citation(source="accounts/acme/notes/other.md", quote="Adoption is 0.62"), "was not retrieved"),
        (Citation(source="accounts/acme/metrics.csv", quote="csat by month"), "was not retrieved"),
    ],
)
def test_citations_must_quote_a_retrieved_source(citation, problem):
    found = EVIDENCE.citation_problem(citation)
    assert found is None if problem is None else problem in found


class Item(BaseModel):
    text: str
    due: str | None = None


class Answer(BaseModel):
    answer: str
    bullets: list[str]
    items: list[Item]
    citations: list[Citation] = Field(default_factory=list)
    guard: list[GuardNote] = Field(default_factory=list)


def answer(**changes) -> Answer:
    base = {
        "answer": "Adoption is 0.62 of 1,200 seats. Jennifer Lopez approved it.",
        "bullets": ["Priya Nair leads adoption.", "Call on 2031-01-01."],
        "items": [{"text": "Priya Nair owns it.", "due": "2031-01-01"}, {"text": "Bob Stone owns it."}],
        "citations": [{"source": NOTE.source, "quote": "ARR is $420,000"}, {"source": "x.md", "quote": "made up"}],
    }
    return Answer.model_validate({**base, **changes})


def test_the_guard_removes_sentences_items_and_citations_and_says_why():
    checked = guard(answer(), EVIDENCE, ("answer", "bullets[]", "items[].text"))
    assert checked.answer == "Adoption is 0.62 of 1,200 seats."
    assert checked.bullets == ["Priya Nair leads adoption."]
    assert [i.text for i in checked.items] == ["Priya Nair owns it."]  # a computed due date is not checked
    assert [c.source for c in checked.citations] == [NOTE.source]
    assert {(n.field, n.action) for n in checked.guard} == {
        ("answer", "removed"),
        ("bullets[1]", "removed"),
        ("items[1].text", "removed"),
        ("citations[1]", "removed"),
    }


def test_with_a_fallback_the_guard_reverts_items_and_empty_fields():
    fallback = answer(
        answer="Adoption is 0.62 of 1,200 seats.",
        bullets=["Priya Nair leads.", "Dr. Greene too."],
        items=[{"text": "Priya Nair owns it."}, {"text": "Marcus Greene owns it."}],
    )
    checked = guard(
        answer(answer="Bob Stone approved it."), EVIDENCE, ("answer", "bullets[]", "items[].text"), fallback=fallback
    )
    assert checked.answer == fallback.answer
    assert checked.bullets == ["Priya Nair leads adoption.", "Dr. Greene too."]
    assert [i.text for i in checked.items] == ["Priya Nair owns it.", "Marcus Greene owns it."]
    assert {n.action for n in checked.guard if n.field != "citations[1]"} == {"removed", "reverted"}


def test_without_removal_the_guard_only_flags():
    original = answer()
    checked = guard(original, EVIDENCE, ("answer", "bullets[]", "items[].text"), remove=False)
    assert checked.model_dump(exclude={"guard"}) == original.model_dump(exclude={"guard"})
    assert {n.action for n in checked.guard} == {"flagged"} and len(checked.guard) == 4


def test_an_extra_rule_applies_to_prose():
    def no_but(field: str, text: str) -> str | None:
        return "blocks" if " but " in text else None

    checked = guard(answer(bullets=["Priya Nair agrees but waits."]), EVIDENCE, ("bullets[]",), extra=no_but)
    assert checked.bullets == [] and checked.guard[-1].reason == "blocks"


def test_facts_are_everything_but_the_prose_and_the_citations():
    facts = facts_of(answer(), ["answer", "items[].text"])
    assert "items[0].due: 2031-01-01" in facts and "bullets[1]: Call on 2031-01-01." in facts
    assert not any(f.startswith(("answer", "items[0].text", "citations")) for f in facts)


def test_quotes_match_without_whitespace_markdown_or_quote_styles():
    assert normalize("- **Don’t** wait\n  for “it”") == normalize('don\'t wait for "it"')
