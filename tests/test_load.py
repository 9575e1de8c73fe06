"""The load stage: decoding, refusing, front matter, folders. Table-driven where natural."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from checker.load import load_paths, read_article, LoadError

TEXT = "北京6月19日电 2024年北京医药健康产业规模达到了1.06万亿元。"

DECODING = [
    ("utf8", TEXT.encode("utf-8"), "utf-8"),
    ("utf8-bom", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf16-le-bom", b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf16-be-bom", b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
    ("gbk", TEXT.encode("gbk"), "gb18030"),
    ("gb18030", ("𠀀" + TEXT).encode("gb18030"), "gb18030"),
]


@pytest.mark.parametrize("name,data,encoding", DECODING, ids=[d[0] for d in DECODING])
def test_decodes(tmp_path, name, data, encoding):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    article = read_article(path, str(path))
    assert article.encoding == encoding
    assert TEXT in article.raw
    assert not article.raw.startswith("\ufeff")


REFUSED = [
    ("empty", b"", "empty"),
    ("blank", b"  \n\t\n", "empty"),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "binary"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary"),
    ("zip", b"PK\x03\x04" + b"\x00" * 40, "binary"),
    ("nul", b"abc\x00def" * 10, "binary"),
    ("invalid-utf8", bytes(range(0x80, 0x100)) * 4, "undecodable"),
]


@pytest.mark.parametrize("name,data,code", REFUSED, ids=[r[0] for r in REFUSED])
def test_refuses_with_a_reason(tmp_path, name, data, code):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(LoadError) as err:
        read_article(path, str(path))
    problem = err.value.problem
    assert problem.code == code
    assert problem.path == str(path)
    assert "\n" not in problem.line()


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_line_endings_are_kept(tmp_path, ending):
    text = f"第一段，5例。{ending}第二段，3例。{ending}"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    assert read_article(path, "a.txt").raw == text


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:
        f.truncate(3 * 1024 * 1024)  # sparse: takes no disk
    with pytest.raises(LoadError) as err:
        read_article(path, "big.txt", max_bytes=1024 * 1024)
    assert err.value.problem.code == "too-large"
    assert "MB" in err.value.problem.message


FRONT_MATTER = [
    ("good", "---\ntitle: 标题\ndate: 2025-06-19\noutlet: 示例日报\n---\n正文5例。", {"title": "标题", "date": dt.date(2025, 6, 19), "outlet": "示例日报"}),
    ("quoted", "---\ntitle: \"标题: 副题\"\ndate: '2025/06/19'\n---\n正文。", {"title": "标题: 副题", "date": dt.date(2025, 6, 19)}),
    ("chinese-date", "---\ndate: 2025年6月19日\n---\n正文。", {"date": dt.date(2025, 6, 19)}),
    ("datetime", "---\ndate: 2025-06-19T08:00:00+08:00\n---\n正文。", {"date": dt.date(2025, 6, 19)}),
    ("crlf", "---\r\ntitle: 标题\r\ndate: 2025-06-19\r\n---\r\n正文。", {"title": "标题", "date": dt.date(2025, 6, 19)}),
]


@pytest.mark.parametrize("name,text,want", FRONT_MATTER, ids=[f[0] for f in FRONT_MATTER])
def test_front_matter(tmp_path, name, text, want):
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8", newline="")
    article = read_article(path, "a.md")
    for key, value in want.items():
        assert getattr(article, key) == value
    assert article.raw[article.body_start :].startswith("正文")


BAD_FRONT_MATTER = [
    ("not-key-value", "---\ntitle 标题\n---\n正文。", "line 2"),
    ("unterminated", "---\ntitle: 标题\n正文。", "front matter"),
    ("bad-date", "---\ndate: 19/06/2025\n---\n正文。", "date"),
    ("impossible-date", "---\ndate: 2025-02-30\n---\n正文。", "date"),
]


@pytest.mark.parametrize("name,text,fragment", BAD_FRONT_MATTER, ids=[b[0] for b in BAD_FRONT_MATTER])
def test_bad_front_matter_names_the_line(tmp_path, name, text, fragment):
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as err:
        read_article(path, "a.md")
    assert err.value.problem.code == "front-matter"
    assert fragment in err.value.problem.message


def test_folder_run_keeps_good_files_and_lists_bad_ones(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")  # not an article suffix: not read at all
    articles, problems = load_paths([tmp_path])
    assert [os.path.basename(a.path) for a in articles] == ["good.txt"]
    assert sorted((os.path.basename(p.path), p.code) for p in problems) == [("empty.md", "empty"), ("image.txt", "binary")]


def test_missing_path_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    articles, problems = load_paths([tmp_path / "nope.txt", tmp_path / "empty"])
    assert not articles
    assert sorted(p.code for p in problems) == ["empty-folder", "missing"]


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    articles, problems = load_paths([tmp_path])
    assert len(articles) == 1
    assert any(p.code == "symlink-loop" for p in problems)


def test_order_is_deterministic_and_duplicates_are_read_once(tmp_path):
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    one, _ = load_paths([tmp_path / "c.md", tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "a.txt"])
    two, _ = load_paths([tmp_path / "b.txt", tmp_path / "c.md", tmp_path / "a.txt"])
    assert [a.path for a in one] == [a.path for a in two]
    assert len(one) == 3


def test_path_with_spaces_and_chinese(tmp_path):
    folder = tmp_path / "新闻 稿件"
    folder.mkdir()
    (folder / "北京 医药.txt").write_text(TEXT, encoding="utf-8")
    articles, problems = load_paths([folder])
    assert not problems and articles[0].path.endswith("北京 医药.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    articles, problems = load_paths([path])
    assert not articles and problems[0].code == "unreadable"
