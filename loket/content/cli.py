"""`loket content ...`: commands for the guide pages (no app, no database needed)."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..config import SETTINGS_BY_NAME
from .checker import check_content


@click.group()
def content() -> None:
    """Guide pages in content/{en,nl}."""


@content.command("check")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=SETTINGS_BY_NAME["LOKET_CONTENT_PATH"].default,
    envvar="LOKET_CONTENT_PATH",
    show_default=True,
    help="Content folder with en/, nl/ and glossary.yaml.",
)
def check(root: Path) -> None:
    """Check every page and the glossary; exit 1 when there is an error (warnings alone pass)."""
    findings = check_content(root, date.today())
    for finding in findings:
        click.echo(f"{finding.level.upper()} {root / finding.file}: {finding.field}: {finding.message}")
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    click.echo(f"{root}: {errors} error(s), {warnings} warning(s)")
    if errors:
        sys.exit(1)
