"""Assemble statements: tie each figure to an entity, a metric, a time and a role.

For every figure (`quantities.py`) and every event date (`times.py`) in a
sentence that is not page furniture, this module decides
- the time it describes: the nearest time expression before it in the
  sentence, resolved to a period, an as-of date and whether it is a running
  total (已, 累计, 截至, 今年以来 …);
- the entity it belongs to: a quoted name or organisation in its clause,
  else the nearest one earlier in the sentence, else the paragraph's topic
  (the product name the paragraph keeps returning to);
- what it measures: the words of its clause around it (tokens for alignment,
  a short label for people), extended to the clause before when its own
  clause says too little (“达到了1.06万亿元”);
- its role in 从200天压缩至60天 (before / after) and its share of a list in
  第二、三类…分别为7023个和2628个.

It does not compare anything across articles.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from .. import lexicon
from ..models import OWN_PLACE, Family, Period, Sentence, Statement
from .context import Figure, comparison_words, label as make_label, near_span, saying, strip_spans, tokens as context_tokens
from .entities import Entity, find_places, is_event, is_product
from .measures import measure_of
from .quantities import Quantity
from .times import Ref, TimeExpr, comparison_bases

_ROLE_BETWEEN = re.compile(
    r"(?:压缩|缩短|缩减|减少|降低|下降|降|减|提高|提升|增加|增长|上升|扩大|延长|增|升|跃升|攀升|由)?(?:至|到|为)"
)
_LIST_JOIN = re.compile(r"[、和及与,]|以及")
_NUMBERED_LIST = re.compile(
    r"第?([一二三四五六七八九十\d]{1,2})((?:[、和及]第?[一二三四五六七八九十\d]{1,2})+)(类|级|批|期|季度|产业|梯队)"
)
_RESPECTIVELY = re.compile(r"分别(?:为|是|达|达到|占|有)?")
_PART_OF = re.compile(r"\s*其中")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CATEGORY = re.compile(r"第?[一二三四五六七八九十\d]{1,2}(?:类|级|期|批次|梯队|产业)|[A-Za-z][A-Za-z0-9+\-]*")


@lru_cache(maxsize=1)
def _contrast_index() -> dict[str, tuple[tuple[int, str], ...]]:
    """word → (contrast group, the word it is marked as) for each group it belongs to (累计 is in
    two). Words joined by = in a group are one side of it (增长=增加: up, against 下降=减少)."""
    index: dict[str, tuple[tuple[int, str], ...]] = {}
    for i, group in enumerate(lexicon.function_words().contrasts.groups):
        for entry in group:
            words = entry.split("=")
            for word in words:
                index[word] = index.get(word, ()) + ((i, words[0]),)
    return index


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    p = lexicon.entities().places
    names = p.known()
    return frozenset(names) | frozenset(x + "市" for x in names) | frozenset(x + "省" for x in names)


@lru_cache(maxsize=1)
def _cumulative_words() -> re.Pattern:
    return lexicon.any_word(lexicon.time_words().cumulative.words)


@dataclass
class Context:
    """Everything statement assembly needs about one article."""

    text: str
    ref: Ref
    times: list[TimeExpr]
    quantities: list[Quantity]
    entities: list[Entity]
    skip_spans: list[tuple[int, int]]  # dateline and inline furniture: no figure there
    home: dict[str, str] = field(default_factory=dict)  # 全市 → 北京, 全省 → 安徽
    cities: frozenset[str] = frozenset()  # cities it names with 市, whose bare stem names them here (保定)

    def __post_init__(self) -> None:
        # Lookups by position, so that work per figure does not grow with the article.
        self.skip_mask = bytearray(len(self.text) + 1)
        for a, b in self.skip_spans:
            self.skip_mask[a:b] = b"\x01" * len(self.skip_mask[a:b])
        self.entity_starts = [e.start for e in self.entities]
        self.time_ends = [t.end for t in self.times]  # times are sorted and disjoint: ends ascend too
        self.longest_entity = max((e.end - e.start for e in self.entities), default=0)

    def entities_in(self, a: int, b: int, overlapping: bool = False) -> list[Entity]:
        """Entities starting in [a, b) (`entities` is sorted by start); with `overlapping`, all that touch it."""
        lo = bisect.bisect_left(self.entity_starts, a - self.longest_entity if overlapping else a)
        hi = bisect.bisect_left(self.entity_starts, b)
        found = self.entities[lo:hi]
        return [e for e in found if e.end > a] if overlapping else found


def assemble(ctx: Context, sentences: list[Sentence]) -> list[tuple[Figure, dict]]:
    """Figures with their resolved fields, in text order."""
    out = []
    topics = _paragraph_topics(ctx, sentences)
    qi = ti = 0
    for sent in sentences:
        while qi < len(ctx.quantities) and ctx.quantities[qi].start < sent.start:
            qi += 1
        while ti < len(ctx.times) and ctx.times[ti].start < sent.start:
            ti += 1
        if sent.furniture:
            continue
        qs = []
        j = qi
        while j < len(ctx.quantities) and ctx.quantities[j].end <= sent.end:
            qs.append(ctx.quantities[j])
            j += 1
        ts = []
        k = ti
        while k < len(ctx.times) and ctx.times[k].end <= sent.end:
            ts.append(ctx.times[k])
            k += 1
        if not qs and not ts:  # most sentences hold no figure
            continue
        ts = [t for t in _outside_titles(ts, ctx.entities_in(sent.start, sent.end, overlapping=True)) if not ctx.skip_mask[t.start]]
        qs = [q for q in qs if not ctx.skip_mask[q.start]]
        figures = [Figure(q.start, q.end, q.kind, quantity=q) for q in qs]
        figures += [Figure(t.start, t.end, "date", time=t) for t in ts if _is_event_date(t) and not _reporting_date(t, sent, ctx.text)]
        figures.sort(key=lambda f: f.start)
        _mark_roles(ctx.text, figures)
        _mark_lists(ctx.text, sent, figures)
        for fig in figures:
            out.append((fig, _resolve(ctx, sent, fig, ts, figures, topics.get(sent.paragraph))))
    return out


def _is_event_date(t: TimeExpr) -> bool:
    """A date something happened on (or since); 截至20日12时 is when a figure was true, not an event."""
    return t.explicit and t.role != "until" and (t.role == "since" or t.precision in ("day", "month"))


def _mark_roles(text: str, figures: list[Figure]) -> None:
    """从200天压缩至60天: the first is the value before, the second after."""
    for a, b in zip(figures, figures[1:]):
        if a.kind != "quantity" or b.kind != "quantity" or a.quantity.unit != b.quantity.unit:
            continue
        between = text[a.end : b.start]
        opener = text[max(0, a.start - 2) : a.start]
        if _ROLE_BETWEEN.fullmatch(between) and ("从" in opener or "由" in opener):
            a.role, b.role = "before", "after"
            b.partner = a


def _mark_lists(text: str, sent: Sentence, figures: list[Figure]) -> None:
    """…分别为A和B: give each figure its item of the list before 分别."""
    for i, fig in enumerate(figures):
        if fig.kind != "quantity":
            continue
        head = text.rfind("分别", sent.start, fig.start)
        if head < 0 or not _RESPECTIVELY.fullmatch(text[head : fig.start]):
            continue
        members = [fig]
        for nxt in figures[i + 1 :]:
            if nxt.kind == "quantity" and _LIST_JOIN.fullmatch(text[members[-1].end : nxt.start].strip() or ","):
                members.append(nxt)
            else:
                break
        clause_start = max(text.rfind(ch, sent.start, head) for ch in ",;:，；：") + 1
        clause_start = max(clause_start, sent.start)
        items = _list_items(text[clause_start:head], len(members))
        for member, item in zip(members, items or []):
            member.markers.append("k:" + item)
            member.list_head = head
        for member in members:
            member.list_head = head
        return


def _list_items(before: str, n: int) -> Optional[list[str]]:
    m = None
    for m in _NUMBERED_LIST.finditer(before):
        pass
    if m is not None:
        nums = [m.group(1)] + re.findall(r"[一二三四五六七八九十\d]{1,2}", m.group(2))
        if len(nums) == n:
            return [f"第{x}{m.group(3)}" for x in nums]
    parts = [p for p in _LIST_JOIN.split(before) if p]
    if len(parts) >= n >= 2:
        return [p[-4:] for p in parts[-n:]]
    return None


def _paragraph_topics(ctx: Context, sentences: list[Sentence]) -> dict[int, str]:
    """The quoted name a paragraph mentions most: its topic."""
    counts: dict[int, Counter] = {}
    bounds = {}
    for s in sentences:
        a, b = bounds.get(s.paragraph, (s.start, s.end))
        bounds[s.paragraph] = (min(a, s.start), max(b, s.end))
    order = sorted((a, b, p) for p, (a, b) in bounds.items())  # paragraphs do not overlap
    starts = [a for a, _, _ in order]
    for e in ctx.entities:
        if e.kind != "quoted":  # only a quoted name is a product
            continue
        i = bisect.bisect_right(starts, e.start) - 1
        if i < 0 or not e.start < order[i][1] or not is_product(e, ctx.text):
            continue
        counts.setdefault(order[i][2], Counter())[e.name] += 1
    return {p: c.most_common(1)[0][0] for p, c in counts.items()}


def _resolve(ctx: Context, sent: Sentence, fig: Figure, ts: list[TimeExpr], figures, topic) -> dict:
    text = ctx.text
    clause = next((c for c in sent.clauses if c[0] <= fig.start < c[1]), (sent.start, sent.end))
    ci = sent.clauses.index(clause) if clause in sent.clauses else 0
    if fig.kind == "date":
        # The label reads what follows the date; the words compared are what happened on it: its own
        # clause (省防指已于6月20日启动四级应急响应，派出工作组), or the next clause when the date
        # stands alone (6月21日，省防指启动四级应急响应).
        label_span = (fig.end, min(sent.end, sent.clauses[ci + 1][1] if ci + 1 < len(sent.clauses) else clause[1]))
        if label_span[1] - label_span[0] < 4:
            label_span = (clause[0], label_span[1])
        span = clause
        if _said(ctx, clause[0], fig.start) + _said(ctx, fig.end, clause[1]) < 4:
            span = label_span
        time = None
    else:
        time = _time_for(fig, ts, sent, text) or _year_of_paragraph(ctx, sent, clause, fig)
        span = label_span = near_span(text, sent, clause, fig, figures)
    names = [e for e in ctx.entities_in(sent.start, sent.end, overlapping=True) if e.kind == "quoted"]
    near_text = strip_spans(text, span, figures, ts, names)
    tokens = context_tokens(near_text)
    label = make_label(text, label_span, fig, figures, ts)
    ci_ext = ci
    while fig.kind != "date" and saying(tokens) < 2 and ci_ext > 0:
        ci_ext -= 1
        a = sent.clauses[ci_ext][0]
        span = (a, span[1])
        near_text = strip_spans(text, span, figures, ts, names)
        tokens = context_tokens(near_text)
    entity, strength = _entity_for(ctx, sent, clause, fig, topic)
    markers = list(fig.markers)
    if not fig.markers:
        markers += ["k:" + m.group(0).upper() for m in _CATEGORY.finditer(near_text)]
    if _PART_OF.match(text[clause[0] : fig.start]):  # 其中3例: a part, not the whole
        markers.append("k:其中")
    # Contrasts are read from the words as written: 累计 is a function word, yet 累计 ≠ 日均.
    raw_near = text[span[0] : max(span[1], fig.start)]
    raw_near += " ".join(["", *comparison_words(raw_near)])  # 较上年 contrasts with 环比 as 同比 does
    markers += sorted({f"c:{g}:{side}" for word, groups in _contrast_index().items() if word in raw_near
                       for g, side in groups})
    places, own = _places_of(ctx, sent.start, fig.start)
    markers += ["p:" + t for t in places]
    if own:
        markers.append(OWN_PLACE)
    if fig.kind == "rank":
        markers.append("s:" + _rank_scope(text[max(sent.start, fig.start - 12) : fig.end]))
    cumulative, period, as_of, explicit, clock = _time_fields(ctx, sent, fig, time, ts)
    if cumulative and time is None and entity and is_event(entity):
        cumulative = False  # 本届博览会共吸引381家企业参展: the edition's total, not one still growing
    return {
        "tokens": list(dict.fromkeys(t for t in tokens if t not in _places() and not find_places(t))),
        "label": label or make_label(text, label_span if fig.kind == "date" else span, fig, figures, ts, fallback=True),
        "entity": entity,
        "strength": strength,
        "markers": sorted(set(markers)),
        "cumulative": cumulative,
        "period": period,
        "as_of": as_of,
        "as_of_explicit": explicit,
        "as_of_time": None if clock is None else f"{clock // 60:02d}:{clock % 60:02d}",
        "measure": None if fig.kind == "date" else measure_of(text, sent.clauses if clause in sent.clauses else [clause], ci, fig.start, fig.end),
        # 今年发展主要预期目标是：…城镇新增就业1200万人以上: a target list runs on past its own clause.
        "modality": "forecast" if _forecast(text, sent.start, fig.start) else "actual",
    }


def article_roles(statements: list[Statement]) -> None:
    """What a statement is among its article's others, set on each: how many share its unit, role
    and measure (`siblings`: one 死亡 toll, or ten films' 票房), whether it is a part of a whole
    (`part`): 其中3例, or one of a sentence's figures of one measure for different places
    (成都市遇难8人…德阳市遇难2人…), whether it is the largest of them (`top`: the article's own
    toll, not the 17人 it recalls from the first report), and the other figures of its sentence (`mates`: two reports of
    193人死亡、25人失踪 and 196人死亡、25人失踪 share the 25).
    """
    alike: dict[tuple, int] = defaultdict(int)
    largest: dict[tuple, float] = {}
    in_sentence: dict[tuple, set] = defaultdict(set)
    figures: dict[str, list[str]] = defaultdict(list)  # sentence → its figures, as "unit value"
    for s in statements:
        figures[s.sentence].append(f"{s.unit} {s.value}")
        key = (s.kind, s.family, s.unit, s.role, s.measure)
        alike[key] += 1
        if isinstance(s.value, (int, float)):
            largest[key] = max(largest.get(key, s.value), s.value)
        places = frozenset(m for m in s.markers if m.startswith("p:"))
        if places:
            in_sentence[(key, s.sentence)].add(places)
    for s in statements:
        key = (s.kind, s.family, s.unit, s.role, s.measure)
        s.siblings = alike[key]
        s.top = not isinstance(s.value, (int, float)) or s.value >= largest[key]
        s.part = "k:其中" in s.markers or len(in_sentence.get((key, s.sentence), ())) >= 2
        mates = list(figures[s.sentence])
        mates.remove(f"{s.unit} {s.value}")
        s.mates = sorted(set(mates))


def _said(ctx: Context, start: int, end: int) -> int:
    """How many Han characters of text[start:end] are the article's own words (not a byline or dateline)."""
    mask = ctx.skip_mask
    return sum(1 for m in _HAN.finditer(ctx.text, start, end) if not mask[m.start()])


def _places_of(ctx: Context, start: int, end: int) -> tuple[set[str], bool]:
    """Places a figure is about: those its own list item names, else the nearest item before it that names
    one (成都市遇难8人、受伤259人，德阳市遇难2人: 259人 is 成都's, 2人 德阳's); 全市/全省 as the article's own.
    And whether its own item names them (其中甘孜州38人, not 游客6人 after a sentence's 九寨沟).

    Items are what 、，；： separate; a sentence that names no place gives none; places listed
    before 等 are examples of the whole a figure is about (厦门、漳州、泉州等9个设区市), not its place.
    """
    lead, mask = ctx.text[start:end], ctx.skip_mask[start:end]
    if 1 in mask:
        lead = "".join(" " if skip else ch for ch, skip in zip(lead, mask))
    cuts = [0] + [m.end() for m in _ITEM_BREAK.finditer(lead)]
    for cut in reversed(cuts):
        fragment = lead[cut:]
        examples = _EXAMPLES_OF.search(fragment)
        if examples:  # 厦门、漳州、泉州等9个设区市72.46万人受灾: examples of the whole the figure is about
            places = _places_named(ctx, fragment[examples.end() :])
            return places, bool(places) and cut == cuts[-1]
        places = _places_named(ctx, fragment)
        if places:
            return places, cut == cuts[-1]
    return set(), False


# 等 of "and others", not of a word (高等学校, 同等, 平等, 中等, 一等奖).
_EXAMPLES_OF = re.compile(r"(?<![高同平中初对相均上优头特超次劣一二三])等(?:地|[0-9一二三四五六七八九十百]+个?)?")


_ITEM_BREAK = re.compile(r"[、，,；;：:]")


# 居全国第一, 占全国25%, 全国首个…城市: the place a rank, a share or a first is measured against, not the figure's.
_COMPARED_WITH = re.compile(
    r"(?:居|位居|位列|列|排名|排在|排|占|领跑|领先)(?:全国|全省|全市|全球|世界|国内)"
    r"|(?:全国|全省|全市|全球|世界|国内)(?:首个|首家|首批|首次|首座|唯一|第[一二三四五六七八九十\d]+|最大|最高|前列)"
)


def _places_named(ctx: Context, fragment: str) -> set[str]:
    fragment = _COMPARED_WITH.sub(lambda m: " " * len(m.group(0)), fragment)
    places = find_places(fragment)
    places.update(city for city in ctx.cities if city in fragment)
    table = lexicon.entities().places
    for own, level in table.own_levels.items():
        if own in fragment:
            places.add(level)
            if level in ctx.home:
                places.add(ctx.home[level])
    return places


def _rank_scope(fragment: str) -> str:
    """Where a rank is counted: the last scope word or place before (or in) the figure."""
    scopes = lexicon.entities().rank_scopes.words + lexicon.entities().places.known()
    best, at = "", -1
    for word in scopes:
        i = fragment.rfind(word)
        if i > at:
            best, at = word, i
    return best


def _entity_for(ctx: Context, sent: Sentence, clause, fig: Figure, topic) -> tuple[Optional[str], int]:
    in_sentence = ctx.entities_in(sent.start, sent.end)  # every entity used below starts in the sentence
    candidates = [e for e in in_sentence if e.kind in ("quoted", "org") and not (e.start <= fig.start < e.end)]
    in_clause = [e for e in candidates if clause[0] <= e.start and e.end <= clause[1]]
    if fig.kind == "date":
        in_clause += [e for e in in_sentence if e.kind == "title" and clause[0] <= e.start and e.end <= clause[1]]
    for kind in ("quoted", "org", "title"):
        pool = [e for e in in_clause if e.kind == kind]
        if pool:
            return min(pool, key=lambda e: abs(e.start - fig.start) + (0 if e.end <= fig.start else 5)).name, 2
    earlier = [e for e in candidates if sent.start <= e.start and e.end <= clause[0]]
    earlier = [e for e in earlier if e.kind == "org" or is_product(e, ctx.text)]
    if earlier:
        products = [e for e in earlier if e.kind == "quoted"]
        return (products or earlier)[-1].name, 1
    if topic:
        return topic, 1
    return None, 0


def _time_for(fig: Figure, ts: list[TimeExpr], sent: Sentence, text: str = "") -> Optional[TimeExpr]:
    before = [t for t in ts if t.end <= fig.start and not _reporting_date(t, sent, text)]
    if before and _comparison_base(before[-1], text) and _BASE_FIGURE.fullmatch(text[before[-1].end : fig.start]):
        return before[-1]  # 较2023年的376030辆增长33.1%: the base's own figure, of the base's year
    before = [t for t in before if not _comparison_base(t, text)]
    return before[-1] if before else None


_BASE_FIGURE = re.compile(r"(?:同期)?的?(?:同期)?")


def _year_of_paragraph(ctx: Context, sent: Sentence, clause, fig: Figure) -> Optional[TimeExpr]:
    """其中，皖途汽车全年交付新车21.36万辆: the year the paragraph named last, for a 全年 of no year."""
    table = lexicon.time_words().whole_year
    lead = ctx.text[clause[0] : fig.start]
    if not any(w in lead for w in table.words) or any(w in lead for w in table.not_after):
        return None
    i = bisect.bisect_right(ctx.time_ends, sent.start)
    while i > 0:
        t = ctx.times[i - 1]
        if "\n" in ctx.text[t.end : fig.start]:
            return None  # another paragraph
        if t.precision == "year" and t.role == "period" and t.first and t.last:
            return t
        i -= 1
    return None


def _comparison_base(t: TimeExpr, text: str) -> bool:
    """较2020年增长30%: the year a change is measured from, not the one the figure covers."""
    return text[max(0, t.start - 2) : t.start].endswith(comparison_bases())


@lru_cache(maxsize=1)
def _reporting_words() -> re.Pattern:
    return re.compile("|".join(map(re.escape, lexicon.time_words().reporting.words)))


def _reporting_date(t: TimeExpr, sent: Sentence, text: str) -> bool:
    """5月6日，记者从…了解到: the day the news came out, not what the figure covers."""
    if not text or t.precision != "day":
        return False
    clause = next((c for c in sent.clauses if c[0] <= t.start < c[1]), None)
    following = next((c for c in sent.clauses if c[0] >= t.end), None)
    spans = [c for c in (clause, following) if c]
    return any(_reporting_words().search(text, a, b) for a, b in spans)


def _outside_titles(ts: list[TimeExpr], entities: list[Entity]) -> list[TimeExpr]:
    """A year inside 《…（2025年）》 names a document; it dates no figure."""
    titles = [e for e in entities if e.kind == "title"]
    return [t for t in ts if not any(e.start <= t.start < e.end for e in titles)]


def _time_fields(ctx: Context, sent: Sentence, fig: Figure, time: Optional[TimeExpr], ts: list[TimeExpr]):
    """(cumulative, period, as_of, as_of_explicit, as_of_clock) following DESIGN.md's time rules.

    `as_of_clock` is the time of day (minutes) of an explicit as-of moment given to the hour
    (截至20日12时), None otherwise.
    """
    ref = ctx.ref
    if fig.kind == "date":
        return False, None, ref.date, False, None
    lead = ctx.text[max(sent.start, fig.start - 40) : fig.start]
    cumulative = _cumulative_words().search(lead) is not None or (time is not None and time.cumulative)
    if time is None:
        return cumulative or _running_measure(ctx, sent, fig), None, ref.date, False, None
    if time.text in ("目前", "当前", "现在", "至今", "如今"):  # "now": an as-of date, not a period
        return True, None, ref.date, False, None
    until = next((t for t in reversed(ts) if t.role == "until" and t.end <= fig.start), None)
    if time.role == "until":
        # 今年以来，…截至2月底已累计交付…: the total runs from the start the sentence gave.
        since = next((t for t in reversed(ts) if t.role == "since" and t.end <= time.start and t.first), None)
        start = since.first if since is not None and since.first <= time.last else None
        return True, Period(start=start, end=time.last), time.last, True, time.clock
    if until is not None and until.end <= time.start:
        # 截至2月10日，今年以来累计…: the period starts with the nearer time, the total is as of 截至.
        return True, Period(start=time.first, end=until.last), until.last, True, until.clock
    if time.role == "since":
        return True, Period(start=time.first, end=time.last), time.last, False, None
    if time.clock is not None and time.precision == "day" and (cumulative or _running_measure(ctx, sent, fig)):
        # 20日20时，地震已造成156人遇难: a toll as of that hour.
        return True, None, time.last, True, time.clock
    first, last = time.first, time.last
    if not cumulative and ref.date and first and last and first <= ref.date < last and _running_measure(ctx, sent, fig):
        cumulative = True  # 国庆档票房突破9亿元 on 10月3日: the window's takings so far, not its total
    if cumulative and ref.date and first and last and first <= ref.date <= last:
        last = ref.date
    as_of = last if cumulative and last and ref.date and last <= ref.date else ref.date
    return cumulative, Period(start=first, end=last), as_of, False, None


@lru_cache(maxsize=1)
def _forecast_words() -> re.Pattern:
    return lexicon.any_word(lexicon.function_words().forecast.words)


_INCLUDED_WINDOW = 6  # how far before a forecast word 含 still says "including" (含点映及预售)


def _forecast(text: str, start: int, end: int) -> bool:
    """Whether a forecast word stands between `start` and `end`, other than as what a total includes."""
    included = lexicon.function_words().forecast.included_after
    for m in _forecast_words().finditer(text, start, end):
        if not any(w in text[max(start, m.start() - _INCLUDED_WINDOW) : m.start()] for w in included):
            return True
    return False


@lru_cache(maxsize=1)
def _running_words() -> re.Pattern:
    return lexicon.any_word(lexicon.time_words().running_measures.words)


_NEVER_TOLLS = frozenset({Family.PERCENT, Family.RATIO, Family.DURATION, Family.RANK})


def _running_measure(ctx: Context, sent: Sentence, fig: Figure) -> bool:
    """A toll (死亡, 受伤, 失踪, 转移, 受灾 …) said in the figure's own clause: a running total as of when it was
    said, though no 已 or 累计 says so; breaking news revises it by the hour. A share, a length of
    time or a rank beside such a word is not the toll (占总票房72.8%, 上映51天)."""
    if fig.quantity is not None and fig.quantity.family in _NEVER_TOLLS:
        return False
    clause = next((c for c in sent.clauses if c[0] <= fig.start < c[1]), (sent.start, sent.end))
    return _running_words().search(ctx.text, clause[0], clause[1]) is not None
