"""Many variants of one figure (issue 11, point 8): what the terminal, Markdown and HTML show.

A draft says 1.6万亿元 where four seeds say 1.06万亿元, three of them also
突破万亿元 / 破万亿元, which fits both values. Each value's sources are
grouped under it; the sentences that fit several values are shown apart;
the figure is marked without colour (»…«).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import api
from checker.api import CheckOptions
from checker.report import RenderOptions, html, markdown, terminal
from checker.report.common import Index, sides

ROOT = Path(__file__).resolve().parent.parent
WRONG = "---\ntitle: 北京医药健康产业\ndate: 2025-06-19\n---\n\n记者获悉，2024年北京医药健康产业规模达到1.6万亿元，同比增长8.7%。\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    draft = tmp_path_factory.mktemp("variants") / "x.md"
    draft.write_text(WRONG, encoding="utf-8")
    found, _ = api.check([str(draft)], [str(ROOT / "seeds")], CheckOptions(jobs=1))
    return found


def conflict(report):
    [f] = [f for f in report.findings if f.kind.value == "conflict"]
    return f


def test_sides_group_values_and_set_apart_what_fits_several(report):
    values, apart = sides(conflict(report), Index(report))
    assert [(v.figures, v.sources) for v in values] == [("1.06万亿元", 4), ("1.6万亿元", 1)]
    # Both 突破万亿元 fit several values; 成为全国首个…破万亿元的城市 may fit none (a first, not the figure).
    assert {"突破万亿元"} <= {s.text for s in apart} <= {"破万亿元", "突破万亿元"}
    assert all(s.text == "1.06万亿元" for s in values[0].statements)


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start): text.index(end, text.index(start))]


@pytest.mark.parametrize(
    "render,first,second,apart,mark",
    [
        (lambda r: terminal.render(r, RenderOptions(color=False, width=200)),
         "1.06万亿元 · 4 sources", "1.6万亿元 · 1 source", "fits more than one of these values", "»{}«"),
        (lambda r: markdown.render(r, RenderOptions()),
         "**1.06万亿元** · 4 sources", "**1.6万亿元** · 1 source", "_fits more than one of these values_", "**{}**"),
        (lambda r: html.render(r, RenderOptions()),
         "<h3>4 sources: 1.06万亿元</h3>", "<h3>1 source: 1.6万亿元</h3>", "<h3>fits more than one of these values</h3>",
         "<mark>{}</mark>"),
    ],
    ids=["terminal", "markdown", "html"],
)
def test_each_value_with_its_sources_and_the_vague_apart(report, render, first, second, apart, mark):
    text = render(report)
    assert text.index(first) < text.index(second) < text.index(apart)
    under_first = _section(text, first, second)[len(first):]
    assert under_first.count(mark.format("1.06万亿元")) == 4 and mark.format("突破万亿元") not in under_first
    set_apart = _section(text, apart, "id")
    # Every vague figure linked to the fact is set apart, never under a value.
    assert set_apart.count(mark.format("突破万亿元")) == 2
    assert mark.format("破万亿元") not in under_first and mark.format("破万亿元") not in _section(text, second, apart)
    assert mark.format("1.06万亿元") not in set_apart
    assert mark.format("1.6万亿元") in _section(text, second, apart)


def test_terminal_marks_figures_only_without_colour(report):
    plain = terminal.render(report, RenderOptions(color=False, width=200))
    coloured = terminal.render(report, RenderOptions(color=True, width=200))
    assert "»1.06万亿元«" in plain and "»" not in coloured
