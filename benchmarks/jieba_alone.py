"""The floor a cold check is measured against: jieba alone cutting every article's text.

    python benchmarks/jieba_alone.py FOLDER [--jobs N]

Reads every file under FOLDER (as the checker does: UTF-8, else GB18030), and cuts each
whole text with jieba's default dictionary in N worker processes (default: the machine's
cores), as a checker run of the same corpus would spread its extraction. It prints the
characters cut and the wall time. Time it as a whole process beside `checker check FOLDER
--no-cache` (a cold check) to get the ratio the issue asks for.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import read_text  # noqa: E402


def _cut(paths: list[str]) -> int:
    import jieba

    jieba.setLogLevel(60)
    return sum(len(list(jieba.cut(read_text(Path(p))))) for p in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    args = parser.parse_args()
    paths = sorted(str(p) for p in args.folder.rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))
    jobs = args.jobs or os.cpu_count() or 1
    started = time.perf_counter()
    chunks = [paths[n::jobs] for n in range(jobs)]
    with concurrent.futures.ProcessPoolExecutor(jobs) as pool:
        words = sum(pool.map(_cut, chunks))
    print(f"{len(paths):,} files, {words:,} words cut by jieba in {time.perf_counter() - started:.1f} s ({jobs} processes)")


if __name__ == "__main__":
    main()
