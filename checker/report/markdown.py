"""The Markdown report: for a pull-request comment or an email to an editor.

A summary line, then findings grouped by entity, most severe first. Each
finding gives its message, why the statements were judged the same fact,
and a table of every sentence it rests on with file:line, the article's date
and the figure in bold: for a difference, one table per value under that
value and its number of sources, and apart the sentences that fit more than
one value (突破万亿元 beside 1.06万亿元 and 1.6万亿元). Agreements appear only with show_agreements.

Everything that comes from an article (sentences, figures, entity and metric
names, paths, titles) is escaped so it shows as text: a `[x](javascript:…)`
link, a `<script>` tag, a pipe that would break the table or a backtick
renders literally. It does not wrap lines or truncate sentences. It stays
under GitHub's 65,536-character limit for a comment: when the findings do
not fit, the most severe are kept and a "… N more findings" line says how
many were left out.
"""

from __future__ import annotations

import unicodedata

from ..safe_text import name, prose
from ..models import Finding, Report, Statement
from . import RenderOptions
from .common import LABEL, Index, by_entity, counts_line, figure, one_line, plural, shown, sides, split_figure

_ESCAPED = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]<>#!|~$&@"})
_MARK = {"conflict": "🔴", "timeline": "🟠", "agreement": "🟢"}
LIMIT = 65536  # GitHub's limit for a pull-request comment or a job summary


def escape(text: str) -> str:
    """Article text as literal Markdown: inert (safe_text.prose), one line, ASCII punctuation backslash-escaped."""
    return one_line(prose(text)).translate(_ESCAPED)


def escape_name(text: str) -> str:
    """A file name (or a line naming one) as literal Markdown: controls and line breaks shown as escapes."""
    return one_line(name(text)).translate(_ESCAPED)


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    out = ["## checker report", "", f"**{escape(counts_line(report))}**", ""]
    for problem in report.problems:
        out.append(f"- {'skipped' if problem.skipped else 'read in part:'} {escape_name(problem.line())}")
    if report.stale_baseline:
        ids = ", ".join(f"`{i}`" for i in report.stale_baseline)
        out.append(f"- stale baseline entries (they match no finding; remove them): {ids}")
    if report.problems or report.stale_baseline:
        out.append("")
    findings = shown(report, options.show_agreements)
    index = Index(report)
    tail = []
    if not findings:
        tail += ["No disagreements found.", ""]
    hidden = report.summary.agreement if not options.show_agreements else 0
    if hidden:
        tail += [f"_{hidden} agreements not listed: run with `--show-agreements` to see them._", ""]
    tail.append(f"<sub>checker {report.tool.version} · `checker explain <id>` shows a finding in context</sub>")
    blocks = {f.id: _finding(f, index) for f in findings}
    kept = _within_limit(findings, blocks, _size(out) + _size(tail) + _size([_more(len(findings)), ""]))
    for entity, group in by_entity(kept):
        out += [f"### {escape(entity)}", ""]
        for f in group:
            out += blocks[f.id]
    if len(kept) < len(findings):
        out += [_more(len(findings) - len(kept)), ""]
    return "\n".join(out + tail) + "\n"


def _size(lines: list[str]) -> int:
    """Characters as GitHub counts them (UTF-16 code units), newlines included."""
    return sum(len(line.encode("utf-16-le")) // 2 + 1 for line in lines)


def _within_limit(findings: list[Finding], blocks: dict[str, list[str]], fixed: int) -> list[Finding]:
    """The most severe findings whose blocks (and entity headings) fit in LIMIT with the fixed parts."""
    total, kept, headed = fixed, [], set()
    for f in findings:  # most severe first
        entity = f.entity or f.metric or "—"
        cost = _size(blocks[f.id]) + (0 if entity in headed else _size([f"### {escape(entity)}", ""]))
        if total + cost > LIMIT:
            break
        total += cost
        kept.append(f)
        headed.add(entity)
    return kept


def _more(n: int) -> str:
    return (f"_… {n} more finding{'s' if n != 1 else ''} not shown (a GitHub comment holds {LIMIT:,} characters): "
            "see the SARIF, JSON or HTML report._")


def _finding(f: Finding, index: Index) -> list[str]:
    head = f"**{_MARK[f.kind.value]} {LABEL[f.kind]}** `{f.code}`"
    if f.metric:
        head += f" · {escape(f.metric)}"
    lines = [head, "", escape(f.message), ""]
    if len(f.groups) < 2:  # an agreement: one value
        lines += _table(index.statements_of(f), index)
    else:  # each value with its sources under it; sentences that fit several values apart
        values, apart = sides(f, index)
        for side in values:
            lines += [f"{_bold(escape(side.figures), '', '')} · {plural(side.sources, 'source')}", ""]
            lines += _table(side.statements, index)
        if apart:
            lines += ["_fits more than one of these values_", ""]
            lines += _table(apart, index)
    lines += [f"why: {escape(f.why)} · id `{f.id}`" if f.why else f"id `{f.id}`", ""]
    return lines


def _table(statements: list[Statement], index: Index) -> list[str]:
    lines = ["| where | date | sentence |", "| --- | --- | --- |"]
    for s in statements:
        src = index.sources.get(s.source)
        date = str(src.date) if src and src.date else "undated"
        where = escape_name(f"{s.path}:{s.line}:{s.column}")
        lines.append(f"| {where} | {date} | {_sentence(s, index.neighbours(s))} |")
    return lines + [""]


def _sentence(s: Statement, others: list[Statement]) -> str:
    sentence = one_line(s.sentence)
    before, fig, after = split_figure(sentence, s, others)
    if not fig:
        return f"{escape(sentence)} ({_bold(escape(figure(s)), '', '')})"
    return escape(before) + _bold(escape(fig), before[-1:], after[:1]) + escape(after)


def _bold(text: str, prev: str, nxt: str) -> str:
    """`**x**` when CommonMark's flanking rules let it open and close here, else `<strong>`."""
    first, last = text[:1], text[-1:]
    opens = first.isalnum() or _edge(prev)
    closes = last.isalnum() or _edge(nxt)
    return f"**{text}**" if text and opens and closes and first != "\\" else f"<strong>{text}</strong>"


def _edge(ch: str) -> bool:
    return not ch or ch.isspace() or unicodedata.category(ch).startswith("P")
