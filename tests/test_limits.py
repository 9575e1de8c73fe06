"""Bounded work per input byte (issue 13, point 12): dense figures are read up to a limit, and the run says so.

1 MB of `1.` holds 262,144 figures; reading them all took 96 s and 1.5 GB.
At most MAX_FIGURES_PER_SENTENCE figures a sentence and
MAX_FIGURES_PER_ARTICLE an article are read; the file is still checked
(not an input error), and one problem line names it and the fix. Timings
are in benchmarks/adversarial.py, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from checker.api import process_article
from checker.extract import MAX_FIGURES_PER_ARTICLE, MAX_FIGURES_PER_SENTENCE
from checker.models import Article

CASES = {
    # name: (text, most statements expected)
    "one long sentence of figures": ("，".join(f"新增{i}例" for i in range(1, 101)) + "。", MAX_FIGURES_PER_SENTENCE),
    "dense 1.": ("1." * 30000, MAX_FIGURES_PER_ARTICLE),
    "many short sentences": ("新增5例。" * 8000, MAX_FIGURES_PER_ARTICLE),
}


@pytest.mark.parametrize("name", list(CASES))
def test_figures_are_bounded(name):
    text, most = CASES[name]
    extraction = process_article(Article(id="s1", path="a.txt", raw=text))
    assert 0 < len(extraction.statements) <= most
    assert extraction.dropped > 0
    for s in extraction.statements:
        assert text[s.start : s.end] == s.text


def test_a_normal_article_drops_nothing(repo_root):
    for seed in sorted((repo_root / "seeds").glob("*.txt")):
        extraction = process_article(Article(id="s1", path=seed.name, raw=seed.read_text(encoding="utf-8")))
        assert extraction.dropped == 0


def test_the_cli_names_the_file_and_still_checks_it(tmp_path):
    path = tmp_path / "dense.txt"
    path.write_text("北京6月19日电 " + "1." * 30000, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--format", "json", "--no-cache"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"checker: {path}: ") and "not checked" in lines[0], done.stderr
    report = json.loads(done.stdout)
    assert 0 < report["summary"]["statements"] <= MAX_FIGURES_PER_ARTICLE
    assert [p["code"] for p in report["problems"]] == ["too-many-figures"]
    rich = subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--no-cache"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert "1 file read in part" in rich.stdout and "skipped" not in rich.stdout
