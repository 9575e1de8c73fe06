"""Inputs whose cost used to grow faster than their size (issue 13, points 3 and 11), and links out of the tree (18).

Each case runs in a subprocess with a generous deadline: the old code took
tens of seconds (a front-matter line of 200,000 spaces: minutes; 1,200 nested
folders: about 18 s), the new one well under a second. The deadline only
bounds a runaway; timings are in benchmarks/adversarial.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DEADLINE = 30  # seconds


def check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "checker", "check", *args, "--no-cache", "--fail-on", "never"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=DEADLINE)


FRONT_MATTER = {  # rstrip() takes trailing spaces off: each run of spaces is followed by a word
    "spaces inside a key, no colon": "---\ntitle" + " " * 200_000 + "x\n---\n北京6月19日电 新增5例。\n",
    "spaces inside a key, then a colon": "---\na" + " " * 200_000 + "b: c\n---\n北京6月19日电 新增5例。\n",
    "an unclosed block": "---\ntitle" + " " * 200_000 + "x\n北京6月19日电 新增5例。\n",
}


@pytest.mark.parametrize("name", list(FRONT_MATTER))
def test_front_matter_is_read_in_linear_time(tmp_path, name):
    (tmp_path / "a.md").write_text(FRONT_MATTER[name], encoding="utf-8")
    done = check("a.md", cwd=tmp_path)
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr


def test_a_deep_folder_tree_is_walked_in_linear_time(tmp_path):
    depth = 1200  # 2,400 characters of path: under PATH_MAX with the temporary folder's
    fd = os.open(tmp_path, os.O_RDONLY)
    os.mkdir("root", dir_fd=fd)
    for name in ["root"] + ["d"] * depth:
        if name == "d":
            os.mkdir("d", dir_fd=fd)
        inner = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    article = os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(article, "北京6月19日电 北脑一号已完成5例人体植入。\n".encode("utf-8"))
    os.close(article)
    os.close(fd)
    try:
        done = check("root", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "checked 1 article," in done.stdout
    finally:  # shutil.rmtree (pytest's clean-up) recurses once a level: too deep for it
        subprocess.run(["rm", "-rf", str(tmp_path / "root")], check=False)


def test_the_walk_resolves_only_links(tmp_path, monkeypatch):
    """Linear, without a clock: a tree without links costs one realpath (its root), not one per folder
    (each O(depth): the old walk was cubic in depth)."""
    import checker.load as load

    path = tmp_path / "root"
    for _ in range(300):
        path = path / "d"
    path.mkdir(parents=True)
    (path / "a.txt").write_text("北京6月19日电 新增5例。\n", encoding="utf-8")
    calls = []
    real = os.path.realpath
    monkeypatch.setattr(load.os.path, "realpath", lambda p, *a, **k: calls.append(p) or real(p, *a, **k))
    files, problems = load.find_files([str(tmp_path / "root")])
    assert [f.shown.rsplit("/", 1)[-1] for f in files] == ["a.txt"] and problems == []
    assert len(calls) <= 2, len(calls)


def test_links_are_followed_only_inside_the_tree(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("北京6月19日电 北脑一号已完成7例人体植入。\n", encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "a.txt").write_text("北京6月19日电 北脑一号已完成5例人体植入。\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", tree / "leak.txt")
    os.symlink(outside, tree / "leakdir")
    os.symlink(tree / "sub" / "a.txt", tree / "inside.txt")
    done = check("tree", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    import json

    report = json.loads(done.stdout)
    assert [s["path"] for s in report["sources"]] == ["tree/inside.txt"]  # the link inside: one file, read once (first name)
    outside_problems = sorted(p["path"] for p in report["problems"] if p["code"] == "outside")
    assert outside_problems == ["tree/leak.txt", "tree/leakdir"]
    assert all(line.count("tree/leak") <= 1 for line in done.stderr.splitlines())
    # Named on the command line, a link is the user's choice: followed.
    named = check(str(tree / "leak.txt"), "--format", "json", cwd=tmp_path)
    assert json.loads(named.stdout)["summary"]["sources"] == 1
