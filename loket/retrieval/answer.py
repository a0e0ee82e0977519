"""Answers that keep the fact asked: verbatim guide sentences chosen per question part, or a hand-off.

Nothing is generated from the guide: every line of an answer is made of sentences that are
substrings of a section's text, in their original order, with the section's links kept. What
is not from the guide is computed and labelled as such: a `Statement` (the salary criterion
for the asker's age compared with their salary, the loket's own details, a vacancy search),
which the presenter words in the visitor's language from the message catalogues.

How an answer is chosen, per part of the question (see `question.analyze`):
1. the part is searched on its own (a follow-up with the conversation folded in);
2. every sentence of the best few sections is scored by the sentence ranker (ranking.py, trained
   on the dev split): the section's rank, the question's terms it holds, its dense similarity,
   whether it gives the kind of answer asked (an amount for "how much", a duration for "how
   long", the place named for "where in Leeuwarden"), its position and form;
3. the best sentences are shown, from up to three sections, each with what it needs to stand on
   its own (a list's introduction, the sentence a "That means" refers to), while they score well,
   within a length budget that fits the kind of answer.
Below the confidence threshold, or for a question the guide is not for (rules/handoff.yaml),
the answer is a hand-off with a `reason` naming the referral.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..domain.figures import Criterion, Figures, check_salary, hsm_criterion, monthly_salary
from .chunks import LANGUAGES, Chunk, Sentence
from .handoff import ExampleMatcher, HandoffRules, guard as _guard, handoff_rules
from .language import detect_language
from .lexical import ANALYZERS, tokenize
from .pipeline import Hit, Retrieval, Retriever
from .question import Analysis, Part, analyze, fold, personal_figures, sentence_types
from .ranking import FEATURES, SentenceRanker, sentence_ranker

# The hand-off threshold belongs to the embedding model (`embedder.calibration.handoff_threshold`),
# calibrated on the evaluation's dev split (`loket eval --split dev`). Recalibrate when the
# content, the model or the scoring changes.
MAX_CHARS = 800  # the whole answer, all parts together

# Sentences that lean on the one before them: shown only together with it.
_DANGLING = re.compile(
    r"^(that|this|these|those|it|they|then|so|also|however|but|otherwise|in that case|in this case|if so|"
    r"dat|dit|deze|die|ze|zij|dan|dus|maar|anders|in dat geval|zo ja|daarom|daardoor|hierdoor)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_COLUMN = {name: n for n, name in enumerate(FEATURES)}  # feature name -> its column in a feature matrix
_CONTINUATION = re.compile(r"(Then|Dan|If so|Zo ja)\b")
# A part that asks whether a salary is enough is answered by the salary check itself.
_ENOUGH = re.compile(r"\b(enough|sufficient|high enough|meet|reach|genoeg|voldoende|hoog genoeg|salarisnorm|salary criterion)\b")


@dataclass(frozen=True)
class Budget:
    units: float  # sentences; a list item counts half
    chars: int


# How much an answer of each kind may show: one fact for a yes/no, a short section for steps.
BUDGETS: dict[str | None, Budget] = {
    "yes_no": Budget(3, 480),
    "amount": Budget(3.6, 576),
    "duration": Budget(3, 504),
    "date": Budget(3, 504),
    "place": Budget(4.2, 624),
    "which": Budget(4.2, 624),
    "steps": Budget(7.2, 800),
    None: Budget(4.8, 660),
}


@dataclass(frozen=True)
class Selection:
    """How many sentences an answer takes from where; tuned on the dev split."""

    sections: int = 6  # candidate sections per part
    keep_ratio: float = 0.25  # further sentences must score at least this share of the best
    max_sections: int = 3  # sections one part's sentences may come from
    other_pages: int = 1  # ... of which on other pages than the first sentence's


@dataclass(frozen=True)
class Segment:
    """A piece of a line: text, and the link it carries in the guide (None: plain text)."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Line:
    """One paragraph or list item of an answer, from one section."""

    segments: tuple[Segment, ...]
    bullet: bool
    source: str  # key of the chunk it comes from

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass(frozen=True)
class Statement:
    """What the answer says that is computed, not quoted: the presenter words it per language.

    kinds: 'salary' (data: criterion, required, year, age, monthly, reaches, net, source_url),
    'loket' (data: aspects), 'jobs' (data: {}).
    """

    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    source: Chunk | None = None


@dataclass(frozen=True)
class Answer:
    """An answer (lines and statements, with sources), or a hand-off when `handoff` is set."""

    text: str  # the lines as plain text, one per line ("- " before list items)
    sources: tuple[Chunk, ...]
    confidence: float
    handoff: bool
    lang: str  # language of `text` and `sources` ('en' or 'nl')
    question_lang: str  # detected language of the question, an ISO 639-1 code ('en', 'nl', 'pl', 'ar', …)
    reason: str = ""  # a hand-off's referral: a rules/handoff.yaml category, low-confidence, empty
    sentences: tuple[str, ...] = ()  # the verbatim sentences the lines are made of
    hits: tuple[Hit, ...] = ()
    lines: tuple[Line, ...] = ()
    statements: tuple[Statement, ...] = ()
    analysis: Analysis | None = None
    query_vector: np.ndarray | None = field(default=None, compare=False, repr=False)  # of the first part


def guard(question: str) -> str | None:
    """The category of a question handed over whatever the guide says (injection, abuse, …), else None."""
    return _guard(question)


@dataclass(frozen=True)
class SentenceFeatures:
    """What scoring needs of a section's sentences, computed once per section."""

    terms: tuple[frozenset[str], ...]  # stemmed terms per sentence, in the section's language
    types: tuple[frozenset[str], ...]  # answer types each sentence can give
    folded: tuple[str, ...]  # each sentence folded, for place names
    context: str  # page title and heading, folded
    heading_terms: frozenset[str] = frozenset()  # stemmed terms of the section's heading


def sentence_features(chunk: Chunk) -> SentenceFeatures:
    analyzer = ANALYZERS[chunk.lang]
    return SentenceFeatures(
        terms=tuple(frozenset(analyzer.terms(tokenize(s.text))) for s in chunk.sentences),
        types=tuple(frozenset(sentence_types(s.text)) for s in chunk.sentences),
        folded=tuple(fold(s.text) for s in chunk.sentences),
        context=fold(f"{chunk.page_title} {chunk.heading}"),
        heading_terms=frozenset(analyzer.terms(tokenize(chunk.heading))),
    )


# The places a sentence may name; naming another one than the place asked counts against it.
_NORTHERN_PLACES = re.compile(r"\b(groningen|leeuwarden|assen|emmen|drachten|sneek|heerenveen|hoogeveen|meppel|zwolle|"
                              r"amsterdam|rotterdam|utrecht)\b")
# Answer types for which the place a question names decides which sentences answer it.
_PLACE_TYPES = frozenset({"place", "which", "steps", None})


def segments_of(text: str, links: Sequence[tuple[str, str]]) -> tuple[Segment, ...]:
    """`text` cut into plain and linked segments wherever a link's visible text occurs in it."""
    spans: list[tuple[int, int, str]] = []
    for label, href in sorted(links, key=lambda link: -len(link[0])):
        start = text.find(label)
        while start >= 0:
            end = start + len(label)
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, href))
                break
            start = text.find(label, end)
    spans.sort()
    segments: list[Segment] = []
    position = 0
    for start, end, href in spans:
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], href))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)


class Answerer:
    """Questions in, `Answer`s out, on top of a `Retriever`."""

    def __init__(
        self,
        retriever: Retriever,
        threshold: float | None = None,
        *,
        figures: Figures | None = None,
        handoff: HandoffRules | None = None,
        selection: Selection | None = None,
        ranker: SentenceRanker | None = None,
        max_chars: int = MAX_CHARS,
    ):
        self.retriever = retriever
        # None: the value calibrated for the retriever's embedding model.
        self.threshold = retriever.embedder.calibration.handoff_threshold if threshold is None else threshold
        self.figures = figures or Figures()
        self.handoff = handoff or handoff_rules()
        self.selection = selection or Selection()
        self.ranker = ranker or sentence_ranker(retriever.embedder.name)
        self.max_chars = max_chars
        self._features: dict[str, SentenceFeatures] = {}
        self._examples: ExampleMatcher | None = None
        self._examples_lock = threading.Lock()

    def examples(self) -> ExampleMatcher:
        """The hand-off examples as vectors of this retriever's model, built once (persisted with its indexes)."""
        if self._examples is None:
            with self._examples_lock:
                if self._examples is None:
                    self._examples = ExampleMatcher.build(self.retriever.embedder, self.retriever.index_dir)
        return self._examples

    def _example_category(self, retrieval: Retrieval) -> str | None:
        """The hand-off category whose examples the question is clearly nearer to than to the guide."""
        cosine = retrieval.features.get("cosine")
        if retrieval.query_vector is None or cosine is None:
            return None
        return self.examples().classify(retrieval.query_vector, cosine)

    def features(self, chunk: Chunk) -> SentenceFeatures:
        found = self._features.get(chunk.key)
        if found is None:
            found = self._features[chunk.key] = sentence_features(chunk)
        return found

    # --- the whole answer ----------------------------------------------------------------------

    def answer(self, question: str, lang: str | None = None, *, mode: str = "fused", k: int = 10,
               history: Sequence[str] = (), year: int | None = None) -> Answer:
        """Answer `question` in `lang` (None: the question's language when English or Dutch, else English).

        `history` holds the conversation's earlier questions, oldest first; `year` chooses the
        salary figures (default: the latest year in the figures).
        """
        question = question.strip()
        detected = detect_language(question, default=lang or "en")
        answer_lang = lang if lang in LANGUAGES else (detected if detected in LANGUAGES else "en")
        if not question:
            return Answer("", (), 0.0, True, answer_lang, detected, "empty")
        analysis = analyze(question, history, detected)
        always = guard(question)
        if always is not None:
            return Answer("", (), 1.0, True, answer_lang, detected, always, analysis=analysis)

        statements = self.statements(analysis, answer_lang, year)
        retrievals = [self._retrieve(analysis, part, answer_lang, mode, k, detected) for part in analysis.parts]
        confidence = max((r.confidence for r in retrievals), default=0.0)
        hits = tuple(retrievals[0].hits) if retrievals else ()
        vector = retrievals[0].query_vector if retrievals else None
        if not statements or any(s.kind == "jobs" for s in statements):
            category = self.handoff.classify(analysis.search_text, confidence)
            # A request for vacancies is not near any guide text; its distance to the hand-off
            # examples says nothing, so only the cue rules can hand it over.
            if category is None and retrievals and not statements:
                category = self._example_category(retrievals[0])
            if category is not None and not (statements and category == "chit-chat"):
                return Answer("", (), confidence, True, answer_lang, detected, category, hits=hits, analysis=analysis,
                              query_vector=vector)

        chosen: list[tuple[Chunk, set[int]]] = []
        used_chars = 0
        for part, retrieval in zip(analysis.parts, retrievals, strict=True):
            if not self.composes(part, retrieval, statements):
                continue
            budget = BUDGETS.get(part.answer_type, BUDGETS[None])
            chars = min(budget.chars, max(0, self.max_chars - used_chars))
            picked = self._select(retrieval, part, budget, chars, exclude=chosen)
            used_chars += sum(len(chunk.sentences[i].text) + 1 for chunk, ids in picked for i in ids)
            chosen.extend(picked)

        if not chosen and not statements:
            return Answer("", (), confidence, True, answer_lang, detected, "low-confidence", hits=hits, analysis=analysis,
                          query_vector=vector)
        lines = self._render(chosen)
        sources = tuple(dict.fromkeys([*(c for c, _ in chosen), *(s.source for s in statements if s.source)]))
        sentences = tuple(chunk.sentences[i].text for chunk, ids in chosen for i in sorted(ids))
        text = "\n".join(("- " if line.bullet else "") + line.text for line in lines)
        lang_out = sources[0].lang if sources else answer_lang
        return Answer(text, sources, confidence, False, lang_out, detected, "", sentences, hits, lines,
                      tuple(statements), analysis, vector)

    def compose(self, retrieval: Retrieval, question_lang: str) -> Answer:
        """An answer from one retrieval of a one-part question (for callers that searched already)."""
        return self.answer(retrieval.question, retrieval.lang if question_lang in LANGUAGES else None)

    def _retrieve(self, analysis: Analysis, part: Part, lang: str, mode: str, k: int, question_lang: str) -> Retrieval:
        """Search for one part; a part that says too little alone ("can my wife work?") is searched with the rest too."""
        retrieval = self.retriever.retrieve(part.text, lang, k=k, mode=mode, question_lang=question_lang)
        if len(analysis.parts) > 1 and retrieval.confidence < self.threshold + 0.15:
            context = f"{part.text} {analysis.search_text}"
            wider = self.retriever.retrieve(context, lang, k=k, mode=mode, question_lang=question_lang)
            if wider.confidence > retrieval.confidence:
                return wider
        return retrieval

    def statements(self, analysis: Analysis, lang: str, year: int | None = None) -> list[Statement]:
        """What the answer says that is computed: the loket's details, the salary check, a vacancy search."""
        statements: list[Statement] = []
        if analysis.loket_aspects:
            statements.append(Statement("loket", {"aspects": sorted(analysis.loket_aspects)}))
        salary = self._salary_statement(analysis, lang, year)
        if salary is not None:
            statements.append(salary)
        if any(p.job_search for p in analysis.parts):
            statements.append(Statement("jobs"))
        return statements

    def composes(self, part: Part, retrieval: Retrieval, statements: Sequence[Statement]) -> bool:
        """True when this part is answered with guide sentences (found well enough, not by a statement)."""
        return bool(retrieval.hits) and retrieval.confidence >= self.threshold \
            and not self._part_is_answered_by(part, statements)

    @staticmethod
    def _part_is_answered_by(part: Part, statements: Sequence[Statement]) -> bool:
        """True when a computed statement already answers this part (the loket's details, the salary check)."""
        kinds = {s.kind for s in statements}
        if "loket" in kinds:
            return True
        if "salary" in kinds and (personal_figures(part.text) is not None or _ENOUGH.search(fold(part.text))):
            return True
        if "jobs" in kinds and part.answer_type is None and not part.text.rstrip().endswith("?"):
            # "QA jobs? I know Selenium and Cypress": a statement beside a job search says what
            # the visitor can do, for the search; it is not a question for the guide.
            return True
        return part.job_search and "jobs" in kinds and part.answer_type is None

    # --- computed statements ---------------------------------------------------------------------

    def _salary_statement(self, analysis: Analysis, lang: str, year: int | None) -> Statement | None:
        """The criterion that applies to the asker (and whether their salary reaches it), from the figures."""
        personal = analysis.personal
        if personal is None or not self.figures.years:
            return None
        figures = self.figures.for_year(year) if year else self.figures.years[-1]
        if figures is None:
            return None
        if personal.blue_card:
            criterion = Criterion.EU_BLUE_CARD
            if personal.reduced and figures.amount(Criterion.EU_BLUE_CARD_RECENT_GRADUATE):
                criterion = Criterion.EU_BLUE_CARD_RECENT_GRADUATE
        else:
            criterion = hsm_criterion(personal.age, personal.reduced)
        required = figures.amount(criterion)
        if required is None:
            return None
        data: dict[str, Any] = {
            "criterion": criterion.value, "required": required, "year": figures.year, "age": personal.age,
            "source_url": figures.source, "net": personal.net, "period": personal.period,
            "salary": personal.salary, "monthly": None, "reaches": None,
        }
        if personal.salary is not None:
            monthly = monthly_salary(personal.salary, personal.period,
                                     includes_holiday_allowance=personal.includes_holiday_allowance)
            check = check_salary(figures, criterion, monthly)
            if check is not None:
                data.update(monthly=round(monthly), reaches=check.reaches)
        return Statement("salary", data, self._figure_source(figures.page, required, lang))

    def _figure_source(self, page_id: str, amount: int, lang: str) -> Chunk | None:
        """The section of `page_id` in `lang` that states `amount`."""
        table = self.retriever.warm_up().table
        assert table is not None
        digits = str(amount)
        for chunk in table.chunks:
            if chunk.page_id == page_id and chunk.lang == lang and digits in re.sub(r"(?<=\d)[.,](?=\d{3})", "", chunk.text):
                return chunk
        return None

    # --- sentences -------------------------------------------------------------------------------

    def candidates(self, retrieval: Retrieval, part: Part) -> tuple[list[tuple[int, int]], np.ndarray]:
        """Every sentence of the part's candidate sections as (hit index, sentence index), with its FEATURES row."""
        hits = retrieval.hits[: self.selection.sections]
        rows: list[tuple[int, int]] = []
        blocks: list[np.ndarray] = []
        top_score = hits[0].score if hits else 0.0
        for h, hit in enumerate(hits):
            block = self._features_of(retrieval, part, hit, h, top_score, hits[0].chunk.page_id)
            rows.extend((h, i) for i in range(len(block)))
            blocks.append(block)
        if not rows:
            return [], np.zeros((0, len(FEATURES)))
        matrix = np.vstack(blocks)
        for name in ("lexical", "dense"):
            values = matrix[:, _COLUMN[name]]
            matrix[:, _COLUMN[f"{name}_gap"]] = values - values.max()
            ranks = np.empty(len(values))
            ranks[np.argsort(-values, kind="stable")] = np.arange(1, len(values) + 1)
            matrix[:, _COLUMN[f"{name}_rank"]] = 1.0 / ranks
        return rows, matrix

    def _features_of(self, retrieval: Retrieval, part: Part, hit: Hit, rank: int, top_score: float,
                     top_page: str) -> np.ndarray:
        """The FEATURES of every sentence of `hit`'s section for this part.

        The *_gap and *_rank columns compare a sentence with all candidates; `candidates` fills them.
        """
        chunk = hit.chunk
        features = self.features(chunk)
        count = len(chunk.sentences)
        matrix = np.zeros((count, len(FEATURES)))
        if not count:
            return matrix
        column = _COLUMN
        lexical = self.retriever.lexical
        assert lexical is not None
        index = lexical.indexes[chunk.lang]
        terms = set(lexical.query_terms(retrieval.expansion, chunk.lang))
        idf = {t: index.idf(t) for t in terms}
        total = sum(idf.values()) or 1.0
        calibration = self.retriever.embedder.calibration
        matrix[:, column["section"]] = hit.score / top_score if top_score else 0.0
        matrix[:, column["rank"]] = 1.0 / (rank + 1)
        matrix[:, column["top_page"]] = float(chunk.page_id == top_page)
        matrix[:, column["section_cosine"]] = calibration.scale_cosine(hit.cosine) if hit.cosine is not None else 0.0
        matrix[:, column["lexical"]] = [sum(idf[t] for t in terms & sentence_terms) / total for sentence_terms in features.terms]
        matrix[:, column["heading"]] = sum(idf[t] for t in terms & features.heading_terms) / total
        sentence_index = self.retriever.in_context or self.retriever.sentences
        if sentence_index is not None and retrieval.query_vector is not None:
            keys = [f"{chunk.key}~{i}" for i in range(count)]
            matrix[:, column["dense"]] = calibration.scale_sentences(sentence_index.similarities(retrieval.query_vector, keys))
        if part.answer_type is not None:
            gives = np.array([part.answer_type in types for types in features.types], dtype=float)
            matrix[:, column["type_match"]] = gives
            matrix[:, column["type_other"]] = 1.0 - gives
        if part.places and part.answer_type in _PLACE_TYPES:
            section_has = any(re.search(rf"\b{re.escape(p)}\b", features.context) for p in part.places)
            for i, text in enumerate(features.folded):
                named = any(re.search(rf"\b{re.escape(p)}\b", text) for p in part.places)
                other = bool(_NORTHERN_PLACES.search(text))
                matrix[i, column["place"]] = 1.0 if named else 0.5 if section_has and not other else -0.5 if other else 0.0
        for name in ("dense", "lexical"):
            values = matrix[:, column[name]]
            near = np.zeros(count)
            near[1:] = values[:-1]
            near[:-1] = np.maximum(near[:-1], values[1:])
            matrix[:, column[f"{name}_near"]] = near
        matrix[0, column["first"]] = 1.0
        matrix[:, column["position"]] = np.arange(count) / max(1, count - 1)
        for i, sentence in enumerate(chunk.sentences):
            text = sentence.text
            matrix[i, column["bullet"]] = float(sentence.bullet)
            matrix[i, column["intro"]] = float(text.endswith(":"))
            matrix[i, column["question"]] = float(text.endswith("?"))
            matrix[i, column["length"]] = len(text) / 200
            matrix[i, column["number"]] = float(bool(_DIGIT.search(text)))
            matrix[i, column["dangling"]] = float(bool(_DANGLING.match(text)))
        return matrix

    def _select(self, retrieval: Retrieval, part: Part, budget: Budget, max_chars: int,
                exclude: Sequence[tuple[Chunk, set[int]]] = ()) -> list[tuple[Chunk, set[int]]]:
        """The sentences that answer this part: the best ones by the ranker, each with the context it needs.

        Sentences are taken best first, from at most `Selection.max_sections` sections, while they
        score at least `keep_ratio` of the best and the budget lasts; sections come in the order
        the search ranked them, sentences within a section in the guide's order.
        """
        hits = retrieval.hits[: self.selection.sections]
        taken = {(c.key, i) for c, ids in exclude for i in ids}
        rows, matrix = self.candidates(retrieval, part)
        scores = self.ranker.probabilities(matrix) if rows else np.zeros(0)
        candidates = sorted(((float(score), h, i) for (h, i), score in zip(rows, scores, strict=True)
                             if (hits[h].chunk.key, i) not in taken), key=lambda c: -c[0])
        if not candidates:
            return []
        best = candidates[0][0]
        chosen: dict[int, set[int]] = {}
        used_chars, used_units = 0, 0.0
        for score, h, i in candidates:
            if chosen and (score < self.selection.keep_ratio * best or used_units >= budget.units):
                break
            if chosen and h not in chosen and not self._may_add(hits, chosen, h):
                continue
            chunk = hits[h].chunk
            ids = chosen.get(h, set())
            if i in ids:
                continue
            for group in self._groups(chunk, i):
                new = [j for j in group if j not in ids]
                size = sum(len(chunk.sentences[j].text) + 1 for j in new)
                if not chosen or used_chars + size <= max_chars:
                    chosen.setdefault(h, set()).update(new)
                    used_units += sum(0.5 if chunk.sentences[j].bullet else 1.0 for j in new)
                    used_chars += size
                    break
        return [(hits[h].chunk, self._stand_alone(hits[h].chunk, chosen[h])) for h in sorted(chosen)]

    def _may_add(self, hits: Sequence[Hit], chosen: dict[int, set[int]], h: int) -> bool:
        """Whether section `h` may join the chosen ones (keyed by hit index, first chosen first)."""
        if len(chosen) >= self.selection.max_sections:
            return False
        first_page = hits[next(iter(chosen))].chunk.page_id
        others = {hits[c].chunk.page_id for c in chosen} - {first_page}
        page = hits[h].chunk.page_id
        return page == first_page or page in others or len(others) < self.selection.other_pages

    @staticmethod
    def _stand_alone(chunk: Chunk, chosen: set[int]) -> set[int]:
        """Drop a sentence that leans on an unshown one ("That means …") when nothing shows what it means."""
        result = set(chosen)
        for i in sorted(chosen):
            sentence = chunk.sentences[i]
            if i > 0 and _DANGLING.match(sentence.text) and (i - 1) not in result and not sentence.bullet:
                previous = chunk.sentences[i - 1]
                if previous.block == sentence.block or not previous.bullet:
                    result.add(i - 1)
        return result

    def _groups(self, chunk: Chunk, i: int) -> list[list[int]]:
        """Ways to show sentence i, most context first: a list with its intro, "…? Then …", "That means" with its cause."""
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
                # A list item is never shown without the sentence that introduces its list.
                return [list(range(intro, end + 1)), [intro, i]]
        elif sentences[i].text.endswith(":"):
            end = i
            while end + 1 < len(sentences) and sentences[end + 1].bullet:
                end += 1
            groups.append(list(range(i, end + 1)))
        elif i > 0 and (_CONTINUATION.match(sentences[i].text) or _DANGLING.match(sentences[i].text)) \
                and not sentences[i - 1].bullet:
            # "Are you a citizen of the EU? Then you may …", "… says "X." This means …".
            groups.append([i - 1, i])
        elif sentences[i].text.endswith("?") and i + 1 < len(sentences) and sentences[i + 1].block == sentences[i].block:
            # The guide asks the reader a question and answers it in the next sentence.
            groups.append([i, i + 1])
        groups.append([i])
        return groups

    def _render(self, chosen: Sequence[tuple[Chunk, set[int]]]) -> tuple[Line, ...]:
        """The chosen sentences in content order: one line per paragraph or list item, links kept."""
        lines: list[Line] = []
        for chunk, ids in chosen:
            current_block, parts, bullet = None, [], False
            for i, sentence in enumerate(chunk.sentences):
                if i not in ids:
                    continue
                if sentence.block != current_block and parts:
                    lines.append(Line(segments_of(" ".join(parts), chunk.links), bullet, chunk.key))
                    parts = []
                current_block, bullet = sentence.block, sentence.bullet
                parts.append(sentence.text)
            if parts:
                lines.append(Line(segments_of(" ".join(parts), chunk.links), bullet, chunk.key))
        return tuple(lines)
