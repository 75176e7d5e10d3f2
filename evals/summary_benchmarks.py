"""Public meeting-summarization benchmarks (QMSum general queries, AMI test meetings): ROUGE-1/2/L F1 of our
extractive ranker against sumy's TextRank, side by side, on the same sentences and the same word budget.

Both systems see the same sentence split, pick sentences until the budget (the reference summary's word count)
is reached, get the same clean-up (fillers and stutters removed) and are cut at exactly the budget; only the
ranking differs. sumy runs with its own English stop words and Snowball stemmer, no NLTK data needed.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from bot.core.skills.extractive import rank_sentences, select
from bot.core.skills.summarize import tidy_spoken
from bot.core.text import sentences

ROUGE_KEYS = ("rouge1", "rouge2", "rougeL")
_QMSUM_TAG = re.compile(r"\{\w+\}")


class Rouge(BaseModel):
    rouge1: float = Field(description="ROUGE-1 F1 × 100")
    rouge2: float = Field(description="ROUGE-2 F1 × 100")
    rougeL: float = Field(description="ROUGE-L F1 × 100")

    def line(self) -> str:
        return f"{self.rouge1:6.2f} {self.rouge2:6.2f} {self.rougeL:6.2f}"


class BenchmarkFigures(BaseModel):
    """ROUGE for our summarizer and the TextRank baseline on one public dataset."""

    dataset: str
    meetings: int
    references: int = Field(description="meeting–reference summary pairs scored")
    ours: Rouge
    textrank: Rouge = Field(description="sumy's TextRankSummarizer, same sentences and word budget")
    beats_baseline: bool = Field(description="ours ≥ TextRank on ROUGE-1, ROUGE-2 and ROUGE-L")


@dataclass(frozen=True)
class Meeting:
    id: str
    turns: list[str]
    references: list[str]


def load_qmsum(path: Path, limit: int | None = None) -> list[Meeting]:
    """QMSum test meetings with their general-query answers as references ('Summarize the whole meeting.')."""
    meetings = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        row = json.loads(line)
        turns = [" ".join(_QMSUM_TAG.sub(" ", t["content"]).split()) for t in row["meeting_transcripts"]]
        references = [q["answer"] for q in row.get("general_query_list", []) if q.get("answer")]
        if references:
            meetings.append(Meeting(f"qmsum-{number}", turns, references))
    return meetings[:limit]


def load_ami(folder: Path, limit: int | None = None) -> list[Meeting]:
    """AMI test meetings (HMNet's preprocessed splits): tokenized turns, one reference summary each."""
    meetings = []
    for path in sorted(folder.glob("split_*.jsonl.gz"), key=lambda p: int(re.sub(r"\D", "", p.name) or 0)):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    turns = [detokenize(t["utt"]["word"]) for t in row["meeting"]]
                    meetings.append(Meeting(row["id"], turns, [" ".join(row["summary"])]))
    return meetings[:limit]


def detokenize(words: list[str]) -> str:
    text = " ".join(words)
    text = re.sub(r" ([.,?!;:])", r"\1", text)
    return re.sub(r" (n't|'[a-z]+)\b", r"\1", text)


def score(meetings: list[Meeting], dataset: str) -> BenchmarkFigures:
    """ROUGE of both systems over every (meeting, reference) pair."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_KEYS), use_stemmer=True)
    totals = {"ours": dict.fromkeys(ROUGE_KEYS, 0.0), "textrank": dict.fromkeys(ROUGE_KEYS, 0.0)}
    pairs = 0
    for meeting in meetings:
        texts = [" ".join(s.split()) for turn in meeting.turns for s in sentences(turn)]
        if not texts:
            continue
        shown = [tidy_spoken(t) for t in texts]
        ranking = rank_sentences(texts)
        baseline_order = textrank_order(texts)
        for reference in meeting.references:
            budget = len(reference.split())
            ours = select(shown, ranking, budget_words=budget)
            theirs = take_budget(baseline_order, shown, budget)
            for system, chosen in (("ours", ours), ("textrank", theirs)):
                result = scorer.score(reference, cut(shown, chosen, budget))
                for key in ROUGE_KEYS:
                    totals[system][key] += result[key].fmeasure
            pairs += 1
    ours_rouge, base_rouge = (_mean(totals[s], pairs) for s in ("ours", "textrank"))
    beats = all(getattr(ours_rouge, k) >= getattr(base_rouge, k) for k in ROUGE_KEYS)
    return BenchmarkFigures(dataset=dataset, meetings=len(meetings), references=pairs, ours=ours_rouge,
                            textrank=base_rouge, beats_baseline=beats)  # fmt: skip


def textrank_order(texts: list[str]) -> list[int]:
    """Sentence indices by sumy TextRank rating, best first."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Tokenizer()
    document = ObjectDocumentModel([Paragraph([Sentence(t, tokenizer) for t in texts])])
    summarizer = TextRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    ratings = summarizer.rate_sentences(document)
    return sorted(range(len(texts)), key=lambda i: -ratings[document.sentences[i]])


class _Tokenizer:
    """sumy's own Tokenizer needs NLTK punkt data (a download); sentences are already split here."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[A-Za-z0-9']+", sentence)


def take_budget(order: list[int], texts: list[str], budget: int) -> list[int]:
    chosen, words = [], 0
    for index in order:
        if words >= budget:
            break
        chosen.append(index)
        words += len(texts[index].split())
    return sorted(chosen)


def cut(texts: list[str], chosen: list[int], budget: int) -> str:
    """The chosen sentences in meeting order, cut at exactly `budget` words."""
    return " ".join(" ".join(texts[i] for i in sorted(chosen)).split()[:budget])


def _mean(total: dict[str, float], count: int) -> Rouge:
    return Rouge(**{k: round(100 * v / count, 2) if count else 0.0 for k, v in total.items()})


def run_benchmarks(data_dir: Path, max_meetings: int | None = None) -> tuple[list[BenchmarkFigures], list[str]]:
    """Every benchmark whose files are under data_dir; a line saying why for each one skipped."""
    sources: list[tuple[str, Path, Callable[[Path, int | None], list[Meeting]]]] = [
        ("QMSum test (general queries)", data_dir / "qmsum" / "test.jsonl", load_qmsum),
        ("AMI test", data_dir / "ami" / "test", load_ami),
    ]
    figures, skipped = [], []
    for name, path, loader in sources:
        if not path.exists():
            skipped.append(f"{name}: {path} not found, skipped")
            continue
        meetings = loader(path, max_meetings)
        if not meetings:
            skipped.append(f"{name}: no meetings in {path}, skipped")
            continue
        figures.append(score(meetings, name))
    return figures, skipped
