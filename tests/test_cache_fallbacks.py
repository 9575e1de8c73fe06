"""A cache that cannot be written is still read; one that cannot be used is named (issue 13, point 19).

End to end through the command line. A read-only cache (simulated as root
sees none: every writable open of the database refused the way a read-only
file system refuses it) serves its entries and is never deleted; a cache
folder that cannot be made runs without a cache and says so on one line,
with the same report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")

READ_ONLY = """
import sqlite3, sys
real_connect = sqlite3.connect
def connect(database, *args, uri=False, **kwargs):
    if not uri:
        raise sqlite3.OperationalError("attempt to write a readonly database")
    return real_connect(database, *args, uri=uri, **kwargs)
sqlite3.connect = connect
sys.argv = ["checker", *sys.argv[1:]]
from checker.cli import entry
entry()
"""


def run(tmp: Path, *args: str, read_only: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "CI": "true"}
    command = [sys.executable, "-c", READ_ONLY] if read_only else [sys.executable, "-m", "checker"]
    return subprocess.run([*command, "check", SEEDS, "--format", "json", "--fail-on", "never", "--jobs", "1", *args],
                          cwd=tmp, env=env, capture_output=True, text=True, timeout=300)


def test_a_read_only_cache_is_still_read(tmp_path):
    first = run(tmp_path, "--cache", "c")
    assert first.returncode == 0, first.stderr
    again = run(tmp_path, "--cache", "c", "-v", read_only=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    assert "5 from cache, 0 extracted" in again.stderr, again.stderr


def test_a_cache_folder_that_cannot_be_made_falls_back_with_one_line(tmp_path):
    # (--cache naming a file itself is a usage error since issue 11; a folder inside a file cannot be made)
    (tmp_path / "c").write_text("not a folder\n", encoding="utf-8")
    plain = run(tmp_path, "--no-cache")
    done = run(tmp_path, "--cache", "c/cache")
    assert done.returncode == 0, done.stderr
    assert done.stdout == plain.stdout
    lines = done.stderr.strip().splitlines()
    assert lines == ["checker: c/cache: the statement cache cannot be used (it cannot be created or opened); checking without it "
                     "(give --cache a folder you can write)"], done.stderr
