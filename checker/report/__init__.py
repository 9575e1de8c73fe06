"""Report stage: one `Report`, many renderers, one module per format.

`RENDERERS` maps a format name to a function `(report, options) -> str`.
`pieces` gives the same text as consecutive strings, for writing: the JSON
report lists every statement and on a large corpus is written piece by
piece rather than built whole. Renderers never decide exit codes and never
print: the CLI writes what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
import importlib
from typing import Callable, Iterable, Iterator, Mapping

from ..models import Report


@dataclass(frozen=True)
class RenderOptions:
    show_agreements: bool = False
    color: bool = False
    width: int = 100
    verbose: bool = False
    wrap: bool = True  # False when the output is no terminal: a line is as long as it is
    quiet: bool = False  # the terminal report: findings only, no summary line


Renderer = Callable[[Report, RenderOptions], str]
Streamer = Callable[[Report, RenderOptions], Iterable[str]]


# Format name → the module that renders it. Modules are imported when a format is first
# asked for: the terminal report's rich is slow to import, and `--format github` in CI never needs it.
_MODULES = {"rich": "terminal", "json": "json", "markdown": "markdown", "html": "html", "sarif": "sarif", "github": "github",
            "concise": "concise"}


class _Renderers(Mapping[str, Renderer]):
    def __getitem__(self, fmt: str) -> Renderer:
        return importlib.import_module(f"{__name__}.{_MODULES[fmt]}").render

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


RENDERERS: Mapping[str, Renderer] = _Renderers()
FORMATS = tuple(_MODULES)


def pieces(fmt: str, report: Report, options: RenderOptions) -> Iterable[str]:
    """The report in `fmt` as strings to write one after the other (joined, they are what RENDERERS[fmt] returns)."""
    if fmt == "json":
        from . import json as json_format

        return json_format.chunks(report, options)
    return [RENDERERS[fmt](report, options)]
