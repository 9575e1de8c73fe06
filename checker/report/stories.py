"""The stories a run found (`checker check --stories`): each story's name and its articles, in plain text.

One story a block: its id and name, then each article's path and date. It
does not render findings; `--stories` replaces the report with this list.
"""

from __future__ import annotations

from ..models import Report
from .. import safe_text


def render(report: Report, options=None) -> str:
    sources = {s.id: s for s in report.sources}
    lines = [f"{len(report.stories)} stories in {len(report.sources)} articles"]
    for story in report.stories:
        lines.append("")
        lines.append(f"{story.id}  {safe_text.prose(story.name) or '(unnamed)'}  ({len(story.sources)} article{'s' if len(story.sources) != 1 else ''})")
        for sid in story.sources:
            s = sources.get(sid)
            if s is not None:
                lines.append(f"    {safe_text.name(s.path)}  {s.date.isoformat() if s.date else 'undated'}")
    return "\n".join(lines) + "\n"
