"""The colourised terminal report (rich): what an editor reads first.

A summary line, then findings grouped by entity: conflicts in red, timelines
in yellow, and agreements ("confirmed by N sources") only when asked for.
Each finding shows every sentence it rests on with the figure highlighted,
the file:line and the article's date. Colour is off when the output is not
a terminal; the text is the same either way. Lines are wrapped to the
terminal's width, never when the output is a file or a pipe. Problems
(files skipped) are only counted here: the run tells them on stderr.
"""

from __future__ import annotations

import io
from collections import defaultdict

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from rich.text import Text

from ..safe_text import name, prose
from ..models import Finding, Kind, Report, Statement
from . import RenderOptions
from .common import Index, plural, sides

# Article text must never drive the terminal or a CI runner: see safe_text (controls and bidi
# overrides dropped, file names escaped, workflow commands broken). Text objects: no markup parsed.
_plain = prose


STYLE = {Kind.CONFLICT: "bold red", Kind.TIMELINE: "bold yellow", Kind.AGREEMENT: "green"}
LABEL = {Kind.CONFLICT: "CONFLICT", Kind.TIMELINE: "TIMELINE", Kind.AGREEMENT: "AGREE"}


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=options.color, no_color=not options.color, width=options.width,
        highlight=False, emoji=False, soft_wrap=not options.wrap,
    )
    index = Index(report)
    dates = {s.id: s.date for s in report.sources}
    shown = [f for f in report.findings if f.kind != Kind.AGREEMENT or options.show_agreements]
    lines = [] if options.quiet else [_summary(report, options)]  # problems: counted here, told once, on stderr
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in shown:
        groups[f.entity or f.metric or "—"].append(f)
    for entity in sorted(groups, key=lambda e: (min(_rank(f) for f in groups[e]), e)):
        lines.append(Text())
        lines.append(Text(_plain(entity), style="bold underline"))
        for f in groups[entity]:
            lines += _finding(f, index, dates, console.width, options.color)
    if not shown and not report.problems and not options.quiet:
        lines.append(Text("No disagreements found.", style="green"))
    if options.quiet and lines and not lines[0].plain:
        lines = lines[1:]  # no summary above: no blank line either
    if not lines:
        return ""
    # One print of all the lines: the same text as one print per line, without rich's cost per call.
    console.print(Text("\n").join(lines))
    return buffer.getvalue()


def _rank(f: Finding) -> int:
    return {Kind.CONFLICT: 0, Kind.TIMELINE: 1, Kind.AGREEMENT: 2}[f.kind]


def _summary(report: Report, options: RenderOptions) -> Text:
    s = report.summary
    text = Text()
    text.append(f"checked {plural(s.sources, 'article')}, {plural(s.statements, 'statement')}: ")
    text.append(plural(s.conflict, "conflict"), style="bold red" if s.conflict else "")
    text.append(", ")
    text.append(plural(s.timeline, "timeline difference"), style="bold yellow" if s.timeline else "")
    text.append(", ")
    text.append(plural(s.agreement, "agreement"), style="green")
    if s.agreement and not options.show_agreements:
        text.append(" (show them with --show-agreements)", style="dim")
    if report.baselined:
        text.append(f"; {len(report.baselined)} baselined", style="dim")
    skipped = sum(1 for p in report.problems if p.skipped)
    if skipped:
        text.append(f"; {plural(skipped, 'file skipped', 'files skipped')} (listed on stderr)", style="dim")
    if len(report.problems) > skipped:
        text.append(f"; {plural(len(report.problems) - skipped, 'file read in part', 'files read in part')} (listed on stderr)", style="dim")
    return text


def _finding(f: Finding, index: Index, dates, width: int, color: bool) -> list[Text]:
    head = Text("  ")
    head.append(f"{LABEL[f.kind]:<8}", style=STYLE[f.kind])
    head.append(f" {_plain(f.metric)}: " if f.metric else " ")
    head.append(_plain(f.message))
    lines = [head]
    style = STYLE[f.kind]
    values, apart = sides(f, index)
    if len(f.groups) < 2:  # an agreement: one value, its sentences
        lines += [_sentence_line(s, dates.get(s.source), style, width, color) for s in index.statements_of(f)]
    else:  # each value, its sources under it; sentences that fit several values apart
        for side in values:
            lines.append(Text(f"    {_plain(side.figures)} · {plural(side.sources, 'source')}", style="bold"))
            lines += [_sentence_line(s, dates.get(s.source), style, width, color, indent=6) for s in side.statements]
        if apart:
            lines.append(Text("    fits more than one of these values", style="bold"))
            lines += [_sentence_line(s, dates.get(s.source), style, width, color, indent=6) for s in apart]
    lines.append(Text(f"    id {f.id}", style="dim"))
    return lines


def _fit(before: str, after: str, room: int) -> tuple[str, str]:
    """Cut `before` from the left, down to half the room, then `after` from the right, until both fit in `room` cells.

    In linear time (the cells of each character counted once): a sentence of
    thousands of characters costs no more than its length.
    """
    wb, wa = cell_len(before), cell_len(after)
    if wb + wa <= room:
        return before, after
    cut = 0
    while wb + wa > room and wb > room // 2:  # drop from the left of `before`
        wb -= get_character_cell_size(before[cut])
        cut += 1
    before = before[cut:]
    end = len(after)
    while wb + wa > room and end > 0:  # then from the right of `after`
        end -= 1
        wa -= get_character_cell_size(after[end])
    return before, after[:end]


def _sentence_line(s: Statement, date, style: str, width: int, color: bool, indent: int = 4) -> Text:
    """Where the statement is, then its sentence cut to fit the width, the figure highlighted
    (in colour, reversed; without colour, between » and «, as `explain` marks it)."""
    line = Text(" " * indent)
    line.append(f"{name(s.path)}:{s.line}:{s.column}", style="cyan")
    line.append(f"  {date or 'undated'}\n", style="dim")
    sentence = _plain(s.sentence)
    figure = _plain("".join(s.text.split()))
    at = sentence.find(figure)
    if at < 0:
        at, figure = 0, ""
    before, after = sentence[:at], sentence[at + len(figure) :]
    marks = ("", "") if color else ("»", "«")
    room = max(20, width - indent - 4 - cell_len(figure) - 2 * len(marks[0]))
    before, after = _fit(before, after, room)
    line.append(" " * (indent + 2))
    line.append(("…" if len(before) < at else "") + before + (marks[0] if figure else ""))
    line.append(figure, style=f"reverse {style}")
    line.append(marks[1] if figure else "")
    line.append(after + ("…" if len(after) < len(sentence) - at - len(figure) else ""))
    return line
