"""Numerals → values: Arabic (1,234.5), Chinese (一千七百, 八点七), mixed (1.06万亿, 1兆6655.4亿).

Besides the value, `read_number` reports how precisely the figure was
written: `half` is half a unit of its last written digit for figures given
to a rounded precision (decimals, 万/亿 magnitudes), so 1.06万亿 covers
[1.055, 1.065]·10¹²; `step` is one unit of its last non-zero place, the
width "30余" or "逾2700" leaves open. It does not find numbers in running
text (that is `quantities.py`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .. import lexicon


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    half: float  # ± this much is within the written precision
    step: float  # one unit of the last non-zero written place


_ARABIC = re.compile(r"^(\d+(?:,\d{3})*)(?:\.(\d+))?(.*)$")


@lru_cache(maxsize=1)
def _tables():
    n = lexicon.numerals()
    return n.digits, n.small_units, n.section_units, n.magnitudes


def parse_number(text: str) -> Optional[float]:
    number = read_number(text)
    return number.value if number else None


_TRILLION_AND = re.compile(r"^(\d+)兆(\d+(?:\.\d+)?亿)$")  # 1兆6655.4亿: 1 × 10¹² + 6655.4亿


def read_number(text: str) -> Optional[Number]:
    text = text.strip()
    if not text:
        return None
    both = _TRILLION_AND.match(text)
    if both:
        rest = read_number(both.group(2))
        return Number(int(both.group(1)) * _tables()[3]["兆"] + rest.value, rest.half, rest.step) if rest else None
    m = _ARABIC.match(text)
    if m:
        number = _read_arabic(m.group(1).replace(",", ""), m.group(2) or "", m.group(3))
    else:
        number = _read_chinese(text)
    if number is None or not all(map(math.isfinite, (number.value, number.half, number.step))):
        return None  # a figure past float range (1 and 400 zeros, 亿亿亿…) is no figure
    return number


def _read_arabic(whole: str, frac: str, rest: str) -> Optional[Number]:
    digits, small, section, magnitudes = _tables()
    scale = 1.0
    if rest:
        if rest not in magnitudes:
            return None
        scale = magnitudes[rest]
    value = float(f"{whole}.{frac}" if frac else whole) * scale
    if frac:
        unit = 10.0 ** -len(frac) * scale
        return Number(value, unit / 2, unit)
    trailing = len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0
    step = 10.0**trailing * scale if trailing <= 308 else math.inf
    return Number(value, scale / 2 if rest else 0.0, step)


def _read_chinese(text: str) -> Optional[Number]:
    digits, small, section, _ = _tables()
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = _read_chinese(whole) if whole else Number(0.0, 0.0, 1.0)
        if head is None or not frac or any(ch not in digits for ch in frac):
            return None
        fraction = float("0." + "".join(str(digits[ch]) for ch in frac))
        unit = 10.0 ** -len(frac)
        return Number(head.value + fraction, unit / 2, unit)
    if any(ch not in digits and ch not in small and ch not in section for ch in text):
        return None
    if all(ch in digits for ch in text):
        if len(text) == 1:
            return Number(float(digits[text]), 0.0, 1.0)
        if len(text) >= 3 or any(digits[ch] == 0 for ch in text):  # 二〇二四: digit by digit
            return Number(float("".join(str(digits[ch]) for ch in text)), 0.0, 1.0)
        return None  # 一一: two words (唯一 + 一款), not a number
    if text[0] not in digits:
        text = "一" + text  # 十五, 百, 万亿: an implicit one
    total = section_sum = 0.0
    number = 0
    last_place = 1.0
    big_section = False
    previous_digit = False
    for ch in text:
        if ch in digits:
            if previous_digit and digits[ch] != 0 and number != 0:
                return None  # 三五: no unit between two digits
            previous_digit = True
            number = digits[ch]
            last_place = 1.0
        elif ch in small:
            previous_digit = False
            section_sum += (number or 1) * small[ch]
            last_place = small[ch]
            number = 0
        else:  # 万 or 亿
            previous_digit = False
            unit = section[ch]
            if unit > 1e4 or not big_section:
                total = (total + section_sum + number) * unit
                big_section = unit > 1e4
            else:
                total += (section_sum + number) * unit
            last_place *= unit
            section_sum, number = 0.0, 0
    value = total + section_sum + number
    if number:
        last_place = 1.0
    has_section = any(ch in section for ch in text)
    return Number(value, last_place / 2 if has_section else 0.0, last_place)
