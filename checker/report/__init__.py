"""Report stage: one `Report`, many renderers, one module per format.

`RENDERERS` maps a format name to a function `(report, options) -> str`.
`pieces` gives the same text as consecutive strings, for writing: the JSON
report lists every statement and on a large corpus is written piece by
piece rather than built whole. Renderers never decide exit codes and never
print: the CLI writes what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..models import Report


@dataclass(frozen=True)
class RenderOptions:
    show_agreements: bool = False
    color: bool = False
    width: int = 100
    verbose: bool = False


Renderer = Callable[[Report, RenderOptions], str]
Streamer = Callable[[Report, RenderOptions], Iterable[str]]


def _registry() -> dict[str, Renderer]:
    from . import github, html, markdown, sarif
    from . import json as json_format
    from . import terminal

    return {
        "rich": terminal.render,
        "json": json_format.render,
        "markdown": markdown.render,
        "html": html.render,
        "sarif": sarif.render,
        "github": github.render,
    }


RENDERERS: dict[str, Renderer] = _registry()
FORMATS = tuple(RENDERERS)


def _streamers() -> dict[str, Streamer]:
    from . import json as json_format

    return {"json": json_format.chunks}


STREAMERS: dict[str, Streamer] = _streamers()


def pieces(fmt: str, report: Report, options: RenderOptions) -> Iterable[str]:
    """The report in `fmt` as strings to write one after the other (joined, they are what RENDERERS[fmt] returns)."""
    streamer = STREAMERS.get(fmt)
    return streamer(report, options) if streamer else [RENDERERS[fmt](report, options)]
