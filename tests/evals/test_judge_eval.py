"""LLM-as-judge: skipped without a model; with one, verdicts are read strictly and shown next to a deterministic
figure, and a verdict that is not valid JSON is counted as unscored, never as a score."""

from __future__ import annotations

import json

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from bot.core.llm.client import LLMUnavailable, Reply
from evals import judge
from tests.conftest import SAMPLE_KNOWLEDGE, make_settings


class JudgeOnly:
    """A model that only judges: the skills' own calls fail (they answer offline), the judge's get `verdicts`."""

    name = "judge-fake"

    def __init__(self, *verdicts: str):
        self.verdicts = list(verdicts)
        self.judged: list[str] = []

    def complete(self, messages, schema=None, schema_name="output"):
        if "strict reviewer" not in messages[0].content:
            raise LLMUnavailable("connection refused")
        self.judged.append(messages[1].content)
        return Reply(text=self.verdicts.pop(0), finish_reason="stop", mode="json_schema")

    def stream(self, messages):
        raise LLMUnavailable("connection refused")


def test_without_a_model_the_judge_is_skipped_and_says_why(sample_copilot):
    figures = judge.run(sample_copilot)
    assert figures.skipped and "OPENAI_BASE_URL" in figures.render() and figures.skills == {}


def test_verdicts_are_averaged_next_to_the_deterministic_figure_and_bad_ones_are_unscored(tmp_path):
    good = [json.dumps({"grounded": g, "useful": u, "reason": "fine"}) for g, u in ((5, 4), (3, 2))]
    model = JudgeOnly(*good, "not json at all", json.dumps({"grounded": 9, "useful": 1, "reason": "x"}),
                      *(json.dumps({"grounded": 4, "useful": 4, "reason": "ok"}) for _ in range(4)))  # fmt: skip
    copilot = Copilot(make_settings(tmp_path / "home", SAMPLE_KNOWLEDGE), embedder=HashEmbedder(), llm=model)
    try:
        figures = judge.run(copilot, per_skill=2)
    finally:
        copilot.close()
    ask = figures.skills["ask"]
    assert (ask.cases, ask.scored, ask.grounded, ask.useful) == (2, 2, 4.0, 3.0)
    assert ask.deterministic.startswith("gold facts mentioned ") and ask.deterministic_value is not None
    reframe = figures.skills["reframe"]
    assert (reframe.cases, reframe.scored, reframe.grounded) == (2, 0, None)
    assert sum(reframe.unscored.values()) == 2  # no JSON, and a score outside 1–5: neither became a score
    assert "<answer>" in model.judged[0] and "<sources>" in model.judged[0]
    assert "judge model" in figures.render() and "unscored" in figures.render()
