"""Drafts and the corpus (issue 11, point 1).

Drafts are compared with each other as well as with the corpus, so a gate
that is handed every file of a repository (pre-commit run --all-files) still
finds two drafts that contradict each other. A run with nothing to compare
a draft with — an empty corpus, a corpus holding only the draft itself,
`--against` with no draft — is a usage error: exit 2 and one line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_formats import run_cli

ROOT = Path(__file__).resolve().parent.parent
D1 = "---\ntitle: 杭州新能源汽车产量创新高\ndate: 2025-06-19\n---\n\n记者从杭州市经信局获悉，2024年杭州市新能源汽车产量达到35.2万辆，同比增长12%。\n"
D2 = "---\ntitle: 杭州新能源汽车产业快速发展\ndate: 2025-06-20\n---\n\n据杭州市经信局统计，2024年杭州市新能源汽车产量达到53.2万辆，同比增长12%。\n"


@pytest.fixture
def scratch(tmp_path) -> Path:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "d1.md").write_text(D1, encoding="utf-8")
    (tmp_path / "drafts" / "d2.md").write_text(D2, encoding="utf-8")
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "d1.md").write_text(D1, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "published").mkdir()
    for seed in sorted((ROOT / "seeds").iterdir()):
        (tmp_path / "published" / seed.name).write_bytes(seed.read_bytes())
    return tmp_path


SEEDS = [f"published/{p.name}" for p in sorted((ROOT / "seeds").iterdir())]


@pytest.mark.parametrize(
    "args,status",
    [
        # two drafts that contradict each other, against a corpus that says nothing about it
        (["drafts/d1.md", "drafts/d2.md", "--against", "published/"], 1),
        # every corpus file also handed over as a draft (pre-commit run --all-files)
        ([*SEEDS, "drafts/d1.md", "drafts/d2.md", "--against", "published/"], 1),
        # one of the drafts inside the corpus folder: compared with the other, never with itself
        (["drafts/d1.md", "--against", "drafts/"], 1),
        # a draft that agrees with everything
        (["drafts/d1.md", "--against", "published/"], 0),
    ],
)
def test_drafts_are_compared_with_each_other(scratch, args, status):
    result = run_cli(["check", *args, "--no-cache", "--format", "json"], cwd=scratch)
    assert result.exit_code == status, result.output
    if status == 1:
        assert '"kind": "conflict"' in result.stdout and "d2.md" in result.stdout


@pytest.mark.parametrize(
    "args,says",
    [
        (["one/d1.md", "--against", "one/"], "one/: the corpus holds only the drafts themselves"),
        (["drafts/d1.md", "--against", "empty/"], "empty/: no .txt or .md articles"),
        (["--against", "published/"], "--against needs the drafts to check"),
    ],
)
def test_nothing_to_compare_with_is_a_usage_error(scratch, args, says):
    result = run_cli(["check", *args, "--no-cache"], cwd=scratch)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("checker: ") and says in lines[0], result.stderr


def test_a_draft_is_told_against_every_agreeing_corpus_article(tmp_path):
    """The draft's 256通道 meets one seed's 128通道; the other seed that says 128通道 joins the finding."""
    from checker.api import CheckOptions, check

    draft = tmp_path / "draft.md"
    draft.write_text("---\ndate: 2025-06-22\n---\n本报讯 北京脑科学与类脑研究所研发的“北脑一号”智能脑机系统"
                     "采用256通道柔性高密度薄膜电极，已完成两批、五例人体植入。\n", encoding="utf-8")
    seeds = str(Path(__file__).resolve().parent.parent / "seeds")
    report, _ = check([str(draft)], [seeds], CheckOptions())
    by_id = {s.id: s for s in report.statements}
    conflicts = [f for f in report.findings if f.kind.value == "conflict" and any(by_id[i].text == "256通道" for i in f.statements)]
    assert conflicts, [f.message for f in report.findings]
    corpus = {by_id[i].path for i in conflicts[0].statements if by_id[i].text == "128通道"}
    assert len(corpus) >= 2, conflicts[0].message
