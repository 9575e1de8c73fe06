"""The pipeline, wired: paths in, a `Report` out.

    load → clean → segment → extract  (per article, independent, parallel)
         → align → compare            (across articles)

Each stage is a plain function of the previous stage's output; this module
only calls them in order, assigns source ids, and keeps drafts apart from
the corpus. It prints nothing and exits nothing: the CLI renders the report
and decides the exit status.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from . import __version__
from .align import Thresholds, align
from .clean import clean
from .compare import DEFAULT_SEVERITY, CompareSettings, compare
from .config import Config
from .extract import extract
from .extract import words
from .load import IGNORED

from .models import Alignment, Article, Extraction, Finding, Kind, Link, Problem, Report, Severity, Source, Statement, Summary, Tool
from .segment import segment
from .stories import Grouping, group, inferred_years


@dataclass
class RunInfo:
    """What a run measured about itself, for --verbose."""

    blocks: int = 0
    largest_block: int = 0
    candidate_pairs: int = 0
    cached: int = 0
    extracted: int = 0
    corpus_index: str = ""  # with --against and a cache: "read" (used, corpus not read) or "written"
    ignored: list[Problem] = field(default_factory=list)  # files named on the command line that `ignore` leaves out
    notices: list[str] = field(default_factory=list)  # one line each for stderr (a cache that could not be used)
    links: list[Link] = field(default_factory=list)  # the alignment's links with their levels, when asked (explain)


@dataclass
class CheckOptions:
    config: Config = field(default_factory=Config)
    root: Optional[str] = None  # the configuration's folder: `ignore` patterns are relative to it
    stdin: Optional[bytes] = None  # the article a PATH `-` stands for
    jobs: int = 1
    cache_dir: Optional[str] = None
    progress: Optional[Callable[[int, int], None]] = None
    # The report must list every statement (JSON); otherwise a run --against an indexed
    # corpus lists only the statements of the articles it had to read.
    complete: bool = True
    explain: bool = False  # keep each link's comparison levels (RunInfo.links), for `checker explain`


def process_article(article: Article, tolerance: float = 0.05) -> Extraction:
    """load's output → extract's output, for one article (no I/O)."""
    cleaned = clean(article.raw, article.body_start)
    sentences = segment(cleaned)
    headline = clean(article.title).text if article.title else None
    return extract(article, cleaned, sentences, tolerance=tolerance, headline=headline)


def load_inputs(
    paths: Sequence[str], against: Sequence[str] = (), config: Config = Config(), root: Optional[str] = None,
    stdin: Optional[bytes] = None,
) -> tuple[list[Article], list[Problem], set[str]]:
    """Articles with ids; problems; the ids of the drafts (empty without --against)."""
    from .load import RealPaths, load_paths

    max_bytes = int(config.max_size_mb * 1024 * 1024)
    if against:
        drafts, p1 = load_paths(paths, "draft", max_bytes=max_bytes, ignore=config.ignore, root=root, stdin=stdin)
        corpus, p2 = load_paths(against, "corpus", max_bytes=max_bytes, ignore=config.ignore, root=root)
        draft_files = {os.path.realpath(a.path) for a in drafts}
        real = RealPaths()
        found = len(corpus)
        corpus = [a for a in corpus if real(a.path) not in draft_files]  # never compare a draft with itself
        require_comparison(paths, against, len(drafts), found, len(corpus), p1 + p2)
        articles, problems = drafts + corpus, p1 + p2
    else:
        articles, problems = load_paths(paths, "corpus", max_bytes=max_bytes, ignore=config.ignore, root=root, stdin=stdin)
    articles = sorted(articles, key=lambda a: (a.path, a.role))
    articles = [a.model_copy(update={"id": f"s{i}"}) for i, a in enumerate(articles, start=1)]
    drafts_ids = {a.id for a in articles if a.role == "draft"}
    return articles, sorted(problems, key=lambda p: p.path), drafts_ids


class NothingToCompare(Exception):
    """A run `--against` a corpus that leaves a draft nothing to be compared with: a usage error.

    `problems`: one line each to print, either the inputs' own problems that explain it
    (a missing or empty folder, an unreadable draft) or one that says so.
    """

    def __init__(self, problems: Sequence[Problem]):
        super().__init__("; ".join(p.line() for p in problems))
        self.problems = list(problems)


def require_comparison(
    paths: Sequence[str], against: Sequence[str], drafts: int, found: int, corpus: int, problems: Sequence[Problem]
) -> None:
    """Raise `NothingToCompare` unless the drafts have something to be compared with.

    Drafts are compared with the corpus and with each other, so a run is
    sound with two drafts and no corpus left (every corpus file also handed
    over as a draft, as `pre-commit run --all-files` does), but not with no
    draft, nor with one draft and nothing else. `found`: the corpus's
    articles, drafts among them; `corpus`: those that are not drafts.
    """
    named = ", ".join(against)
    if not paths:
        raise NothingToCompare([Problem(
            path="--against", code="no-draft", message="--against needs the drafts to check",
            hint=f"give them first: checker check DRAFT... --against {named}")])
    if problems and (not drafts or not found):
        told = sorted(problems, key=lambda p: p.path)
        if not drafts and all(p.code == IGNORED for p in problems):
            told.append(Problem(path=", ".join(paths), code="no-draft", message="every draft matches an ignore pattern: nothing to check",
                                hint="name drafts the configuration does not ignore"))
        raise NothingToCompare(told)
    if not drafts:
        raise NothingToCompare([Problem(path=", ".join(paths), code="no-draft", message="no draft to check",
                                        hint="give the new articles before --against")])
    if not found:
        raise NothingToCompare([Problem(path=named, code="empty-corpus", message="no article to compare the drafts with",
                                        hint="give the published articles after --against")])
    if not corpus and drafts < 2:
        raise NothingToCompare([Problem(
            path=named, code="empty-corpus", message="the corpus holds only the drafts themselves: nothing to compare them with",
            hint="give the published articles after --against, not the draft's own folder")])


def check(paths: Sequence[str], against: Sequence[str] = (), options: Optional[CheckOptions] = None) -> tuple[Report, RunInfo]:
    from .against import check_against_index, index_corpus
    from .cache import CacheCorrupt, open_cache
    from .corpus_index import Stale
    from .parallel import extract_many

    options = options or CheckOptions()
    config = options.config
    words.configure(config.vocabulary, cache_dir=_jieba_cache(options))
    started = time.time_ns()
    cache = open_cache(options.cache_dir, config.tolerance, config.vocabulary)
    notices = [cache_notice(options.cache_dir)] if options.cache_dir and cache is None else []
    try:
        if against and cache is not None and not options.complete:
            try:
                found = check_against_index(paths, against, options, cache, started)
            except Stale:
                found = None
            except CacheCorrupt:  # never trusted: start an empty cache, take the full path
                cache.rebuild()
                found = None
            if found is not None:
                return _notices_apart(*found, notices)
        info = RunInfo()
        articles, problems, drafts = load_inputs(paths, against, config, options.root, options.stdin)
        extractions = extract_many(articles, options, info, cache)
        counts = info.cached, info.extracted
        extractions, grouping, hints = dated_by_story(articles, extractions, drafts if against else None, options, info, cache)
        info.cached, info.extracted = counts  # a second extraction with a year is not another article
        gc.freeze()  # the extractions live to the end: later collections need not walk them again
        if against and cache is not None:
            index_corpus([e for e in extractions if e.source.role == "corpus"], articles, cache, started, info, hints,
                         grouping.corpus_stories)
        report = build_report(extractions, problems, drafts if against else None, config, info, grouping, options.explain)
        return _notices_apart(report, info, notices)
    finally:
        if cache is not None:
            cache.close()


def extract_paths(
    paths: Sequence[str], cache_dir: Optional[str] = None, stdin: Optional[bytes] = None
) -> tuple[list[Extraction], list[Problem]]:
    """Each article's statements (checker extract), through the cache when one is given; problems."""
    from .cache import open_cache
    from .parallel import extract_many

    options = CheckOptions(jobs=1, cache_dir=cache_dir)
    words.configure(options.config.vocabulary, cache_dir=_jieba_cache(options))
    articles, problems, _ = load_inputs(paths, stdin=stdin)
    cache = open_cache(cache_dir, options.config.tolerance, options.config.vocabulary)
    try:
        return extract_many(articles, options, RunInfo(), cache), problems
    finally:
        if cache is not None:
            cache.close()


def cache_notice(folder: str) -> str:
    """Why the statement cache in `folder` is not used, and what to do: one line."""
    why = "it is a file, not a folder" if os.path.isfile(folder) else "it cannot be created or opened"
    return f"{folder}: the statement cache cannot be used ({why}); checking without it (give --cache a folder you can write)"


def _notices_apart(report: Report, info: RunInfo, notices: Sequence[str] = ()) -> tuple[Report, RunInfo]:
    """Named files that `ignore` leaves out are told (`info.ignored`), not reported as problems; `notices` join info's."""
    info.notices.extend(notices)
    ignored = [p for p in report.problems if p.code == IGNORED]
    if ignored:
        report = report.model_copy(update={"problems": [p for p in report.problems if p.code != IGNORED]})
        info.ignored = ignored
    return report, info


def dated_by_story(
    articles: list[Article], extractions: list[Extraction], focus: Optional[set[str]], options: CheckOptions,
    info: RunInfo, cache, corpus_stories=None,
) -> tuple[list[Extraction], Grouping, dict[str, int]]:
    """The stories, the extractions again of the undated articles whose story dates them, and those years.

    A wire's 4月20日电 with no year in its text gets its year from the other articles of its story
    (stories.inferred_years), and is extracted again with it; the corpus keeps its stories, and
    the drafts join them anew, as the dates they weigh have changed.
    """
    from .parallel import extract_many

    grouping = group([(e.source, e.topic) for e in extractions], drafts=focus, corpus_stories=corpus_stories)
    hints = inferred_years([e.source for e in extractions], grouping)
    if focus is not None and corpus_stories is not None:
        hints = {k: v for k, v in hints.items() if k in focus}  # the corpus's were settled when it was indexed
    if not hints:
        return extractions, grouping, hints
    by_id = {a.id: a for a in articles}
    redo = [by_id[i].model_copy(update={"year_hint": y}) for i, y in sorted(hints.items()) if i in by_id]
    again = {e.source.id: e for e in extract_many(redo, options, info, cache)}
    extractions = [again.get(e.source.id, e) for e in extractions]
    # The corpus keeps the stories it was grouped into (they dated it); the new dates weigh in
    # the drafts' joining and the links' nearness.
    settled = corpus_stories or grouping.corpus_stories
    return extractions, group([(e.source, e.topic) for e in extractions], drafts=focus, corpus_stories=settled), hints


def build_report(
    extractions: list[Extraction],
    problems: list[Problem],
    focus: Optional[set[str]],
    config: Config,
    info: RunInfo,
    grouping: Optional[Grouping] = None,
    keep_levels: bool = False,
) -> Report:
    statements = [s for e in extractions for s in e.statements]
    aliases = merged_aliases(config, (e.aliases for e in extractions))
    from .parallel import without_cyclic_gc

    if grouping is None:
        grouping = group([(e.source, e.topic) for e in extractions], drafts=focus)
    # Alignment makes a million short-lived acyclic objects on a large corpus (pairs, links):
    # the cyclic collector's passes over them cost a third of its time and free nothing.
    with without_cyclic_gc():
        alignment = align(statements, aliases=aliases, focus=focus, thresholds=Thresholds(), stories=grouping,
                          keep_levels=keep_levels)
    info.links = alignment.links if keep_levels else []
    info.blocks, info.largest_block, info.candidate_pairs = (
        alignment.blocks,
        alignment.largest_block,
        alignment.candidate_pairs,
    )
    sources = [e.source for e in extractions]
    problems = sorted(problems + limit_problems(extractions), key=lambda p: p.path)
    report = findings_report(sources, statements, len(statements), alignment, problems, focus, config,
                             story_of=grouping.story_of, together=grouping.same)
    return report.model_copy(update={"stories": grouping.stories})


def limit_problems(extractions: Iterable[Extraction]) -> list[Problem]:
    """A problem line for each article read only in part (more figures than the limits)."""
    from .extract import MAX_FIGURES_PER_ARTICLE, MAX_FIGURES_PER_SENTENCE

    return [
        Problem(
            path=e.source.path, code="too-many-figures",
            message=f"{e.dropped:,} figures past the limits ({MAX_FIGURES_PER_SENTENCE} a sentence, "
                    f"{MAX_FIGURES_PER_ARTICLE:,} an article) were not checked",
            hint="is it an article? split it, or check a table as data",
        )
        for e in extractions if e.dropped
    ]


def merged_aliases(config: Config, declared: Iterable[dict[str, str]]) -> dict[str, str]:
    """Short names: the project's, then each article's in order (the first to declare one wins)."""
    aliases = {**config.alias_map()}
    for names in declared:
        for short, full in names.items():
            aliases.setdefault(short, full)
    return aliases


def findings_report(
    sources: list[Source],
    statements: list[Statement],
    statement_count: int,
    alignment: Alignment,
    problems: list[Problem],
    focus: Optional[set[str]],
    config: Config,
    story_of: Optional[dict[str, str]] = None,
    together=None,
) -> Report:
    """Compare the aligned statements and put the report together (`statement_count`: all, listed or not;
    `story_of`: each source's story; `together`: whether two sources may tell one story, `Grouping.same`)."""
    severity = {**DEFAULT_SEVERITY}
    hidden = set()
    for kind, level in config.severity.items():
        if level == "off":
            hidden.add(Kind(kind))
        else:
            severity[Kind(kind)] = Severity(level)
    settings = CompareSettings(same_as_of_days=config.same_as_of_days, severity=tuple(severity.items()))
    findings = [f for f in compare(statements, alignment, focus=focus, settings=settings, story_of=story_of, together=together) if f.kind not in hidden]
    return Report(
        tool=Tool(version=__version__),
        sources=sources,
        statements=statements,
        findings=findings,
        summary=summarise(len(sources), statement_count, findings),
        problems=problems,
    )


def summarise(sources: int, statements: int, findings: list[Finding]) -> Summary:
    count = {k: sum(1 for f in findings if f.kind == k) for k in Kind}
    return Summary(
        sources=sources,
        statements=statements,
        conflict=count[Kind.CONFLICT],
        timeline=count[Kind.TIMELINE],
        agreement=count[Kind.AGREEMENT],
    )


def _jieba_cache(options: CheckOptions) -> Optional[str]:
    """Where jieba's derived dictionary lives: this user's folder, never the statement cache folder.

    The statement cache folder may be in the tree under check, written by the
    author of an article; the dictionary is looked for only in the user's own
    cache folder (`words._cache_dir`).
    """
    return None
