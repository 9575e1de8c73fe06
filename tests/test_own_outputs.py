"""The checker never reads what it wrote (issue 13, point 14).

`checker report` into reports/ inside the checked folder, a saved terminal
or GitHub report, and a statement cache folder under a plain name: a later
`checker check .` reads the same articles as before, finds the same
findings, and names each report it left out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def checker(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "CI": "true"}
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_own_reports_and_caches_are_not_articles(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    before = json.loads(checker("check", ".", "--format", "json", "--no-cache", "--fail-on", "never", cwd=tmp_path).stdout)
    assert checker("report", ".", "--no-cache", cwd=tmp_path).returncode == 0
    (tmp_path / "terminal.txt").write_text(checker("check", ".", "--no-cache", "--fail-on", "never", cwd=tmp_path).stdout, encoding="utf-8")
    github = checker("check", ".", "--no-cache", "--format", "github", "--fail-on", "never", cwd=tmp_path).stdout
    (tmp_path / "annotations.txt").write_text(github, encoding="utf-8")
    assert checker("check", "seeds", "--cache", "cache", "--fail-on", "never", cwd=tmp_path).returncode == 0
    (tmp_path / "cache" / "notes.txt").write_text("北京6月19日电 北脑一号已完成9例人体植入。\n", encoding="utf-8")

    after = checker("check", ".", "--format", "json", "--no-cache", "--fail-on", "never", cwd=tmp_path)
    assert after.returncode == 0, after.stderr
    report = json.loads(after.stdout)
    assert [s["path"] for s in report["sources"]] == [s["path"] for s in before["sources"]]
    assert [f["id"] for f in report["findings"]] == [f["id"] for f in before["findings"]]
    assert sorted(p["path"] for p in report["problems"] if p["code"] == "own-output") == [
        "./annotations.txt", "./reports/report.md", "./terminal.txt"]
