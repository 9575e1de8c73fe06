"""Align stage: statements from all articles → links between statements about one fact.

Statements are first split into blocks that could hold the same fact at all
(same kind, unit family, unit and role: 例 never meets 家, a "before" value
never meets an "after" one). Inside a block, candidate pairs come from an
inverted index over context words, entity names and stories, so the work
grows with the number of statements that share keys, never with all pairs
of the corpus. Each candidate pair from two different articles is then:
- kept apart by a rule when it cannot be one fact (`compare_frames`):
  incompatible categories (第二类 vs 第三类), contrasting words (规模 vs 投入),
  places, subjects, measures (死亡 vs 受伤, a change vs a level) or periods
  named apart, a forecast against an actual;
- else scored slot by slot with the fitted weights of `linkage` (story,
  subject, place, measure, words, moment, values …): an "agree" link when
  the values overlap and the score reaches the agreement threshold, a
  "differ" link when they differ and it reaches that model's threshold.

It does not decide conflict versus timeline: that is `compare`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Mapping, Optional, Protocol

from rapidfuzz import fuzz

from . import lexicon
from .extract.entities import canonical, same_entity
from .extract.quantities import specific_unit
from .linkage import ARTICLES_RELATED, BARE_CHANGE, Linkage, decide, levels, names_place, same_digits
from .models import OWN_PLACE, Alignment, Family, Link, Statement
from .stories import Grouping


@dataclass(frozen=True)
class Thresholds:
    period_days: int = 14  # period starts (and ends of flows) closer than this match
    max_posting: int = 120  # a word shared by more statements than this is not a key
    keys_per_statement: int = 5  # a statement is indexed under its rarest words only


def align(
    statements: list[Statement],
    *,
    aliases: Optional[dict[str, str]] = None,
    focus: Optional[set[str]] = None,
    thresholds: Thresholds = Thresholds(),
    corpus: Optional[Mapping[tuple, "BlockIndex"]] = None,
    stories: Optional[Grouping] = None,
    linkage: Optional[Linkage] = None,
    keep_levels: bool = False,
) -> Alignment:
    """Links between statements of different sources; with `focus`, only pairs touching those sources
    (a draft with the corpus, or with another draft).

    With `focus`, the statements outside it are the reference corpus: a
    word's rarity is counted in the corpus alone, so that the corpus can be
    indexed once (`corpus`, by block key) and `statements` need then hold
    only the drafts' statements and the corpus statements the index names.

    With `stories` (the stories stage's grouping), how two articles' stories
    relate is one of the slots each pair is scored on (`linkage`).
    """
    aliases = aliases or {}

    def judged(pairs: list[tuple[Statement, Statement]]) -> list[Link]:
        return judge_all(pairs, aliases, stories, linkage, keep_levels)

    story_of = stories.label if stories is not None else None
    blocks: dict[tuple, list[Statement]] = defaultdict(list)
    for s in statements:
        blocks[block_key(s)].append(s)
    initials = _Initials(aliases)
    links: list[Link] = []
    pairs_seen = 0
    largest = max((len(b) for b in blocks.values()), default=0)
    for key in sorted(blocks, key=str):
        block = blocks[key]
        if focus is None:
            pairs, count = _candidates(block, thresholds, initials, story_of)
            pairs_seen += count
            links.extend(judged(pairs))
            continue
        drafts = [s for s in block if s.source in focus]
        if not drafts:
            continue  # every candidate pair must touch a draft: none can come from this block
        if corpus is not None:
            index = corpus.get(key)
        else:
            reference = [s for s in block if s.source not in focus]
            index = MemoryBlock(reference, thresholds, story_of) if reference else None
        # With no corpus statement in the block, the drafts meet each other below, their words'
        # rarity counted among themselves (here it would be counted in an empty corpus).
        first = [(a, b) for a, b in _draft_candidates(drafts, index, thresholds, story_of)] if index is not None else []
        pairs_seen += len(first)
        judged_pairs = {(a.id, b.id) for a, b in first}
        found = judged([(a, b) for a, b in first if not initials.apart(a, b)])
        by_id = {s.id: s for pair in first for s in pair}
        touched = {i: by_id[i] for link in found for i in (link.a, link.b) if by_id[i].source not in focus}
        if len({s.source for s in drafts}) > 1:
            # Drafts are compared with each other too, their words' rarity counted among
            # themselves: with every corpus file also a draft (pre-commit run --all-files),
            # the corpus's counts say nothing.
            pairs, count = _candidates(drafts, thresholds, initials, story_of)
            pairs_seen += count
            found.extend(judged([(a, b) for a, b in pairs if (a.id, b.id) not in judged_pairs]))
        if touched:
            # The corpus statements a draft touches are compared with each other too,
            # so a finding can say "3 sources say X" instead of three findings.
            sub = [touched[i] for i in sorted(touched)]
            pairs, count = _candidates(sub, thresholds, initials, story_of)
            pairs_seen += count
            found.extend(judged(pairs))
            if index is not None:
                # And with the corpus statements that agree with them: a draft that differs from
                # four agreeing articles is told against all four, not against the one it met.
                done = {(a.id, b.id) for a, b in pairs}
                twins = [(a, b) for a, b in _draft_candidates(sub, index, thresholds, story_of)
                         if a.source not in focus and b.source not in focus and (a.id, b.id) not in done
                         and not initials.apart(a, b)]
                pairs_seen += len(twins)
                found.extend(link for link in judged(twins) if link.relation == "agree")
        links.extend(found)
    links.sort(key=lambda l: (l.a, l.b))
    return Alignment(links=links, blocks=len(blocks), largest_block=largest, candidate_pairs=pairs_seen)


def candidate_pairs(statements: list[Statement], aliases: dict[str, str], stories: Optional[Grouping] = None,
                    thresholds: Thresholds = Thresholds()) -> Iterable[list[tuple[Statement, Statement]]]:
    """Every pair `align` (without focus) would judge, a list per block: what the linkage weights are fitted on."""
    blocks: dict[tuple, list[Statement]] = defaultdict(list)
    for s in statements:
        blocks[block_key(s)].append(s)
    initials = _Initials(aliases)
    story_of = stories.label if stories is not None else None
    for key in sorted(blocks, key=str):
        yield _candidates(blocks[key], thresholds, initials, story_of)[0]


def compared_pairs(pairs: list[tuple[Statement, Statement]], aliases: dict[str, str], stories: Optional[Grouping] = None):
    """(a, b, levels, overlap, similarity, entity, period) for each pair no rule keeps apart
    (`compare_frames`), with two slots that need all the pairs: `best`, whether each statement is
    the other's most alike in its article among these pairs (a statement of one article has one
    twin in another: the clause most like it, not any clause that shares some words), and
    `choices`, whether each is the other's only candidate there (two short reports of one figure
    each, against two roundups of forty).
    """
    out = []
    best: dict[tuple[str, str], float] = {}
    choices: dict[tuple[str, str], int] = defaultdict(int)
    for a, b in pairs:
        story = stories.relation(a.source, b.source) if stories is not None else "same"
        alike = stories.alike(a.source, b.source) if stories is not None else ARTICLES_RELATED
        compared = compare_frames(a, b, aliases, story, alike)
        if compared is None:
            continue
        sim = compared[2]
        for key in ((a.id, b.source), (b.id, a.source)):
            choices[key] += 1
            if sim > best.get(key, -1.0):
                best[key] = sim
        out.append((a, b, *compared))
    # A figure said of a named place (甘孜州40人遇难) has its twin in another article in the figure
    # of that place (其中甘孜州38人), not in the figure of the whole (66人死亡) beside it.
    twins = {(x.id, y.source) for a, b, found, *_ in out if found["place"] == "same" and a.measure == b.measure
             for x, y in ((a, b), (b, a))}
    for a, b, found, _, sim, _, _ in out:
        if found["place"] == "one_side":
            named, unnamed = (a, b) if names_place(a) else (b, a)
            if (named.id, unnamed.source) in twins:
                found["place"] = "one_side_twin"
        ahead = sim >= best[(a.id, b.source)], sim >= best[(b.id, a.source)]
        found["best"] = "mutual" if all(ahead) else "one_side" if any(ahead) else "neither"
        only = choices[(a.id, b.source)] == 1, choices[(b.id, a.source)] == 1
        found["choices"] = "only" if all(only) else "one_side" if any(only) else "several"
    return out


def judge_all(pairs: list[tuple[Statement, Statement]], aliases: dict[str, str], stories: Optional[Grouping] = None,
              linkage: Optional[Linkage] = None, keep_levels: bool = False) -> list[Link]:
    """The links among these pairs: each pair's levels (`compared_pairs`) scored by the fitted model
    its values call for (`linkage.decide`); with `keep_levels`, each link keeps them (explain)."""
    links = []
    for a, b, found, overlap, sim, entity, period in compared_pairs(pairs, aliases, stories):
        ok, score = decide(a, b, found, overlap, linkage)
        if ok:
            relation = "agree" if overlap and a.unit == b.unit else "differ"
            links.append(Link(a=a.id, b=b.id, relation=relation, similarity=round(sim, 3), entity=entity, period=period,
                              score=round(score, 3), levels=found if keep_levels else {}))
    return links


class _Initials:
    """The first character of each name's canonical form: a quick test for subjects named apart.

    Two names are the same entity only if their canonical forms begin with
    the same character (`same_entity`: equal, one a prefix of the other, or
    a subsequence with the same first and last character). So where both
    sides name their subject, one of them in the figure's own clause
    (strength 2), differing initials settle what `compare_frames` would find the long
    way: most candidate pairs of a large corpus are such pairs.
    """

    def __init__(self, aliases: dict[str, str]):
        self.aliases, self.memo = aliases, {}

    def of(self, s: Statement) -> str:
        """The statement's class: its entity's initial, or "" when it names none."""
        name = s.entity
        if not name:
            return ""
        got = self.memo.get(name)
        if got is None:
            got = self.memo[name] = canonical(name, self.aliases)[:1]
        return got

    def apart(self, a: Statement, b: Statement) -> bool:
        ia, ib = self.of(a), self.of(b)
        return bool(ia and ib and ia != ib and max(a.entity_strength, b.entity_strength) >= 2)


def block_key(s: Statement) -> tuple:
    """Statements can be about one fact only if these agree: kind, unit family, unit and role.
    Money and percentages block on the family alone: 490亿港元 written 490亿元, 1.92个百分点
    written 1.92%, is one figure in a wrong unit (`unit_slip`); other pairs of two units
    `compare_frames` keeps apart."""
    unit = "" if s.family in _SLIP_FAMILIES else s.unit
    return (s.kind, s.family.value, unit, s.role or "")


_SLIP_FAMILIES = frozenset({Family.MONEY, Family.PERCENT})


def unit_slip(a: Statement, b: Statement) -> bool:
    """One figure given in two units of a family: the same digits (two or more) in 元 and 港元, in
    个百分点 and %. Which unit is right the articles must say; that both cannot be is the finding."""
    return a.unit != b.unit and a.family in _SLIP_FAMILIES and same_digits(a.value, b.value, digits=2)


def index_keys(s: Statement, df: Mapping[str, int], t: "Thresholds", story: Optional[str] = None) -> list[str]:
    """Where a twin must share a key: the statement's rarest context words in its block and its
    entity; its story (`Grouping.label`), alone and with its measure; and when even its rarest
    word is too common to be a key, each place it is about with each of its two rarest words.

    The story keys find one story's figures of one measure however differently their clauses
    read (四川全省因地震遇难的人数随之增至181人 / 芦山地震已造成181人遇难): they share no rare word.

    A figure about a place said in common words only (2024年，佛山市半导体产业规模达到3732亿元)
    has no rare word in a large corpus; its place narrows those words down, and `compare_frames` never
    links figures about different places.
    """
    ranked = sorted(set(s.context), key=lambda w: (df.get(w, 0), w))
    keys = ranked[: t.keys_per_statement]
    if s.entity:
        keys.append("@" + s.entity[:2])
        if s.metric:
            keys.append(strong_key(s))
    if story is not None:
        keys.append(STORY + story)
        if s.measure:
            keys.append(f"{STORY}{story}{_JOIN}{s.measure}")
    if ranked and df.get(ranked[0], 0) > t.max_posting:
        places = [m[2:] for m in s.markers if m.startswith("p:")]
        keys.extend(f"{p}{_JOIN}{w}" for p in places for w in ranked[:2])
    return keys


_JOIN = "\x1f"  # place + word keys: never inside a word
STORY = "~"  # story keys start with this
STRONG = "#"  # subject and measure keys start with this: never dropped for their size, sampled
SAMPLE_PER_VALUE = 3  # statements kept of each value of an oversized strong posting (distinct sources)
SAMPLE_VALUES = 40  # values kept of it, the most attested first


def strong_key(s: Statement) -> str:
    """The subject and the measure: statements sharing it are the likeliest twins of all."""
    return f"{STRONG}{s.entity}{_JOIN}{s.metric}"


def sample_posting(posting: list, value=lambda s: (s.low, s.high)) -> list:
    """An oversized strong posting cut to a few statements of each value (in posting order).

    Flooding a key with one figure (121 articles saying 5例) must not hide the
    draft that says 7例: every value keeps SAMPLE_PER_VALUE witnesses from
    distinct sources, so each pair of values is still compared.
    """
    groups: dict = {}
    for s in posting:
        groups.setdefault(value(s), []).append(s)
    ranked = sorted(groups.values(), key=lambda g: -len(g))[:SAMPLE_VALUES]
    keep = set()
    for group in ranked:
        sources = set()
        for s in group:
            if s.source not in sources:
                sources.add(s.source)
                keep.add(id(s))
                if len(sources) >= SAMPLE_PER_VALUE:
                    break
    return [s for s in posting if id(s) in keep]


def _might_hold(s: Statement, wanted: set[str], places: set[str], story: Optional[str] = None) -> bool:
    """Whether any of `s`'s keys can be in `wanted` (a cheap test before working its keys out);
    `places`: the places of wanted place keys."""
    if not wanted.isdisjoint(s.context) or (story is not None and STORY + story in wanted):
        return True
    if s.entity and "@" + s.entity[:2] in wanted:
        return True
    return bool(places) and any(m.startswith("p:") and m[2:] in places for m in s.markers)


def word_counts(statements: Iterable[Statement]) -> Counter:
    """In how many of the statements each context word is."""
    return Counter(itertools.chain.from_iterable(set(s.context) for s in statements))


StoryOf = Optional[Callable[[str], str]]  # a source id → its story's label (`Grouping.label`)


def _candidates(
    block: list[Statement], t: "Thresholds", initials: _Initials, story_of: StoryOf = None
) -> tuple[list[tuple[Statement, Statement]], int]:
    """Pairs of statements from different sources sharing a key whose posting is small enough, and their number.

    Pairs whose subjects are named apart (`_Initials`) are counted but not returned: `compare_frames` would reject them.
    """
    df = word_counts(block)
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(block):
        for k in index_keys(s, df, t, story_of(s.source) if story_of else None):
            index[k].append(i)
    sources = [s.source for s in block]
    named = [initials.of(s) for s in block]
    strong = [s.entity_strength >= 2 for s in block]
    n = len(block)
    seen: set[int] = set()  # i * n + j: cheaper to hash than (i, j), and a block has many pairs
    pairs = []
    for key in sorted(index, key=lambda k: (len(index[k]) > t.max_posting and not k.startswith(STRONG), len(index[k]), k)):
        posting = index[key]
        if len(posting) > t.max_posting:
            if not key.startswith(STRONG):
                break  # postings are sorted by size: every later one is larger still (but strong ones)
            for i, j in _flooded_pairs(posting, block):
                if sources[j] == sources[i] or i * n + j in seen:
                    continue
                seen.add(i * n + j)
                if named[i] and named[j] and named[i] != named[j] and (strong[i] or strong[j]):
                    continue  # named apart
                a, b = block[i], block[j]
                pairs.append((a, b) if a.id < b.id else (b, a))
            continue
        for x, i in enumerate(posting):  # indices ascend: i < j
            source, name, firm = sources[i], named[i], strong[i]
            for j in posting[x + 1 :]:
                if sources[j] == source or i * n + j in seen:
                    continue
                seen.add(i * n + j)
                if name and named[j] and name != named[j] and (firm or strong[j]):
                    continue  # named apart
                a, b = block[i], block[j]
                pairs.append((a, b) if a.id < b.id else (b, a))
    return pairs, len(seen)


def _flooded_pairs(posting: list[int], block: list[Statement]) -> list[tuple[int, int]]:
    """Index pairs (i < j) to compare in an oversized strong posting: every pair of its sample
    (`sample_posting`), and each other statement with its value's first witness: agreements
    still gather and every two values meet, in pairs linear in the posting."""
    members = [block[i] for i in posting]
    where = {id(s): i for s, i in zip(members, posting)}
    sample = [where[id(s)] for s in sample_posting(members)]
    first: dict = {}
    for i in sample:
        first.setdefault((block[i].low, block[i].high), i)
    pairs = {(a, b) for x, a in enumerate(sample) for b in sample[x + 1 :]}
    for i in posting:
        w = first.get((block[i].low, block[i].high))
        if w is not None and w != i:
            pairs.add((min(i, w), max(i, w)))
    return sorted(pairs)


class BlockIndex(Protocol):
    """The reference corpus's statements of one block, indexed: in memory (`MemoryBlock`) or from the cache."""

    def df(self) -> Mapping[str, int]:
        """In how many corpus statements of the block each word is (at least those of `wanted`)."""

    def postings(self, wanted: set[str]) -> dict[str, list[Statement]]:
        """For each wanted key, the corpus statements indexed under it, if there are at most max_posting
        (a strong key's, sampled, however many: `sample_posting`)."""


class MemoryBlock:
    """A block's corpus statements indexed on the spot (a run without a stored index)."""

    def __init__(self, statements: list[Statement], t: "Thresholds", story_of: StoryOf = None):
        self.statements, self.t, self.story_of = statements, t, story_of
        self._df = word_counts(statements)

    def df(self) -> Mapping[str, int]:
        return self._df

    def postings(self, wanted: set[str]) -> dict[str, list[Statement]]:
        out: dict[str, list[Statement]] = defaultdict(list)
        places = {k.split(_JOIN, 1)[0] for k in wanted if _JOIN in k}
        for s in self.statements:
            # A statement indexed under a wanted key holds it among its words (or is that entity):
            # only those need their keys worked out.
            story = self.story_of(s.source) if self.story_of else None
            if not _might_hold(s, wanted, places, story):
                continue
            for k in index_keys(s, self._df, self.t, story):
                if k in wanted:
                    out[k].append(s)
        return {k: (v if len(v) <= self.t.max_posting else sample_posting(v)) for k, v in out.items()
                if len(v) <= self.t.max_posting or k.startswith(STRONG)}


def _draft_candidates(drafts: list[Statement], index: Optional[BlockIndex], t: "Thresholds", story_of: StoryOf = None):
    """Pairs of a draft statement with another statement (corpus or draft) sharing one of its keys."""
    df = index.df() if index is not None else {}
    keys = {d.id: index_keys(d, df, t, story_of(d.source) if story_of else None) for d in drafts}
    wanted = set(itertools.chain.from_iterable(keys.values()))
    corpus = index.postings(wanted) if index is not None else {}
    postings: dict[str, list[Statement]] = {k: list(corpus.get(k, ())) for k in wanted}
    for d in drafts:
        for k in keys[d.id]:
            postings[k].append(d)
    seen = set()
    for key in sorted(postings, key=lambda k: (len(postings[k]) > t.max_posting and not k.startswith(STRONG), len(postings[k]), k)):
        posting = postings[key]
        if len(posting) > t.max_posting:
            if not key.startswith(STRONG):
                break  # postings are sorted by size: every later one is larger still (but strong ones)
            drafts_here = [d for d in posting if d.id in keys]
            posting = sample_posting([o for o in posting if o.id not in keys]) + drafts_here
        for d in posting:
            if d.id not in keys:
                continue  # a corpus statement: its pairs with the drafts are made from their side
            for o in posting:
                if o.source == d.source:
                    continue
                a, b = (d, o) if d.id < o.id else (o, d)
                if (a.id, b.id) in seen:
                    continue
                seen.add((a.id, b.id))
                yield a, b


RANK_WORDS = 0.3  # the least word similarity of two ranks of no common measure (linkage's "low" level)


def compare_frames(a: Statement, b: Statement, aliases: dict[str, str], story: str = "same",
                   articles: float = ARTICLES_RELATED):
    """The pair's levels slot by slot (`linkage.levels`), whether the values overlap, the clauses'
    similarity and the entity and period relations; None when a rule keeps the two apart:
    - incompatible markers: categories (第二类 / 第三类), rank scopes, contrasting words, places;
    - subjects named apart (清华大学's 3例 are not 北脑一号's 5例), measures apart (死亡 / 受伤,
      a change 增加82.7万人 / a level), periods apart;
    - a forecast or target against an actual (目标1200万人以上 is not confirmed by 1244万人, nor
      contradicted), unless both say one exact figure (计划投资120亿元 / 总投资120亿元);
    - two lower bounds far apart (超过1000家 / 超过1200家: both true, neither confirms the other);
    - two ranks of nothing in common: a rank is of what is ranked, and neither a measure nor the
      clauses' words say that is one thing (企业融资规模居全国首位 / 进口货值位居全国首位).
    - two units of one family (money, percentages) unless the digits are one figure's (`unit_slip`);
    - one place's share of a whole (其中甘孜州38人) against a figure of no named place.
    """
    slip = a.unit != b.unit
    if slip and not unit_slip(a, b):
        return None  # 16655亿元 and 3108亿新元: two units, two figures
    if not _markers_compatible(a.markers, b.markers):
        return None
    if _part_of_named_place(a) and not names_place(b) or _part_of_named_place(b) and not names_place(a):
        return None  # 66人死亡，其中甘孜州38人: a place's share is not the whole another article gives
    entity = _entity_relation(a, b, aliases)
    if entity == "different":
        return None
    if not _measures_compatible(a, b):
        return None
    period = _period_relation(a, b, Thresholds.period_days)
    if period == "different":
        return None
    overlap = slip or values_overlap(a, b)  # a unit slip reads as one figure: the agreement model judges it
    if a.modality != b.modality and not (overlap and _same_exact(a, b)):
        return None
    if overlap and _bounds_apart(a, b):
        return None
    same_categories = (not a.markers and not b.markers) or _signature(tuple(a.markers))[0] == _signature(tuple(b.markers))[0]
    sim = similarity(a.context, b.context)
    if a.family == Family.RANK and sim < RANK_WORDS and not (a.measure and a.measure == b.measure):
        return None
    found = levels(
        a, b, story=story, entity=entity, period=period, similarity=sim,
        contained=contained(a.context, b.context, 0.0), same_categories=same_categories, overlap=overlap,
        articles=articles,
    )
    return found, overlap, sim, entity, period


def _part_of_named_place(s: Statement) -> bool:
    """A figure given as one place's share of a whole, the place named in its own item (其中甘孜州38人、
    雅安市28人; not 其中游客6人 in a sentence that named 九寨沟 before)."""
    return s.part and s.kind != "date" and OWN_PLACE in s.markers


def _same_exact(a: Statement, b: Statement) -> bool:
    return a.qualifier == b.qualifier == "exact" and a.value == b.value


def _measures_compatible(a: Statement, b: Statement) -> bool:
    """死亡 ≠ 受伤, and a change (增加82.7万人) is not a level; a change of no named head (同比增长17.3%)
    may be any head's (营业收入同比增长17.3%)."""
    if a.measure == b.measure:
        return True
    if _change(a) != _change(b):
        return False
    return not (a.measure and b.measure) or (_change(a) and BARE_CHANGE in (a.measure, b.measure))


def _change(s: Statement) -> bool:
    return bool(s.measure) and s.measure.endswith("变化")


def _specific(s: Statement) -> bool:
    return s.family == Family.COUNT and specific_unit(s.unit)


def similarity(a: list[str], b: list[str]) -> float:
    """How alike two metric contexts are: word overlap, softened by character overlap."""
    if not a or not b:
        return 0.0
    A, B = set(a), set(b)
    inter = len(A & B)
    words = 0.5 * inter / len(A | B) + 0.5 * inter / min(len(A), len(B))
    # Characters in reading order catch what word splitting cuts differently (药企在京 / 企业在京).
    ja, jb = "".join(a), "".join(b)
    chars = fuzz.ratio(ja, jb) / 100
    bigrams = _bigram_overlap(ja, jb)
    return max(words, 0.5 * bigrams + 0.5 * words, 0.5 * chars + 0.5 * words)


def contained(a: list[str], b: list[str], leftover: float) -> bool:
    """The shorter context's words are (nearly all) in the longer one."""
    small, large = sorted((set(a), set(b)), key=len)
    return len(small - large) <= int(len(small) * leftover)


def _bigram_overlap(x: str, y: str) -> float:
    X, Y = _bigrams(x), _bigrams(y)
    if not X or not Y:
        return 0.0
    inter = len(X & Y)
    return 0.5 * inter / len(X | Y) + 0.5 * inter / min(len(X), len(Y))


@lru_cache(maxsize=1 << 17)
def _bigrams(x: str) -> frozenset[str]:
    """A context's character pairs, once per distinct context (a statement meets many candidates)."""
    return frozenset(x[i : i + 2] for i in range(len(x) - 1))


def values_overlap(a: Statement, b: Statement) -> bool:
    """Whether both values can be true at once: their ranges share more than an end,
    or one is a single value on the other's end (1000家 and 至少1000家).

    0.3亿 and 0.4亿 are each a rounding, [0.25亿, 0.35亿) and [0.35亿, 0.45亿): they do not meet.
    """
    if a.kind == b.kind == "date" and a.as_of_time and b.as_of_time and a.low == a.high == b.low == b.high:
        (lo_a, hi_a), (lo_b, hi_b) = clock_span(a), clock_span(b)
        return max(lo_a, lo_b) <= min(hi_a, hi_b)  # one day, two times of it: 2时10分许 / 1时57分许
    low = b.low if a.low is None else a.low if b.low is None else max(a.low, b.low)
    high = b.high if a.high is None else a.high if b.high is None else min(a.high, b.high)
    if low is None or high is None or low < high:  # an open end (±∞ in JSON) overlaps anything
        return True
    return low == high and (a.low == a.high or b.low == b.high)


def clock_span(s: Statement) -> tuple[int, int]:
    """The minutes of its day a time said with a date may be (data/time_words.toml [clock])."""
    table = lexicon.time_words().clock
    hh, mm = s.as_of_time.split(":")
    at = int(hh) * 60 + int(mm)
    about = any(w in s.text for w in table.about)
    if "分" in s.text or "半" in s.text:  # 1点半 is a minute's time, as 1点30分 is
        slack = table.about_minutes if about else 0
        return at - slack, at + slack
    if about:
        return at - table.about_hour_minutes, at + table.about_hour_minutes
    return at, at + 59


_BOUNDS = frozenset({"over", "at_least", "under", "at_most"})


def _bounds_apart(a: Statement, b: Statement, tolerance: float = 0.05) -> bool:
    """超过1000家 and 超过1200家: both can be true, yet neither confirms the other."""
    if a.qualifier not in _BOUNDS or b.qualifier not in _BOUNDS or a.value is None or b.value is None:
        return False
    return abs(a.value - b.value) > tolerance * max(abs(a.value), abs(b.value))


def _categories(markers: list[str]) -> set[str]:
    return {m for m in markers if m.startswith("k:")}


def _markers_compatible(ma: list[str], mb: list[str]) -> bool:
    if not ma and not mb:
        return True
    ka, scopes_a, contrasts_a, places_a = _signature(tuple(ma))
    kb, scopes_b, contrasts_b, places_b = _signature(tuple(mb))
    if ka and kb and ka != kb:  # 第二类 vs 第三类; one side naming no category is decided by the caller
        return False
    if scopes_a != scopes_b:
        return False  # rank scopes (全国, 全球) must match exactly
    for group in contrasts_a.keys() & contrasts_b.keys():
        if not contrasts_a[group] & contrasts_b[group]:
            return False
    return not (places_a and places_b and not places_a & places_b)


@lru_cache(maxsize=65536)
def _signature(markers: tuple[str, ...]) -> tuple:
    """A statement's markers sorted by kind, once per distinct list (each statement meets many candidates)."""
    return (
        frozenset(_categories(markers)),
        frozenset(m for m in markers if m.startswith("s:")),
        {group: frozenset(words) for group, words in _groups(markers, "c:").items()},
        frozenset(m for m in markers if m.startswith("p:")),
    )


def _groups(markers: list[str], prefix: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for m in markers:
        if m.startswith(prefix):
            _, group, word = m.split(":", 2)
            out[group].add(word)
    return out


def _entity_relation(a: Statement, b: Statement, aliases: dict[str, str]) -> str:
    if not a.entity and not b.entity:
        return "none"
    if not a.entity or not b.entity:
        return "unknown"
    if same_entity(a.entity, b.entity, aliases):
        return "same"
    # Two names said in the figure's own clause: different things (清华大学's 3例 ≠ 北脑一号's 5例).
    return "different" if max(a.entity_strength, b.entity_strength) >= 2 else "unknown"


def _period_relation(a: Statement, b: Statement, days: int) -> str:
    pa, pb = a.period, b.period
    if pa is None and pb is None:
        return "same"
    if pa is None or pb is None:
        return "unknown"
    if (pa.start is None) != (pb.start is None):
        if a.cumulative and b.cumulative and pa.end and pb.end and abs((pa.end - pb.end).days) <= days:
            return "unknown"  # 截至22日，此轮降雨已造成… / 截至22日，19日以来…: a start one side does not name
        span = pb if pa.start is None else pa
        if span.end == (pa if pa.start is None else pb).end and span.start and (span.end - span.start).days <= 31:
            return "same"  # 2023年末全国人口 / 截至2023年末，全国总人口: the year's end, said two ways
        return "different"
    if pa.start and pb.start and abs((pa.start - pb.start).days) > days:
        return "different"
    if pa.start == pb.start and pa.end != pb.end and _so_far(a) != _so_far(b):
        return "unknown"  # 今年…增长5%左右 (the year so far, as written on 3月5日) / 2024年…增长5%左右
    if not (a.cumulative and b.cumulative) and pa.end and pb.end and abs((pa.end - pb.end).days) > days:
        return "different"
    if pa.start and pb.start and pa.end and pb.end:
        one_a, one_b = pa.start == pa.end, pb.start == pb.end
        if one_a != one_b:
            return "different"  # 其中4月29日发送旅客1966.1万人次: one day's flow, not the holiday's
    return "same"


def _so_far(s: Statement) -> bool:
    """A figure of no running measure whose period runs to the day it was said: 今年 (a budget, a
    target, the year's growth), which the year as a whole may as well be."""
    return not s.cumulative and s.period is not None and s.period.end is not None and s.period.end == s.as_of


def as_of_gap(a: Optional[dt.date], b: Optional[dt.date]) -> Optional[int]:
    if a is None or b is None:
        return None
    return (b - a).days
