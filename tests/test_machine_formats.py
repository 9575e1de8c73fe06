"""Machine formats (issue 11, point 7).

An unreadable draft is in SARIF (the invocation's toolExecutionNotifications)
and a `github` annotation; SARIF URIs are relative to %SRCROOT%; Markdown
stays under GitHub's comment limit, most severe first, with a "… N more"
line; a large HTML report gets a table of contents and a filter by kind.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from checker.report import RenderOptions, html, markdown
from test_formats import run_cli

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
WRONG = "---\ntitle: 北京医药健康产业\ndate: 2025-06-19\n---\n\n记者获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长7.8%。\n"


@pytest.fixture
def drafts(tmp_path) -> Path:
    (tmp_path / "x.md").write_text(WRONG, encoding="utf-8")
    (tmp_path / "broken.md").write_bytes(b"PK\x03\x04 not an article")
    return tmp_path


def test_an_unreadable_draft_is_in_sarif_and_github(drafts):
    args = ["check", "x.md", "broken.md", "--against", str(ROOT / "seeds"), "--no-cache"]
    sarif = run_cli([*args, "--format", "sarif"], cwd=drafts)
    assert sarif.exit_code == 2  # a named draft could not be read
    log = json.loads(sarif.stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    [note] = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and note["descriptor"]["id"] == "binary"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "broken.md", "uriBaseId": "%SRCROOT%"}
    assert "broken.md: binary file" in note["message"]["text"]
    assert log["runs"][0]["results"], "the readable draft's findings are still there"

    github = run_cli([*args, "--format", "github"], cwd=drafts)
    first = github.stdout.splitlines()[0]
    assert first.startswith("::error file=broken.md,title=checker%3A binary::broken.md: binary file"), first


def test_sarif_uris_are_relative_to_srcroot(drafts):
    (drafts / "broken.md").unlink()
    shutil.copytree(ROOT / "seeds", drafts / "seeds")  # the corpus inside the folder checker runs from
    result = run_cli(["check", "x.md", "--against", "seeds/", "--no-cache", "--format", "sarif"], cwd=drafts)
    log = json.loads(result.stdout)
    run = log["runs"][0]
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    locations = [loc["physicalLocation"]["artifactLocation"] for r in run["results"] for loc in r["locations"] + r.get("relatedLocations", [])]
    assert locations and all(loc["uriBaseId"] == "%SRCROOT%" and not loc["uri"].startswith(("/", "file:")) for loc in locations)


def seeds_report():
    from checker import api
    from checker.api import CheckOptions

    report, _ = api.check([str(ROOT / "seeds")], [], CheckOptions(jobs=1))
    return report


@pytest.mark.parametrize("limit", [1500, 4000, 9000, 65536])
def test_markdown_stays_under_the_limit_most_severe_first(monkeypatch, limit):
    report = seeds_report()
    full = markdown.render(report, RenderOptions(show_agreements=True))
    monkeypatch.setattr(markdown, "LIMIT", limit)
    text = markdown.render(report, RenderOptions(show_agreements=True))
    assert len(text.encode("utf-16-le")) // 2 <= limit
    shown = re.findall(r"id `(f-[0-9a-f]+)`", text)
    if len(full.encode("utf-16-le")) // 2 <= limit:
        assert text == full and "more finding" not in text
        return
    findings = [f.id for f in sorted(report.findings, key=lambda f: ["conflict", "timeline", "agreement"].index(f.kind.value))]
    assert set(shown) == set(findings[: len(shown)])  # the most severe ones
    assert f"_… {len(findings) - len(shown)} more finding" in text


def test_large_html_has_contents_and_a_filter(monkeypatch):
    report = seeds_report()
    small = html.render(report, RenderOptions(show_agreements=True))
    assert "<nav" not in small and 'type="radio"' not in small  # the seeds report stays as it was
    monkeypatch.setattr(html, "LARGE", 5)
    page = html.render(report, RenderOptions(show_agreements=True))
    assert '<nav class="contents">' in page
    targets = re.findall(r'<a href="#(e\d+)">', page)
    assert targets and all(f'<section id="{t}">' in page for t in targets)
    for kind in ("timeline", "agreement"):
        assert f'<input type="radio" name="kind" id="k-{kind}">' in page
        assert f"#k-{kind}:checked~main .finding:not(.{kind})" in page
    assert "<script" not in page
    # the inputs are siblings of <main> and of the contents, as the ~ selectors need
    body = page.split("<body>", 1)[1]
    assert body.index('id="k-all"') < body.index('<nav class="contents">') < body.index("<main>")
