"""What a figure counts: the head of its measure (死亡, 受伤, 票房 …), from the words nearest it in its clause.

The heads and the words that say each are `data/measures.toml`. The head is
the one whose word stands nearest the figure inside its own clause, after it
or before it (造成156人遇难、4人失踪 gives 死亡 and 失踪; 遇难人数升至181人
gives 死亡). A figure with no such word has no head; `align` then falls back
on the words of its clause.

It does not decide whether two figures are one fact (`align` does).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .. import lexicon


@lru_cache(maxsize=1)
def _heads() -> tuple[re.Pattern, dict[str, str]]:
    word_to_head = {w: head for head, words in lexicon.measures().heads.items() for w in words}
    return lexicon.any_word(list(word_to_head)), word_to_head


@lru_cache(maxsize=1)
def _classifier_heads() -> dict[str, str]:
    return dict(lexicon.measures().classifiers)


def _classifier_head(text: str, start: int, end: int) -> Optional[str]:
    """The measure the figure's own classifier names (9金 counts 金牌), if it names one."""
    return _classifier_heads().get(text[end - 1 : end]) if end > start else None


_NEAR_CHANGE = 6  # how many characters before a figure a change word may stand
_RESPECTIVELY = "分别"
_PART_OF = re.compile(r"[\s，,]*其中")
# A figure, for counting the figures of a list: not a year, month or day (较2019年同期增长28.2%和13.5%).
_LISTED_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]|\s*[年月日])")


@lru_cache(maxsize=1)
def _change_words() -> tuple[re.Pattern, re.Pattern]:
    table = lexicon.function_words().changes
    return lexicon.any_word(table.words), lexicon.any_word(table.to_level)


def is_change(text: str, clause: tuple[int, int], start: int) -> bool:
    """Whether the figure starting at `start` is said as a change (比上年增加82.7万人, 同比增长5.2%)."""
    lead = text[max(clause[0], start - _NEAR_CHANGE) : start]
    changes, to_level = _change_words()
    return changes.search(lead) is not None and to_level.search(lead) is None


def measure_of(text: str, clauses: list[tuple[int, int]], clause_index: int, start: int, end: int) -> Optional[str]:
    """The figure's measure: its head (`head_of`), and "变化" after it when it is said as a change.

    A change whose own clause names no head takes the head of the clause before
    (实现净利润747.34亿元，同比增长19.16%: the change of 净利润).
    """
    clause = clauses[clause_index]
    head = _classifier_head(text, start, end) or head_of(text, clause, start, end)
    if head is None and clause_index > 0 and _PART_OF.match(text, clause[0], start):
        # 已造成66人死亡，其中甘孜州38人、雅安市28人: the parts count what their whole counts.
        before = clauses[clause_index - 1]
        head = head_of(text, before, before[1], before[1])
    respective = _respective(text, clauses, clause_index, start)
    if respective is not None:  # said in a list after 分别: a change if the list's first is one
        first, own = respective
        return own + "变化" if is_change(text, clause, first) else head
    if not is_change(text, clause, start):
        return head
    if head is None and clause_index > 0:
        before = clauses[clause_index - 1]
        head = head_of(text, before, before[1], before[1])
    return (head or "") + "变化"


def _respective(text: str, clauses: list[tuple[int, int]], clause_index: int, start: int) -> Optional[tuple[int, str]]:
    """营业总收入1505.60亿元、归母净利润747.34亿元，同比分别增长18.04%和19.16%: the n-th figure
    said after 分别 is of the n-th of as many figures the clause before lists, each of its own
    head. Returns where the first figure after 分别 starts and the head of the one at `start`;
    None when the counts do not match or a listed figure has no head (the nearest head stands)."""
    clause = clauses[clause_index]
    at = text.rfind(_RESPECTIVELY, clause[0], start)
    if at < 0 or clause_index == 0:
        return None
    said = [m.start() for m in _LISTED_FIGURE.finditer(text, at, clause[1])]
    if len(said) < 2 or start not in said:
        return None
    before = clauses[clause_index - 1]
    listed = [m.start() for m in _LISTED_FIGURE.finditer(text, before[0], before[1])]
    if len(listed) < len(said):
        return None
    heads = []
    previous = before[0]
    for figure in listed[-len(said):]:
        head = head_of(text, (previous, figure), figure, figure)
        if head is None:
            return None
        heads.append(head)
        previous = figure
    return said[0], heads[said.index(start)]


def head_of(text: str, clause: tuple[int, int], start: int, end: int) -> Optional[str]:
    """The measure head of the figure at text[start:end], read in `clause` (clean-text offsets)."""
    pattern, word_to_head = _heads()
    best, best_distance = None, None
    for m in pattern.finditer(text, clause[0], clause[1]):
        if m.start() < end and m.end() > start:
            continue  # inside the figure
        distance = m.start() - end if m.start() >= end else (start - m.end()) + 0.5  # after wins a tie
        if best_distance is None or distance < best_distance:
            best, best_distance = word_to_head[m.group(0)], distance
    return best
