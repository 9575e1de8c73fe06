"""Scored linkage: the comparison levels (table-driven, tests/cases/linkage.toml), the shipped
weights table, the fit's arithmetic, and `explain` showing each slot's level and weight."""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import linkage
from checker.cli import main
from checker.extract.times import lead_date, year_hint
from checker.stories import _nearest_year

ROOT = Path(__file__).resolve().parent.parent
CASES = tomllib.loads((Path(__file__).parent / "cases" / "linkage.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["slip"], ids=lambda c: f"{c['x']}-{c['y']}")
def test_a_slip_of_the_pen(case):
    assert linkage._slip(case["x"], case["y"]) is case["slip"]
    assert linkage._slip(case["y"], case["x"]) is case["slip"]


def test_a_slip_of_the_decimal_point_survives_binary_noise():
    assert 33.62 * 1e8 != 3362000000.0  # the product a parser makes of 33.62億
    assert linkage._slip(33.62 * 1e8, 336.2 * 1e8)


@pytest.mark.parametrize("case", CASES["values"], ids=lambda c: c["level"])
def test_how_far_apart_two_values_are(case):
    from checker.models import Statement

    def stmt(v):
        return Statement(id="s:1", source="s", path="p", start=0, end=1, line=1, column=1, text="x", sentence="x",
                         entity=None, metric="m", unit="人", value=v, low=v, high=v, qualifier="exact",
                         period=None, as_of=None, cumulative=False)

    assert linkage._values(stmt(case["x"]), stmt(case["y"])) == case["level"]


@pytest.mark.parametrize("case", CASES["digits"], ids=lambda c: f"{c['x']}-{c['level']}")
def test_how_much_two_values_say(case):
    from checker.models import Statement

    def stmt(v, qualifier="exact"):
        return Statement(id="s:1", source="s", path="p", start=0, end=1, line=1, column=1, text="x", sentence="x",
                         entity=None, metric="m", unit="人", value=v, low=v, high=v, qualifier=qualifier,
                         period=None, as_of=None, cumulative=False)

    a, b = stmt(case["x"]), stmt(case["y"], case.get("qualifier", "exact"))
    assert linkage._digits_level(a, b) == case["level"]


@pytest.mark.parametrize("case", CASES["year"], ids=lambda c: c["text"][:12])
def test_the_year_a_text_says_it_is_written_in(case):
    assert (year_hint(case["text"]) or 0) == case["year"]


@pytest.mark.parametrize("case", CASES["lead"], ids=lambda c: c["date"] or c["text"][:8])
def test_an_undated_article_is_dated_by_its_lead(case):
    found = lead_date(case["text"], case["year"] or None)
    assert (found.isoformat() if found else "") == case["date"]


@pytest.mark.parametrize("case", CASES["nearest"], ids=lambda c: c["guessed"])
def test_a_guessed_year_takes_the_story_date_nearest_it(case):
    sure = [dt.date.fromisoformat(d) for d in case["sure"]]
    assert _nearest_year(dt.date.fromisoformat(case["guessed"]), sure) == case["year"]


def test_the_shipped_table_weighs_every_level_of_every_model():
    table = linkage.table()
    assert table.fitted.commit and table.fitted.pairs > table.fitted.matches > 0
    for name in linkage.MODELS:
        model = getattr(table, name)
        assert math.isfinite(model.intercept) and math.isfinite(model.threshold)
        for slot, levels in linkage.SLOTS.items():
            assert set(model.weights[slot]) == set(levels), (name, slot)


def _fit_module():
    spec = importlib.util.spec_from_file_location("fit_linkage", ROOT / "benchmarks" / "fit_linkage.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fit_linkage"] = module  # its dataclasses look their module up
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


def test_the_fit_weighs_a_level_by_how_often_it_goes_with_a_match():
    fit = _fit_module()
    same = fit.INDEX[("story", "same")]
    other = fit.INDEX[("story", "other")]
    pairs = [fit.Pair("fixed", (same,), True, frozenset({"x"})) for _ in range(40)]
    pairs += [fit.Pair("fixed", (same,), False, frozenset({"x"})) for _ in range(10)]
    pairs += [fit.Pair("fixed", (other,), False, frozenset({"x"})) for _ in range(45)]
    pairs += [fit.Pair("fixed", (other,), True, frozenset({"x"})) for _ in range(5)]
    beta, threshold = fit.fit(pairs, "fixed")
    assert beta[1 + same] > 0 > beta[1 + other]
    # Linking the "same story" pairs only is the F-best cut: 40 of 45 matches at precision 0.8.
    assert beta[0] + beta[1 + other] < threshold <= beta[0] + beta[1 + same]


def test_the_best_threshold_maximises_f():
    fit = _fit_module()
    scored = [(3.0, 5, 0), (2.0, 4, 1), (1.0, 1, 9), (0.0, 0, 30)]  # (score, matches, non-matches)
    assert fit.best_threshold(scored, 1.0) == 2.0


def test_explain_shows_each_slot_level_and_weight(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    runner = CliRunner()
    report = runner.invoke(main, ["check", str(seeds), "--format", "json", "--no-cache", "--fail-on", "never"])
    import json

    finding = next(f for f in json.loads(report.output)["findings"] if f["kind"] == "timeline")
    shown = runner.invoke(main, ["explain", finding["id"], str(seeds), "--no-cache"])
    assert shown.exit_code == 0, shown.output
    assert re.search(r"\[\d\]–\[\d\] differ, by the running model: intercept [+-]\d", shown.output)
    for slot in ("story", "subject", "measure", "moment", "best"):
        assert re.search(rf"^  {slot} +\w+ +[+-]\d+\.\d\d$", shown.output, re.M), slot
    assert re.search(r"total [+-]\d+\.\d\d \(linked at [+-]\d+\.\d\d or more\)", shown.output)


def _one_figure(text: str, day: str):
    from checker.api import process_article
    from checker.models import Article

    article = Article(id="s" + day, path=f"{day}.md", raw=text, date=dt.date.fromisoformat(day))
    (statement,) = [s for s in process_article(article).statements if s.kind != "date"]
    return statement


@pytest.mark.parametrize(
    "a, day_a, b, day_b, period",
    [
        # the year so far, as said on 3月5日, may be the year: a target, a budget
        ("今年发展的主要预期目标是：国内生产总值增长5%左右。", "2024-03-05",
         "2024年发展主要预期目标是：国内生产总值增长5%左右。", "2024-03-06", "unknown"),
        # the year's end, said two ways
        ("2023年末全国人口140967万人。", "2024-01-17", "截至2023年末，全国人口140967万人。", "2024-01-18", "same"),
        # one day's flow is not the holiday's
        ("5月1日全国铁路发送旅客2311.9万人次。", "2024-05-06", "“五一”假期全国铁路发送旅客1.51亿人次。", "2024-05-07", None),
    ],
)
def test_periods_said_differently(a, day_a, b, day_b, period):
    from checker.align import compare_frames

    found = compare_frames(_one_figure(a, day_a), _one_figure(b, day_b), {})
    assert (found[4] if found else None) == period


@pytest.mark.parametrize(
    "a, b, overlap",
    [
        ("5月1日凌晨2时10分许", "5月1日凌晨1时57分许", False),  # 13 minutes apart, each said to about 5
        ("5月1日凌晨2时许", "5月1日凌晨2时10分许", True),  # about 2 o'clock: within half an hour
        ("3月21日14时许", "3月21日14时48分", False),
        ("3月21日14时", "3月21日14时48分", True),  # said to the hour: any minute of it
        ("6月21日20时40分", "6月21日20时37分", False),
    ],
)
def test_times_of_one_day(a, b, overlap):
    from checker.align import values_overlap

    sa, sb = (_one_date(f"{t}，该路段发生塌方。") for t in (a, b))
    assert values_overlap(sa, sb) is overlap


def _one_date(text: str):
    from checker.api import process_article
    from checker.models import Article

    (statement,) = process_article(Article(id="s1", path="a.md", raw=text, date=dt.date(2024, 6, 30))).statements
    assert statement.kind == "date" and statement.as_of_time
    return statement


def test_an_agreement_never_holds_two_times_that_cannot_meet():
    """2时许 agrees with 2时10分许 and with 1时57分许; the two do not agree, so no agreement holds both,
    though no link says they differ."""
    from checker.compare import compare
    from checker.models import Alignment, Link

    times = ["5月1日凌晨2时10分许", "5月1日凌晨2时许", "5月1日凌晨1时57分许"]
    dates = [_one_date(f"{t}，该路段发生塌方。").model_copy(update={"id": f"s{i}:1", "source": f"s{i}", "path": f"a{i}.md"})
             for i, t in enumerate(times, 1)]
    links = [Link(a="s1:1", b="s2:1", relation="agree", similarity=1.0, entity="none", period="same"),
             Link(a="s2:1", b="s3:1", relation="agree", similarity=0.9, entity="none", period="same")]
    findings = compare(dates, Alignment(links=links, blocks=1, largest_block=3, candidate_pairs=3))
    by_id = {s.id: s for s in dates}
    held = [{by_id[x].as_of_time for x in f.statements} for f in findings if f.kind.value == "agreement"]
    assert held and not any({"02:10", "01:57"} <= h for h in held), held


def test_an_agreement_never_holds_two_measures():
    """21人死亡 and 21人属危重 each agree with a 21人 that names no measure; no agreement holds both."""
    from checker.api import process_article
    from checker.compare import compare
    from checker.models import Alignment, Article, Link

    texts = ["截至18时，火灾已造成21人死亡。", "此外还有21人。", "在院伤员中21人重伤。"]
    stmts = []
    for i, text in enumerate(texts, 1):
        (s,) = process_article(Article(id=f"s{i}", path=f"a{i}.md", raw=text, date=dt.date(2023, 4, 19))).statements
        stmts.append(s)
    assert [s.measure for s in stmts] == ["死亡", None, "重伤"]
    links = [Link(a="s1:1", b="s2:1", relation="agree", similarity=1.0, entity="none", period="same"),
             Link(a="s2:1", b="s3:1", relation="agree", similarity=0.9, entity="none", period="same")]
    findings = compare(stmts, Alignment(links=links, blocks=1, largest_block=3, candidate_pairs=2))
    held = [set(f.statements) for f in findings if f.kind.value == "agreement"]
    assert held and not any({"s1:1", "s3:1"} <= h for h in held), held
