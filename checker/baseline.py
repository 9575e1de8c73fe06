"""Baselines: finding ids an editor has accepted, each with a reason.

A baseline is a TOML or JSON file (by its suffix: `.json` is JSON, anything
else TOML):

    version = 1

    [[accepted]]
    id = "f-3a9c1e0b7d2f4a61"
    reason = "accepted: CK01 conflict 北脑一号 人体植入: …"

`apply_baseline` drops the accepted findings from a report, lists them in
`report.baselined` and lists the file's ids that match no finding in
`report.stale_baseline`; the summary then counts what is still reported.
`dumps` writes the current findings as a baseline, sorted by id, with no
date or path of the machine in it: the same findings give the same bytes.
Finding ids are fingerprints (compare.fingerprint), so an edit elsewhere in
an article keeps its findings baselined. A malformed file is a
`BaselineError` whose problem names the file and the key; nothing here
prints or exits.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .models import Finding, Kind, Problem, Report

VERSION = 1
ID_PATTERN = r"^f-[0-9a-f]{16}$"
HINT = "write a fresh one with 'checker baseline write FILE'"


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    reason: str = Field(min_length=1)


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(VERSION, ge=1, le=VERSION)
    accepted: list[Entry] = Field(default_factory=list)


class BaselineError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.line())
        self.problem = problem


def _error(path: Path, message: str, hint: str = HINT) -> BaselineError:
    return BaselineError(Problem(path=str(path), code="baseline", message=message, hint=hint))


def read_baseline(path: Path) -> Baseline:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise _error(path, "no such baseline file", "create it with 'checker baseline write FILE [PATH...]'")
    except (OSError, UnicodeDecodeError) as e:
        raise _error(path, f"cannot read the baseline: {getattr(e, 'strerror', None) or e}")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as e:
        kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
        raise _error(path, f"not valid {kind}: {e}")
    if not isinstance(data, dict):
        raise _error(path, "a baseline is a table with 'version' and 'accepted'")
    try:
        baseline = Baseline.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".") or "(top level)"
        raise _error(path, f"key '{key}': {_say(err)}")
    seen: set[str] = set()
    for n, entry in enumerate(baseline.accepted):
        if entry.id in seen:
            raise _error(path, f"key 'accepted[{n}].id': {entry.id} is listed twice")
        seen.add(entry.id)
    return baseline


def _say(err: dict) -> str:
    if err["type"] == "string_pattern_mismatch":
        return f"{err['input']!r} is not a finding id (ids look like f-0123456789abcdef)"
    return err["msg"]


def apply_baseline(report: Report, path: Path) -> Report:
    """The report without the accepted findings; baselined and stale ids filled in."""
    accepted = {e.id for e in read_baseline(Path(path)).accepted}
    kept = [f for f in report.findings if f.id not in accepted]
    present = {f.id for f in report.findings}
    return report.model_copy(
        update={
            "findings": kept,
            "baselined": [f.id for f in report.findings if f.id in accepted],
            "stale_baseline": sorted(accepted - present),
            "summary": report.summary.model_copy(update={k.value: sum(f.kind == k for f in kept) for k in Kind}),
        }
    )


def entries(report: Report, include_agreements: bool = False) -> list[Entry]:
    """One entry per finding (agreements only when asked), sorted by id."""
    chosen = [f for f in report.findings if include_agreements or f.kind != Kind.AGREEMENT]
    unique = {f.id: f for f in chosen}
    return [Entry(id=i, reason=reason(unique[i])) for i in sorted(unique)]


def reason(f: Finding) -> str:
    subject = " ".join(x for x in (f.entity, f.metric) if x)
    return f"accepted: {f.code} {f.kind.value} {subject}: {f.message}".replace("  ", " ")


def dumps(items: list[Entry], fmt: str) -> str:
    """The baseline file's text, 'toml' or 'json'."""
    if fmt == "json":
        data = {"version": VERSION, "accepted": [e.model_dump() for e in items]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    out = [
        "# checker baseline: findings accepted as known. Baselined findings are not",
        "# reported and do not fail the run; edit the reasons, delete an entry to see it again.",
        f"version = {VERSION}",
    ]
    for e in items:
        out += ["", "[[accepted]]", f"id = {_toml_string(e.id)}", f"reason = {_toml_string(e.reason)}"]
    return "\n".join(out) + "\n"


def format_for(path: Path) -> str:
    return "json" if Path(path).suffix.lower() == ".json" else "toml"


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but DEL must be escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
