"""Conventions users of ruff and Vale expect (issue 11, point 6).

--quiet; `-` reads an article from stdin; the `concise` format; `checker
rules` / `checker rule CK01`; --output refused before the run when it
cannot be written; --jobs refuses negative values; FORCE_COLOR; shell
completion as the README documents it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import api, run
from checker.cli import main
from test_formats import run_cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")
WRONG = "---\ntitle: 北京医药健康产业\ndate: 2025-06-19\n---\n\n记者获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长7.8%。\n"


def invoke(args, **kwargs):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kwargs)


def test_quiet_prints_findings_only(tmp_path):
    draft = tmp_path / "x.md"
    draft.write_text(WRONG, encoding="utf-8")
    loud = invoke(["check", str(draft), "--against", SEEDS, "--no-cache"])
    quiet = invoke(["check", str(draft), "--against", SEEDS, "--no-cache", "--quiet"])
    assert loud.exit_code == quiet.exit_code == 1
    assert loud.stdout.startswith("checked ") and not quiet.stdout.startswith("checked ")
    assert quiet.stdout.strip() and quiet.stdout.strip() in loud.stdout
    (tmp_path / "clean.md").write_text(WRONG.replace("1.6万亿元", "1.06万亿元").replace("7.8%", "8.7%"), encoding="utf-8")
    clean = invoke(["check", str(tmp_path / "clean.md"), "--against", SEEDS, "--no-cache", "-q"])
    assert clean.exit_code == 0 and clean.stdout == ""


@pytest.mark.parametrize("fmt", ["json", "concise"])
def test_dash_reads_the_article_from_stdin(tmp_path, fmt):
    result = invoke(["check", "-", "--against", SEEDS, "--no-cache", "--format", fmt], input=WRONG.encode("utf-8"))
    assert result.exit_code == 1, result.output
    assert "<stdin>" in result.stdout
    extracted = invoke(["extract", "-", "--format", "json", "--no-cache"], input=WRONG.encode("utf-8"))
    assert extracted.exit_code == 0 and '"text": "1.6万亿元"' in extracted.stdout


def test_empty_stdin_is_an_input_error():
    result = invoke(["check", "-", "--against", SEEDS, "--no-cache"], input=b"")
    assert result.exit_code == 2 and result.stderr.startswith("checker: <stdin>: empty file")


CONCISE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>CK0[123]) (?P<message>.+)$")


def test_concise_is_one_line_per_finding(tmp_path):
    draft = tmp_path / "x.md"
    draft.write_text(WRONG, encoding="utf-8")
    result = invoke(["check", str(draft), "--against", SEEDS, "--no-cache", "--format", "concise"])
    as_json = invoke(["check", str(draft), "--against", SEEDS, "--no-cache", "--format", "json"])
    import json

    findings = [f for f in json.loads(as_json.stdout)["findings"] if f["kind"] != "agreement"]
    lines = result.stdout.splitlines()
    assert len(lines) == len(findings) == 2
    for line, finding in zip(lines, findings):
        m = CONCISE.match(line)
        assert m, line
        assert m["path"].endswith("x.md") and m["line"] == "6" and m["code"] == "CK01"
        assert finding["message"] in m["message"]


@pytest.mark.parametrize(
    "args,status,says",
    [
        (["rules"], 0, ["CK01  conflict   error", "CK02  timeline   warning", "CK03  agreement  info"]),
        (["rule", "CK01"], 0, ["CK01 conflict (default severity: error)", "baseline"]),
        (["rule", "timeline"], 0, ["CK02 timeline"]),
        (["rule", "ck03"], 0, ["CK03 agreement"]),
        (["rule", "CK99"], 2, ["checker: CK99: no such rule"]),
    ],
)
def test_rules_are_listed_and_explained_without_a_run(monkeypatch, args, status, says):
    monkeypatch.setattr(api, "check", lambda *a, **k: pytest.fail("a rule is explained without running a check"))
    result = invoke(args)
    assert result.exit_code == status
    for text in says:
        assert text in result.output


@pytest.mark.parametrize(
    "output,says",
    [
        ("{tmp}/no/such/folder/r.json", "cannot write the report: no folder"),
        ("{tmp}", "is a directory"),  # click's own check of the option
        ("{tmp}/ro/r.json", "permission denied"),
    ],
)
def test_unwritable_output_is_refused_before_the_run(tmp_path, monkeypatch, output, says):
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o500)
    if "ro/" in output and os.access(tmp_path / "ro", os.W_OK):
        pytest.skip("root writes anywhere: a read-only folder proves nothing")
    monkeypatch.setattr(api, "check", lambda *a, **k: pytest.fail("the run started"))
    result = invoke(["check", SEEDS, "--no-cache", "--format", "json", "--output", output.replace("{tmp}", str(tmp_path))])
    assert result.exit_code == 2
    assert says in result.stderr, result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", [["check", SEEDS], ["report", SEEDS], ["explain", "f-0", SEEDS]])
def test_negative_jobs_are_refused(command):
    result = invoke([*command, "--jobs", "-1", "--no-cache"])
    assert result.exit_code == 2 and "-1 is not in the range" in result.output


@pytest.mark.parametrize(
    "env,color",
    [({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": ""}, False), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False), ({}, False)],
)
def test_force_color(monkeypatch, env, color):
    for name in ("FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    result = invoke(["check", SEEDS, "--no-cache"], env=env)
    assert ("\x1b[" in result.stdout) is color


def test_shell_completion_as_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [l for l in readme.splitlines() if "_CHECKER_COMPLETE=" in l]
    assert {"bash_source", "zsh_source", "fish_source"} <= {re.search(r"_CHECKER_COMPLETE=(\w+)", l)[1] for l in lines}
    script = Path(sys.executable).parent / "checker"
    if not script.exists():
        pytest.skip("the console script is not installed beside this Python")
    for shell in ("bash", "zsh", "fish"):
        out = subprocess.run([str(script)], env={**os.environ, "_CHECKER_COMPLETE": f"{shell}_source"},
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and "_CHECKER_COMPLETE" in out.stdout, (shell, out.stdout[:200], out.stderr)
