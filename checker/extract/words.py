"""Words for comparing what two figures measure: jieba, loaded lazily.

jieba is only used to split the words around a figure into tokens (never to
find numbers: it splits 30/余家 and 3/-/5/年 inconsistently). It is imported
on first use, so `checker --help` does not pay for it, and its dictionary
cache is kept on disk next to the statement cache so later processes load
it in a fraction of the time.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from typing import Iterable

_extra_words: tuple[str, ...] = ()


def configure(extra_words: Iterable[str] = (), cache_dir: str | None = None) -> None:
    """Set the project vocabulary and where jieba keeps its dictionary cache."""
    global _extra_words
    _extra_words = tuple(sorted(set(extra_words)))
    if cache_dir:
        os.environ["CHECKER_JIEBA_CACHE"] = cache_dir
    _tokenizer.cache_clear()


@lru_cache(maxsize=1)
def _tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.ERROR)
    cache_dir = os.environ.get("CHECKER_JIEBA_CACHE") or os.path.join(tempfile.gettempdir(), "checker-jieba")
    os.makedirs(cache_dir, exist_ok=True)
    tok = jieba.Tokenizer()
    tok.tmp_dir = cache_dir
    tok.cache_file = "jieba.cache"
    tok.initialize()
    for word in _extra_words:
        tok.add_word(word, freq=20000)
    return tok


def cut(text: str) -> list[str]:
    return _tokenizer().lcut(text, HMM=True)


def add_words(words: Iterable[str]) -> None:
    tok = _tokenizer()
    for word in words:
        tok.add_word(word, freq=20000)
