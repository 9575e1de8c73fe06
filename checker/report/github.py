"""GitHub Actions workflow commands: an annotation on the article's line per finding.

    ::error file=draft.md,line=7,col=35,endLine=7,endColumn=43,title=CK01 conflict…::message

Conflicts are `error`, timeline differences `warning`, agreements `notice`
(only with show_agreements); the level follows the finding's configured
severity. The annotation sits on the draft's statement (with --against),
else on the finding's first statement; `endColumn` is the column of the
figure's last character, and columns are left out when the figure spans a
line break (GitHub accepts them on one line only). Properties and message
are escaped as GitHub's toolkit does (`%`, CR, LF; and `:` `,` in
properties).

A file that could not be read (an unreadable draft) is an `error`
annotation on that file, before the findings.

GitHub shows at most 10 annotations of each level per step, so the most
severe come first, at most 10 per level, and one plain summary line ends the
output, counting what was left out. It does not set outputs or fail the step:
the exit status does that.
"""

from __future__ import annotations

from ..safe_text import inert, line as safe_line, name, prose
from ..models import Finding, Report, Severity
from . import RenderOptions
from .common import LABEL, Index, counts_line, figure, region, relative_path, shown

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
PER_LEVEL = 10


def escape_data(text: str) -> str:
    return inert(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    lines, used, left_out = [], {level: 0 for level in LEVEL.values()}, 0
    for problem in report.problems:  # a file that could not be checked: an error, before the findings
        used["error"] += 1
        lines.append(f"::error file={escape_property(name(relative_path(problem.path)))},title={escape_property('checker: ' + problem.code)}"
                     f"::{escape_data(safe_line(problem.line()))}")
    index = Index(report)
    for f in shown(report, options.show_agreements):
        level = LEVEL[f.severity]
        command = _command(index, f, level)
        if command is None:
            continue
        if used[level] >= PER_LEVEL:
            left_out += 1
            continue
        used[level] += 1
        lines.append(command)
    summary = f"checker: {counts_line(report)}"
    if left_out:
        summary += f"; {left_out} more not annotated (GitHub shows {PER_LEVEL} per level): see the SARIF or Markdown report"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _command(index: Index, f: Finding, level: str) -> str | None:
    main = index.primary(f)
    if main is None:
        return None
    start_line, start_col, end_line, end_col = region(main)
    props = [("file", name(relative_path(main.path))), ("line", str(start_line))]
    if start_line == end_line:
        props += [("col", str(start_col)), ("endLine", str(end_line)), ("endColumn", str(end_col - 1))]
    else:
        props.append(("endLine", str(end_line)))
    title = f"{f.code} {LABEL[f.kind].lower()}: {f.entity + ' ' if f.entity else ''}{f.metric}"
    props.append(("title", prose(title)))
    prop_text = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{level} {prop_text}::{escape_data(_message(index, f, main.id))}"


def _message(index: Index, f: Finding, main_id: str) -> str:
    lines = [prose(f.message)]
    for s in index.statements_of(f):
        if s.id != main_id:
            lines.append(f"- {name(relative_path(s.path))}:{s.line}:{s.column} says {prose(figure(s))}")
    if f.why:
        lines.append(f"why: {prose(f.why)}")
    lines.append(f"id {f.id} (checker explain {f.id})")
    return "\n".join(lines)
