"""The HTML report: one self-contained file an editor opens in a browser.

A summary on top, then findings grouped by entity: conflicts red, timeline
differences amber, agreements green (only with show_agreements). The
sentences of a finding stand side by side (for a difference, one column per
agreeing group: the consensus and the outlier) with the figure highlighted
by <mark>, each with its file:line, the article's date and the entity,
metric, period and as-of date it was read as. A table of the articles ends
the page. A large run (LARGE findings or more) gets a table of contents and
a filter by kind: radio buttons and CSS sibling selectors, no script.

The file has inline CSS only, no script and no external asset, and a
Content-Security-Policy that forbids both; every piece of article text goes
through `html.escape`, so a `<script>` or `<img onerror>` in an article
shows as text and never runs. It does not paginate or truncate.
"""

from __future__ import annotations

from html import escape as _escape

from ..safe_text import line, name, prose
from ..models import Finding, Report, Source, Statement
from . import RenderOptions
from .common import LABEL, Index, by_entity, counts_line, figure, one_line, plural, shown, sides, split_figure

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
LARGE = 20  # findings from which the page gets a table of contents and a filter by kind
_FILTER_CSS = "".join(
    f"#k-{k}:checked~main .finding:not(.{k}),#k-{k}:checked~main section:not(:has(.finding.{k})),"
    f"#k-{k}:checked~.contents li:not(.{k}){{display:none}}"
    for k in ("conflict", "timeline", "agreement")
) + "input[name=kind]{margin:0 2px 0 10px}.contents ul{columns:3 240px;font-size:13px}"

CSS = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--conflict:#c62828;--timeline:#b26a00;--agreement:#2e7d32}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;color:var(--ink);background:#f6f8fa;
 font:15px/1.6 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line)}
.summary{margin:0 0 8px;color:var(--muted)}
.counts span{display:inline-block;margin-right:10px;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600}
.counts .conflict{background:var(--conflict)}.counts .timeline{background:var(--timeline)}
.counts .agreement{background:var(--agreement)}
.notes{color:var(--muted);font-size:13px}
.finding{background:#fff;border:1px solid var(--line);border-left:6px solid;border-radius:6px;padding:12px 16px;margin:12px 0}
.finding.conflict{border-left-color:var(--conflict)}.finding.timeline{border-left-color:var(--timeline)}
.finding.agreement{border-left-color:var(--agreement)}
.badge{font-weight:700;margin-right:6px}.conflict .badge{color:var(--conflict)}
.timeline .badge{color:var(--timeline)}.agreement .badge{color:var(--agreement)}
.code,.fid{font-family:ui-monospace,monospace;font-size:12px;color:var(--muted)}
.message{font-weight:600;margin:6px 0}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
.side{border:1px solid var(--line);border-radius:4px;padding:8px 10px;background:#fbfcfd}
.side h3{font-size:13px;margin:0 0 6px;color:var(--muted)}
.stmt{margin:0 0 10px}.stmt:last-child{margin-bottom:0}
.where{font-family:ui-monospace,monospace;font-size:12px;color:#0550ae;word-break:break-all}
.date{font-size:12px;color:var(--muted)}
blockquote{margin:4px 0;padding:0}
mark{padding:0 2px;border-radius:2px;font-weight:700}
.conflict mark{background:#ffcdd2}.timeline mark{background:#ffe082}.agreement mark{background:#c8e6c9}
.facts{font-size:12px;color:var(--muted);margin:2px 0 0}
.why{font-size:13px;color:var(--muted);margin:8px 0 0}
table{border-collapse:collapse;background:#fff;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
footer{margin-top:24px;color:var(--muted);font-size:12px}
"""


def esc(text: object) -> str:
    """Article text as inert HTML text (safe_text.prose, then escaped)."""
    return _escape(prose(str(text)), quote=True)


def esc_name(path: str) -> str:
    """A file name as HTML text: controls and undecodable bytes shown as escapes."""
    return _escape(name(path), quote=True)


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    findings = shown(report, options.show_agreements)
    index = Index(report)
    body = [_summary(report, options)]
    groups = by_entity(findings)
    large = len(findings) >= LARGE
    if large:
        body += [_filter(findings), _contents(groups), "<main>"]
    for n, (entity, group) in enumerate(groups, start=1):
        body.append(f'<section id="e{n}"><h2>{esc(entity)}</h2>' if large else f"<section><h2>{esc(entity)}</h2>")
        body += [_finding(f, index) for f in group]
        body.append("</section>")
    if large:
        body.append("</main>")
    if not findings:
        body.append('<p class="none">No disagreements found.</p>')
    body.append(_sources_table(report))
    body.append(f"<footer>checker {esc(report.tool.version)} · <code>checker explain ID</code> shows a finding in context</footer>")
    return "\n".join(_head(large) + ["<body>"] + body + ["</body>", "</html>"]) + "\n"


def _filter(findings: list[Finding]) -> str:
    """Radio buttons that show one kind: plain CSS (`:checked ~ main`), no script."""
    kinds = [k for k in ("conflict", "timeline", "agreement") if any(f.kind.value == k for f in findings)]
    out = ['<input type="radio" name="kind" id="k-all" checked><label for="k-all">all</label>']
    out += [f'<input type="radio" name="kind" id="k-{k}"><label for="k-{k}">{k}</label>' for k in kinds]
    return '<span class="filter">show:</span>' + "".join(out)  # siblings of <main>, for the ~ selectors


def _contents(groups: list[tuple[str, list[Finding]]]) -> str:
    items = []
    for n, (entity, group) in enumerate(groups, start=1):
        kinds = " ".join(sorted({f.kind.value for f in group}))
        items.append(f'<li class="{kinds}"><a href="#e{n}">{esc(entity)}</a> ({len(group)})</li>')
    return '<nav class="contents"><h2>Contents</h2><ul>' + "".join(items) + "</ul></nav>"


def _head(large: bool = False) -> list[str]:
    return [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>checker report</title>",
        f"<style>{CSS}{_FILTER_CSS if large else ''}</style>",
        "</head>",
    ]


def _summary(report: Report, options: RenderOptions) -> str:
    s = report.summary
    parts = ['<header><h1>checker report</h1>', f'<p class="summary">{esc(counts_line(report))}</p>', '<p class="counts">']
    parts.append(f'<span class="conflict">{plural(s.conflict, "conflict")}</span>')
    parts.append(f'<span class="timeline">{plural(s.timeline, "timeline difference")}</span>')
    parts.append(f'<span class="agreement">{plural(s.agreement, "agreement")}</span></p>')
    notes = [f"{'skipped' if p.skipped else 'read in part:'} {line(p.line())}" for p in report.problems]
    if report.stale_baseline:
        notes.append("stale baseline entries (they match no finding): " + ", ".join(report.stale_baseline))
    if s.agreement and not options.show_agreements:
        notes.append("agreements are not listed: run with --show-agreements")
    parts += [f'<p class="notes">{esc(n)}</p>' for n in notes]
    parts.append("</header>")
    return "\n".join(parts)


def _finding(f: Finding, index: Index) -> str:
    if len(f.groups) > 1:  # one column per value, its sources under it; what fits several values apart
        values, apart = sides(f, index)
        columns = [(f"{plural(side.sources, 'source')}: {side.figures}", side.statements) for side in values]
        if apart:
            columns.append(("fits more than one of these values", apart))
    else:
        columns = [(None, [s]) for s in index.statements_of(f)]
    kind = f.kind.value
    out = [f'<article class="finding {kind}" id="{esc(f.id)}">']
    out.append(
        f'<div><span class="badge">{LABEL[f.kind]}</span><span class="code">{esc(f.code)}</span> '
        f"{esc(f.metric)}</div>"
    )
    out.append(f'<p class="message">{esc(f.message)}</p>')
    out.append('<div class="sides">')
    for title, column in columns:
        out.append('<div class="side">')
        if title:
            out.append(f"<h3>{esc(title)}</h3>")
        out += [_statement(s, index.sources.get(s.source), index.neighbours(s)) for s in column]
        out.append("</div>")
    out.append("</div>")
    if f.why:
        out.append(f'<p class="why">judged the same fact: {esc(f.why)}</p>')
    out.append(f'<p class="fid">id {esc(f.id)}</p>')
    out.append("</article>")
    return "\n".join(out)


def _statement(s: Statement, source: Source | None, others: list[Statement]) -> str:
    date = str(source.date) if source and source.date else "undated"
    sentence = one_line(s.sentence)
    before, fig, after = split_figure(sentence, s, others)
    quote = f"{esc(before)}<mark>{esc(fig)}</mark>{esc(after)}" if fig else f"{esc(sentence)} <mark>{esc(figure(s))}</mark>"
    title = f" · {esc(source.title)}" if source and source.title else ""
    return (
        f'<div class="stmt"><div><span class="where">{esc_name(s.path)}:{s.line}:{s.column}</span> '
        f'<span class="date">{esc(date)}{title}</span></div>'
        f"<blockquote>{quote}</blockquote>"
        f'<p class="facts">{esc(_facts(s))}</p></div>'
    )


def _facts(s: Statement) -> str:
    period = "—"
    if s.period and (s.period.start or s.period.end):
        period = f"{s.period.start or '…'} to {s.period.end or '…'}"
    parts = [f"entity: {s.entity or '—'}", f"metric: {s.metric}", f"period: {period}", f"as of: {s.as_of or '—'}"]
    if s.cumulative:
        parts.append("running total")
    return " · ".join(parts)


def _sources_table(report: Report) -> str:
    rows = [
        "<section><h2>Articles</h2><table><thead><tr><th>id</th><th>path</th><th>date</th>"
        "<th>title</th><th>outlet</th><th>role</th></tr></thead><tbody>"
    ]
    for src in report.sources:
        cells = [esc(src.id), esc_name(src.path), esc(src.date or "undated"), esc(src.title or ""), esc(src.outlet or ""), esc(src.role)]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    rows.append("</tbody></table></section>")
    return "\n".join(rows)
