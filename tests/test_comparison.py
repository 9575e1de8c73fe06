"""Comparison cases, table-driven from tests/cases/comparison.toml: articles → findings."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from checker.api import CheckOptions, RunInfo, build_report, dated_by_story, process_article
from checker.config import Config
from checker.models import Article

CASES = tomllib.loads((Path(__file__).parent / "cases" / "comparison.toml").read_text(encoding="utf-8"))["case"]


def _report(case):
    draft = case.get("draft")
    articles = []
    for i, a in enumerate(sorted(case["articles"], key=lambda a: a["name"]), start=1):
        date = dt.date.fromisoformat(a["date"]) if a["date"] else None
        role = "draft" if a["name"] == draft else "corpus"
        articles.append(Article(id=f"s{i}", path=a["name"], raw=a["text"], date=date, role=role))
    extractions = [process_article(a) for a in articles]
    focus = {a.id for a in articles if a.role == "draft"} or None
    extractions, grouping, _ = dated_by_story(articles, extractions, focus, CheckOptions(jobs=1), RunInfo(), None)
    return build_report(extractions, [], focus, Config(), RunInfo(), grouping)


def _figures(report, finding):
    by_id = {s.id: s for s in report.statements}
    return sorted("".join(by_id[i].text.split()) for i in finding.statements)


def _hits(statements, side, texts) -> bool:
    name, anchor = side
    at = texts[name].index(anchor)
    return any(s.path == name and s.start < at + len(anchor) and s.end > at for s in statements)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_comparison_case(case):
    report = _report(case)
    found = [(f.kind.value, _figures(report, f)) for f in report.findings]
    for want in case.get("expect", []):
        # The figures as a set: a headline and its body saying one value are both the finding's.
        assert any(k == want["kind"] and set(fs) == set(want["figures"]) for k, fs in found), found
    for kind, n in case.get("count", {}).items():
        assert sum(1 for k, _ in found if k == kind) == n, found
    by_id = {s.id: s for s in report.statements}
    texts = {a["name"]: a["text"] for a in case["articles"]}
    for side_x, side_y in case.get("absent", []):
        for f in report.findings:
            stmts = [by_id[i] for i in f.statements]
            linked = _hits(stmts, side_x, texts) and _hits(stmts, side_y, texts)
            assert not linked, f"{side_x} and {side_y} linked by {f.kind.value}: {[s.text for s in stmts]}"
    if case.get("draft"):
        draft_ids = {s.id for s in report.statements if s.source in {src.id for src in report.sources if src.role == "draft"}}
        assert all(set(f.statements) & draft_ids for f in report.findings)
