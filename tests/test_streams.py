"""Streams and the terminal (issue 11, point 3).

stdout is exactly the report: the progress bar draws on stderr and is
closed on Ctrl-C before "interrupted"; output to a file or pipe is not
hard-wrapped, COLUMNS is honoured; a problem is told once (stderr), the
terminal report only counts it; the binary hint never says "convert it to
.txt" of a .txt file; counts are singular when they are one.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from checker import cli, progress, run
from test_drafts import D1
from test_formats import run_cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def check_seeds() -> run.Exit:
    return run.check(paths=[SEEDS], against=[], fmt="json", output=None, fail_on="never", show_agreements=False,
                     config_path=None, baseline=None, jobs=1, cache_dir=None, color=False, verbose=False)


def test_progress_bar_is_on_stderr_and_stdout_is_the_report(monkeypatch, capsys):
    monkeypatch.delenv("CI", raising=False)
    check_seeds()
    plain = capsys.readouterr().out
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(progress, "MIN_TOTAL", 1)
    check_seeds()
    assert capsys.readouterr().out == plain
    assert "extracting" in terminal.getvalue()
    assert "\x1b[?25h" in terminal.getvalue()  # the cursor shown again


def test_ctrl_c_restores_the_cursor_and_ends_the_bar_line_first(monkeypatch):
    from checker import api

    def interrupted(paths, against=(), options=None):
        options.progress(1, 300)
        raise KeyboardInterrupt

    monkeypatch.delenv("CI", raising=False)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(api, "check", interrupted)
    monkeypatch.setattr(sys, "argv", ["checker", "check", SEEDS, "--no-cache"])
    with pytest.raises(SystemExit) as stop:
        cli.entry()
    assert stop.value.code == 130
    out = terminal.getvalue()
    assert "extracting" in out and out.endswith("checker: interrupted\n")
    before = out[: out.index("checker: interrupted")]
    assert "\x1b[?25h" in before  # the cursor shown again
    assert before.endswith(("\n", "\x1b[2K"))  # the bar's line ended or cleared


@pytest.fixture
def long_named(tmp_path) -> Path:
    name = "x" * 150 + ".md"
    draft = FRONT_WRONG
    (tmp_path / name).write_text(draft, encoding="utf-8")
    return tmp_path / name


FRONT_WRONG = "---\ntitle: 北京医药健康产业\ndate: 2025-06-19\n---\n\n记者获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长8.7%。\n"


@pytest.mark.parametrize("columns", [None, "60", "300"])
def test_no_hard_wrap_unless_a_width_is_known(long_named, columns, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    env = {"COLUMNS": columns} if columns else {}
    result = CliRunner().invoke(cli.main, ["check", str(long_named), "--against", SEEDS, "--no-cache"], env=env)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    head = next(line for line in lines if "CONFLICT" in line)
    if columns:
        assert all(cell_len(line) <= int(columns) for line in lines), lines
    if columns != "60":
        assert head.rstrip().endswith("says 1.6万亿元"), lines  # the heading whole, on one line


def test_extract_fits_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    result = CliRunner().invoke(cli.main, ["extract", f"{SEEDS}/004_749378ded05832ec.txt"], env={"COLUMNS": "70"})
    assert result.exit_code == 0
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 70


def test_a_problem_is_told_once(tmp_path):
    (tmp_path / "d1.md").write_text(D1, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"ab\x00cd")
    result = run_cli(["check", str(tmp_path), "--no-cache"])
    told = "broken.txt: binary file (contains NUL bytes)"
    assert (result.stdout + result.stderr).count(told) == 1, result.output
    assert told in result.stderr and "1 file skipped (listed on stderr)" in result.stdout


@pytest.mark.parametrize(
    "args,says",
    [
        ([SEEDS], "checked 5 articles, 140 statements: 0 conflicts, 1 timeline difference, 17 agreements"),
        (["{tmp}/d1.md"], "checked 1 article, "),
    ],
)
def test_counts_are_singular_when_one(tmp_path, args, says):
    (tmp_path / "d1.md").write_text(D1, encoding="utf-8")
    result = run_cli(["check", *[a.replace("{tmp}", str(tmp_path)) for a in args], "--no-cache"])
    assert says in result.stdout, result.stdout


def test_verbose_counts_are_singular_when_one(tmp_path):
    (tmp_path / "d1.md").write_text(D1, encoding="utf-8")
    result = run_cli(["check", str(tmp_path / "d1.md"), "--no-cache", "--verbose"])
    assert "1 article (" in result.stderr, result.stderr
