"""This user's own folder for the checker, and the per-machine secret kept in it.

The statement cache and jieba's derived dictionary may sit where an article's
author can reach them (a `.checker-cache/` committed to the repository under
check, a shared /tmp). Nothing read from there is trusted unless it carries a
MAC made with a secret that only this user on this machine holds: 32 random
bytes in `secret`, in the user's cache folder (`$XDG_CACHE_HOME/checker`, else
`~/.cache/checker`; `%LOCALAPPDATA%\\checker` on Windows), created 0600 in a
0700 folder the user owns. A folder or secret file that another user owns or
can write is not used; when there is no usable secret, a random one lives for
this process only: the run is correct, it only cannot reuse earlier entries.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import sys
from functools import lru_cache
from typing import Optional

SECRET_FILE = "secret"
_SECRET_BYTES = 32
MAC_BYTES = 32


def user_cache_dir() -> Optional[str]:
    """This user's checker folder (made if missing), or None when it cannot be made safely."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    if not os.path.isabs(base):
        return None
    folder = os.path.join(base, "checker")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _private(os.stat(folder), folder=True):
            return None
    except OSError:
        return None
    return folder


def _private(info: os.stat_result, folder: bool = False) -> bool:
    """Owned by this user and writable by no one else."""
    if not hasattr(os, "getuid"):
        return True
    if info.st_uid != os.getuid():
        return False
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)


@lru_cache(maxsize=1)
def secret() -> bytes:
    """The per-machine secret: read from (or first written to) the user's folder; else one for this process."""
    folder = user_cache_dir()
    if folder:
        path = os.path.join(folder, SECRET_FILE)
        for _ in range(2):
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except FileNotFoundError:
                if _create(path):
                    continue
                break
            except OSError:
                break
            try:
                info = os.fstat(fd)
                data = os.read(fd, _SECRET_BYTES + 1)
            finally:
                os.close(fd)
            if _private(info) and len(data) == _SECRET_BYTES:
                return data
            break
    return os.urandom(_SECRET_BYTES)


def _create(path: str) -> bool:
    """Write a new secret (exclusively: two runs starting together keep the one that won)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, os.urandom(_SECRET_BYTES))
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # fails when another run made it first: theirs is kept
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def mac(*parts: bytes) -> bytes:
    """HMAC-SHA256 of the parts (each length-prefixed, so no two lists of parts collide)."""
    h = hmac.new(secret(), digestmod=hashlib.sha256)
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.digest()


def seal(data: bytes, *context: bytes) -> bytes:
    """`data` with its MAC in front; the MAC also covers `context` (what the data is stored under)."""
    return mac(*context, data) + data


def unseal(blob: bytes, *context: bytes) -> Optional[bytes]:
    """The data of a sealed blob, or None when its MAC is not this machine's for this context."""
    if not isinstance(blob, bytes) or len(blob) < MAC_BYTES:
        return None
    data = blob[MAC_BYTES:]
    return data if hmac.compare_digest(blob[:MAC_BYTES], mac(*context, data)) else None
