"""Ctrl-C: exit 130, no traceback, no half-written report, a cache the next run can use.

`checker check corpus --output out.json` runs in a subprocess on a corpus big
enough to take several seconds; once it is busy (it has used a second of CPU:
imports done, extraction under way) it gets SIGINT — sent to its whole process
group, as a terminal's Ctrl-C is, so worker processes get it too, or to the
main process only, as `kill -INT` does. Then: exit status 130, "interrupted"
and no "Traceback" on stderr, no out.json and no temporary file
(.checker-*.tmp, *.tmp) anywhere in the folder, and a following run with the
same cache folder succeeds (and the cache database, if any, passes SQLite's
integrity check).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")

ARTICLES = 300  # 7 to 11 s of work on a 2-core machine: long enough to interrupt after start-up
BUSY_CPU_SECONDS = 1.0
CITIES = ["合肥", "芜湖", "苏州", "无锡", "宁波", "温州", "佛山", "东莞", "长沙", "郑州"]


def _article(i: int) -> str:
    city = CITIES[i % len(CITIES)]
    day = 1 + i % 28
    lines = [f"---\ntitle: {city}产业观察{i}\ndate: 2025-05-{day:02d}\n---\n", f"{city}5月{day}日电 记者从{city}市发展改革委获悉："]
    for k in range(24):
        company = f"{city}{'华创远景瑞康博达凯星'[k % 10]}{'科技新能源医药'[k % 7]}有限公司"
        lines.append(
            f"今年以来，{company}累计交付新能源汽车{1000 + (i * 37 + k * 101) % 9000}辆，"
            f"营业收入约{k + 2}.{i % 10}亿元，同比增长{(i + k) % 30 + 1}.5%，员工人数达到{200 + k * 13}人。"
        )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("interrupt") / "corpus"
    folder.mkdir()
    for i in range(ARTICLES):
        (folder / f"{i:04d}.md").write_text(_article(i), encoding="utf-8")
    return folder


def _group_cpu_seconds(group: int) -> float | None:
    """CPU time (user + system) used so far by the processes of a process group, from /proc; None without /proc."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    ticks = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that has just ended
        if int(fields[2]) == group:  # pgrp: the run and its worker processes
            ticks += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _wait_until_busy(process: subprocess.Popen) -> None:
    """Until the run has used BUSY_CPU_SECONDS (start-up done, extraction under way), or 2.5 s without /proc."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        cpu = _group_cpu_seconds(process.pid)  # started in its own session: its group id is its pid
        if cpu is None:
            time.sleep(2.5)
            return
        if cpu >= BUSY_CPU_SECONDS:
            return
        time.sleep(0.05)


def _leftovers(folder: Path) -> list[str]:
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*")
        if p.name == "out.json" or p.name.endswith(".tmp") or p.name.startswith(".checker-") and p.is_file()
    )


@pytest.mark.parametrize("jobs,whole_group", [("1", True), ("2", True), ("2", False)], ids=["jobs1-ctrl-c", "jobs2-ctrl-c", "jobs2-kill-int"])
def test_interrupt_exits_130_and_leaves_nothing_half_written(corpus, jobs, whole_group):
    work = corpus.parent / f"run-{jobs}-{whole_group}"
    work.mkdir()
    env = {**os.environ, "CI": "true", "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "checker", "check", str(corpus), "--output", "out.json", "--format", "json",
               "--jobs", jobs, "--fail-on", "never"]
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        _wait_until_busy(process)
        if process.poll() is not None:
            _, stderr = process.communicate()
            pytest.fail(f"the run ended (status {process.returncode}) before it could be interrupted "
                        f"(raise ARTICLES if it simply finished): {stderr[-2000:]}")
        if whole_group:
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    assert "interrupted" in stderr
    assert stdout == ""
    assert _leftovers(work) == []
    assert _leftovers(corpus) == []

    # The cache folder (if the run made one) still works: a following run succeeds and reads it.
    few = sorted(corpus.iterdir())[:12]
    again = subprocess.run([sys.executable, "-m", "checker", "check", *map(str, few), "--format", "json", "--jobs", "1",
                            "--fail-on", "never", "--output", "out.json"], cwd=work, env=env, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0, again.stderr
    assert json.loads((work / "out.json").read_text(encoding="utf-8"))["summary"]["sources"] == len(few)
    database = work / ".checker-cache" / "statements.sqlite3"
    if database.exists():
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
