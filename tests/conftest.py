"""Shared fixtures: a small fixture knowledge base, settings under tmp_path, a Copilot on a fast embedder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.core.config import Settings
from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder

FIXTURE_KNOWLEDGE = Path(__file__).parent / "fixtures" / "knowledge"
SAMPLE_KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
SCRUBBED_ENV = ("OPENAI_", "CSM_COPILOT_", "CHROMA_", "SLACK_")


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the fixture knowledge base that a test may change."""
    target = tmp_path / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, target)
    return target


def pytest_configure(config: pytest.Config) -> None:
    """A developer's OPENAI_* or CSM_COPILOT_* settings must not change any test, in process or in a subprocess."""
    for name in [name for name in os.environ if name.startswith(SCRUBBED_ENV)]:
        del os.environ[name]


def make_settings(home: Path, knowledge: Path, **extra: str) -> Settings:
    """Settings for a test: engine `auto` (offline unless a test hands in a model or an endpoint)."""
    values = {"CSM_COPILOT_HOME": home, "CSM_COPILOT_KNOWLEDGE": knowledge, "CSM_COPILOT_EMBEDDINGS": "hash"}
    return Settings(_env_file=None, **{**values, **extra})


@pytest.fixture
def settings(tmp_path: Path, knowledge: Path) -> Settings:
    return make_settings(tmp_path / "home", knowledge)


@pytest.fixture
def copilot(settings: Settings):
    """A Copilot with the hashing embedder and a real Chroma on disk under tmp_path."""
    instance = Copilot(settings, embedder=HashEmbedder())
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def sample_copilot(tmp_path_factory):
    """The shipped sample knowledge base, ingested once per module with the hashing embedder."""
    home = tmp_path_factory.mktemp("sample-home")
    instance = Copilot(make_settings(home, SAMPLE_KNOWLEDGE), embedder=HashEmbedder())
    instance.ingest()
    yield instance
    instance.close()
