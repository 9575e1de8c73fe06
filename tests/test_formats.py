"""Every output format: golden files on the seeds, schemas, escaping, limits, atomic writes.

Golden files live in tests/golden/seeds/report.<ext>; `pytest --update-golden`
rewrites them. The tool version is normalised so a release does not touch them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from checker import __version__
from checker.cli import main
from checker.models import Finding, Kind, Period, Report, Severity, Source, Statement, Summary, Tool
from checker.report import RENDERERS, RenderOptions, github, html, markdown, sarif
from checker.report import json as json_report
from checker.report import json as json_format
from checker.report.common import region, split_figure
from checker.run import write_atomically

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "seeds"
SARIF_SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = ROOT / "checker" / "data" / "report.schema.json"
FORMATS = {"json": "json", "markdown": "md", "html": "html", "sarif": "sarif", "github": "github", "rich": "txt", "concise": "concise"}
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "a|b", "`tick`"]


def run_cli(args, cwd: Path = ROOT):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def seeds_output(fmt: str) -> str:
    result = run_cli(["check", "seeds/", "--format", fmt, "--show-agreements", "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    return normalise(fmt, result.stdout)


def normalise(fmt: str, text: str) -> str:
    """Volatile fields out: the tool version."""
    if fmt in ("json", "sarif"):
        text = text.replace(f'"version": "{__version__}"', '"version": "VERSION"')
    return text.replace(f"checker {__version__}", "checker VERSION")


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_golden_seeds(fmt, update_golden):
    first, second = seeds_output(fmt), seeds_output(fmt)
    assert first == second, f"{fmt}: two runs on the same input differ"
    path = GOLDEN / f"report.{FORMATS[fmt]}"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(first, encoding="utf-8", newline="")
    assert path.exists(), f"{path} missing: run pytest --update-golden"
    assert first == path.read_bytes().decode("utf-8"), f"{fmt} output changed: review, then pytest --update-golden"


def test_every_format_has_a_golden_file():
    assert set(FORMATS) == set(RENDERERS)


# ---------------------------------------------------------------- schemas


def test_json_report_is_valid_against_its_schema():
    data = json.loads(seeds_output("json"))
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert list(data)[:6] == ["schema", "tool", "sources", "statements", "findings", "summary"]


def test_sarif_is_valid_against_the_official_schema():
    log = json.loads(seeds_output("sarif"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "checker"
    assert [r["id"] for r in driver["rules"]] == ["CK01", "CK02", "CK03"]
    for result in log["runs"][0]["results"]:
        assert result["level"] in ("error", "warning", "note")
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert re.fullmatch(r"f-[0-9a-f]{16}", result["partialFingerprints"]["checkerFindingId/v1"])
        loc = result["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith("/") and "\\" not in loc["artifactLocation"]["uri"]
        reg = loc["region"]
        assert reg["startLine"] >= 1 and reg["startColumn"] >= 1
        assert (reg["endLine"], reg["endColumn"]) > (reg["startLine"], reg["startColumn"])
        for related in result.get("relatedLocations", []):
            assert related["message"]["text"]


def test_sarif_region_points_at_the_figure_in_the_file():
    log = json.loads(seeds_output("sarif"))
    for result in log["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]
        lines = (ROOT / loc["artifactLocation"]["uri"]).read_text(encoding="utf-8").splitlines()
        reg = loc["region"]
        if reg["startLine"] == reg["endLine"]:
            text = lines[reg["startLine"] - 1][reg["startColumn"] - 1 : reg["endColumn"] - 1]
            assert text == reg["snippet"]["text"]


# ---------------------------------------------------------------- hand-made reports


def stmt(sid, source, path, text, sentence, line=3, column=5, **extra) -> Statement:
    fields = dict(
        id=sid, source=source, path=path, start=10, end=10 + len(text), line=line, column=column,
        text=text, sentence=sentence, entity="北脑一号", metric="人体植入", unit="例", value=5.0, low=5.0,
        high=5.0, qualifier="exact", period=Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 19)),
        as_of=dt.date(2025, 6, 19), cumulative=True,
    )
    fields.update(extra)
    return Statement(**fields)


def make_report(findings, statements, sources) -> Report:
    count = {k: sum(f.kind == k for f in findings) for k in Kind}
    return Report(
        tool=Tool(version="0.1.0"), sources=sources, statements=statements, findings=findings,
        summary=Summary(sources=len(sources), statements=len(statements), conflict=count[Kind.CONFLICT],
                        timeline=count[Kind.TIMELINE], agreement=count[Kind.AGREEMENT]),
    )


def finding(fid, kind, statements, severity=None, message="a says 5例; b says 3例") -> Finding:
    code = {Kind.CONFLICT: "CK01", Kind.TIMELINE: "CK02", Kind.AGREEMENT: "CK03"}[kind]
    sev = severity or {Kind.CONFLICT: Severity.ERROR, Kind.TIMELINE: Severity.WARNING, Kind.AGREEMENT: Severity.INFO}[kind]
    return Finding(id=fid, kind=kind, severity=sev, entity="北脑一号", metric="人体植入", message=message,
                   statements=statements, code=code, groups=[statements[:1], statements[1:]], why="same entity")


def hostile_report() -> Report:
    """A conflict whose sentences, paths, title and message carry markup."""
    evil = "".join(PAYLOADS)
    sources = [
        Source(id="s1", path="a|b[x](javascript:1).md", title=evil, date=dt.date(2025, 6, 19), outlet=evil),
        Source(id="s2", path="corpus/<b>.txt", title="t", date=None, outlet=None, role="draft"),
    ]
    statements = [
        stmt("s1:1", "s1", sources[0].path, "5例", f"{evil}北脑一号已完成5例人体植入{evil}。"),
        stmt("s2:1", "s2", sources[1].path, "3例", "北脑一号已完成3例人体植入`|`<script>x</script>。", value=3.0, low=3.0, high=3.0),
    ]
    return make_report([finding("f-0123456789abcdef", Kind.CONFLICT, ["s1:1", "s2:1"], message=evil)], statements, sources)


def test_html_escapes_all_article_text():
    page = html.render(hostile_report(), RenderOptions())
    for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<script>x</script>", "<b>"):
        assert payload not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "<mark>5例</mark>" in page and "<mark>3例</mark>" in page


def test_html_is_self_contained_with_a_strict_csp():
    page = seeds_output("html")
    assert "default-src &#x27;none&#x27;; style-src &#x27;unsafe-inline&#x27;" in page
    assert not re.search(r"\b(src|href)\s*=", page), "no external or inline resource references"
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert "<mark>" in page and "<style>" in page


def test_markdown_renders_article_text_literally():
    md = markdown.render(hostile_report(), RenderOptions())
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert "href" not in rendered, rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "[x](javascript:alert(1))" in rendered  # shown as text, not a link
    rows = [line for line in md.splitlines() if line.startswith("| ") and "---" not in line]
    for row in rows:  # pipes inside cells are escaped: every row has 3 cells
        assert len(re.findall(r"(?<!\\)\|", row)) == 4, row
    assert "<strong>5例</strong>" in rendered and "<strong>3例</strong>" in rendered


def test_markdown_bold_survives_punctuation_next_to_cjk():
    s = stmt("s1:1", "s1", "a.md", "8.7%", "同比增长8.7%的速度。")
    report = make_report([finding("f-00000000000000aa", Kind.AGREEMENT, ["s1:1"])], [s], [Source(id="s1", path="a.md", title=None, date=None, outlet=None)])
    rendered = MarkdownIt("commonmark").enable("table").render(markdown.render(report, RenderOptions(show_agreements=True)))
    assert "<strong>8.7%</strong>" in rendered


def test_agreements_only_with_show_agreements():
    s = [stmt("s1:1", "s1", "a.md", "5例", "5例"), stmt("s2:1", "s2", "b.md", "五例", "五例")]
    sources = [Source(id=i, path=p, title=None, date=None, outlet=None) for i, p in (("s1", "a.md"), ("s2", "b.md"))]
    report = make_report([finding("f-00000000000000aa", Kind.AGREEMENT, ["s1:1", "s2:1"])], s, sources)
    for fmt in ("markdown", "html", "sarif", "github"):
        hidden = RENDERERS[fmt](report, RenderOptions(show_agreements=False))
        shown = RENDERERS[fmt](report, RenderOptions(show_agreements=True))
        assert "f-00000000000000aa" not in hidden and "f-00000000000000aa" in shown, fmt
    assert "::notice " in github.render(report, RenderOptions(show_agreements=True))


def test_sarif_sits_on_the_draft_and_names_the_others():
    log = sarif.to_sarif(hostile_report(), RenderOptions())
    result = log["runs"][0]["results"][0]
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "corpus/%3Cb%3E.txt"  # s2 is the draft
    assert loc["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 7, "snippet": {"text": "3例"}}
    assert [r["physicalLocation"]["artifactLocation"]["uri"] for r in result["relatedLocations"]] == ["a%7Cb%5Bx%5D%28javascript%3A1%29.md"]
    assert "5例" in result["relatedLocations"][0]["message"]["text"]
    assert result["partialFingerprints"] == {"checkerFindingId/v1": "f-0123456789abcdef"}
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)


def test_region_of_a_figure_broken_across_lines():
    one = stmt("s1:1", "s1", "a.md", "1.06万亿元", "x", line=4, column=10)
    assert region(one) == (4, 10, 4, 17)
    broken = stmt("s1:2", "s1", "a.md", "四\n\n\n\n大科室", "x", line=7, column=30)
    assert region(broken) == (7, 30, 11, 4)
    crlf = stmt("s1:3", "s1", "a.md", "四\r\n大科室", "x", line=7, column=30)
    assert region(crlf) == (7, 30, 8, 4)


def test_repeated_figure_is_highlighted_where_the_statement_is():
    sentence = "审评时限从200天压缩至60天，临床试验审批从60天压缩至30天。"
    base = 100  # the sentence's offset in the raw file
    at = [sentence.index("200天"), sentence.index("60天"), sentence.rindex("60天"), sentence.index("30天")]
    stmts = [stmt(f"s1:{n}", "s1", "a.md", t, sentence, start=base + a, end=base + a + len(t))
             for n, (t, a) in enumerate(zip(["200天", "60天", "60天", "30天"], at), start=1)]
    assert split_figure(sentence, stmts[1], stmts)[0] == sentence[: at[1]]
    assert split_figure(sentence, stmts[2], stmts)[0] == sentence[: at[2]]
    assert split_figure(sentence, stmts[2])[0] == sentence[: at[1]]  # alone: the first occurrence
    sources = [Source(id="s1", path="a.md", title=None, date=None, outlet=None)]
    page = html.render(make_report([finding("f-00000000000000aa", Kind.AGREEMENT, ["s1:3", "s1:4"])], stmts, sources),
                       RenderOptions(show_agreements=True))
    assert "审批从<mark>60天</mark>压缩至30天" in page


def test_github_escapes_properties_and_message():
    assert github.escape_property("a,b:c%d\r\ne") == "a%2Cb%3Ac%25d%0D%0Ae"
    assert github.escape_data("a,b:c%d\r\ne") == "a,b:c%25d%0D%0Ae"
    out = github.render(hostile_report(), RenderOptions())
    command = out.splitlines()[0]
    assert command.startswith("::error file=corpus/<b>.txt,line=3,col=5,endLine=3,endColumn=6,title=CK01 conflict%3A ")
    props, message = command[len("::error ") :].split("::", 1)
    assert "\n" not in message and "%0A" in message


def test_github_caps_annotations_per_level_most_severe_first():
    statements, findings, sources = [], [], []
    for n in range(12):
        sources.append(Source(id=f"s{n}", path=f"{n}.md", title=None, date=None, outlet=None))
        statements.append(stmt(f"s{n}:1", f"s{n}", f"{n}.md", "5例", "5例"))
    for n in range(12):
        findings.append(finding(f"f-{n:016x}", Kind.TIMELINE, [f"s{n}:1", f"s{(n + 1) % 12}:1"]))
        findings.append(finding(f"f-{n + 100:016x}", Kind.CONFLICT, [f"s{n}:1", f"s{(n + 1) % 12}:1"]))
    out = github.render(make_report(findings, statements, sources), RenderOptions()).splitlines()
    levels = [line.split(" ", 1)[0] for line in out[:-1]]
    assert levels == ["::error"] * 10 + ["::warning"] * 10
    assert out[-1].startswith("checker: ") and "4 more not annotated" in out[-1]


# ---------------------------------------------------------------- the JSON report, piece by piece


def test_json_report_has_the_bytes_of_json_dumps():
    """Written piece by piece, it is still exactly json.dumps of the whole model dump (C1, U+2028 and bidi as escapes)."""
    statements = [
        stmt("s1:1", "s1", "a.md", "1\n0万", "控制字符\x00\x1f\x7f\u2028\"引号\"\\", value=1e16, low=-0.0, high=float("inf")),
        stmt("s1:2", "s1", "a.md", "5例", "x", value="2025-01-01", low=None, high=1.1, period=None, as_of=None, role="after"),
        stmt("s2:1", "s2", "b.md", "3例", "y", entity=None, value=3.0, low=float("-inf"), high=5e-324, period=Period()),
    ]
    sources = [Source(id="s1", path="a.md", title=None, date=dt.date(2025, 6, 19), outlet="新华社"),
               Source(id="s2", path="b.md", title="t", date=None, outlet=None, role="draft")]
    reports = [
        make_report([finding("f-1", Kind.CONFLICT, ["s1:1", "s2:1"])], statements, sources),
        make_report([], [], []),
        hostile_report().model_copy(update={"baselined": ["f-x"], "stale_baseline": ["f-y"]}),
    ]
    from checker.safe_text import json_safe

    for report in reports:
        expected = json_safe(json.dumps(json_format.to_data(report), ensure_ascii=False, indent=2) + "\n")
        assert json_format.render(report) == expected
        assert json.loads(expected) == json.loads(json.dumps(json_format.to_data(report)))  # the same values
        assert "".join(RENDERERS["json"](report, RenderOptions())) == expected


def test_json_report_of_many_statements_comes_in_pieces():
    statements = [stmt(f"s1:{n}", "s1", "a.md", "5例", "句子") for n in range(600)]
    report = make_report([], statements, [Source(id="s1", path="a.md", title=None, date=None, outlet=None)])
    pieces = list(json_format.chunks(report))
    assert len(pieces) > 3 and max(map(len, pieces)) < len("".join(pieces)) / 2
    assert "".join(pieces) == json.dumps(json_format.to_data(report), ensure_ascii=False, indent=2) + "\n"


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_json_values, st.integers(min_value=0, max_value=3))
@settings(max_examples=300, deadline=None)
def test_json_encoder_matches_json_dumps(value, level):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
    assert json_format.encode(value, level) == expected


# ---------------------------------------------------------------- atomic --output


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_failing_render_leaves_no_partial_file(tmp_path, monkeypatch, fmt):
    target = tmp_path / "out.report"
    target.write_text("previous report\n", encoding="utf-8")

    def broken(report, options):
        raise RuntimeError("renderer crashed")

    def broken_halfway(report, options):  # the JSON report is written piece by piece
        yield "{\n"
        raise RuntimeError("renderer crashed")

    if fmt == "json":
        monkeypatch.setattr(json_report, "chunks", broken_halfway)
    else:
        monkeypatch.setattr(markdown, "render", broken)
    with pytest.raises(RuntimeError):
        run_cli(["check", "seeds/", "--format", fmt, "--no-cache", "--output", str(target)])
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert os.listdir(tmp_path) == ["out.report"]


def test_crash_while_writing_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "out.sarif"
    target.write_text("old", encoding="utf-8")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(str(target), "new" * 1000)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.sarif"]


def test_output_file_is_written_whole(tmp_path):
    target = tmp_path / "report.sarif"
    result = run_cli(["check", "seeds/", "--format", "sarif", "--no-cache", "--output", str(target)])
    assert result.exit_code in (0, 1) and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() would make it, not mkstemp's 0600


# ---------------------------------------------------------------- a real browser


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian package chromium not installed")
def test_browser_runs_no_article_script(tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(html.render(hostile_report(), RenderOptions()), encoding="utf-8")
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout
    assert "<body>" in dom
    assert "<script" not in dom and "<img" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
