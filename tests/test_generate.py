"""The benchmark corpus generator (benchmarks/generate.py): deterministic, labelled, realistic in size."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

N = 60


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, Path, dict]:
    out = tmp_path_factory.mktemp("a")
    drafts = tmp_path_factory.mktemp("d")
    summary = generate.generate(N, seed=3, out=out, n_drafts=2, drafts_out=drafts)
    return out, drafts, summary


def test_the_same_seed_gives_the_same_bytes(made, tmp_path):
    out, drafts, _ = made
    generate.generate(N, seed=3, out=tmp_path / "a", n_drafts=2, drafts_out=tmp_path / "d")
    assert files(out) == files(tmp_path / "a")
    assert files(drafts) == files(tmp_path / "d")


def test_another_seed_gives_another_corpus(made, tmp_path):
    generate.generate(N, seed=4, out=tmp_path / "b")
    assert files(made[0]) != files(tmp_path / "b")


def test_articles_look_like_news(made):
    out, _, summary = made
    articles = [p for p in out.iterdir() if p.suffix in (".txt", ".md")]
    assert len(articles) == N
    sizes = [len(p.read_text(encoding="utf-8")) for p in articles]
    assert 1600 < sum(sizes) / N < 2600
    texts = [p.read_text(encoding="utf-8") for p in articles]
    assert any("（以下简称" in t for t in texts) and any("有限公司" in t for t in texts)
    assert any(re.search(r"新华社\w+\d+月\d+日电（记者", t) for t in texts)
    assert any(t.startswith("---\ntitle:") and "\ndate: 2025-" in t for t in texts)
    assert any(re.search(r"[零一二三四五六七八九十百千]+[人件条家个]", t) for t in texts)  # Chinese numerals
    assert any("万亿元" in t or "万元" in t for t in texts) and any("亿美元" in t for t in texts)
    assert any("截至" in t and "累计" in t for t in texts)


def test_labels_name_unique_anchors_holding_a_figure(made):
    out, drafts, summary = made
    for folder, name in ((out, "labels.jsonl"), (drafts, "drafts.gold.jsonl")):
        rows = [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]
        assert rows
        for row in rows:
            assert row["label"] in {"AGREE", "CONFLICT", "TIMELINE", "NOT-SAME"}
            for side in ("a", "b"):
                path = out / row[side]["file"] if (out / row[side]["file"]).exists() else drafts / row[side]["file"]
                text = path.read_text(encoding="utf-8")
                anchor = row[side]["anchor"]
                assert text.count(anchor) == 1, (row["id"], anchor)
                assert re.search(r"[\d零一二三四五六七八九十]", anchor), anchor
    labels = {json.loads(line)["label"] for line in (out / "labels.jsonl").read_text(encoding="utf-8").splitlines()}
    assert labels == {"AGREE", "CONFLICT", "TIMELINE", "NOT-SAME"}


def test_chinese_numerals_are_written_as_news_writes_them():
    assert [generate.cn_int(n) for n in (5, 10, 15, 110, 305, 1700, 1070, 12000)] == [
        "五", "十", "十五", "一百一十", "三百零五", "一千七百", "一千零七十", "一万二千",
    ]
    assert generate.cn_decimal(8.7) == "八点七"
