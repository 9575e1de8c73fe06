"""Parallel extraction and start-up (issue 4).

Output never depends on --jobs (byte-identical JSON for one worker and two,
with and without the cache), results keep the input order, and `checker
--help` does not import jieba.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402  (benchmarks/generate.py)

from checker import parallel  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate.generate(parallel._PARALLEL_FROM + 6, seed=7, out=folder)
    return folder


def checker(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "true", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, env=env, capture_output=True, timeout=300)


def test_one_worker_and_two_give_the_same_bytes(corpus, tmp_path):
    base = ["check", str(corpus), "--format", "json", "--fail-on", "never"]
    one = checker(*base, "--jobs", "1", "--no-cache")
    # Two workers (filling a cache), then one process reading it all back: the same bytes.
    cache = str(tmp_path / "cache")
    two = checker(*base, "--jobs", "2", "--cache", cache, "--verbose")
    served = checker(*base, "--jobs", "1", "--cache", cache, "--verbose")
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert b'"findings"' in one.stdout
    assert two.stdout == one.stdout and served.stdout == one.stdout
    n = len(list(corpus.glob("a*")))
    assert f"(0 from cache, {n} extracted)".encode() in two.stderr
    assert f"({n} from cache, 0 extracted)".encode() in served.stderr


def test_results_keep_the_input_order(corpus):
    from checker import api
    from checker.api import CheckOptions, RunInfo

    articles, _, _ = api.load_inputs([str(corpus)])
    articles = articles[::-1]  # any order in, the same order out
    extractions = parallel.extract_many(articles, CheckOptions(jobs=2), RunInfo())
    assert [e.source.id for e in extractions] == [a.id for a in articles]
    assert all(s.source == e.source.id for e in extractions for s in e.statements)


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["--version"]])
def test_help_does_not_import_jieba(args):
    code = (
        "import sys\n"
        "from checker.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('jieba', 'rapidfuzz', 'opencc') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout or "version" in result.stdout


def test_cores_are_counted():
    assert parallel.cpu_count() >= 1
