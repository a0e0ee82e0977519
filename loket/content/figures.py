"""Read content/figures.yaml (the guide's yearly salary criteria) into `loket.domain.figures` values."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

from ..config import PROJECT_ROOT
from ..domain.figures import Criterion, Figures, YearFigures

FIGURES_FILE = "figures.yaml"


class FiguresError(ValueError):
    """figures.yaml cannot be used; the message names the entry and field."""


def parse_figures(data: object, file: str = FIGURES_FILE) -> Figures:
    """Figures from the parsed YAML; FiguresError on anything malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("salary_criteria"), list):
        raise FiguresError(f"{file}: expected a mapping with a list 'salary_criteria'")
    years: list[YearFigures] = []
    for n, item in enumerate(data["salary_criteria"], 1):
        where = f"{file}: salary_criteria item {n}"
        if not isinstance(item, dict):
            raise FiguresError(f"{where}: expected a mapping")
        year, page, source, amounts = item.get("year"), item.get("page"), item.get("source"), item.get("amounts")
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise FiguresError(f"{where}: 'year' must be a year such as 2026")
        if not isinstance(page, str) or not page:
            raise FiguresError(f"{where}: 'page' must name the guide page that states the amounts")
        if not isinstance(source, str) or not source.startswith("https://"):
            raise FiguresError(f"{where}: 'source' must be an official https URL")
        if not isinstance(amounts, dict):
            raise FiguresError(f"{where}: 'amounts' must be a mapping")
        parsed: dict[Criterion, int | None] = {}
        for key, value in amounts.items():
            try:
                criterion = Criterion(key)
            except ValueError:
                raise FiguresError(f"{where}: unknown criterion {key!r}; known: {', '.join(c.value for c in Criterion)}") from None
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
                raise FiguresError(f"{where}: {key} must be a whole number of euros or null")
            parsed[criterion] = value
        years.append(YearFigures(year, page, source, parsed))
    if len({y.year for y in years}) != len(years):
        raise FiguresError(f"{file}: a year is listed twice")
    return Figures(tuple(sorted(years, key=lambda y: y.year)))


def load_figures(root: Path) -> Figures:
    """The figures of `root/figures.yaml`; empty Figures when the file does not exist."""
    path = Path(root) / FIGURES_FILE
    if not path.is_file():
        return Figures()
    return parse_figures(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


@functools.cache
def _cached(root: Path) -> Figures:
    return load_figures(root)


def get_figures(root: Path | str | None = None) -> Figures:
    """The figures of `root` (default: the project's content/), read once per process."""
    return _cached(Path(root or PROJECT_ROOT / "content").resolve())
