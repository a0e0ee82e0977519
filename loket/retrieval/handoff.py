"""When the assistant should hand a question over, and to whom: categories from rules/handoff.yaml.

A category's cues say a question has its shape ("my landlord keeps my deposit"). Categories
marked `always` hand over on a cue alone; for the others the guide's own evidence decides too:
a cue counts only while the retrieval's confidence stays below the category's
`max_confidence` — so "what are the rules for a rental deposit?" is answered when the guide
covers deposits, while "my landlord keeps my deposit" goes to the Huurcommissie. The values are
calibrated on the evaluation's dev split (`calibrate`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..domain.question_filters import fold

RULES_FILE = Path(__file__).parent / "rules" / "handoff.yaml"


@dataclass(frozen=True)
class Category:
    name: str
    cues: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    always: bool = False
    max_confidence: float = 1.0  # a cue counts while confidence is below this
    sure: tuple[re.Pattern[str], ...] = ()  # cues that hand over on their own, whatever the confidence

    def cued(self, folded: str) -> bool:
        return any(p.search(folded) for p in (*self.cues, *self.sure)) and not self._cancelled(folded)

    def sure_cued(self, folded: str) -> bool:
        return any(p.search(folded) for p in self.sure) and not self._cancelled(folded)

    def _cancelled(self, folded: str) -> bool:
        return any(p.search(folded) for p in self.unless)


@dataclass(frozen=True)
class HandoffRules:
    categories: tuple[Category, ...]

    @classmethod
    def from_data(cls, data: Mapping) -> HandoffRules:
        categories = []
        for name, spec in data["categories"].items():
            flags = re.IGNORECASE
            categories.append(Category(
                name=name,
                cues=tuple(re.compile(p, flags) for p in spec["cues"]),
                unless=tuple(re.compile(p, flags) for p in spec.get("unless") or ()),
                always=bool(spec.get("always")),
                max_confidence=float(spec.get("max_confidence", 1.0)),
                sure=tuple(re.compile(p, flags) for p in spec.get("sure") or ()),
            ))
        return cls(tuple(categories))

    def cues(self, question: str) -> list[str]:
        """Every category whose cues the question shows, in the rules' order."""
        folded = fold(question)
        return [c.name for c in self.categories if c.cued(folded)]

    def classify(self, question: str, confidence: float) -> str | None:
        """The hand-off category for `question` at this retrieval confidence, or None to answer."""
        folded = fold(question)
        for category in self.categories:
            if category.sure_cued(folded) or (category.cued(folded) and (category.always or confidence < category.max_confidence)):
                return category.name
        return None

    def with_limits(self, limits: Mapping[str, float]) -> HandoffRules:
        """A copy with other `max_confidence` values (for calibration)."""
        return HandoffRules(tuple(
            Category(c.name, c.cues, c.unless, c.always, limits.get(c.name, c.max_confidence), c.sure)
            for c in self.categories
        ))


@functools.cache
def handoff_rules(path: Path = RULES_FILE) -> HandoffRules:
    return HandoffRules.from_data(yaml.safe_load(path.read_text(encoding="utf-8")))


def guard(question: str) -> str | None:
    """The category of a question that is handed over whatever the guide says (injection, abuse, a recipe, …)."""
    folded = fold(question)
    for category in handoff_rules().categories:
        if (category.always and category.cued(folded)) or category.sure_cued(folded):
            return category.name
    return None


def calibrate(samples: Iterable[tuple[str, float, bool]], rules: HandoffRules, max_false: float = 0.05) -> dict[str, float]:
    """`max_confidence` per non-always category from (question, confidence, must_hand_over) samples.

    For each category, among the cued samples: the limit that catches the most questions that
    must be handed over while wrongly handing over at most `max_false` of the cued questions
    that must be answered (ties: the lowest limit, the most cautious about false hand-offs).
    """
    samples = list(samples)
    limits: dict[str, float] = {}
    for category in rules.categories:
        if category.always:
            continue
        cued = [(conf, positive) for q, conf, positive in samples if category.cued(fold(q))]
        if not cued:
            continue
        negatives = sum(1 for _, positive in cued if not positive)
        candidates = sorted({0.0, 1.01, *[round(conf + 1e-4, 4) for conf, _ in cued]})
        best: tuple[int, float] | None = None
        for limit in candidates:
            caught = sum(1 for conf, positive in cued if positive and conf < limit)
            false = sum(1 for conf, positive in cued if not positive and conf < limit)
            if negatives and false / negatives > max_false and false > 0:
                continue
            if best is None or caught > best[0]:
                best = (caught, limit)
        if best is not None:
            limits[category.name] = best[1]
    return limits


def categories_in(names: Sequence[str]) -> tuple[str, ...]:
    """The category names in rule order (for reports)."""
    order = [c.name for c in handoff_rules().categories]
    return tuple(sorted(names, key=order.index))


# --- Examples, compared by the multilingual model ------------------------------------------------

EXAMPLES_FILE = Path(__file__).parent / "rules" / "handoff_examples.yaml"


@dataclass
class ExampleMatcher:
    """The hand-off examples of rules/handoff_examples.yaml as vectors, and the margins that decide.

    A question goes to a category when its similarity to that category's nearest example exceeds
    its similarity to the best guide section by more than the category's margin. The model is
    multilingual, so this also recognises "Mam ból w klatce piersiowej" as medical-urgent.
    """

    categories: tuple[str, ...]  # the category of each example row
    vectors: Any  # unit rows, one per example
    margins: dict[str, float]

    @classmethod
    def build(cls, embedder: Any, directory: Path | None = None, path: Path = EXAMPLES_FILE) -> ExampleMatcher:
        from .dense import DenseIndex

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        keys, texts, categories = [], [], []
        for category, examples in data["examples"].items():
            for n, text in enumerate(examples):
                keys.append(f"{category}~{n}")
                texts.append(str(text))
                categories.append(category)
        margins = {name: float(value) for name, value in ((data.get("margins") or {}).get(embedder.name) or {}).items()}
        if not margins:  # not calibrated for this model: the examples decide nothing
            return cls((), None, {})
        index = DenseIndex.build_items(keys, texts, embedder, directory, name="handoff_examples")
        return cls(tuple(categories), index.vectors, margins)

    def excess(self, vector: Any, guide_cosine: float) -> dict[str, float]:
        """Per category: nearest example's cosine minus the best guide section's cosine."""
        import numpy as np

        if self.vectors is None:
            return {}
        similarities = self.vectors @ np.asarray(vector, dtype=np.float32).reshape(-1)
        best: dict[str, float] = {}
        for category, value in zip(self.categories, similarities.tolist(), strict=True):
            best[category] = max(best.get(category, -1.0), value)
        return {category: value - guide_cosine for category, value in best.items()}

    def classify(self, vector: Any, guide_cosine: float) -> str | None:
        """The category whose examples the question is clearly nearer to than to the guide, else None."""
        over = {c: e - self.margins.get(c, 1.0) for c, e in self.excess(vector, guide_cosine).items()}
        category, value = max(over.items(), key=lambda item: item[1], default=(None, 0.0))
        return category if category is not None and value > 0 else None


def calibrate_margins(samples: Iterable[tuple[Mapping[str, float], str | None]], max_false: float = 0.01) -> dict[str, float]:
    """A margin per category from (excess per category, the item's referral or None) dev samples.

    For each category: the smallest margin that wrongly hands over at most `max_false` of the
    questions that must not go to it, while catching as many of its own as it can.
    """
    samples = list(samples)
    margins: dict[str, float] = {}
    categories = {c for excess, _ in samples for c in excess}
    for category in sorted(categories):
        positives = [e[category] for e, referral in samples if referral == category]
        negatives = [e[category] for e, referral in samples if referral is None]
        allowed = int(max_false * len(negatives))
        # The margin sits just above the (allowed+1)-th highest negative excess.
        ordered = sorted(negatives, reverse=True)
        floor = ordered[allowed] if len(ordered) > allowed else -1.0
        margin = round(floor + 1e-3, 3)
        if positives and not any(p > margin for p in positives):
            margin = round(max(floor, max(positives)) + 1e-3, 3)  # nothing to gain: stay out of the way
        margins[category] = margin
    return margins
