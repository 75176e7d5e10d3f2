"""Speed benchmarks (figures, not pass/fail): embedding throughput per backend, cold and warm ingest of the
sample knowledge, and the latency of ask, plan, reframe, qbr and health on it.

Run: .venv/bin/python -m evals.bench_speed [--knowledge knowledge] [--repeat 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.core.config import Settings
from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import MiniLMEmbedder
from evals.datasets_io import load_jsonl

AS_OF = dt.date(2026, 11, 22)


def _timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def _line(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"  {name:<28} p50 {statistics.median(ordered) * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms   n={len(ordered)}"


def embedding_throughput(cache: Path) -> list[str]:
    texts = [r["question"] for r in load_jsonl("retrieval.jsonl")] * 4
    lines = ["embeddings (all-MiniLM-L6-v2, CPU)"]
    for backend in ("onnx", "torch"):
        started = time.perf_counter()
        embedder = MiniLMEmbedder(cache_dir=cache, backend=backend)
        embedder.embed_query("warm up")
        load = time.perf_counter() - started
        started = time.perf_counter()
        embedder.embed_documents(texts)
        rate = len(texts) / (time.perf_counter() - started)
        query = _timed(lambda e=embedder: e.embed_query("who is the champion at Harborview?"), 50)
        lines.append(f"  {backend:<6} load {load:5.2f} s · {rate:6.0f} sentences/s · query p50 "
                     f"{statistics.median(query) * 1000:.1f} ms")  # fmt: skip
    return lines


def skill_latency(knowledge: Path, cache: Path, repeat: int) -> list[str]:
    from bot.core.health.portfolio import portfolio_health
    from bot.core.skills.ask import ask
    from bot.core.skills.plan import plan
    from bot.core.skills.qbr import qbr
    from bot.core.skills.reframe import reframe

    with tempfile.TemporaryDirectory() as home:
        settings = Settings(_env_file=None, CSM_COPILOT_HOME=home, CSM_COPILOT_KNOWLEDGE=knowledge,
                            CSM_COPILOT_MODEL_CACHE=cache)  # fmt: skip
        copilot = Copilot(settings)
        started = time.perf_counter()
        cold = copilot.ingest()
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        copilot.ingest()
        warm_s = time.perf_counter() - started
        questions = [r["question"] for r in load_jsonl("retrieval.jsonl")][:repeat]
        it = iter(questions * 2)
        lines = [
            f"ingest of {len(cold.added)} files / {cold.chunks_embedded} chunks: cold {cold_s:.1f} s, "
            f"unchanged re-run {warm_s * 1000:.0f} ms",
            "skills (warm process)",
            _line("ask", _timed(lambda: ask(copilot, next(it)), len(questions))),
            _line("plan", _timed(lambda: plan(copilot, "harborview", AS_OF), repeat)),
            _line("reframe", _timed(lambda: reframe(copilot, "low usage of Quick Intake", "harborview"), repeat)),
            _line("health (5 accounts)", _timed(lambda: portfolio_health(copilot, AS_OF), repeat)),
            _line("qbr (3 charts)", _timed(lambda: qbr(copilot, "harborview", Path(home) / "q", AS_OF), 3)),
        ]
        copilot.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--model-cache", type=Path, default=Settings(_env_file=None).model_cache)
    args = parser.parse_args()
    for line in [
        *embedding_throughput(args.model_cache),
        *skill_latency(args.knowledge, args.model_cache, args.repeat),
    ]:
        print(line, flush=True)


if __name__ == "__main__":
    main()
