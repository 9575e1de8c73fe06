"""The load stage: decoding, refusing, front matter, folders. Table-driven where natural.

Hostile files are made in tmp_path by the tests themselves.
"""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest

from checker import load
from checker.load import (
    ARTICLE_SUFFIXES,
    DEFAULT_MAX_BYTES,
    LoadError,
    load_paths,
    read_article,
)

TEXT = "北京6月19日电 2024年北京医药健康产业规模达到了1.06万亿元，同比增长8.7%。北京脑科学与类脑研究所发布的北脑一号已完成5例植入手术。"
TRADITIONAL = "北京6月19日電 2024年北京醫藥健康產業規模達到了1.06萬億元，同比增長8.7%。北京腦科學與類腦研究所發佈的北腦一號已完成5例植入手術，我們認為這個發展會繼續。"
JAPANESE = "東京で開催された会議では、新しい技術について議論されました。参加者は多くの意見を交換しました。"
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def _gb18030_mojibake() -> bytes:
    """High bytes that GB18030 decodes without error, into nonsense."""
    rng = random.Random(7)
    while True:
        data = bytes(rng.randrange(0x81, 0xFF) for _ in range(400))
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            continue
        return data


def _refused(path, display=None, **kw):
    with pytest.raises(LoadError) as err:
        read_article(path, display or str(path), **kw)
    return err.value.problem


def test_public_constants():
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    assert ARTICLE_SUFFIXES == (".txt", ".md", ".markdown")


# ---------------------------------------------------------------- decoding

DECODING = [
    ("utf8", TEXT.encode("utf-8"), "utf-8"),
    ("utf8-bom", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf16-le-bom", b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf16-be-bom", b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
    ("utf32-le-bom", b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), "utf-32-le"),
    ("utf32-be-bom", b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"), "utf-32-be"),
    ("gbk", TEXT.encode("gbk"), "gb18030"),
    ("gb18030-four-byte", ("𠀀" + TEXT).encode("gb18030"), "gb18030"),
    ("gbk-traditional", TRADITIONAL.encode("gbk"), "gb18030"),
    ("gbk-short", "北脑一号".encode("gbk"), "gb18030"),
]


@pytest.mark.parametrize("name,data,encoding", DECODING, ids=[d[0] for d in DECODING])
def test_decodes(tmp_path, name, data, encoding):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    article = read_article(path, "x.txt")
    assert article.encoding == encoding
    assert article.raw.endswith(data.decode(encoding.replace("-sig", "")).lstrip("\ufeff")[-10:])
    assert not article.raw.startswith("\ufeff")  # the BOM is no part of the text
    assert article.id == "" and article.path == "x.txt" and article.role == "corpus"


REFUSED = [
    ("empty", b"", "empty"),
    ("whitespace", b"  \n\t\r\n  ", "empty"),
    ("ideographic-space", "\u3000\u3000\n".encode("utf-8"), "empty"),
    ("bom-only", b"\xef\xbb\xbf", "empty"),
    ("utf16-bom-only", b"\xff\xfe", "empty"),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "binary"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "binary"),
    ("zip", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "binary"),
    ("gif", b"GIF89a\x01\x00\x01\x00", "binary"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary"),
    ("gzip", b"\x1f\x8b\x08\x00" + b"\x00" * 8, "binary"),
    ("nul", b"abc\x00def" * 10, "binary"),
    ("nul-late", TEXT.encode("utf-8") * 500 + b"\x00", "binary"),
    ("utf16-no-bom", "hello world, 5 cases".encode("utf-16-le"), "binary"),
    ("utf16-bom-odd-length", b"\xff\xfe" + "5例".encode("utf-16-le") + b"\x41", "undecodable"),
    ("utf8-bom-then-garbage", b"\xef\xbb\xbf\xff\xfe\xfd", "undecodable"),
    ("invalid-utf8-not-gb18030", bytes(range(0x80, 0x100)) * 4, "undecodable"),
    ("gb18030-mojibake", _gb18030_mojibake(), "undecodable"),
    ("big5", TRADITIONAL.encode("big5"), "undecodable"),
    ("shift-jis", JAPANESE.encode("shift_jis"), "undecodable"),
    ("c1-controls", b"\x81\x30\x81\x30" * 50, "undecodable"),
    ("front-matter-only", "---\ntitle: 标题\n---\n\n".encode(), "empty"),
]


@pytest.mark.parametrize("name,data,code", REFUSED, ids=[r[0] for r in REFUSED])
def test_refuses_with_a_reason(tmp_path, name, data, code):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    problem = _refused(path, "shown/name.txt")
    assert problem.code == code
    assert problem.path == "shown/name.txt"
    assert problem.message and problem.hint
    assert "\n" not in problem.line()


BINARY_NAMES = [
    (b"\x89PNG\r\n\x1a\n\x00", "binary file (PNG image)"),
    (b"%PDF-1.4\n", "binary file (PDF document)"),
    (b"GIF87a\x00", "binary file (GIF image)"),
    (b"\xff\xd8\xff\xdb", "binary file (JPEG image)"),
    (b"\x1f\x8b\x08", "binary file (gzip archive)"),
    (b"ab\x00cd", "binary file (contains NUL bytes)"),
]


BINARY_HINTS = [  # never "convert it to .txt" for a file named .txt (issue 11)
    ("a.txt", "its name says text but it is not: save the article again as plain text (UTF-8)"),
    ("a.md", "its name says text but it is not: save the article again as plain text (UTF-8)"),
    ("a.bin", "convert it to .txt or .md first"),
]


@pytest.mark.parametrize("name,hint", BINARY_HINTS)
@pytest.mark.parametrize("data,message", BINARY_NAMES)
def test_binary_files_are_named(tmp_path, data, message, name, hint):
    path = tmp_path / name
    path.write_bytes(data)
    problem = _refused(path)
    assert problem.message == message
    assert problem.hint == hint


def test_zip_names_office_files(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"PK\x03\x04rest")
    assert "ZIP archive" in _refused(path).message


def test_bom_less_utf16_gets_a_utf16_hint(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Beijing reported 5 cases today.".encode("utf-16-le"))
    problem = _refused(path)
    assert problem.code == "binary" and "UTF-16" in problem.hint


def test_undecodable_message(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    problem = _refused(path)
    assert problem.message == "cannot decode as UTF-8, UTF-16 or GB18030"
    assert problem.hint == "save the file as UTF-8"


# ---------------------------------------------------------------- text is kept as decoded

LINE_ENDINGS = [
    ("lf", "\n", "utf-8"),
    ("crlf", "\r\n", "utf-8"),
    ("cr", "\r", "utf-8"),
    ("mixed", "\r\n\r\n\n\r", "utf-8"),
    ("crlf-gbk", "\r\n", "gbk"),
    ("crlf-utf16", "\r\n", "utf-16"),
]


@pytest.mark.parametrize("name,ending,codec", LINE_ENDINGS, ids=[e[0] for e in LINE_ENDINGS])
def test_line_endings_are_kept(tmp_path, name, ending, codec):
    text = f"第一段，北脑一号完成5例。{ending}第二段，清华大学3例。{ending}　　全角空格与 tabs\t保留。{ending}"
    data = text.encode(codec)
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    article = read_article(path, "a.txt")
    assert article.raw == text
    if codec == "utf-8":
        assert article.raw.encode("utf-8") == data  # byte for byte
    assert article.raw.index("5例") == text.index("5例")  # offsets point into the decoded text


# ---------------------------------------------------------------- size, permissions, odd files


def test_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:
        f.truncate(3 * 1024 * 1024)  # sparse: takes no disk

    def no_open(*args, **kwargs):
        raise AssertionError("the size must be checked before the file is opened")

    monkeypatch.setattr(load, "open", no_open, raising=False)
    problem = _refused(path, "big.txt", max_bytes=1024 * 1024)
    assert problem.code == "too-large"
    assert problem.message == "file is 3 MB, over the 1 MB limit"
    assert "split the file" in problem.hint


@pytest.mark.parametrize(
    "size,limit,message",
    [
        (21 * 1024 * 1024 + 1, DEFAULT_MAX_BYTES, "file is 21.1 MB, over the 20 MB limit"),
        (20 * 1024 * 1024 + 1, DEFAULT_MAX_BYTES, "file is 20.1 MB, over the 20 MB limit"),  # never "20 MB over 20 MB"
        (3000, 1024, "file is 3 KB, over the 1 KB limit"),
        (101, 100, "file is 101 bytes, over the 100 bytes limit"),
    ],
)
def test_too_large_message(tmp_path, size, limit, message):
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:
        f.truncate(size)
    assert _refused(path, max_bytes=limit).message == message


def test_exactly_the_limit_is_read(tmp_path):
    data = TEXT.encode("utf-8")
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert read_article(path, "a.txt", max_bytes=len(data)).raw == TEXT


def test_too_large_in_a_folder_run(tmp_path):
    (tmp_path / "big.txt").write_text(TEXT * 100, encoding="utf-8")
    (tmp_path / "small.txt").write_text(TEXT, encoding="utf-8")
    articles, problems = load_paths([tmp_path], max_bytes=1024)
    assert [os.path.basename(a.path) for a in articles] == ["small.txt"]
    assert [(os.path.basename(p.path), p.code) for p in problems] == [("big.txt", "too-large")]


def test_huge_limit_is_fine(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    articles, _ = load_paths([path], max_bytes=1 << 62)  # what `checker explain` passes
    assert len(articles) == 1


@pytest.mark.skipif(ROOT, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        articles, problems = load_paths([path])
    finally:
        path.chmod(0o644)
    assert not articles
    assert [(p.code, p.message) for p in problems] == [("unreadable", "Permission denied")]


@pytest.mark.skipif(ROOT, reason="root can read any folder")
def test_unreadable_subfolder(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(TEXT, encoding="utf-8")
    locked.chmod(0)
    try:
        articles, problems = load_paths([tmp_path])
    finally:
        locked.chmod(0o755)
    assert [os.path.basename(a.path) for a in articles] == ["good.txt"]
    assert [p.code for p in problems] == ["unreadable"]


def test_unreadable_file_even_as_root(tmp_path, monkeypatch):
    """chmod 000 means nothing to root: make open() fail the way it does for other users."""
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(load, "open", denied, raising=False)
    articles, problems = load_paths([path])
    assert not articles
    assert [(p.code, p.message, p.hint) for p in problems] == [("unreadable", "Permission denied", "check the permissions")]


def test_read_article_on_a_folder(tmp_path):
    problem = _refused(tmp_path, "folder")
    assert problem.code == "unreadable" and "folder" in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_not_opened(tmp_path):
    """Opening a FIFO would block forever; it is refused from its stat."""
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    articles, problems = load_paths([tmp_path])
    assert not articles
    assert [p.code for p in problems] == ["unreadable"]
    assert "regular file" in problems[0].message


# ---------------------------------------------------------------- front matter

FRONT_MATTER = [
    ("good", "---\ntitle: 标题\ndate: 2025-06-19\noutlet: 示例日报\n---\n正文5例。",
     {"title": "标题", "date": dt.date(2025, 6, 19), "outlet": "示例日报"}),
    ("quoted", "---\ntitle: \"标题: 副题\"\ndate: '2025/06/19'\noutlet: 'It''s news'\n---\n正文。",
     {"title": "标题: 副题", "date": dt.date(2025, 6, 19), "outlet": "It's news"}),
    ("escaped-quote", '---\ntitle: "说\\"是\\""\n---\n正文。', {"title": '说"是"'}),
    ("chinese-date", "---\ndate: 2025年6月19日\n---\n正文。", {"date": dt.date(2025, 6, 19)}),
    ("datetime", "---\ndate: 2025-06-19T08:00:00+08:00\n---\n正文。", {"date": dt.date(2025, 6, 19)}),
    ("datetime-late-utc", "---\ndate: 2025-06-19T23:30:00Z\n---\n正文。", {"date": dt.date(2025, 6, 19)}),
    ("datetime-space", "---\ndate: 2025-06-19 08:00\n---\n正文。", {"date": dt.date(2025, 6, 19)}),
    ("crlf", "---\r\ntitle: 标题\r\ndate: 2025-06-19\r\n---\r\n正文。", {"title": "标题", "date": dt.date(2025, 6, 19)}),
    ("comments-and-blanks", "---\n# 说明\n\ntitle: 标题 # inline comment\n\n---\n正文。", {"title": "标题"}),
    ("hash-inside-value", "---\ntitle: 第#1号\n---\n正文。", {"title": "第#1号"}),
    ("unknown-keys-ignored", "---\nauthor: 张三\ntags:\n  - 医药\n  - 脑机接口\nsummary: |\n  多行\n  摘要\ntitle: 标题\n---\n正文。",
     {"title": "标题", "date": None, "outlet": None}),
    ("chinese-unknown-key", "---\n作者: 张三\ntitle: 标题\n---\n正文。", {"title": "标题"}),
    ("empty-values", "---\ntitle:\ndate: ~\noutlet: ''\n---\n北脑一号首例手术\n正文。",
     {"title": "北脑一号首例手术", "date": None, "outlet": None}),
    ("uppercase-key", "---\nTitle: 标题\n---\n正文。", {"title": "标题"}),
    ("closing-with-spaces", "---\ntitle: 标题\n---  \n正文。", {"title": "标题"}),
]


@pytest.mark.parametrize("name,text,want", FRONT_MATTER, ids=[f[0] for f in FRONT_MATTER])
def test_front_matter(tmp_path, name, text, want):
    path = tmp_path / "a.md"
    path.write_bytes(text.encode("utf-8"))
    article = read_article(path, "a.md")
    for key, value in want.items():
        assert getattr(article, key) == value, key
    assert article.raw == text
    assert article.raw[article.body_start:].lstrip().startswith(("正文", "北脑一号"))
    assert article.raw[article.body_start - 1] in "\r\n"


def test_front_matter_after_a_bom(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf" + "---\ntitle: 标题\n---\n正文。".encode())
    article = read_article(path, "a.md")
    assert article.title == "标题" and article.raw[article.body_start:] == "正文。"


def test_front_matter_in_gbk(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(("---\r\ntitle: 标题\r\noutlet: 示例日报\r\n---\r\n" + TEXT).encode("gbk"))
    article = read_article(path, "a.md")
    assert (article.encoding, article.title, article.outlet) == ("gb18030", "标题", "示例日报")
    assert article.raw[article.body_start:] == TEXT


def test_no_front_matter(tmp_path):
    text = "# 北京医药健康产业规模达1.06万亿元\n\n" + TEXT
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    article = read_article(path, "a.md")
    assert article.body_start == 0
    assert article.title == "北京医药健康产业规模达1.06万亿元"  # the Markdown '#' dropped
    assert article.date is None and article.outlet is None


def test_dashes_not_at_the_start_are_not_front_matter(tmp_path):
    text = "正文第一行\n---\ntitle: 不是\n---\n"
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    article = read_article(path, "a.md")
    assert article.body_start == 0 and article.title == "正文第一行"


@pytest.mark.parametrize(
    "body,title",
    [
        ("\n\n   标题在第三行  \n正文", "标题在第三行"),
        ("一" * 80 + "\n正文", "一" * 60),
        ("=====\n真正的标题\n", "真正的标题"),
        ("……\n", None),
    ],
)
def test_title_falls_back_to_the_first_line(tmp_path, body, title):
    path = tmp_path / "a.txt"
    path.write_text(body, encoding="utf-8")
    assert read_article(path, "a.txt").title == title


BAD_FRONT_MATTER = [
    ("not-key-value", "---\ntitle 标题\n---\n正文。", "front matter line 2: expected 'key: value'"),
    ("unterminated", "---\ntitle: 标题\n正文。", "front matter line 3: no closing '---' line before '正文。'"),
    ("unterminated-keys-only", "---\r\ntitle: 标题\r\n", "front matter line 1: the block opened by '---' is never closed"),
    ("unterminated-later", "---\ntitle: 标题\n\n# note\noutlet: 日报\n新增5例。\n更多。", "front matter line 6: no closing '---'"),
    ("bad-date", "---\ntitle: 标题\ndate: 19/06/2025\n---\n正文。", "front matter line 3: date '19/06/2025'"),
    ("words-for-a-date", "---\ndate: yesterday\n---\n正文。", "front matter line 2: date 'yesterday'"),
    ("impossible-date", "---\ndate: 2025-02-30\n---\n正文。", "front matter line 2: date '2025-02-30' is not a real day"),
    ("date-with-junk", "---\ndate: 2025-06-19 lunchtime\n---\n正文。", "front matter line 2: date"),
    ("unclosed-quote", "---\ntitle: \"标题\n---\n正文。", "front matter line 2: quoted value is not closed"),
    ("text-after-quote", "---\ntitle: \"标题\" 副题\n---\n正文。", "front matter line 2: quoted value"),
    ("known-key-as-list", "---\ntitle:\n  - 一\n  - 二\n---\n正文。", "front matter line 3: 'title' must be one value"),
    ("indented-first-line", "---\n  title: 标题\n---\n正文。", "front matter line 2: indented line"),
]


@pytest.mark.parametrize("name,text,fragment", BAD_FRONT_MATTER, ids=[b[0] for b in BAD_FRONT_MATTER])
def test_bad_front_matter_names_the_line(tmp_path, name, text, fragment):
    path = tmp_path / "a.md"
    path.write_bytes(text.encode("utf-8"))
    problem = _refused(path, "a.md")
    assert problem.code == "front-matter"
    assert problem.message.startswith(fragment), problem.message
    assert problem.hint == "fix or remove the front matter"
    assert "\n" not in problem.line()


def test_bad_front_matter_in_a_folder_run_skips_that_file(tmp_path):
    (tmp_path / "good.md").write_text("---\ntitle: 好\n---\n" + TEXT, encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\ndate: someday\n---\n" + TEXT, encoding="utf-8")
    articles, problems = load_paths([tmp_path])
    assert [a.title for a in articles] == ["好"]
    assert [(os.path.basename(p.path), p.code) for p in problems] == [("bad.md", "front-matter")]


def test_load_error_reads_as_the_problem_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"")
    with pytest.raises(LoadError) as err:
        read_article(path, "a.txt")
    assert str(err.value) == err.value.problem.line() == "a.txt: empty file (add the article text or leave the file out)"


# ---------------------------------------------------------------- paths and folders


def test_missing_path(tmp_path):
    articles, problems = load_paths([tmp_path / "nope.txt"])
    assert not articles
    assert [(p.code, p.message, p.hint) for p in problems] == [("missing", "no such file or folder", "check the path")]
    assert problems[0].path == str(tmp_path / "nope.txt")


def test_missing_path_given_twice_is_one_problem(tmp_path):
    _, problems = load_paths([tmp_path / "nope.txt", str(tmp_path / "nope.txt")])
    assert len(problems) == 1


def test_broken_symlink(tmp_path):
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    articles, problems = load_paths([tmp_path / "link.txt"])
    assert not articles
    assert problems[0].code == "missing" and "symbolic link" in problems[0].hint
    articles, problems = load_paths([tmp_path])  # inside a folder too
    assert [p.code for p in problems] == ["missing"]


def test_folder_with_no_articles(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "other" / "notes.docx").write_bytes(b"PK\x03\x04")
    articles, problems = load_paths([tmp_path / "empty", tmp_path / "other"])
    assert not articles
    assert [(p.code, p.message) for p in problems] == [("empty-folder", "no .txt or .md articles in this folder")] * 2


def test_missing_and_empty_folder_together(tmp_path):
    (tmp_path / "empty").mkdir()
    articles, problems = load_paths([tmp_path / "nope.txt", tmp_path / "empty"])
    assert not articles
    assert [p.code for p in problems] == ["empty-folder", "missing"]  # sorted by path


def test_folder_run_keeps_good_files_and_lists_bad_ones(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "good-gbk.md").write_bytes(TEXT.encode("gbk"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.markdown").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")  # not an article suffix: not read at all
    (tmp_path / "UPPER.TXT").write_text(TEXT, encoding="utf-8")  # suffixes are matched without case
    articles, problems = load_paths([tmp_path])
    assert [a.path[len(str(tmp_path)) + 1:] for a in articles] == ["UPPER.TXT", "good-gbk.md", "good.txt", "sub/deep.markdown"]
    assert [(os.path.basename(p.path), p.code) for p in problems] == [
        ("big5.txt", "undecodable"), ("empty.md", "empty"), ("image.txt", "binary")]


def test_hidden_and_tool_folders_are_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    for hidden in (".git", ".checker-cache", ".venv", "__pycache__", "node_modules"):
        (tmp_path / hidden).mkdir()
        (tmp_path / hidden / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "._a.txt").write_bytes(b"\x00\x05\x16\x07")  # macOS resource fork
    articles, problems = load_paths([tmp_path])
    assert [os.path.basename(a.path) for a in articles] == ["a.txt"] and not problems


def test_explicit_file_with_another_suffix(tmp_path):
    (tmp_path / "article.html").write_text(TEXT, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    articles, problems = load_paths([tmp_path / "article.html", tmp_path / "photo.jpg"])
    assert [os.path.basename(a.path) for a in articles] == ["article.html"]
    assert [(os.path.basename(p.path), p.code) for p in problems] == [("photo.jpg", "binary")]


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    os.symlink(tmp_path / "a", tmp_path / "a" / "self")
    articles, problems = load_paths([tmp_path])
    assert [a.path for a in articles] == [f"{tmp_path}/a/x.txt"]
    assert sorted((p.path, p.code) for p in problems) == [
        (f"{tmp_path}/a/loop", "symlink-loop"), (f"{tmp_path}/a/self", "symlink-loop")]


def test_links_that_point_to_each_other(tmp_path):
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    (tmp_path / "real.txt").write_text(TEXT, encoding="utf-8")
    articles, problems = load_paths([tmp_path])
    assert [os.path.basename(a.path) for a in articles] == ["real.txt"]
    assert [p.code for p in problems] == ["symlink-loop", "symlink-loop"]


def test_folder_reached_twice_through_links_is_read_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "x.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(tmp_path / "real", tmp_path / "alias1")
    os.symlink(tmp_path / "real", tmp_path / "alias2")
    articles, problems = load_paths([tmp_path])
    assert len(articles) == 1 and not problems


def test_deep_folder_tree(tmp_path):
    folder = tmp_path
    for _ in range(200):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "x.txt").write_text(TEXT, encoding="utf-8")
    articles, _ = load_paths([tmp_path])
    assert len(articles) == 1


def test_path_with_spaces_and_chinese(tmp_path, monkeypatch):
    folder = tmp_path / "新闻 稿件"
    (folder / "六月 报道").mkdir(parents=True)
    (folder / "北京 医药.txt").write_text(TEXT, encoding="utf-8")
    (folder / "六月 报道" / "脑机 接口.md").write_text(TEXT, encoding="utf-8")
    articles, problems = load_paths([folder])
    assert not problems
    assert [a.path for a in articles] == [f"{folder}/六月 报道/脑机 接口.md", f"{folder}/北京 医药.txt"]
    monkeypatch.chdir(tmp_path)  # relative in, relative out
    articles, _ = load_paths(["新闻 稿件"])
    assert [a.path for a in articles] == ["新闻 稿件/六月 报道/脑机 接口.md", "新闻 稿件/北京 医药.txt"]
    articles, _ = load_paths(["新闻 稿件/北京 医药.txt"])
    assert [a.path for a in articles] == ["新闻 稿件/北京 医药.txt"]


def test_display_paths_keep_what_the_user_typed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(TEXT, encoding="utf-8")
    for given, shown in [("corpus", "corpus/a.txt"), ("corpus/", "corpus/a.txt"), ("./corpus", "./corpus/a.txt"), (".", "./corpus/a.txt")]:
        articles, _ = load_paths([given])
        assert [a.path for a in articles] == [shown], given


def test_order_is_deterministic_and_duplicates_are_read_once(tmp_path):
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "worse.txt").write_bytes(b"%PDF")
    names = [tmp_path / n for n in ("c.md", "a.txt", "b.txt", "a.txt", "worse.txt", "bad.txt", "nope.txt")]
    one = load_paths(names)
    two = load_paths(list(reversed(names)))
    three = load_paths([tmp_path, tmp_path / "b.txt", tmp_path / "nope.txt"])
    assert one == two == three
    articles, problems = one
    assert [os.path.basename(a.path) for a in articles] == ["a.txt", "b.txt", "c.md"]
    assert [os.path.basename(p.path) for p in problems] == ["bad.txt", "nope.txt", "worse.txt"]


def test_same_file_by_two_names_is_read_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    os.symlink("a.txt", tmp_path / "z-link.txt")
    for order in (["a.txt", "./a.txt", "z-link.txt"], ["z-link.txt", "a.txt", "./a.txt"]):
        articles, problems = load_paths(order)
        assert [a.path for a in articles] == ["./a.txt"] and not problems  # the name that sorts first, whatever the order


def test_role_is_passed_on(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    articles, _ = load_paths([tmp_path], "draft")
    assert [(a.role, a.id) for a in articles] == [("draft", "")]


IGNORE = [
    ("by-name", ["skip-*.txt"], ["keep.txt", "sub/keep.md"]),
    ("by-folder-relative", ["sub/*"], ["keep.txt", "skip-me.txt"]),
    ("folder-pattern", ["sub"], ["keep.txt", "skip-me.txt"]),
    ("by-suffix", ["*.md"], ["keep.txt", "skip-me.txt"]),
    ("nothing", [], ["keep.txt", "skip-me.txt", "sub/keep.md"]),
]


@pytest.mark.parametrize("name,patterns,kept", IGNORE, ids=[i[0] for i in IGNORE])
def test_ignore_patterns(tmp_path, monkeypatch, name, patterns, kept):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    for rel in ("keep.txt", "skip-me.txt", "sub/keep.md"):
        (tmp_path / "corpus" / rel).write_text(TEXT, encoding="utf-8")
    articles, problems = load_paths(["corpus"], ignore=patterns)
    assert [a.path for a in articles] == [f"corpus/{k}" for k in kept]
    assert not problems


def test_ignore_matches_the_shown_path_and_explicit_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "archive" / "drafts").mkdir(parents=True)
    (tmp_path / "archive" / "drafts" / "x.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "archive" / "y.md").write_text(TEXT, encoding="utf-8")
    articles, _ = load_paths(["archive"], ignore=["archive/drafts/*"])
    assert [a.path for a in articles] == ["archive/y.md"]
    articles, problems = load_paths(["archive/drafts/x.md"], ignore=["archive/drafts/*"])
    assert not articles and [p.code for p in problems] == ["ignored"]  # a notice naming the pattern (issue 11)
    assert "'archive/drafts/*'" in problems[0].message


def test_folder_whose_articles_are_all_ignored(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    articles, problems = load_paths([tmp_path], ignore=["*.txt"])
    assert not articles
    assert [p.code for p in problems] == ["empty-folder"] and "ignore" in problems[0].hint


# ---------------------------------------------------------------- issue 13, point 19: smaller fixes

import pytest as _pytest

UTF16_TEXT = "北京6月19日电 脑科所、芯智达研发的“北脑一号”已完成5例人体植入，患者术后状态良好。\n" * 20


@_pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@_pytest.mark.parametrize("text", [UTF16_TEXT, UTF16_TEXT.replace("6月19日电 ", "").replace("5", "五")], ids=["mixed", "all-chinese"])
def test_utf16_without_bom_gets_the_save_as_utf8_hint(tmp_path, codec, text):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(codec))
    articles, problems = load_paths([path])
    assert not articles
    assert len(problems) == 1 and "UTF-8" in problems[0].line() and "UTF-16" in problems[0].line(), problems[0].line()


def test_a_lone_surrogate_through_the_library_is_a_clear_error():
    from pydantic import ValidationError

    from checker.models import Article

    with _pytest.raises(ValidationError, match="lone surrogate .U\\+DCFF. at character 2"):
        Article(id="s1", path="a.txt", raw="北京\udcff新增5例。")


TITLES = [
    ("breadcrumb", "首页 > 新闻中心 > 国内 > 正文\n\n天津爆炸遇难者增至114人\n\n正文。", "天津爆炸遇难者增至114人"),
    ("double-arrows", "人民网 >> 河南频道 >> 防汛救灾\n\n河南强降雨致63人死亡\n\n正文。", "河南强降雨致63人死亡"),
    ("current-position", "当前位置：主页 > 聚焦\n\n台风登陆\n\n正文。", "台风登陆"),
    ("a-comparison-is-a-headline", "GDP>5%的省份有哪些\n\n正文。", "GDP>5%的省份有哪些"),
]


@pytest.mark.parametrize("name,text,want", TITLES, ids=[t[0] for t in TITLES])
def test_a_portals_navigation_line_is_no_headline(tmp_path, name, text, want):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    assert read_article(path, "a.txt").title == want
