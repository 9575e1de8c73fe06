"""Configuration is found as ruff finds it (issue 11, point 5).

The nearest checker.toml / pyproject.toml [tool.checker] from the checked
files upward, not from the working directory; `ignore` relative to the
config's folder; --verbose names the config; a misspelt key gets a
suggestion; with no PATH, a project's `paths` are checked, and the bundled
seeds only outside any project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_drafts import D1, D2
from test_formats import run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def world(tmp_path) -> Path:
    """tmp/checker.toml (broken: must never be used for proj's files), tmp/proj/{checker.toml, drafts, articles}."""
    (tmp_path / "checker.toml").write_text("tolerance = 7\n", encoding="utf-8")
    proj = tmp_path / "proj"
    (proj / "drafts").mkdir(parents=True)
    (proj / "articles").mkdir()
    (proj / "checker.toml").write_text('ignore = ["drafts/old-*"]\npaths = ["articles/"]\n', encoding="utf-8")
    (proj / "drafts" / "old-1.md").write_text(D2, encoding="utf-8")
    (proj / "drafts" / "d1.md").write_text(D1, encoding="utf-8")
    (proj / "articles" / "a1.md").write_text(D1, encoding="utf-8")
    (proj / "articles" / "a2.md").write_text(D2, encoding="utf-8")
    return tmp_path


IGNORED = "not checked: it matches the ignore pattern 'drafts/old-*'"


@pytest.mark.parametrize(
    "cwd,args",
    [
        # from above the project: the project's config, not the working directory's broken one
        (".", ["proj/drafts/old-1.md", "proj/drafts/d1.md", "--against", "proj/articles/"]),
        # from inside drafts/: the pattern is relative to the config's folder, not to here
        ("proj/drafts", ["old-1.md", "d1.md", "--against", "../articles/"]),
    ],
)
def test_nearest_config_to_the_checked_files(world, cwd, args):
    result = run_cli(["check", *args, "--no-cache", "--verbose"], cwd=world / cwd)
    assert result.exit_code == 1, result.output  # d1 against a2 still conflicts
    assert IGNORED in result.stderr, result.stderr
    [named] = [line.split("config: ", 1)[1] for line in result.stderr.splitlines() if line.startswith("checker: config: ")]
    assert (world / cwd / named).resolve() == (world / "proj" / "checker.toml").resolve()


def test_verbose_says_when_there_is_no_config(tmp_path):
    (tmp_path / "d1.md").write_text(D1, encoding="utf-8")
    result = run_cli(["check", "d1.md", "--no-cache", "--verbose"], cwd=tmp_path)
    assert "config: none found (defaults)" in result.stderr


@pytest.mark.parametrize(
    "content,says",
    [
        ("tolerence = 0.1\n", "unknown key 'tolerence' (did you mean 'tolerance'?)"),
        ("ignor = []\n", "unknown key 'ignor' (did you mean 'ignore'?)"),
        ("[tool.checker]\nsame_as_of = 3\n", "unknown key 'same_as_of' (did you mean 'same_as_of_days'?)"),
    ],
)
def test_misspelt_key_gets_a_suggestion(tmp_path, content, says):
    name = "pyproject.toml" if content.startswith("[tool") else "checker.toml"
    (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "d1.md").write_text(D1, encoding="utf-8")
    result = run_cli(["check", "d1.md", "--no-cache"], cwd=tmp_path)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"checker: {name}: ") and says in line, line


@pytest.mark.parametrize(
    "where,status,says",
    [
        ("proj", 1, "checked 2 articles"),  # the config's paths
        ("proj/drafts", 1, "checked 2 articles"),  # below the config: the same project
        ("outside", 0, "checked 5 articles"),  # no project: the bundled seeds
    ],
)
def test_no_path_checks_the_projects_paths(world, where, status, says):
    cwd = world / where
    cwd.mkdir(exist_ok=True)
    if where == "outside":
        (world / "checker.toml").unlink()
    result = run_cli(["check", "--no-cache"], cwd=cwd)
    assert result.exit_code == status, result.output
    assert says in result.stdout, result.stdout


def test_no_path_in_a_project_without_paths_is_exit_2(tmp_path):
    (tmp_path / "checker.toml").write_text("tolerance = 0.1\n", encoding="utf-8")
    result = run_cli(["check", "--no-cache"], cwd=tmp_path)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "no PATH given and the configuration names no paths" in line, line
