"""The reference corpus of an `--against` run, indexed once and kept in the cache.

Checking one draft against an archive of 10,000 articles should cost about
what checking the draft alone costs: the archive changes now and then, the
drafts on every commit. So a run against a corpus stores, beside the
statements, an index of that exact set of articles:

- a head: each article's source fields (title, date, outlet) and declared
  short names, the number of statements, each block's size;
- per block (kind, unit family, unit, role; `align.block_key`): in how many
  corpus statements each context word is, and the postings, which statement
  is indexed under which key, worked out as `align` works them out for the
  corpus side of a block (`align.index_keys`).

A later run finds the corpus's files without reading them: a file whose stat
(size, modification and change times, inode) is the one recorded when it
was last read holds what it held then (`Cache.file_keys`, the way git and
make decide); a file whose stat is new (a fresh clone) is read as bytes
and known by their digest (`Cache.digest_keys`), without being decoded. When every file is known and the index of that set is stored,
only the blocks the drafts' statements fall in are read from the index, and
only the corpus articles their keys name are read from disk and decoded.
Anything else (an article added, edited or removed; another checker
version; a file changed while it was being read) is another corpus, or no
answer: the run takes the full path once and stores its index.

It holds no judgement: which pairs become links is `align`'s, which links
become findings `compare`'s.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, NamedTuple

from .align import STRONG, Thresholds, block_key, index_keys, sample_posting, word_counts
from .entries import CacheCorrupt
from .models import Extraction, Statement, Topic
from .stories import cluster_corpus, story_label

FORMAT = 6  # the layout of heads and blocks below
_SETTLED_NS = 2_000_000_000  # a file changed less than this before the run may change again unseen


class Stale(Exception):
    """A corpus file no longer holds what the index says: take the full path."""


class CorpusFile(NamedTuple):
    """A corpus file found by `load.find_files`, with its article key."""

    shown: str
    path: str
    key: str


def content_digest(data: bytes) -> str:
    """A file's bytes, hashed: the same text in a fresh checkout is known without decoding it."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def signature(st: os.stat_result) -> str:
    """What changes whenever a file's content does (a rewrite in place changes the change time)."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def settled(st: os.stat_result, started_ns: int) -> bool:
    """Last changed well before the run started: its stat can stand for what was read.

    A file changed in the same instant as it was read could change again
    without its stat changing (coarse file-system clocks): such a file is
    read again next time rather than trusted.
    """
    return max(st.st_mtime_ns, st.st_ctime_ns) < started_ns - _SETTLED_NS


def corpus_id(fp: str, keys: list[str], t: Thresholds) -> str:
    """The index's name: the checker, the settings, and the multiset of the corpus's articles."""
    h = hashlib.sha256(f"{fp}\0{_code_digest()}\0{FORMAT}\0{t!r}\0".encode())
    for key in sorted(keys):
        h.update(key.encode() + b"\n")
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The modules that decide what is indexed (extraction entries are keyed by the rest)."""
    here = Path(__file__).resolve().parent
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in ("align.py", "corpus_index.py"))).hexdigest()


def positions(keys: list[str], paths: list[str]) -> list[int]:
    """The corpus's articles in index order (by article key, equal texts by path): a position each."""
    return sorted(range(len(keys)), key=lambda i: (keys[i], paths[i]))


# ---------------------------------------------------------------- writing


def build(extractions: list[Extraction], keys: list[str], t: Thresholds, hints: Mapping[str, int] = {},
          stories=None) -> tuple[bytes, dict[str, bytes]]:
    """The head and the blocks (by `block_name`) of the corpus made of these extractions; `hints`:
    the year each source (by id) was extracted with when its story dated it; `stories`: the
    corpus's stories as the run grouped them (else grouped here)."""
    order = positions(keys, [e.source.path for e in extractions])
    blocks: dict[tuple, list[tuple[int, int, Statement]]] = defaultdict(list)
    sources, aliases = [], {}
    for pos, i in enumerate(order):
        e = extractions[i]
        src = e.source
        sources.append([src.title, src.date.isoformat() if src.date else None, src.outlet, src.date_from])
        if e.aliases:
            aliases[pos] = e.aliases
        for n, s in enumerate(e.statements):
            blocks[block_key(s)].append((pos, n, s))
    by_id = {e.source.id: pos for pos, e in enumerate(extractions[i] for i in order)}
    dated = sorted((extractions[i] for i in order), key=lambda e: (e.source.date is None, e.source.date or dt.date.min, e.source.path))
    grouped = stories if stories is not None else cluster_corpus([(e.source, e.topic) for e in dated])
    head = {
        "format": FORMAT,
        "sources": sources,
        "topics": [[e.topic.terms, e.topic.weights, e.topic.marks] for e in (extractions[i] for i in order)],
        "stories": [[by_id[m] for m in c] for c in grouped.clusters],
        "story_names": grouped.names,
        "hints": {str(by_id[i]): y for i, y in sorted(hints.items()) if i in by_id},
        "aliases": aliases,
        "statements": sum(len(e.statements) for e in extractions),
        "blocks": {block_name(k): len(v) for k, v in blocks.items()},
    }
    paths = {e.source.id: e.source.path for e in extractions}
    label = {}  # position → story label, as the stories stage names it (stories.story_label)
    for c in grouped.clusters:
        name = story_label([paths[m] for m in c])
        label.update((by_id[m], name) for m in c)
    return _pack(head), {block_name(k): _pack(_block(v, t, label)) for k, v in blocks.items()}


def _block(members: list[tuple[int, int, Statement]], t: Thresholds, label: Mapping[int, str]) -> dict:
    df = word_counts(s for _, _, s in members)
    postings: dict[str, list[tuple[int, int, Statement]]] = defaultdict(list)
    for member in members:
        for k in index_keys(member[2], df, t, label.get(member[0])):
            postings[k].append(member)
    small = {}
    for k, v in postings.items():
        if len(v) > t.max_posting and k.startswith(STRONG):  # never dropped: sampled (align.sample_posting)
            kept = {id(s) for s in sample_posting([m[2] for m in v])}
            v = [m for m in v if id(m[2]) in kept]
        if len(v) <= 2 * t.max_posting:  # larger ones are never used
            small[k] = [x for pos, n, _ in v for x in (pos, n)]
    return {"df": dict(df), "postings": small}


def block_name(key: tuple) -> str:
    return json.dumps(list(key), ensure_ascii=False)


def _pack(data: dict) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode(), 1)


def _unpack(blob: bytes) -> dict:
    try:
        data = json.loads(zlib.decompress(blob))
        if data.get("format", FORMAT) != FORMAT:
            raise CacheCorrupt("index format")
        return data
    except (zlib.error, UnicodeDecodeError, ValueError, AttributeError) as e:
        raise CacheCorrupt(f"bad index: {e}") from None


# ---------------------------------------------------------------- reading


@dataclass
class Head:
    sources: list[list]  # by position: title, date, outlet, date_from
    aliases: dict[int, dict[str, str]]  # by position, the articles that declare short names
    statements: int
    blocks: dict[str, int]  # block name → corpus statements in it
    topics: list[Topic]  # by position
    stories: list[list[int]]  # the corpus's stories, as positions (stories.cluster_corpus)
    story_names: list[str]
    hints: dict[int, int]  # by position: the year an article was extracted with (api.dated_by_story)

    @classmethod
    def read(cls, blob: bytes) -> "Head":
        data = _unpack(blob)
        try:
            head = cls(
                sources=data["sources"],
                aliases={int(k): v for k, v in data["aliases"].items()},
                statements=int(data["statements"]),
                blocks={str(k): int(v) for k, v in data["blocks"].items()},
                topics=[Topic.model_construct(terms=t, weights=w, marks=m) for t, w, m in data["topics"]],
                stories=[[int(p) for p in c] for c in data["stories"]],
                story_names=[str(x) for x in data["story_names"]],
                hints={int(k): int(v) for k, v in data["hints"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise CacheCorrupt(f"bad index head: {e}") from None
        if not all(isinstance(s, list) and len(s) == 4 for s in head.sources):
            raise CacheCorrupt("bad index sources")
        if len(head.topics) != len(head.sources) or len(head.story_names) != len(head.stories):
            raise CacheCorrupt("bad index stories")
        return head


class StoredBlock:
    """One block of a stored index, as `align.BlockIndex`: statements decoded only when a posting names them."""

    def __init__(self, blob: bytes, statements_at: Callable[[list[int]], Mapping[int, list[Statement]]], t: Thresholds):
        data = _unpack(blob)
        self._df, self._postings = data.get("df"), data.get("postings")
        if not isinstance(self._df, dict) or not isinstance(self._postings, dict):
            raise CacheCorrupt("bad index block")
        self._statements_at, self.t = statements_at, t

    def df(self) -> Mapping[str, int]:
        return self._df

    def postings(self, wanted: set[str]) -> dict[str, list[Statement]]:
        refs = {}
        for k in sorted(wanted):
            flat = self._postings.get(k)
            if flat is not None and len(flat) <= 2 * self.t.max_posting:
                refs[k] = list(zip(flat[::2], flat[1::2]))
        articles = self._statements_at(sorted({pos for pairs in refs.values() for pos, _ in pairs}))
        try:
            return {k: [articles[pos][n] for pos, n in pairs] for k, pairs in refs.items()}
        except (KeyError, IndexError, TypeError) as e:
            raise CacheCorrupt(f"index names a statement that is not there: {e}") from None
