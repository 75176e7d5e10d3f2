"""The `llm` eval suite on the offline engine: the guard flags nothing in the offline composer's own output over
the shipped sample knowledge (its false-positive rate is zero), and on a fake model it counts interventions."""

from __future__ import annotations

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from bot.core.skills.ask import ask
from evals import llm_guard
from evals.runner import SUITES
from tests.conftest import make_settings
from tests.core.llm.fakes import FakeChat


def test_the_guard_has_no_false_positives_on_the_offline_composer(sample_copilot):
    figures = llm_guard.run(sample_copilot, per_skill=100)
    assert figures.engine == "offline" and set(figures.skills) == set(llm_guard.SKILLS)
    for name, skill in figures.skills.items():
        assert skill.runs >= 5, name
        assert (skill.flagged, skill.model_answers, skill.interventions) == (0, 0, 0), (name, skill.reasons)
    assert "llm" in SUITES


def test_interventions_are_counted_per_skill_on_a_model(tmp_path, knowledge):
    fake = FakeChat(
        {"answer": "The renewal is in 2031 [S1].", "citations": []},
        {"answer": "Renewal preparation starts 120 days before renewal [S1].", "citations": []},
    )
    copilot = Copilot(make_settings(tmp_path / "home", knowledge), embedder=HashEmbedder(), llm=fake)
    try:
        questions = ("When should renewal preparation start?", "When does renewal preparation begin?")
        figures = llm_guard.figures([ask(copilot, q) for q in questions], 1.0)
    finally:
        copilot.close()
    assert (figures.runs, figures.model_answers, figures.interventions) == (2, 2, 1)
    assert figures.intervention_rate == 0.5 and figures.reasons == {"number": 1, "nothing grounded left": 1}
