"""What each command does, as plain functions returning an exit status.

The click layer (`cli.py`) only parses options and calls these; tests may
call them directly. This is where a report is rendered, written (atomically
with --output) and turned into an exit status, and where expected failures
become one line on stderr instead of a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence

from .cli import LEVELS, Exit, _err
from .report import RENDERERS, RenderOptions


def _use_color(color: Optional[bool], output: Optional[str]) -> bool:
    if color is not None:
        return color
    if output or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def write_atomically(path: str, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written report."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".checker-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def emit(text: str, output: Optional[str]) -> None:
    if output:
        write_atomically(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _fatal_problems(problems, named: Sequence[str]) -> list:
    """Problems with a path the user named: those make the run an input error."""
    named_norm = {os.path.normpath(p) for p in named}
    return [p for p in problems if os.path.normpath(p.path) in named_norm or p.code in ("missing", "empty-folder")]


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
) -> Exit:
    from .api import CheckOptions, check as run_check
    from .config import ConfigError, find_config, load_config

    try:
        config = load_config(Path(config_path) if config_path else find_config(Path.cwd()))
    except ConfigError as e:
        _err(e.problem.line())
        return Exit.INPUT_ERROR
    options = CheckOptions(config=config, jobs=jobs, cache_dir=cache_dir, progress=_progress(fmt, output))
    report, info = run_check(paths, against, options)
    for problem in report.problems:
        _err(problem.line())
    if not report.sources:
        _err("no article could be read; nothing to check")
        return Exit.INPUT_ERROR
    if baseline:
        from .baseline import BaselineError, apply_baseline

        try:
            report = apply_baseline(report, Path(baseline))
        except BaselineError as e:
            _err(e.problem.line())
            return Exit.INPUT_ERROR
    if verbose:
        _err(
            f"{len(report.sources)} articles ({info.cached} from cache, {info.extracted} extracted); "
            f"{info.blocks} blocks, largest block {info.largest_block} statements; "
            f"{info.candidate_pairs} candidate pairs"
        )
    render = RENDERERS[fmt]
    text = render(report, RenderOptions(show_agreements=show_agreements, color=_use_color(color, output), verbose=verbose))
    emit(text, output)
    if _fatal_problems(report.problems, paths + against):
        return Exit.INPUT_ERROR
    failing = LEVELS[fail_on]
    if any(f.severity.value in failing for f in report.findings):
        return Exit.FINDINGS
    return Exit.OK


def _progress(fmt: str, output: Optional[str]):
    """A progress bar on stderr for long runs, only when a person is watching."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    state = {}

    def update(done: int, total: int) -> None:
        if total < 200:
            return
        if "bar" not in state:
            from rich.progress import Progress

            bar = Progress(transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("extracting", total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:
            state["bar"].stop()

    return update


def extract(paths: list[str], fmt: str, color: Optional[bool]) -> Exit:
    from .api import load_inputs, process_article

    articles, problems, _ = load_inputs(paths)
    for problem in problems:
        _err(problem.line())
    extractions = [process_article(a) for a in articles]
    if fmt == "json":
        data = [s.model_dump(mode="json") for e in extractions for s in e.statements]
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
    else:
        from .report.statements_table import render_table

        emit(render_table(extractions, color=_use_color(color, None)), None)
    if _fatal_problems(problems, paths) or not articles:
        return Exit.INPUT_ERROR
    return Exit.OK
