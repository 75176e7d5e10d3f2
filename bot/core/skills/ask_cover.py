"""What the evidence must hold before `ask` answers: the thing a question asks for, the names it uses, and the
scene it sets. Closeness in meaning is not enough: "What is the CFO's phone number?" is close to every line
that names the CFO, and "What's the weather like in Phoenix in July?" to a call about Phoenix in July.

- The asked-for phrase ("the CFO's phone number", "the weather", "the Chief Marketing Officer"): a line of the
  evidence must hold its last word, and its other words in the line or elsewhere in the line's document. A word
  in the document but not in the line does not count when the line puts a different word in its place ("Chief
  Financial Officer" does not hold "Chief Marketing Officer"); a word left out does ("Strong risk signals" holds
  "strong churn risk signals").
- A name or subject the knowledge base never mentions ("Globex", "at Contoso Pharma") cannot be answered.
- A scene ("at the security review in January") must be a document of the evidence.

Each part of a question of several parts is judged on its own: the parts the evidence holds are answered, the
others are left out.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.core.copilot import Copilot
from bot.core.knowledge.documents import Chunk
from bot.core.knowledge.retrieve import Retriever
from bot.core.skills.ask_cues import MONTHS, kinds_named, split_parts, split_scene
from bot.core.skills.ask_lines import Line, root
from bot.core.skills.date_patterns import WEEKDAYS
from bot.core.text import STOPWORDS, tokens

# Words that frame a question rather than name what it is about: what people did with it (say, decide, go),
# how it is qualified (latest, key, still) and nouns that stand for any answer (thing, role, status) or for what
# someone said (complaint, feedback).
_FRAME_WORDS = """say said says tell told hear heard think thought know knew want wanted need needs needed see saw
    seen look looking go going goes went gone come comes came coming get gets getting got put make makes made take
    took happen happens happened happening decide decided discuss discussed mention mentioned talk talking talked
    ask asks asked answer reply replied work works worked use uses using used doing done mean means meant keep kept
    find found like actually really still just back again first last latest new recent recently current currently
    today yesterday lately ever key main big biggest top important exact exactly specific overall usual usually
    general many much extra more additional other else thing things stuff way ways kind sort type lot part bit name
    names role roles title position job status update updates details info information day days date dates week
    weeks month months year years time times range level amount count total figure figures rate complaint
    complaints concern concerns feedback comment comments opinion view views reaction response point points
    aren isn wasn weren didn doesn don won can couldn wouldn shouldn haven hasn"""
FRAME = frozenset(root(t) for t in tokens(_FRAME_WORDS))
_AUX = r"(?:do|does|did|is|are|was|were|have|has|had|will|would|can|could|should)"
_CLAUSE_START = r"(?:^|[:;,\-–—]\s+|\s-\s)"
# "What is / Who's / How many …" asks for the phrase after it; "Which phrases should …" for the one before the verb.
_ASKED = [
    re.compile(
        rf"{_CLAUSE_START}(?:(?:what|who|which|where|when)(?:['’]s|['’]re|\s+(?:is|are|was|were))|how (?:many|much))"
        r"\s+(?P<phrase>.+)",
        re.I,
    ),
    re.compile(
        rf"{_CLAUSE_START}(?:what|which)\s+(?!{_AUX}\b)(?P<phrase>(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+)\s+{_AUX}\b", re.I
    ),
    # "Can you book me a flight …", "Could you find the …": the thing asked for is the verb's object.
    re.compile(
        r"\b(?:can|could|would|will) you (?:please )?[a-z]+ (?:me |us )?(?:a|an|the|some|our|my) (?P<phrase>.+)", re.I
    ),
]
# Where the phrase ends: a preposition other than "of", a pronoun, a conjunction, a verb, punctuation.
_PHRASE_END = re.compile(
    rf"\s(?:in|at|on|for|with|from|about|like|by|to|into|during|after|before|since|per|than|when|while|where|that"
    rf"|which|who|whom|we|you|they|i|he|she|(?-i:it)|there|here|now|and|or|but|so|if|{_AUX})\b|[?,;:.!()]",
    re.I,
)
# The object of a preposition names what the question is about: "about the merger", "for acme corp", "at the
# Initech account", "in Phoenix"; each ends where the phrase ends.
_TOPIC = re.compile(r"\b(?:about|regarding|for|at|with|from|on|in|of|during|after|before)\s+(?=(?P<topic>.+))", re.I)
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)\s*$")
_MONTHS = {m.lower() for m in MONTHS} | {m[:3].lower() for m in MONTHS} | {"sept"}
_CALENDAR = _MONTHS | set(WEEKDAYS)
TYPO_RATIO = 0.85  # an unknown word this close to a known one is that word misspelled
MIN_ABBREVIATION = 3  # "exec" for "executive", "prep" for "preparation"
COMPOUND_HITS = 10  # chunks searched for a two-word term


@dataclass(frozen=True)
class Coverage:
    """Which parts of the question the evidence answers; `reason` says why nothing is answered."""

    answered: list[str]
    unanswered: list[str]
    reason: str = ""
    scene: str = ""

    @property
    def focus(self) -> str:
        """The question cut to the parts that are answered, in the scene it set."""
        asked = " ".join(p if p.rstrip()[-1:] in "?.!" else p + "?" for p in self.answered)
        return f"{asked} {self.scene.strip()}".strip()


def judge(copilot: Copilot, question: str, focus: str, lines: list[Line]) -> Coverage:
    """Whether the candidate `lines` hold what the question (`focus`: without the account's names) asks for."""
    if not lines:
        return Coverage([], [focus], "no evidence")
    words = _Vocabulary(copilot.retriever)
    if unknown := words.unknown_subjects(question):
        return Coverage([], [focus], f"never mentioned: {', '.join(unknown)}")
    asked, scene = split_scene(focus)
    documents = _Documents(copilot)
    if scene and not _in_one_document(scene, lines, documents, words):
        return Coverage([], [focus], f"no such document: {scene.strip()}")
    parts = split_parts(asked) or [asked]
    held = [
        p
        for p in parts
        if _holds(Phrase.asked_in(p, words), lines, documents, words)
        and _in_one_document(" ".join(topics(p)), lines, documents, words)
    ]
    missing = [p for p in parts if p not in held]
    reason = f"not in the evidence: {'; '.join(missing)}" if missing and not held else ""
    return Coverage(held, missing, reason, scene)


@dataclass(frozen=True)
class Phrase:
    """The thing a question asks for by name, as roots in order ("the CFO's phone number" → cfo, phon, number),
    framing words left out; its head is the last word before an "of" ("head" in "the head of legal")."""

    words: list[str]
    head: str = ""
    role: bool = False  # "who is the …": a person's role, which notes often write without its qualifier

    @classmethod
    def asked_in(cls, part: str, words: _Vocabulary | None = None) -> Phrase:
        for pattern in _ASKED:
            if match := pattern.search(part):
                text = _PHRASE_END.split(" " + match.group("phrase") + " ", maxsplit=1)[0]
                own, _, of = text.partition(" of ")
                spell = words.spelled if words else (lambda t: t)
                own_words, of_words = [spell(t) for t in _content(own)], [spell(t) for t in _content(of)]
                wanted = list(dict.fromkeys(own_words + of_words))
                head = own_words[-1] if own_words else (of_words[-1] if of_words else "")
                return cls(wanted, head, role=bool(re.match(r"\W*who", match.group(0), re.I)))
        return cls([])


def topics(part: str) -> list[str]:
    """The objects of the question's prepositions: what it is about ("the merger", "Phoenix", "July")."""
    found = []
    for match in _TOPIC.finditer(part):
        topic = _PHRASE_END.split(" " + match.group("topic") + " ", maxsplit=1)[0].strip()
        if topic:
            found.append(topic)
    return found


def _content(text: str) -> list[str]:
    found = [root(t) for t in tokens(text) if t not in STOPWORDS and not t.isdigit()]
    return [t for t in dict.fromkeys(found) if t not in FRAME]


def _holds(phrase: Phrase, lines: list[Line], documents: _Documents, words: _Vocabulary) -> bool:
    """Whether a line holds the phrase: its head in the line or its headings, most of its words there too, and
    each of the others in the line's document without the line putting a different word in its place."""
    if not phrase.words:
        return True
    if any(words.never_used(t) and not words.abbreviation(t) for t in phrase.words):
        return False
    for line in lines:
        sequences = _sequences(line)
        held = set().union(*map(set, sequences))
        if not _found(phrase.head, held):
            continue
        # Most of a long phrase is in the line itself: "nurse managers" does not hold "help desk manager".
        own = [t for t in phrase.words if _found(t, held) or words.never_used(t)]
        if 2 * len(own) >= len(phrase.words) and all(
            _word_held(t, phrase, held, sequences, line, documents, words) for t in phrase.words
        ):
            return True
    return False


def _word_held(
    term: str,
    phrase: Phrase,
    held: set[str],
    sequences: list[list[str]],
    line: Line,
    documents: _Documents,
    words: _Vocabulary,
) -> bool:
    if _found(term, held):
        return True
    if words.never_used(term):  # an abbreviation the notes spell out ("exec"): not held against the line
        return True
    if _replaced(term, phrase.words, sequences):
        return False
    if _found(term, documents.words(line.hit.chunk)):
        return True
    following = phrase.words[phrase.words.index(term) + 1 :]
    return phrase.role and words.compound(term, following)


def _replaced(term: str, wanted: list[str], sequences: list[list[str]]) -> bool:
    """Whether the line has the words either side of `term` with another word between them ("Chief Financial
    Officer" for "Chief Marketing Officer"): then it names a different thing."""
    index = wanted.index(term)
    if index == 0 or index == len(wanted) - 1:
        return False
    before, after = wanted[index - 1], wanted[index + 1]
    for sequence in sequences:
        starts = [i for i, t in enumerate(sequence) if _same(before, t)]
        ends = [i for i, t in enumerate(sequence) if _same(after, t)]
        if any(0 < e - s < 4 for s in starts for e in ends) and not any(e - s == 1 for s in starts for e in ends):
            return True
    return False


def _sequences(line: Line) -> list[list[str]]:
    """The line's words in order, and those of its headings (title, section), with its date's month: what the
    line is about."""
    chunk = line.hit.chunk
    texts = [line.text, chunk.title, *chunk.section.split(" > "), _dated(chunk)]
    return [[root(t) for t in tokens(text) if t not in STOPWORDS] + _initials(text) for text in texts]


def _dated(chunk: Chunk) -> str:
    """The month of a chunk's date (in full and short) and its note type: words a question may use for it."""
    month = MONTHS[int(chunk.date[5:7]) - 1] if chunk.date else ""
    return f"{month} {month[:3]} {chunk.doc_type or ''}"


def _initials(text: str) -> list[str]:
    """Acronyms a text spells out: "Chief Financial Officer" → "cfo" (and "cf", "fo")."""
    words = re.findall(r"\b[A-Z][\w'’-]*", text)
    runs = [words[i : i + n] for n in (2, 3, 4) for i in range(len(words) - n + 1)]
    return ["".join(w[0].lower() for w in run) for run in runs]


class _Documents:
    """The words of the documents the lines come from (every chunk, with dates as months), read once."""

    def __init__(self, copilot: Copilot):
        self.copilot = copilot
        self._words: dict[str, set[str]] = {}

    def words(self, chunk: Chunk) -> set[str]:
        if chunk.source not in self._words:
            held: set[str] = set()
            for part in self.copilot.retriever.document(chunk.source) or [chunk]:
                text = f"{part.indexed_text} {_dated(part)}"
                held |= {root(t) for t in tokens(text) if t not in STOPWORDS} | set(_initials(text))
            self._words[chunk.source] = held
        return self._words[chunk.source]


def _in_one_document(text: str, lines: list[Line], documents: _Documents, words: _Vocabulary) -> bool:
    """Whether one document of the evidence holds every word of `text`: a scene ("at the security review in
    January") or what a question is about ("the merger with Summit Bank")."""
    wanted = [words.spelled(t) for t in _content(text) if t not in _CALENDAR or t[:3] in _MONTHS]
    wanted = [t for t in wanted if not (words.never_used(t) and words.abbreviation(t))]
    sources = {line.hit.chunk.source: line.hit.chunk for line in lines}
    return not wanted or any(all(_found(t, documents.words(c)) for t in wanted) for c in sources.values())


def _adjacent(first: str, second: str, text: str) -> bool:
    sequence = [root(t) for t in tokens(text) if t not in STOPWORDS]
    return any(_same(first, a) and _same(second, b) for a, b in itertools.pairwise(sequence))


def _found(term: str, held: set[str]) -> bool:
    return any(_same(term, word) for word in held) if term not in held else True


def _same(term: str, word: str) -> bool:
    """One word, spelled in full or cut short: "exec" and "executive", "complaint" and "complain"."""
    if term == word:
        return True
    shorter, longer = sorted((term, word), key=len)
    if len(shorter) < 4 or not longer.startswith(shorter):
        return False
    # The question's word cut short is an abbreviation; the line's word cut short is another ending of one word
    # ("complain", "complaint"), not a different word ("seat", "seattle").
    return shorter == term or (len(shorter) >= 5 and len(longer) - len(shorter) <= 2)


class _Vocabulary:
    """The knowledge base's words: which of a question's words it never uses, and which it spells differently."""

    def __init__(self, retriever: Retriever):
        self.retriever = retriever
        self.roots = _roots(retriever.vocabulary())
        self._compounds: dict[tuple[str, str], bool] = {}

    def compound(self, term: str, after: list[str]) -> bool:
        """Whether the notes use `term` right before the next word of the phrase somewhere ("executive sponsor"):
        a qualifier of a known term, which a line may leave out ("Dr. Foster (Superintendent, sponsor)")."""
        if not after:
            return False
        key = (term, after[0])
        if key not in self._compounds:  # asked once per line that holds the term: search once
            hits = self.retriever.search(f"{term} {after[0]}", COMPOUND_HITS, mode="lexical")
            self._compounds[key] = any(_adjacent(term, after[0], hit.chunk.text) for hit in hits)
        return self._compounds[key]

    def never_used(self, term: str) -> bool:
        return term not in self.roots

    def abbreviation(self, term: str) -> bool:
        """A word the notes only use spelled out ("exec" → "executive")."""
        return len(term) >= MIN_ABBREVIATION and any(r.startswith(term) for r in self.roots)

    def spelled(self, term: str) -> str:
        """The known word an unknown one is a misspelling of ("whitfeld" → "whitfield"), else the word itself."""
        if not self.never_used(term) or len(term) < 5:
            return term
        # A misspelling keeps the first letter: "flight" is not "light" misspelled.
        close = difflib.get_close_matches(term, [r for r in self.roots if r[0] == term[0]], n=1, cutoff=TYPO_RATIO)
        return close[0] if close else term

    def unknown_subjects(self, question: str) -> list[str]:
        """Names (capitalised, not opening a sentence) and objects of "for", "at", "with"… that the knowledge base
        never uses, even misspelled or cut short: "Globex", "Initech", "acme corp"."""
        candidates = [
            m.group(0) for m in _CAPITALISED.finditer(question) if not _SENTENCE_START.search(question[: m.start()])
        ]
        candidates += [w for topic in topics(question) for w in topic.split()]
        unknown = []
        for word in candidates:
            if kinds_named(word):  # "the QBR": a kind of note, whatever its title calls it
                continue
            terms = [root(t) for t in tokens(word) if t not in STOPWORDS and t not in FRAME]
            for term in terms:
                if term in _CALENDAR or any(c.isdigit() for c in term) or not self.never_used(term):
                    continue
                if not self.abbreviation(term) and self.spelled(term) == term:
                    unknown.append(re.sub(r"['’]s$", "", word))
        return list(dict.fromkeys(unknown))


@lru_cache(maxsize=4)
def _roots(vocabulary: frozenset[str]) -> frozenset[str]:
    return frozenset(root(t) for t in vocabulary)
