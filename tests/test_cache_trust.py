"""What the caches trust (issue 13, point 1): nothing an article's author can write.

End to end through the command line, in a repository where a pull request
has committed a `.checker-cache/`: its entries were made on another machine
(another user's secret), one of them renamed so that the draft's key finds
an empty extraction. The gate must still fail on the draft's conflict, with
the very output of `--no-cache`. A planted jieba dictionary or prefix cache
(in the repository's cache folder, or a damaged one in the user's own) must
neither crash the run nor change it.
"""

from __future__ import annotations

import marshal
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRONT = "---\ntitle: 北京医药健康产业规模再创新高\ndate: 2025-06-19\noutlet: 示例日报\n---\n\n"
CONFLICT = FRONT + "记者从北京市科委获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长8.7%。\n"
NEUTRAL = FRONT + "记者从北京市科委获悉，北京医药健康产业规模再创新高，发展态势良好。\n"

KEYS = """
import sys
import time
from pathlib import Path
from checker import cache
from checker.config import Config
from checker.load import read_article
fp = cache.fingerprint(Config().tolerance, Config().vocabulary)
print(cache.article_key(read_article(Path(sys.argv[1]), "draft.md", "draft"), fp))
"""


def checker(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "true", "NO_COLOR": "1", "XDG_CACHE_HOME": str(home)}
    env.pop("CHECKER_JIEBA_CACHE", None)
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def key_of(text: str, folder: Path, home: Path) -> str:
    path = folder / "probe.md"
    path.write_text(text, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", KEYS, str(path)], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    path.unlink()
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    shutil.copytree(ROOT / "seeds", folder / "corpus")
    return folder


@pytest.mark.parametrize("fmt", ["rich", "json"])
def test_a_committed_cache_cannot_hide_a_conflict(repo, tmp_path, fmt):
    author, ci = tmp_path / "author-home", tmp_path / "ci-home"
    draft = repo / "draft.md"
    # The author, on their machine: a cache made from a harmless draft ...
    draft.write_text(NEUTRAL, encoding="utf-8")
    made = checker("check", "draft.md", "--against", "corpus/", "--format", "json", cwd=repo, home=author)
    assert made.returncode == 0, made.stderr
    # ... whose entry is moved under the key of the conflicting draft, which is then committed.
    neutral, real = key_of(NEUTRAL, tmp_path, author), key_of(CONFLICT, tmp_path, author)
    with sqlite3.connect(repo / ".checker-cache" / "statements.sqlite3") as db:
        assert db.execute("UPDATE extraction SET key = ? WHERE key = ?", (real, neutral)).rowcount == 1
        db.execute("DELETE FROM file")
    draft.write_text(CONFLICT, encoding="utf-8")
    truth = checker("check", "draft.md", "--against", "corpus/", "--format", fmt, "--no-cache", cwd=repo, home=ci)
    assert truth.returncode == 1, truth.stdout + truth.stderr
    # CI, with the committed cache in the work tree:
    gate = checker("check", "draft.md", "--against", "corpus/", "--format", fmt, cwd=repo, home=ci)
    assert (gate.returncode, gate.stdout) == (1, truth.stdout), gate.stderr
    # and the same user's own cache, made honestly, is used and gives the same answer
    again = checker("check", "draft.md", "--against", "corpus/", "--format", fmt, "-v" if fmt == "json" else "--fail-on=error",
                    cwd=repo, home=ci)
    assert (again.returncode, again.stdout) == (1, truth.stdout)


JIEBA_PLANTS = {
    "repo dictionary": ".checker-cache/jieba/dict-0.42.1-min10.txt",
    "repo prefix cache": ".checker-cache/jieba/jieba-min10.cache",
}


@pytest.mark.parametrize("plant", ["repo dictionary", "repo prefix cache", "user prefix cache"])
def test_a_planted_jieba_cache_is_not_used(repo, tmp_path, plant):
    home = tmp_path / "home"
    (repo / "draft.md").write_text(CONFLICT, encoding="utf-8")
    truth = checker("check", "draft.md", "--against", "corpus/", "--no-cache", cwd=repo, home=home)
    assert truth.returncode == 1
    if plant == "user prefix cache":
        files = list((home / "checker" / "jieba").glob("prefix-*.bin"))
        assert files
        targets = files
    else:
        targets = [repo / JIEBA_PLANTS[plant]]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        # 20 bytes jieba cannot parse as a dictionary; a prefix cache that unmarshals to the wrong shape
        target.write_bytes(b"\xff\xfe not a dict \n\x00\x01" if target.suffix == ".txt" else marshal.dumps((1, 2)))
        future = time.time() + 3600  # newer than any dictionary it could be checked against
        os.utime(target, (future, future))
    gate = checker("check", "draft.md", "--against", "corpus/", cwd=repo, home=home)
    assert (gate.returncode, gate.stdout) == (1, truth.stdout), gate.stderr
    assert "Traceback" not in gate.stderr
