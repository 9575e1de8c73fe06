"""The progress bar of a long run: on stderr, only when a person is watching, and always closed.

stdout is the report and nothing else, so the bar draws on stderr. It
appears only on a terminal outside CI and only for runs of 200 articles or
more. `close` stops it whatever happened (the run finished, failed, or was
interrupted with Ctrl-C): the cursor is shown again and the bar's line is
cleared, so the next message ("checker: interrupted") starts a clean line.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Optional

MIN_TOTAL = 200  # fewer articles than this: too quick to be worth a bar


class ProgressBar:
    """`bar(done, total)` after each article; `bar.close()` once, at the end."""

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self._bar = None
        self._task = None

    def __call__(self, done: int, total: int) -> None:
        if total < MIN_TOTAL:
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(file=self.stream), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("extracting", total=total)
        self._bar.update(self._task, completed=done)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            bar, self._bar = self._bar, None
            bar.stop()  # shows the cursor again and clears the bar's line


def progress_bar(stream: Optional[IO[str]] = None) -> Optional[ProgressBar]:
    """A bar on `stream` (stderr), or None when nobody is watching (not a terminal, or CI)."""
    stream = stream or sys.stderr
    if not stream.isatty() or os.environ.get("CI"):
        return None
    return ProgressBar(stream)
