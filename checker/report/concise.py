"""One line per finding, `path:line:col: CK01 message`, for editors, grep and reviewdog.

    draft.md:7:29: CK01 conflict 北京医药健康产业规模: 4 sources say 1.06万亿元; draft.md says 1.6万亿元

The location is the draft's statement (with --against), else the finding's
first statement, as in the github format; the message is the finding's on
one line. Agreements only with show_agreements. No summary line: the
output is the findings and nothing else (an empty output is a clean run).
reviewdog reads it with `-efm="%f:%l:%c: %m"`. Paths and text are inert
(`safe_text`): no control character, no raw newline from a file name.
"""

from __future__ import annotations

from ..models import Report
from ..safe_text import name, prose
from . import RenderOptions
from .common import LABEL, Index, one_line, relative_path, shown


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    index = Index(report)
    lines = []
    for f in shown(report, options.show_agreements):
        main = index.primary(f)
        if main is None:
            continue
        about = " ".join(x for x in (f.entity, f.metric) if x)
        lines.append(f"{name(relative_path(main.path))}:{main.line}:{main.column}: {f.code} {LABEL[f.kind].lower()}"
                     f"{' ' + one_line(prose(about)) if about else ''}: {one_line(prose(f.message))}")
    return "".join(line + "\n" for line in lines)
