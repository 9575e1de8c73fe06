"""How a run ends (issue 13, points 13 and 15), end to end through the command line.

- kill -9 of the run: its worker processes die with it (no orphans);
- SIGTERM of the run alone: exit 143, "terminated", no traceback, no report
  or temporary file left, workers gone;
- a crash: exit 3 (never 1, which a CI gate reads as "findings"), one line
  naming the log file, the traceback in that file and not on the terminal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_interrupt import _article, _leftovers

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find worker processes")

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 300


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lifecycle") / "corpus"
    folder.mkdir()
    for i in range(ARTICLES):
        (folder / f"{i:04d}.md").write_text(_article(i), encoding="utf-8")
    return folder


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def start(corpus: Path, work: Path) -> tuple[subprocess.Popen, set[int]]:
    work.mkdir()
    env = {**os.environ, "CI": "true", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "checker", "check", str(corpus), "--output", "out.json", "--format", "json",
               "--jobs", "2", "--fail-on", "never", "--no-cache"]
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and process.poll() is None:
        workers = children(process.pid)
        if len(workers) >= 2:
            time.sleep(0.5)  # let them take work
            return process, children(process.pid)
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"no worker processes appeared: {process.communicate()[1][-2000:]}")


def wait_gone(pids: set[int], seconds: float = 10) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(pids)


def test_workers_die_with_a_killed_parent(corpus):
    process, workers = start(corpus, corpus.parent / "kill9")
    try:
        process.kill()  # SIGKILL to the run alone, as an OOM killer or a CI timeout does
        process.communicate(timeout=30)
        assert wait_gone(workers) == set()
    finally:
        for pid in alive(workers):
            os.kill(pid, signal.SIGKILL)


def test_sigterm_exits_143_cleanly_and_ends_the_workers(corpus):
    work = corpus.parent / "term"
    process, workers = start(corpus, work)
    try:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 143, stderr
        assert "terminated" in stderr and "Traceback" not in stderr, stderr
        assert wait_gone(workers) == set()
        assert _leftovers(work) == []
    finally:
        if process.poll() is None:
            process.kill()
        for pid in alive(workers):
            os.kill(pid, signal.SIGKILL)


CRASH = """
import sys
import checker.api
def boom(*args, **kwargs):
    raise RuntimeError("simulated bug")
checker.api.check = boom
from checker.cli import entry
sys.argv = ["checker", "check"]
entry()
"""


def test_a_crash_exits_3_with_the_traceback_in_a_log_file(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", CRASH], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("checker: internal error (RuntimeError: simulated bug)"), done.stderr
    log = tmp_path / "home" / "checker" / "crash.log"
    assert str(log) in lines[0]
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "simulated bug" in text and "boom" in text
