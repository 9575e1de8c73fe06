"""Load stage: paths (files or folders) → `Article`s, plus a `Problem` for each input that cannot be used.

What it does:

- Takes files and folders. Folders are walked recursively in sorted order;
  only `.txt`, `.md` and `.markdown` files are read from them, hidden
  entries (`.git`, `.venv`, `.checker-cache`, `._x.txt` …), `__pycache__` /
  `node_modules` and any cache folder (one holding a CACHEDIR.TAG, as
  checker's own cache does wherever --cache puts it) are skipped, a symbolic
  link back to a folder above it is reported once (`symlink-loop`) and not
  followed, a link to anything outside the named folder is reported
  (`outside`) and not followed, and a folder reached twice through links is
  walked once. The walk is linear in the entries walked, however deep; a
  folder holding `statements.sqlite3` (an older cache) is skipped too, and
  checker's own reports (report.md, a saved terminal or GitHub report) are
  refused (`own-output`): the checker never reads what it wrote. A file
  named explicitly is read whatever its suffix, as long as it decodes as
  text. `ignore` glob patterns are matched against the path relative to the
  configuration's folder (`root`) and the bare name — without a root, the
  shown path, the path inside the given folder and the bare name — for
  walked entries and for explicitly named files alike (a CI job that passes
  changed files one by one still honours the configuration); a named file
  left out this way gets a problem of code `ignored` naming the pattern,
  which the caller tells apart (a notice, not a failure).
- Decodes by byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE), then strict
  UTF-8, then GB18030 (a superset of GBK) — the last only when the result
  reads as Chinese or ASCII text, because GB18030 accepts most byte strings
  (a Big5 or Shift-JIS file would otherwise turn into fluent-looking nonsense).
  `Article.encoding` names the codec used (`utf-8-sig` for UTF-8 with a BOM).
- Refuses, each with a one-line reason and a fix: missing paths, folders with
  no articles, unreadable files, files over the size limit (checked on the
  size before reading), binary files (NUL bytes or a known signature: PNG,
  PDF, ZIP/.docx, GIF, JPEG, gzip …), empty or whitespace-only files,
  undecodable bytes and malformed front matter.
- Parses a YAML front-matter block without a YAML dependency: `key: value`
  lines, quoted values, comments; `title`, `date` (2025-06-19, 2025/06/19,
  2025年6月19日, or a timestamp whose written date is kept) and `outlet` are
  used, other keys (including their indented or list continuation lines) are
  ignored. `Article.body_start` is the first character after the block.
- Returns articles and problems sorted by path, whatever the argument order;
  the same real file reached twice is read once (under the path that sorts
  first).

What it does not do:

- It never changes the decoded text (line ends, full-width characters and all
  stay as they are): every later offset points into `Article.raw`. Only a
  byte-order mark is dropped, being no part of the text.
- It assigns no ids (`Article.id` is ""): the caller numbers drafts and corpus
  together. It prints nothing and never exits; the caller decides what a
  problem means for the run.
"""

from __future__ import annotations

import datetime as dt
import errno
import fnmatch
import math
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from . import lexicon
from .cache_folder import TAG_NAME, is_cache_folder
from .models import Article, Problem

__all__ = ["ARTICLE_SUFFIXES", "DEFAULT_MAX_BYTES", "LoadError", "load_paths", "read_article"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")

STDIN_NAME = "<stdin>"  # the shown path of the article read from `-`
IGNORED = "ignored"  # the code of a named file that an ignore pattern leaves out: a notice, not a failure
_CACHE_FILE = "statements.sqlite3"  # cache.FILE_NAME: marks a statement cache folder
_SKIP_DIRS = frozenset({"__pycache__", "node_modules"})  # besides every hidden (dot) entry
_BINARY_HINT = "convert it to .txt or .md first"
_MISNAMED_HINT = "its name says text but it is not: save the article again as plain text (UTF-8)"
_FRONT_HINT = "fix or remove the front matter"
_SIZE_HINT = "raise the limit (max_size_mb in the configuration) or split the file"

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive, e.g. .docx or .xlsx"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "executable"),
)
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_UTF8_BOM = b"\xef\xbb\xbf"

# What Chinese or ASCII text is made of; GB18030 mojibake is mostly something else.
_TEXT_CHARS = (
    "\t\n\r\x0b\x0c\x20-\x7e\u00a0-\u00ff\u0391-\u03c9\u0401-\u0451\u2000-\u206f\u2100-\u21ff"
    "\u2460-\u24ff\u2500-\u25ff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
_NOT_TEXT = re.compile(f"[^{_TEXT_CHARS}]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# The 500 most frequent characters of modern written Chinese: real text is
# 40–80 % these (traditional text included, through the shared ones); bytes
# of another encoding read as GB18030 are 2–5 %.
_COMMON = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里"
    "用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
    "日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政"
    "美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员"
    "解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件"
    "计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象"
    "完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改"
    "收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调"
    "深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企"
    "八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列"
)

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})" + _TIME),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]" + _TIME),
)
_OPENING = re.compile(r"---[ \t]*(?:\r\n|\n|\r)")
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\n|\r)?")
_KEY_VALUE = re.compile(r"([^\s:：#\-][^:：]*)[:：](.*)")  # the key is stripped after: no lazy \s* to backtrack over
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"\s*(?:#.*)?')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'\s*(?:#.*)?")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t"}
_KNOWN_KEYS = ("title", "date", "outlet")
_NULLS = ("", "~", "null", "Null", "NULL")


class LoadError(Exception):
    """A file that cannot be used; `.problem` says why and what to do."""

    def __init__(self, problem: Problem):
        super().__init__(problem.line())
        self.problem = problem


# ---------------------------------------------------------------- paths


def load_paths(
    paths: Sequence[str | os.PathLike],
    role: str = "corpus",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ignore: Sequence[str] = (),
    root: str | None = None,
    stdin: bytes | None = None,
) -> tuple[list[Article], list[Problem]]:
    """Every readable article under `paths`, and a problem for everything else.

    Both lists are sorted by path. A file reached twice (named twice, or
    through a link) is read once, under the shown path that sorts first.
    A path `-` is the article in `stdin` (its bytes, read by the caller),
    shown as STDIN_NAME.
    """
    articles: list[Article] = []
    problems: list[Problem] = []
    if any(os.fsdecode(p) == "-" for p in paths):
        paths = [p for p in paths if os.fsdecode(p) != "-"]
        try:
            articles.append(article_from_bytes(stdin or b"", STDIN_NAME, role, max_bytes=max_bytes))
        except LoadError as e:
            problems.append(e.problem)
    files, found_problems = find_files(paths, ignore=ignore, root=root)
    problems += found_problems
    for f in files:
        try:
            articles.append(read_article(Path(f.path), f.shown, role, max_bytes=max_bytes))
        except LoadError as e:
            problems.append(e.problem)
    articles.sort(key=lambda a: a.path)
    return articles, _unique(problems)


class FoundFile(NamedTuple):
    shown: str  # the path as the user gave it (the article's path in reports)
    path: str  # the path to open
    real: str  # the file itself, links resolved: one file, one article


def find_files(
    paths: Sequence[str | os.PathLike], *, ignore: Sequence[str] = (), root: str | None = None
) -> tuple[list[FoundFile], list[Problem]]:
    """The article files under `paths`, each once, sorted by shown path, without reading them; problems.

    `root`: the configuration's folder, which `ignore` patterns are relative to
    (without one, they match the shown path and the path inside a given folder).
    """
    patterns = [_normalise_pattern(p) for p in ignore if p]
    problems: list[Problem] = []
    candidates: list[tuple[str, str, str | None]] = []  # (shown path, path to open, real path if known)
    for given in paths:
        path = os.fsdecode(given)
        shown = _display(path)
        try:
            mode = os.stat(path).st_mode
        except OSError as e:
            problems.append(_stat_problem(path, shown, e))
            continue
        if stat.S_ISDIR(mode):
            found, walk_problems, ignored = _walk(path, shown, patterns, _anchor(path, root))
            candidates.extend(found)
            problems.extend(walk_problems)
            if not found and not walk_problems:
                hint = (f"all {ignored} of its articles match an ignore pattern" if ignored
                        else "give a folder of articles, or the files themselves")
                problems.append(Problem(path=shown, code="empty-folder", message="no .txt or .md articles in this folder", hint=hint))
        elif (pattern := _matching(patterns, shown, "", _basename(shown), _anchor(path, root))) is None:
            candidates.append((shown, path, None))
        else:  # named, yet ignored: said, so that nobody takes it for checked
            problems.append(Problem(path=shown, code=IGNORED, message=f"not checked: it matches the ignore pattern '{pattern}'",
                                    hint="take the pattern out of the configuration's ignore to check it"))

    files: list[FoundFile] = []
    seen: set[str] = set()
    realpath = RealPaths()
    for shown, path, real in sorted(candidates, key=lambda c: c[:2]):
        real = real or realpath(path)
        if real in seen:
            continue
        seen.add(real)
        files.append(FoundFile(shown, path, real))
    return files, _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Sorted, each once (a path given twice has one problem)."""
    unique = {(p.path, p.code, p.message, p.hint): p for p in problems}
    return [unique[k] for k in sorted(unique)]


class RealPaths:
    """`os.path.realpath` for many files in few folders: each folder resolved once, each file only lstat'ed."""

    def __init__(self) -> None:
        self.folders: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        folder, name = os.path.split(path)
        try:
            if not name or name in (".", "..") or os.path.islink(path):
                return os.path.realpath(path)
        except OSError:
            return os.path.realpath(path)
        if folder not in self.folders:
            self.folders[folder] = os.path.realpath(folder or ".")
        return os.path.join(self.folders[folder], name)


def _display(path: str) -> str:
    """The path as the user gave it, with forward slashes."""
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    if os.altsep and os.altsep != "/":
        path = path.replace(os.altsep, "/")
    return path


def _basename(shown: str) -> str:
    return shown.rstrip("/").rsplit("/", 1)[-1]


def _join(shown: str, name: str) -> str:
    return f"{shown}{name}" if shown.endswith("/") else f"{shown}/{name}"


def _normalise_pattern(pattern: str) -> str:
    pattern = _display(pattern).rstrip("/") or "/"
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


_OUTSIDE = "\0"  # the anchor of a path outside the configuration's folder: only its name can match


def _anchor(path: str, root: str | None) -> str | None:
    """`path` relative to `root` (forward slashes), _OUTSIDE when it is not inside it, None without a root."""
    if root is None:
        return None
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive
        return _OUTSIDE
    if rel == os.curdir:
        return ""
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return _OUTSIDE
    return _display(rel)


def _ignored(patterns: Sequence[str], shown: str, relative: str, name: str, anchored: str | None = None) -> bool:
    return _matching(patterns, shown, relative, name, anchored) is not None


def _matching(patterns: Sequence[str], shown: str, relative: str, name: str, anchored: str | None = None) -> str | None:
    """The first pattern the path matches, or None.

    `anchored`: the path relative to the configuration's folder (then it and
    the bare name are what patterns match), _OUTSIDE, or None (no folder).
    """
    if not patterns:
        return None
    if anchored is not None:
        forms = {name} if anchored == _OUTSIDE else {anchored, name}
        return next((pattern for pattern in patterns if any(fnmatch.fnmatch(form, pattern) for form in forms)), None)
    forms = {shown, name}
    bare = shown
    while bare.startswith("./"):
        bare = bare[2:]
    forms.add(bare)
    if relative:
        forms.add(relative)
    return next((pattern for pattern in patterns if any(fnmatch.fnmatch(form, pattern) for form in forms)), None)


def _stat_problem(path: str, shown: str, error: OSError) -> Problem:
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        hint = "it is a symbolic link to something that no longer exists" if os.path.islink(path) else "check the path"
        return Problem(path=shown, code="missing", message="no such file or folder", hint=hint)
    if error.errno == errno.ELOOP:
        return Problem(path=shown, code="symlink-loop", message="symbolic links that point to each other", hint="fix or remove the link")
    hint = "check the permissions" if isinstance(error, PermissionError) else ""
    return Problem(path=shown, code="unreadable", message=error.strerror or str(error), hint=hint)


def _walk(
    root: str, shown_root: str, patterns: Sequence[str], anchor: str | None = None
) -> tuple[list[tuple[str, str, str | None]], list[Problem], int]:
    """(article files under `root` as (shown, path, real path or None), problems, number of article files ignored).

    The real path comes free for a file that is not itself a link (its
    folder's, already known, joined with its name); None for a link.

    Depth-first in name order, without recursion (a deep tree cannot
    overflow the stack), in time and memory linear in the entries walked: a
    folder's real path is its parent's joined with its name unless it is a
    link (only links are resolved), a link is a loop when the folder holding
    it lies inside its target, and only folders entered through links are
    remembered. A symbolic link is
    followed only to something inside the named folder: a link out of it
    (to /etc, to another checkout) is reported (`outside`) and not followed,
    a link back to a folder above it is a loop (`symlink-loop`), and a folder
    reached a second time through a link is skipped silently — its files
    would only be duplicates.
    """
    found: list[tuple[str, str, str | None]] = []
    problems: list[Problem] = []
    ignored = 0
    linked: set[str] = set()  # real paths of the folders entered through a link
    real_root = os.path.realpath(root)
    # (folder, shown, relative, real path, an open descriptor of it or None) to walk
    stack: list = [(root, shown_root, "", real_root, None)]
    budget = [_FD_BUDGET]
    while stack:
        folder, shown, relative, real, fd = stack.pop()
        try:
            entries = _listing(folder, fd)
        except OSError as e:
            if fd is not None:
                os.close(fd)
                budget[0] += 1
            hint = "check the permissions" if isinstance(e, PermissionError) else ""
            problems.append(Problem(path=shown, code="unreadable", message=f"cannot list the folder: {e.strerror or e}", hint=hint))
            continue
        names = {e.name for e in entries}
        if _CACHE_FILE in names or (TAG_NAME in names and folder != root and is_cache_folder(folder)):
            if fd is not None:
                os.close(fd)
                budget[0] += 1
            continue  # a cache folder (under any name; its tag read only when it has one): nothing in it is an article
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            child_shown = _join(shown, name)
            child_relative = f"{relative}/{name}" if relative else name
            anchored = None if anchor is None else _OUTSIDE if anchor == _OUTSIDE else f"{anchor}/{child_relative}" if anchor else child_relative
            try:
                link = entry.is_symlink()
            except OSError:
                link = True
            try:
                is_dir = entry.is_dir()  # follows links
            except OSError:
                is_dir = False
            if not is_dir and not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            if is_dir and (name in _SKIP_DIRS or _ignored(patterns, child_shown, child_relative, name, anchored)):
                continue
            if not is_dir and _ignored(patterns, child_shown, child_relative, name, anchored):
                ignored += 1
                continue
            target = os.path.realpath(os.path.join(folder, name)) if link else os.path.join(real, name)
            if link:
                if is_dir and _inside(real, target):  # this folder is inside the target: a loop (the root's parents too)
                    problems.append(Problem(path=child_shown, code="symlink-loop",
                                            message="symbolic link back to a folder above it; not followed"))
                    continue
                if is_dir and target in linked:
                    continue  # reached through another link already: only duplicates there
                if is_dir:
                    linked.add(target)
                if not _inside(target, real_root):
                    problems.append(Problem(path=child_shown, code="outside", message="symbolic link to outside the folder; not followed",
                                            hint="give its target on the command line if it should be checked"))
                    continue
            child = os.path.join(folder, name)
            if is_dir:
                subfolders.append([child, child_shown, child_relative, target, None, name])
            else:
                found.append((child_shown, child, None if link else target))
        _open_below(fd, folder, subfolders, budget)
        if fd is not None:
            os.close(fd)
            budget[0] += 1
        stack.extend(tuple(s[:5]) for s in reversed(subfolders))
    for item in stack:  # only when the walk stopped early
        if item[4] is not None:
            os.close(item[4])
    return found, problems, ignored


_FD_BUDGET = 64  # folder descriptors the walk may hold open at once


def _listing(folder: str, fd: int | None) -> list:
    """The folder's entries in name order: through its open descriptor when it has one."""
    with os.scandir(folder if fd is None else fd) as it:
        return sorted(it, key=lambda e: e.name)


def _open_below(fd: int | None, folder: str, subfolders: list, budget: list[int]) -> None:
    """Open each subfolder relative to its parent while descriptors last (`budget`): the kernel then
    resolves one name per folder, not the whole path (a walk 2,000 folders deep would otherwise cost
    the square of its depth). The others are listed by path."""
    if not subfolders or budget[0] <= 0 or os.scandir not in os.supports_fd or not hasattr(os, "O_DIRECTORY"):
        return
    base = fd
    if base is None:
        try:
            base = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return
    try:
        for item in subfolders:
            if budget[0] <= 0:
                break
            try:
                item[4] = os.open(item[5], os.O_RDONLY | os.O_DIRECTORY, dir_fd=base)
                budget[0] -= 1
            except OSError:
                item[4] = None
    finally:
        if fd is None:
            os.close(base)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


# ---------------------------------------------------------------- one file


def read_article(path: Path, display: str, role: str = "corpus", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """One file → an Article (id ""), or LoadError with a one-line, actionable problem."""
    try:
        info = os.stat(path)
    except OSError as e:
        raise LoadError(_stat_problem(os.fspath(path), display, e)) from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(Problem(path=display, code="unreadable", message="is a folder, not a file", hint="give the folder itself to load_paths"))
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(Problem(path=display, code="unreadable", message="not a regular file (a pipe, socket or device)",
                                hint="save the article as a .txt or .md file"))
    if info.st_size > max_bytes:
        raise LoadError(_too_large(display, info.st_size, max_bytes))
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        hint = "check the permissions" if isinstance(e, PermissionError) else ""
        raise LoadError(Problem(path=display, code="unreadable", message=e.strerror or str(e), hint=hint)) from None
    if len(data) > max_bytes:  # grew since it was measured
        raise LoadError(_too_large(display, len(data), max_bytes))
    return article_from_bytes(data, display, role, max_bytes=max_bytes)


def article_from_bytes(data: bytes, display: str, role: str = "corpus", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """An article's bytes (a file's, or stdin's) → an Article (id ""), or LoadError."""
    if len(data) > max_bytes:
        raise LoadError(_too_large(display, len(data), max_bytes))
    text, encoding = _decode(data, display)
    if _own_output(text):
        raise LoadError(Problem(path=display, code="own-output", message="a report written by checker, not an article",
                                hint="write reports outside the folders you check, or list them under ignore"))
    if not text.strip():
        raise LoadError(Problem(path=display, code="empty", message="empty file", hint="add the article text or leave the file out"))
    meta, body_start = _front_matter(text, display)
    if not text[body_start:].strip():
        raise LoadError(Problem(path=display, code="empty", message="no text after the front matter",
                                hint="add the article text or leave the file out"))
    return Article(
        id="",
        path=display,
        raw=text,
        title=meta.get("title") or _first_line(text[body_start:]),
        date=meta.get("date"),
        outlet=meta.get("outlet"),
        body_start=body_start,
        encoding=encoding,
        role=role,
    )


_RICH_SUMMARY = re.compile(r"checked \d+ articles?, \d+ statements?: ")
_GITHUB_COMMAND = ("::error ", "::warning ", "::notice ")


def _own_output(text: str) -> bool:
    """Whether `text` is one of checker's own text reports (markdown, the terminal's, GitHub annotations)."""
    if text.startswith("## checker report\n") and "<sub>checker " in text[-400:]:
        return True
    if _RICH_SUMMARY.match(text):
        return True
    lines = text.rstrip("\n").split("\n")
    return lines[-1].startswith("checker: ") and all(line.startswith(_GITHUB_COMMAND) for line in lines[:-1])


def _too_large(display: str, size: int, limit: int) -> Problem:
    return Problem(path=display, code="too-large", message=f"file is {_size(size, up=True)}, over the {_size(limit)} limit", hint=_SIZE_HINT)


def _size(n: int, up: bool = False) -> str:
    """20 MB, 23.5 MB, 512 KB, 40 bytes; `up` rounds up, so a file just over the limit never reads as equal to it."""
    for unit, scale, smallest in (("MB", 1024 * 1024, 1024 * 1024 / 10), ("KB", 1024, 1024)):
        if n >= smallest:
            value = n / scale
            value = math.ceil(value * 10) / 10 if up else round(value, 1)
            return f"{value:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n} bytes"


# ---------------------------------------------------------------- decoding


def _decode(data: bytes, display: str) -> tuple[str, str]:
    """(text, codec name); LoadError for binary or undecodable bytes."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise LoadError(Problem(path=display, code="binary", message=f"binary file ({what})", hint=_binary_hint(display)))
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise LoadError(_undecodable(display)) from None
            if "\x00" in text:
                raise LoadError(Problem(path=display, code="binary", message="binary file (contains NUL characters)", hint=_binary_hint(display)))
            return text, codec
    if b"\x00" in data:
        hint = "if it is UTF-16 text, save it as UTF-8" if _looks_like_bare_utf16(data) or _utf16_without_bom(data) else _binary_hint(display)
        raise LoadError(Problem(path=display, code="binary", message="binary file (contains NUL bytes)", hint=hint))
    if data.startswith(_UTF8_BOM):
        try:
            return data[len(_UTF8_BOM):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise LoadError(_undecodable(display)) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is None or not _looks_like_text(text):
        if _utf16_without_bom(data):
            raise LoadError(Problem(path=display, code="undecodable", message="UTF-16 text without a byte-order mark",
                                    hint="save it as UTF-8"))
        raise LoadError(_undecodable(display))
    return text, "gb18030"


def _binary_hint(display: str) -> str:
    """Never "convert it to .txt" for a file already named .txt."""
    return _MISNAMED_HINT if display.lower().endswith(ARTICLE_SUFFIXES) else _BINARY_HINT


def _undecodable(display: str) -> Problem:
    return Problem(path=display, code="undecodable", message="cannot decode as UTF-8, UTF-16 or GB18030", hint="save the file as UTF-8")


def _looks_like_bare_utf16(data: bytes) -> bool:
    """ASCII-heavy UTF-16 without a BOM: NULs in every other byte, on one side only."""
    sample = data[:4096]
    if len(sample) < 16:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2 or 1
    return max(even, odd) > half * 0.3 and min(even, odd) < half * 0.05


def _utf16_without_bom(data: bytes) -> bool:
    """Chinese text in UTF-16 without a byte-order mark: it decodes as UTF-16 to mostly common ideographs."""
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 16:
        return False
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        ideographs = _IDEOGRAPH.findall(text)
        if len(ideographs) >= max(8, len(text) // 3) and _looks_like_text(text):
            return True
    return False


def _looks_like_text(text: str) -> bool:
    """Whether GB18030's reading of some bytes is Chinese or ASCII text rather than mojibake.

    Few control or private-use characters, mostly CJK/ASCII/punctuation, and
    (when there are enough ideographs to judge) a fair share of the most
    common Chinese characters.
    """
    sample = text[:65536]
    n = len(sample)
    if n == 0:
        return True
    if len(_CONTROL.findall(sample)) > max(1, n // 100):
        return False
    if len(_NOT_TEXT.findall(sample)) > n // 10:
        return False
    ideographs = _IDEOGRAPH.findall(sample)
    if len(ideographs) >= 20:
        common = sum(1 for ch in ideographs if ch in _COMMON)
        if common < len(ideographs) * 0.2:
            return False
    return True


# ---------------------------------------------------------------- front matter


def _front_matter(text: str, display: str) -> tuple[dict, int]:
    """(metadata, index of the first body character); ({}, 0) without front matter."""
    opening = _OPENING.match(text)
    if not opening:
        return {}, 0
    lines: list[tuple[int, str]] = []  # (line number, content) inside the block
    pos, number, body_start = opening.end(), 1, None
    while pos < len(text):
        number += 1
        line = _LINE.match(text, pos)
        pos = line.end()
        if line.group(1).rstrip() == "---":
            body_start = pos
            break
        lines.append((number, line.group(1)))
    if body_start is None:
        # Name the line where the block was most likely meant to end: the first one that is no front matter.
        for number, content in lines:
            stripped = content.strip()
            if stripped and not stripped.startswith("#") and content[:1] not in (" ", "\t") \
                    and not stripped.startswith("-") and not _KEY_VALUE.fullmatch(content.rstrip()):
                raise _front_error(display, number, f"no closing '---' line before '{_clip(stripped)}'")
        raise _front_error(display, 1, "the block opened by '---' is never closed by a '---' line")
    meta: dict = {}
    key = None
    for number, content in lines:
        stripped = content.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if content[:1] in (" ", "\t") or stripped == "-" or stripped.startswith("- "):
            # continuation or list item: fine under a key we ignore
            if key is None:
                raise _front_error(display, number, "indented line with no key above it")
            if key in _KNOWN_KEYS:
                raise _front_error(display, number, f"'{key}' must be one value on one line")
            continue
        match = _KEY_VALUE.fullmatch(content.rstrip())
        if not match:
            raise _front_error(display, number, f"expected 'key: value', found '{_clip(stripped)}'")
        key = match.group(1).strip().strip("'\"").lower()
        if key not in _KNOWN_KEYS:
            continue
        value = _scalar(match.group(2), display, number)
        if key == "date":
            meta["date"] = _parse_date(value, display, number)
        else:
            meta[key] = value or None
    return meta, body_start


def _front_error(display: str, number: int, what: str) -> LoadError:
    return LoadError(Problem(path=display, code="front-matter", message=f"front matter line {number}: {what}", hint=_FRONT_HINT))


def _clip(s: str, n: int = 30) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _scalar(raw: str, display: str, number: int) -> str:
    """A YAML scalar: "double" (with \\ escapes), 'single' ('' for '), or plain (a ' #' starts a comment)."""
    value = raw.strip()
    if value[:1] == '"':
        match = _DOUBLE_QUOTED.fullmatch(value)
        if not match:
            raise _front_error(display, number, "quoted value is not closed (or has text after the closing quote)")
        return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), match.group(1)).strip()
    if value[:1] == "'":
        match = _SINGLE_QUOTED.fullmatch(value)
        if not match:
            raise _front_error(display, number, "quoted value is not closed (or has text after the closing quote)")
        return match.group(1).replace("''", "'").strip()
    value = re.split(r"(?:^|\s)#", value, maxsplit=1)[0].strip()
    return "" if value in _NULLS else value


def _parse_date(value: str, display: str, number: int) -> dt.date | None:
    if not value:
        return None
    for form in _DATE_FORMS:
        match = form.fullmatch(value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                raise _front_error(display, number, f"date '{_clip(value)}' is not a real day") from None
    raise _front_error(display, number, f"date '{_clip(value)}' is not a date like 2025-06-19")


def _first_line(body: str) -> str | None:
    """The first line with a letter, digit or character in it (a Markdown '#' dropped), at most 60
    characters, that is not a portal's navigation (`is_breadcrumb`)."""
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if any(ch.isalnum() for ch in line) and not is_breadcrumb(line):
            return line[:60].rstrip()
    return None


def is_breadcrumb(line: str) -> bool:
    """首页 > 新闻中心 > 国内 > 正文, 当前位置：主页 > 聚焦 (data/boilerplate.toml [breadcrumbs])."""
    table = lexicon.boilerplate().breadcrumbs
    if line.startswith(tuple(table.openers)):
        return True
    return sum(line.count(sep) for sep in table.separators) >= table.min_separators
