"""The statement cache (issue 4): hits, misses, renaming, and files it must not trust.

A cached run must give the very bytes an uncached run gives; the same text
under another name is a hit (ids, paths and roles are the current run's);
changed text, a changed data table or changed settings miss; a damaged,
foreign or tampered cache file is rebuilt, never read; a row not sealed
with this machine's secret is a miss; an interrupted run
leaves what it had committed usable.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from checker import api, cache
from checker.api import CheckOptions
from checker.config import Config
from checker.report.json import render

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def SEEDS(tmp_path_factory) -> Path:
    """Two of the seed articles (the smallest): enough for every case, quick to extract."""
    folder = tmp_path_factory.mktemp("seeds")
    for path in sorted((ROOT / "seeds").glob("*.txt"), key=lambda p: p.stat().st_size)[:2]:
        shutil.copy(path, folder / path.name)
    return folder


def run(paths, cache_dir, against=(), config=Config()):
    report, info = api.check([str(p) for p in paths], [str(p) for p in against], CheckOptions(config=config, jobs=1, cache_dir=cache_dir and str(cache_dir)))
    return render(report), info


@pytest.fixture(scope="module")
def uncached(SEEDS) -> str:
    return run([SEEDS], None)[0]


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "cache"


def db_file(folder: Path) -> Path:
    return folder / cache.FILE_NAME


def test_second_run_is_served_from_the_cache_with_identical_output(SEEDS, folder, uncached):
    first, info1 = run([SEEDS], folder)
    second, info2 = run([SEEDS], folder)
    assert (info1.cached, info1.extracted) == (0, 2)
    assert (info2.cached, info2.extracted) == (2, 0)
    assert first == uncached and second == uncached


def test_entries_keep_the_internal_fields_and_take_the_current_ids(SEEDS):
    articles, _, _ = api.load_inputs([str(SEEDS)])
    original = api.process_article(articles[0])
    assert original.statements and any(s.context for s in original.statements)
    moved = articles[0].model_copy(update={"id": "s42", "path": "elsewhere/renamed.txt", "role": "draft"})
    back = cache.decode(cache.encode(original), moved)
    assert back.source.id == "s42" and back.source.path == "elsewhere/renamed.txt" and back.source.role == "draft"
    assert len(back.statements) == len(original.statements)
    for a, b in zip(original.statements, back.statements):
        assert b.id == "s42:" + a.id.split(":", 1)[1] and b.source == "s42" and b.path == "elsewhere/renamed.txt"
        for name in ("context", "markers", "entity_strength", "date_known", "as_of_explicit"):
            assert getattr(a, name) == getattr(b, name), name
        rest = {k: v for k, v in a.__dict__.items() if k not in ("id", "source", "path")}
        assert rest == {k: v for k, v in b.__dict__.items() if k not in ("id", "source", "path")}
    assert back.aliases == original.aliases


def test_the_same_text_at_another_path_is_a_hit(SEEDS, tmp_path, folder):
    run([SEEDS], folder)
    name = sorted(p.name for p in SEEDS.glob("*.txt"))[1]
    copy = tmp_path / "drafts" / "renamed.txt"
    copy.parent.mkdir()
    shutil.copy(SEEDS / name, copy)
    cached, info = run([copy], folder, against=[SEEDS])
    assert (info.cached, info.extracted) == (3, 0)  # the draft's text is a seed's: a hit under another name
    assert cached == run([copy], None, against=[SEEDS])[0]
    assert '"path": "' + str(copy) in cached


def test_changed_content_misses(SEEDS, tmp_path, folder):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    run([corpus], folder)
    victim = sorted(corpus.glob("*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8").replace("2024年", "2023年", 1), encoding="utf-8")
    text, info = run([corpus], folder)
    assert (info.cached, info.extracted) == (1, 1)
    assert text == run([corpus], None)[0]


def test_changed_settings_miss(SEEDS, folder):
    run([SEEDS], folder)
    _, info = run([SEEDS], folder, config=Config(tolerance=0.1))
    assert info.cached == 0
    _, info = run([SEEDS], folder, config=Config(vocabulary=["医药健康产业"]))
    assert info.cached == 0


def test_a_changed_data_table_changes_every_key(tmp_path):
    package = Path(cache.__file__).parent
    copy = tmp_path / "checker"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "seeds"))
    before = cache._digest(copy)
    units = copy / "data" / "units.toml"
    units.write_text(units.read_text(encoding="utf-8") + "\n# a new line\n", encoding="utf-8")
    assert cache._digest(copy) != before


def test_a_changed_checker_misses(SEEDS, folder, monkeypatch):
    run([SEEDS], folder)
    monkeypatch.setattr(cache, "_code_digest", lambda: "another checker")
    _, info = run([SEEDS], folder)
    assert info.cached == 0


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_text("这不是数据库 — just a text file\n" * 50, encoding="utf-8"), id="text-file"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:100] + b"\x00garbage" * 500), id="truncated"),
        pytest.param(lambda p: p.write_bytes(b"\xff" * 4096), id="noise"),
    ],
)
def test_a_corrupt_or_foreign_file_is_rebuilt(SEEDS, folder, uncached, damage):
    run([SEEDS], folder)
    damage(db_file(folder))
    text, info = run([SEEDS], folder)
    assert info.cached == 0 and text == uncached
    again, info = run([SEEDS], folder)  # rebuilt, and usable again
    assert info.cached == 2 and again == uncached


def test_another_programs_database_is_rebuilt(SEEDS, folder, uncached):
    folder.mkdir()
    with sqlite3.connect(db_file(folder)) as db:
        db.execute("CREATE TABLE extraction (key TEXT PRIMARY KEY, fp TEXT, data BLOB)")
        db.execute("INSERT INTO extraction VALUES ('x', 'y', x'00')")
    text, info = run([SEEDS], folder)
    assert info.cached == 0 and text == uncached
    with sqlite3.connect(db_file(folder)) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == cache.APPLICATION_ID
        assert db.execute("SELECT count(*) FROM extraction WHERE key = 'x'").fetchone()[0] == 0


def test_an_old_schema_version_is_rebuilt(SEEDS, folder):
    run([SEEDS], folder)
    with sqlite3.connect(db_file(folder)) as db:
        db.execute(f"PRAGMA user_version={cache.SCHEMA_VERSION + 1}")
    _, info = run([SEEDS], folder)
    assert info.cached == 0


@pytest.mark.parametrize(
    "junk, cached",
    [(b"not zlib", 1), (__import__("zlib").compress(b'{"format": 1}'), 1), ("text", 0)],  # not even a blob: rebuilt
    ids=["bytes", "json", "text"],
)
def test_a_row_not_sealed_here_is_a_miss(SEEDS, folder, uncached, junk, cached):
    run([SEEDS], folder)
    with sqlite3.connect(db_file(folder)) as db:
        key = db.execute("SELECT key FROM extraction LIMIT 1").fetchone()[0]
        db.execute("UPDATE extraction SET data = ? WHERE key = ?", (junk, key))
    text, info = run([SEEDS], folder)
    assert (info.cached, info.extracted) == (cached, 2 - cached)
    assert text == uncached


def test_a_sealed_row_that_does_not_decode_means_the_whole_file_is_rebuilt(SEEDS, folder, uncached):
    from checker.userdirs import seal

    run([SEEDS], folder)
    with sqlite3.connect(db_file(folder)) as db:
        key = db.execute("SELECT key FROM extraction LIMIT 1").fetchone()[0]
        junk = seal(__import__("zlib").compress(b'{"format": 1}'), b"extraction", key.encode())
        db.execute("UPDATE extraction SET data = ? WHERE key = ?", (junk, key))
    text, info = run([SEEDS], folder)
    assert info.cached == 0 and text == uncached


def test_an_interrupted_run_leaves_a_usable_cache(SEEDS, tmp_path, folder, monkeypatch, uncached):
    import checker.parallel as parallel

    real = api.process_article
    calls = {"n": 0}

    def flaky(article, tolerance=0.05):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(article, tolerance)

    monkeypatch.setattr(parallel, "_WRITE_BATCH", 1)
    monkeypatch.setattr(api, "process_article", flaky)
    with pytest.raises(KeyboardInterrupt):
        run([SEEDS], folder)
    monkeypatch.setattr(api, "process_article", real)
    with sqlite3.connect(db_file(folder)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    text, info = run([SEEDS], folder)
    assert (info.cached, info.extracted) == (1, 1)  # the batch committed before the interruption
    assert text == uncached


def test_an_unusable_cache_folder_is_skipped(SEEDS, tmp_path, uncached):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    text, info = run([SEEDS], blocker / "cache")  # a folder inside a file: cannot exist
    assert info.cached == 0 and text == uncached


def test_concurrent_runs_share_one_cache(SEEDS, tmp_path, folder):
    code = (
        "import sys; from checker import api; from checker.api import CheckOptions;"
        "api.check([sys.argv[1]], (), CheckOptions(jobs=1, cache_dir=sys.argv[2]))"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(SEEDS), str(folder)], cwd=ROOT) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    with sqlite3.connect(db_file(folder)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _, info = run([SEEDS], folder)
    assert info.cached == 2


def test_verbose_reports_cache_hits(SEEDS, tmp_path):
    folder = tmp_path / "c"
    args = [sys.executable, "-m", "checker", "check", str(SEEDS), "--format", "json", "--fail-on", "never", "--cache", str(folder), "-v"]
    subprocess.run(args, cwd=ROOT, capture_output=True, check=True)
    second = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "2 from cache, 0 extracted" in second.stderr


def test_entries_of_other_settings_are_kept_two_weeks(SEEDS, folder):
    run([SEEDS], folder)
    with sqlite3.connect(db_file(folder)) as db:
        db.execute("UPDATE extraction SET fp = 'another checker'")
        key = db.execute("SELECT key FROM extraction LIMIT 1").fetchone()[0]
        db.execute("UPDATE extraction SET made = made - 15 * 86400 WHERE key = ?", (key,))
    run([SEEDS], folder, config=Config(tolerance=0.1))  # opening the cache prunes
    with sqlite3.connect(db_file(folder)) as db:
        assert db.execute("SELECT count(*) FROM extraction WHERE fp = 'another checker'").fetchone()[0] == 1
