"""The SARIF 2.1.0 log: findings on the article's line for code-scanning tools.

One run; its driver "checker" has one rule per finding code (CK01 conflict,
CK02 timeline, CK03 agreement). Each result sits on the draft's statement
(with --against; otherwise on the finding's first statement), with a region
of 1-based lines and code-point columns (end column exclusive) computed from
the figure as written, so a figure broken across lines still lands right.
The other statements are `relatedLocations`, each with a message naming the
file and the figure. `partialFingerprints["checkerFindingId/v1"]` is the
finding id, so an upload tracks a finding across commits as a baseline does.
Relative URIs name the `%SRCROOT%` base (the folder checker ran from). A
file that could not be read is a `toolExecutionNotifications` entry of the
run's invocation, so an unreadable draft shows in code scanning too.

Agreements are results (level "note") only with show_agreements. No
timestamps, no absolute machine paths when the article lies under the
working directory: the same report gives the same bytes. It does not embed
article text beyond the figure and the sentence it was found in.
"""

from __future__ import annotations

from ..compare import CODES
from ..safe_text import json_safe
from ..models import Finding, Kind, Report, Severity, Source, Statement
from . import RenderOptions
from .common import Index, figure, region, shown, uri
from .json import encode

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"  # relative URIs are resolved against it: code scanning takes it as the repository root
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
RULES = {
    Kind.CONFLICT: (
        "FigureConflict",
        "Sources disagree on a figure for the same fact",
        "Two or more articles give values for the same entity, metric and period that cannot both be true.",
    ),
    Kind.TIMELINE: (
        "TimelineDifference",
        "A running total differs because it was reported at different dates",
        "The later article reports a larger running total than the earlier one: check which figure is current.",
    ),
    Kind.AGREEMENT: (
        "Agreement",
        "A figure is confirmed by several sources",
        "Several articles give the same value for the same entity, metric and period, possibly written differently.",
    ),
}
_DEFAULT_LEVEL = {Kind.CONFLICT: "error", Kind.TIMELINE: "warning", Kind.AGREEMENT: "note"}


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return json_safe(encode(to_sarif(report, options), 0) + "\n")  # json.dumps(…, ensure_ascii=False, indent=2), faster


def to_sarif(report: Report, options: RenderOptions = RenderOptions()) -> dict:
    kinds = list(CODES)
    rules = [_rule(kind) for kind in kinds]
    index = Index(report)
    results = [
        _result(index, f, main, kinds.index(f.kind))
        for f in shown(report, options.show_agreements)
        if (main := index.primary(f)) is not None
    ]
    run = {
        "tool": {"driver": {"name": "checker", "version": report.tool.version, "rules": rules}},
        "invocations": [_invocation(report)],
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The folder checker was run from (in CI, the repository root)."}}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _invocation(report: Report) -> dict:
    """The run itself; each file that could not be read is a tool execution notification."""
    invocation: dict = {"executionSuccessful": True}
    notes = [
        {
            "level": "error",
            "message": {"text": _text(p.line())},
            "descriptor": {"id": p.code},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(p.path)}}],
        }
        for p in report.problems
    ]
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _artifact(path: str) -> dict:
    """A relative URI against %SRCROOT%; an absolute file:// URI for an article outside it."""
    ref = uri(path)
    return {"uri": ref} if ref.startswith("file:") else {"uri": ref, "uriBaseId": SRCROOT}


def _rule(kind: Kind) -> dict:
    name, short, full = RULES[kind]
    return {
        "id": CODES[kind],
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": f"{full} Run `checker explain <finding id>` to see the sentences side by side."},
        "defaultConfiguration": {"level": _DEFAULT_LEVEL[kind]},
        "properties": {"kind": kind.value},
    }


def _result(index: Index, f: Finding, main: Statement, rule_index: int) -> dict:
    others = [s for s in index.statements_of(f) if s.id != main.id]
    related = [
        {"id": n, "physicalLocation": _physical(s), "message": {"text": _describe(s, index.sources)}}
        for n, s in enumerate(others, start=1)
    ]
    refs = ", ".join(f"[{_text(_where(s))}]({n})" for n, s in enumerate(others, start=1))
    text = _text(f.message) + (f". Why: {_text(f.why)}" if f.why else "") + (f". See {refs}." if refs else ".")
    result = {
        "ruleId": f.code or CODES[f.kind],
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": _physical(main, snippet=True)}],
        "partialFingerprints": {"checkerFindingId/v1": f.id},
        "properties": {"kind": f.kind.value, "entity": f.entity, "metric": f.metric, "findingId": f.id},
    }
    if related:
        result["relatedLocations"] = related
    return result


def _physical(s: Statement, snippet: bool = False) -> dict:
    start_line, start_col, end_line, end_col = region(s)
    reg = {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col}
    if snippet:
        reg["snippet"] = {"text": s.text}
    return {"artifactLocation": _artifact(s.path), "region": reg}


def _where(s: Statement) -> str:
    return f"{uri(s.path)}:{s.line}"


def _describe(s: Statement, sources: dict[str, Source]) -> str:
    src = sources.get(s.source)
    date = f", {src.date}" if src and src.date else ", undated"
    return _text(f"{_where(s)} says {figure(s)}{date}")


def _text(text: str) -> str:
    """Plain message text: SARIF reads [..](n) as a link, so literal brackets are escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
