"""Baselines: reading (TOML, JSON), applying, writing, and one-line errors for bad files."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.baseline import BaselineError, Entry, apply_baseline, dumps, entries, read_baseline, reason
from checker.models import Kind

from test_formats import finding, make_report, run_cli, stmt
from checker.models import Source

A, B, C = "f-000000000000000a", "f-000000000000000b", "f-000000000000000c"


def report_with(*ids_kinds):
    sources = [Source(id="s1", path="a.md", title=None, date=None, outlet=None),
               Source(id="s2", path="b.md", title=None, date=None, outlet=None)]
    statements = [stmt("s1:1", "s1", "a.md", "5例", "5例"), stmt("s2:1", "s2", "b.md", "3例", "3例")]
    findings = [finding(fid, kind, ["s1:1", "s2:1"]) for fid, kind in ids_kinds]
    return make_report(findings, statements, sources)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt,name", [("toml", "baseline.toml"), ("json", "baseline.json")])
def test_apply_removes_accepted_and_lists_stale(tmp_path, fmt, name):
    path = write(tmp_path, name, dumps([Entry(id=A, reason="known"), Entry(id=C, reason="old")], fmt))
    report = report_with((A, Kind.CONFLICT), (B, Kind.TIMELINE))
    out = apply_baseline(report, path)
    assert [f.id for f in out.findings] == [B]
    assert out.baselined == [A]
    assert out.stale_baseline == [C]
    assert (out.summary.conflict, out.summary.timeline) == (0, 1)
    assert report.findings[0].id == A  # the input report is left alone


def test_written_baseline_is_sorted_deterministic_and_dateless():
    report = report_with((B, Kind.TIMELINE), (A, Kind.CONFLICT), (C, Kind.AGREEMENT))
    items = entries(report)
    assert [e.id for e in items] == [A, B]  # agreements are not discrepancies
    assert [e.id for e in entries(report, include_agreements=True)] == [A, B, C]
    text = dumps(items, "toml")
    assert text == dumps(entries(report), "toml")
    assert tomllib.loads(text) == {"version": 1, "accepted": [e.model_dump() for e in items]}
    assert json.loads(dumps(items, "json"))["accepted"][0] == {"id": A, "reason": reason(report.findings[1])}
    assert "20" not in text.split("reason")[0]  # no date in the header
    assert reason(report.findings[1]).startswith("accepted: CK01 conflict 北脑一号 人体植入: ")


@given(st.text(min_size=1))
@settings(max_examples=200, deadline=None)
def test_any_reason_round_trips_through_toml(text):
    loaded = tomllib.loads(dumps([Entry(id=A, reason=text)], "toml"))
    assert loaded["accepted"][0]["reason"] == text


@pytest.mark.parametrize(
    "name,text,key",
    [
        ("b.toml", 'version = 1\n[[accepted]]\nid = "f-xyz"\nreason = "r"\n', "accepted[0].id"),
        ("b.toml", 'version = 1\n[[accepted]]\nid = "f-000000000000000a"\n', "accepted[0].reason"),
        ("b.toml", 'version = 1\n[[accepted]]\nid = "f-000000000000000a"\nreason = ""\n', "accepted[0].reason"),
        ("b.toml", 'version = 1\n[[accepted]]\nid = "f-000000000000000a"\nreason = "r"\nwhy = "x"\n', "accepted[0].why"),
        ("b.toml", 'version = 9\n', "version"),
        ("b.toml", 'accepted = "all"\n', "accepted"),
        ("b.toml", 'version = 1\n[[accepted]]\nid = "f-000000000000000a"\nreason = "r"\n[[accepted]]\nid = "f-000000000000000a"\nreason = "r"\n', "accepted[1].id"),
        ("b.json", '{"version": 1, "accepted": [{"id": 5, "reason": "r"}]}', "accepted[0].id"),
        ("b.json", '{"version": 1, "accepted": {"id": "f-000000000000000a"}}', "accepted"),
    ],
)
def test_malformed_baseline_names_file_and_key(tmp_path, name, text, key):
    path = write(tmp_path, name, text)
    with pytest.raises(BaselineError) as e:
        read_baseline(path)
    line = e.value.problem.line()
    assert line.startswith(str(path) + ": ") and f"'{key}'" in line and "\n" not in line
    assert "checker baseline write" in line  # the fix


@pytest.mark.parametrize("name,text,what", [
    ("b.toml", "version = = 1", "not valid TOML"),
    ("b.json", "{version: 1}", "not valid JSON"),
    ("b.json", "[1, 2]", "a baseline is a table"),
])
def test_unparsable_baseline_is_one_line(tmp_path, name, text, what):
    with pytest.raises(BaselineError) as e:
        read_baseline(write(tmp_path, name, text))
    assert what in e.value.problem.line() and "\n" not in e.value.problem.line()


def test_missing_baseline_says_how_to_create_it(tmp_path):
    with pytest.raises(BaselineError) as e:
        read_baseline(tmp_path / "nope.toml")
    assert "no such baseline file" in e.value.problem.line() and "checker baseline write" in e.value.problem.line()


def test_cli_bad_baseline_exits_2_with_one_line(tmp_path):
    path = write(tmp_path, "b.toml", 'version = 1\n[[accepted]]\nid = "nope"\nreason = "r"\n')
    result = run_cli(["check", "seeds/", "--no-cache", "--baseline", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"checker: {path}: key 'accepted[0].id': 'nope' is not a finding id (ids look like f-0123456789abcdef) "
        "(write a fresh one with 'checker baseline write FILE')"
    ]


def test_cli_write_then_check_hides_findings_and_keeps_edited_reasons(tmp_path):
    path = tmp_path / "baseline.toml"
    first = run_cli(["baseline", "write", str(path), "seeds/", "--no-cache"])
    assert first.exit_code == 0, first.output
    written = path.read_text(encoding="utf-8")
    data = tomllib.loads(written)
    assert data["accepted"], "the seeds have a timeline difference to accept"
    again = run_cli(["baseline", "write", str(path), "seeds/", "--no-cache"])
    assert again.exit_code == 0 and path.read_text(encoding="utf-8") == written  # deterministic
    path.write_text(written.replace(data["accepted"][0]["reason"], "checked with the desk, both right"), encoding="utf-8")
    run_cli(["baseline", "write", str(path), "seeds/", "--no-cache"])
    assert "checked with the desk, both right" in path.read_text(encoding="utf-8")
    result = run_cli(["check", "seeds/", "--no-cache", "--format", "json", "--fail-on", "warning", "--baseline", str(path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert sorted(report["baselined"]) == sorted(e["id"] for e in data["accepted"])
    assert all(f["kind"] == "agreement" for f in report["findings"])


def test_cli_reports_stale_entries_on_stderr(tmp_path):
    path = write(tmp_path, "b.json", json.dumps({"version": 1, "accepted": [{"id": A, "reason": "gone"}]}))
    result = run_cli(["check", "seeds/", "--no-cache", "--format", "json", "--baseline", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["stale_baseline"] == [A]
    assert f"checker: {path}: 1 baseline entry matches no finding: {A}" in result.stderr
