"""A Copilot on the fixture knowledge base whose LLM is a FakeChat the test queues answers into."""

from __future__ import annotations

import pytest

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from tests.conftest import make_settings
from tests.core.llm.fakes import FakeChat


@pytest.fixture
def fake() -> FakeChat:
    return FakeChat()


@pytest.fixture
def make_copilot(tmp_path, knowledge, fake):
    """Copilots on the fake model (engine auto: a model handed in counts as configured), with settings overrides."""
    made: list[Copilot] = []

    def make(**extra: str) -> Copilot:
        settings = make_settings(tmp_path / f"home{len(made)}", knowledge, **extra)
        made.append(Copilot(settings, embedder=HashEmbedder(), llm=fake))
        return made[-1]

    yield make
    for copilot in made:
        copilot.close()


@pytest.fixture
def llm_copilot(make_copilot) -> Copilot:
    return make_copilot()
