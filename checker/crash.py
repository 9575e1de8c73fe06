"""What happens when the checker itself fails: exit status 3 and a log file, never a traceback on the terminal.

A crash must not look like a finding (exit 1) or an input error (exit 2) to
a CI gate. `report` writes the traceback to `crash.log` in this user's cache
folder (a new private temporary file when there is none) and returns the one
line to print: what failed, where the traceback is, and to report it.
`Terminated` is how SIGTERM reaches the code: like Ctrl-C (a KeyboardInterrupt,
so every clean-up that runs for Ctrl-C runs for it), with its own exit status.
"""

from __future__ import annotations

import os
import platform
import signal
import sys
import tempfile
import traceback

from . import __version__

LOG_NAME = "crash.log"


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program was, so that it unwinds as it does for Ctrl-C."""


def on_sigterm(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the clean-up is not interrupted again
    raise Terminated()


def install_sigterm() -> None:
    if hasattr(signal, "SIGTERM"):
        try:
            signal.signal(signal.SIGTERM, on_sigterm)
        except ValueError:  # not the main thread (the library used from a thread): leave it
            pass


def report(error: BaseException) -> str:
    """Write the traceback to a log file; the one line to print on stderr."""
    text = "".join([
        f"checker {__version__}, Python {platform.python_version()} on {platform.platform()}\n",
        f"command: {' '.join(sys.argv)!r}\n\n",
        *traceback.format_exception(type(error), error, error.__traceback__),
    ])
    where = _write(text)
    what = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    if where is None:
        sys.stderr.write(text)  # nowhere to keep it: the traceback is the report
        return f"internal error ({what}); please report it with the traceback above"
    return f"internal error ({what}); the traceback is in {where}: please report it with that file"


def _write(text: str) -> str | None:
    from .userdirs import user_cache_dir

    folder = user_cache_dir()
    try:
        if folder:
            path = os.path.join(folder, LOG_NAME)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".crash-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(text)
            os.replace(tmp, path)
            return path
        fd, path = tempfile.mkstemp(prefix="checker-crash-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
        return path
    except OSError:
        return None
