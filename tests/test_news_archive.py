"""The real-coverage archive (benchmarks/news/) is sound: every gold anchor is found once, every file name unique.

The archive is the project's measure of accuracy; a gold line whose anchor
moved or matches twice would silently score the wrong statement.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import archive  # noqa: E402


def test_every_written_story_is_sound():
    found = [s for s in archive.stories() if s.status == "written"]
    assert archive.problems(found) == []


def test_labelled_stories_have_several_outlets_and_a_dated_latest_article():
    for story in archive.stories():
        if story.gold:
            assert 4 <= len(story.articles) <= 8, story.name
            assert story.latest in story.files, story.name


def test_problems_are_reported(tmp_path):
    folder = tmp_path / "01-x"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "n01a_x.txt").write_text("甲地死亡5人，乙地死亡5人。", encoding="utf-8")
    (folder / "story.toml").write_text('title = "x"\ndomain = "weather"\nlatest = "n01b.txt"\nstatus = "written"\n', encoding="utf-8")
    (folder / "gold.jsonl").write_text(
        '{"id": "1", "label": "AGREE", "a": {"file": "n01a_x.txt", "anchor": "死亡5人"}, "b": {"file": "n01a_x.txt", "anchor": "7人"}}\n'
        '{"id": "1", "label": "SAME", "a": {"file": "n01z.txt", "anchor": "5人"}, "b": {"file": "n01a_x.txt", "anchor": "甲地"}}\n',
        encoding="utf-8",
    )
    found = archive.stories(tmp_path)
    got = "\n".join(archive.problems(found))
    for expected in ("domain 'weather'", "latest = 'n01b.txt'", "occurs 2 times", "'7人' is not in", "duplicate id",
                     "label 'SAME'", "no article named 'n01z.txt'"):
        assert expected in got


def test_failure_classes_count_every_miss_once():
    import failures

    found = [s for s in archive.stories() if s.gold]
    counts = failures.classify({"statements": [], "findings": []}, found)
    wanted = sum(1 for s in found for r in s.gold if r["label"] != "NOT-SAME")
    assert sum(counts["misses"].values()) == wanted
    assert set(counts["misses"]) == {f"{label}, not extracted (no statement at an anchor)" for label in ("CONFLICT", "TIMELINE", "AGREE")}
    assert not counts["false differences"] and not counts["traps linked"]
