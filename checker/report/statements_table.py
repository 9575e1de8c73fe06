"""The table `checker extract` prints: every statement, as understood.

Every cell is a `rich.text.Text` made inert (safe_text): rich markup in an
article or a file name (`[/x]`, `[bold red]`) is shown, never applied.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..safe_text import name, prose
from ..models import Extraction


def _fmt(x) -> str:
    if x is None:
        return "∞"
    if isinstance(x, float):
        return f"{x:.6g}"
    return str(x)


def render_table(extractions: list[Extraction], color: bool = False, width: int = 160) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    for e in extractions:
        src = e.source
        title = Text(f"{name(src.path)}  (date {src.date or 'unknown'}, from {src.date_from})")
        table = Table(title=title, title_justify="left")
        for col in ("line", "figure", "value", "unit", "qualifier", "entity", "metric", "period", "as of", "cum."):
            table.add_column(col, overflow="fold")
        for s in e.statements:
            period = f"{s.period.start or '…'} – {s.period.end or '…'}" if s.period else ""
            value = _fmt(s.value) if s.low == s.high else f"{_fmt(s.low)} – {_fmt(s.high)}"
            role = f" ({s.role})" if s.role else ""
            cells = (
                f"{s.line}:{s.column}", "".join(s.text.split()), value, s.unit, s.qualifier + role,
                s.entity or "", s.metric, period, str(s.as_of or ""), "yes" if s.cumulative else "",
            )
            table.add_row(*(Text(prose(c)) for c in cells))
        console.print(table)
    return buffer.getvalue()
