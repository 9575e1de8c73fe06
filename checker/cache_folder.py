"""The cache folder's own markers: git never sees it, and no walk reads it as articles.

Made the way pytest and ruff make theirs: a `.gitignore` holding `*` (the
folder ignores itself, whatever the project's .gitignore says) and a
`CACHEDIR.TAG` (https://bford.info/cachedir/), which backup tools honour
and by which `load` recognises a cache folder inside a corpus (one given
with --cache or CHECKER_CACHE_DIR need not be hidden) and leaves it out.
Existing marker files are left as they are.
"""

from __future__ import annotations

import os

GITIGNORE = "# Created by checker automatically.\n*\n"
TAG_NAME = "CACHEDIR.TAG"
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by checker.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def make_cache_folder(folder: str) -> None:
    """Create `folder` (and parents) with its markers; OSError when it cannot be made."""
    os.makedirs(folder, exist_ok=True)
    for name, text in ((".gitignore", GITIGNORE), (TAG_NAME, TAG)):
        path = os.path.join(folder, name)
        if os.path.lexists(path):
            continue
        try:
            with open(path, "x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:  # another run made it meanwhile
            pass


def is_cache_folder(folder: str) -> bool:
    """Whether `folder` is a cache folder (holds a cache directory tag): never walked for articles."""
    try:
        with open(os.path.join(folder, TAG_NAME), "rb") as handle:
            return handle.read(43) == TAG.encode()[:43]
    except OSError:
        return False
