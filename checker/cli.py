"""The command line: parse options, call the pipeline, render, choose the exit status.

    checker check [PATH...] [--against PATH...] [--format FMT] [--output FILE]
                  [--fail-on error|warning|never] [--show-agreements] ...
    checker extract PATH...
    checker rules | checker rule CK01
    checker explain FINDING_ID [PATH...] [--against PATH...]
    checker report [PATH...] [--output-dir reports]
    checker baseline write FILE [PATH...] [--against PATH...]

Exit status: 0 no finding at or above --fail-on, 1 there is one, 2 a usage or
input error (one line on stderr naming the file and the problem), 3 an
internal error (the traceback goes to a log file, see `crash.py`), 130
interrupted (Ctrl-C), 143 terminated (SIGTERM). Nothing here knows how to extract or compare: that is `api`.
"""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from pathlib import Path
from typing import Sequence

import click

from . import __version__
from .report import FORMATS


class Exit(IntEnum):
    OK = 0
    FINDINGS = 1
    INPUT_ERROR = 2
    INTERNAL_ERROR = 3
    INTERRUPTED = 130
    TERMINATED = 143


# Article paths are checked by the loader, which names each file it cannot read on one line (exit 2),
# and checks the others: never click's usage error, which would stop the whole run.
ARTICLE_PATH = click.Path(readable=False)

LEVELS = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}

CHECK_HELP = """Check articles against each other and report conflicts.

\b
With no PATH, checks the project's `paths` (checker.toml or
[tool.checker]); outside a project, the bundled seed articles.
PATH may be files (.txt, .md) or folders.

\b
Examples:
  checker check                                # the bundled seeds
  checker check articles/ --show-agreements
  checker check draft.md --against published/  # an editor's pre-publication check
  checker check new/*.md --against archive/ --format sarif --output checker.sarif
  checker check new/*.md --against archive/ --format github    # GitHub annotations
  checker check new/*.md --against archive/ --format concise   # path:line:col: CK01 …
  cat draft.md | checker check - --against published/          # the draft on stdin
  checker check draft.md --against published/ --baseline checker-baseline.toml
  checker check articles/ --format html --output report.html --fail-on never
"""


def bundled_seeds() -> str:
    """The bundled seeds folder; relative to the working directory when it lies inside it."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            try:
                return str(candidate.relative_to(Path.cwd().resolve()))
            except ValueError:
                return str(candidate)
    raise click.ClickException("the bundled seeds are missing from this installation; give a PATH")


def _inputs(paths: Sequence[str], against: Sequence[str]) -> list[str]:
    """The PATHs as given; with none, `run` checks the project's `paths`, or the bundled seeds outside a project."""
    return list(paths)


CACHE_ENV = "CHECKER_CACHE_DIR"
JOBS = click.IntRange(min=0)


def cache_options(command):
    """--cache DIR (or CHECKER_CACHE_DIR) and --no-cache: every command that extracts takes them."""
    options = [
        click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=".checker-cache", show_default=True,
                     envvar=CACHE_ENV, show_envvar=True, help="Statement cache folder."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the statement cache."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def input_options(command):
    """The options every command that runs the check shares."""
    options = [
        click.option("--against", "against", multiple=True, type=ARTICLE_PATH, help="Reference corpus: only findings involving PATHs."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), help="checker.toml or pyproject.toml to use."),
        click.option("--jobs", "-j", type=JOBS, default=0, help="Worker processes for extraction (0: one per core)."),
        cache_options,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _err(line: str) -> None:
    """One line on stderr; whatever file names or article text it holds cannot break it or drive the terminal."""
    from .safe_text import line as safe_line

    click.echo(f"checker: {safe_line(line)}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checker")
def main() -> None:
    """Cross-source fact-consistency checking for Chinese news.

    \b
    Examples:
      checker check                       # the bundled seeds, colourised
      checker check draft.md --against published/
      checker extract article.txt         # the statements it understood
      checker explain f-1fb1e2f27eccae33  # one finding in context
      checker report                      # reports/report.{json,md,html}
      checker baseline write baseline.toml draft.md --against published/
    """


@main.command("check", help=CHECK_HELP)
@click.argument("paths", nargs=-1, type=ARTICLE_PATH)
@click.option("--against", "against", multiple=True, type=ARTICLE_PATH, help="Reference corpus: report only findings involving PATHs.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="rich", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(list(LEVELS)), default="error", show_default=True, help="Exit 1 when a finding is at or above this level.")
@click.option("--show-agreements", is_flag=True, help="Also show figures confirmed by several sources.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="checker.toml or pyproject.toml to use.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="File of accepted finding ids (see 'checker baseline write').")
@click.option("--jobs", "-j", type=JOBS, default=0, help="Worker processes for extraction (0: one per core).")
@cache_options
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: on for a terminal).")
@click.option("--verbose", "-v", is_flag=True, help="Name the config; say how the work was split (blocks, cache hits).")
@click.option("--quiet", "-q", is_flag=True, help="Findings and errors only: no summary line, no notices, no progress bar.")
@click.option("--stories", "list_stories", is_flag=True, help="List the stories the articles tell instead of the findings.")
def check_command(paths, against, fmt, output, fail_on, show_agreements, config_path, baseline, jobs, cache_dir, no_cache, color, verbose, quiet, list_stories):
    from . import run

    status = run.check(
        paths=_inputs(paths, against),
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
        quiet=quiet,
        list_stories=list_stories,
    )
    sys.exit(int(status))


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=ARTICLE_PATH)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@cache_options
@click.option("--color/--no-color", default=None)
def extract_command(paths, fmt, cache_dir, no_cache, color):
    """Show the statements checker understood in PATHs.

    \b
    Examples:
      checker extract seeds/000_a467ca5c4690234b.txt
      checker extract article.md --format json
    """
    from . import run

    sys.exit(int(run.extract(list(paths), fmt, color, None if no_cache else cache_dir)))


EXPLAIN_HELP = """Show one finding: every sentence in context, the figures highlighted,
and why the statements were judged the same fact (entity, metric, period,
as-of dates).

\b
Runs the check again on PATHs (default: the bundled seeds) and picks the
finding FINDING_ID (the 'id' of a finding; a unique prefix will do).
Give the same PATHs and --against as the run that reported it.

\b
Examples:
  checker explain f-1fb1e2f27eccae33
  checker explain f-3a9c1e draft.md --against published/
"""


@main.command("explain", help=EXPLAIN_HELP, short_help="Show one finding in context and why it was found.")
@click.argument("finding_id")
@click.argument("paths", nargs=-1, type=ARTICLE_PATH)
@input_options
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: on for a terminal).")
def explain_command(finding_id, paths, against, config_path, jobs, cache_dir, no_cache, color):
    from . import run

    inputs = run.Inputs(_inputs(paths, against), list(against), config_path, jobs, None if no_cache else cache_dir)
    sys.exit(int(run.explain(finding_id, inputs, color)))


REPORT_HELP = """Write report.json, report.md and report.html for PATHs into a folder.

\b
With no PATH, reports on the bundled seeds. The files are written
atomically; the folder is created when missing. Agreements are listed
unless --hide-agreements is given. Exit 0 when the reports were written,
whatever they contain; 2 on an input error.

\b
Examples:
  checker report                          # reports/ for the bundled seeds
  checker report articles/ --output-dir site/checker
  checker report draft.md --against published/ --output-dir out/
"""


@main.command("report", help=REPORT_HELP, short_help="Write reports/report.{json,md,html}.")
@click.argument("paths", nargs=-1, type=ARTICLE_PATH)
@input_options
@click.option("--output-dir", "-d", type=click.Path(file_okay=False), default="reports", show_default=True, help="Folder to write the reports into.")
@click.option("--show-agreements/--hide-agreements", default=True, show_default=True, help="List agreements in the Markdown and HTML reports.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Leave out the findings accepted in this baseline file.")
def report_command(paths, against, config_path, jobs, cache_dir, no_cache, output_dir, show_agreements, baseline):
    from . import run

    inputs = run.Inputs(_inputs(paths, against), list(against), config_path, jobs, None if no_cache else cache_dir)
    sys.exit(int(run.write_reports(inputs, output_dir, show_agreements, baseline)))


@main.group("baseline", short_help="Accept known discrepancies (baseline files).")
def baseline_group() -> None:
    """Known discrepancies: accept findings so they stop failing the run.

    \b
    Examples:
      checker baseline write checker-baseline.toml draft.md --against published/
      checker check draft.md --against published/ --baseline checker-baseline.toml
    """


BASELINE_WRITE_HELP = """Write the ids of all current findings into FILE, each with a reason.

\b
FILE is TOML, or JSON when its name ends in .json. Conflicts and timeline
differences are written (agreements too with --include-agreements), sorted
by id, with no date in them: the same findings give the same file. Reasons
already in FILE for the same ids are kept, so edit them freely.
'checker check --baseline FILE' then hides these findings and reports
entries that no longer match anything. Ids are fingerprints of the
sentences, so editing another paragraph keeps a finding baselined.

\b
Examples:
  checker baseline write checker-baseline.toml           # the bundled seeds
  checker baseline write baseline.json new/ --against archive/
"""


@baseline_group.command("write", help=BASELINE_WRITE_HELP)
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, type=ARTICLE_PATH)
@input_options
@click.option("--include-agreements", is_flag=True, help="Also accept agreements (they never fail a run).")
def baseline_write_command(file, paths, against, config_path, jobs, cache_dir, no_cache, include_agreements):
    from . import run

    inputs = run.Inputs(_inputs(paths, against), list(against), config_path, jobs, None if no_cache else cache_dir)
    sys.exit(int(run.write_baseline(file, inputs, include_agreements)))


@main.command("rules")
def rules_command():
    """List the finding kinds: code, kind, default severity, what it means.

    \b
    Examples:
      checker rules
      checker rule CK01      # one kind in full
    """
    from . import rules

    click.echo(rules.listing(), nl=False)


@main.command("rule")
@click.argument("code")
def rule_command(code):
    """Explain one finding kind (CK01, or its name: conflict), without running a check.

    \b
    Examples:
      checker rule CK01
      checker rule timeline
    """
    from . import rules

    rule = rules.find_rule(code)
    if rule is None:
        _err(f"{code}: no such rule (the rules are {', '.join(rules.RULES)}; see 'checker rules')")
        sys.exit(int(Exit.INPUT_ERROR))
    click.echo(rules.explain(rule), nl=False)


def _quit(status: int) -> None:
    """Exit with `status`; at once (os._exit) while a worker pool's manager thread is alive: Python's
    exit handlers would wait on it, maybe for ever, once its workers were ended mid-task."""
    import threading

    if not any(type(t).__name__ == "_ExecutorManagerThread" and t.is_alive() for t in threading.enumerate()):
        sys.exit(status)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def entry() -> None:
    """The console script: click's parsing, but Ctrl-C (130), SIGTERM (143) and crashes (3) are ours: one line, no traceback."""
    from . import crash

    crash.install_sigterm()
    try:
        main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort) as e:
        terminated = isinstance(e, crash.Terminated) or isinstance(e.__cause__, crash.Terminated)  # click wraps it in Abort
        _err("terminated" if terminated else "interrupted")
        # Everything was unwound on the way here (temporary files removed, the cache closed).
        _quit(int(Exit.TERMINATED if terminated else Exit.INTERRUPTED))
    except click.exceptions.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as e:  # a bug, or a resource the checker could not cope with: never exit 1 like a finding
        try:
            _err(crash.report(e))
        except BaseException:
            pass
        _quit(int(Exit.INTERNAL_ERROR))


if __name__ == "__main__":  # pragma: no cover
    entry()
