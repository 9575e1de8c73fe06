"""Extraction cases, table-driven from tests/cases/*.toml (and benchmarks/ when present)."""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from pathlib import Path

import pytest

from checker.api import process_article
from checker.models import Article

ROOT = Path(__file__).resolve().parent.parent
CASE_FILES = [ROOT / "tests" / "cases" / "extraction.toml", ROOT / "benchmarks" / "extraction-cases.toml"]


def _cases(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return tomllib.loads(path.read_text(encoding="utf-8"))["case"]


def _extract(text: str, ref: str):
    date = dt.date.fromisoformat(ref) if ref else None
    article = Article(id="s1", path="case.txt", raw=text, date=date)
    return process_article(article).statements


def _figures(statements):
    return [s for s in statements if s.kind in ("quantity", "rank")]


def _close(a, b, rel=1e-6) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isinf(a)):
        return a == b or (a is None and b is not None and math.isinf(b)) or (b is None and a is not None and math.isinf(a))
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


ALL = [(p.parent.name + "/" + p.name, c) for p in CASE_FILES for c in _cases(p)]


@pytest.mark.parametrize("case", [c for _, c in ALL], ids=[f"{f}:{c['id']}" for f, c in ALL])
def test_extraction_case(case):
    statements = _extract(case["text"], case.get("ref", ""))
    figures = _figures(statements)
    for s in statements:
        assert case["text"][s.start : s.end] == s.text  # offsets point into the raw text
    if case.get("none"):
        assert not figures, [s.text for s in figures]
        return
    by_text = {s.text: s for s in figures}
    for text in case.get("absent", []):
        assert not any(text in t for t in by_text), f"{text!r} read as a figure: {list(by_text)}"
    for x, y in case.get("disjoint", []):
        a, b = by_text[x], by_text[y]
        assert a.high < b.low or b.high < a.low, (x, a.low, a.high, y, b.low, b.high)
    for want in case["expect"]:
        assert want["text"] in by_text, f"{want['text']!r} not among {list(by_text)}"
        got = by_text[want["text"]]
        exact = want.get("qualifier", "exact") == "exact"
        assert _close(got.value, float(want["value"]), 1e-6 if exact else 0.06), (got.value, want)
        if "low" in want:
            assert _close(got.low, float(want["low"]), 1e-6 if exact else 0.06), (got.low, want)
        if "high" in want:
            assert _close(got.high, float(want["high"]), 1e-6 if exact else 0.06), (got.high, want)
        assert got.unit == want["unit"]
        if "qualifier" in want:
            assert got.qualifier == want["qualifier"]
        if "role" in want:
            assert got.role == want["role"]
        if "marker" in want:
            assert want["marker"] in got.markers, got.markers
        for marker in case.get("absent_markers", []):
            assert marker not in got.markers, got.markers
        if "entity" in want:
            assert got.entity == (want["entity"] or None)  # "" = no subject named
        if "measure" in want:
            assert got.measure == want["measure"]
        if "modality" in want:
            assert got.modality == want["modality"]
        if "cumulative" in want:
            assert got.cumulative == want["cumulative"]


TIME_CASES = _cases(ROOT / "tests" / "cases" / "times.toml")


@pytest.mark.parametrize("case", TIME_CASES, ids=[c["id"] for c in TIME_CASES])
def test_time_case(case):
    statements = _figures(_extract(case["text"], case["ref"]))
    assert statements, "no figure found"
    s = statements[-1]
    if not case["period"]:
        assert s.period is None
    else:
        first, last = case["period"]
        assert s.period is not None
        assert str(s.period.start or "") == first
        assert str(s.period.end or "") == last
    if "as_of" in case:
        assert str(s.as_of) == case["as_of"]
    for field in ("as_of_time", "measure", "modality"):
        if field in case:
            assert getattr(s, field) == (case[field] or None), field
    assert s.cumulative == case["cumulative"]


EVENT_TIME_CASES = _cases(ROOT / "tests" / "cases" / "event_times.toml")


@pytest.mark.parametrize("case", EVENT_TIME_CASES, ids=[c["id"] for c in EVENT_TIME_CASES])
def test_event_time_case(case):
    dates = {s.text: s for s in _extract(case["text"], case["ref"]) if s.kind == "date"}
    for want in case.get("expect", []):
        assert want["text"] in dates, f"{want['text']!r} not among {list(dates)}"
        got = dates[want["text"]]
        assert (got.value, got.as_of_time) == (want["date"], want["time"])
    for text in case.get("absent", []):
        assert not any(text in t for t in dates), f"{text!r} read as an event time: {list(dates)}"
