"""Stories stage: articles → the stories they tell (one event or subject followed by several outlets).

A newsroom's archive holds every story at once, and the measures of a
figure recur in all of them (死亡 in every disaster, 增长 in every economy):
two figures are a difference of one fact only inside one story, unless both
name the same subject. This stage groups articles by what their headline and
lead are about (`Extraction.topic`, `extract/topic.py`), as topic detection
and tracking does: tf-idf vectors of those terms, a similarity between two
articles from the terms they share that are not common (less for articles far
apart in time, by the dates they give themselves in full: a guessed year or a
date inferred from a lead is no evidence; little for two whose marks
contrast: 嫦娥五号 and 嫦娥六号, 五一 and 国庆, 亚运会 and 冬奥会,
`Topic.marks`), and average-link clustering while two stories' articles are
alike enough on average (`THRESHOLD`); an article left alone then joins the
story of the one article it is most like, if those two are that alike.

With drafts (`--against`), the corpus is grouped alone and each draft then
joins the story of the corpus article it is most like, or a story of drafts
alone; term weights are the corpus's. So a draft never changes how the
archive is grouped, and an index of the corpus's stories serves every later
draft. Grouping errs both ways, so `Grouping.same` also counts two articles
of different stories as one story's when they are alike on their own.

`inferred_years` gives an undated article its story's year. The stage reads
no text and compares no figures: `align` uses the stories it makes.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from . import lexicon
from .models import Source, Story, Topic

THRESHOLD = 0.1  # average similarity between two stories' articles for them to be one
NEAR_DAYS = 30  # articles this close in time are as likely to be one story as any
FAR = 0.5  # the least that articles far apart in time keep of their similarity
APART_DAYS = 3 * 365  # articles further apart than this tell different stories, however alike
APART = 0.1  # what such articles keep of their similarity
COMMON = 0.25  # a term in more than this share of the articles (and more than MIN_COMMON) pairs none,
MAX_COMMON = 80  # nor one in more than this many: a story is told in fewer articles than that
MIN_COMMON = 8
MIN_ARCHIVE = 50  # the idf of a smaller run is taken as of this many articles
NEAR = 0.1  # two articles this alike may tell one story whatever the grouping says


class Grouping:
    """The stories found, which story each source is in, and whether two sources may tell one story.

    Grouping errs both ways (a content-farm rewrite shares few words with the
    wire it rewrote; two holidays' travel reports share most of theirs), so
    two articles of different stories still count as one story's when their
    own topics are alike (`NEAR`): only articles both grouped apart and
    unlike each other are of other stories.
    """

    def __init__(self, stories: list[Story], topics: dict[str, Topic], dates: dict[str, Optional[dt.date]],
                 df: dict[str, int], n: int, labels: Optional[dict[str, str]] = None,
                 corpus_stories: Optional["CorpusStories"] = None):
        self.stories = stories
        self.corpus_stories = corpus_stories  # how the corpus alone was grouped, drafts apart
        self.story_of = {m: st.id for st in stories for m in st.sources}
        self._labels = labels or {}
        self._topics, self._dates, self._df, self._n = topics, dates, df, n
        self._vectors: dict[str, dict[str, float]] = {}
        self._memo: dict[tuple[str, str], bool] = {}
        self._alike: dict[tuple[str, str], float] = {}

    def same(self, a: str, b: str) -> bool:
        """Whether two sources may tell one story: grouped together, or alike on their own."""
        sa = self.story_of.get(a)
        if sa is not None and sa == self.story_of.get(b):
            return True
        key = _pair(a, b)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self.similarity(a, b) >= NEAR
        return got

    def relation(self, a: str, b: str) -> str:
        """same (grouped together), near (grouped apart but alike: `same`) or other."""
        sa = self.story_of.get(a)
        if sa is not None and sa == self.story_of.get(b):
            return "same"
        return "near" if self.same(a, b) else "other"

    def alike(self, a: str, b: str) -> float:
        """How alike two articles' topics are (`similarity`), remembered: align asks for each pair of statements."""
        key = _pair(a, b)
        got = self._alike.get(key)
        if got is None:
            got = self._alike[key] = self.similarity(a, b)
        return got

    def label(self, source: str) -> str:
        """The source's story, named the same however the run reads the corpus (with or without a
        stored index, whatever the drafts): its corpus articles' first file name (`story_label`)."""
        return self._labels.get(source) or self.story_of.get(source) or source

    def similarity(self, a: str, b: str) -> float:
        """As `_similarities` counts it: the dot product over the terms that are not common, less for
        time apart, little for marks that contrast (芦山7.0级地震 and 泸定6.8级地震)."""
        va, vb = self._vector(a), self._vector(b)
        shared = va.keys() & vb.keys()
        if not shared:
            return 0.0
        dot = sum(va[t] * vb[t] for t in shared) * _time_factor(self._dates.get(a), self._dates.get(b))
        ta, tb = self._topics.get(a), self._topics.get(b)
        if ta is not None and tb is not None and contrasting(ta.marks, tb.marks):
            dot *= lexicon.stories().marks.contrast
        return dot

    def _vector(self, s: str) -> dict[str, float]:
        v = self._vectors.get(s)
        if v is None:
            topic = self._topics.get(s)
            common = _common(self._n)
            full = _vector(topic, self._df, self._n) if topic is not None else {}
            v = self._vectors[s] = {t: w for t, w in full.items() if self._df[t] <= common}
        return v


@dataclass(frozen=True)
class CorpusStories:
    """How a reference corpus is grouped: each story's source ids and name. Stored with a corpus index."""

    clusters: list[list[str]]
    names: list[str]


def group(
    articles: Sequence[tuple[Source, Topic]],
    drafts: Optional[set[str]] = None,
    corpus_stories: Optional[CorpusStories] = None,
    threshold: float = THRESHOLD,
) -> Grouping:
    """Stories of the articles (each a source and its topic); with `drafts` (source ids), the corpus
    is grouped alone (or as `corpus_stories` says it was) and each draft then joins the corpus story
    of the article it is most similar to (a draft is short: it retells one article's part of a
    story, not the whole), or a story of drafts alone.

    Term weights (idf) are the corpus's: a draft changes neither them nor the corpus's stories.
    """
    drafts = drafts or set()
    order = sorted(articles, key=lambda st: (st[0].date is None, st[0].date or dt.date.min, st[0].path, st[0].id))
    ids = [src.id for src, _ in order]
    topics = {src.id: topic for src, topic in order}
    dates = {src.id: src.date if _sure(src) else None for src, _ in order}
    corpus = [s for s in ids if s not in drafts]
    df = document_frequency(topics[s] for s in corpus)
    n = len(corpus)
    if corpus_stories is None:
        corpus_stories = cluster_corpus([(src, topic) for src, topic in order if src.id not in drafts], threshold)
    clusters = [list(c) for c in corpus_stories.clusters]
    names = list(corpus_stories.names)
    joined = [s for s in ids if s in drafts]
    if joined:
        common = _common(n)
        wanted = {t for d in joined for t in topics[d].terms if 0 < df.get(t, 0) <= common}
        near = [s for s in corpus if not wanted.isdisjoint(topics[s].terms)]
        vectors = {s: _vector(topics[s], df, n) for s in joined + near}
        sims = _similarities(joined + near, vectors, dates, df, common, involving=set(joined), topics=topics)
        alone = []
        for d in joined:  # drafts join the corpus's stories; they never move them
            best, best_score = None, threshold
            for c in clusters:
                score = max(sims.get(_pair(d, m), 0.0) for m in c)
                if score >= best_score and (best is None or score > best_score):
                    best, best_score = c, score
            if best is None:
                alone.append(d)
            else:
                best.append(d)
        if alone:  # drafts of a story the corpus does not tell: grouped among themselves, by their own words too
            df_all = document_frequency(topics[s] for s in corpus + alone)
            own = {s: _vector(topics[s], df_all, n + len(alone)) for s in alone}
            among = _similarities(alone, own, dates, df_all, _common(n + len(alone)), topics=topics)
            for c in _average_link(alone, among, threshold):
                clusters.append(c)
                names.append(_name(c, own))
    position = {s: i for i, s in enumerate(ids)}
    ranked = sorted(zip(clusters, names), key=lambda cn: min(position[m] for m in cn[0]))
    stories = [
        Story(id=f"t{i}", name=name, sources=sorted(c, key=position.__getitem__))
        for i, (c, name) in enumerate(ranked, start=1)
    ]
    paths = {src.id: src.path for src, _ in order}
    labels = {}
    for st in stories:
        label = story_label([paths[m] for m in st.sources if m not in drafts] or [paths[m] for m in st.sources])
        labels.update((m, label) for m in st.sources)
    return Grouping(stories, topics, dates, df, n, labels, corpus_stories)


def story_label(paths: Sequence[str]) -> str:
    """A story's label in the statement index (`align.index_keys`): the first file name of its
    corpus articles. Not the path: a fresh checkout elsewhere (a CI clone) reads the same index."""
    return min(os.path.basename(p) for p in paths)


def cluster_corpus(articles: Sequence[tuple[Source, Topic]], threshold: float = THRESHOLD) -> CorpusStories:
    """The corpus alone, grouped by average-link clustering; `articles` in date order."""
    ids = [src.id for src, _ in articles]
    topics = {src.id: topic for src, topic in articles}
    dates = {src.id: src.date if _sure(src) else None for src, _ in articles}
    df = document_frequency(topics.values())
    n = len(ids)
    vectors = {s: _vector(topics[s], df, n) for s in ids}
    sims = _similarities(ids, vectors, dates, df, _common(n), topics=topics)
    clusters = _attach_singletons(_average_link(ids, sims, threshold), sims, threshold)
    return CorpusStories(clusters=clusters, names=[_name(c, vectors) for c in clusters])


def _attach_singletons(clusters: list[list[str]], sims: dict[tuple[str, str], float], threshold: float) -> list[list[str]]:
    """Each article the clustering left alone joins the story of the article it is most like, when
    those two alone would be one story (`threshold`), as a draft joins the corpus's stories. A
    content-farm rewrite (一天净赚2个亿！这钱到底怎么赚的？) shares a few rare words with one
    article of its story, too few for the story's average over all of them."""
    at = {m: i for i, c in enumerate(clusters) for m in c}
    best: dict[str, tuple[float, int]] = {}
    for (a, b), v in sims.items():  # in key order (`_similarities`): ties go the same way every run
        for x, y in ((a, b), (b, a)):
            if v >= threshold and len(clusters[at[x]]) == 1 and len(clusters[at[y]]) > 1 and v > best.get(x, (0.0, -1))[0]:
                best[x] = (v, at[y])
    for x in sorted(best):
        clusters[best[x][1]].append(x)
    return [c for c in clusters if not (len(c) == 1 and c[0] in best)]


def _common(n: int) -> float:
    """How many articles a term may be in and still pair them."""
    return max(MIN_COMMON, min(COMMON * n, MAX_COMMON))


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _similarities(ids, vectors, dates, df, common: float, involving: Optional[set[str]] = None,
                  topics: Optional[dict[str, Topic]] = None) -> dict[tuple[str, str], float]:
    """Similarity of every two articles sharing a term that is not common: the dot product of their
    tf-idf vectors over such terms (what a common term adds is small and would pair everything),
    less for articles far apart in time, and little for two whose topics' marks contrast (`contrasting`);
    with `involving`, only of the pairs with an article of that set.

    Accumulated term by term through the postings, so the work is the sum of the postings' squares.
    """
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for s in ids:
        for term, w in vectors[s].items():
            if df[term] <= common:
                postings[term].append((s, w))
    dots: dict[tuple[str, str], float] = defaultdict(float)
    for term in sorted(postings):
        members = postings[term]
        for i, (a, wa) in enumerate(members):
            for b, wb in members[i + 1 :]:
                if involving is not None and a not in involving and b not in involving:
                    continue
                dots[_pair(a, b)] += wa * wb
    contrast = lexicon.stories().marks.contrast

    def marks(s: str) -> list[str]:
        return topics[s].marks if topics and s in topics else []

    return {
        key: v * _time_factor(dates[key[0]], dates[key[1]]) * (contrast if contrasting(marks(key[0]), marks(key[1])) else 1.0)
        for key, v in sorted(dots.items())
    }


def contrasting(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two articles' marks (`Topic.marks`) of one kind have none in common: 嫦娥五号 and
    嫦娥六号, 2013年 and 2022年. A kind only one of them gives contrasts nothing."""
    if not a or not b:
        return False
    kinds_a, kinds_b = _by_kind(a), _by_kind(b)
    return any(kinds_a[k].isdisjoint(kinds_b[k]) for k in kinds_a.keys() & kinds_b.keys())


def _by_kind(marks: Sequence[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for m in marks:
        kind, _, value = m.partition("=")
        out[kind].add(value)
    return out


def _time_factor(a: Optional[dt.date], b: Optional[dt.date]) -> float:
    """How much of their similarity two articles keep for the time between them: all within
    `NEAR_DAYS`, at least `FAR` up to `APART_DAYS` (a round-up a year or two on tells the story
    again), and `APART` beyond (芦山 2013 and 芦山 2022 are two earthquakes)."""
    if a is None or b is None:
        return 1.0
    gap = abs((a - b).days)
    if gap > APART_DAYS:
        return APART
    return 1.0 if gap <= NEAR_DAYS else max(FAR, NEAR_DAYS / gap)


def _average_link(ids: list[str], sims: dict[tuple[str, str], float], threshold: float) -> list[list[str]]:
    """Agglomerative clustering: merge the two clusters of highest average similarity while it reaches `threshold`.

    Pairs that share no term count as 0. A heap of candidate merges, each
    entry stamped with the two clusters' sizes and dropped when either has
    changed since, keeps the work near-linear in the number of similar pairs.
    """
    members = {i: [s] for i, s in enumerate(ids)}
    at = {s: i for i, s in enumerate(ids)}
    total: dict[int, dict[int, float]] = defaultdict(dict)  # cluster → neighbour → sum of similarities
    for (a, b), v in sims.items():
        if a in at and b in at and v > 0:
            x, y = at[a], at[b]
            total[x][y] = total[y][x] = total[x].get(y, 0.0) + v
    heap: list[tuple[float, int, int, int, int]] = []

    def push(x: int, y: int) -> None:
        x, y = min(x, y), max(x, y)
        nx, ny = len(members[x]), len(members[y])
        heapq.heappush(heap, (-total[x][y] / (nx * ny), x, y, nx, ny))

    for x in sorted(total):
        for y in sorted(total[x]):
            if x < y:
                push(x, y)
    while heap:
        neg, x, y, nx, ny = heapq.heappop(heap)
        if x not in members or y not in members or len(members[x]) != nx or len(members[y]) != ny:
            continue  # stale: a side has merged since
        if -neg < threshold:
            break  # every entry left is lower still, or stale
        members[x] += members.pop(y)
        for k, v in total.pop(y).items():
            del total[k][y]
            if k != x:
                total[x][k] = total[k][x] = total[x].get(k, 0.0) + v
        total[x].pop(x, None)
        for k in sorted(total[x]):
            push(x, k)
    return [members[i] for i in sorted(members)]


def document_frequency(topics: Iterable[Topic]) -> dict[str, int]:
    df: dict[str, int] = defaultdict(int)
    for t in topics:
        for term in set(t.terms):
            df[term] += 1
    return df


def _vector(topic: Topic, df: dict[str, int], n: int) -> dict[str, float]:
    """tf-idf weights of an article's topic terms, unit length.

    In a small run every term is rare or everywhere: five articles about one
    city's industry share 北京 in all five. The idf counts at least
    MIN_ARCHIVE articles, as if the run were one story among many, so that a
    term all of a few articles share still ties them together.
    """
    size = max(n, MIN_ARCHIVE)
    raw = {t: w * math.log(1 + size / df[t]) for t, w in zip(topic.terms, topic.weights) if df.get(t)}
    norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
    return {t: w / norm for t, w in raw.items()}


def _name(members: list[str], vectors: dict[str, dict[str, float]]) -> str:
    """The story's two heaviest terms shared by more than one of its articles (else its heaviest)."""
    shared: dict[str, int] = defaultdict(int)
    centroid: dict[str, float] = defaultdict(float)
    for m in members:
        for t, w in vectors[m].items():
            shared[t] += 1
            centroid[t] += w
    ranked = sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))
    names = [t for t, _ in ranked if shared[t] > 1][:2] or [t for t, _ in ranked][:1]
    return " · ".join(names)


def inferred_years(sources: Sequence[Source], grouping: Grouping) -> dict[str, int]:
    """For each source of a story whose year its own text does not give for sure (undated, or a
    dateline 4月20日电 whose year was guessed from the years its text mentions: `date_from`
    inferred), the year of the story's surely dated articles (front matter, a dateline with its
    year) that puts its month and day nearest one of theirs; for an undated source, the year most
    of them are dated in (the earliest of equals). Its month-days then resolve.

    Nearest, not most: a story the grouping merged (芦山 2013 and 2022) dates a 4月20日 wire 2013.
    """
    by_id = {s.id: s for s in sources}
    out: dict[str, int] = {}
    for story in grouping.stories:
        sure = [by_id[m].date for m in story.sources if m in by_id and _sure(by_id[m])]
        if not sure:
            continue
        years = [d.year for d in sure]
        common = max(sorted(set(years)), key=years.count)
        for m in story.sources:
            src = by_id.get(m)
            if src is None or _sure(src):
                continue
            year = common if src.date is None else _nearest_year(src.date, sure)
            if src.date is None or src.date.year != year:
                out[m] = year
    return out


def _sure(src: Source) -> bool:
    """Whether the source's date is its own in full (front matter, a dateline with its year), not inferred."""
    return src.date is not None and src.date_from != "inferred"


def _nearest_year(guessed: dt.date, sure: list[dt.date]) -> int:
    """The year among `sure`'s that puts `guessed`'s month and day nearest one of them (the earliest of equals)."""
    def gap(year: int) -> int:
        try:
            day = guessed.replace(year=year)
        except ValueError:  # 2月29日 in a year without one
            day = guessed.replace(year=year, day=28)
        return min(abs((day - d).days) for d in sure)

    return min(sorted({d.year for d in sure}), key=gap)
