"""Load stage: paths (files or folders) → `Article`s, and `Problem`s for what cannot be read.

Reads .txt, .md and .markdown files, walking folders in a stable order and
never following a symlink loop. Decodes by BOM (UTF-8, UTF-16, UTF-32), then
strict UTF-8, then GB18030 (a superset of GBK) when the result looks like
text. Parses a YAML front-matter block (`title`, `date`, `outlet`) without a
YAML dependency. Refuses binary files, empty files and files over the size
limit, each with a one-line reason and a fix.

It does not change the decoded text in any way (line ends included): every
later offset points into `Article.raw`. It prints nothing; the caller
decides what a problem means for the run.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from pathlib import Path
from typing import Optional, Sequence

from .models import Article, Problem

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".checker-cache"}

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx)"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office document"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
]
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
_FRONT_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_DATE_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]


class LoadError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.line())
        self.problem = problem


def load_paths(
    paths: Sequence[str | os.PathLike],
    role: str = "corpus",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ignore: Sequence[str] = (),
) -> tuple[list[Article], list[Problem]]:
    """Every readable article under `paths`; a problem for everything else."""
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for given in paths:
        display = _display(str(given))
        path = Path(given)
        if not path.exists():
            kind = "broken symbolic link" if path.is_symlink() else "no such file or folder"
            problems.append(Problem(path=display, code="missing", message=kind, hint="check the path"))
            continue
        if path.is_dir():
            files, loop_problems = _walk(path, display, ignore)
            problems.extend(loop_problems)
            if not files and not loop_problems:
                problems.append(Problem(path=display, code="empty-folder", message="no .txt or .md articles in this folder",
                                        hint="give a folder of articles or the files themselves"))
        else:
            files = [] if _ignored(display, ignore) else [(path, display)]
        for file, shown in files:
            real = os.path.realpath(file)
            if real in seen:
                continue
            seen.add(real)
            try:
                articles.append(read_article(file, shown, role, max_bytes=max_bytes))
            except LoadError as e:
                problems.append(e.problem)
    articles.sort(key=lambda a: a.path)
    problems.sort(key=lambda p: (p.path, p.code))
    return articles, problems


def _display(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _ignored(display: str, ignore: Sequence[str]) -> bool:
    name = display.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(display, pat) or fnmatch.fnmatch(name, pat) for pat in ignore)


def _walk(root: Path, display_root: str, ignore: Sequence[str]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Article files under `root`, sorted, without following a symlink loop twice."""
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    visited: set[str] = set()

    def visit(folder: Path, shown: str) -> None:
        real = os.path.realpath(folder)
        if real in visited:
            problems.append(Problem(path=shown, code="symlink-loop", message="folder reached again through a symbolic link; skipped"))
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            problems.append(Problem(path=shown, code="unreadable", message=f"cannot list folder: {e.strerror}"))
            return
        for entry in entries:
            child_shown = f"{shown.rstrip('/')}/{entry.name}"
            if entry.name.startswith(".") or entry.name in _SKIP_DIRS:
                continue
            if _ignored(child_shown, ignore):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                visit(Path(entry.path), child_shown)
            elif entry.name.lower().endswith(ARTICLE_SUFFIXES):
                found.append((Path(entry.path), child_shown))

    visit(root, display_root)
    return found, problems


def read_article(path: Path, display: str, role: str = "corpus", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """One file → an Article; raises LoadError with a one-line, actionable problem."""
    try:
        size = os.stat(path).st_size
    except OSError as e:
        raise LoadError(Problem(path=display, code="unreadable", message=e.strerror or "cannot read"))
    if size > max_bytes:
        raise LoadError(Problem(
            path=display, code="too-large",
            message=f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:g} MB limit",
            hint="raise max_size_mb in the configuration or split the file",
        ))
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise LoadError(Problem(path=display, code="unreadable", message="is a folder"))
    except OSError as e:
        raise LoadError(Problem(path=display, code="unreadable", message=e.strerror or "cannot read", hint="check the file's permissions"))
    text, encoding = decode(data, display)
    if not text.strip():
        raise LoadError(Problem(path=display, code="empty", message="empty file", hint="nothing to check"))
    meta, body_start = parse_front_matter(text, display)
    title = meta.get("title") or _first_line(text[body_start:])
    return Article(
        id="", path=display, raw=text, title=title, date=meta.get("date"), outlet=meta.get("outlet"),
        body_start=body_start, encoding=encoding, role=role,
    )


def decode(data: bytes, display: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                break
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise LoadError(Problem(path=display, code="binary", message=f"binary file ({what})", hint="convert it to .txt or .md first"))
    if b"\x00" in data[:8192]:
        raise LoadError(Problem(path=display, code="binary", message="binary file (contains NUL bytes)", hint="convert it to .txt or .md first"))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_text(text):
        return text, "gb18030"
    raise LoadError(Problem(path=display, code="undecodable", message="cannot decode as UTF-8, UTF-16 or GB18030",
                            hint="save the file as UTF-8"))


def _looks_like_text(text: str) -> bool:
    """GB18030 decodes almost any bytes; accept it only when the result reads as Chinese or ASCII text."""
    if not text:
        return True
    good = sum(1 for ch in text if ch.isascii() and (ch.isprintable() or ch in "\r\n\t") or "\u4e00" <= ch <= "\u9fff"
               or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·")
    return good / len(text) >= 0.9


def parse_front_matter(text: str, display: str) -> tuple[dict, int]:
    """(metadata, index of the first body character); ({}, 0) when there is no front matter."""
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return {}, 0
    lines = text.splitlines(keepends=True)
    if not any(line.strip() == "---" for line in lines[1:]):
        raise LoadError(Problem(path=display, code="front-matter", message="front matter is not closed by a '---' line",
                                hint="fix or remove the front matter"))
    meta: dict = {}
    offset = len(lines[0])
    for number, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped == "---":
            return meta, offset + len(line)
        offset += len(line)
        if not stripped or stripped.startswith("#"):
            continue
        m = _FRONT_LINE.match(stripped)
        if not m:
            raise LoadError(Problem(path=display, code="front-matter", message=f"front matter line {number}: expected 'key: value'",
                                    hint="fix or remove the front matter"))
        key, value = m.group(1).lower(), _unquote(m.group(2))
        if key == "date":
            meta["date"] = _parse_date(value, display, number)
        elif key in ("title", "outlet"):
            meta[key] = value or None
    raise AssertionError("unreachable: the closing line was found above")


def _unquote(value: str) -> str:
    if "#" in value and not value.startswith(("'", '"')):
        value = value.split(" #", 1)[0].strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _parse_date(value: str, display: str, number: int) -> Optional[dt.date]:
    if not value:
        return None
    for form in _DATE_FORMS:
        m = form.match(value)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    raise LoadError(Problem(path=display, code="front-matter", message=f"front matter line {number}: date '{value}' is not YYYY-MM-DD",
                            hint="write the date as 2025-06-19"))


def _first_line(body: str) -> Optional[str]:
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:60]
    return None
