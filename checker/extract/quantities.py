"""Figures in clean text: a number with its qualifier and unit, as an interval.

Finds 5例, 五例, 1.06万亿元, 25亿美元, 8.7%, 百分之八点七, 四分之一, 30余家,
逾2700家, 近90亿元, 一年左右, 百通道以上, 十几分钟, 几千个, 上百万, 3-5年,
四大科室, and ranks (第六个, 居全国第二, 位居榜首). Every figure becomes a
`Quantity` whose [low, high] is in the family's base unit (percent as a
ratio, money in currency units), following the qualifier table.

It does not read dates (`times.py` claims those first) and leaves alone
numbers that are part of a name (X1000, 3D, 5G) or that have neither a unit
nor a qualifier (a Chinese numeral inside a word: 一体化, 三医).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .. import lexicon
from ..models import Family
from .numbers import Number, read_number
from .prefilter import guarded

INF = math.inf
_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_NUM = rf"[{_CN_CHARS}]+(?:点[零〇一二三四五六七八九]+)?"
_MAG = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)"
_FINANCIAL = set("壹贰叁肆伍陆柒捌玖拾佰仟")
_CN_DIGITS = set("一二两三四五六七八九壹贰叁肆伍陆柒捌玖")
_RANK_WORDS = {"榜首": 1, "首位": 1, "首": 1, "第一": 1, "冠军": 1}


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    unit: str
    family: Family
    qualifier: str
    specific: bool = False
    kind: str = "quantity"  # quantity | rank


@dataclass(frozen=True, slots=True)
class _Unit:
    unit: Optional[str]
    family: Family
    factor: float
    specific: bool
    not_before: str = ""


@lru_cache(maxsize=1)
def _units() -> dict[str, _Unit]:
    table = {}
    for entry in lexicon.units().unit:
        for word in entry.words:
            table.setdefault(word, _Unit(entry.unit, entry.family, entry.factor, entry.specific, entry.not_before))
    return table


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _magnitude() -> str:
    """_MAG, but not the 千 of a unit that starts with it: 2千克 is 2 kg, not 2千 of 克."""
    units = [w[1:] for w in _units() if w.startswith("千") and len(w) > 1]
    return _MAG.replace("|千)", f"|千(?!{_alternation(units)}))") if units else _MAG


def _trillion() -> str:
    """Taiwan's and Hong Kong's 兆, 10¹², before a money word of data/units.toml (7.32兆元, 3兆美元);
    elsewhere 兆 is mega (兆瓦)."""
    money = [w for w, u in _units().items() if u.family == Family.MONEY]
    return f"兆(?=(?:{_alternation(money)}))"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    q = lexicon.qualifiers()
    number = rf"(?:\d+兆\d+(?:\.\d+)?亿|(?:{_ARABIC})(?:{_magnitude()}|{_trillion()})?|{_CN_NUM})"
    # 数, 几 and 上 say "some" before a written numeral only (数百, 上千): 人数8.26亿 is 8.26亿.
    vague = [w for w, kind in q.prefix.items() if kind.startswith("vague")]
    plain = [w for w in q.prefix if w not in vague]
    prefix = rf"{_alternation(plain)}|(?:{_alternation(vague)})(?=[{_CN_CHARS}])" if vague else _alternation(plain)
    return guarded(
        rf"(?:(?<![通经越跨超不])(?P<pre>{prefix}))?"
        rf"(?:百分之(?P<pct>{_ARABIC}|{_CN_NUM})|(?P<half>一半)"
        rf"|(?P<den>{_CN_NUM})分之(?P<num>{_CN_NUM})"
        rf"|(?P<n1>{number})(?:\s*(?:{_alternation(q.range.separators)})\s*(?P<n2>{number}))?"
        rf"(?P<infix>{_alternation(q.infix)})?"
        rf"(?:(?P<unit>{_alternation(_units())})|大(?P<big>[\u4e00-\u9fff]{{2}}))?"
        rf"(?P<post>余|多)?)"
        rf"(?P<suf>{_alternation(q.suffix)})?"
    )


_RANK = re.compile(
    r"(?:(?:居|位居|位列|排名|排在|名列|列|位于|排|暂列|并列|重回)(?:全国|全省|全市|全球|世界|国内|全国各省市|同类城市)?"
    # what is ranked may stand between: 位列金牌榜第3, 位列中国影史春节档票房第二
    r"(?:[\u4e00-\u9fff]{1,10}?(?=第))?"
    r"(?:第(?P<n>[一二三四五六七八九十\d]{1,3})(?:位|名)?|(?P<top>榜首|首位|前列))"
    r"|第(?P<ord>[一二三四五六七八九十\d]{1,3})(?P<cls>个|家|位|名|座|所|大)(?![\d一二三四五六七八九十]))"
)


@lru_cache(maxsize=1)
def _idioms() -> re.Pattern:
    """Set phrases, unless a numeral runs into them: 五百三十一批 is a count, 一批 alone is not."""
    n = lexicon.numerals()
    numerals = "".join(sorted({*n.digits, *n.small_units, *n.section_units}))
    return re.compile(rf"(?<![\d{numerals}])(?:{_alternation(n.idioms.words)})")


def find_quantities(text: str, taken: bytearray, tolerance: float = 0.05) -> list[Quantity]:
    """Figures in `text` outside spans already `taken` (by times) and outside set phrases (十四五)."""
    taken = bytearray(taken)
    for m in _idioms().finditer(text):
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    found = []
    for m in _pattern().finditer(text):
        if m.end() == m.start() or any(taken[m.start() : m.end()]):
            continue
        q = _build(m, text, tolerance)
        if q is not None:
            found.append(q)
    # A rank replaces the figures it overlaps. `found` is sorted and disjoint, so those are the
    # few just before the first figure starting at the rank's end (a scan per rank is quadratic).
    starts = [q.start for q in found]
    dropped = bytearray(len(found))
    ranks: list[Quantity] = []
    for m in _RANK.finditer(text):
        if any(taken[m.start() : m.end()]) or (ranks and m.start() < ranks[-1].end):
            continue
        q = _rank(m)
        if q is not None:
            j = bisect.bisect_left(starts, q.end)
            while j > 0 and found[j - 1].end > q.start:
                j -= 1
                dropped[j] = 1
            ranks.append(q)
    found = [q for q, gone in zip(found, dropped) if not gone] + ranks
    found.sort(key=lambda q: q.start)
    return found


def _rank(m: re.Match) -> Optional[Quantity]:
    digits = m["n"] or m["ord"]
    if m["top"]:
        if m["top"] == "前列":
            return None
        n = 1.0
    else:
        number = read_number(digits)
        if number is None or not 1 <= number.value <= 1000:
            return None
        n = number.value
    return Quantity(m.start(), m.end(), m.group(0), n, n, n, "rank", Family.RANK, "exact", kind="rank")


def _build(m: re.Match, text: str, tolerance: float) -> Optional[Quantity]:
    g = m.groupdict()
    pre = g["pre"]
    qual = lexicon.qualifiers()
    if g["pct"] or g["den"] or g["half"]:
        if g["half"]:
            number, scale = Number(0.5, 0.0, 0.0), 1.0
        elif g["pct"]:
            number = read_number(g["pct"])
            scale = 0.01
        else:
            den, num = read_number(g["den"]), read_number(g["num"])
            if not den or not num or den.value == 0:
                return None
            number = Number(num.value / den.value, 0.0, 0.0)
            scale = 1.0
        if number is None:
            return None
        kind = (qual.prefix.get(pre) if pre else None) or (qual.suffix.get(g["suf"]) if g["suf"] else None)
        return _interval(m, number, scale, "%", Family.PERCENT, kind, g["suf"], tolerance)
    n1 = g["n1"]
    # A number glued to Latin letters is part of a name: X1000, 3D, 5G, P4.
    before = text[m.start("n1") - 1] if m.start("n1") > 0 else ""
    after = text[m.end("n1")] if m.end("n1") < len(text) else ""
    if before.isascii() and before.isalpha() or (not g["unit"] and after.isascii() and after.isalpha()):
        return None
    if before == "第" or (before and before in _CN_CHARS and n1[0].isdigit()):
        return None
    unit_word = g["unit"] or g["big"]
    follow = text[m.end("unit") : m.end("unit") + 1] if g["unit"] else ""
    if follow and follow in _units()[g["unit"]].not_before:
        return None  # 5银行: the word goes on, and is no unit
    chinese = not n1[0].isdigit()
    qualifier = qual.prefix.get(pre) if pre else None
    infix = qual.infix.get(g["infix"]) if g["infix"] else None
    post = qual.infix.get(g["post"]) if g["post"] else None
    suffix = qual.suffix.get(g["suf"]) if g["suf"] else None
    if chinese and not _plausible_chinese(n1, unit_word, pre or g["infix"] or g["suf"], g["big"]):
        return None
    if not unit_word and not chinese and not _bare_number_ok(m, text, n1):
        return None
    number = read_number(n1)
    if number is None:
        return None
    if g["n2"]:
        high = read_number(g["n2"])
        if high is None or high.value <= number.value:
            return None
        unit = _unit_of(unit_word, g["big"])
        lo, hi = number.value * unit.factor, high.value * unit.factor
        return Quantity(m.start(), m.end(), m.group(0), lo, lo, hi, unit.unit, unit.family, "range", unit.specific)
    unit = _unit_of(unit_word, g["big"])
    unit_label, family = unit.unit, unit.family  # percent: %, or pp for 个百分点
    kind = infix or post or qualifier or suffix
    if qualifier in ("vague", "vague_over") and infix is None:
        kind = qualifier
    if infix == "vague":  # 十几: a tens numeral with 几 after it
        kind = "vague_teens"
    if suffix in ("at_least", "at_most") and kind in (None, suffix):
        kind = suffix
    return _interval(m, number, unit.factor, unit_label, family, kind, g["suf"], tolerance, unit.specific)


def _unit_of(word: Optional[str], big: Optional[str]) -> _Unit:
    if big:
        return _Unit(big, Family.COUNT, 1.0, False)
    if not word:
        return _Unit("", Family.NUMBER, 1.0, False)
    u = _units()[word]
    return _Unit(u.unit or word, u.family, u.factor, u.specific)


def _plausible_chinese(n1: str, unit: Optional[str], qualified: Optional[str], big: Optional[str]) -> bool:
    """Chinese numerals only count with a unit or a qualifier, and not as 一 + classifier."""
    if len(n1) == 1 and n1 in _FINANCIAL:
        return False  # 着陆点, 登陆: a banker's numeral alone is a word (陆 is also land)
    has_digit = any(ch in _CN_DIGITS for ch in n1) or n1[0] == "十"
    if not unit and not qualified:
        return False
    if not has_digit and not qualified:
        return False
    if n1 == "一" and not qualified:
        u = _units().get(unit or "")
        if big or u is None or u.family == Family.COUNT:
            return False  # 一个, 一位, 一批: an article, not a count
    return True


def _bare_number_ok(m: re.Match, text: str, n1: str) -> bool:
    """An Arabic number with no unit: keep decimals, numbers with a magnitude (出生人口902万: its
    measure may give the unit, data/measures.toml [elided_units]) and figures stated as a value
    (为163.3)."""
    if "." in n1 or n1[-1] in "万亿千":
        return True
    if re.fullmatch(r"(?:19|20)\d{2}", n1):
        return False  # a year naming an event: 2024中关村论坛年会
    if text[m.end() : m.end() + 1] in ("年", "月", "日", "号", "时", "点", "分"):
        return False  # part of a date or a time of day the time finder could not place
    before = text[max(0, m.start() - 1) : m.start()]
    return bool(m.group("pre")) or before in ("为", "达", "是", "至", "到") and len(n1) < 8


def _interval(m, number: Number, factor: float, unit: str, family: Family, kind, suffix_word, tolerance, specific=False):
    x = number.value
    if kind is None or kind == "exact":
        low, high, label = x - number.half, x + number.half, "exact"
    elif kind == "about":
        # 约130名 may be 125 or 135; 约1351万 is given to the 万, and is not 1342万.
        steps = lexicon.qualifiers().about_steps
        spread = min(abs(x) * tolerance, steps * number.step) if number.step > 0 else abs(x) * tolerance
        low, high, label = x - spread - number.half, x + spread + number.half, "about"
    elif kind == "nearly":
        low, high, label = x * 0.9, x + number.half, "nearly"
    elif kind == "over":
        low, high, label = x, x + max(number.step, 1e-9), "over"
    elif kind == "under":
        low, high, label = x * 0.9, x, "under"
    elif kind == "at_least":
        low, high, label = x, INF, "at_least"
    elif kind == "at_most":
        low, high, label = -INF, x, "at_most"
    elif kind == "vague_over":  # 上百万: from x to just under ten x
        low, high, label = x, x * 10, "vague"
    elif kind == "vague_teens":  # 十几 → 11..19, 二十几 → 21..29
        low, high, label = x + 1, x + 9, "vague"
    elif kind == "vague":  # 几千 → 1000..9999, 数百 → 100..999
        low, high, label = x, x * 10 - number.step / 10 if number.step > 1 else x * 9, "vague"
        if x < 10:  # 几秒: a few
            low, high = 1, 9
    else:
        low, high, label = x - number.half, x + number.half, "exact"
    return Quantity(
        m.start(), m.end(), m.group(0), _scaled(x, factor), _scaled(low, factor), _scaled(high, factor),
        unit, family, label, specific,
    )


def _scaled(x: float, factor: float) -> float:
    """x in the unit's base, rid of the binary noise of the product (33.62 × 1e8 is
    3361999999.9999995, which would print as such and hide a slip of the decimal point)."""
    y = x * factor
    return float(f"{y:.12g}") if math.isfinite(y) else y


def with_unit(q: Quantity, word: str) -> Quantity:
    """A figure said without its unit (票房35.26亿) in the unit its measure is counted in (元)."""
    u = _unit_of(word, None)
    return Quantity(q.start, q.end, q.text, _scaled(q.value, u.factor), _scaled(q.low, u.factor), _scaled(q.high, u.factor),
                    u.unit, u.family, q.qualifier, u.specific, q.kind)


def specific_unit(unit: str) -> bool:
    """A classifier that names what is counted by itself (例, 通道, 篇)."""
    entry = _units().get(unit)
    return bool(entry and entry.specific)
