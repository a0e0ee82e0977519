"""`loket content check`: one line per finding, a summary, exit 1 only on errors."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from loket.cli import main

from . import write_valid_tree


@pytest.fixture
def check(monkeypatch):
    monkeypatch.delenv("LOKET_CONTENT_PATH", raising=False)

    def invoke(root):
        return CliRunner().invoke(main, ["content", "check", "--root", str(root)], catch_exceptions=False)

    return invoke


def test_valid_tree_exits_0(tmp_path, check):
    result = check(write_valid_tree(tmp_path))
    assert result.exit_code == 0
    assert result.output == f"{tmp_path}: 0 error(s), 0 warning(s)\n"


def test_an_error_exits_1(tmp_path, check):
    write_valid_tree(tmp_path)
    (tmp_path / "nl" / "beta.md").unlink()
    result = check(tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"ERROR {tmp_path / 'en' / 'beta.md'}: twin: no Dutch twin nl/beta.md",
        f"ERROR {tmp_path / 'nl' / 'alpha.md'}: body: line 18: broken link /guide/beta#meer-hulp: no nl page with that id",
        f"{tmp_path}: 2 error(s), 0 warning(s)",
    ]


def test_warnings_alone_exit_0(tmp_path, check):
    write_valid_tree(tmp_path)
    (tmp_path / "glossary.yaml").unlink()
    result = check(tmp_path)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"WARNING {tmp_path / 'glossary.yaml'}: glossary: no glossary file; /guide/glossary will be empty"
    assert result.output.splitlines()[-1] == f"{tmp_path}: 0 error(s), 1 warning(s)"


def test_root_from_the_setting(tmp_path, monkeypatch):
    write_valid_tree(tmp_path)
    (tmp_path / "nl" / "beta.md").unlink()
    monkeypatch.setenv("LOKET_CONTENT_PATH", str(tmp_path))
    result = CliRunner().invoke(main, ["content", "check"], catch_exceptions=False)
    assert result.exit_code == 1 and str(tmp_path) in result.output
