"""jieba's dictionary cache (issue 13, points 9 and 10), end to end through the command line.

- It lives in this user's cache folder (0700), never in a shared,
  predictable place such as /tmp/checker-jieba, which another user could
  have created first (then every other user crashed) or planted.
- A full disk changes nothing: with every write into the cache folder
  failing with ENOSPC, the run gives the very report it gives otherwise
  (it used to fall back to jieba's full dictionary: 130 conflicts instead of
  129), prints no traceback and leaves no temporary file.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")

FULL_DISK = """
import errno, os, sys, tempfile
full = tuple(os.path.realpath(p) for p in os.environ["FULL"].split(os.pathsep))
real_mkstemp = tempfile.mkstemp
def mkstemp(*args, dir=None, **kwargs):
    if dir is not None and os.path.realpath(dir).startswith(full):
        raise OSError(errno.ENOSPC, "No space left on device")
    return real_mkstemp(*args, dir=dir, **kwargs)
tempfile.mkstemp = mkstemp
sys.argv = ["checker", *sys.argv[1:]]
from checker.cli import entry
entry()
"""


def run(home: Path, tmp: Path, *args: str, full_disk: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(home), "TMPDIR": str(tmp), "NO_COLOR": "1"}
    env.pop("CHECKER_JIEBA_CACHE", None)
    command = [sys.executable, "-c", FULL_DISK] if full_disk else [sys.executable, "-m", "checker"]
    if full_disk:
        env["FULL"] = os.pathsep.join([str(home), str(tmp)])  # the user's cache folder and the temporary folder
    return subprocess.run([*command, "check", SEEDS, "--format", "json", "--no-cache", "--fail-on", "never", *args],
                          env=env, capture_output=True, text=True, timeout=300, cwd=tmp)


def test_the_dictionary_cache_is_this_users_own(tmp_path):
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    tmp.mkdir()
    done = run(home, tmp)
    assert done.returncode == 0, done.stderr
    folder = home / "checker" / "jieba"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert list(folder.glob("prefix-*.bin"))
    assert not (tmp / "checker-jieba").exists()


def test_a_full_disk_changes_nothing(tmp_path):
    home, tmp, other_tmp = tmp_path / "home", tmp_path / "tmp", tmp_path / "other-tmp"
    tmp.mkdir()
    other_tmp.mkdir()
    normal = run(tmp_path / "other-home", other_tmp)  # its own folders: nothing for the full-disk run to find
    full = run(home, tmp, full_disk=True)
    assert full.returncode == 0, full.stderr
    assert full.stdout == normal.stdout
    assert "Traceback" not in full.stderr and full.stderr == normal.stderr
    leftovers = [p for p in [*home.rglob("*"), *tmp.rglob("*")] if p.is_file() and p.name != "secret"]
    assert leftovers == [], leftovers
