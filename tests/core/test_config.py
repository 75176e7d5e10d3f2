from pathlib import Path

from bot.core.config import Settings


def test_the_shells_home_is_not_the_copilots_home(tmp_path: Path, monkeypatch):
    # The field is called `home`; the environment's HOME (or MODEL, ENGINE…) must not configure it.
    monkeypatch.setenv("HOME", str(tmp_path / "shell-home"))
    monkeypatch.setenv("MODEL", "not-a-model")
    monkeypatch.delenv("CSM_COPILOT_HOME", raising=False)
    settings = Settings(_env_file=None)
    assert settings.home == Path(".csm-copilot") and settings.model == "gpt-4o-mini"


def test_the_documented_names_configure_from_the_environment_and_as_arguments(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CSM_COPILOT_HOME", str(tmp_path / "from-env"))
    assert Settings(_env_file=None).home == tmp_path / "from-env"
    assert Settings(_env_file=None, CSM_COPILOT_HOME=tmp_path / "given").home == tmp_path / "given"
