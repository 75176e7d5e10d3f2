"""Extractive summarization: central, informative sentences chosen without repeating each other.

Sentences become TF-IDF vectors over content words (bot.core.text tokens minus spoken filler). A sentence's
score blends its PageRank centrality in the cosine-similarity graph (as in LexRank) with a MEAD-style centroid
score: the weight of the meeting's topic words it contains, damped by its length. The score then decays with the
sentence's interactional share, the words that are filler or talk between the speakers ("I think you know, I
mean") rather than about the topic: much of a meeting is conversation management, and a summary reports
the content. Maximal marginal relevance (MMR) then picks sentences that score high and overlap little with those
already chosen. Pure numpy: a two-hour transcript ranks in well under a second.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from bot.core.text import tokens

# Spoken filler and meeting talk that say nothing about the topic.
FILLERS = frozenset(
    """yeah yes okay ok um uh umm uhm hmm mm mhm oh ah like gonna wanna kinda sorta right well sure thing lot bit
    really actually mean think guess know stuff sort kind basically maybe probably something anything everything
    going want go say said see look make way good great one thank thanks hello hi morning afternoon everyone
    guys alright cool yep nope wow quite pretty thought little much many lots even still back got get put take
    come let need would could should might must shall may also though anyway whatever""".split()
)
# "I" and "you" are the speakers addressing each other; "we" stays, as the group is what a summary reports on.
PERSONAL = frozenset(
    """i i'm i've i'll i'd me my mine myself you you're you've you'll you'd your yours yourself""".split()
)
REGISTER_DECAY = 10.0  # score × e^(-this × interactional share): a third filler and "I/you" keeps 4% of it
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
MIN_CONTENT_WORDS = 6
FALLBACK_MIN_CONTENT_WORDS = 2  # short notes: rank short sentences rather than nothing
MAX_GRAPH = 2500  # sentences in the similarity graph; beyond this, the most informative ones are kept
DAMPING = 0.85
ITERATIONS = 40
EDGE_FLOOR = 0.05  # similarities below this are noise, not edges
CENTRALITY_WEIGHT = 0.5
TOPIC_WORDS = 150  # the centroid keeps the meeting's heaviest words by total TF-IDF
LENGTH_DAMPING = 0.6  # topic weight ÷ length^this: long sentences carry more, but not proportionally more
QUESTION_FACTOR = 0.75
MMR_LAMBDA = 0.7
DUPLICATE_SIMILARITY = 0.6


@dataclass(frozen=True)
class Ranking:
    """Scores for every sentence (0 for those too short to rank) and unit vectors for the ranked ones."""

    scores: np.ndarray
    vectors: dict[int, np.ndarray]


def content_words(text: str) -> list[str]:
    """Stemmed content words without spoken filler."""
    return [t for t in tokens(text) if t not in FILLERS and len(t) > 1]


def interactional_share(text: str) -> float:
    """The share of a sentence's words that are spoken filler or the speakers addressing each other."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    return sum(1 for w in words if w in FILLERS or w in PERSONAL) / len(words) if words else 0.0


def rank_sentences(texts: list[str], boosts: list[float] | None = None) -> Ranking:
    """Score every sentence by centrality, centroid similarity, content and register; `boosts` multiply the
    scores."""
    words = [content_words(t) for t in texts]
    candidates = [i for i, w in enumerate(words) if len(set(w)) >= MIN_CONTENT_WORDS]
    if len(candidates) < 3:
        candidates = [i for i, w in enumerate(words) if len(set(w)) >= FALLBACK_MIN_CONTENT_WORDS]
    scores = np.zeros(len(texts))
    if not candidates:
        return Ranking(scores, {})
    candidates = _cap(candidates, words)
    docs = [words[i] for i in candidates]
    matrix = _tfidf(docs)
    blended = CENTRALITY_WEIGHT * _unit_max(_pagerank(matrix)) + (1 - CENTRALITY_WEIGHT) * _unit_max(_topicality(docs))
    for row, index in enumerate(candidates):
        question = QUESTION_FACTOR if texts[index].rstrip().endswith("?") else 1.0
        boost = boosts[index] if boosts else 1.0
        register = math.exp(-REGISTER_DECAY * interactional_share(texts[index]))
        scores[index] = blended[row] * question * boost * register
    return Ranking(scores, {index: matrix[row] for row, index in enumerate(candidates)})


def select(
    texts: list[str], ranking: Ranking, max_sentences: int | None = None, budget_words: int | None = None
) -> list[int]:
    """Indices chosen by MMR until the sentence count or word budget is reached, in document order."""
    pool = sorted(ranking.vectors, key=lambda i: -ranking.scores[i])[:300]
    if not pool:
        return []
    top = ranking.scores[pool[0]] or 1.0
    chosen: list[int] = []
    words_used = 0
    while pool and (max_sentences is None or len(chosen) < max_sentences):
        if budget_words is not None and words_used >= budget_words:
            break
        best, best_value = None, -math.inf
        for index in pool:
            redundancy = max((float(ranking.vectors[index] @ ranking.vectors[c]) for c in chosen), default=0.0)
            value = MMR_LAMBDA * ranking.scores[index] / top - (1 - MMR_LAMBDA) * redundancy
            if redundancy < DUPLICATE_SIMILARITY and value > best_value:
                best, best_value = index, value
        if best is None:
            break
        pool.remove(best)
        chosen.append(best)
        words_used += len(texts[best].split())
    return sorted(chosen)


def summarize_texts(texts: list[str], max_sentences: int | None = None, budget_words: int | None = None) -> list[int]:
    """Rank then select: the extractive summary of `texts` as sentence indices."""
    return select(texts, rank_sentences(texts), max_sentences=max_sentences, budget_words=budget_words)


def _cap(candidates: list[int], words: list[list[str]]) -> list[int]:
    if len(candidates) <= MAX_GRAPH:
        return candidates
    df = Counter(w for i in candidates for w in set(words[i]))
    total = len(candidates)
    weight = {i: sum(math.log(total / df[w]) for w in set(words[i])) for i in candidates}
    return sorted(sorted(candidates, key=lambda i: -weight[i])[:MAX_GRAPH])


def _tfidf(docs: list[list[str]]) -> np.ndarray:
    vocabulary: dict[str, int] = {}
    for doc in docs:
        for word in doc:
            vocabulary.setdefault(word, len(vocabulary))
    matrix = np.zeros((len(docs), len(vocabulary)), dtype=np.float32)
    for row, doc in enumerate(docs):
        for word, count in Counter(doc).items():
            matrix[row, vocabulary[word]] = 1.0 + math.log(count)
    df = (matrix > 0).sum(axis=0)
    matrix *= np.log((1 + len(docs)) / (1 + df)) + 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def _topicality(docs: list[list[str]]) -> np.ndarray:
    """MEAD's centroid score: the summed weight of the meeting's topic words in each sentence."""
    df = Counter(w for doc in docs for w in set(doc))
    tf = Counter(w for doc in docs for w in doc)
    size = len(docs)
    weight = {w: tf[w] * math.log((size + 1) / (df[w] + 1)) for w in tf}
    topic = dict(sorted(weight.items(), key=lambda kv: -kv[1])[:TOPIC_WORDS])
    return np.array([sum(topic.get(w, 0.0) for w in set(doc)) / len(doc) ** LENGTH_DAMPING for doc in docs])


def _pagerank(matrix: np.ndarray) -> np.ndarray:
    similarity = matrix @ matrix.T
    np.fill_diagonal(similarity, 0.0)
    similarity[similarity < EDGE_FLOOR] = 0.0
    row_sums = similarity.sum(axis=1, keepdims=True)
    transition = similarity / np.where(row_sums == 0, 1.0, row_sums)
    size = len(matrix)
    rank = np.full(size, 1.0 / size, dtype=np.float32)
    for _ in range(ITERATIONS):
        rank = (1 - DAMPING) / size + DAMPING * (transition.T @ rank)
    return rank


def _unit_max(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else values
