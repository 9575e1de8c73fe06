"""`checker explain`: one finding, every sentence in context, and why they were linked.

For each statement of the finding: its file:line:column, the article's date
and title, the passage of the raw article around the figure with the figure
highlighted (exactly at its offsets), and what the checker read there —
entity, metric, period, as-of date, running total or not, the value as an
interval. Then the verdict's reason (same entity, metric and period; or two
as-of dates of a running total), and how each link among the statements was
scored (`linkage`): each frame slot's level and weight, the total and the
threshold it reached. It finds nothing itself: `find` picks a
finding out of a report, `render` formats it; run.py does the I/O.
"""

from __future__ import annotations

import io
import re
from typing import Optional, Sequence

from rich.console import Console
from rich.text import Text

from .safe_text import name, prose
from . import linkage
from .models import Article, Finding, Kind, Link, Report, Source, Statement

STYLE = {Kind.CONFLICT: "bold red", Kind.TIMELINE: "bold yellow", Kind.AGREEMENT: "bold green"}
LABEL = {Kind.CONFLICT: "conflict", Kind.TIMELINE: "timeline difference", Kind.AGREEMENT: "agreement"}
CONTEXT = 60  # characters of the article shown on each side of the figure
_SPACE = re.compile(r"\s+")


def find(report: Report, wanted: str) -> tuple[Optional[Finding], str]:
    """The finding with this id (or a unique prefix of it); else (None, why not)."""
    wanted = wanted.strip().lower()
    exact = [f for f in report.findings if f.id == wanted]
    if exact:
        return exact[0], ""
    if len(wanted) < 6:
        return None, "no finding has this id (give at least the first 4 hex digits after 'f-')"
    hits = [f for f in report.findings if f.id.startswith(wanted)]
    if len(hits) == 1:
        return hits[0], ""
    if hits:
        return None, f"{len(hits)} findings start with this; give more of the id"
    return None, "no finding has this id in these articles (ids are on each finding's 'id' line)"


def render(report: Report, finding: Finding, articles: dict[str, Article], color: bool, width: int = 100,
           links: Sequence[Link] = ()) -> str:
    """The finding, its statements in context, and (given the run's `links` with their levels) how
    each link among them was scored: every slot's level and weight, the total and the threshold."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=width,
        highlight=False, emoji=False, soft_wrap=True,
    )
    style = STYLE[finding.kind]
    head = Text()
    head.append(f"{finding.code} {LABEL[finding.kind]}", style=style)
    head.append(f" ({finding.severity.value})  {finding.id}")
    console.print(head)
    console.print(Text(prose(f"entity: {finding.entity or '—'}   metric: {finding.metric}")))
    console.print(Text(prose(finding.message), style="bold"))
    index = {s.id: s for s in report.statements}
    sources = {s.id: s for s in report.sources}
    group_of = {sid: n for n, g in enumerate(finding.groups, start=1) for sid in g} if len(finding.groups) > 1 else {}
    for n, sid in enumerate(finding.statements, start=1):
        s = index.get(sid)
        if s is None:
            continue
        console.print()
        console.print(_where(n, s, sources.get(s.source), group_of.get(sid)))
        console.print(_passage(s, articles.get(s.source), style, color))
        console.print(Text("      " + prose(_facts(s)), style="dim"))
    console.print()
    why = Text("Why these were judged the same fact: ", style="bold")
    why.append(prose(finding.why or "—"), style="")
    console.print(why)
    console.print(Text(prose(_shared(finding, [index[i] for i in finding.statements if i in index])), style="dim"))
    number = {sid: n for n, sid in enumerate(finding.statements, start=1)}
    mine = [l for l in links if l.a in number and l.b in number and l.levels]
    for link in sorted(mine, key=lambda l: (number[l.a], number[l.b])):
        console.print()
        console.print(Text(prose(_scored(link, index, number))))
    return buffer.getvalue()


def _scored(link: Link, index: dict[str, Statement], number: dict[str, int]) -> str:
    """One link's score: the model, each slot's level and weight, the total against the threshold."""
    a, b = index[link.a], index[link.b]
    name, model = linkage.table().model_for(a, b, link.relation == "agree")
    first, second = sorted((number[link.a], number[link.b]))
    lines = [f"[{first}]–[{second}] {link.relation}, by the {name} model: intercept {model.intercept:+.2f}"]
    for slot in linkage.SLOTS:
        level = link.levels.get(slot)
        if level is not None:
            lines.append(f"  {slot:<10} {level:<17} {model.weights.get(slot, {}).get(level, 0.0):+.2f}")
    lines.append(f"  total {link.score:+.2f} (linked at {model.threshold:+.2f} or more)")
    return "\n".join(lines)


def _where(n: int, s: Statement, source: Optional[Source], group: Optional[int]) -> Text:
    line = Text(f"[{n}] ")
    line.append(f"{name(s.path)}:{s.line}:{s.column}", style="cyan")
    date = str(source.date) if source and source.date else "undated"
    extra = f"  {date}"
    if source and source.title:
        extra += f" · {source.title}"
    if group:
        extra += f" · side {group}"  # the agreeing groups of a difference: 1 the majority
    line.append(prose(extra), style="dim")
    return line


def _passage(s: Statement, article: Optional[Article], style: str, color: bool) -> Text:
    """The article around the figure, the figure highlighted at its exact offsets."""
    text = Text("      ")
    if article is None or article.raw[s.start : s.end] != s.text:
        before, fig, after = _in_sentence(s)
    else:
        raw = article.raw
        lo, hi = max(article.body_start, s.start - CONTEXT), min(len(raw), s.end + CONTEXT)
        lo = max(lo, raw.rfind("\n", lo, s.start) + 1)  # stay inside the figure's paragraph
        cut = raw.find("\n", s.end, hi)
        hi = cut if cut >= 0 else hi
        before = ("…" if lo > 0 and raw[lo - 1] != "\n" else "") + raw[lo : s.start]
        fig, after = raw[s.start : s.end], raw[s.end : hi] + ("…" if hi < len(raw) and raw[hi] != "\n" else "")
    text.append(_flat(before))
    text.append(_flat(fig) if color else f"»{_flat(fig)}«", style=f"reverse {style}" if color else "")
    text.append(_flat(after))
    return text


def _in_sentence(s: Statement) -> tuple[str, str, str]:
    at = s.sentence.find(_flat(s.text))
    if at < 0:
        return s.sentence + " ", s.text, ""
    return s.sentence[:at], s.sentence[at : at + len(_flat(s.text))], s.sentence[at + len(_flat(s.text)) :]


def _flat(text: str) -> str:
    """Article text on one line, inert: line breaks inside a CJK passage join without a space."""
    text = re.sub(r"(?<=[^\x00-\x7f])\s*[\r\n]+\s*(?=[^\x00-\x7f])", "", text)
    return prose(_SPACE.sub(" ", text))


def _facts(s: Statement) -> str:
    period = "—"
    if s.period and (s.period.start or s.period.end):
        period = f"{s.period.start or '…'} to {s.period.end or '…'}"
    value = _interval(s)
    parts = [
        f"entity {s.entity or '—'}",
        f"metric {s.metric}",
        f"period {period}",
        f"as of {s.as_of or '—'}",
        "running total" if s.cumulative else "not cumulative",
        f"value {value}",
    ]
    return " · ".join(parts)


def _interval(s: Statement) -> str:
    def show(x) -> str:
        if x is None:
            return "∞"
        return f"{x:g}" if isinstance(x, float) else str(x)

    unit = "" if s.unit == "date" else f" {s.unit}"
    if s.low == s.high:
        return f"{show(s.low)}{unit} ({s.qualifier})"
    return f"[{show(s.low)}, {show(s.high)}]{unit} ({s.qualifier})"


def _shared(finding: Finding, stmts: list[Statement]) -> str:
    """What the statements have in common, and for a timeline the as-of dates."""
    entities = sorted({s.entity for s in stmts if s.entity})
    metrics = sorted({s.metric for s in stmts})
    as_of = sorted({str(s.as_of) for s in stmts if s.as_of})
    parts = [
        "entity " + (" = ".join(entities) if entities else "none named (matched by context)"),
        "metric " + " ≈ ".join(metrics),
    ]
    if as_of:
        parts.append("as of " + ", ".join(as_of))
    return "; ".join(parts)
