"""Drafts --against an indexed corpus: the same report as the full path, and never a stale one.

The first run against a corpus stores its index; later runs read only the
files the index names. Every case compares the indexed run's rendered
reports with a run that uses no cache at all.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from checker import api, cache, corpus_index
from checker.api import CheckOptions
from checker.report import RENDERERS, RenderOptions

ROOT = Path(__file__).resolve().parent.parent
EV = ROOT / "benchmarks" / "ev"
FORMATS = ["rich", "markdown", "html", "sarif", "github"]


@pytest.fixture(autouse=True)
def files_settle_at_once(monkeypatch):
    """Files written by a test are as old as the run: let their stat stand for them (no 2 s wait)."""
    monkeypatch.setattr(corpus_index, "_SETTLED_NS", 0)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The EV corpus, with articles on other subjects that the EV draft never touches."""
    folder = tmp_path / "corpus"
    shutil.copytree(EV / "corpus", folder)
    for subject in ("rail", "tourism"):
        shutil.copytree(ROOT / "benchmarks" / subject / "corpus", folder / subject)
    return folder


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "drafts" / "E01.md"
    path.parent.mkdir()
    shutil.copy(EV / "drafts" / "E01.md", path)
    return path


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The names of the files read as articles from here on."""
    from checker import load

    names, original = [], load.read_article

    def spy(path, display, role="corpus", **kw):
        names.append(Path(path).name)
        return original(path, display, role, **kw)

    monkeypatch.setattr(load, "read_article", spy)
    return names


def run(draft, corpus, cache_dir, complete=False):
    options = CheckOptions(jobs=1, cache_dir=cache_dir and str(cache_dir), complete=complete)
    report, info = api.check([str(draft)], [str(corpus)], options)
    return {f: RENDERERS[f](report, RenderOptions(show_agreements=True)) for f in FORMATS}, info, report


def test_an_indexed_corpus_gives_the_full_paths_report(draft, corpus, tmp_path):
    expected, _, full = run(draft, corpus, None)
    assert full.findings  # the case is worth something: E01 has conflicts and agreements with the corpus
    first, info1, _ = run(draft, corpus, tmp_path / "cache")
    second, info2, report = run(draft, corpus, tmp_path / "cache")
    assert (info1.corpus_index, info2.corpus_index) == ("written", "read")
    assert first == expected and second == expected
    assert info2.candidate_pairs == info1.candidate_pairs
    assert report.summary == full.summary and report.sources == full.sources
    # Only the articles the drafts touch are listed; every one of the findings' statements is.
    listed = {s.id for s in report.statements}
    assert len(listed) < len(full.statements)
    assert all(i in listed for f in report.findings for i in f.statements)


def test_json_output_still_lists_every_statement(draft, corpus, tmp_path):
    _, _, full = run(draft, corpus, None, complete=True)
    run(draft, corpus, tmp_path / "cache")
    _, info, report = run(draft, corpus, tmp_path / "cache", complete=True)
    assert info.corpus_index != "read"
    assert report == full


def test_unchanged_files_are_not_read(draft, corpus, tmp_path, request):
    run(draft, corpus, tmp_path / "cache")
    opened = request.getfixturevalue("opened")
    _, info, report = run(draft, corpus, tmp_path / "cache")
    assert info.corpus_index == "read"
    touched = {Path(s.path).name for f in report.findings for s in report.statements if s.id in f.statements}
    assert touched | {"E01.md"} <= set(opened)
    assert len(opened) < len(list(corpus.rglob("*.*")))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda f: f.write_text(f.read_text(encoding="utf-8").replace("21.36万", "22.36万"), encoding="utf-8"), id="edited"),
        pytest.param(lambda f: _same_size_same_mtime(f), id="edited-same-size-and-mtime"),
        pytest.param(lambda f: shutil.copy(f, f.with_name("copy-" + f.name)), id="added"),
        pytest.param(lambda f: f.unlink(), id="removed"),
    ],
)
def test_a_changed_corpus_is_never_answered_from_the_old_index(draft, corpus, tmp_path, change):
    run(draft, corpus, tmp_path / "cache")
    victim = next(p for p in sorted(corpus.iterdir()) if "21.36万" in p.read_text(encoding="utf-8"))
    change(victim)
    expected, _, _ = run(draft, corpus, None)
    got, info, _ = run(draft, corpus, tmp_path / "cache")
    assert got == expected
    again, info, _ = run(draft, corpus, tmp_path / "cache")
    assert info.corpus_index == "read" and again == expected


def _same_size_same_mtime(path: Path) -> None:
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("21.36万", "21.63万"), encoding="utf-8")  # a transposition: same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def test_a_damaged_index_is_rebuilt(draft, corpus, tmp_path):
    expected, _, _ = run(draft, corpus, None)
    run(draft, corpus, tmp_path / "cache")
    with sqlite3.connect(tmp_path / "cache" / cache.FILE_NAME) as db:
        db.execute("UPDATE corpus_block SET data = X'00'")
    got, info, _ = run(draft, corpus, tmp_path / "cache")
    assert got == expected and info.corpus_index == "written"
    again, info, _ = run(draft, corpus, tmp_path / "cache")
    assert again == expected and info.corpus_index == "read"


def test_a_file_changed_after_its_stat_was_recorded_is_caught_when_read(draft, corpus, tmp_path, monkeypatch):
    """The stat says unchanged but the text is not what was indexed: the full path answers."""
    expected, _, _ = run(draft, corpus, None)
    run(draft, corpus, tmp_path / "cache")
    monkeypatch.setattr(corpus_index, "signature", lambda st: "always the same")
    run(draft, corpus, tmp_path / "cache")  # records the fake signatures
    for path in corpus.rglob("*.*"):
        path.write_text(path.read_text(encoding="utf-8").replace("21.36万", "21.63万"), encoding="utf-8")
    changed, _, _ = run(draft, corpus, None)
    got, info, _ = run(draft, corpus, tmp_path / "cache")
    assert got == changed != expected
    assert info.corpus_index != "read"


def test_a_fresh_checkout_of_the_same_corpus_is_known_without_decoding(draft, corpus, tmp_path, request):
    """Every stat is new (a CI clone), every text was seen: no corpus article is read as an article."""
    run(draft, corpus, tmp_path / "cache")
    clone = tmp_path / "clone"
    shutil.copytree(corpus, clone)
    expected, full, _ = run(draft, clone, None)
    decoded = request.getfixturevalue("opened")
    got, info, report = run(draft, clone, tmp_path / "cache")
    assert info.corpus_index == "read"
    assert info.candidate_pairs == full.candidate_pairs  # the index's story keys do not name the old folder
    assert got == expected
    assert len(decoded) < len(list(clone.rglob("*.*")))  # the draft and the articles the index names only
