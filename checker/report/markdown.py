"""The Markdown report: for a pull-request comment or an email to an editor.

A summary line, then findings grouped by entity, most severe first. Each
finding gives its message, why the statements were judged the same fact,
and a table of every sentence it rests on with file:line, the article's date
and the figure in bold. Agreements appear only with show_agreements.

Everything that comes from an article (sentences, figures, entity and metric
names, paths, titles) is escaped so it shows as text: a `[x](javascript:…)`
link, a `<script>` tag, a pipe that would break the table or a backtick
renders literally. It does not wrap lines or truncate sentences.
"""

from __future__ import annotations

import unicodedata

from ..models import Finding, Report, Statement
from . import RenderOptions
from .common import LABEL, Index, by_entity, counts_line, figure, one_line, shown, split_figure

_ESCAPED = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]<>#!|~$&@"})
_MARK = {"conflict": "🔴", "timeline": "🟠", "agreement": "🟢"}


def escape(text: str) -> str:
    """Article text as literal Markdown: one line, ASCII punctuation backslash-escaped."""
    return one_line(text).translate(_ESCAPED)


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    out = ["## checker report", "", f"**{escape(counts_line(report))}**", ""]
    for problem in report.problems:
        out.append(f"- skipped {escape(problem.line())}")
    if report.stale_baseline:
        ids = ", ".join(f"`{i}`" for i in report.stale_baseline)
        out.append(f"- stale baseline entries (they match no finding; remove them): {ids}")
    if report.problems or report.stale_baseline:
        out.append("")
    findings = shown(report, options.show_agreements)
    index = Index(report)
    for entity, group in by_entity(findings):
        out += [f"### {escape(entity)}", ""]
        for f in group:
            out += _finding(f, index)
    if not findings:
        out += ["No disagreements found.", ""]
    hidden = report.summary.agreement if not options.show_agreements else 0
    if hidden:
        out += [f"_{hidden} agreements not listed: run with `--show-agreements` to see them._", ""]
    out.append(f"<sub>checker {report.tool.version} · `checker explain <id>` shows a finding in context</sub>")
    return "\n".join(out) + "\n"


def _finding(f: Finding, index: Index) -> list[str]:
    head = f"**{_MARK[f.kind.value]} {LABEL[f.kind]}** `{f.code}`"
    if f.metric:
        head += f" · {escape(f.metric)}"
    lines = [head, "", escape(f.message), ""]
    lines += ["| where | date | sentence |", "| --- | --- | --- |"]
    for s in index.statements_of(f):
        src = index.sources.get(s.source)
        date = str(src.date) if src and src.date else "undated"
        where = escape(f"{s.path}:{s.line}:{s.column}")
        lines.append(f"| {where} | {date} | {_sentence(s, index.neighbours(s))} |")
    lines += ["", f"why: {escape(f.why)} · id `{f.id}`" if f.why else f"id `{f.id}`", ""]
    return lines


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
