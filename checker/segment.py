"""Segment stage: clean text → sentences, each with its clauses and paragraph.

Sentences end at 。！？!? and at a kept line break (a paragraph or heading).
Clauses split a sentence at commas, semicolons and colons, but not at a comma
between digits (1,234) or at 、 (an enumeration is one clause). Spans are
clean-text offsets. It knows nothing about numbers or meaning.
"""

from __future__ import annotations

import re

from .extract.prefilter import guarded
from .models import CleanText, Sentence

_SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』)）]*|\n+")
_CLAUSE_BREAK = guarded(r"(?<!\d)[,，]|[,，](?!\d{3}(?!\d))|[:：](?!\d)|[;；]")


def segment(clean: CleanText) -> list[Sentence]:
    text = clean.text
    furniture = clean.furniture
    sentences: list[Sentence] = []
    paragraph, start = 0, 0
    f_index = 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        new_paragraph = "\n" in m.group(0)
        end = m.start() if new_paragraph else min(m.end(), len(text))
        piece = text[start:end]
        words = piece.lstrip()
        if words:
            a = start + (len(piece) - len(words))
            b = end
            while f_index < len(furniture) and furniture[f_index][1] <= a:
                f_index += 1
            masked = f_index < len(furniture) and furniture[f_index][0] <= a and furniture[f_index][1] >= b
            inner, k = [], f_index  # furniture is sorted: take the spans that start before b
            while k < len(furniture) and furniture[k][0] < b:
                inner.append(furniture[k])
                k += 1
            clauses = _clauses(text, a, b, inner)
            sentences.append(Sentence.model_construct(start=a, end=b, paragraph=paragraph, clauses=clauses, furniture=masked))
        if new_paragraph:
            paragraph += 1
        start = m.end()
    return sentences


def _clauses(text: str, a: int, b: int, furniture: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clause spans; furniture inside the sentence (an inline byline) also breaks a clause."""
    breaks = [m.span() for m in _CLAUSE_BREAK.finditer(text, a, b)]
    breaks += [(max(fa, a), min(fb, b)) for fa, fb in furniture if fa < b and fb > a]
    spans, start = [], a
    for x, y in sorted(breaks):
        if x > start:
            spans.append((start, x))
        start = max(start, y)
    if b > start:
        spans.append((start, b))
    return spans or [(a, b)]
