"""What a figure measures: the words around it, as tokens and as a short label.

`near_span` picks the figure's own words (its clause, between its neighbours,
shared by a before/after pair or an enumeration), `strip_spans` blanks out
figures, times, product names and listed examples, `tokens` splits the rest
into content words, and `label` makes the few words an editor reads
("创新药械产品获批上市"). It does not decide entities or times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from .. import lexicon
from ..models import Family, Sentence
from . import words
from .quantities import Quantity
from .times import TimeExpr

_HAN = re.compile(r"[\u4e00-\u9fff]")
_ENUMERATION_OR_QUOTE = re.compile(r"[、”“]")
_LABEL_BREAK = re.compile(r"[,;:。、]")


@dataclass(slots=True)
class Figure:
    """A figure or event date being turned into a statement."""

    start: int
    end: int
    kind: str
    quantity: Optional[Quantity] = None
    time: Optional[TimeExpr] = None
    role: Optional[str] = None
    markers: list[str] = field(default_factory=list)
    partner: Optional["Figure"] = None
    list_head: Optional[int] = None  # clean offset where a shared list context ends


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return frozenset(lexicon.function_words().words)


def near_span(text: str, sent: Sentence, clause, fig: Figure, figures) -> tuple[int, int]:
    """The words that say what `fig` measures: its clause, between its neighbours."""
    if fig.list_head is not None:
        return (clause[0] if clause[0] <= fig.list_head else sent.start), fig.list_head
    anchor = fig.partner if fig.role == "after" and fig.partner is not None else fig
    last = fig if anchor is not fig else next((f for f in figures if f.partner is anchor), anchor)
    last = _end_of_enumeration(text, last, figures)
    a, b = clause
    for other in figures:
        if other.kind == "date" or other is anchor or other is last:
            continue
        if other.end <= anchor.start:
            a = max(a, other.end)
        elif other.start >= last.end:
            b = min(b, other.start)
    right = _ENUMERATION_OR_QUOTE.search(text[last.end : b])
    if right and right.start() > 0:
        b = last.end + right.start()
    elif right:
        b = last.end
    return a, b


def _end_of_enumeration(text: str, fig: Figure, figures) -> Figure:
    """两批、五例人体植入: the words after the last figure of the run describe every one."""
    quantities = [f for f in figures if f.kind == "quantity"]
    i = next((k for k, f in enumerate(quantities) if f is fig), None)
    while i is not None and i + 1 < len(quantities) and text[quantities[i].end : quantities[i + 1].start] in ("、", "和", "及"):
        i += 1
    return quantities[i] if i is not None else fig


# 辉瑞、默沙东、礼来等8家: the names before 等 are examples of what is counted.
_EXAMPLES = re.compile(r"(?:[^、,;:\s]{1,10}、)+[^、,;:\s]{1,10}等\s*$")
# The same, matched on the reversed text from the figure back: one pass, where searching
# for _EXAMPLES from every start is quadratic in a long 、-list that does not end in 等.
_EXAMPLES_REVERSED = re.compile(r"\s*等[^、,;:\s]{1,10}(?:、[^、,;:\s]{1,10})+")


def _examples_start(text: str, a: int, end: int) -> Optional[int]:
    """Where the listed examples ending at `end` begin (the leftmost _EXAMPLES match in text[a:end])."""
    m = _EXAMPLES_REVERSED.match(text[a:end][::-1])
    return end - m.end() if m else None


def strip_spans(text: str, span, figures, times, names) -> str:
    """The text of `span` with figures, times, names and listed examples blanked out,
    and the base of a change said one way (较上年 → 同比)."""
    a, b = span
    chars = list(text[a:b])
    for other in [*figures, *times, *names]:
        for i in range(max(other.start, a), min(other.end, b)):
            chars[i - a] = " "
    bases = _comparison_bases()
    if bases is not None:
        for m in bases[0].finditer(text, a, b):
            chars[m.start() - a : m.end() - a] = [" " + bases[1][m.group(0)] + " "] + [""] * (m.end() - m.start() - 1)
    for fig in figures:
        if a < fig.start <= b:
            start = _examples_start(text, a, fig.start)
            if start is not None:
                for i in range(start, fig.start):
                    chars[i - a] = " "
    return "".join(chars)


@lru_cache(maxsize=1)
def _comparison_bases() -> Optional[tuple[re.Pattern, dict[str, str]]]:
    phrases = {p: word for word, ps in lexicon.function_words().comparison_bases.items() for p in ps}
    if not phrases:
        return None
    return lexicon.any_word(list(phrases)), phrases


def comparison_words(fragment: str) -> list[str]:
    """How each base of a change in `fragment` is said in one word: 较上年 → 同比."""
    bases = _comparison_bases()
    return [bases[1][m.group(0)] for m in bases[0].finditer(fragment)] if bases else []


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    table = lexicon.function_words().synonyms
    return {w: tuple(words.cut(phrase)) for phrase, ws in table.items() for w in ws}


@lru_cache(maxsize=1)
def _measure_words() -> frozenset[str]:
    return frozenset(lexicon.function_words().measure_words.words)


def saying(tokens: list[str]) -> int:
    """How many tokens say what is measured (增长, 同比 say only how it moved)."""
    measure = _measure_words()
    return sum(1 for t in tokens if t not in measure)


def tokens(fragment: str) -> list[str]:
    stop = function_words()
    synonyms = _synonyms()
    out = []
    for w in words.cut(fragment):
        w = w.strip()
        if not w or w in stop or not _HAN.search(w) and not w.isalpha():
            continue
        if w in synonyms:
            out.extend(synonyms[w])
        else:
            out.append(w)
    return out


_LABEL_NOISE = re.compile(r"[\s,;:。、“”\"'‘’()（）《》…!?]+")
_LABEL_LEAD = re.compile(r"^(?:的|是|为|达|和|与|及|其中|共|约|近|已|已有|累计|完成了?|实现了?|达到了?|突破|首次)+")
_TAIL_WORDS = (
    "分别 的 是 为 达 达到 达到了 到 至 了 和 与 及 从 由 共 约 近 已 已有 累计 超过 逾 首次 突破 压缩 提高 增至 增长到 完成 完成了"
).split()
_TAIL_CHARS = frozenset("".join(_TAIL_WORDS))
_TAIL_BY_FIRST = {c: [w for w in _TAIL_WORDS if w[0] == c] for c in _TAIL_CHARS}


def _strip_tail(text: str) -> str:
    """`text` without its longest suffix made only of _TAIL_WORDS (达到了, 累计, 约 …).

    What `re.sub(r"(?:分别|的|…|完成了?)+$", "", text)` gives, in linear time: the
    regex backtracks exponentially over 达到达到…x, as each 达到 also reads 达 + 到.
    """
    i = len(text)
    while i > 0 and text[i - 1] in _TAIL_CHARS:
        i -= 1
    n = len(text)
    parses = [False] * (n - i) + [True]  # parses[k]: text[i + k:] is a run of tail words
    for k in range(n - i - 1, -1, -1):
        parses[k] = any(text.startswith(w, i + k) and parses[k + len(w)] for w in _TAIL_BY_FIRST.get(text[i + k], ()))
    first = next((k for k in range(n - i) if parses[k]), None)
    return text if first is None else text[: i + first]


def label(text: str, span, fig: Figure, figures, times, fallback: bool = False) -> str:
    """What the figure measures, in its own words: the noun counted, else the subject before it."""
    anchor = fig.partner if fig.role == "after" and fig.partner is not None else fig
    a, b = span
    left = _clean_label(text, max(a, 0), anchor.start, figures, times)
    right = _clean_label(text, fig.end, b, figures, times)
    right = _LABEL_BREAK.split(right)[0]
    left = _strip_tail(_LABEL_LEAD.sub("", left))
    right = _strip_tail(_LABEL_LEAD.sub("", right))
    counted = fig.kind == "quantity" and fig.quantity.family == Family.COUNT and not fig.quantity.specific
    if counted and len(_HAN.findall(right)) >= 2:
        return right[:16]
    if len(_HAN.findall(left)) >= 2:
        return left[-16:]
    if len(_HAN.findall(right)) >= 2:
        return right[:16]
    return (left or right)[-16:] if fallback else ""


def _clean_label(text: str, a: int, b: int, figures, times) -> str:
    if b <= a:
        return ""
    chars = list(text[a:b])
    for other in [*figures, *times]:
        for i in range(max(other.start, a), min(other.end, b)):
            chars[i - a] = "\x00"
    pieces = [p for p in "".join(chars).split("\x00")]
    fragment = pieces[-1] if b <= (figures[0].start if figures else b) else "".join(pieces)
    return _LABEL_NOISE.sub("", fragment)
