"""Running the per-article stages (clean → segment → extract) over many articles.

Articles are independent, so extraction is a map: in this process for a
handful of articles, across worker processes for a corpus. Each worker is
set up once (settings, jieba's dictionary, loaded from its disk cache on the
first article) and is sent chunks of articles; it sends back each
extraction as a compact cache entry (`cache.encode`: a few kilobytes of
compressed JSON, much cheaper to move between processes than pickled
models), which this process decodes and, with a cache, stores as it is.
Results come back in input order whatever the number of workers, so output
never depends on `--jobs`.

Workers never outlive the run: each asks the kernel to kill it when its
parent dies (Linux's PR_SET_PDEATHSIG) and watches its parent id besides
(any system), so a `kill -9` of the run leaves no orphan; when the run stops
early (Ctrl-C, SIGTERM, an error) the queued work is cancelled and the
workers are ended at once rather than left to finish it.

It asks the cache for what it has and hands it what was extracted; it does
not decide where the cache lives or whether to use one (that is `api`).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator, Optional

from .models import Article, Extraction

if TYPE_CHECKING:
    from .api import CheckOptions, RunInfo
    from .cache import Cache

_PARALLEL_FROM = 24  # fewer articles to extract than this: starting workers costs more than it saves
_CHUNK_MAX = 32  # articles per task: small enough to balance the load and move the progress bar
_WRITE_BATCH = 1000  # cache entries per transaction

_settings: dict = {}  # a worker's settings, set once by _init


def _init(tolerance: float, vocabulary: tuple[str, ...], jieba_cache: Optional[str], parent: int = 0) -> None:
    from .extract import words

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (inherited through fork)
    if parent:
        _die_with_parent(parent)

    _settings["tolerance"] = tolerance
    words.configure(vocabulary, cache_dir=jieba_cache)


def _die_with_parent(parent: int) -> None:
    """End this worker as soon as `parent` is gone: the kernel's signal on Linux, a watchdog thread anywhere."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="checker-parent-watch", daemon=True).start()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the workers now (the run is stopping: their results are not wanted)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # private, but the only handle on them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError, ValueError):
            pass


def _work(chunk: list[Article]) -> list[bytes]:
    from .api import process_article
    from .entries import encode

    return [encode(process_article(a, _settings["tolerance"]), a.raw) for a in chunk]


def cpu_count() -> int:
    """The cores this process may use (a container's limit, not the host's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_many(
    articles: list[Article], options: "CheckOptions", info: "RunInfo", cache: Optional["Cache"] = None
) -> list[Extraction]:
    """One extraction per article, in order: from `cache` when it has the article, else extracted."""
    # Hundreds of thousands of acyclic objects are made here; the cyclic garbage collector's
    # passes over them would cost more than the decoding itself (2.5x on 10,000 articles).
    with without_cyclic_gc():
        return _extract_many(articles, options, info, cache)


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a stage makes many short-lived acyclic objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _extract_many(articles: list[Article], options: "CheckOptions", info: "RunInfo", cache: Optional["Cache"]) -> list[Extraction]:
    from .cache import article_key
    from .entries import CacheCorrupt, decode, encode

    memo: dict = {}  # equal strings shared across articles
    results: list[Optional[Extraction]] = [None] * len(articles)
    keys: list[str] = []
    if cache is not None:
        keys = [article_key(a, cache.fp) for a in articles]
        try:
            hits = cache.get_many(keys)
            for i, key in enumerate(keys):
                if key in hits:
                    results[i] = decode(hits[key], articles[i], memo)
        except CacheCorrupt:  # damaged or foreign: trust none of it, start an empty one
            results = [None] * len(articles)
            try:
                cache.rebuild()
            except Exception:
                cache.close()
                cache = None
    todo = [i for i, r in enumerate(results) if r is None]
    info.cached = len(articles) - len(todo)
    info.extracted = len(todo)
    pending: list[tuple[str, bytes]] = []

    def done(i: int, extraction: Extraction, blob: Optional[bytes]) -> None:
        results[i] = extraction
        if cache is not None:
            pending.append((keys[i], blob if blob is not None else encode(extraction, articles[i].raw)))
            if len(pending) >= _WRITE_BATCH:
                cache.put_many(pending)
                pending.clear()

    jobs = options.jobs if options.jobs > 0 else cpu_count()
    progress = options.progress
    if jobs <= 1 or len(todo) < _PARALLEL_FROM:
        from .api import process_article

        for n, i in enumerate(todo, start=1):
            done(i, process_article(articles[i], options.config.tolerance), None)
            if progress:
                progress(n, len(todo))
    else:
        jobs = min(jobs, len(todo) // 4 or 1)
        size = max(1, min(_CHUNK_MAX, len(todo) // (jobs * 8)))
        chunks = [todo[k : k + size] for k in range(0, len(todo), size)]
        from .api import _jieba_cache

        jieba_cache = _jieba_cache(options)
        init = (options.config.tolerance, tuple(options.config.vocabulary), jieba_cache, os.getpid())
        finished = 0
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=init)
        try:
            work = pool.map(_work, ([articles[i] for i in chunk] for chunk in chunks))
            for chunk, blobs in zip(chunks, work):
                for i, blob in zip(chunk, blobs):
                    done(i, decode(blob, articles[i], memo), blob)
                finished += len(chunk)
                if progress:
                    progress(finished, len(todo))
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown()
    if cache is not None:
        cache.put_many(pending)
    return results  # type: ignore[return-value]  (every slot is filled)


