#!/usr/bin/env bash
# One-command setup: a virtual environment in .venv with csm-copilot and its test tools installed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
# PyTorch must be the CPU build and must come first: a bare `torch` requirement (pulled in by
# sentence-transformers) would otherwise fetch a multi-GB CUDA build. Override with TORCH_SPEC, e.g.
# TORCH_SPEC="torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" outside this workplace.
TORCH_SPEC=${TORCH_SPEC:-torch==2.13.0}

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# shellcheck disable=SC2086
.venv/bin/pip install --quiet $TORCH_SPEC
# llm-test: the local llama.cpp server and model the LLM integration tests run against (compiles; ~8 min).
.venv/bin/pip install --quiet -e ".[dev,llm-test]"
echo "csm-copilot is installed in .venv. Try: .venv/bin/csm-copilot ask \"Who is the champion at Harborview?\""
