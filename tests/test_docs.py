"""README.md's and docs/ci.md's snippets, run (issue 11, "Done when").

- README's command blocks of checker commands (everyday use, conventions)
  run in a scratch newsroom with the files they name; none fails with a
  usage error or a traceback.
- README's configuration block is a valid configuration.
- docs/ci.md's workflow step runs as written (bash) in a scratch git
  repository whose base branch holds the published seeds: no change
  passes, a clean draft passes, a wrong draft fails with a SARIF file
  written. (The pre-commit recipe is run by test_pre_commit.py.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.config import load_config

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
FRONT = "---\ntitle: 北京医药健康产业规模再创新高\ndate: 2025-06-19\noutlet: 示例日报\n---\n\n"
CLEAN = FRONT + "记者从北京市科委获悉，2024年北京医药健康产业规模达到1.06万亿元，同比增长8.7%。\n"
WRONG = FRONT + "记者从北京市科委获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长7.8%。\n"


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def checker_lines() -> list[str]:
    """Each command line of README's sh blocks that only run checker (the others install or develop)."""
    lines = []
    for block in blocks(README, "sh"):
        commands = [l for l in block.splitlines() if l.strip()]
        if commands and all(re.match(r"(checker |cat \S+ \| checker )", l) for l in commands):
            lines += commands
    return lines


def shell_env() -> dict:
    return {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
            "CI": "true", "NO_COLOR": "1"}


@pytest.fixture
def newsroom(tmp_path) -> Path:
    for name in ("articles", "published"):
        shutil.copytree(ROOT / "seeds", tmp_path / name)
    (tmp_path / "draft.md").write_text(CLEAN, encoding="utf-8")
    shutil.copy(ROOT / "seeds" / "004_749378ded05832ec.txt", tmp_path / "article.txt")
    return tmp_path


def test_readme_has_checker_snippets():
    assert len(checker_lines()) >= 6, checker_lines()


@pytest.mark.parametrize("line", checker_lines())
def test_readme_snippet_runs(newsroom, line):
    if not (Path(sys.executable).parent / "checker").exists():
        pytest.skip("the console script is not installed beside this Python")
    done = subprocess.run(["bash", "-c", line], cwd=newsroom, env=shell_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), (line, done.stdout[-2000:], done.stderr)
    assert "Traceback" not in done.stderr, (line, done.stderr)


def test_readme_configuration_is_valid(tmp_path):
    [block] = blocks(README, "toml")
    path = tmp_path / "pyproject.toml"
    path.write_text(block, encoding="utf-8")
    config = load_config(path)
    assert config.ignore and config.paths and config.aliases


def workflow_script() -> str:
    workflow = yaml.safe_load(next(b for b in blocks(CI_DOC, "yaml") if "jobs:" in b))
    steps = workflow["jobs"]["checker"]["steps"]
    [step] = [s for s in steps if "checker check" in s.get("run", "")]
    return step["run"]


def git(*args: str, cwd: Path) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_ci_workflow_step_runs_as_documented(tmp_path):
    if shutil.which("git") is None or shutil.which("bash") is None:
        pytest.skip("git and bash needed")
    if not (Path(sys.executable).parent / "checker").exists():
        pytest.skip("the console script is not installed beside this Python")
    repo = tmp_path / "newsroom"
    git("init", "-q", "-b", "main", str(repo), cwd=tmp_path)
    shutil.copytree(ROOT / "seeds", repo / "published")
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "published", cwd=repo)
    git("update-ref", "refs/remotes/origin/main", "HEAD", cwd=repo)
    subprocess.run(["checker", "baseline", "write", "checker-baseline.toml", "published/"], cwd=repo, env=shell_env(), check=True,
                   capture_output=True)
    script = workflow_script()

    def step() -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-e", "-c", script], cwd=repo, env={**shell_env(), "BASE_REF": "main"},
                              capture_output=True, text=True, timeout=300)

    nothing = step()
    assert nothing.returncode == 0 and "no article changed" in nothing.stdout, nothing.stdout + nothing.stderr
    (repo / "drafts").mkdir()
    (repo / "drafts" / "x.md").write_text(CLEAN, encoding="utf-8")
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "a clean draft", cwd=repo)
    clean = step()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (repo / "drafts" / "x.md").write_text(WRONG, encoding="utf-8")
    git("commit", "-q", "-am", "a wrong draft", cwd=repo)
    wrong = step()
    assert wrong.returncode == 1, wrong.stdout + wrong.stderr
    assert '"ruleId": "CK01"' in (repo / "checker.sarif").read_text(encoding="utf-8")
