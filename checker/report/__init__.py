"""Report stage: one `Report`, many renderers, one module per format.

`RENDERERS` maps a format name to a function `(report, options) -> str`.
Renderers never decide exit codes and never print: the CLI writes what
they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..models import Report


@dataclass(frozen=True)
class RenderOptions:
    show_agreements: bool = False
    color: bool = False
    width: int = 100
    verbose: bool = False


Renderer = Callable[[Report, RenderOptions], str]


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
