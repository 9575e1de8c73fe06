"""Running the per-article stages (clean → segment → extract) over many articles.

Articles are independent, so extraction is a map: in this process for a
handful of articles, across worker processes for a corpus. Results come back
in input order whatever the number of workers, so output never depends on
`--jobs`. It does not know about caching policy beyond asking the cache.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from .models import Article, Extraction

if TYPE_CHECKING:
    from .api import CheckOptions, RunInfo

_PARALLEL_FROM = 24  # fewer articles than this: starting workers costs more than it saves


def _work(args: tuple[Article, float, tuple[str, ...], str | None]) -> Extraction:
    from .api import process_article
    from .extract import words

    article, tolerance, vocabulary, jieba_cache = args
    words.configure(vocabulary, cache_dir=jieba_cache)
    return process_article(article, tolerance)


def extract_many(articles: list[Article], options: "CheckOptions", info: "RunInfo") -> list[Extraction]:
    from .api import process_article

    tolerance = options.config.tolerance
    results: list[Extraction | None] = [None] * len(articles)
    todo = list(range(len(articles)))
    jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    done = 0
    if jobs <= 1 or len(todo) < _PARALLEL_FROM:
        for i in todo:
            results[i] = process_article(articles[i], tolerance)
            done += 1
            if options.progress:
                options.progress(done, len(todo))
    else:
        jieba_cache = os.path.join(options.cache_dir, "jieba") if options.cache_dir else None
        vocab = tuple(options.config.vocabulary)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            work = [(articles[i], tolerance, vocab, jieba_cache) for i in todo]
            for i, extraction in zip(todo, pool.map(_work, work, chunksize=max(1, len(work) // (jobs * 8)))):
                results[i] = extraction
                done += 1
                if options.progress:
                    options.progress(done, len(todo))
    info.extracted = len(todo)
    return [r for r in results if r is not None]
