"""Shape rules from DESIGN.md that a reviewer should not have to check by eye."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "bot" / "core"


def test_core_never_imports_slack():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )  # fmt: skip
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in {"slack_bolt", "slack_sdk", "slack"}]
    assert offenders == []
