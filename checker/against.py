"""Drafts `--against` a corpus whose index is in the cache: the corpus is neither read nor decoded.

`api.check` tries `check_against_index` first when it has a cache and the
report need not list every statement (JSON lists them all); it answers None
when the corpus has no stored index, and `api.check` then takes the full
path and calls `index_corpus`, so that the next run is quick. The report
comes out byte for byte as the full path's, except that it lists the
statements of the articles it read (the drafts and those the index named),
not of every corpus article.

The index itself (what is stored, how a corpus is recognised) is
`corpus_index`; which pairs become links is `align`'s, as on the full path.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from .align import Thresholds, align, block_key
from .api import CheckOptions, RunInfo, findings_report, limit_problems, merged_aliases, require_comparison
from .cache import CacheCorrupt
from .models import Article, Extraction, Problem, Source, Statement

if TYPE_CHECKING:
    from .cache import Cache
    from .corpus_index import CorpusFile
    from .load import FoundFile
    from .models import Report



def check_against_index(
    paths: Sequence[str], against: Sequence[str], options: CheckOptions, cache: "Cache", started: int
) -> Optional[tuple[Report, RunInfo]]:
    """The drafts against a corpus whose index is stored: None when it is not (the caller takes the full path).

    Only the drafts and the corpus articles holding their candidates are read
    and decoded; the report lists the statements of those articles alone
    (every source, though, and the corpus's statement count).
    """
    from .cache import article_key
    from .corpus_index import Head, Stale, StoredBlock, block_name, corpus_id, positions
    from .entries import decode
    from .load import LoadError, RealPaths, find_files, load_paths, read_article
    from .parallel import extract_many

    config = options.config
    max_bytes = int(config.max_size_mb * 1024 * 1024)
    drafts, problems = load_paths(paths, "draft", max_bytes=max_bytes, ignore=config.ignore, root=options.root, stdin=options.stdin)
    found, more = find_files(against, ignore=config.ignore, root=options.root)
    problems += more
    realpath = RealPaths()
    draft_files = {realpath(a.path) for a in drafts}
    listed = len(found)
    found = [f for f in found if f.real not in draft_files]  # never compare a draft with itself

    corpus, unreadable = _identify(found, cache, max_bytes, started)
    problems += unreadable
    require_comparison(paths, against, len(drafts), listed, len(corpus), problems)
    keys = [c.key for c in corpus]
    name = corpus_id(cache.fp, keys, Thresholds())
    blob = cache.corpus_head(name)
    if blob is None:
        return None
    head = Head.read(blob)
    if len(head.sources) != len(corpus):
        raise CacheCorrupt("index and corpus differ in size")

    # Ids as the full path gives them: drafts and corpus together, by path.
    order = sorted([(a.path, "draft", i) for i, a in enumerate(drafts)] + [(c.shown, "corpus", i) for i, c in enumerate(corpus)])
    ids = {(role, i): f"s{n}" for n, (_, role, i) in enumerate(order, start=1)}
    drafts = [a.model_copy(update={"id": ids["draft", i]}) for i, a in enumerate(drafts)]
    focus = {a.id for a in drafts}
    info = RunInfo()
    draft_extractions = extract_many(drafts, options, info, cache)
    info.cached += len(corpus)
    at = positions(keys, [c.shown for c in corpus])  # position → index in `corpus`
    pos_of = {i: pos for pos, i in enumerate(at)}  # index in `corpus` → position

    decoded: dict[int, Extraction] = {}
    memo: dict = {}

    def statements_at(wanted: list[int]) -> dict[int, list[Statement]]:
        todo = [pos for pos in wanted if pos not in decoded]
        read = {}
        for pos in todo:
            c = corpus[at[pos]]
            try:
                article = read_article(Path(c.path), c.shown, "corpus", max_bytes=max_bytes)
            except LoadError:
                raise Stale(c.shown) from None
            if article_key(article, cache.fp) != c.key:
                raise Stale(c.shown)  # changed since its stat was taken
            if pos in head.hints:  # extracted with the year its story gave it
                article = article.model_copy(update={"year_hint": head.hints[pos]})
            read[pos] = (article, article_key(article, cache.fp))
        blobs = cache.get_many([key for _, key in read.values()])
        for pos, (article, key) in read.items():
            if key not in blobs:
                raise Stale(corpus[at[pos]].shown)  # its entry pruned
            decoded[pos] = decode(blobs[key], article.model_copy(update={"id": ids["corpus", at[pos]]}), memo)
        return {pos: decoded[pos].statements for pos in wanted}

    sources = _sources(order, draft_extractions, head, pos_of, ids, corpus)
    counts = info.cached, info.extracted
    draft_extractions, grouping = _stories(sources, drafts, draft_extractions, head, at, ids, focus, options, info, cache)
    info.cached, info.extracted = counts
    sources = _sources(order, draft_extractions, head, pos_of, ids, corpus)
    statements = [s for e in draft_extractions for s in e.statements]
    names = sorted({block_name(block_key(s)) for s in statements} & head.blocks.keys())
    stored = cache.corpus_blocks(name, names)
    if sorted(stored) != names:
        raise CacheCorrupt("index blocks missing")
    blocks = {block_key_of(n): StoredBlock(stored[n], statements_at, Thresholds()) for n in names}
    declared = [draft_extractions[i].aliases if role == "draft" else head.aliases.get(pos_of[i], {}) for _, role, i in order]
    alignment = align(statements, aliases=merged_aliases(config, declared), focus=focus, thresholds=Thresholds(),
                      corpus=blocks, stories=grouping, keep_levels=options.explain)
    info.links = alignment.links if options.explain else []

    sizes = dict(head.blocks)
    for s in statements:
        n = block_name(block_key(s))
        sizes[n] = sizes.get(n, 0) + 1
    info.blocks, info.largest_block = len(sizes), max(sizes.values(), default=0)
    info.candidate_pairs = alignment.candidate_pairs
    info.corpus_index = "read"

    listed = []
    for _, role, i in order:
        if role == "draft":
            listed += draft_extractions[i].statements
        elif pos_of[i] in decoded:
            listed += decoded[pos_of[i]].statements
    count = head.statements + len(statements)
    problems = problems + limit_problems(draft_extractions)
    report = findings_report(sources, listed, count, alignment, sorted(problems, key=lambda p: p.path), focus, config,
                             story_of=grouping.story_of, together=grouping.same)
    return report.model_copy(update={"stories": grouping.stories}), info


def _sources(order, draft_extractions, head, pos_of, ids, corpus) -> list[Source]:
    """Every source in id order: the drafts' own, the corpus's from the index head."""
    from .entries import construct

    out = []
    for _, role, i in order:
        if role == "draft":
            out.append(draft_extractions[i].source)
            continue
        title, date, outlet, date_from = head.sources[pos_of[i]]
        # Built without validation: 10,000 of them, from an index this program wrote and has read back.
        out.append(construct(Source, {"id": ids["corpus", i], "path": corpus[i].shown, "title": title,
                                      "date": dt.date.fromisoformat(date) if date else None, "outlet": outlet,
                                      "role": "corpus", "date_from": date_from}))
    return out


def _stories(sources: list[Source], drafts, draft_extractions, head, at: list[int], ids, focus: set[str], options, info, cache):
    """The drafts' extractions (again, when their story dates them) and the stories, as the full path
    finds them: the corpus's as stored, each draft joining one."""
    from .api import dated_by_story
    from .models import Extraction as _Extraction
    from .stories import CorpusStories

    stored = CorpusStories(clusters=[[ids["corpus", at[pos]] for pos in c] for c in head.stories], names=head.story_names)
    # Corpus articles as the stories stage sees them: a source and a topic, from the index head.
    corpus_like = [_Extraction.model_construct(source=s, statements=[], aliases={}, topic=head.topics[pos])
                   for pos, s in _corpus_sources(sources, at, ids)]
    everything = draft_extractions + corpus_like
    extractions, grouping, _ = dated_by_story(drafts, everything, focus, options, info, cache, corpus_stories=stored)
    return [e for e in extractions if e.source.id in focus], grouping


def _corpus_sources(sources: list[Source], at: list[int], ids):
    """(position, source) of every corpus article."""
    by_id = {s.id: s for s in sources}
    return [(pos, by_id[ids["corpus", i]]) for pos, i in enumerate(at)]


def _identify(found: list["FoundFile"], cache: "Cache", max_bytes: int, started: int) -> tuple[list["CorpusFile"], list[Problem]]:
    """Each corpus file with its article key, reading as little as possible; problems of those that cannot be read.

    A file whose stat is the one recorded is not opened. Otherwise its bytes
    are read and hashed: content seen before (a fresh clone of the same
    archive: every stat new, every text known) is not decoded. Only new
    content is read as an article.
    """
    from .cache import article_key
    from .corpus_index import CorpusFile, content_digest, settled, signature
    from .load import LoadError, read_article

    known = cache.file_keys([f.real for f in found])
    corpus: list[Optional[CorpusFile]] = []
    unknown = []  # (slot, file, stat, digest of its bytes or None)
    for f in found:
        try:
            st = os.stat(f.path)
        except OSError:
            st = None
        memo = known.get(f.real)
        if st is not None and memo is not None and memo[0] == signature(st) and st.st_size <= max_bytes:
            corpus.append(CorpusFile(f.shown, f.path, memo[1]))
            continue
        digest = None
        if st is not None and stat.S_ISREG(st.st_mode) and st.st_size <= max_bytes:
            try:
                with open(f.path, "rb") as fh:
                    digest = content_digest(fh.read())
            except OSError:
                pass  # read_article says why
        corpus.append(None)
        unknown.append((len(corpus) - 1, f, st, digest))
    seen = cache.digest_keys([d for *_, d in unknown if d])
    problems, remember = [], []
    for slot, f, st, digest in unknown:
        key = seen.get(digest) if digest else None
        if key is None:
            try:
                article = read_article(Path(f.path), f.shown, "corpus", max_bytes=max_bytes)
            except LoadError as e:
                problems.append(e.problem)
                continue
            key = article_key(article, cache.fp)
        corpus[slot] = CorpusFile(f.shown, f.path, key)
        try:
            after = os.stat(f.path)
        except OSError:
            continue
        if digest and st is not None and signature(after) == signature(st) and settled(after, started):
            remember.append((f.real, signature(after), digest, key))
    cache.remember_files(remember)
    return [c for c in corpus if c is not None], problems


def index_corpus(
    extractions: list[Extraction], articles: list[Article], cache: "Cache", started: int, info: RunInfo,
    hints: Optional[dict[str, int]] = None, stories=None,
) -> None:
    """After a full run against a corpus: remember its files and store its index, so the next run is
    quick; `stories`: the corpus's stories as the run grouped them (stories.CorpusStories)."""
    from .cache import article_key
    from .corpus_index import build, content_digest, corpus_id, settled, signature
    from .load import RealPaths

    by_id = {a.id: a for a in articles}
    corpus = [by_id[e.source.id] for e in extractions]
    keys = [article_key(a, cache.fp) for a in corpus]
    realpath = RealPaths()
    remember = []
    for a, key in zip(corpus, keys):
        # Unchanged since before the run started (settled), so what was extracted is what is on disk.
        try:
            before = os.stat(a.path)
            if not settled(before, started):
                continue
            with open(a.path, "rb") as fh:
                digest = content_digest(fh.read())
            if signature(os.stat(a.path)) == signature(before):
                remember.append((realpath(a.path), signature(before), digest, key))
        except OSError:
            continue
    cache.remember_files(remember)
    name = corpus_id(cache.fp, keys, Thresholds())
    if cache.corpus_head(name) is None:
        head, blocks = build(extractions, keys, Thresholds(), hints or {}, stories)
        if cache.put_corpus(name, head, blocks):
            info.corpus_index = "written"


def block_key_of(name: str) -> tuple:
    return tuple(json.loads(name))
