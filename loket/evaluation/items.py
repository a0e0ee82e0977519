"""The evaluation set: questions as people type them, with what a correct reply must contain.

Files: eval/questions/*.yaml, each a list of items (format in eval/README.md). Every item has
a fixed `split` (dev or test) assigned once by `assign_splits` with a fixed seed; tuning uses
dev only, reports use test.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..config import PROJECT_ROOT

DEFAULT_DIR = PROJECT_ROOT / "eval" / "questions"
KINDS = ("answer", "handoff", "jobs")
SPLITS = ("dev", "test")
SPLIT_SEED = 8  # the issue that introduced this set; never change it: the split must stay put
DEV_SHARE = 0.6
REFERRALS = (
    "medical-urgent", "medical", "legal", "rent", "tax-personal", "other-country",
    "company-internal", "abuse", "chit-chat", "injection",
)
MATCH_KEYS = ("skills", "occupation", "province", "city", "remote", "english_only", "visa_sponsorship", "contract", "seniority")


class EvalSetError(ValueError):
    """An item of the evaluation set is malformed; the message names file and item."""


@dataclass(frozen=True)
class VacancyMatch:
    """What every vacancy suggested for a job request must satisfy (None / empty: not asked)."""

    skills: tuple[str, ...] = ()
    occupation: str | None = None
    province: str | None = None
    city: str | None = None
    remote: str | None = None
    english_only: bool = False
    visa_sponsorship: bool = False
    contract: str | None = None
    seniority: str | None = None


@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    asked_in: str  # language the question is typed in
    lang: str  # language the answer must be in: en or nl
    kind: str  # answer | handoff | jobs
    topic: str = ""
    style: tuple[str, ...] = ()
    facts: tuple[tuple[str, ...], ...] = ()  # every group must occur; alternatives within a group
    pages: tuple[str, ...] = ()  # guide pages that answer it
    history: tuple[str, ...] = ()  # earlier questions of the conversation, oldest first
    referral: str = ""
    match: VacancyMatch = field(default_factory=VacancyMatch)
    split: str = ""
    file: str = ""

    @property
    def language_group(self) -> str:
        """'en', 'nl' or 'other': the breakdown the targets are set for."""
        return self.asked_in if self.asked_in in ("en", "nl") else "other"


def _strings(value: object, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise EvalSetError(f"{where}: {name} must be a list of strings")
    return tuple(str(v) for v in value)


def parse_item(data: object, where: str, file: str = "") -> EvalItem:
    """One item from its YAML mapping; EvalSetError names what is wrong."""
    if not isinstance(data, dict):
        raise EvalSetError(f"{where}: expected a mapping")
    item_id, question = data.get("id"), data.get("q", data.get("question"))
    if not isinstance(item_id, str) or not item_id:
        raise EvalSetError(f"{where}: missing id")
    where = f"{where} ({item_id})"
    if not isinstance(question, str) or not question.strip():
        raise EvalSetError(f"{where}: missing q")
    kind = data.get("kind")
    if kind not in KINDS:
        raise EvalSetError(f"{where}: kind must be one of {', '.join(KINDS)}")
    lang = data.get("lang")
    if lang not in ("en", "nl"):
        raise EvalSetError(f"{where}: lang must be en or nl")
    asked_in = data.get("asked_in") or lang
    if not isinstance(asked_in, str):
        raise EvalSetError(f"{where}: asked_in must be a language code")
    facts_data = data.get("facts") or []
    if not isinstance(facts_data, list):
        raise EvalSetError(f"{where}: facts must be a list of groups")
    facts = tuple(_strings(group, where, "a fact group") for group in facts_data)
    if any(not group for group in facts):
        raise EvalSetError(f"{where}: empty fact group")
    referral = data.get("referral") or ""
    if kind == "answer" and not facts:
        raise EvalSetError(f"{where}: an answer item needs facts")
    if kind == "handoff" and referral not in REFERRALS:
        raise EvalSetError(f"{where}: referral must be one of {', '.join(REFERRALS)}")
    match_data = data.get("match") or {}
    if not isinstance(match_data, dict) or set(match_data) - set(MATCH_KEYS):
        raise EvalSetError(f"{where}: match keys must be among {', '.join(MATCH_KEYS)}")
    match = VacancyMatch(
        skills=tuple(s.lower() for s in _strings(match_data.get("skills"), where, "match.skills")),
        occupation=match_data.get("occupation"),
        province=match_data.get("province"),
        city=match_data.get("city"),
        remote=match_data.get("remote"),
        english_only=bool(match_data.get("english_only")),
        visa_sponsorship=bool(match_data.get("visa_sponsorship")),
        contract=match_data.get("contract"),
        seniority=match_data.get("seniority"),
    )
    split = data.get("split") or ""
    if split not in ("", *SPLITS):
        raise EvalSetError(f"{where}: split must be dev or test")
    return EvalItem(
        id=item_id,
        question=question.strip(),
        asked_in=asked_in,
        lang=lang,
        kind=kind,
        topic=str(data.get("topic") or ""),
        style=_strings(data.get("style"), where, "style"),
        facts=facts,
        pages=_strings(data.get("pages"), where, "pages"),
        history=_strings(data.get("history"), where, "history"),
        referral=referral,
        match=match,
        split=split,
        file=file,
    )


def load_items(folder: Path = DEFAULT_DIR, *, require_split: bool = True) -> list[EvalItem]:
    """Every item of every YAML file in `folder`, in file order; ids must be unique."""
    items: list[EvalItem] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise EvalSetError(f"{path.name}: expected a list of items")
        for n, entry in enumerate(data, 1):
            item = parse_item(entry, f"{path.name} item {n}", path.name)
            if require_split and not item.split:
                raise EvalSetError(f"{path.name} item {n} ({item.id}): no split; run scripts/split_eval.py")
            items.append(item)
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise EvalSetError(f"duplicate id {item.id}")
        seen.add(item.id)
    return items


def assign_splits(items: Sequence[EvalItem], seed: int = SPLIT_SEED, dev_share: float = DEV_SHARE) -> dict[str, str]:
    """dev/test for each item WITHOUT a split yet, stratified by language group and kind.

    Items that have a split keep it. Within each stratum the new items are shuffled with
    `seed` (after sorting by id, so the outcome does not depend on file order) and the first
    `dev_share` of them (rounded) go to dev.
    """
    strata: dict[tuple[str, str], list[EvalItem]] = {}
    for item in items:
        if not item.split:
            strata.setdefault((item.language_group, item.kind), []).append(item)
    result: dict[str, str] = {}
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda i: i.id)
        random.Random(f"{seed}:{key[0]}:{key[1]}").shuffle(group)
        cut = round(len(group) * dev_share)
        for n, item in enumerate(group):
            result[item.id] = "dev" if n < cut else "test"
    return result


def select(items: Iterable[EvalItem], split: str | None) -> list[EvalItem]:
    """The items of one split ('dev', 'test'), or all for None / 'all'."""
    return [i for i in items if split in (None, "all") or i.split == split]
