"""A cheap first test for regular expressions that can start in many ways.

Python's `re` tries every alternative of a pattern at every position of the
text. For a pattern such as the time anchor (a year, 今年, 5月, 一季度, a
holiday, …) that is twenty attempts per character of an article, nearly all
failing. Prefixed with a lookahead for the characters a match can begin with
— worked out from the pattern itself, so it stays right when the pattern
changes — a position that cannot start a match costs one set test. The
matches are exactly the same: the lookahead only rejects positions where no
match can start.
"""

from __future__ import annotations

import re
from typing import Optional

try:  # Python 3.11+
    from re import _constants as C, _parser as P
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s", C.CATEGORY_WORD: r"\w"}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}


class _Unknown(Exception):
    """A construct whose first characters are not worked out here: no prefilter."""


def guarded(pattern: str, flags: int = 0) -> re.Pattern:
    """`re.compile(pattern)`, with a lookahead for its possible first characters when they can be known."""
    first = first_characters(pattern, flags)
    return re.compile(f"(?={first})(?:{pattern})" if first else pattern, flags)


def first_characters(pattern: str, flags: int = 0) -> Optional[str]:
    """A character class holding every character a match of `pattern` can begin with, or None."""
    if flags & re.IGNORECASE:
        return None
    try:
        chars, nullable = _sequence(P.parse(pattern, flags))
    except _Unknown:
        return None
    if nullable or not chars:
        return None
    return "[" + "".join(sorted(chars)) + "]"


def _escape(code: int) -> str:
    return "\\" + chr(code) if chr(code) in "\\]^-[" else re.escape(chr(code))


def _sequence(items) -> tuple[set[str], bool]:
    chars: set[str] = set()
    for op, av in items:
        first, nullable = _item(op, av)
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def _item(op, av) -> tuple[set[str], bool]:
    if op is C.LITERAL:
        return {_escape(av)}, False
    if op is C.IN:
        out = set()
        for o, a in av:
            if o is C.LITERAL:
                out.add(_escape(a))
            elif o is C.RANGE:
                out.add(f"{_escape(a[0])}-{_escape(a[1])}")
            elif o is C.CATEGORY and a in _CATEGORIES:
                out.add(_CATEGORIES[a])
            else:  # a negated set, or a category not mapped here
                raise _Unknown(o)
        return out, False
    if op is C.CATEGORY and av in _CATEGORIES:
        return {_CATEGORIES[av]}, False
    if op is C.SUBPATTERN:
        _, add_flags, _, items = av
        if add_flags & re.IGNORECASE:
            raise _Unknown("ignorecase")
        return _sequence(items)
    if op is C.BRANCH:
        chars, nullable = set(), False
        for items in av[1]:
            first, empty = _sequence(items)
            chars |= first
            nullable = nullable or empty
        return chars, nullable
    if op in _REPEATS:
        low, _, items = av
        first, empty = _sequence(items)
        return first, empty or low == 0
    if op in _ZERO_WIDTH:  # consumes nothing: the next item decides
        return set(), True
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(av)
    raise _Unknown(op)
