"""The stories stage: articles grouped into the stories they tell, checked on the real-coverage archive.

benchmarks/news holds stories whose folders say which articles tell which;
the grouping must recover most of them (B-cubed precision and recall) and keep
apart the stories whose measures recur (four earthquakes' 死亡, two holidays'
出游人次). Smaller properties: a draft joins the corpus's stories without moving
them, and articles unlike each other are of other stories.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from checker.api import process_article
from checker.load import load_paths
from checker.models import Source, Topic
from checker.extract.topic import marks
from checker.stories import contrasting, group, inferred_years

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "benchmarks" / "news"


@pytest.fixture(scope="module")
def archive():
    folders = sorted(str(p) for p in NEWS.glob("*/articles"))
    articles, _ = load_paths(folders, "corpus")
    articles = [a.model_copy(update={"id": f"s{i}"}) for i, a in enumerate(sorted(articles, key=lambda a: a.path), 1)]
    extractions = [process_article(a) for a in articles]
    truth = {a.id: Path(a.path).parent.parent.name for a in articles}
    return extractions, truth


def _b_cubed(story_of: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    found, real = Counter(story_of.values()), Counter(truth.values())
    both = Counter((story_of[s], truth[s]) for s in truth)
    p = sum(both[(story_of[s], truth[s])] / found[story_of[s]] for s in truth) / len(truth)
    r = sum(both[(story_of[s], truth[s])] / real[truth[s]] for s in truth) / len(truth)
    return p, r


def test_the_archives_stories_are_found(archive):
    extractions, truth = archive
    grouping = group([(e.source, e.topic) for e in extractions])
    p, r = _b_cubed(grouping.story_of, truth)
    assert p >= 0.8 and r >= 0.65, (p, r)


def test_stories_whose_measures_recur_are_kept_apart(archive):
    """Earthquakes of different places are never one story. Two of one place (芦山, 2013 and 2022,
    told without a year in most leads) still are: a known limit, the year of an undated article
    being unknown when stories are found."""
    extractions, truth = archive
    grouping = group([(e.source, e.topic) for e in extractions])
    for story in grouping.stories:
        told = Counter(truth[s] for s in story.sources)
        places = {name.split("-")[1] for name in told if "earthquake" in name}
        assert len(places) <= 1 or max(told.values()) > sum(told.values()) / 2, told


def _source(sid: str, day: int) -> Source:
    return Source(id=sid, path=f"{sid}.md", title=None, date=dt.date(2025, 6, day), outlet=None)


def _topic(*terms: str) -> Topic:
    return Topic(terms=list(terms), weights=[2.0] * len(terms))


CORPUS = [
    (_source("s1", 1), _topic("杜苏芮", "台风", "福建", "登陆")),
    (_source("s2", 2), _topic("杜苏芮", "台风", "福建", "受灾")),
    (_source("s3", 1), _topic("茅台", "营业收入", "年报", "贵州")),
    (_source("s4", 3), _topic("茅台", "净利润", "年报", "贵州")),
]


def test_a_draft_joins_the_story_it_retells_and_moves_nothing():
    alone = group(CORPUS)
    with_draft = group(CORPUS + [(_source("s5", 4), _topic("杜苏芮", "福建", "转移"))], drafts={"s5"})
    assert with_draft.story_of["s5"] == with_draft.story_of["s1"] == with_draft.story_of["s2"]
    assert [s.sources for s in alone.stories] == [[m for m in s.sources if m != "s5"] for s in with_draft.stories]
    assert not with_draft.same("s5", "s3")


def test_an_undated_article_takes_the_year_of_its_story():
    undated = Source(id="s5", path="s5.txt", title=None, date=None, outlet=None)
    grouping = group(CORPUS + [(undated, _topic("杜苏芮", "台风", "福建"))])
    assert inferred_years([s for s, _ in CORPUS] + [undated], grouping) == {"s5": 2025}


def test_check_stories_lists_the_stories_instead_of_the_findings():
    from click.testing import CliRunner

    from checker.cli import main

    result = CliRunner().invoke(main, ["check", str(NEWS / "04-typhoon-doksuri-2023" / "articles"),
                                       str(NEWS / "13-china-gdp-2023" / "articles"), "--stories", "--no-cache"])
    assert result.exit_code == 0, result.output
    head, *blocks = result.output.split("\n\n")
    assert head.endswith("in 12 articles")
    told = [{line.split("/")[-3] for line in b.splitlines()[1:]} for b in blocks]
    assert all(len(t) == 1 for t in told), told  # no story mixes the typhoon and the GDP release


MARK_CASES = tomllib.loads((ROOT / "tests" / "cases" / "marks.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", MARK_CASES, ids=[c["id"] for c in MARK_CASES])
def test_marks_case(case):
    assert marks(case["head"], case["lead"]) == case["marks"]


@pytest.mark.parametrize(
    "a, b, apart",
    [
        (["serial:嫦娥=五"], ["serial:嫦娥=六"], True),
        (["serial:嫦娥=五", "serial:嫦娥=六"], ["serial:嫦娥=六"], False),  # a 嫦娥六号 story that recalls 嫦娥五号
        (["serial:神舟=十六"], ["serial:嫦娥=六"], False),  # other stems: nothing to contrast
        (["holiday=中秋", "holiday=国庆"], ["holiday=国庆"], False),
        (["holiday=五一"], ["holiday=国庆"], True),
        (["year=2013", "magnitude=7.0"], ["magnitude=6.1"], True),
        (["year=2013"], [], False),  # a kind only one side gives
    ],
)
def test_marks_of_one_kind_with_nothing_in_common_contrast(a, b, apart):
    assert contrasting(a, b) is apart
    assert contrasting(b, a) is apart


def test_alike_articles_whose_marks_contrast_are_two_stories():
    """Two holidays' travel reports share every word but the holiday's name."""
    words = ("假期", "出游", "人次", "铁路", "发送旅客")
    may = Topic(terms=["五一", *words], weights=[2.0] * 6, marks=["holiday=五一"])
    october = Topic(terms=["国庆", *words], weights=[2.0] * 6, marks=["holiday=国庆"])
    corpus = [(_source("s1", 1), may), (_source("s2", 2), may), (_source("s3", 3), october), (_source("s4", 4), october)]
    grouping = group(corpus)
    assert grouping.story_of["s1"] == grouping.story_of["s2"] != grouping.story_of["s3"] == grouping.story_of["s4"]
    unmarked = [(src, topic.model_copy(update={"marks": []})) for src, topic in corpus]
    assert len(set(group(unmarked).story_of.values())) == 1  # the marks, not the words, keep them apart


def test_articles_years_apart_are_two_stories_however_alike():
    """芦山 2013 and 芦山 2022: one place, one kind of event, nine years apart."""
    words = _topic("芦山", "地震", "遇难", "雅安", "救援")
    early = [Source(id=f"a{i}", path=f"a{i}.md", title=None, date=dt.date(2013, 4, 20 + i), outlet=None) for i in range(3)]
    late = [Source(id=f"b{i}", path=f"b{i}.md", title=None, date=dt.date(2022, 6, 1 + i), outlet=None) for i in range(3)]
    grouping = group([(s, words) for s in early + late])
    assert len({grouping.story_of[s.id] for s in early}) == 1
    assert {grouping.story_of[s.id] for s in early}.isdisjoint(grouping.story_of[s.id] for s in late)
    anniversary = [Source(id="c0", path="c0.md", title=None, date=dt.date(2014, 4, 20), outlet=None)]
    assert group([(s, words) for s in early + anniversary]).story_of["c0"] == grouping.story_of["a0"]
