"""Words for comparing what two figures measure: jieba, loaded lazily and lean.

jieba is only used to split the words around a figure into tokens (never to
find numbers: it splits 30/余家 and 3/-/5/年 inconsistently). It is imported
on first use, so `checker --help` does not pay for it.

Loading jieba's full dictionary (349k words) takes about a second per
process. Figures' contexts are ordinary news vocabulary, so the checker
derives a compact prefix dictionary from the installed jieba's own `dict.txt`
(words seen at least `MIN_FREQ` times; rarer words are still found by jieba's
HMM) and keeps it in this user's cache folder (`userdirs.user_cache_dir()`,
or `CHECKER_JIEBA_CACHE`), never in a shared or predictable place and never
in the tree being checked. The stored file is sealed with the machine's
secret and checked before use: a planted, damaged or foreign file is ignored
and the dictionary derived again in memory. When it cannot be written (a
read-only or full disk) the same dictionary is used from memory: results
never depend on whether a cache could be written. Nothing is downloaded.
"""

from __future__ import annotations

import io
import marshal
import os
import sys
import tempfile
from functools import lru_cache
from typing import Iterable

MIN_FREQ = 10
_extra_words: tuple[str, ...] = ()


def configure(extra_words: Iterable[str] = (), cache_dir: str | None = None) -> None:
    """Set the project vocabulary and (for tests and benchmarks) where the dictionary cache lives."""
    global _extra_words
    words = tuple(sorted(set(extra_words)))
    if cache_dir:
        os.environ["CHECKER_JIEBA_CACHE"] = cache_dir
    if words == _extra_words and not cache_dir:
        return
    _extra_words = words
    _tokenizer.cache_clear()
    _cut_run.cache_clear()


def _cache_dir() -> str | None:
    """This user's folder for the derived dictionary; None when there is none."""
    folder = os.environ.get("CHECKER_JIEBA_CACHE")
    if not folder:
        from ..userdirs import user_cache_dir

        base = user_cache_dir()
        if base is None:
            return None
        folder = os.path.join(base, "jieba")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder


def _compact_lines(jieba_module) -> bytes:
    """The lines of jieba's dictionary for words seen at least MIN_FREQ times."""
    source = os.path.join(os.path.dirname(jieba_module.__file__), "dict.txt")
    kept = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].strip().isdigit() and int(parts[1]) >= MIN_FREQ:
                kept.append(line if line.endswith("\n") else line + "\n")
    return "".join(kept).encode("utf-8")


def _prefix_dictionary(jieba_module) -> tuple[dict, int]:
    """jieba's (FREQ, total) for the compact dictionary: from this user's sealed cache file, else derived (and stored)."""
    from ..userdirs import seal, unseal

    version = getattr(jieba_module, "__version__", "0")
    name = f"prefix-{version}-min{MIN_FREQ}.bin"
    folder = _cache_dir()
    path = os.path.join(folder, name) if folder else None
    if path:
        try:
            with open(path, "rb") as handle:
                data = unseal(handle.read(), b"jieba", name.encode())
            if data is not None:
                loaded = marshal.loads(data)
                if _well_formed(loaded):
                    return loaded
        except (OSError, ValueError, EOFError, TypeError):
            pass
    freq, total = jieba_module.Tokenizer.gen_pfdict(io.BytesIO(_compact_lines(jieba_module)))
    if path:
        _store(path, seal(marshal.dumps((freq, total)), b"jieba", name.encode()))
    return freq, total


def _well_formed(loaded) -> bool:
    return (isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[0], dict)
            and isinstance(loaded[1], int) and loaded[1] > 0)


def _store(path: str, blob: bytes) -> None:
    """Write atomically; on any failure (a full or read-only disk) leave nothing behind and carry on."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


@lru_cache(maxsize=1)
def _jieba():
    """jieba, imported without pkg_resources.

    jieba uses pkg_resources only to open its own data files and opens them
    directly when it is missing; importing it costs about 0.3 s, a sixth of
    a CI check against a large archive. It is hidden during jieba's import
    only, so anything else in the process can still import it.
    """
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  (import raises ImportError)
    try:
        import jieba
    finally:
        if hide and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=1)
def _tokenizer():
    import logging

    jieba = _jieba()
    jieba.setLogLevel(logging.ERROR)
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total = _prefix_dictionary(jieba)
    tok.initialized = True  # jieba never reads or writes a dictionary file of its own
    for word in _extra_words:
        tok.add_word(word, freq=20000)
    return tok


def cut(text: str) -> list[str]:
    """jieba's words of `text`.

    jieba cuts each run of word characters (its `re_han_default`) on its own, so the
    text is cut run by run, and each run's words are remembered: news repeats its
    phrasing (the same words around many figures), and a run's words depend only on
    the run and the vocabulary.
    """
    out: list[str] = []
    for run in _runs().split(text):
        if run:
            out += _cut_run(run)
    return out


@lru_cache(maxsize=1)
def _runs():
    return _jieba().re_han_default


@lru_cache(maxsize=65536)
def _cut_run(run: str) -> tuple[str, ...]:
    return tuple(_tokenizer().lcut(run, HMM=True))
