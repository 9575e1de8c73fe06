"""The cache folder (issue 11, point 4): it ignores itself, is never read as articles,
and every command takes --cache and honours CHECKER_CACHE_DIR.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from checker.cache_folder import GITIGNORE, TAG_NAME
from test_drafts import D1
from test_formats import run_cli

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "seeds" / "004_749378ded05832ec.txt")

COMMANDS = [
    ["check", SEED],
    ["extract", SEED],
    ["report", SEED, "--output-dir", "{tmp}/out"],
    ["baseline", "write", "{tmp}/b.toml", SEED],
    ["explain", "f-0000", SEED],  # no such finding (exit 2), but the check it re-runs is cached
]


def _args(command, tmp):
    return [a.replace("{tmp}", str(tmp)) for a in command]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]) if c[0] == "baseline" else c[0])
@pytest.mark.parametrize("how", ["option", "environment"])
def test_every_command_takes_a_cache_folder(tmp_path, command, how):
    folder = tmp_path / "elsewhere" / "cache"
    args = _args(command, tmp_path)
    if how == "option":
        result = run_cli([*args, "--cache", str(folder)], cwd=tmp_path)
    else:
        from click.testing import CliRunner
        from checker.cli import main
        import os

        old = os.getcwd()
        os.chdir(tmp_path)
        try:
            result = CliRunner().invoke(main, args, env={"CHECKER_CACHE_DIR": str(folder)})
        finally:
            os.chdir(old)
    assert result.exit_code in (0, 1, 2), result.output
    assert (folder / "statements.sqlite3").is_file(), result.output
    assert not (tmp_path / ".checker-cache").exists()


def test_the_cache_folder_ignores_itself(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "d1.md").write_text(D1, encoding="utf-8")
    result = run_cli(["check", "d1.md"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".checker-cache" / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert status.stdout.splitlines() == ["?? d1.md"], status.stdout


def test_a_cache_folder_inside_a_corpus_is_never_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "d1.md").write_text(D1, encoding="utf-8")
    cache = corpus / "cache"  # not hidden: given with --cache
    result = run_cli(["check", "corpus/", "--cache", "corpus/cache", "--format", "json"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (cache / TAG_NAME).is_file()
    (cache / "planted.md").write_text(D1, encoding="utf-8")
    again = run_cli(["check", "corpus/", "--cache", "corpus/cache", "--format", "json"], cwd=tmp_path)
    assert '"sources": 1' in again.stdout and "planted.md" not in again.stdout, again.stdout
