"""Files named on the command line that the configuration's `ignore` leaves out (issue 11, point 2).

Each is told on stderr (which file, which pattern), never silently dropped;
when every draft is left out, there is nothing to check: exit 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_drafts import D1, D2
from test_formats import run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scratch(tmp_path) -> Path:
    (tmp_path / "checker.toml").write_text('ignore = ["drafts/old-*", "*.bak.md"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "old-1.md").write_text(D2, encoding="utf-8")
    (tmp_path / "drafts" / "d1.md").write_text(D1, encoding="utf-8")
    (tmp_path / "drafts" / "x.bak.md").write_text(D2, encoding="utf-8")
    (tmp_path / "published").mkdir()
    for seed in sorted((ROOT / "seeds").iterdir()):
        (tmp_path / "published" / seed.name).write_bytes(seed.read_bytes())
    return tmp_path


NOTICE = "checker: {file}: not checked: it matches the ignore pattern '{pattern}'"


@pytest.mark.parametrize(
    "args,status,told,last",
    [
        # one draft ignored, the other checked: told, and the run goes on
        (["drafts/old-1.md", "drafts/d1.md", "--against", "published/"], 0, [("drafts/old-1.md", "drafts/old-*")], None),
        # every draft ignored
        (["drafts/old-1.md", "drafts/x.bak.md", "--against", "published/"], 2,
         [("drafts/old-1.md", "drafts/old-*"), ("drafts/x.bak.md", "*.bak.md")], "every draft matches an ignore pattern"),
        # no --against: every named article ignored
        (["drafts/old-1.md"], 2, [("drafts/old-1.md", "drafts/old-*")], "every article matches an ignore pattern"),
    ],
)
def test_named_ignored_files_are_told(scratch, args, status, told, last):
    result = run_cli(["check", *args, "--no-cache", "--config", "checker.toml"], cwd=scratch)
    assert result.exit_code == status, result.output
    lines = result.stderr.strip().splitlines()
    for file, pattern in told:
        assert NOTICE.format(file=file, pattern=pattern) in result.stderr, result.stderr
    if last:
        assert last in lines[-1] and len(lines) == len(told) + 1, result.stderr
        assert result.stdout == ""
    else:
        assert len(lines) == len(told), result.stderr
        assert "old-1.md" not in result.stdout
