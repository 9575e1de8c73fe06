"""Shared test fixtures and the `--update-golden` switch.

`pytest --update-golden` rewrites the golden files under tests/golden/
instead of comparing against them (review the diff before committing).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The user's cache folder (the machine secret, jieba's dictionary) for this test session only,
# so tests never read or write the real one; subprocesses inherit it.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="checker-tests-home-")
os.environ.pop("CHECKER_JIEBA_CACHE", None)


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ instead of comparing against them",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def repo_root() -> Path:
    return ROOT
