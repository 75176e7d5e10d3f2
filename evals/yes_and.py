"""Yes-and suite: the "Yes, but" detector on labelled CSM replies (accuracy, per-class precision/recall, and
whether each rewrite comes out clean), beside a word-rule baseline; then SPOLIN, read with care (below)."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import cosine
from bot.core.skills.reframe_evidence import content_words, shared
from bot.core.skills.yes_but import check, classify, find_flags
from evals.datasets_io import load_jsonl
from evals.metrics import mean

LABELS = ("yes_and", "yes_but", "no")
REPO_ROOT = Path(__file__).resolve().parents[1]
_WORD_RULE_BUT = re.compile(r"\b(?:but|however|unfortunately)\b", re.IGNORECASE)
_WORD_RULE_NO = re.compile(r"\b(?:no|not|never|cannot)\b|n['’]t\b", re.IGNORECASE)
SPOLIN_NOTE = (
    "SPOLIN is improv dialogue: a 'non-yes-and' there is a reply that does not build on the offer, rarely one that "
    "blocks it, so a detector of blocking phrases is expected near chance; the figure measures that gap, not CSM use. "
    "'builds on' reads the prompt too (shared content words; MiniLM similarity), its threshold fit on the other source"
)


class ClassFigures(BaseModel):
    precision: float
    recall: float
    support: int


class DetectorFigures(BaseModel):
    accuracy: float
    classes: dict[str, ClassFigures]


class SpolinFigures(BaseModel):
    pairs: int
    detector_accuracy: float = Field(description="yes_and vs not, the detector's verdict on the response alone")
    word_rule_accuracy: float = Field(description="the same split by the word rule")
    by_source: dict[str, float] = Field(default_factory=dict, description="detector accuracy per SPOLIN source")
    builds_on_lexical: float | None = Field(
        None,
        description="'builds on the offer' when the response shares at least k content words with the prompt; "
        "k fit on the other source (held out)",
    )
    builds_on_semantic: float | None = Field(
        None, description="the same with the embedding similarity of prompt and response (held-out threshold)"
    )
    builds_on_by_source: dict[str, float] = Field(
        default_factory=dict, description="semantic (else lexical) accuracy per source"
    )
    thresholds: dict[str, float] = Field(default_factory=dict, description="the threshold applied to each source")


class YesAndFigures(BaseModel):
    """What `eval yes-and` measures."""

    replies: int
    detector: DetectorFigures
    word_rule: DetectorFigures = Field(description="baseline: 'but/however/unfortunately' → yes_but, a negation → no")
    rewrites_clean: float = Field(description="share of flagged drafts whose rewrite the detector passes as yes_and")
    spolin: SpolinFigures | None = None
    skipped: list[str] = Field(default_factory=list)
    misses: list[str] = Field(default_factory=list)

    def render(self) -> str:
        lines = [f"yes-and · {self.replies} labelled CSM replies (evals/datasets/yes_but.jsonl)"]
        for name, figures in (("detector", self.detector), ("word rule", self.word_rule)):
            per_class = "  ".join(
                f"{label} P {f.precision:.2f} R {f.recall:.2f}" for label, f in figures.classes.items()
            )
            lines.append(f"  {name:<10} accuracy {figures.accuracy:.3f}   {per_class}")
        lines.append(f"  rewrites that pass the detector: {self.rewrites_clean:.3f}")
        if self.spolin:
            s = self.spolin
            lines.append(f"  SPOLIN valid ({s.pairs} pairs, yes-and vs not): detector {s.detector_accuracy:.3f},"
                         f" word rule {s.word_rule_accuracy:.3f}")  # fmt: skip
            lines.append(f"    by source: {', '.join(f'{k} {v:.3f}' for k, v in s.by_source.items())}")
            if s.builds_on_lexical is not None:
                semantic = f", similarity {s.builds_on_semantic:.3f}" if s.builds_on_semantic is not None else ""
                lines.append(f"  builds on the offer (threshold fit on the other source): shared words "
                             f"{s.builds_on_lexical:.3f}{semantic}")  # fmt: skip
                lines.append(f"    by source: {', '.join(f'{k} {v:.3f}' for k, v in s.builds_on_by_source.items())}")
            lines.append(f"    note: {SPOLIN_NOTE}")
        lines += [f"  skipped: {s}" for s in self.skipped]
        lines += [f"  miss: {m}" for m in self.misses]
        return "\n".join(lines)


def run(copilot: Copilot | None = None, data_dir: Path | None = None, rows: list[dict[str, Any]] | None = None,
        max_pairs: int | None = None) -> YesAndFigures:  # fmt: skip
    """Score the detector and the word rule on yes_but.jsonl, then on SPOLIN when data_dir has it."""
    rows = rows if rows is not None else load_jsonl("yes_but.jsonl")
    gold = [r["label"] for r in rows]
    checks = [check(r["text"]) for r in rows]
    predicted = [c.verdict for c in checks]
    flagged = [c for c in checks if c.verdict != "yes_and"]
    misses = [f"{r['id']}: expected {r['label']}, got {p}: {r['text']}"
              for r, p in zip(rows, predicted, strict=True) if p != r["label"]]  # fmt: skip
    spolin, skipped = _spolin(copilot, data_dir, max_pairs)
    return YesAndFigures(
        replies=len(rows),
        detector=detector_figures(gold, predicted),
        word_rule=detector_figures(gold, [word_rule(r["text"]) for r in rows]),
        rewrites_clean=mean([1.0 if check(c.rewrite).verdict == "yes_and" else 0.0 for c in flagged]),
        spolin=spolin,
        skipped=skipped,
        misses=misses,
    )


def word_rule(text: str) -> str:
    """The naive lint: any contrast word is a 'yes, but'; otherwise any negation is a 'no'."""
    if _WORD_RULE_BUT.search(text):
        return "yes_but"
    return "no" if _WORD_RULE_NO.search(text) else "yes_and"


def detector_figures(gold: list[str], predicted: list[str]) -> DetectorFigures:
    classes = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        predicted_n = predicted.count(label)
        support = gold.count(label)
        classes[label] = ClassFigures(precision=round(tp / predicted_n, 4) if predicted_n else 0.0,
                                      recall=round(tp / support, 4) if support else 0.0, support=support)  # fmt: skip
    accuracy = mean([1.0 if g == p else 0.0 for g, p in zip(gold, predicted, strict=True)])
    return DetectorFigures(accuracy=round(accuracy, 4), classes=classes)


def _spolin(copilot: Copilot | None, data_dir: Path | None, max_pairs: int | None
            ) -> tuple[SpolinFigures | None, list[str]]:  # fmt: skip
    folder = data_dir or REPO_ROOT.parent / "shared" / "datasets"
    path = folder / "spolin" / "spolin-valid.json"
    if not folder.is_dir():
        return None, [f"data dir not found: {folder}; SPOLIN skipped (pass --data-dir)"]
    if not path.exists():
        return None, [f"SPOLIN: {path} not found, skipped"]
    raw = path.read_bytes()
    similarity = _similarity_for(copilot, hashlib.sha1(raw).hexdigest()[:12], max_pairs) if copilot else None
    return spolin_figures(json.loads(raw.decode("utf-8")), max_pairs, similarity), []


Similarity = Callable[[list[tuple[str, str]]], list[float]]


def spolin_figures(data: dict[str, dict[str, list[dict[str, str]]]], max_pairs: int | None = None,
                   similarity: Similarity | None = None) -> SpolinFigures:  # fmt: skip
    """Binary accuracy (yes-and vs not) on SPOLIN: the detector and the word rule on the response alone, then
    whether the response builds on its prompt (shared words; `similarity` of the two when given)."""
    pairs = [(source, item["p"], item["r"], label == "yesands")
             for label in ("yesands", "non-yesands") for source, items in data.get(label, {}).items()
             for item in items[:max_pairs]]  # fmt: skip
    detector_hits, rule_hits, by_source = [], [], {}
    for source, _, response, is_yes_and in pairs:
        detector_says = classify(response, find_flags(response)) == "yes_and"
        detector_hits.append(1.0 if detector_says == is_yes_and else 0.0)
        rule_hits.append(1.0 if (word_rule(response) == "yes_and") == is_yes_and else 0.0)
        by_source.setdefault(source, []).append(detector_hits[-1])
    sources = [p[0] for p in pairs]
    gold = [p[3] for p in pairs]
    lexical = cross_fit([float(shared_words(p[1], p[2])) for p in pairs], gold, sources)
    semantic = cross_fit(similarity([(p[1], p[2]) for p in pairs]), gold, sources) if similarity else None
    shown = semantic or lexical
    return SpolinFigures(pairs=len(pairs), detector_accuracy=round(mean(detector_hits), 4),
                         word_rule_accuracy=round(mean(rule_hits), 4),
                         by_source={k: round(mean(v), 4) for k, v in by_source.items()},
                         builds_on_lexical=lexical.accuracy if pairs else None,
                         builds_on_semantic=semantic.accuracy if semantic and pairs else None,
                         builds_on_by_source=shown.by_source, thresholds=shown.thresholds)  # fmt: skip


def shared_words(prompt: str, response: str) -> int:
    """How many content words (stems) the response takes up from the prompt: the plainest 'builds on' signal."""
    return shared(content_words(prompt), content_words(response))


class CrossFit(BaseModel):
    accuracy: float
    by_source: dict[str, float]
    thresholds: dict[str, float]


def cross_fit(scores: list[float], gold: list[bool], sources: list[str]) -> CrossFit:
    """Accuracy of 'score ≥ threshold' where each source's threshold is the best one on the other sources, so no
    pair is judged by a threshold fit on itself (with a single source it is, and the figure is in-sample)."""
    hits: list[float] = []
    by_source: dict[str, list[float]] = {}
    thresholds: dict[str, float] = {}
    for source in sorted(set(sources)):
        train = [(s, g) for s, g, src in zip(scores, gold, sources, strict=True) if src != source] or [
            (s, g) for s, g, src in zip(scores, gold, sources, strict=True) if src == source
        ]
        threshold = _best_threshold(train)
        thresholds[source] = round(threshold, 4)
        for s, g, src in zip(scores, gold, sources, strict=True):
            if src == source:
                hit = 1.0 if (s >= threshold) == g else 0.0
                hits.append(hit)
                by_source.setdefault(source, []).append(hit)
    return CrossFit(accuracy=round(mean(hits), 4), by_source={k: round(mean(v), 4) for k, v in by_source.items()},
                    thresholds=thresholds)  # fmt: skip


def _best_threshold(rows: list[tuple[float, bool]]) -> float:
    """The cut with the most hits, halfway between two observed scores (not on one, which would overfit it)."""
    values = sorted({s for s, _ in rows})
    candidates = [values[0], *((a + b) / 2 for a, b in itertools.pairwise(values))] if values else [0.0]
    return max(candidates, key=lambda t: sum(1 for s, g in rows if (s >= t) == g))


def _similarity_for(copilot: Copilot, digest: str, max_pairs: int | None) -> Similarity:
    """Cosine similarity of prompt and response with the copilot's embedder, cached under --home (the first run
    embeds every SPOLIN text once, which takes minutes on a CPU)."""
    embedder = copilot.embedder
    cache = copilot.settings.home / "cache" / f"spolin-{digest}-{embedder.name}-{max_pairs or 'all'}.json"

    def similarity(pairs: list[tuple[str, str]]) -> list[float]:
        if cache.exists():
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if len(cached) == len(pairs):
                return cached
        vectors = embedder.embed_documents([text for pair in pairs for text in pair])
        values = [round(cosine(vectors[2 * i], vectors[2 * i + 1]), 6) for i in range(len(pairs))]
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(values), encoding="utf-8")
        return values

    return similarity
