import pytest

from bot.core.knowledge.documents import Chunk
from bot.core.skills.ask_cues import QuestionCues, has_person, is_metadata, split_parts, split_scene


def _chunk(**fields) -> Chunk:
    return Chunk(**{"id": "c", "text": "x", "source": "s.md", "kind": "note", **fields})


@pytest.mark.parametrize(
    ("question", "who", "when"),
    [
        ("What did Maya see when they shadowed the nurses?", False, False),  # "when" joins a clause here
        ("When is the renewal, and who covers the platform?", True, True),
        ("On the Oct 8 sync, who owns the task?", True, False),
        ("the manager who owns the budget", False, False),
    ],
)
def test_question_words_count_only_where_they_ask(question, who, when):
    cues = QuestionCues.read(question)
    assert (cues.who, cues.when) == (who, when)


def test_months_dates_and_quarters_are_read_but_names_are_not_months():
    assert QuestionCues.read("What did Maya tell us?").months == set()  # not May
    assert QuestionCues.read("what may happen in march").months == set()  # verbs, lower case
    cues = QuestionCues.read("What did we hear in June and on Oct 8 at the Q3 QBR?")
    assert cues.months == {6, 10} and cues.days == {(10, 8)} and cues.quarters == {3} and cues.kinds == {"qbr"}
    assert QuestionCues.read("what changed back in february").months == {2}


def test_document_match_prefers_the_date_quarter_and_kind_asked_for():
    cues = QuestionCues.read("What did we agree at the Q3 QBR?")
    qbr = _chunk(title="Q3 2026 Quarterly Business Review", date="2026-10-09", doc_type="qbr")
    visit = _chunk(title="Site visit", date="2026-06-17", doc_type="meeting")
    assert cues.document_match(qbr) == 1.0 and cues.document_match(visit) == 0.0
    assert QuestionCues.read("the call on Oct 8").document_match(_chunk(date="2026-10-08")) == 1.0
    assert QuestionCues.read("What changed?").document_match(qbr) == 0.0


def test_section_and_spoken_cues_follow_what_is_asked():
    decide = QuestionCues.read("What did they decide about the pilot?")
    assert decide.section_match(_chunk(section="Notes > Decisions")) == 1.0
    assert decide.section_match(_chunk(section="Notes > Summary")) == 0.0
    assert decide.spoken_match("Let's go with the weekly export.") == 1.0
    # The decision maker is a person, not a decision.
    assert QuestionCues.read("Who's the decision maker?").section_match(_chunk(section="Notes > Decisions")) == 0.0
    assert QuestionCues.read("What did we see?").section_match(_chunk(section="N > What we observed")) == 1.0


def test_answer_types():
    who = QuestionCues.read("Who owns the idea?")
    assert who.answer_match("Next step owned by Luis.") == 1.0
    assert who.answer_match("Next improvement to explore.") == 0.0
    assert QuestionCues.read("When is the board vote?").answer_match("The board meets on 2026-12-10.") == 1.0
    assert QuestionCues.read("How many seats?").answer_match("About eighty drivers.") == 1.0


@pytest.mark.parametrize(
    ("question", "asked", "scene"),
    [
        (
            "What did Maya reply when Lumen asked for a feature?",
            "What did Maya reply ?",
            "when Lumen asked for a feature",
        ),
        ("In the grading workshop, what did they decide?", "what did they decide?", "In the grading workshop,"),
        (
            "What did Carlos announce at the Q2 business review?",
            "What did Carlos announce ?",
            "at the Q2 business review",
        ),
        ("Who is the champion?", "Who is the champion?", ""),
    ],
)
def test_the_scene_of_a_question_is_set_apart(question, asked, scene):
    got_asked, got_scene = split_scene(question)
    assert got_asked == asked and got_scene.strip() == scene


def test_a_question_of_several_parts_is_split():
    assert split_parts("When is Dana's last day, and who covers the platform after she goes?") == [
        "When is Dana's last day",
        "who covers the platform after she goes",
    ]
    assert split_parts("What's our save plan for the renewal? Any commercial fallback?") == [
        "What's our save plan for the renewal",
        "Any commercial fallback",
    ]
    assert split_parts("Who is the champion at Acme?") == []


def test_names_and_metadata():
    assert has_person("Stakeholder (champion): Dana Whitfield.")
    assert not has_person("The board meets on Monday in March.")
    assert is_metadata("Attendees: Dana Whitfield, Priya Natarajan.")
    assert not is_metadata("Renewal date: 2027-02-15.")
