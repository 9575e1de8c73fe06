"""Extract stage: one cleaned, segmented article → its `Source` and `Statement`s.

The stage resolves the article's date (front matter, else dateline, else
unknown with a year taken from the text), finds time expressions, figures
and entities (`times`, `quantities`, `entities`), lets `statements` tie them
together, and maps every span back to the raw file for `start`, `end`,
`line`, `column` and `text`. It never compares articles.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from typing import Optional

from ..models import Article, CleanText, Extraction, Family, Sentence, Source, Statement
from .entities import declared_aliases, find_entities, home_places, with_short_names
from .quantities import find_quantities
from .statements import Context, assemble
from .times import Ref, article_date, find_times, year_hint

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def extract(
    article: Article,
    clean: CleanText,
    sentences: list[Sentence],
    *,
    tolerance: float = 0.05,
) -> Extraction:
    text = clean.text
    year = year_hint(text)
    date, date_from, dateline = _article_date(article, text, year)
    ref = Ref(date, date.year if date else year)
    times = find_times(text, ref)
    taken = bytearray(len(text) + 1)
    for t in times:
        taken[t.start : t.end] = b"\x01" * (t.end - t.start)
    quantities = find_quantities(text, taken, tolerance)
    q_spans = [(q.start, q.end) for q in quantities]
    entities = find_entities(text, lambda a, b: any(s < b and a < e for s, e in q_spans))
    aliases = declared_aliases(text, entities)
    entities = with_short_names(text, entities, aliases)
    skip = ([dateline] if dateline else []) + list(clean.furniture)
    ctx = Context(text, ref, times, quantities, entities, skip, home_places(text))
    source = Source(
        id=article.id,
        path=article.path,
        title=article.title,
        date=date,
        outlet=article.outlet,
        role=article.role,
        date_from=date_from,
    )
    line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(article.raw)]
    statements = []
    for n, (fig, fields) in enumerate(assemble(ctx, sentences), start=1):
        statements.append(_statement(article, clean, sentences, fig, fields, n, line_starts, aliases, date is not None))
    return Extraction.model_construct(source=source, statements=statements, aliases=aliases)


def _article_date(article: Article, text: str, year: Optional[int]):
    """(date, where it came from, the dateline's clean span to skip)."""
    if article.date:
        return article.date, "front-matter", None
    date, span = article_date(text, year)
    if date:
        return date, "dateline", span
    return None, "unknown", None


def _statement(article, clean, sentences, fig, fields, n, line_starts, aliases, date_known) -> Statement:
    raw_start = clean.offsets[fig.start]
    raw_end = clean.offsets[fig.end - 1] + 1
    line = bisect.bisect_right(line_starts, raw_start)
    column = raw_start - line_starts[line - 1] + 1
    sent = next(s for s in sentences if s.start <= fig.start < s.end)
    entity = fields["entity"]
    if entity in aliases:
        entity = aliases[entity]
    common = dict(
        id=f"{article.id}:{n}",
        source=article.id,
        path=article.path,
        start=raw_start,
        end=raw_end,
        line=line,
        column=column,
        text=article.raw[raw_start:raw_end],
        sentence=_as_written(article.raw, clean, sent),
        entity=entity,
        metric=fields["label"],
        period=fields["period"],
        as_of=fields["as_of"],
        cumulative=fields["cumulative"],
        role=fig.role,
        context=fields["tokens"],
        markers=fields["markers"],
        entity_strength=fields["strength"],
        date_known=date_known,
        as_of_explicit=fields["as_of_explicit"],
    )
    if fig.kind == "date":
        t = fig.time
        first = t.first or t.last
        last = t.last if t.role != "since" else _end_of_precision(first, t.precision)
        return Statement.model_construct(
            **common, unit="date", value=first.isoformat(), low=first.isoformat(), high=last.isoformat(),
            qualifier="since" if t.role == "since" else "exact", kind="date", family=Family.DATE,
        )
    q = fig.quantity
    return Statement.model_construct(
        **common, unit=q.unit, value=_num(q.value), low=_num(q.low), high=_num(q.high),
        qualifier=q.qualifier, kind=q.kind, family=q.family,
    )


_BREAK_RUN = re.compile(r"[ \t\u3000]*(?:\r\n|\r|\n)[\s\u3000]*")


def _as_written(raw: str, clean: CleanText, sent: Sentence) -> str:
    """The sentence as the article wrote it (its punctuation, its characters), on one line."""
    a = clean.offsets[sent.start]
    b = clean.offsets[max(sent.start, sent.end - 1)] + 1
    return _BREAK_RUN.sub("", raw[a:b]).strip()


def _end_of_precision(first: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(first.year, 12, 31)
    if precision == "month":
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return first


def _num(x: float) -> float:
    if math.isinf(x):
        return x
    r = round(x, 10)
    return float(int(r)) if r == int(r) and abs(r) < 1e15 else r
