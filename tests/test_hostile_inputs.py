"""Hostile and broken input, through the command line: the documented behaviour and exit code.

- A file named on the command line that cannot be used: exit 2, one line on
  stderr `checker: <path>: <problem> (<fix>)`, no traceback.
- In a folder run the good files are still checked and each bad one is listed
  on stderr; the exit status is that of the findings (0 or 1).
- Encodings (GBK, GB18030, UTF-16 and UTF-8 with BOM) and line ends (CRLF, CR,
  mixed) keep `raw[start:end] == text` and the right line and column.
- Malformed configuration, front matter and baseline: exit 2, one line naming
  the file and the key (or the front-matter line).
- HTML and Markdown reports show `<script>`, `<img onerror>` and a Markdown
  link injection from an article as text.
- The same inputs give byte-identical JSON whatever the order of the paths and
  the number of worker processes.
- The adversarial texts of benchmarks/adversarial.py, at a small size, run
  without error and keep their offsets (their timing is the benchmark's job).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOOD = "北京6月19日电 记者从北京市科委获悉，2024年北京医药健康产业规模达到1.06万亿元，同比增长8.7%。\n\n“北脑一号”已完成5例人体植入。\n"
ERROR_LINE = re.compile(r"^checker: (?P<path>.+?): (?P<problem>.+) \((?P<fix>.+)\)$")


def checker(*args: str, cwd: Path):
    """Run `checker ARGS` in `cwd` in this process; an uncaught exception fails the test."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


def check_json(*args: str, cwd: Path):
    return checker("check", *args, "--format", "json", "--no-cache", "--jobs", "1", "--fail-on", "never", cwd=cwd)


def one_error(result, path: str) -> re.Match:
    """Exit 2 and exactly one `checker: <path>: <problem> (<fix>)` line on stderr."""
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    m = ERROR_LINE.match(lines[0])
    assert m and m["path"] == path, lines[0]
    return m


def line_and_column(raw: str, index: int) -> tuple[int, int]:
    """1-based, counting \\r\\n, \\r and \\n as one break each."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", raw[:index])]
    return len(starts), index - starts[-1] + 1


def assert_offsets(report: dict, raws: dict[str, str]) -> None:
    assert report["statements"]
    for s in report["statements"]:
        raw = raws[s["path"]]
        assert raw[s["start"] : s["end"]] == s["text"]
        assert (s["line"], s["column"]) == line_and_column(raw, s["start"])


# ---------------------------------------------------------------- named bad files

SPARSE_SIZE = 200 * 1024 * 1024

BAD_FILES = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (" \n\t\r\n\u3000\n".encode(), "empty"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG"),
    "scan.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    "article.md": (b"PK\x03\x04\x14\x00\x06\x00" + bytes(40), "ZIP"),
    "latin1.txt": ("Café 5 cas, Zürich".encode("latin-1"), "decode"),
    "broken-utf8.txt": ("北京新增5例".encode() + b"\xff\xfe\xfd" + "约10亿元".encode(), "decode"),
    "truncated.txt": ("北京新增5例，约10亿元。".encode()[:-1], "decode"),
    "nul.txt": ("北京新增5例".encode() + b"\x00\x00\x00" + "约10亿元".encode(), "binary"),
    "no-body.md": ("---\ntitle: 标题\ndate: 2025-06-19\n---\n\n".encode(), "front matter"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_named_bad_file_is_one_line_and_exit_2(tmp_path, name):
    data, fragment = BAD_FILES[name]
    (tmp_path / name).write_bytes(data)
    m = one_error(check_json(name, cwd=tmp_path), name)
    assert fragment.lower() in m["problem"].lower()


def test_sparse_200_mb_file_is_refused_before_reading(tmp_path):
    with open(tmp_path / "huge.txt", "wb") as f:
        f.truncate(SPARSE_SIZE)  # a hole: no disk used, nothing to read
    m = one_error(check_json("huge.txt", cwd=tmp_path), "huge.txt")
    assert "200 MB" in m["problem"] and "limit" in m["problem"]
    assert "max_size_mb" in m["fix"]


def test_size_limit_is_configurable(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD * 40, encoding="utf-8")
    (tmp_path / "checker.toml").write_text("max_size_mb = 0.001\n", encoding="utf-8")
    m = one_error(check_json("a.txt", cwd=tmp_path), "a.txt")
    assert "1 KB limit" in m["problem"]
    (tmp_path / "checker.toml").write_text("max_size_mb = 1\n", encoding="utf-8")
    result = check_json("a.txt", cwd=tmp_path)
    assert result.exit_code == 0 and result.stderr == ""


def test_missing_path_with_spaces_and_chinese(tmp_path):
    one_error(check_json("新闻 稿件/不存在 的稿.txt", cwd=tmp_path), "新闻 稿件/不存在 的稿.txt")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file: chmod 000 proves nothing")
def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    try:
        m = one_error(check_json("locked.txt", cwd=tmp_path), "locked.txt")
    finally:
        path.chmod(0o644)
    assert "permission" in (m["problem"] + m["fix"]).lower()


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    """The same refusal as root, by making open() fail the way chmod 000 does."""
    import checker.load as load

    real_open = open

    def deny(file, *args, **kwargs):
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(load, "open", deny, raising=False)
    (tmp_path / "locked.txt").write_text(GOOD, encoding="utf-8")
    m = one_error(check_json("locked.txt", cwd=tmp_path), "locked.txt")
    assert "permission" in (m["problem"] + m["fix"]).lower()


def test_symlink_to_itself_named(tmp_path):
    os.symlink("self.txt", tmp_path / "self.txt")
    one_error(check_json("self.txt", cwd=tmp_path), "self.txt")


# ---------------------------------------------------------------- encodings and line ends


# encoding → (the text as decoded, offsets count in it; its bytes on disk). A BOM is not text.
ENCODINGS = {
    "gbk-crlf": (GOOD.replace("\n", "\r\n"), GOOD.replace("\n", "\r\n").encode("gbk")),
    "gb18030": (GOOD + "𠀀（扩展B区字）\n", (GOOD + "𠀀（扩展B区字）\n").encode("gb18030")),
    "utf-16-le-bom": (GOOD, b"\xff\xfe" + GOOD.encode("utf-16-le")),
    "utf-16-be-bom": (GOOD, b"\xfe\xff" + GOOD.encode("utf-16-be")),
    "utf-8-bom": (GOOD, b"\xef\xbb\xbf" + GOOD.encode("utf-8")),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_encodings_are_read_and_offsets_point_into_decoded_text(tmp_path, encoding):
    text, data = ENCODINGS[encoding]
    (tmp_path / "a.txt").write_bytes(data)
    result = check_json("a.txt", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert {s["text"] for s in report["statements"]} >= {"1.06万亿元", "8.7%", "5例"}
    assert_offsets(report, {"a.txt": text})


LINE_ENDS = {
    "crlf": "\r\n",
    "cr": "\r",
    "mixed": None,
}


@pytest.mark.parametrize("ending", sorted(LINE_ENDS))
def test_line_ends_keep_offsets_lines_and_columns(tmp_path, ending):
    body = "北京6月19日电\n记者从北京市科委获悉，\n2024年北京医药健康产业规模达到1.06万亿元，\n\n同比增长8.7%。\n\n\n“北脑一号”\n已完成5例人体植入。\n全市约10亿元。\n"
    if LINE_ENDS[ending]:
        raw = body.replace("\n", LINE_ENDS[ending])
    else:
        parts = body.split("\n")
        raw = "".join(p + ("\r\n", "\r", "\n")[i % 3] for i, p in enumerate(parts[:-1])) + parts[-1]
    (tmp_path / "a.txt").write_bytes(raw.encode("utf-8"))
    result = check_json("a.txt", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"1.06万亿元", "8.7%", "5例", "约10亿元"} <= {s["text"] for s in report["statements"]}
    assert_offsets(report, {"a.txt": raw})
    five = next(s for s in report["statements"] if s["text"] == "5例")
    if ending != "mixed":  # (mixed makes some "\r" + "\n" pairs: one break each, as an editor sees them)
        assert (five["line"], five["column"]) == (9, 4)


# ---------------------------------------------------------------- folder runs


def test_folder_run_checks_good_files_and_lists_bad_ones(tmp_path):
    folder = tmp_path / "稿件 folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "good one.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "北京 日报.md").write_text("---\ndate: 2025-06-19\n---\n" + GOOD.replace("1.06", "1.6"), encoding="utf-8")
    (folder / "gbk.txt").write_bytes(GOOD.encode("gbk"))
    bad = {"empty.txt": b"", "image.txt": BAD_FILES["image.txt"][0], "broken-utf8.txt": BAD_FILES["broken-utf8.txt"][0],
           "nul.md": BAD_FILES["nul.txt"][0]}
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    os.symlink("..", folder / "sub" / "loop")  # sub/loop → the folder itself
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(SPARSE_SIZE)

    result = check_json("稿件 folder", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr  # bad files in a folder are listed, not fatal
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert sorted(s["path"] for s in report["sources"]) == [
        "稿件 folder/gbk.txt", "稿件 folder/good one.txt", "稿件 folder/sub/北京 日报.md"]
    assert any(f["kind"] == "conflict" for f in report["findings"])  # 1.06万亿元 vs 1.6万亿元
    listed = result.stderr.splitlines()
    for line in listed:
        assert ERROR_LINE.match(line) or line.startswith("checker: "), line
    for name in [*bad, "huge.txt", "sub/loop"]:
        assert sum(f"稿件 folder/{name}" in line for line in listed) == 1, (name, listed)
    assert {p["path"] for p in report["problems"]} == {f"稿件 folder/{name}" for name in [*bad, "huge.txt", "sub/loop"]}


def test_dangling_link_inside_a_folder_is_listed_not_fatal(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    os.symlink("missing.txt", tmp_path / "in" / "dangling.txt")
    result = check_json("in", cwd=tmp_path)
    assert [line.split(":")[1].strip() for line in result.stderr.splitlines()] == ["in/dangling.txt"]
    assert result.exit_code == 0


def test_link_to_the_parent_of_the_named_folder_is_not_followed(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "outside.txt").write_text(GOOD, encoding="utf-8")
    os.symlink("..", tmp_path / "in" / "up")  # in/up → tmp_path, the folder above the one named
    result = check_json("in", cwd=tmp_path)
    assert [s["path"] for s in json.loads(result.stdout)["sources"]] == ["in/a.txt"]
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == ["in/up"]


def test_folder_run_with_only_bad_files_is_an_input_error(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "image.txt").write_bytes(BAD_FILES["image.txt"][0])
    result = check_json("in", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 2


def test_named_bad_file_next_to_good_ones_is_exit_2_but_checks_the_rest(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    result = check_json("a.txt", "b.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [l for l in result.stderr.splitlines() if l.startswith("checker: b.txt: ")]
    assert [s["path"] for s in json.loads(result.stdout)["sources"]] == ["a.txt"]


# ---------------------------------------------------------------- malformed settings


CONFIGS = [
    ("checker.toml", 'colour = "red"\n', "colour"),
    ("checker.toml", 'tolerance = "lots"\n', "tolerance"),
    ("checker.toml", "tolerance = 3\n", "tolerance"),
    ("checker.toml", '[severity]\nconflict = "fatal"\n', "severity.conflict"),
    ("checker.toml", "aliases = [[\"北京脑所\"]]\n", "aliases"),
    ("checker.toml", "tolerance = \n", "TOML"),
    ("pyproject.toml", "[tool.checker]\nmax_size_mb = -1\n", "max_size_mb"),
    ("pyproject.toml", '[tool.checker]\nignore = "drafts/*"\n', "ignore"),
    ("pyproject.toml", "[tool.checker]\nunknown_key = 1\n", "unknown_key"),
]


@pytest.mark.parametrize("name,content,key", CONFIGS, ids=[f"{n}:{k}" for n, _, k in CONFIGS])
def test_malformed_config_names_file_and_key(tmp_path, name, content, key):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = check_json("a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("checker: ") and name in line and key in line, line


def test_config_given_with_option_that_is_missing_or_binary(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00bad")
    for name in ("missing.toml", "bin.toml"):
        result = checker("check", "a.txt", "--config", name, "--no-cache", cwd=tmp_path)
        assert result.exit_code == 2
        [line] = result.stderr.splitlines()
        assert line.startswith(f"checker: {name}: "), line


FRONT_MATTER = [
    ("not-closed.md", "---\ntitle: 标题\n新增5例。\n", "line 3"),
    ("bad-date.md", "---\ndate: 2025-13-45\n---\n新增5例。\n", "line 2"),
    ("not-a-date.md", "---\ndate: 昨天\n---\n新增5例。\n", "line 2"),
    ("no-colon.md", "---\njust text\n---\n新增5例。\n", "line 2"),
    ("open-quote.md", '---\ntitle: "unclosed\n---\n新增5例。\n', "line 2"),
]


@pytest.mark.parametrize("name,content,where", FRONT_MATTER, ids=[n for n, _, _ in FRONT_MATTER])
def test_malformed_front_matter_names_file_and_line(tmp_path, name, content, where):
    (tmp_path / name).write_text(content, encoding="utf-8")
    m = one_error(check_json(name, cwd=tmp_path), name)
    assert "front matter" in m["problem"] and where in m["problem"]


BASELINES = [
    ("b.toml", 'version = 1\n[[accepted]]\nid = "nope"\nreason = "x"\n', "accepted[0].id"),
    ("b.toml", 'version = 1\n[[accepted]]\nid = "f-0123456789abcdef"\nreason = "x"\nextra = 1\n', "accepted[0].extra"),
    ("b.toml", 'version = 1\n[[accepted]]\nid = "f-0123456789abcdef"\n', "accepted[0].reason"),
    ("b.toml", "version = 9\n", "version"),
    ("b.toml", "version = [\n", "TOML"),
    ("b.json", "[1, 2]", "table"),
    ("b.json", '{"version": 1, "accepted": [{"id": 5, "reason": "x"}]', "JSON"),
    ("missing.toml", None, "no such baseline"),
]


@pytest.mark.parametrize("name,content,key", BASELINES, ids=[f"{n}:{k}" for n, _, k in BASELINES])
def test_malformed_baseline_names_file_and_key(tmp_path, name, content, key):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    result = checker("check", "a.txt", "--baseline", name, "--no-cache", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"checker: {name}: ") and key in line, line


# ---------------------------------------------------------------- report escaping

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[点我](javascript:alert(1))"


def _injected_articles(folder: Path) -> None:
    front = "---\ntitle: {title}\noutlet: {outlet}\ndate: 2025-06-19\n---\n\n"
    (folder / "a.md").write_text(
        front.format(title=SCRIPT + "标题", outlet=IMG)
        + f"{SCRIPT}，记者从北京市科委获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长8.7%，{LINK}{IMG}。\n",
        encoding="utf-8",
    )
    (folder / "b.md").write_text(
        front.format(title=LINK, outlet="日报")
        + f"记者从北京市科委获悉{IMG}，2024年北京医药健康产业规模达到1.06万亿元，同比增长8.7%，{LINK}{SCRIPT}。\n",
        encoding="utf-8",
    )


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def _assert_inert_html(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed"}, tags
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    text = "".join(parser.text)
    assert SCRIPT in text and IMG in text and LINK in text  # shown, as text


@pytest.mark.skipif(not (ROOT / "checker" / "report" / "html.py").exists(), reason="checker/report/html.py not written yet")
def test_html_report_shows_injection_as_text(tmp_path):
    _injected_articles(tmp_path)
    result = checker("check", "a.md", "b.md", "--format", "html", "--show-agreements", "--no-cache", cwd=tmp_path)
    assert result.exit_code == 1, result.stderr  # the conflict is found despite the markup
    _assert_inert_html(result.stdout)


@pytest.mark.skipif(not (ROOT / "checker" / "report" / "markdown.py").exists(), reason="checker/report/markdown.py not written yet")
def test_markdown_report_shows_injection_as_text(tmp_path):
    from markdown_it import MarkdownIt  # rich's own dependency: always installed

    _injected_articles(tmp_path)
    result = checker("check", "a.md", "b.md", "--format", "markdown", "--show-agreements", "--no-cache", cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    assert "1.6万亿元" in result.stdout
    # Rendered the way GitHub and most viewers do: raw HTML allowed, tables on.
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(result.stdout)
    assert "<a " not in html  # no link at all: the report has none of its own
    _assert_inert_html(html)



def test_terminal_report_strips_control_characters(tmp_path):
    front = "---\ndate: 2025-06-19\n---\n\n"
    (tmp_path / "c.md").write_text(front + "\x1b]0;pwned\x07记者从北京市科委获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长8.7%\x1b[2J。\n", encoding="utf-8")
    (tmp_path / "d.md").write_text(front + "记者从北京市科委获悉，2024年北京医药健康产业规模达到1.06万亿元，同比增长8.7%。\n", encoding="utf-8")
    result = checker("check", "c.md", "d.md", "--show-agreements", "--no-cache", "--no-color", cwd=tmp_path)
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


# ---------------------------------------------------------------- determinism


def _corpus(folder: Path, n: int) -> list[str]:
    """n small articles about shared facts (some agree, some conflict), enough to start worker processes."""
    folder.mkdir()
    names = []
    for i in range(n):
        value = 5 if i % 3 else 3
        day = 10 + i % 15
        text = (
            f"---\ntitle: 稿件{i}\ndate: 2025-06-{day:02d}\n---\n\n"
            f"北京6月{day}日电 截至6月{day}日，“北脑一号”已完成{value}例人体植入。\n"
            f"2024年北京医药健康产业规模达到{'1.06万亿元' if i % 4 else '10600亿元'}，同比增长8.7%。\n"
            f"今年以来，全市新增创新医疗器械{7 + i // 10}款，其中{i % 5 + 1}款进入优先审批。\n"
        )
        name = f"{i:03d}-{'甲乙丙'[i % 3]}.{'md' if i % 2 else 'txt'}"
        (folder / name).write_text(text, encoding="utf-8")
        names.append(f"{folder.name}/{name}")
    return names


def test_json_is_byte_identical_whatever_the_order_and_jobs(tmp_path):
    names = _corpus(tmp_path / "corpus", 30)  # over the 24 articles from which --jobs starts workers
    runs = []
    for order, jobs in ((names, "1"), (names[::-1], "2"), (names[1::2] + names[::2], "2"), (names, "1")):
        result = checker("check", *order, "--format", "json", "--no-cache", "--jobs", jobs, "--fail-on", "never",
                         "--show-agreements", cwd=tmp_path)
        assert result.exit_code == 0, result.stderr
        runs.append(result.stdout)
    assert json.loads(runs[0])["findings"], "the corpus should give findings to compare"
    assert all(run == runs[0] for run in runs[1:])


# ---------------------------------------------------------------- adversarial texts


def _adversarial():
    spec = importlib.util.spec_from_file_location("adversarial", ROOT / "benchmarks" / "adversarial.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("adversarial", module)
    spec.loader.exec_module(module)
    return module


ADVERSARIAL = _adversarial()


@pytest.mark.parametrize("name", sorted(ADVERSARIAL.GENERATORS))
def test_adversarial_text_runs_and_keeps_offsets(name):
    from checker.api import process_article

    make, _ = ADVERSARIAL.GENERATORS[name]
    text = make(3000)
    extraction = process_article(ADVERSARIAL.article(text))
    ADVERSARIAL.check_offsets(text, extraction)


def test_adversarial_file_through_the_command_line(tmp_path):
    text = "".join(make(2000) for make, _ in ADVERSARIAL.GENERATORS.values()).replace("\x00", "")  # NUL: a binary file
    (tmp_path / "hostile.txt").write_text(text, encoding="utf-8")
    result = check_json("hostile.txt", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert_offsets(report, {"hostile.txt": text})
