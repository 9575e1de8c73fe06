"""Scored linkage: how alike two statements' frames are, slot by slot, and what that is worth.

A candidate pair that no hard rule keeps apart (`align.compare_frames`) is compared
slot by slot (story, subject, place, measure, the clause's words, the
sentence, period, moment, running total, categories, qualifiers, values),
each slot at a few named levels (`levels`). Each level carries a weight, a
log-odds fitted on the labelled archive by `benchmarks/fit_linkage.py` and
stored in `data/linkage.toml` with the corpus and commit it was fitted on;
a pair's score is the intercept plus its levels' weights. There are two
models: one for values that overlap (is this the same fact, confirmed?) and
two for values that differ (is this the same fact, contradicted or moved
on?): one for two running totals, whose difference is most often a later
moment, and one for other figures, whose difference is a conflict; each
model has its own threshold.

It decides nothing about impossibilities (unit families, roles, different
named subjects, places, measures or periods, forecasts against actuals):
those stay rules in `align`. It does not read text: only statements.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Optional

from pydantic import BaseModel, ConfigDict, PrivateAttr

from . import lexicon
from .extract.quantities import specific_unit
from .models import Family, Period, Statement

MODELS = ("agree", "running", "fixed", "dates")  # values that overlap; that differ: running totals, other figures, dates

# Slot → its levels, in the order `explain` and the table list them.
SLOTS: dict[str, tuple[str, ...]] = {
    "story": ("same", "near", "other_named", "other"),
    "articles": ("alike", "related", "apart"),
    "subject": ("named_alike", "alike", "one_named", "unnamed"),
    "place": ("same", "one_side", "one_side_twin", "none"),  # one_side_twin: filled by align.compared_pairs
    "measure": ("same", "one_side", "none"),
    "words": ("very_high", "high", "medium", "low", "very_low"),
    "contained": ("yes", "no"),
    "sentence": ("same", "same_but_figures", "other_clause", "other"),
    "period": ("same", "unknown", "none"),
    "moment": ("same", "running_apart", "apart", "unknown"),
    "running": ("both", "one", "neither"),
    "categories": ("same", "one_side"),
    "qualifier": ("exact", "vague"),
    "unit": ("specific_named", "specific", "general"),
    "values": ("equal", "overlap", "slip", "near", "close", "apart", "far"),
    "order": ("with_time", "with_time_far", "against_time", "unknown"),
    "series": ("toll", "measure", "other"),
    "ambiguity": ("unique", "one_side", "many"),
    "top": ("both", "one", "neither"),
    "scope": ("alike", "part_whole"),
    "mates": ("shared", "none_shared", "alone"),
    "best": ("mutual", "one_side", "neither"),  # filled by align.compared_pairs: among a block's pairs
    "choices": ("only", "one_side", "several"),  # likewise
    "digits": ("long", "mid", "short"),
}

BARE_CHANGE = "变化"  # the measure of a change whose head is not said (同比增长8.7%)
ARTICLES_ALIKE, ARTICLES_RELATED = 0.3, 0.1  # topic similarity (stories.Grouping.alike)
_WORD_LEVELS = ((0.8, "very_high"), (0.62, "high"), (0.45, "medium"), (0.3, "low"))
_DIGITS = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


class Model(BaseModel):
    """One model's intercept, threshold (both log-odds) and weights by slot and level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intercept: float
    threshold: float
    weights: dict[str, dict[str, float]]

    _flat: dict = PrivateAttr(default_factory=dict)  # (slot, level) → weight: align scores a million pairs

    def model_post_init(self, __context) -> None:
        self._flat = defaultdict(float, {(slot, level): w for slot, levels in self.weights.items() for level, w in levels.items()})

    def score(self, found: dict[str, str]) -> float:
        """The intercept plus each slot's weight at its level (a level the table lacks weighs 0)."""
        return self.intercept + sum(map(self._flat.__getitem__, found.items()))


class Fitted(BaseModel):
    """Where the weights come from: the corpus, its size, the commit and the method."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    corpus: str
    commit: str
    method: str
    pairs: int
    matches: int


class Linkage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fitted: Fitted
    agree: Model
    running: Model
    fixed: Model
    dates: Model

    def model_for(self, a: Statement, b: Statement, overlap: bool) -> tuple[str, Model]:
        """Which model judges the pair (`model_name`)."""
        name = model_name(a, b, overlap)
        return name, getattr(self, name)


def model_name(a: Statement, b: Statement, overlap: bool) -> str:
    """agree (values overlap), dates (two dates that differ: when something happened), running
    (values that differ where both are running totals, or one is and the other has no period of
    its own: a timeline, or a conflict at one moment; a total is often said without 累计 or 截至,
    《长津湖》票房达34.09亿元) or fixed (other figures that differ: a conflict)."""
    if overlap:
        return "agree"
    if a.kind == "date":
        return "dates"
    if a.cumulative and b.cumulative:
        return "running"
    if a.cumulative or b.cumulative:
        own, other = (a, b) if a.cumulative else (b, a)
        if other.period is None or _so_far_of(own, other.period):
            return "running"
        return "fixed"  # 1-5月 against 今年1至5月: one period, a conflict
    return "fixed"


def _so_far_of(s: Statement, period: Period) -> bool:
    """A running total of that period as of a day before its end (国庆档 9亿 on 10月3日, against
    the 10月1日—7日 window's 21.04亿): a step on the way to the period's figure."""
    own = s.period
    return bool(own and own.start and own.start == period.start and s.as_of and period.end and s.as_of < period.end)


@lru_cache(maxsize=1)
def table() -> Linkage:
    """The fitted weights shipped with the checker (data/linkage.toml)."""
    text = resources.files("checker.data").joinpath("linkage.toml").read_text(encoding="utf-8")
    return Linkage.model_validate(tomllib.loads(text))


def word_level(similarity: float) -> str:
    for floor, name in _WORD_LEVELS:
        if similarity >= floor:
            return name
    return "very_low"


def levels(
    a: Statement, b: Statement, *, story: str, entity: str, period: str, similarity: float,
    contained: bool, same_categories: bool, overlap: bool, articles: float = ARTICLES_RELATED,
) -> dict[str, str]:
    """The pair's level in every slot. `story`: same | near | other (`Grouping.relation`);
    `entity` and `period`: align's relations; `similarity`: of the two clauses' words;
    `articles`: of the two articles' topics (`Grouping.alike`: a story the grouping merged, two
    companies' annual results, still holds articles apart)."""
    strong = max(a.entity_strength, b.entity_strength) >= 2
    ca, cb = a.cumulative, b.cumulative
    return {
        "story": "other_named" if story == "other" and entity == "same" and strong else story,
        "articles": "alike" if articles >= ARTICLES_ALIKE else "related" if articles >= ARTICLES_RELATED else "apart",
        "subject": _SUBJECT[entity, strong],
        "place": _place(a, b),
        "measure": _measure(a, b),
        "words": word_level(similarity),
        "contained": "yes" if contained else "no",
        "sentence": _sentence(a, b),
        "period": "none" if a.period is None and b.period is None else period,
        "moment": _moment(a, b),
        "running": "both" if ca and cb else "one" if ca or cb else "neither",
        "categories": "same" if same_categories else "one_side",
        "qualifier": "exact" if a.qualifier == b.qualifier == "exact" else "vague",
        "unit": _unit(a, entity, strong),
        "values": ("equal" if _equal(a, b) else "overlap") if overlap else _values(a, b),
        "order": "unknown" if overlap else _order(a, b),
        "series": _series(a, b, story),
        "ambiguity": "unique" if a.siblings == b.siblings == 1 else "one_side" if 1 in (a.siblings, b.siblings) else "many",
        "top": "both" if a.top and b.top else "one" if a.top or b.top else "neither",
        "scope": "part_whole" if a.part != b.part else "alike",
        "mates": "alone" if not a.mates or not b.mates else "shared" if not set(a.mates).isdisjoint(b.mates) else "none_shared",
        "digits": _digits_level(a, b) if overlap else "mid",  # what agreeing values say; `values` weighs the rest
    }


def _digits_level(a: Statement, b: Statement) -> str:
    """How much two agreeing values say: two figures of many significant digits (1260582亿元,
    78.6岁, 86533辆) meet by chance far less often than two of one or two (5%, 20人). The fewer
    of the two counts; an approximate figure (约, 超过, 多) says two at most; dates say much.
    Differing values are all "mid": how far apart they are is the `values` slot's."""
    def said(s: Statement) -> int:
        if not isinstance(s.value, (int, float)) or isinstance(s.value, bool):
            return 4
        n = len(significant_digits(s.value))
        return n if s.qualifier == "exact" else min(n, 2)

    n = min(said(a), said(b))
    return "long" if n >= 4 else "mid" if n == 3 else "short"


_SUBJECT = {("same", True): "named_alike", ("same", False): "alike", ("unknown", True): "one_named", ("unknown", False): "one_named",
            ("none", True): "unnamed", ("none", False): "unnamed"}


def _series(a: Statement, b: Statement, story: str) -> str:
    """One story's running total of one measure (a toll: 17 dead, then 121), one story's measure, or other."""
    if story == "other" or not a.measure or a.measure != b.measure or a.measure == BARE_CHANGE:
        return "other"
    return "toll" if a.cumulative and b.cumulative else "measure"


def _measure(a: Statement, b: Statement) -> str:
    """The same head (死亡, 营业收入变化), one side's only (a bare 增长 against 营业收入增长), or none named."""
    heads = {m.removesuffix(BARE_CHANGE) for m in (a.measure, b.measure) if m}
    if a.measure and a.measure == b.measure and heads != {""}:
        return "same"
    return "none" if not heads or heads == {""} else "one_side"


def _unit(a: Statement, entity: str, strong: bool) -> str:
    """A classifier that says what is counted (例, 通道, 篇) of one subject, named in a figure's own
    clause (北脑一号's 128通道) or not; or a general one (人, 个, 元)."""
    if entity != "same" or a.family != Family.COUNT or not specific_unit(a.unit):
        return "general"
    return "specific_named" if strong else "specific"


def _place(a: Statement, b: Statement) -> str:
    pa, pb = _places(tuple(a.markers)), _places(tuple(b.markers))
    if pa and pb:
        return "same"  # places named apart never get here (align's rules)
    return "one_side" if pa or pb else "none"


def names_place(s: Statement) -> bool:
    """Whether the statement's clause names a place (a `p:` marker)."""
    return _places(tuple(s.markers))


@lru_cache(maxsize=1 << 16)
def _places(markers: tuple[str, ...]) -> bool:
    return any(m.startswith("p:") for m in markers)


@lru_cache(maxsize=1 << 16)
def _masked(sentence: str) -> tuple[str, str]:
    plain = _SPACE.sub("", sentence)
    return plain, _DIGITS.sub("0", plain)


def _sentence(a: Statement, b: Statement) -> str:
    """The same sentence and clause (a repost), the same but for its figures (a slip, an update:
    3732亿元 / 3372亿元, 截至4月底…61% / 截至5月底…55%), another figure of the same sentence
    (成都市遇难8人… / …德阳市遇难2人 in two reposts), or another sentence."""
    pa, ma = _masked(a.sentence)
    pb, mb = _masked(b.sentence)
    if ma != mb:
        return "other"
    if a.context != b.context:
        return "other_clause"
    return "same" if pa == pb else "same_but_figures"


def _moment(a: Statement, b: Statement) -> str:
    if a.as_of is None or b.as_of is None:
        return "unknown"
    if a.as_of == b.as_of and (a.as_of_time is None or b.as_of_time is None or a.as_of_time == b.as_of_time):
        return "same"
    return "running_apart" if a.cumulative and b.cumulative else "apart"


def _order(a: Statement, b: Statement) -> str:
    """Whether the later of two moments has the value a running count moves to: more dead, more
    aftershocks, more box office (fewer missing, as people are found: `falling_measures`), or
    the other way; unknown without two moments or two numbers. A move to more than twice the
    earlier value is a level of its own: a toll that grows from 47 to 196 is a timeline's step,
    where two fixed figures that far apart are seldom one fact (the `values` slot alone cannot
    tell the two apart)."""
    x, y = a.value, b.value
    if a.as_of is None or b.as_of is None or not isinstance(x, (int, float)) or not isinstance(y, (int, float)):
        return "unknown"
    ta = (a.as_of, a.as_of_time or "")
    tb = (b.as_of, b.as_of_time or "")
    if ta == tb or x == y:
        return "unknown"
    rises = (tb > ta) == (y > x)
    if a.measure in falling_measures() or b.measure in falling_measures():
        rises = not rises
    if not rises:
        return "against_time"
    return "with_time_far" if _values(a, b) == "far" else "with_time"


@lru_cache(maxsize=1)
def falling_measures() -> frozenset[str]:
    """Running counts that fall as a story unfolds (失踪, 滞留: data/time_words.toml)."""
    return frozenset(lexicon.time_words().falling_measures.words)


def _equal(a: Statement, b: Statement) -> bool:
    return a.value is not None and a.value == b.value and a.low == b.low and a.high == b.high


def _values(a: Statement, b: Statement) -> str:
    """How far apart two differing values are: a slip of the digits (7023 / 7203), near (within 1 %:
    two agencies' 206.16亿元 / 206.19亿元), close (10 %), apart (half), far."""
    x, y = a.value, b.value
    if not isinstance(x, (int, float)) or not isinstance(y, (int, float)):
        return "apart"  # dates and open ranges
    if _slip(x, y):
        return "slip"
    big = max(abs(x), abs(y))
    gap = abs(x - y) / big if big else 0.0
    return "near" if gap <= 0.01 else "close" if gap <= 0.1 else "apart" if gap <= 0.5 else "far"


def _slip(x: float, y: float) -> bool:
    """A slip of the pen: the same digits in another order (7023 / 7203, 113 / 131, 8.7 / 7.8) or at
    another magnitude (34.68亿 / 346.8亿), one digit changed, dropped or added (1.06万亿 / 1.6万亿);
    5 / 6 is too short to tell."""
    sx, sy = significant_digits(x), significant_digits(y)
    if sx == sy:
        return True  # the same digits, another magnitude: 34.68億 / 346.8亿
    if len(sx) == len(sy) == 2 and sx == sy[::-1]:
        return True  # two digits swapped: 8.7% / 7.8%
    if max(len(sx), len(sy)) < 3:
        return False
    if len(sx) == len(sy):
        return sorted(sx) == sorted(sy) or sum(1 for p, q in zip(sx, sy) if p != q) == 1
    return _one_dropped(sx, sy)


def _one_dropped(sx: str, sy: str) -> bool:
    """One string of digits is the other with one digit more (227 / 2207)."""
    short, long = sorted((sx, sy), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def rewritten_digits(x, y, digits: int = 3) -> bool:
    """A rewrite's slip of the pen, strict enough to stand without a moment: the same digits in
    another order (7023 / 7203) or one digit dropped or added (22.07万亿 / 22.7万亿), `digits`
    digits or more. A digit changed (21.0% / 21.8%) is not: that is as often another figure."""
    if same_digits(x, y, digits):
        return True
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (x, y)):
        return False
    sx, sy = significant_digits(x), significant_digits(y)
    return min(len(sx), len(sy)) >= digits and _one_dropped(sx, sy)


def same_digits(x, y, digits: int = 3) -> bool:
    """The strict slip: two numbers of the same digits, in another order or at another magnitude
    (826亿 / 8.26亿, 7023 / 7203), of `digits` digits or more. A digit changed (21.0% / 21.8%) is
    not: inside one article that is far more often two figures than one mistyped."""
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (x, y)):
        return False
    sx, sy = significant_digits(x), significant_digits(y)
    return len(sx) >= digits and sorted(sx) == sorted(sy)


@lru_cache(maxsize=65536)  # a corpus's values repeat; every differing pair asks for both
def significant_digits(x: float) -> str:
    """A value's significant digits, without the decimal point or leading and trailing zeros:
    1.06e12 → 106, 7023 → 7023, 5e8 → 5."""
    mantissa = f"{abs(x):.11e}".split("e")[0]  # twelve significant digits: no binary noise
    return mantissa.replace(".", "").rstrip("0") or "0"


def decide(a: Statement, b: Statement, found: dict[str, str], overlap: bool, linkage: Optional[Linkage] = None) -> tuple[bool, float]:
    """Whether the pair is one fact, and its score (log-odds), by the model its values call for."""
    _, model = (linkage or table()).model_for(a, b, overlap)
    score = model.score(found)
    return score >= model.threshold, score
