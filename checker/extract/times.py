"""Time expressions in clean text, resolved against the article date.

Finds absolute dates (2024年, 2023年9月, 2025年06月19日, 5月6日), parts of a
year (年底, 一季度, 上半年), relative expressions (今年, 去年, 今年2月, 上周,
近5年, 今年前4个月, 今年以来, 截至2024年底, 自2018年起) and the article's own
dateline ("北京6月19日电", "本报讯…3月21日"). Each becomes a `TimeExpr`: a
period (start, end), what role it plays (period, since, until) and whether it
opens a running total.

It does not decide which figure a time belongs to (that is `statements.py`)
and never guesses a date it cannot resolve: an expression relative to an
unknown article date is dropped.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .. import lexicon
from .numbers import parse_number
from .prefilter import guarded

_CN = "零〇一二两三四五六七八九十"
_N = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
# The time of day after a date: 20日12时, 8时02分, 23时34分6秒, 凌晨1时42分许, 晚上8点.
_DAY_PART = "(?:凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜间|夜里)"
_HOUR = r"(?:[01]?\d|2[0-4]|[一二两三四五六七八九十]{1,3})"  # 8时, 晚上8点, 下午两点多, 十二点半
_CLOCK = (rf"(?P<ap>{_DAY_PART})?(?P<hh>{_HOUR})[时点]"
          rf"(?:(?P<mi>[0-5]?\d|[一二三四五六七八九十]{{1,3}})分(?:[0-5]?\d秒)?|(?P<half>半))?(?:许|左右|多)?")
_AFTERNOON = ("下午", "傍晚", "晚上", "晚间", "夜间", "夜里")


@dataclass(frozen=True, slots=True)
class Ref:
    """What relative expressions resolve against: a full date, or only a year."""

    date: Optional[dt.date]
    year: Optional[int]


@dataclass(slots=True)
class TimeExpr:
    start: int  # clean-text span
    end: int
    text: str
    first: Optional[dt.date]  # period bounds, inclusive; None = open
    last: Optional[dt.date]
    role: str  # "period" | "since" | "until"
    cumulative: bool
    precision: str  # "day" | "month" | "year" | "span"
    explicit: bool  # written with its own year or month-day, not relative
    clock: Optional[int] = None  # minutes after midnight, when a day is given to the hour (20日12时, 1时42分)
    yearless: bool = False  # a month-day whose year is the article's (4月27日), not its own


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _int(text: str) -> Optional[int]:
    value = parse_number(text)
    return int(value) if value is not None and value == int(value) else None


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern, str]]:
    """(role, pattern, a word every match holds): a pattern is not tried on a text without its word.

    The anchor alone is tried at every digit and month of an article, so a pattern
    that puts a fixed word after it (以来) is skipped where that word never occurs.
    """
    tw = lexicon.time_words()
    parts = "|".join(sorted(map(re.escape, tw.year_parts), key=len, reverse=True))
    rel_years = "|".join(sorted(map(re.escape, tw.relative_years), key=len, reverse=True))
    rel_weeks = "|".join(map(re.escape, tw.relative_weeks))
    rel_months = "|".join(map(re.escape, tw.relative_months))
    holidays = "|".join(sorted(map(re.escape, tw.holidays), key=len, reverse=True))
    until = "|".join(sorted(map(re.escape, tw.until.words), key=len, reverse=True))
    since_b = "|".join(map(re.escape, tw.since.before))
    year = r"(?P<y>(?:19|20)\d{2})\s*年"
    month = rf"(?:1[0-2]|0?[1-9]|[{_CN}]{{1,2}})"
    anchor = (
        rf"(?:{year}\s*(?:(?P<ym1>{month})\s*[-—~～至到]\s*(?P<ym2>{month})\s*月份?"
        rf"|(?P<m>\d{{1,2}})\s*月份?(?:\s*(?P<d>\d{{1,2}})\s*[日号]"
        rf"(?:\s*[-—~～至到]\s*(?:(?:19|20)\d{{2}}年)?(?:(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}})[日号])?|(?P<mend>底|末))?"
        rf"|年?(?P<part>{parts})|前(?P<yfirstn>{_N})个?月)?"
        rf"|(?P<ry>{rel_years})(?:(?P<rm1>{month})\s*[-—~～至到]\s*(?P<rm2>{month})\s*月份?"
        rf"|(?P<rm>\d{{1,2}}|[{_CN}]{{1,2}})月份?(?:(?P<rd>\d{{1,2}})[日号]|(?P<rmend>底|末))?|(?P<rpart>{parts})"
        rf"|前(?P<firstn>{_N})个?月)?"
        rf"|(?P<md_m>\d{{1,2}})月(?P<md_d>\d{{1,2}})[日号]"
        rf"(?:(?:\d{{1,2}}时)?\s*[-—~～至到]\s*(?:(?P<md_m2>\d{{1,2}})月)?(?P<md_d2>\d{{1,2}})[日号](?:\d{{1,2}}时)?)?"
        rf"|(?<![\d月])(?P<dd>[1-3]?\d)日(?={_DAY_PART}?{_HOUR}[时点])"
        rf"|(?P<iso>(?:19|20)\d{{2}})[-/.](?P<iso_m>\d{{1,2}})[-/.](?P<iso_d>\d{{1,2}})"
        rf"|(?P<rw>{rel_weeks})|(?P<rmon>{rel_months})|(?P<now>目前|当前|现在|至今|如今)"
        rf"|(?<![\d年])(?P<bm1>{month})\s*[-—~～至到]\s*(?P<bm2>{month})\s*月份?"
        rf"|(?<![\d年个前])前(?P<bfirstn>{_N})个?月"
        rf"|(?<![年\u4e00-\u9fff])(?P<bpart>上半年|下半年|一季度|二季度|三季度|四季度|前三季度)"
        rf"|(?P<bare_m>(?<![\d个])(?:1[0-2]|[1-9])月份?)(?P<bmend>底|末)?(?!\d|个)"
        rf"|[“\"]?(?P<holiday>{holidays})[”\"]?(?:假期|期间|长假|黄金周|小长假|档)"
        rf")(?:{_CLOCK})?"
    )
    return [
        ("until", re.compile(rf"(?:{until})\s*(?P<a>{anchor})"), ""),
        ("since", re.compile(rf"(?:{since_b})\s*(?P<a>{anchor})\s*(?:起|开始|以来)"), ""),
        ("since", guarded(rf"(?P<a>{anchor})\s*以来"), "以来"),
        ("recent", re.compile(rf"(?:近|最近|过去|这)(?P<n>{_N})(?P<u>年|个月)(?:来|以来|间|中)?"), ""),
        ("recent", guarded(rf"(?<![\d{_CN}])(?P<n>{_N})(?P<u>年|个月)(?:来|以来)"), "来"),
        ("period", guarded(rf"(?P<a>{anchor})"), ""),
    ]


def find_times(text: str, ref: Ref) -> list[TimeExpr]:
    """All time expressions in `text`, left to right, non-overlapping."""
    found: list[TimeExpr] = []
    taken = bytearray(len(text) + 1)
    for role, pattern, needs in _patterns():
        if needs not in text:
            continue
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]) or m.end() == m.start():
                continue
            expr = _resolve(role, m, ref)
            if expr is None:
                continue
            found.append(expr)
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    found.sort(key=lambda e: e.start)
    return _times_of_day(text, ref, found, taken)


@lru_cache(maxsize=1)
def _time_of_day_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The clock itself, searched for (its first character is a numeral: cheap to scan for), and
    what may stand just before it, read backwards from it: 截至, a day word, a part of the day."""
    tw = lexicon.time_words()
    days = "|".join(sorted(map(re.escape, [*tw.clock.on_day_named, *tw.clock.today]), key=len, reverse=True))
    until = "|".join(sorted(map(re.escape, tw.until.words), key=len, reverse=True))
    clock = re.compile(rf"(?P<hh>{_HOUR})[时点](?:(?P<mi>[0-5]?\d|[一二三四五六七八九十]{{1,3}})分(?:[0-5]?\d秒)?|(?P<half>半))?(?:许|左右|多)?")
    before = re.compile(rf"(?P<until>{until})?(?P<day>{days})?(?P<ap>{_DAY_PART})?$")
    return clock, before


_NOT_BEFORE_CLOCK = frozenset("0123456789日号时点")
_BEFORE_WINDOW = 12  # characters before a clock its 截至, day word and part of the day fit in


def _times_of_day(text: str, ref: Ref, found: list[TimeExpr], taken: bytearray) -> list[TimeExpr]:
    """Times of day no date comes with: 17时03分 and 当天12时57分 are of the day the text named last,
    次日9时50分 of the day after it, 昨天6时 of the day before the article's. A bare hour (19时以后,
    记住这三点) says too little: a time alone must give its minutes, a half, a day word or a part of
    the day (下午四点)."""
    clock_words = lexicon.time_words().clock
    # The day named last counts even when it is the day news came out (记者18日获悉…当天12时57分):
    # in breaking news that is the day of the events; a look back (2022年4月20日公布的报告显示，
    # 14时20分55秒…) is rarer.
    days = [t for t in found if t.precision == "day" and t.explicit and (t.first or t.last) and
            (t.first is None or t.first == t.last)]
    starts = [t.start for t in days]
    out = list(found)
    clock_pattern, before_pattern = _time_of_day_patterns()
    for c in clock_pattern.finditer(text):
        if taken[c.start()]:
            continue
        window = text[max(0, c.start() - _BEFORE_WINDOW) : c.start()]
        b = before_pattern.search(window)
        start = c.start() - len(b.group(0))
        if start > 0 and text[start - 1] in _NOT_BEFORE_CLOCK:
            continue  # 20日08时: the date's own clock, read with it or not at all
        m = {**b.groupdict(), **c.groupdict()}
        if any(taken[start : c.end()]) or not (m["mi"] or m["half"] or m["day"] or m["ap"]):
            continue
        word = m["day"]
        if word in clock_words.today:
            if ref.date is None:
                continue
            day = ref.date + dt.timedelta(days=clock_words.today[word])
        else:
            k = bisect.bisect_right(starts, start) - 1
            if k < 0:
                continue
            day = (days[k].first or days[k].last) + dt.timedelta(days=clock_words.on_day_named.get(word, 0))
        clock = _clock_of(m["hh"], m["mi"], m["half"], m["ap"])
        if clock is None:
            continue
        said = text[start : c.end()]
        if m["until"]:
            out.append(TimeExpr(start, c.end(), said, None, day, "until", True, "day", True, clock))
        else:
            out.append(TimeExpr(start, c.end(), said, day, day, "period", False, "day", True, clock))
    out.sort(key=lambda e: e.start)
    return out


def _resolve(role: str, m: re.Match, ref: Ref) -> Optional[TimeExpr]:
    if role == "recent":
        n = _int(m["n"])
        if not n or ref.year is None:
            return None
        end = ref.date or dt.date(ref.year, 12, 31)
        if m["u"] == "年":  # 近5年: counted in whole years, however far into this one
            first = dt.date(ref.year - n, 1, 1)
        else:
            y, mo = divmod(end.year * 12 + end.month - 1 - n, 12)
            first = dt.date(y, mo + 1, 1)
        return TimeExpr(m.start(), m.end(), m.group(0), first, ref.date, "since", True, "span", False)
    span = _anchor(m, ref)
    if span is None:
        return None
    first, last, precision, explicit, rolling = span
    text = m.group(0)
    clock = _clock(m) if precision == "day" else None
    yearless = bool(m.groupdict().get("md_m"))
    if role == "until":
        return TimeExpr(m.start(), m.end(), text, None, last, "until", True, precision, explicit, clock, yearless)
    if role == "since":  # runs to the article date; open when that is unknown
        return TimeExpr(m.start(), m.end(), text, first, ref.date, "since", True, precision, explicit, clock, yearless)
    return TimeExpr(m.start(), m.end(), text, first, last, "period", rolling, precision, explicit, clock, yearless)


@lru_cache(maxsize=1)
def comparison_bases() -> tuple[str, ...]:
    """较, 比, 相比, 继: what a year right after them is the base of (与2010年相比), not the figure's."""
    return tuple(lexicon.time_words().comparison_base.words)


def carry_years(times: list[TimeExpr], text: str, sentences: list) -> list[TimeExpr]:
    """去年“五一”小长假运输（4月27日至5月4日）期间: a month-day of no year, in a sentence that named
    another year before it (2024年, 去年, 去年“五一”), is of that year, not the article's.

    `times` left to right; `sentences` have `start` and `end`. Dates of the article's own year are
    left as they are, and so is everything in a sentence that names no year; a year compared
    with (较2019年同期) or counted from (2019年以来) is not the sentence's.
    """
    bases = comparison_bases()
    out = list(times)
    starts = [s.start for s in sentences]
    year_of: dict[int, int] = {}  # sentence index → the year it named last, so far
    for i, t in enumerate(out):
        k = bisect.bisect_right(starts, t.start) - 1
        if k < 0 or t.start >= sentences[k].end:
            continue
        if t.yearless and k in year_of and t.first and year_of[k] != t.first.year:
            out[i] = _in_year(t, year_of[k])
        elif (
            t.role == "period" and not t.yearless and t.first and t.last and t.first.year == t.last.year
            and t.precision != "day" and not text[max(0, t.start - 2) : t.start].endswith(bases)
        ):
            year_of[k] = t.first.year  # a year, a part of one, a holiday of one: not a day (a reporting date)
    return out


def _in_year(t: TimeExpr, year: int) -> TimeExpr:
    shift = year - t.first.year

    def move(d: Optional[dt.date]) -> Optional[dt.date]:
        if d is None:
            return None
        try:
            return d.replace(year=d.year + shift)
        except ValueError:  # 2月29日
            return d.replace(year=d.year + shift, day=28)

    return dataclasses.replace(t, first=move(t.first), last=move(t.last))


def _clock(m: re.Match) -> Optional[int]:
    """Minutes after midnight of the time of day that follows a date, if one does (晚上8点 is 20:00)."""
    g = m.groupdict()
    return _clock_of(g.get("hh"), g.get("mi"), g.get("half"), g.get("ap"))


def _clock_of(hh: Optional[str], mi: Optional[str], half: Optional[str], ap: Optional[str]) -> Optional[int]:
    if hh is None:
        return None
    hour, minute = _int(hh), (_int(mi) if mi else 30 if half else 0)
    if hour is None or minute is None or minute > 59:
        return None
    if ap in _AFTERNOON and hour < 12:
        hour += 12
    return min(hour, 24) * 60 + minute


def _month_span(y: int, a: str, b: str):
    m1, m2 = _int(a), _int(b)
    if not m1 or not m2 or not 1 <= m1 < m2 <= 12:
        return None
    return dt.date(y, m1, 1), _month_end(y, m2), "span"


def _month(y: int, mo_text: str, end_word: Optional[str]):
    mo = _int(mo_text)
    if not mo or not 1 <= mo <= 12:
        return None
    if end_word:  # 5月底: the end of May, as a day
        last = _month_end(y, mo)
        return last, last, "day"
    return dt.date(y, mo, 1), _month_end(y, mo), "month"


def _first_months(y: int, n_text: str):
    n = _int(n_text)
    if not n or not 1 <= n <= 12:
        return None
    return dt.date(y, 1, 1), _month_end(y, n), "span"


@lru_cache(maxsize=1)
def _year_before_pattern() -> re.Pattern:
    relative = "|".join(map(re.escape, sorted(lexicon.time_words().relative_years, key=len, reverse=True)))
    return re.compile(rf"(?:((?:19|20)\d{{2}})\s*年|({relative}))(?:的)?\s*[“\"]?$")


def _year_before(m: re.Match, ref: Ref) -> Optional[int]:
    """The year said right before the match (2021年国庆档; 去年“五一”, as of the article's year), if any."""
    found = _year_before_pattern().search(m.string, max(0, m.start() - 8), m.start())
    if not found:
        return None
    if found.group(1):
        return int(found.group(1))
    if ref.year is None:
        return None
    return ref.year + lexicon.time_words().relative_years[found.group(2)]


def _anchor(m: re.Match, ref: Ref):
    """(first, last, precision, explicit, rolling) of the anchor inside match `m`."""
    tw = lexicon.time_words()
    g = m.groupdict()
    span = None
    explicit = False
    if g.get("y"):
        y, explicit = int(g["y"]), True
        if g.get("ym1"):
            span = _month_span(y, g["ym1"], g["ym2"])
        elif g.get("m"):
            if g.get("d"):
                d = _safe_date(y, int(g["m"]), int(g["d"]))
                span = (d, d, "day") if d else None
                if d and g.get("d2"):  # 2024年2月10日至2月17日: a span of days
                    d2 = _safe_date(y, int(g["m2"] or g["m"]), int(g["d2"]))
                    span = (d, d2, "span") if d2 and d2 > d else None
            else:
                span = _month(y, g["m"], g.get("mend"))
        elif g.get("part"):
            span = (*_part(y, g["part"]), "span")
        elif g.get("yfirstn"):
            span = _first_months(y, g["yfirstn"])
        else:
            span = (dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    elif g.get("iso"):
        d = _safe_date(int(g["iso"]), int(g["iso_m"]), int(g["iso_d"]))
        span, explicit = ((d, d, "day") if d else None), True
    elif g.get("ry"):
        if ref.year is None:
            return None
        y = ref.year + tw.relative_years[g["ry"]]
        if g.get("rm1"):
            span = _month_span(y, g["rm1"], g["rm2"])
        elif g.get("rm"):
            if g.get("rd"):  # 去年5月28日: a day as explicit as 5月28日 is, of the year it names
                d = _safe_date(y, _int(g["rm"]) or 0, int(g["rd"]))
                span, explicit = ((d, d, "day") if d else None), True
            else:
                span = _month(y, g["rm"], g.get("rmend"))
        elif g.get("rpart"):
            span = (*_part(y, g["rpart"]), "span")
        elif g.get("firstn"):
            span = _first_months(y, g["firstn"])
        else:
            rolling = y == ref.year and ref.date is not None
            return dt.date(y, 1, 1), (ref.date if rolling else dt.date(y, 12, 31)), "year", False, False
    elif g.get("md_m"):
        if ref.year is None:
            return None
        d = _safe_date(ref.year, int(g["md_m"]), int(g["md_d"]))
        if d and g.get("md_d2"):  # 6月19日8时至22日8时: a span of days
            d2 = _safe_date(ref.year, int(g["md_m2"] or g["md_m"]), int(g["md_d2"]))
            span = (d, d2, "span") if d2 and d2 > d else None
        else:
            span = (d, d, "day") if d else None
        explicit = True
    elif g.get("dd"):  # 22日12时: a day of the article's month
        if ref.date is None:
            return None
        d = _safe_date(ref.date.year, ref.date.month, int(g["dd"]))
        span, explicit = ((d, d, "day") if d else None), True
    elif ref.year is not None and g.get("bm1"):
        span = _month_span(ref.year, g["bm1"], g["bm2"])
    elif ref.year is not None and g.get("bfirstn"):
        span = _first_months(ref.year, g["bfirstn"])
    elif ref.year is not None and g.get("bpart"):
        span = (*_part(ref.year, g["bpart"]), "span")
    elif ref.year is not None and g.get("bare_m"):
        span = _month(ref.year, g["bare_m"].rstrip("份").rstrip("月"), g.get("bmend"))
    elif g.get("holiday") and (ref.year is not None or _year_before(m, ref)):
        a, b = tw.holidays[g["holiday"]]
        year = _year_before(m, ref) or ref.year  # 2021年国庆档, 去年“五一”: that year's, not the article's
        first = dt.date(year, int(a[:2]), int(a[3:]))
        return first, dt.date(year, int(b[:2]), int(b[3:])), "span", False, False
    elif g.get("rw"):
        if ref.date is None:
            return None
        monday = ref.date - dt.timedelta(days=ref.date.weekday()) + dt.timedelta(weeks=tw.relative_weeks[g["rw"]])
        return monday, monday + dt.timedelta(days=6), "span", False, False
    elif g.get("rmon"):
        if ref.date is None:
            return None
        y, mo = divmod(ref.date.year * 12 + ref.date.month - 1 + tw.relative_months[g["rmon"]], 12)
        return dt.date(y, mo + 1, 1), _month_end(y, mo + 1), "month", False, False
    elif g.get("now"):
        if ref.date is None:
            return None
        return ref.date, ref.date, "day", False, True
    if span is None:
        return None
    first, last, precision = span
    return first, last, precision, explicit, False


def _part(year: int, part: str) -> tuple[dt.date, dt.date]:
    a, b = lexicon.time_words().year_parts[part]
    first = dt.date(year, int(a[:2]), int(a[3:]))
    last = dt.date(year, int(b[:2]), int(b[3:]))
    return first, last


# ---------------------------------------------------------------- article date

@lru_cache(maxsize=1)
def _year_pattern() -> re.Pattern:
    """2024年, and a bare year naming an event: 2024中关村论坛年会, 2024长三角…峰会.

    A four-digit number before a classifier or a money unit is a count, not a year:
    累计获得授权专利2031件, 投资2030万元.
    """
    words = sorted(
        (w for u in lexicon.units().unit if u.family in ("count", "money") for w in u.words),
        key=len,
        reverse=True,
    )
    not_after = "|".join(re.escape(w) for w in words)
    return guarded(
        rf"(?<![\d.])((?:19|20)\d{{2}})(?:\s*年|(?=[\u4e00-\u9fff])(?![年月日万亿千百多余]|{not_after}))"
    )


_PLAN_WORDS = ("到", "至", "预计", "计划", "力争", "目标", "展望", "前", "将于", "将在")


_CLOSED_YEAR = guarded(r"(?:截至|截止)?((?:19|20)\d{2})\s*年(?:年底|底|年末|末|全年)")


_ISO_YEAR = guarded(r"(?<![\d.])((?:19|20)\d{2})-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])(?!\d)")


def year_hint(text: str) -> Optional[int]:
    """The year the article is written in, as far as its text tells.

    The latest year it speaks of as past or present (not a plan's target: 到2030年, 将于2026年;
    not a base it compares with: 与2010年相比, 继2014年“威马逊”之后, 1961年以来), and at least
    the year after one it reports as closed (截至2024年底: written in 2025 or later).
    """
    years = []
    bases = comparison_bases()
    for m in _year_pattern().finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 2]
        planned = any(before.endswith(w) for w in _PLAN_WORDS) and not before.endswith(("截至", "截止"))
        if planned or after.startswith("前") or before.endswith(bases) or after == "以来":
            continue
        years.append(int(m.group(1)))
    years += [int(m.group(1)) + 1 for m in _CLOSED_YEAR.finditer(text)]
    years += [int(m.group(1)) for m in _ISO_YEAR.finditer(text)]  # a page's 2025-03-05 12:21
    return max(years) if years else None


_DATE = r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
_FULL_DATE = r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
_ISO_DATE = r"(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
# A line that is only a date (and a time, a weekday): when the page went up, not a claim.
_DATE_LINES = [
    re.compile(rf"\s*{date}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?:\s*(?:星期|周)[一二三四五六日天])?\s*")
    for date in (_FULL_DATE, _ISO_DATE)  # apart: both name their groups y, m, d
]


@lru_cache(maxsize=1)
def _dateline_patterns() -> list[re.Pattern]:
    return [
        re.compile(p.replace("{date}", _DATE).replace("{full_date}", _FULL_DATE).replace("{iso_date}", _ISO_DATE), re.MULTILINE)
        for p in lexicon.time_words().dateline.patterns
    ]


def is_date_line(line: str) -> bool:
    return any(p.fullmatch(line) for p in _DATE_LINES)


def looks_like_dateline(line: str) -> bool:
    return any(p.search(line[:60]) for p in _dateline_patterns()[:2])


def lead_date(text: str, year: Optional[int]) -> Optional[dt.date]:
    """The date an undated article's lead gives it (data/time_words.toml [lead_date]): the latest
    day it reports, or the day it says something was announced (6日公布) in the month of the
    latest date, or counted up to (截至25日) or given with its hour (16日7时30分) in the month of
    the earliest (a lead's later dates may be a ban's or a plan's end: 自8月20日至9月7日停运),
    whichever is later. A yearless day takes `year`; a day of an earlier year than
    `year`, or after the words of a plan or of last year (预计5月5日, 去年5月1日), does not count.
    """
    table = lexicon.time_words().lead_date
    lead = text[: table.window]
    days = []
    for m in re.finditer(_DATE, lead):
        before = lead[max(0, m.start() - 3) : m.start()]
        if before.endswith(tuple(table.not_after)):
            continue
        y = int(m["y"]) if m["y"] else year
        if y is None or (year is not None and y < year):
            continue
        if d := _safe_date(y, int(m["m"]), int(m["d"])):
            days.append(d)
    if days:
        latest = max(days)
        first = min(days)
        for pattern, month in ((_announced_pattern(), latest), (_as_of_day_pattern(), first), (_DAY_AND_HOUR, first)):
            for m in pattern.finditer(lead):
                if d := _safe_date(month.year, month.month, int(m["d"])):
                    days.append(d)
    return max(days) if days else None


@lru_cache(maxsize=1)
def _announced_pattern() -> re.Pattern:
    verbs = "|".join(map(re.escape, lexicon.time_words().lead_date.announced))
    return re.compile(rf"(?<![\d月年])(?P<d>\d{{1,2}})\s*日(?:{verbs})")


# A day said with its hour (16日7时30分前后登陆) reports a moment, as 截至25日 does.
_DAY_AND_HOUR = re.compile(rf"(?<![\d月年.])(?P<d>\d{{1,2}})\s*日\s*{_DAY_PART}?\s*\d{{1,2}}\s*[时点]")


@lru_cache(maxsize=1)
def _as_of_day_pattern() -> re.Pattern:
    words = "|".join(map(re.escape, lexicon.time_words().lead_date.as_of))
    return re.compile(rf"(?:{words})\s*(?P<d>\d{{1,2}})\s*日")


def article_date(text: str, year: Optional[int]) -> tuple[Optional[dt.date], list[tuple[int, int]], bool]:
    """The date an article gives itself, where it says so, and whether the dateline names its year
    (else `year`, a guess, completes 4月20日电): a dateline near the top, else anywhere.

    Every dateline in that window giving the same date is returned (a masthead's
    2025年04月02日 and the 本报讯…4月2日 under it): none of them is a figure.
    """
    for window in (text[:400], text):
        found = sorted((m for p in _dateline_patterns() if (m := p.search(window))), key=lambda m: m.start())
        if not found:
            continue
        y = int(found[0]["y"]) if found[0]["y"] else year
        d = _safe_date(y, int(found[0]["m"]), int(found[0]["d"])) if y is not None else None
        if d:
            same = [m.span() for m in found if _safe_date(int(m["y"]) if m["y"] else d.year, int(m["m"]), int(m["d"])) == d]
            return d, same, bool(found[0]["y"])
    return None, [], False
