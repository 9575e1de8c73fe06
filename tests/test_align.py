"""Blocking at scale: a fact said only in words every article uses is still found."""

from __future__ import annotations

import datetime as dt
import itertools

from checker.align import Thresholds
from checker.api import RunInfo, build_report, process_article
from checker.config import Config
from checker.models import Article


def _city_names(n: int) -> list[str]:
    # Two-character names no place table lists: found by their 市 suffix, as unknown cities are.
    chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
    return ["".join(p) for p in itertools.islice(itertools.permutations(chars, 2), n)]


def _report(texts: list[str]):
    articles = [
        Article(id=f"s{i}", path=f"a{i:04d}.md", raw=t, date=dt.date(2025, 3, 1) + dt.timedelta(days=i % 20))
        for i, t in enumerate(texts, start=1)
    ]
    return build_report([process_article(a) for a in articles], [], None, Config(), RunInfo())


def test_a_place_narrows_common_words_down():
    """More statements share every word of the metric than an index key may hold; the place still pairs them."""
    n = Thresholds().max_posting + 30
    texts = [f"2024年，{c}市光伏产业规模达到{100 + i}亿元。" for i, c in enumerate(_city_names(n))]
    texts += ["2024年，佛山市光伏产业规模达到3732亿元。", "2024年，佛山市光伏产业规模达到3372亿元。"]
    report = _report(texts)
    by_id = {s.id: s for s in report.statements}
    conflicts = [f for f in report.findings if f.kind.value == "conflict"]
    assert [sorted(by_id[i].text for i in f.statements) for f in conflicts] == [["3372亿元", "3732亿元"]]
    assert not [f for f in report.findings if f.kind.value == "agreement"]
