from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.core.config import Settings


def test_field_names_and_environment_names_both_configure(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CSM_COPILOT_HOME", str(tmp_path / "from-env"))
    assert Settings(_env_file=None).home == tmp_path / "from-env"
    # A library caller passing the field name is not ignored in favour of the environment or the default.
    assert Settings(_env_file=None, home=tmp_path / "given").home == tmp_path / "given"
    assert Settings(_env_file=None, CSM_COPILOT_HOME=tmp_path / "alias").home == tmp_path / "alias"


def test_a_bad_value_under_a_field_name_is_an_error_not_ignored():
    with pytest.raises(ValidationError):
        Settings(_env_file=None, llm_retries=-1)
