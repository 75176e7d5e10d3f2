"""Parse-and-repair of JSON in a model's text."""

from __future__ import annotations

import pytest

from bot.core.llm.repair import BadJson, parse_json


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('Sure! Here it is:\n```json\n{"a": [1, 2,],}\n```\nAnything else?', {"a": [1, 2]}),
        ('{"a": True, "b": None, "c": "True story"}', {"a": True, "b": None, "c": "True story"}),
        ('{"a": "x"} and then {"b": 2}', {"a": "x"}),
        ('{"answer": "The champion is Dana', {"answer": "The champion is Dana…"}),
        ('{"a": [{"b": "x", "c', {"a": [{"b": "x"}]}),
        ('{"a": "x", "b":', {"a": "x"}),
        ('{"a": "he said \\"hi\\"", "b": [1, 2', {"a": 'he said "hi"', "b": [1, 2]}),
    ],
)
def test_json_is_found_and_repaired(text, expected):
    assert parse_json(text) == expected


@pytest.mark.parametrize("text", ["", "I think the nurses are busy.", "{ not json at all"])
def test_text_without_json_is_an_error(text):
    with pytest.raises(BadJson):
        parse_json(text)
