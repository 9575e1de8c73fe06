"""The command line: parse options, call the pipeline, render, choose the exit status.

    checker check [PATH...] [--against PATH...] [--format FMT] [--output FILE]
                  [--fail-on error|warning|never] [--show-agreements] ...
    checker extract PATH...

Exit status: 0 no finding at or above --fail-on, 1 there is one, 2 a usage or
input error (one line on stderr naming the file and the problem), 130
interrupted. Nothing here knows how to extract or compare: that is `api`.
"""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from pathlib import Path
from typing import Optional, Sequence

import click

from . import __version__
from .report import FORMATS, RENDERERS, RenderOptions


class Exit(IntEnum):
    OK = 0
    FINDINGS = 1
    INPUT_ERROR = 2
    INTERRUPTED = 130


LEVELS = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}

CHECK_HELP = """Check articles against each other and report conflicts.

\b
With no PATH, checks the bundled seed articles.
PATH may be files (.txt, .md) or folders.

\b
Examples:
  checker check                                # the bundled seeds
  checker check articles/ --show-agreements
  checker check draft.md --against published/  # an editor's pre-publication check
  checker check new/*.md --against archive/ --format sarif --output checker.sarif
"""


def bundled_seeds() -> str:
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return str(candidate)
    raise click.ClickException("the bundled seeds are missing from this installation; give a PATH")


def _err(line: str) -> None:
    click.echo(f"checker: {line}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checker")
def main() -> None:
    """Cross-source fact-consistency checking for Chinese news.

    \b
    Examples:
      checker check                       # the bundled seeds, colourised
      checker check draft.md --against published/
      checker extract article.txt         # the statements it understood
    """


@main.command("check", help=CHECK_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--against", "against", multiple=True, type=click.Path(), help="Reference corpus: report only findings involving PATHs.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="rich", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(list(LEVELS)), default="error", show_default=True, help="Exit 1 when a finding is at or above this level.")
@click.option("--show-agreements", is_flag=True, help="Also show figures confirmed by several sources.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="checker.toml or pyproject.toml to use.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="File of accepted finding ids (see 'checker baseline write').")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes for extraction (0: one per core).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=".checker-cache", show_default=True, help="Statement cache folder.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the statement cache.")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: on for a terminal).")
@click.option("--verbose", "-v", is_flag=True, help="Say how the work was split (blocks, largest block, cache hits).")
def check_command(paths, against, fmt, output, fail_on, show_agreements, config_path, baseline, jobs, cache_dir, no_cache, color, verbose):
    from . import run

    status = run.check(
        paths=list(paths) or ([] if against else [bundled_seeds()]),
        against=list(against),
        fmt=fmt,
        output=output,
        fail_on=fail_on,
        show_agreements=show_agreements,
        config_path=config_path,
        baseline=baseline,
        jobs=jobs,
        cache_dir=None if no_cache else cache_dir,
        color=color,
        verbose=verbose,
    )
    sys.exit(int(status))


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--color/--no-color", default=None)
def extract_command(paths, fmt, color):
    """Show the statements checker understood in PATHs.

    \b
    Examples:
      checker extract seeds/000_a467ca5c4690234b.txt
      checker extract article.md --format json
    """
    from . import run

    sys.exit(int(run.extract(list(paths), fmt, color)))


def entry() -> None:
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(int(Exit.INTERRUPTED))


if __name__ == "__main__":  # pragma: no cover
    entry()
