"""Article text and file names cannot drive a terminal or a CI runner (issue 13, points 2, 5, 6, 7).

End to end through the command line, in every format and in `explain`,
`extract` and stderr: a draft whose title and conflicting sentence carry
ESC sequences (OSC window title, ESC[2J), BEL, U+202E, rich markup
(`[/x]`, `[bold red]`), `::error::` workflow commands after a line break and
`##[error]`; its file name carries a line break, `::error file=…::`, markup and
ESC; a second copy's name is not UTF-8 (`g\\xff.md`); the folder is named
`in[/x]`. Every run must finish with its usual status (1: the conflict is
found), write its report, and print no control character, no bidi override,
no line a runner would execute and no raw newline from a file name.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRONT = "---\ntitle: \x1b]0;pwned-title\x07标题\x1b[2J\u202e[/x]\ndate: 2025-06-19\n---\n\n"
BODY = (
    "北京6月19日电 记者获悉，\x1b[31m\x07\u202e[/x][bold red]styled[/bold red]\n::error::pwned ##[error]pwned "
    "脑科所、芯智达研发的128通道无线植入脑机接口系统“北脑一号”已完成两批、7例人体植入。\n"
)
HOSTILE_NAME = "d\n::error file=x::pwned[bold red]\x1b[2J.md"
OURS = re.compile(r"::(error|warning|notice) file=[^\n]*,title=[^\n]*::")  # our own annotations (github format)
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    drafts = root / "in[" / "x]"
    drafts.mkdir(parents=True)
    (root / "corpus").mkdir()
    for seed in (ROOT / "seeds").glob("*.txt"):
        (root / "corpus" / seed.name).write_bytes(seed.read_bytes())
    (drafts / HOSTILE_NAME).write_text(FRONT + BODY, encoding="utf-8")
    with open(os.fsencode(drafts) + b"/g\xff.md", "wb") as handle:
        handle.write((FRONT + BODY).encode("utf-8"))
    return root


def checker(tree: Path, *args: str, color: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "true"}
    env.pop("NO_COLOR", None)
    done = subprocess.run([sys.executable, "-m", "checker", *args], cwd=tree, env=env, capture_output=True, timeout=300)
    return done


def assert_inert(raw: bytes, github: bool = False) -> str:
    text = raw.decode("utf-8")  # never a lone surrogate or other undecodable output
    for line in text.splitlines():
        stripped = line.lstrip()
        if github and OURS.match(line):
            stripped = OURS.sub("", line, count=1)
        assert not stripped.startswith("::"), line
        assert "##[" not in line, line
    assert not FORBIDDEN.search(text.replace("\n", "").replace("\t", "").replace("\r", "")), repr(FORBIDDEN.search(text))
    assert "pwned-title" not in text or "\x1b]0;" not in text
    return text


FORMATS = ["rich", "json", "markdown", "html", "sarif", "github", "concise"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_inert(tree, fmt):
    done = checker(tree, "check", "in[/x]", "--against", "corpus", "--format", fmt, "--no-cache")
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    text = assert_inert(done.stdout, github=fmt == "github")
    assert_inert(done.stderr)
    assert "7例" in text
    if fmt in ("json", "sarif"):
        data = json.loads(text)  # still valid, the exact strings kept
        if fmt == "json":
            paths = {s["path"] for s in data["sources"]}
            assert "in[/x]/" + HOSTILE_NAME in paths and "in[/x]/g\udcff.md" in paths
            assert any("\u202e" in s["sentence"] for s in data["statements"])
        else:
            results = data["runs"][0]["results"]
            uris = {l["physicalLocation"]["artifactLocation"]["uri"] for r in results for l in r["locations"] + r.get("relatedLocations", [])}
            assert any(u.endswith("/g%FF.md") for u in uris), uris
    if fmt in ("rich", "markdown", "github"):
        assert "\\xff" in text  # the undecodable byte, shown


def test_colour_output_applies_no_markup_from_articles(tree):
    done = checker(tree, "check", "in[/x]", "--against", "corpus", "--color", "--no-cache")
    assert done.returncode == 1
    text = done.stdout.decode("utf-8")
    assert "pwned[bold red]\\x1b[2J.md" in text and "in[/x]/" in text  # the file name's markup, shown
    assert "\x1b]" not in text and "\x1b[2J" not in text and "\x07" not in text  # rich's own SGR colours only


def test_explain_is_inert(tree):
    listed = json.loads(checker(tree, "check", "in[/x]", "--against", "corpus", "--format", "json", "--no-cache").stdout)
    conflict = next(f["id"] for f in listed["findings"] if f["kind"] == "conflict")
    for color in ("--no-color", "--color"):
        done = checker(tree, "explain", conflict, "in[/x]", "--against", "corpus", "--no-cache", color)
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("utf-8")
        for line in text.splitlines():
            assert not line.lstrip().startswith("::") and "##[" not in line, line
        assert "\x1b]" not in text and "\x1b[2J" not in text and "\x07" not in text and "\u202e" not in text
        assert "[/x]" in text


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_extract_is_inert_and_does_not_parse_markup(tree, fmt):
    done = checker(tree, "extract", "in[/x]", "--format", fmt)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = assert_inert(done.stdout)
    assert "7例" in text
    if fmt == "table":
        assert "[bold red]" in text and "in[/x]/" in text


def test_problem_lines_on_stderr_name_the_file_on_one_line(tree):
    bad = tree / "in[" / "x]" / "e\n::error::pwned\x1b[2J\udcfe.md".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
    with open(os.fsencode(bad), "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n....")
    try:
        done = checker(tree, "check", "in[/x]", "--against", "corpus", "--no-cache")
        assert done.returncode == 1
        err = assert_inert(done.stderr)
        lines = [l for l in err.splitlines() if "binary file" in l]
        assert len(lines) == 1 and "e\\n:\u200b:error:\u200b:pwned\\x1b[2J\\xfe.md" in lines[0], err
        assert_inert(done.stdout)
    finally:
        os.unlink(os.fsencode(bad))
