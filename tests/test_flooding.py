"""Flooding cannot hide a finding (issue 13, point 16).

A draft's 7例 against 121 or more corpus articles saying 5例 of the same
subject and measure gave no conflict: every key the pair shared was over the
posting cap and dropped. The subject-and-measure key is never dropped, only
sampled (`align.sample_posting`): the conflict is found with --against (with
and without the stored corpus index) and when everything is checked together.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FLOOD = 130  # over Thresholds.max_posting (120)
DRAFT = "---\ntitle: 北脑一号进展\ndate: 2025-06-19\n---\n\n北京6月19日电 脑科所、芯智达研发的“北脑一号”已完成7例人体植入。\n"


def corpus_article(i: int) -> str:
    return (f"---\ntitle: 北脑一号进展{i}\ndate: 2025-06-19\n---\n\n"
            f"北京6月19日电 脑科所、芯智达研发的“北脑一号”已完成5例人体植入。第{i}期简报。\n")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("flood")
    (root / "corpus").mkdir()
    for i in range(FLOOD):
        (root / "corpus" / f"a{i:03d}.md").write_text(corpus_article(i), encoding="utf-8")
    (root / "draft.md").write_text(DRAFT, encoding="utf-8")
    return root


def run(tree: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "CI": "true"}
    return subprocess.run([sys.executable, "-m", "checker", "check", *args, "--jobs", "1"], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("args", [
    ("draft.md", "--against", "corpus", "--no-cache", "--format", "json"),
    ("draft.md", "--against", "corpus", "--format", "github"),  # builds the stored index ...
    ("draft.md", "--against", "corpus", "--format", "github"),  # ... and reads it
    ("draft.md", "corpus", "--no-cache", "--format", "json"),
], ids=["against", "index-written", "index-read", "all-together"])
def test_a_flooded_fact_still_shows_the_outlier(tree, args):
    done = run(tree, *args)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr
    if "json" in args:
        report = json.loads(done.stdout)
        conflicts = [f for f in report["findings"] if f["kind"] == "conflict"]
        draft_ids = {s["id"] for s in report["statements"] if s["path"] == "draft.md" and s["text"] == "7例"}
        assert any(draft_ids & set(f["statements"]) for f in conflicts)
    else:
        assert "::error file=draft.md" in done.stdout
