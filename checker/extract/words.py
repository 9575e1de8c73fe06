"""Words for comparing what two figures measure: jieba, loaded lazily and lean.

jieba is only used to split the words around a figure into tokens (never to
find numbers: it splits 30/余家 and 3/-/5/年 inconsistently). It is imported
on first use, so `checker --help` does not pay for it.

Loading jieba's full dictionary (349k words) takes about a second per
process. Figures' contexts are ordinary news vocabulary, so the checker
derives a compact dictionary from the installed jieba's own `dict.txt` (words
seen at least `MIN_FREQ` times; rarer words are still found by jieba's HMM)
and keeps it, with jieba's parsed cache of it, in a cache folder: later
processes load it in about a third of the time. Nothing is downloaded.
"""

from __future__ import annotations

import os
import sys
import tempfile
from functools import lru_cache
from typing import Iterable

MIN_FREQ = 10
_extra_words: tuple[str, ...] = ()


def configure(extra_words: Iterable[str] = (), cache_dir: str | None = None) -> None:
    """Set the project vocabulary and where the dictionary caches live."""
    global _extra_words
    words = tuple(sorted(set(extra_words)))
    folder = cache_dir or os.environ.get("CHECKER_JIEBA_CACHE")
    if words == _extra_words and folder == os.environ.get("CHECKER_JIEBA_CACHE"):
        return
    _extra_words = words
    if folder:
        os.environ["CHECKER_JIEBA_CACHE"] = folder
    _tokenizer.cache_clear()
    _cut_run.cache_clear()


def _cache_dir() -> str:
    folder = os.environ.get("CHECKER_JIEBA_CACHE") or os.path.join(tempfile.gettempdir(), "checker-jieba")
    os.makedirs(folder, exist_ok=True)
    return folder


def _compact_dictionary(jieba_module, folder: str) -> str:
    """jieba's dictionary without its rarest words, written once (atomically) into `folder`."""
    source = os.path.join(os.path.dirname(jieba_module.__file__), "dict.txt")
    version = getattr(jieba_module, "__version__", "0")
    path = os.path.join(folder, f"dict-{version}-min{MIN_FREQ}.txt")
    if os.path.exists(path):
        return path
    kept = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].strip().isdigit() and int(parts[1]) >= MIN_FREQ:
                kept.append(line if line.endswith("\n") else line + "\n")
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.writelines(kept)
        os.replace(tmp, path)
    except BaseException:  # Ctrl-C or a full disk: leave no half-written dictionary behind
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


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
    folder = _cache_dir()
    try:
        tok = jieba.Tokenizer(dictionary=_compact_dictionary(jieba, folder))
    except OSError:  # an unwritable cache folder: fall back to jieba's own dictionary
        tok = jieba.Tokenizer()
    tok.tmp_dir = folder
    tok.cache_file = f"jieba-min{MIN_FREQ}.cache"
    tok.initialize()
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
