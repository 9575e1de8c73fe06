"""The editor's check and the CI gate, end to end (issue 3, "Done when").

In a temporary git repository: a clean draft passes; a draft with a
conflicting figure fails and the SARIF and GitHub outputs point at the
draft's exact line and column; a baseline accepts the finding; editing an
unrelated paragraph keeps it accepted (finding ids are fingerprints). Also:
every exit status, the explain / report / baseline commands, and --help.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_formats import run_cli

ROOT = Path(__file__).resolve().parent.parent
CONFLICTING = (ROOT.parent / "shared" / "bench" / "drafts" / "D01.md")
FRONT = "---\ntitle: 北京医药健康产业规模再创新高\ndate: 2025-06-19\noutlet: 示例日报\n---\n\n"
CONFLICT_BODY = "记者从北京市科委获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长8.7%。\n"
CLEAN_BODY = "记者从北京市科委获悉，2024年北京医药健康产业规模达到1.06万亿元，同比增长8.7%。\n"
UNRELATED = "编辑部补充说明：本文根据现场采访整理。\n\n"


def checker(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "true", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def figure_position(text: str, figure: str) -> tuple[int, int]:
    """1-based line and column of the first `figure` in `text`, counted here independently."""
    for number, line in enumerate(text.split("\n"), start=1):
        if figure in line:
            return number, line.index(figure) + 1
    raise AssertionError(f"{figure} not in text")


@pytest.fixture
def repo(tmp_path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copytree(ROOT / "seeds", tmp_path / "corpus")
    return tmp_path


def conflicting_draft() -> str:
    if CONFLICTING.exists():
        text = CONFLICTING.read_text(encoding="utf-8")
        assert "1.6万亿元" in text
        return text
    return FRONT + CONFLICT_BODY


def test_ci_flow_in_a_git_repository(repo):
    draft = repo / "draft.md"
    draft.write_text(FRONT + CLEAN_BODY, encoding="utf-8")
    clean = checker("check", "draft.md", "--against", "corpus/", "--no-cache", cwd=repo)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    text = conflicting_draft()
    draft.write_text(text, encoding="utf-8")
    line, column = figure_position(text, "1.6万亿元")
    sarif = checker("check", "draft.md", "--against", "corpus/", "--no-cache", "--format", "sarif", "--output", "checker.sarif", cwd=repo)
    assert sarif.returncode == 1, sarif.stderr
    log = json.loads((repo / "checker.sarif").read_text(encoding="utf-8"))
    hits = [r for r in log["runs"][0]["results"] if r["ruleId"] == "CK01"
            and r["locations"][0]["physicalLocation"]["region"]["startLine"] == line
            and r["locations"][0]["physicalLocation"]["region"]["startColumn"] == column]
    assert len(hits) == 1, log["runs"][0]["results"]
    location = hits[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "draft.md"
    assert location["region"]["endLine"] == line and location["region"]["endColumn"] == column + len("1.6万亿元")
    assert all(r["physicalLocation"]["artifactLocation"]["uri"].startswith("corpus/") for r in hits[0]["relatedLocations"])
    conflict_id = hits[0]["partialFingerprints"]["checkerFindingId/v1"]

    annotations = checker("check", "draft.md", "--against", "corpus/", "--no-cache", "--format", "github", cwd=repo)
    assert annotations.returncode == 1
    expected = f"::error file=draft.md,line={line},col={column},endLine={line},endColumn={column + len('1.6万亿元') - 1},"
    assert any(a.startswith(expected) for a in annotations.stdout.splitlines()), annotations.stdout

    written = checker("baseline", "write", "checker-baseline.toml", "draft.md", "--against", "corpus/", "--no-cache", cwd=repo)
    assert written.returncode == 0, written.stderr
    assert conflict_id in (repo / "checker-baseline.toml").read_text(encoding="utf-8")
    baselined = checker("check", "draft.md", "--against", "corpus/", "--no-cache", "--baseline", "checker-baseline.toml", cwd=repo)
    assert baselined.returncode == 0, baselined.stdout + baselined.stderr

    # An edit elsewhere: a paragraph inserted at the top of the body and one appended.
    head, body = text.split("---\n\n", 1) if text.startswith("---") else ("", text)
    edited = (head + "---\n\n" if head else "") + UNRELATED + body + "\n" + UNRELATED
    draft.write_text(edited, encoding="utf-8")
    still = checker("check", "draft.md", "--against", "corpus/", "--no-cache", "--baseline", "checker-baseline.toml", cwd=repo)
    assert still.returncode == 0, still.stdout + still.stderr
    moved = checker("check", "draft.md", "--against", "corpus/", "--no-cache", "--format", "sarif", cwd=repo)
    results = json.loads(moved.stdout)["runs"][0]["results"]
    same = [r for r in results if r["partialFingerprints"]["checkerFindingId/v1"] == conflict_id]
    assert len(same) == 1
    assert same[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == figure_position(edited, "1.6万亿元")[0]
    assert figure_position(edited, "1.6万亿元")[0] != line


# ---------------------------------------------------------------- exit statuses


@pytest.fixture
def draft_dir(tmp_path) -> Path:
    (tmp_path / "draft.md").write_text(conflicting_draft(), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fail_on,status", [("error", 0), ("warning", 1), ("never", 0)])
def test_exit_status_on_the_seeds(fail_on, status):
    # the seeds hold one timeline difference (a warning) and no conflict
    result = run_cli(["check", "seeds/", "--no-cache", "--fail-on", fail_on])
    assert result.exit_code == status, result.output


@pytest.mark.parametrize("fail_on,status", [("error", 1), ("warning", 1), ("never", 0)])
def test_exit_status_with_a_conflicting_draft(draft_dir, fail_on, status):
    result = run_cli(["check", str(draft_dir / "draft.md"), "--against", "seeds/", "--no-cache", "--fail-on", fail_on])
    assert result.exit_code == status, result.output


@pytest.mark.parametrize(
    "args",
    [
        ["check", "seeds/", "--format", "pdf"],
        ["check", "seeds/", "--fail-on", "sometimes"],
        ["check", "no/such/file.md", "--no-cache"],
        ["explain", "f-ffffffffffffffff", "seeds/", "--no-cache"],
        ["report", "no/such/folder", "--no-cache"],
        ["baseline", "write", "{tmp}/b.toml", "no/such/file.md", "--no-cache"],
    ],
)
def test_usage_and_input_errors_exit_2(args, tmp_path):
    result = run_cli([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_bad_config_exits_2_naming_file_and_key(tmp_path):
    config = tmp_path / "checker.toml"
    config.write_text("tolerance = 7\n", encoding="utf-8")
    result = run_cli(["check", "seeds/", "--no-cache", "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"checker: {config}: ") and "tolerance" in result.stderr


def test_subprocess_exit_statuses(draft_dir):
    missing = checker("check", "nowhere.md", "--no-cache", cwd=draft_dir)
    assert missing.returncode == 2
    lines = missing.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("checker: nowhere.md: ") and "Traceback" not in missing.stderr
    conflict = checker("check", "draft.md", "--against", str(ROOT / "seeds"), "--no-cache", cwd=draft_dir)
    assert conflict.returncode == 1
    assert checker("check", "draft.md", "--against", str(ROOT / "seeds"), "--no-cache", "--fail-on", "never", cwd=draft_dir).returncode == 0


# ---------------------------------------------------------------- explain, report, help


def test_explain_shows_sentences_in_context_and_why(draft_dir):
    found = run_cli(["check", str(draft_dir / "draft.md"), "--against", "seeds/", "--no-cache", "--format", "json"])
    conflict = next(f for f in json.loads(found.stdout)["findings"] if f["kind"] == "conflict")
    result = run_cli(["explain", conflict["id"][:10], str(draft_dir / "draft.md"), "--against", "seeds/", "--no-cache", "--no-color"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert conflict["id"] in out and "»1.6万亿元«" in out and "»1.06万亿元«" in out
    assert "Why these were judged the same fact" in out and "period 2024-01-01 to 2024-12-31" in out
    assert "as of 2025-06-19" in out and "draft.md:" in out and "seeds/" in out


def test_explain_unknown_id_is_one_line():
    result = run_cli(["explain", "f-ffffffffffffffff", "--no-cache"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("checker: f-ffffffffffffffff: no finding has this id")


def test_report_writes_three_files(tmp_path):
    result = run_cli(["report", "seeds/", "--no-cache", "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(tmp_path / "out")) == ["report.html", "report.json", "report.md"]
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["schema"] == "checker.report/v1" and data["summary"]["sources"] == 5
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "## checker report" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [[], ["check"], ["extract"], ["explain"], ["report"], ["baseline"], ["baseline", "write"]])
def test_every_command_has_help_with_examples(command):
    result = run_cli([*command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.stdout and "checker " in result.stdout


def test_pre_commit_hook_definition():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: checker" in text and "entry: checker check --fail-on error" in text
    assert r"\.(md|txt)$" in text and "--against" in text
