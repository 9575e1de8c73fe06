"""Compare stage: links between statements → findings (conflict, timeline, agreement).

Statements joined by "agree" links are gathered into groups that share one
value: a group only grows while the intersection of its members' intervals
stays non-empty and no "differ" link runs inside it, so a vague 突破万亿元
can never make 1.06万亿元 and 1.6万亿元 agree. Then
- a group with two or more sources is an **agreement** ("confirmed by N");
- two groups joined by a "differ" link are a **conflict**, or a **timeline**
  when both are running totals reported at different moments (at the
  precision both give: days, or hours of one day; dates without a 截至 or an
  hour within `same_as_of_days` are one moment) and the later value is the
  larger (DESIGN.md's time rules).
  A group without a date of its own takes the as-of date of the dated
  sources that confirm it.
- the timeline steps of one running figure, in one story and of one measure,
  make one finding, the values in the order of their moments.

A group holds one measure: 21人死亡 and 21人重伤 never agree by way of a 21人
that names none.

With `focus` (the drafts), only findings holding a focus statement are kept;
two drafts that differ are a finding like a draft and the corpus.
It does not render anything: messages are plain text for the renderers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping, Optional, Sequence

from . import lexicon
from .align import clock_span, values_overlap
from .linkage import falling_measures, rewritten_digits, same_digits, significant_digits
from .models import Alignment, Family, Finding, Kind, Severity, Statement

CODES = {Kind.CONFLICT: "CK01", Kind.TIMELINE: "CK02", Kind.AGREEMENT: "CK03"}
DEFAULT_SEVERITY = {Kind.CONFLICT: Severity.ERROR, Kind.TIMELINE: Severity.WARNING, Kind.AGREEMENT: Severity.INFO}
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CompareSettings:
    same_as_of_days: int = 14  # running totals reported this close together (in days) describe one moment
    severity: tuple[tuple[Kind, Severity], ...] = tuple(DEFAULT_SEVERITY.items())


def compare(
    statements: list[Statement],
    alignment: Alignment,
    *,
    focus: Optional[set[str]] = None,
    settings: CompareSettings = CompareSettings(),
    story_of: Optional[dict[str, str]] = None,
    together: Optional[Callable[[str, str], bool]] = None,
) -> list[Finding]:
    by_id = {s.id: s for s in statements}
    by_source: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        by_source[s.source].append(s)
    groups = _agreeing_groups(by_id, alignment)
    group_of = {sid: g for g in groups for sid in g.members}
    severity = dict(settings.severity)
    findings: list[Finding] = []
    for g in groups:
        if len({by_id[m].source for m in g.members}) >= 2 and _in_focus(g.members, by_id, focus):
            findings.append(_agreement(g, by_id, severity, _restated(g, by_id, by_source, group_of)))
    between: dict[tuple[int, int], list] = {}
    groups_by_index = {g.index: g for g in groups}
    for link in alignment.links:
        if link.relation != "differ":
            continue
        ga, gb = group_of[link.a], group_of[link.b]
        if ga is not gb:
            between.setdefault(tuple(sorted((ga.index, gb.index))), []).append(link)
    differences: dict[tuple[int, int], Finding] = {}
    for (ia, ib), links in sorted(between.items()):
        ga, gb = groups_by_index[ia], groups_by_index[ib]
        if not _in_focus(ga.members + gb.members, by_id, focus):
            continue
        unsure = all(l.period == "unknown" for l in links) or _undated_totals(ga, gb, by_id)
        finding = _difference(ga, gb, by_id, by_source, settings, severity, unsure)
        if finding is not None:
            differences[(ia, ib)] = finding
    kept = _against_consensus(differences, groups_by_index, by_id)
    findings.extend(differences[k] for k in kept if differences[k].kind != Kind.TIMELINE)
    strength = {k: max(link.score for link in links) for k, links in between.items()}
    findings.extend(_timelines(kept, differences, strength, groups_by_index, by_id, severity, story_of or {}, together))
    order = {Kind.CONFLICT: 0, Kind.TIMELINE: 1, Kind.AGREEMENT: 2}
    findings.sort(key=lambda f: (order[f.kind], f.statements[0], f.id))
    return findings


@dataclass(slots=True)
class _Group:
    index: int
    members: list[str]
    low: object
    high: object
    clock: Optional[tuple[int, int]] = None  # the minutes of its day every member's time of day allows
    measure: Optional[str] = None  # the one measure its members name (死亡), if any names one


def _agreeing_groups(by_id: dict[str, Statement], alignment: Alignment) -> list[_Group]:
    differ = defaultdict(set)
    for link in alignment.links:
        if link.relation == "differ":
            differ[link.a].add(link.b)
            differ[link.b].add(link.a)
    order = {x: _id_order(x) for x in {x for l in alignment.links for x in (l.a, l.b)}}
    linked = sorted(order, key=order.__getitem__)
    groups = {sid: _Group(i, [sid], by_id[sid].low, by_id[sid].high, _clock_of(by_id[sid]), by_id[sid].measure)
              for i, sid in enumerate(linked)}
    agree = sorted((l for l in alignment.links if l.relation == "agree"), key=lambda l: (-l.similarity, l.a, l.b))
    for link in agree:
        ga, gb = groups[link.a], groups[link.b]
        if ga is gb:
            continue
        low, high = _max(ga.low, gb.low), _min(ga.high, gb.high)
        if low is not None and high is not None and low > high:
            continue
        clock = ga.clock or gb.clock
        if ga.clock and gb.clock:  # 2时许 agrees with 2时10分许 and with 1时57分许, which do not agree
            clock = (max(ga.clock[0], gb.clock[0]), min(ga.clock[1], gb.clock[1]))
            if clock[0] > clock[1]:
                continue
        if ga.measure and gb.measure and ga.measure != gb.measure:
            continue  # 21人死亡 and 21人重伤 both agree with a 21人 of no measure, not with each other
        in_b = set(gb.members)
        if any(not differ[m].isdisjoint(in_b) for m in ga.members if m in differ):
            continue
        ga.members = sorted(ga.members + gb.members, key=order.__getitem__)
        ga.low, ga.high, ga.clock, ga.measure = low, high, clock, ga.measure or gb.measure
        for m in gb.members:
            groups[m] = ga
    unique = {id(g): g for g in groups.values()}.values()
    return sorted(unique, key=lambda g: order[g.members[0]])


def _clock_of(s: Statement) -> Optional[tuple[int, int]]:
    """The minutes of its day a date's time of day allows (align.clock_span), if it gives one."""
    if s.kind == "date" and s.as_of_time and s.low == s.high:
        return clock_span(s)
    return None


def _id_order(sid: str):
    source, _, n = sid.rpartition(":")
    return (source, int(n) if n.isdigit() else 0)


def _max(x, y):
    """The larger bound; None is an open end and gives way to the other."""
    return y if x is None else x if y is None else max(x, y)


def _min(x, y):
    return y if x is None else x if y is None else min(x, y)


def _in_focus(members: list[str], by_id: dict[str, Statement], focus: Optional[set[str]]) -> bool:
    if focus is None:
        return True
    sources = {by_id[m].source for m in members}
    return bool(sources & focus) and len(sources) >= 2  # a draft with the corpus, or with another draft


def _as_of(members: list[str], by_id: dict[str, Statement]) -> Optional[dt.date]:
    """A group's as-of date: the latest known among its members."""
    dates = [by_id[m].as_of for m in members if by_id[m].as_of is not None]
    return max(dates) if dates else None


def _moment(members: list[str], by_id: dict[str, Statement]) -> Optional[tuple[dt.date, int]]:
    """A group's as-of moment: the latest (date, minutes into the day; -1 when no hour is given) of its members."""
    moments = [(s.as_of, _minutes(s.as_of_time)) for s in (by_id[m] for m in members) if s.as_of is not None]
    return max(moments) if moments else None


def _minutes(clock: Optional[str]) -> int:
    return -1 if not clock else int(clock[:2]) * 60 + int(clock[3:])


def _apart(a: Optional[tuple[dt.date, int]], b: Optional[tuple[dt.date, int]], tolerance_days: int) -> bool:
    """Two moments differ at the precision both give: days apart (more than the tolerance), or one day
    at two hours (20日12时, 20日20时); a day without an hour is the same moment as any hour of it."""
    if a is None or b is None:
        return False
    if a[0] != b[0]:
        return abs((a[0] - b[0]).days) > tolerance_days
    return a[1] >= 0 and b[1] >= 0 and a[1] != b[1]


def _one_moment(ga: _Group, gb: _Group, by_id, ma, mb, tolerance: int) -> bool:
    """Whether two running totals describe one moment: not apart (`_apart`); and for a breaking
    news toll, which moves by the hour (data/time_words.toml's running measures), also either
    both said as of an explicit 截至 or both given to the hour. Two tolls in articles of one day
    (47人 at noon, 156人 by night, neither hour said) are not known to: that is a timeline; two
    counts of patients treated so far, in articles of one day, are."""
    if _apart(ma, mb, tolerance):
        return False
    if by_id[ga.members[0]].measure not in _hourly():
        return True
    explicit = all(any(by_id[m].as_of_explicit for m in g.members) for g in (ga, gb))
    return explicit or (ma[1] >= 0 and mb[1] >= 0)


@lru_cache(maxsize=1)
def _hourly() -> frozenset[str]:
    """The heads of the running measures (死亡, 失踪, 转移 …): what breaking news reports by the hour."""
    head = {w: h for h, words in lexicon.measures().heads.items() for w in [h, *words]}
    return frozenset(head[w] for w in lexicon.time_words().running_measures.words if w in head)


def _shown(moment: Optional[tuple[dt.date, int]]) -> str:
    if moment is None:
        return "an unknown date"
    day, minutes = moment
    return day.isoformat() if minutes < 0 else f"{day.isoformat()} {minutes // 60:02d}:{minutes % 60:02d}"


def _difference(ga: _Group, gb: _Group, by_id, by_source: Mapping[str, list[Statement]], settings: CompareSettings, severity,
                unsure: bool = False) -> Optional[Finding]:
    """The finding two differing groups make; `unsure`: nothing says they describe one moment or
    period (no shared time frame, or a running total of unknown date): then two running totals
    are a timeline (a toll in an undated repost against a dated one), other figures nothing."""
    a_stmt, b_stmt = by_id[ga.members[0]], by_id[gb.members[0]]
    kind = Kind.CONFLICT
    why = "same entity, metric and period; values cannot both be true"
    if a_stmt.unit != b_stmt.unit:  # align links two units only for one figure's digits
        why = f"one figure in two units ({_unit_word(a_stmt)} / {_unit_word(b_stmt)}): one of them is wrong"
        return _finding(kind, why, ga, gb, by_id, severity)
    cumulative = any(by_id[m].cumulative for m in ga.members) and any(by_id[m].cumulative for m in gb.members)
    # 7023 / 7203 in an undated rewrite: a slip of the pen whatever the moment, not a timeline step.
    slip = unsure and a_stmt.kind != "date" and rewritten_digits(a_stmt.value, b_stmt.value)
    if unsure and not cumulative and not slip:
        return None
    da, db = _as_of(ga.members, by_id), _as_of(gb.members, by_id)
    # An explicit 截至 date is exact; an article's date only bounds when its figure was true.
    explicit = any(by_id[m].as_of_explicit for m in ga.members + gb.members)
    tolerance = 0 if explicit else settings.same_as_of_days
    ma, mb = _moment(ga.members, by_id), _moment(gb.members, by_id)
    if slip:
        why = "the same digits written two ways: a slip of the pen, whatever moment each gives"
    elif a_stmt.kind != "date" and cumulative and da and db and not _one_moment(ga, gb, by_id, ma, mb, tolerance):
        earlier, later = (ga, gb) if ma < mb else (gb, ga)
        da, db = _shown(ma), _shown(mb)
        # A growth rate so far may fall, and so may the missing as they are found; a death toll may not.
        falls_too = a_stmt.family in (Family.PERCENT, Family.RATIO) or a_stmt.measure in falling_measures()
        if ma == mb:
            kind = Kind.TIMELINE
            why = f"a running total reported twice on {da}, at hours not given: it may have moved in between"
        elif falls_too or _value(later, by_id) >= _value(earlier, by_id):
            kind = Kind.TIMELINE
            why = f"a running total reported at different dates: {min(da, db)} and {max(da, db)}"
        else:
            why = f"a running total cannot fall: {_value(earlier, by_id):g} as of {min(da, db)}, then less later"
    elif unsure:
        kind = Kind.TIMELINE
        why = "a running total whose moment one side does not give: reported at different times, or in conflict"
    if kind == Kind.CONFLICT and (_one_source_says_both(ga, gb, by_id, by_source) or _bounds_only(ga, gb, by_id)):
        return None
    return _finding(kind, why, ga, gb, by_id, severity)


def _unit_word(s: Statement) -> str:
    """How a unit is written (CNY: 元, HKD: 港元, pp: 个百分点): the first word data/units.toml gives it."""
    return _unit_words().get(s.unit, s.unit)


@lru_cache(maxsize=1)
def _unit_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for entry in lexicon.units().unit:
        if entry.unit and entry.words:
            words.setdefault(entry.unit, entry.words[0])
    return words


def _finding(kind: Kind, why: str, ga: _Group, gb: _Group, by_id, severity) -> Finding:
    """The finding of two differing groups. The outlier is the smaller group: "3 sources say X, D01.md says Y"."""
    a_stmt, b_stmt = by_id[ga.members[0]], by_id[gb.members[0]]
    major, minor = (ga, gb) if _weight(ga, by_id) >= _weight(gb, by_id) else (gb, ga)
    members = sorted(set(major.members + minor.members), key=_id_order)
    message = _difference_message(kind, major, minor, by_id)
    lead = by_id[minor.members[0]]
    return Finding(
        id=fingerprint(kind.value, lead, [by_id[m] for m in members]),
        kind=kind,
        severity=severity[kind],
        entity=lead.entity or a_stmt.entity or b_stmt.entity,
        metric=lead.metric,
        message=message,
        statements=members,
        code=CODES[kind],
        groups=[list(major.members), list(minor.members)],
        why=why,
    )


_BOUNDS = frozenset({"over", "at_least", "under", "at_most", "nearly", "vague"})


def _bounds_only(ga: _Group, gb: _Group, by_id) -> bool:
    """Whether one side says only bounds (突破15亿元, 超过20亿元的影片4部, 近5亿元): a milestone or a
    threshold, true alongside many a figure, and so no conflict with the other side's; unless its
    digits are the other side's at another magnitude (6.7万多间 / 6700多间: a slip, not a bound)."""
    def bounds(g: _Group) -> bool:
        return all(by_id[m].qualifier in _BOUNDS for m in g.members)

    if not (bounds(ga) or bounds(gb)):
        return False
    return not same_digits(by_id[ga.members[0]].value, by_id[gb.members[0]].value, digits=2)


def _one_source_says_both(ga: _Group, gb: _Group, by_id, by_source: Mapping[str, list[Statement]]) -> bool:
    """Whether one article gives both values, each as a figure of its own that the other does not
    allow: then it tells two facts (学前教育毛入学率88.1% … 高中阶段毛入学率91.4%; 2024年7.65亿人次 …
    作为参照，2023年8.26亿人次), and the two groups are not one fact in conflict, whether or not its
    second figure was linked into the other group. A slip of the digits stays a conflict, inside one
    article too: a headline's 826亿人次 over its body's 8.26亿人次."""
    for one, other in ((ga, gb), (gb, ga)):
        theirs = by_id[other.members[0]]
        for source in sorted({by_id[m].source for m in one.members}):
            own = [by_id[m] for m in one.members if by_id[m].source == source]
            for y in by_source.get(source, ()):
                if y.id not in other.members and (y.qualifier != "exact" or y.kind != theirs.kind or y.kind == "date"
                                                  or y.unit != theirs.unit or not values_overlap(y, theirs)):
                    continue  # a figure not linked into the other group tells its value only when exact (not a clock)
                if any(not values_overlap(x, y) and not same_digits(x.value, y.value) for x in own):
                    return True
    return False


def _against_consensus(differences: dict[tuple[int, int], Finding], groups: dict[int, "_Group"], by_id) -> list[tuple[int, int]]:
    """The differences worth telling: two outliers are not compared with each other
    when a value more sources give conflicts with both.

    17 sources say 1418亿元, one says 1148亿元 and one 4118亿元: two findings, each
    outlier against the consensus, not a third between the outliers.
    """
    conflicting: dict[int, set[int]] = defaultdict(set)
    for (ia, ib), f in differences.items():
        if f.kind == Kind.CONFLICT:
            conflicting[ia].add(ib)
            conflicting[ib].add(ia)
    sources = {i: len({by_id[m].source for m in groups[i].members}) for i in conflicting}
    kept = []
    for (ia, ib), f in differences.items():
        if f.kind == Kind.CONFLICT:
            both = conflicting[ia] & conflicting[ib]
            if any(sources[ic] > max(sources[ia], sources[ib]) for ic in both):
                continue
        kept.append((ia, ib))
    return kept


def _timelines(kept: list[tuple[int, int]], differences: dict[tuple[int, int], Finding],
               strength: dict[tuple[int, int], float], groups: dict[int, "_Group"], by_id, severity,
               story_of: dict[str, str], together: Optional[Callable[[str, str], bool]] = None) -> list[Finding]:
    """One finding per running figure: the values its timeline steps through, in the order of
    their moments (47人 at 20日12时 → 156人 at 20日20时 → 196人 at 24日14时30分), not one
    finding per pair of steps (a toll reported at six moments would make fifteen).

    Steps join as clusters do under single linkage, strongest link first, with two vetoes: a
    timeline is told in one story (a toll of one earthquake never threads, by way of a figure
    linked to both, into another's), and all its values are of one measure in one unit (死亡,
    not 死亡 and 失踪). Two values of no story in common are no step (`_in_one_story`). A fall the figure cannot make stays a conflict of its own as well.
    """
    steps = {k for k in kept if differences[k].kind == Kind.TIMELINE and _in_one_story(groups[k[0]], groups[k[1]], by_id, story_of, together)}
    cluster = {i: [i] for k in steps for i in k}
    for ia, ib in sorted(steps, key=lambda k: (-strength[k], k)):
        ca, cb = cluster[ia], cluster[ib]
        if ca is cb or not _one_timeline(ca, cb, groups, by_id, story_of):
            continue
        ca.extend(cb)
        for i in cb:
            cluster[i] = ca
    out = []
    seen: set[int] = set()
    for k in sorted(steps):
        members = cluster[k[0]]
        if cluster[k[1]] is not members:  # two values each joined to another timeline
            out.append(differences[k])
        elif id(members) not in seen:
            seen.add(id(members))
            if len(members) == 2:
                out.append(differences[k])
            else:
                ordered = sorted(members, key=lambda i: _step_order(groups[i], by_id))
                out.append(_timeline([groups[i] for i in ordered], differences[k], by_id, severity))
    return out


def _in_one_story(ga: "_Group", gb: "_Group", by_id, story_of: dict[str, str],
                  together: Optional[Callable[[str, str], bool]] = None) -> bool:
    """Whether two values may be steps of one timeline at all: a source of each may tell one story
    (`together`: `Grouping.same`, grouped together or alike on their own; else one story label).
    A running figure is one event's (芦山地震's toll); 47人 of 2013 and 74人 of 2022 are two
    earthquakes' tolls, however alike their clauses."""
    if together is not None:
        sources_b = {by_id[m].source for m in gb.members}
        return any(together(a, b) for a in {by_id[m].source for m in ga.members} for b in sources_b)
    if not story_of:
        return True
    told = {story_of.get(by_id[m].source, by_id[m].source) for m in ga.members}
    return any(story_of.get(by_id[m].source, by_id[m].source) in told for m in gb.members)


def _one_timeline(ca: list[int], cb: list[int], groups, by_id, story_of: dict[str, str]) -> bool:
    if story_of:  # a figure linked across stories (both name its subject) stays a pair
        told = {story_of.get(by_id[m].source, by_id[m].source) for i in ca + cb for m in groups[i].members}
        if len(told) > 1:
            return False
    return all(_one_measure(groups[x], groups[y], by_id) for x in ca for y in cb)


def _one_measure(gx: "_Group", gy: "_Group", by_id) -> bool:
    """Whether two values may be steps of one running figure: one measure, in one unit."""
    sx, sy = by_id[gx.members[0]], by_id[gy.members[0]]
    return sx.measure == sy.measure and sx.unit == sy.unit


def _step_order(g: "_Group", by_id) -> tuple:
    moment = _moment(g.members, by_id)
    return (moment is None, moment or (dt.date.min, 0), _value(g, by_id), _id_order(g.members[0]))


def _timeline(steps: list["_Group"], first: Finding, by_id, severity) -> Finding:
    """The finding of a running figure's steps, `steps` in the order of their moments."""
    members = sorted({m for g in steps for m in g.members}, key=_id_order)
    lead = by_id[steps[-1].members[0]]
    moments = [_shown(_moment(g.members, by_id)) for g in steps]
    said = []
    for g, moment in zip(steps, moments):
        sources, figure = _saying(g, by_id)
        who = f"{len(sources)} sources" if len(sources) > 1 else sources[0]
        said.append(f"{figure} (as of {moment}, {who})")
    return Finding(
        id=fingerprint(Kind.TIMELINE.value, lead, [by_id[m] for m in members]),
        kind=Kind.TIMELINE,
        severity=severity[Kind.TIMELINE],
        entity=lead.entity or first.entity,
        metric=lead.metric,
        message=f"{len(steps)} values over time: " + " → ".join(said),
        statements=members,
        code=CODES[Kind.TIMELINE],
        groups=[list(g.members) for g in steps],
        why=f"a running total reported at {len(steps)} moments, from {moments[0]} to {moments[-1]}",
    )


def _undated_totals(ga: _Group, gb: _Group, by_id) -> bool:
    """A running total on either side, and a side with no known date."""
    cumulative = any(by_id[m].cumulative for m in ga.members + gb.members)
    return cumulative and (_as_of(ga.members, by_id) is None or _as_of(gb.members, by_id) is None)


def _weight(g: _Group, by_id) -> tuple[int, int]:
    return (len({by_id[m].source for m in g.members}), -_id_order(g.members[0])[1])


def _value(g: _Group, by_id) -> float:
    values = [by_id[m].value for m in g.members if isinstance(by_id[m].value, (int, float))]
    return max(values) if values else 0.0


def _describe(g: _Group, by_id) -> tuple[str, str]:
    sources, figure = _saying(g, by_id)
    who = f"{len(sources)} sources say" if len(sources) > 1 else f"{sources[0]} says"
    return who, figure


def _saying(g: _Group, by_id) -> tuple[list[str], str]:
    """The group's figure as its most precise statement gives it, and the files that say it."""
    stmts = [by_id[m] for m in g.members]
    precise = _most_precise(stmts)
    # Only statements as definite as the quoted figure say it (突破万亿元 does not say 1.6万亿元).
    saying = [s for s in stmts if (s.qualifier == "exact") == (precise.qualifier == "exact")]
    return sorted({os.path.basename(s.path) for s in saying}), _SPACE.sub("", precise.text)


def _most_precise(stmts: list[Statement]) -> Statement:
    """The figure that says most: exact before approximate, the narrowest interval first."""
    def width(s: Statement) -> float:
        if isinstance(s.low, (int, float)) and isinstance(s.high, (int, float)):
            return float(s.high) - float(s.low)
        return 0.0 if s.kind == "date" else float("inf")

    return min(stmts, key=lambda s: (s.qualifier != "exact", width(s), _id_order(s.id)))


def _difference_message(kind: Kind, major: _Group, minor: _Group, by_id) -> str:
    who_a, fig_a = _describe(major, by_id)
    who_b, fig_b = _describe(minor, by_id)
    if kind == Kind.TIMELINE:
        da, db = _moment(major.members, by_id), _moment(minor.members, by_id)
        return f"{who_a} {fig_a} (as of {_shown(da)}); {who_b} {fig_b} (as of {_shown(db)})"
    return f"{who_a} {fig_a}; {who_b} {fig_b}"


RESTATED_DIGITS = 3  # an article's second mention of a figure joins its agreement only when this precise


def _restated(g: _Group, by_id, by_source: Mapping[str, list[Statement]], grouped) -> list[str]:
    """The statements an agreement's articles give again, linked to nothing themselves: a headline's
    1335万考生 beside the body's 报名人数为1335万人, which the linkage held apart as the weaker
    twin. The same exact value and unit, of no other measure or period (18.04% for 2023 and for
    the first quarter are two facts), and precise enough (three significant digits or more) not
    to be a coincidence of small numbers."""
    members = [by_id[m] for m in g.members]
    out = []
    for source in sorted({m.source for m in members}):
        own = [m for m in members if m.source == source]
        for s in by_source.get(source, ()):
            if s.id in grouped or s.kind == "date" or not isinstance(s.value, (int, float)):
                continue
            if len(significant_digits(s.value)) < RESTATED_DIGITS:
                continue
            if any(m.unit == s.unit and m.value == s.value and m.low == s.low and m.high == s.high
                   and (not m.measure or not s.measure or m.measure == s.measure)
                   and (m.period is None or s.period is None or m.period == s.period) for m in own):
                out.append(s.id)
    return out


def _agreement(g: _Group, by_id, severity, restated: Sequence[str] = ()) -> Finding:
    members = sorted([*g.members, *restated], key=_id_order)
    stmts = [by_id[m] for m in members]
    n = len({s.source for s in stmts})
    figures = sorted({_SPACE.sub("", s.text) for s in stmts})
    lead = stmts[0]
    return Finding(
        id=fingerprint("agreement", lead, stmts),
        kind=Kind.AGREEMENT,
        severity=severity[Kind.AGREEMENT],
        entity=lead.entity,
        metric=lead.metric,
        message=f"confirmed by {n} sources: {' = '.join(figures)}",
        statements=members,
        code=CODES[Kind.AGREEMENT],
        groups=[members],
        why="same entity, metric and period; values agree",
    )


def fingerprint(kind: str, lead: Statement, stmts: list[Statement]) -> str:
    """A stable id: kind, entity, metric and each side's file name, sentence and figure.

    Offsets, line numbers and statement ids are left out on purpose, so an
    edit elsewhere in an article keeps the id (baselines rely on it).
    """
    sides = sorted(
        f"{os.path.basename(s.path)}|{_NOISE.sub('', s.sentence)}|{_NOISE.sub('', s.text)}" for s in stmts
    )
    payload = "\x1f".join([kind, lead.entity or "", lead.metric, *sides])
    return "f-" + hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()[:16]
