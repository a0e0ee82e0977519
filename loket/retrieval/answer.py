"""Extractive answers: a few verbatim sentences of the best section(s), or an honest hand-off.

Nothing is generated: every sentence of an answer is a substring of a chunk's text, kept in
its original order. A question in another language than English or Dutch is answered from
the English page (the caller says so in the asker's language). Below the confidence
threshold, or for questions the guide is not for (chit-chat, prompt injection), the
answer is a hand-off: empty text,
`handoff=True` and a `reason`; the caller adds the loket's contact details in the
visitor's language.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .chunks import LANGUAGES, Chunk, Sentence
from .language import detect_language
from .lexical import ANALYZERS, tokenize
from .pipeline import Hit, Retrieval, Retriever

# The hand-off threshold belongs to the embedding model: `embedder.calibration.handoff_threshold`.
MAX_SENTENCES = 3
MAX_CHARS = 450

_FLAGS = re.IGNORECASE | re.UNICODE
# Attempts to steer the assistant instead of asking it something.
_INJECTION = [
    re.compile(p, _FLAGS)
    for p in (
        r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompts?|guidelines|above|previous|everything)\b",
        r"\b(negeer|vergeet|omzeil)\b.{0,40}\b(instructies?|regels|opdrachten?|prompts?|alles|vorige)\b",
        r"\bsystem\s*prompt\b|\bdeveloper mode\b|\bjailbreak\b",
        r"\byou are now\b|\bpretend (to be|you are|that)\b|\bact as (a|an|my)\b|\brole-?play\b",
        r"\bje bent nu\b|\bdoe alsof\b|\bspeel (de rol|dat)\b",
        r"\b(reveal|show|print|repeat) (your|the) (instructions|prompt|rules|configuration)\b",
    )
]
# Topics the guide is not for, in English and Dutch.
_OFF_TOPIC = [
    re.compile(p, _FLAGS)
    for p in (
        r"\b(write|compose|make|give|tell|schrijf|maak|verzin|vertel)\b.{0,30}\b(poem|poetry|song|lyrics|story|joke|"
        r"essay|limerick|haiku|rap|gedicht|gedichtje|liedje|lied|verhaal|verhaaltje|grap|grapje|mop|moppen)\b",
        r"\b(poem|haiku|limerick|gedicht)\b",
        r"\b(weather|forecast|temperature|rain(ing)? tomorrow|sunny)\b|\b(weerbericht|weersverwachting|"
        r"het weer|gaat het regenen|regent het|temperatuur)\b|\bweer\b.{0,25}\b(morgen|vandaag|weekend)\b|"
        r"\bwat voor weer\b",
        r"\b(football|soccer|voetbal|eredivisie|champions league|world cup|voetbalwedstrijd|"
        r"ajax|feyenoord|psv|fc groningen|sc heerenveen|formula 1|formule 1)\b",
        r"\b(recipe|recipes|recept|recepten|cooking|baking|koken|bakken)\b",
        r"\b(bitcoin|crypto|stock price|aandelen|lottery|loterij|horoscope|horoscoop)\b",
        r"\b(capital of|hoofdstad van|who (is|was) the (president|king|prime minister))\b",
        r"\b(tell me about yourself|how are you|hoe gaat het met je|are you (human|a robot|alive|conscious)|"
        r"ben je (een mens|een robot))\b",
        r"\b(girlfriend|boyfriend|dating|date me|vriendin|vriendje)\b",
        r"\b(movie|netflix|tv show|videogame|concert tickets)\b",
        r"\b(train|trein|bus|flight|vlucht)\b.{0,40}\b(leave|leaves|depart|departs|vertrekt|timetable|"
        r"dienstregeling)\b|\bwhat time does\b|\bhoe laat (gaat|vertrekt)\b",
    )
]


_CONTINUATION = re.compile(r"(Then|Dan|If so|Zo ja)\b")


def guard(question: str) -> str | None:
    """'injection' or 'off-topic' when the question is plainly not for the guide, else None."""
    if any(p.search(question) for p in _INJECTION):
        return "injection"
    if any(p.search(question) for p in _OFF_TOPIC):
        return "off-topic"
    return None


@dataclass(frozen=True)
class Answer:
    """An extractive answer, or a hand-off when `handoff` is set (then `text` is empty)."""

    text: str
    sources: tuple[Chunk, ...]
    confidence: float
    handoff: bool
    lang: str  # language of `text` and `sources` ('en' or 'nl')
    question_lang: str  # detected language of the question, an ISO 639-1 code ('en', 'nl', 'pl', 'ar', …)
    reason: str = ""  # why a hand-off: low-confidence, injection, off-topic, empty
    sentences: tuple[str, ...] = ()  # the verbatim sentences `text` is made of
    hits: tuple[Hit, ...] = ()


def _sentence_terms(sentence: Sentence, lang: str) -> set[str]:
    return set(ANALYZERS[lang].terms(tokenize(sentence.text)))


class Answerer:
    """Questions in, `Answer`s out, on top of a `Retriever`."""

    def __init__(
        self,
        retriever: Retriever,
        threshold: float | None = None,
        *,
        max_sentences: int = MAX_SENTENCES,
        max_chars: int = MAX_CHARS,
    ):
        self.retriever = retriever
        # None: the value calibrated for the retriever's embedding model.
        self.threshold = retriever.embedder.calibration.handoff_threshold if threshold is None else threshold
        self.max_sentences = max_sentences
        self.max_chars = max_chars

    def answer(self, question: str, lang: str | None = None, *, mode: str = "fused", k: int = 10) -> Answer:
        """Answer `question` in `lang` (None: the question's language when it is English or Dutch, else English)."""
        question = question.strip()
        detected = detect_language(question, default=lang or "en")
        answer_lang = lang if lang in LANGUAGES else (detected if detected in LANGUAGES else "en")
        if not question:
            return Answer("", (), 0.0, True, answer_lang, detected, "empty")
        retrieval = self.retriever.retrieve(question, answer_lang, k=k, mode=mode, question_lang=detected)
        return self.compose(retrieval, detected)

    def compose(self, retrieval: Retrieval, question_lang: str) -> Answer:
        """Turn a retrieval into an answer or a hand-off."""
        hits = tuple(retrieval.hits)
        lang = retrieval.lang
        reason = guard(retrieval.question)
        if reason is None and (not hits or retrieval.confidence < self.threshold):
            reason = "low-confidence"
        if reason is not None:
            return Answer("", (), retrieval.confidence, True, lang, question_lang, reason, (), hits)
        sections = self._sections(hits)
        chosen = self._select(retrieval, sections)
        text = self._render(sections, chosen)
        sentences = tuple(s.text for c in sections for i, s in enumerate(c.sentences) if (c.key, i) in chosen)
        sources = tuple(c for c in sections if any(key == c.key for key, _ in chosen))
        return Answer(text, sources, retrieval.confidence, False, sources[0].lang, question_lang, "", sentences, hits)

    def _sections(self, hits: Sequence[Hit]) -> list[Chunk]:
        """The best section, plus the next section of the same page when it scored nearly as well.

        One page per answer: two pages mixed in three sentences read as one confused answer.
        """
        top = hits[0]
        sections = [top.chunk]
        for hit in hits[1:3]:
            if hit.chunk.page_id == top.chunk.page_id and hit.chunk.lang == top.chunk.lang and hit.score >= 0.8 * top.score:
                sections.append(hit.chunk)
                break
        return sections

    def _scores(self, retrieval: Retrieval, chunk: Chunk) -> np.ndarray:
        """Relevance of each sentence: idf-weighted term overlap plus dense similarity."""
        lexical = self.retriever.lexical
        assert lexical is not None
        index = lexical.indexes[chunk.lang]
        terms = set(lexical.query_terms(retrieval.expansion, chunk.lang))
        total = sum(index.idf(t) for t in terms) or 1.0
        overlap = np.array(
            [sum(index.idf(t) for t in terms & _sentence_terms(s, chunk.lang)) / total for s in chunk.sentences]
        )
        sentence_index = self.retriever.sentences
        if sentence_index is not None and retrieval.query_vector is not None and chunk.sentences:
            keys = [f"{chunk.key}~{i}" for i in range(len(chunk.sentences))]
            cosine = sentence_index.similarities(retrieval.query_vector, keys)
            dense = self.retriever.embedder.calibration.scale_sentences(cosine)
            scores = 0.55 * overlap + 0.45 * dense
        else:
            scores = overlap
        # Sections open with their main point: a small nudge for the first sentence.
        if len(scores):
            scores[0] += 0.05
        return scores

    def _select(self, retrieval: Retrieval, sections: list[Chunk]) -> set[tuple[str, int]]:
        """Best sentences first, each with the context it needs, within the length budget."""
        candidates: list[tuple[float, str, int]] = []
        for rank, chunk in enumerate(sections):
            factor = 1.0 if rank == 0 else 0.8
            for i, score in enumerate(self._scores(retrieval, chunk)):
                candidates.append((float(score) * factor, chunk.key, i))
        candidates.sort(key=lambda c: -c[0])
        by_key = {c.key: c for c in sections}
        chosen: set[tuple[str, int]] = set()
        used_chars, used_units = 0, 0.0
        best = candidates[0][0] if candidates else 0.0
        for score, key, i in candidates:
            if chosen and (score < 0.4 * best or used_units >= self.max_sentences):
                break
            chunk = by_key[key]
            for group in self._groups(chunk, i):
                new = [j for j in group if (key, j) not in chosen]
                size = sum(len(chunk.sentences[j].text) + 1 for j in new)
                if not chosen or used_chars + size <= self.max_chars:
                    for j in new:
                        chosen.add((key, j))
                        used_units += 0.5 if chunk.sentences[j].bullet else 1.0
                    used_chars += size
                    break
        return chosen

    def _groups(self, chunk: Chunk, i: int) -> list[list[int]]:
        """Ways to show sentence i, most context first: a list with its intro, or "…? Then …" pairs."""
        sentences = chunk.sentences
        groups: list[list[int]] = []
        if sentences[i].bullet:
            start = i
            while start > 0 and sentences[start - 1].bullet:
                start -= 1
            intro = start - 1 if start > 0 and sentences[start - 1].text.endswith(":") else None
            end = start
            while end + 1 < len(sentences) and sentences[end + 1].bullet:
                end += 1
            if intro is not None:
                groups.append(list(range(intro, end + 1)))
                groups.append([intro, i])
        elif sentences[i].text.endswith(":"):
            end = i
            while end + 1 < len(sentences) and sentences[end + 1].bullet:
                end += 1
            groups.append(list(range(i, end + 1)))
        elif (
            i > 0
            and _CONTINUATION.match(sentences[i].text)
            and sentences[i - 1].block == sentences[i].block
            and sentences[i - 1].text.endswith("?")
        ):
            # "Are you a citizen of the EU? Then you may …": the "then" needs its question.
            groups.append([i - 1, i])
        elif (
            sentences[i].text.endswith("?")
            and i + 1 < len(sentences)
            and sentences[i + 1].block == sentences[i].block
        ):
            # The guide asks the reader a question and answers it in the next sentence.
            groups.append([i, i + 1])
        groups.append([i])
        return groups

    def _render(self, sections: list[Chunk], chosen: set[tuple[str, int]]) -> str:
        """The chosen sentences in content order: one line per paragraph or list item."""
        lines: list[str] = []
        for chunk in sections:
            current_block, parts = None, []
            for i, sentence in enumerate(chunk.sentences):
                if (chunk.key, i) not in chosen:
                    continue
                if sentence.block != current_block and parts:
                    lines.append(" ".join(parts))
                    parts = []
                if sentence.block != current_block and sentence.bullet:
                    parts.append("-")
                current_block = sentence.block
                parts.append(sentence.text)
            if parts:
                lines.append(" ".join(parts))
        return "\n".join(lines)
