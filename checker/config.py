"""Project configuration: `[tool.checker]` in pyproject.toml, or a checker.toml.

Found as ruff finds its own: the nearest one from the checked files'
folder upward (`search_start`, `find_config`); its folder is the project
root that `ignore` patterns and `paths` are relative to.

Settings a newsroom tunes: entity aliases, extra vocabulary for word
splitting, the tolerance for approximate figures, severity per finding kind,
paths to ignore, the file size limit. Unknown keys and bad values are errors
that name the file and the key (pydantic validation), never silently
ignored. This module only reads and validates; it applies nothing.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path
from typing import Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .models import Problem

Level = Literal["error", "warning", "info", "off"]


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    aliases: list[list[str]] = Field(
        default_factory=list,
        description="Groups of names for one entity; the first is the canonical name.",
    )
    vocabulary: list[str] = Field(default_factory=list, description="Words the word splitter must keep whole.")
    tolerance: float = Field(0.05, ge=0.0, le=0.5, description="± share for 约 / 左右 figures.")
    same_as_of_days: int = Field(14, ge=0, le=366, description="Running totals this many days apart still describe one moment, unless a 截至 date or an hour says when.")
    severity: dict[Literal["conflict", "timeline", "agreement"], Level] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list, description="Glob patterns of paths not to read, relative to the config's folder.")
    paths: list[str] = Field(default_factory=list, description="What to check when no PATH is given, relative to the config's folder.")
    max_size_mb: float = Field(20.0, gt=0, description="Larger files are refused.")

    @field_validator("aliases")
    @classmethod
    def _groups_have_two_names(cls, groups: list[list[str]]) -> list[list[str]]:
        for group in groups:
            if len(group) < 2 or any(not name.strip() for name in group):
                raise ValueError("each alias group needs two or more non-empty names")
        return groups

    def alias_map(self) -> dict[str, str]:
        return {name: group[0] for group in self.aliases for name in group[1:]}


class ConfigError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.line())
        self.problem = problem


def search_start(paths: Sequence[str], cwd: Optional[Path] = None) -> Path:
    """Where the search for a config begins: the checked files' nearest common folder (ruff's way),
    or the working directory when no file is named."""
    cwd = cwd or Path.cwd()
    folders = []
    for given in paths:
        path = Path(os.path.abspath(cwd / given))
        folders.append(str(path if path.is_dir() else path.parent))
    if not folders:
        return cwd
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:  # different drives
        return Path(folders[0])


def find_config(start: Path) -> Optional[Path]:
    """checker.toml, or a pyproject.toml with [tool.checker], in `start` or a parent."""
    for folder in [start, *start.parents]:
        candidate = folder / "checker.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_section(pyproject):
            return pyproject
    return None


def _has_section(pyproject: Path) -> bool:
    try:
        return "checker" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load_config(path: Optional[Path]) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(Problem(path=str(path), code="config", message=f"cannot read: {e.strerror}"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(Problem(path=str(path), code="config", message=f"not valid TOML: {e}", hint="fix the syntax"))
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("checker", {})
    elif "tool" in data and "checker" in data.get("tool", {}):
        data = data["tool"]["checker"]
    try:
        return Config.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        section = "[tool.checker]" if path.name == "pyproject.toml" else ""
        if err["type"] == "extra_forbidden" and len(err["loc"]) == 1:
            close = difflib.get_close_matches(key, list(Config.model_fields), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the keys are {', '.join(Config.model_fields)}"
            message = f"{section} unknown key '{key}'".strip()
            raise ConfigError(Problem(path=str(path), code="config", message=message, hint=hint))
        message = f"{section} key '{key}': {err['msg']}".strip()
        raise ConfigError(Problem(path=str(path), code="config", message=message, hint="see the README's Configuration section"))
