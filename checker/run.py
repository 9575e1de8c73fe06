"""What each command does, as plain functions returning an exit status.

The click layer (`cli.py`) only parses options and calls these; tests may
call them directly. This is where a report is rendered, written (atomically
with --output) and turned into an exit status, and where expected failures
become one line on stderr instead of a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from .cli import LEVELS, Exit, _err
from .report import RenderOptions, pieces
from .report.common import plural


def _use_color(color: Optional[bool], output: Optional[str]) -> bool:
    """--color/--no-color, else NO_COLOR, else FORCE_COLOR (either when set and not empty), else a terminal."""
    if color is not None:
        return color
    if output or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _stdin_bytes(paths: Sequence[str]) -> Optional[bytes]:
    """The article on stdin when a PATH is `-`."""
    return sys.stdin.buffer.read() if "-" in paths else None


def writable(output: Optional[str]) -> Optional[str]:
    """Why the report cannot be written to `output` (checked before the run), or None."""
    if not output:
        return None
    folder = os.path.dirname(os.path.abspath(output))
    if os.path.isdir(output):
        return f"{output}: is a folder (give a file name for --output)"
    if not os.path.isdir(folder):
        return f"{output}: cannot write the report: no folder {folder} (create it, or choose another --output)"
    if not os.access(folder, os.W_OK | os.X_OK) or (os.path.exists(output) and not os.access(output, os.W_OK)):
        return f"{output}: cannot write the report: permission denied (choose another --output)"
    return None


def terminal_width(output: Optional[str] = None) -> Optional[int]:
    """Columns to fit: COLUMNS when set, else the terminal's; None for a file or a pipe (no wrapping)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if output or not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((120, 24)).columns


def write_atomically(path: str, text: Union[str, Iterable[str]]) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written report.

    `text` is a string or strings to write one after the other (a report
    rendered piece by piece).
    """
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".checker-", suffix=".tmp", dir=folder)
    try:
        os.chmod(tmp, _file_mode(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _file_mode(path: str) -> int:
    """The mode a plain open() would give (mkstemp makes 0600): the old file's, else 0666 less umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def emit(text: Union[str, Iterable[str]], output: Optional[str]) -> None:
    if output:
        write_atomically(output, text)
    else:
        sys.stdout.writelines([text] if isinstance(text, str) else text)
        sys.stdout.flush()


def _fatal_problems(problems, named: Sequence[str]) -> list:
    """Problems with a path the user named: those make the run an input error."""
    from .load import STDIN_NAME

    named_norm = {STDIN_NAME if p == "-" else os.path.normpath(p) for p in named}
    return [p for p in problems if p.skipped and os.path.normpath(p.path) in named_norm]


@dataclass(frozen=True)
class Inputs:
    """What every command that runs the check is given."""

    paths: list[str]
    against: list[str]
    config_path: Optional[str] = None
    jobs: int = 0
    cache_dir: Optional[str] = None
    stdin: Optional[bytes] = None  # the article a PATH `-` stands for
    quiet: bool = False  # no notices on stderr


class _Stop(Exception):
    """An expected failure, already told on stderr: return this status."""

    def __init__(self, status: Exit):
        self.status = status


def _configure(inputs: Inputs):
    """(config, its file or None, inputs with PATHs filled in): the nearest config to the checked files.

    With no PATH and no --against: the config's `paths`; outside a project
    (no config found), the bundled seeds.
    """
    from .cli import bundled_seeds
    from .config import ConfigError, find_config, load_config, search_start

    try:
        found = find_config(search_start(inputs.paths)) if not inputs.config_path else None
        config_file = Path(inputs.config_path) if inputs.config_path else found and Path(_shown(found))
        config = load_config(config_file)
    except ConfigError as e:
        _err(e.problem.line())
        raise _Stop(Exit.INPUT_ERROR)
    if inputs.paths or inputs.against:
        if "-" in inputs.paths and inputs.stdin is None:
            inputs = replace(inputs, stdin=_stdin_bytes(inputs.paths))
        return config, config_file, inputs
    if config_file is None:
        return config, None, replace(inputs, paths=[bundled_seeds()])
    if not config.paths:
        _err(f"{config_file}: no PATH given and the configuration names no paths "
             "(add paths = [\"articles/\"] to it, or give the PATHs to check)")
        raise _Stop(Exit.INPUT_ERROR)
    base = config_file.parent
    return config, config_file, replace(inputs, paths=[_shown(base / p) for p in config.paths])


def _shown(path: Path) -> str:
    """A path relative to the working directory when it lies below it."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return os.path.normpath(str(path))


def _run(inputs: Inputs, baseline: Optional[str] = None, progress=None, complete: bool = True, verbose: bool = False,
         explain: bool = False):
    """Config, check, baseline: (report, info, inputs with the PATHs used); problems and stale entries told on stderr.

    `complete`: the report will be written as JSON, which lists every statement; `explain`: keep
    each link's comparison levels (info.links).
    """
    from .api import CheckOptions, NothingToCompare, check as run_check

    config, config_file, inputs = _configure(inputs)
    if verbose:
        _err(f"config: {config_file}" if config_file else "config: none found (defaults)")
    root = str(config_file.parent) if config_file else None
    options = CheckOptions(config=config, root=root, stdin=inputs.stdin, jobs=inputs.jobs, cache_dir=inputs.cache_dir,
                           progress=progress, complete=complete, explain=explain)
    try:
        report, info = run_check(inputs.paths, inputs.against, options)
    except NothingToCompare as e:
        for problem in e.problems:
            _err(problem.line())
        raise _Stop(Exit.INPUT_ERROR)
    for problem in [*([] if inputs.quiet else info.ignored), *report.problems]:
        _err(problem.line())
    for notice in [] if inputs.quiet else info.notices:
        _err(notice)
    if not report.sources:
        if info.ignored and not report.problems:
            _err(f"{', '.join(inputs.paths)}: every article matches an ignore pattern; nothing to check (name others, or change ignore)")
        elif not report.problems:  # else each unreadable file has had its own line
            _err("no article could be read; nothing to check")
        raise _Stop(Exit.INPUT_ERROR)
    if baseline:
        from .baseline import BaselineError, apply_baseline

        try:
            report = apply_baseline(report, Path(baseline))
        except BaselineError as e:
            _err(e.problem.line())
            raise _Stop(Exit.INPUT_ERROR)
        if report.stale_baseline:
            n = len(report.stale_baseline)
            _err(
                f"{baseline}: {n} baseline {'entry matches' if n == 1 else 'entries match'} no finding: "
                f"{', '.join(report.stale_baseline)} (delete them, or rewrite with 'checker baseline write')"
            )
    return report, info, inputs


def check(
    *,
    paths: list[str],
    against: list[str],
    fmt: str,
    output: Optional[str],
    fail_on: str,
    show_agreements: bool,
    config_path: Optional[str],
    baseline: Optional[str],
    jobs: int,
    cache_dir: Optional[str],
    color: Optional[bool],
    verbose: bool,
    quiet: bool = False,
    list_stories: bool = False,
) -> Exit:
    from .progress import progress_bar

    unwritable = writable(output)
    if unwritable:
        _err(unwritable)
        return Exit.INPUT_ERROR
    inputs = Inputs(paths, against, config_path, jobs, cache_dir, quiet=quiet)
    bar = None if quiet else progress_bar()
    try:
        report, info, inputs = _run(inputs, baseline, progress=bar, complete=fmt == "json", verbose=verbose)
    except _Stop as stop:
        return stop.status
    finally:
        if bar is not None:
            bar.close()  # also on Ctrl-C: the cursor back, the line ended before "interrupted"
    if verbose:
        _err(
            f"{plural(len(report.sources), 'article')} ({info.cached} from cache, {info.extracted} extracted); "
            f"{plural(info.blocks, 'block')}, largest block {plural(info.largest_block, 'statement')}; "
            f"{plural(info.candidate_pairs, 'candidate pair')}"
            + {"read": "; corpus index read (only the articles it names were read)", "written": "; corpus index written"}.get(info.corpus_index, "")
        )
    width = terminal_width(output)
    options = RenderOptions(show_agreements=show_agreements, color=_use_color(color, output), verbose=verbose,
                            width=width or 120, wrap=width is not None, quiet=quiet)
    if list_stories:
        from .report import stories as story_list

        text = [story_list.render(report)]
    else:
        text = pieces(fmt, report, options)
    try:
        emit(text, output)
    except OSError as e:
        _err(f"{output}: cannot write the report: {e.strerror} (check the folder exists and is writable)")
        return Exit.INPUT_ERROR
    if _fatal_problems(report.problems, inputs.paths + inputs.against):
        return Exit.INPUT_ERROR
    if list_stories:
        return Exit.OK  # a listing, not a gate
    failing = LEVELS[fail_on]
    if any(f.severity.value in failing for f in report.findings):
        return Exit.FINDINGS
    return Exit.OK


def extract(paths: list[str], fmt: str, color: Optional[bool], cache_dir: Optional[str] = None) -> Exit:
    from .api import extract_paths

    extractions, problems = extract_paths(paths, cache_dir, _stdin_bytes(paths))
    for problem in problems:
        _err(problem.line())
    if fmt == "json":
        data = [s.model_dump(mode="json") for e in extractions for s in e.statements]
        from .safe_text import json_safe

        emit(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n", None)
    else:
        from .report.statements_table import render_table

        emit(render_table(extractions, color=_use_color(color, None), width=terminal_width() or 160), None)
    if _fatal_problems(problems, paths) or not extractions:
        return Exit.INPUT_ERROR
    return Exit.OK


def explain(finding_id: str, inputs: Inputs, color: Optional[bool]) -> Exit:
    """Print one finding with its sentences in context (checker explain)."""
    from . import explain as explaining
    from .load import load_paths

    try:
        report, info, inputs = _run(inputs, complete=False, explain=True)
    except _Stop as stop:
        return stop.status
    finding, why_not = explaining.find(report, finding_id)
    if finding is None:
        _err(f"{finding_id}: {why_not} (run 'checker check' on the same articles to list the ids)")
        return Exit.INPUT_ERROR
    paths = {s.path: s.source for s in report.statements if s.id in set(finding.statements)}
    articles = {}
    for path, source in sorted(paths.items()):
        loaded, _ = load_paths([path], "corpus", max_bytes=1 << 62, ignore=[])
        if loaded:
            articles[source] = loaded[0]
    emit(explaining.render(report, finding, articles, _use_color(color, None), links=info.links), None)
    return Exit.OK


REPORT_FILES = (("report.json", "json"), ("report.md", "markdown"), ("report.html", "html"))


def write_reports(inputs: Inputs, output_dir: str, show_agreements: bool, baseline: Optional[str] = None) -> Exit:
    """Write report.json, report.md and report.html into `output_dir` (checker report)."""
    try:
        report, _, inputs = _run(inputs, baseline)
    except _Stop as stop:
        return stop.status
    folder = Path(output_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        options = RenderOptions(show_agreements=show_agreements)
        written = []
        for name, fmt in REPORT_FILES:
            write_atomically(str(folder / name), pieces(fmt, report, options))
            written.append(str(folder / name))
    except OSError as e:
        _err(f"{e.filename or output_dir}: cannot write the report: {e.strerror} (choose another --output-dir)")
        return Exit.INPUT_ERROR
    emit(f"wrote {', '.join(written)}\n", None)
    return Exit.INPUT_ERROR if _fatal_problems(report.problems, inputs.paths + inputs.against) else Exit.OK


def write_baseline(file: str, inputs: Inputs, include_agreements: bool) -> Exit:
    """Write the current findings' ids as a baseline (checker baseline write)."""
    from . import baseline as bl

    try:
        report, _, inputs = _run(inputs, complete=False)
    except _Stop as stop:
        return stop.status
    if _fatal_problems(report.problems, inputs.paths + inputs.against):
        return Exit.INPUT_ERROR
    path = Path(file)
    items = bl.entries(report, include_agreements)
    if path.exists():
        try:
            kept = {e.id: e.reason for e in bl.read_baseline(path).accepted}
            items = [e.model_copy(update={"reason": kept.get(e.id, e.reason)}) for e in items]
        except bl.BaselineError as e:
            _err(f"{e.problem.path}: {e.problem.message}; overwriting it")
    try:
        write_atomically(file, bl.dumps(items, bl.format_for(path)))
    except OSError as e:
        _err(f"{file}: cannot write the baseline: {e.strerror} (check the folder exists and is writable)")
        return Exit.INPUT_ERROR
    emit(f"wrote {len(items)} accepted findings to {file}\n", None)
    return Exit.OK
