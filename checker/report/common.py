"""What the markdown, html, sarif and github renderers share.

Which findings are shown, in what order, where a figure sits in its sentence,
where a statement sits in its file (a 1-based region that may span line
breaks), and a path fit for a SARIF URI or a GitHub annotation. Plain
functions over the report models; nothing here formats output.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path, PurePath
from typing import NamedTuple, Optional
from urllib.parse import quote

from ..models import Finding, Kind, Report, Severity, Source, Statement

ORDER = {Kind.CONFLICT: 0, Kind.TIMELINE: 1, Kind.AGREEMENT: 2}
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
LABEL = {Kind.CONFLICT: "Conflict", Kind.TIMELINE: "Timeline", Kind.AGREEMENT: "Agreement"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACE = re.compile(r"\s+")


def shown(report: Report, show_agreements: bool) -> list[Finding]:
    """The findings to render: agreements only when asked for; most severe first, stable."""
    keep = [f for f in report.findings if f.kind != Kind.AGREEMENT or show_agreements]
    return sorted(keep, key=lambda f: (SEVERITY_ORDER[f.severity], ORDER[f.kind]))


def by_entity(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by entity (or metric when no entity), the group with the worst finding first."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[f.entity or f.metric or "—"].append(f)
    worst = {k: min((SEVERITY_ORDER[f.severity], ORDER[f.kind]) for f in v) for k, v in groups.items()}
    return [(k, groups[k]) for k in sorted(groups, key=lambda k: (worst[k], k))]


class Index:
    """Lookups over one report, built once per rendering: statements and sources by id.

    A report may hold 100,000 statements and 10,000 findings: indexing them
    again for every finding would make rendering quadratic.
    """

    def __init__(self, report: Report):
        self.statements: dict[str, Statement] = {s.id: s for s in report.statements}
        self.sources: dict[str, Source] = {s.id: s for s in report.sources}
        self._report = report
        self._near: Optional[dict[tuple[str, str], list[Statement]]] = None

    def statements_of(self, finding: Finding) -> list[Statement]:
        """The finding's statements that the report holds, in the finding's order."""
        index = self.statements
        return [index[i] for i in finding.statements if i in index]

    def primary(self, finding: Finding) -> Optional[Statement]:
        """Where a finding sits in machine formats: the draft's statement, else the first one."""
        stmts = self.statements_of(finding)
        sources = self.sources
        drafts = [s for s in stmts if s.source in sources and sources[s.source].role == "draft"]
        return (drafts or stmts or [None])[0]

    def neighbours(self, s: Statement) -> list[Statement]:
        """The statements of s's sentence in its article (s among them): see `split_figure`."""
        if self._near is None:
            self._near = neighbours(self._report)
        return self._near.get((s.source, s.sentence), [])


def region(s: Statement) -> tuple[int, int, int, int]:
    """(startLine, startColumn, endLine, endColumn), 1-based, end column exclusive.

    The figure as written may span line breaks ("四\\n\\n大科室"): the end is
    computed from its text, counting \\r\\n, \\r and \\n as one break each.
    """
    parts = _LINE_BREAK.split(s.text)
    if len(parts) == 1:
        return s.line, s.column, s.line, s.column + len(s.text)
    return s.line, s.column, s.line + len(parts) - 1, len(parts[-1]) + 1


def figure(s: Statement) -> str:
    """The figure as one line of text (line breaks and spaces inside it removed)."""
    return _SPACE.sub("", s.text)


def relative_path(path: str) -> str:
    """A path relative to the working directory when it lies inside it, with forward slashes."""
    return _relative_path(path, os.getcwd())


def uri(path: str) -> str:
    """A URI reference for SARIF: relative with forward slashes, percent-encoded; file:// when outside."""
    return _uri(path, os.getcwd())


# A report names each article once per statement: the paths are worked out once per working directory.
@lru_cache(maxsize=1 << 16)
def _relative_path(path: str, cwd: str) -> str:
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(cwd)
        except ValueError:
            return p.as_posix()
    return PurePath(os.path.normpath(p)).as_posix()


@lru_cache(maxsize=1 << 16)
def _uri(path: str, cwd: str) -> str:
    rel = _relative_path(path, cwd)
    if rel.startswith("/"):
        return Path(rel).as_uri()
    return quote(os.fsencode(rel), safe="/")  # a name that is not UTF-8 keeps its bytes: %FF


def neighbours(report: Report) -> dict[tuple[str, str], list[Statement]]:
    """Statements by (source, sentence): they fix which occurrence of a repeated figure is meant."""
    index: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for s in report.statements:
        index[(s.source, s.sentence)].append(s)
    return index


def split_figure(sentence: str, s: Statement, others: list[Statement] = ()) -> tuple[str, str, str]:
    """(before, figure, after) of a sentence; figure is '' when it cannot be found.

    The sentence may differ from the raw text (line breaks removed, or
    cleaned: full-width folded, simplified), so both forms of the figure are
    tried. When the figure occurs more than once ("从200天压缩至60天…从60天
    压缩至30天"), the occurrence chosen is the one that puts the most other
    statements of the same sentence (`others`) at their own offsets.
    """
    raw = figure(s)
    for candidate in _forms(raw):
        spots = _occurrences(candidate, sentence)
        if spots:
            at = max(spots, key=lambda p: (_fits(sentence, s.start - p, s, others), -p)) if len(spots) > 1 else spots[0]
            return sentence[:at], candidate, sentence[at + len(candidate) :]
    return sentence, "", ""


def _forms(raw: str):
    """The figure as written, then (only if it was not found, and if it differs) its folded form."""
    yield raw
    folded = _fold(raw)
    if folded != raw:
        yield folded


def _occurrences(needle: str, text: str) -> list[int]:
    """Where `needle` starts in `text`, left to right, occurrences not overlapping (as re.finditer finds them)."""
    spots: list[int] = []
    if not needle:
        return spots
    at = text.find(needle)
    while at >= 0:
        spots.append(at)
        at = text.find(needle, at + len(needle))
    return spots


def _fits(sentence: str, base: int, s: Statement, others: list[Statement]) -> int:
    """How many other statements sit at their raw offset minus `base` in the sentence."""
    hits = 0
    for o in others:
        if o.id != s.id and o.start >= base:
            text = figure(o)
            hits += sentence[o.start - base : o.start - base + len(text)] == text
    return hits


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    converter = _t2s()
    return converter.convert(text) if converter else text


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
    except ImportError:  # optional: simplified articles need no conversion
        return None
    return opencc.OpenCC("t2s")


def one_line(text: str) -> str:
    """Article text on one line: every run of whitespace becomes one space."""
    return _SPACE.sub(" ", text).strip()


def counts_line(report: Report) -> str:
    s = report.summary
    parts = [
        f"{plural(s.sources, 'article')}, {plural(s.statements, 'statement')}: {plural(s.conflict, 'conflict')}, "
        f"{plural(s.timeline, 'timeline difference')}, {plural(s.agreement, 'agreement')}"
    ]
    if report.baselined:
        parts.append(f"{len(report.baselined)} baselined")
    if report.stale_baseline:
        parts.append(plural(len(report.stale_baseline), "stale baseline entry", "stale baseline entries"))
    skipped = sum(1 for p in report.problems if p.skipped)
    if skipped:
        parts.append(plural(skipped, "file skipped", "files skipped"))
    if len(report.problems) > skipped:
        parts.append(plural(len(report.problems) - skipped, "file read in part", "files read in part"))
    return "; ".join(parts)


def plural(n: int, one: str, many: Optional[str] = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# ---------------------------------------------------------------- a finding's values


class Side(NamedTuple):
    """One value of a finding and the statements that give it (`figures`: as written, each once)."""

    figures: str
    statements: list[Statement]

    @property
    def sources(self) -> int:
        return len({s.source for s in self.statements})


def sides(finding: Finding, index: "Index") -> tuple[list[Side], list[Statement]]:
    """A difference's statements by value, and apart those that fit more than one value.

    Each agreeing group is one value; a statement whose interval also meets
    another group's value (突破万亿元 beside 1.06万亿元 and 1.6万亿元) supports
    several values, so it is listed apart rather than under one of them.
    An agreement (one group) is one side and nothing apart.
    """
    stmts = {s.id: s for s in index.statements_of(finding)}
    groups = [[stmts[i] for i in g if i in stmts] for g in finding.groups] or [list(stmts.values())]
    groups = [g for g in groups if g]
    bounds = [_common(g) for g in groups]
    apart: list[Statement] = []
    result = []
    for n, group in enumerate(groups):
        own = []
        for s in group:
            fits = sum(1 for lo, hi in bounds if _meets(s.low, s.high, lo, hi))
            (apart if len(groups) > 1 and fits > 1 else own).append(s)
        listed = own or group
        figures = " = ".join(dict.fromkeys(figure(s) for s in listed))
        result.append(Side(figures, own))
    return [side for side in result if side.statements], apart


def _common(group: list[Statement]):
    """The interval every member of an agreeing group meets (None: open)."""
    lows = [s.low for s in group if s.low is not None]
    highs = [s.high for s in group if s.high is not None]
    return (max(lows) if lows else None, min(highs) if highs else None)


def _meets(lo1, hi1, lo2, hi2) -> bool:
    return (lo1 is None or hi2 is None or lo1 <= hi2) and (lo2 is None or hi1 is None or lo2 <= hi1)
