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

from .. import lexicon
from ..models import Article, CleanText, Extraction, Family, Sentence, Source, Statement
from .entities import cities_named, declared_aliases, find_entities, home_places, with_short_names
from .quantities import find_quantities, with_unit
from .statements import Context, article_roles, assemble
from .times import Ref, article_date, carry_years, find_times, lead_date, year_hint
from .topic import topic

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def extract(
    article: Article,
    clean: CleanText,
    sentences: list[Sentence],
    *,
    tolerance: float = 0.05,
    headline: Optional[str] = None,
) -> Extraction:
    """`headline`: the article's title, cleaned as its text is (simplified, pinyin glosses dropped)."""
    text = clean.text
    # The story's year (its dated articles'), unless the text speaks of a later year as past or
    # present (2025年“五一”假期落下帷幕 in a story of 2024's holiday): an article is written no
    # earlier than that. A wire of 7月30日 that mentions only 1961年以来 is not from 1961.
    own = year_hint(text)
    year = max(article.year_hint, own or 0) if article.year_hint is not None else own
    date, date_from, dateline = _article_date(article, text, year)
    ref = Ref(date, date.year if date else year)
    times = find_times(text, ref)
    taken = bytearray(len(text) + 1)
    for t in times:
        taken[t.start : t.end] = b"\x01" * (t.end - t.start)
    quantities = find_quantities(text, taken, tolerance)
    in_figure = bytearray(len(text) + 1)
    for q in quantities:
        in_figure[q.start : q.end] = b"\x01" * (q.end - q.start)
    entities = find_entities(text, lambda a, b: 1 in in_figure[a:b])  # a figure overlaps [a, b)
    aliases = declared_aliases(text, entities)
    entities = with_short_names(text, entities, aliases)
    skip = dateline + list(clean.furniture)
    sentences = _bounded(text, sentences, [*times, *quantities, *entities])
    times, quantities, dropped = _capped(sentences, times, quantities)
    times = carry_years(times, text, sentences)
    ctx = Context(text, ref, times, quantities, entities, skip, home_places(text), cities_named(text))
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
    starts = [s.start for s in sentences]
    for n, (fig, fields) in enumerate(assemble(ctx, sentences), start=1):
        sent = sentences[bisect.bisect_right(starts, fig.start) - 1]  # the sentence the figure is in
        statements.append(_statement(article, clean, sent, fig, fields, n, line_starts, aliases, date is not None))
    article_roles(statements)
    about = topic(headline, text, sentences, entities, statements)
    return Extraction.model_construct(source=source, statements=statements, aliases=aliases, dropped=dropped, topic=about)


# Figures (numbers and dates) read per sentence (piece) and per article. News sentences hold up
# to a dozen, articles a few hundred; 1 MB of "1." holds 262,144. Past these only the first are
# read, and the run says so: time and memory per input byte stay bounded.
MAX_FIGURES_PER_SENTENCE = 64
MAX_FIGURES_PER_ARTICLE = 5000


def _capped(sentences: list[Sentence], times: list, quantities: list) -> tuple[list, list, int]:
    """(times, quantities, how many were dropped): at most MAX_FIGURES_PER_SENTENCE a sentence, MAX_FIGURES_PER_ARTICLE in all."""
    if len(times) + len(quantities) <= MAX_FIGURES_PER_SENTENCE:
        return times, quantities, 0
    starts = [s.start for s in sentences]
    figures = sorted([(t.start, 0, i) for i, t in enumerate(times)] + [(q.start, 1, i) for i, q in enumerate(quantities)])
    per_sentence: dict[int, int] = {}
    keep: list[set[int]] = [set(), set()]
    kept = 0
    for start, which, i in figures:
        n = bisect.bisect_right(starts, start) - 1
        if per_sentence.get(n, 0) >= MAX_FIGURES_PER_SENTENCE or kept >= MAX_FIGURES_PER_ARTICLE:
            continue
        per_sentence[n] = per_sentence.get(n, 0) + 1
        keep[which].add(i)
        kept += 1
    dropped = len(figures) - kept
    if not dropped:
        return times, quantities, 0
    return [t for i, t in enumerate(times) if i in keep[0]], [q for i, q in enumerate(quantities) if i in keep[1]], dropped


MAX_SENTENCE = 1000  # characters; news sentences run to 250, so only run-on text is cut
_CUT_AFTER = ",，;；:：、 "


def _bounded(text: str, sentences: list[Sentence], spans) -> list[Sentence]:
    """Sentences longer than MAX_SENTENCE cut into pieces, never inside a figure, time or name.

    Statement assembly looks at every figure of a sentence for each figure, so a
    megabyte without a full stop (a broken PDF export) would take quadratic time.
    Pieces end after a comma or space where there is one, keep their paragraph and
    their share of the clauses. Shorter sentences are returned as they are.
    """
    if all(s.end - s.start <= MAX_SENTENCE for s in sentences):
        return sentences
    inside = bytearray(len(text) + 1)  # 1 where a cut would split a span
    for x in spans:
        if x.end - x.start > 1:
            inside[x.start + 1 : x.end] = b"\x01" * (x.end - x.start - 1)
    out = []
    for s in sentences:
        if s.end - s.start <= MAX_SENTENCE:
            out.append(s)
            continue
        start, ci = s.start, 0
        while start < s.end:
            end = _cut(text, inside, start, s.end)
            clauses = []
            while ci < len(s.clauses) and s.clauses[ci][0] < end:
                a, b = s.clauses[ci]
                if b > start:
                    clauses.append((max(a, start), min(b, end)))
                if b > end:
                    break
                ci += 1
            out.append(s.model_copy(update={"start": start, "end": end, "clauses": clauses or [(start, end)]}))
            start = end
    return out


def _cut(text: str, inside: bytearray, start: int, end: int) -> int:
    """Where the piece starting at `start` ends: at most MAX_SENTENCE on, after a break if one is near."""
    if end - start <= MAX_SENTENCE:
        return end
    limit = start + MAX_SENTENCE
    lowest = start + MAX_SENTENCE // 2
    fallback = None
    for p in range(limit, lowest, -1):
        if not inside[p]:
            if text[p - 1] in _CUT_AFTER:
                return p
            fallback = fallback or p
    if fallback:
        return fallback
    p = limit
    while p < end and inside[p]:  # one span longer than the window: cut after it
        p += 1
    return p


def _article_date(article: Article, text: str, year: Optional[int]):
    """(date, where it came from, the datelines' clean spans to skip)."""
    if article.date:
        return article.date, "front-matter", []
    date, spans, own_year = article_date(text, year)
    if date:
        return date, "dateline" if own_year else "inferred", spans
    if date := lead_date(text, year):
        return date, "inferred", []
    return None, "unknown", []


_MAGNITUDE_WRITTEN = re.compile(r"[万亿]")


def _elided_unit(text: str, sent, fig, measure: Optional[str]) -> Optional[str]:
    """The unit a figure said without one is counted in: its measure's (票房35.26亿 is 元), else,
    for a figure of 万 or 亿, the unit a word beside it says (卖了1265亿多: 元; data/measures.toml)."""
    table = lexicon.measures()
    if text[fig.end : fig.end + 1] and text[fig.end] in table.elided_not_before:
        return None  # 7.0级地震: a magnitude, not 7 of the sentence's dead
    if measure:
        return table.elided_units.get(measure.removesuffix("变化"))
    if not _MAGNITUDE_WRITTEN.search(text, fig.start, fig.end):
        return None
    near = text[max(sent.start, fig.start - 12) : fig.start] + "\x00" + text[fig.end : min(sent.end, fig.end + 4)]
    for unit, words in table.elided_units_by_word.items():
        if any(w in near for w in words):
            return unit
    return None


def _statement(article, clean, sent, fig, fields, n, line_starts, aliases, date_known) -> Statement:
    raw_start = clean.offsets[fig.start]
    raw_end = clean.offsets[fig.end - 1] + 1
    line = bisect.bisect_right(line_starts, raw_start)
    column = raw_start - line_starts[line - 1] + 1
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
        as_of_time=fields["as_of_time"],
        measure=fields["measure"],
        modality=fields["modality"],
        # Given, not left to its default: pydantic inspects a default factory's signature on
        # every model_construct, a tenth of extraction's time at 20,000 statements.
        mates=[],
    )
    if fig.kind == "date":
        t = fig.time
        first = t.first or t.last
        last = t.last if t.role != "since" else _end_of_precision(first, t.precision)
        if t.clock is not None and first == last:  # an event's time of day: 5月1日凌晨2时10分许
            common["as_of_time"] = f"{t.clock // 60:02d}:{t.clock % 60:02d}"
        return Statement.model_construct(
            **common, unit="date", value=first.isoformat(), low=first.isoformat(), high=last.isoformat(),
            qualifier="since" if t.role == "since" else "exact", kind="date", family=Family.DATE,
        )
    q = fig.quantity
    if q.family == Family.NUMBER and not q.unit:
        word = _elided_unit(clean.text, sent, fig, fields["measure"])
        if word:
            q = with_unit(q, word)
    return Statement.model_construct(
        **common, unit=q.unit, value=_num(q.value), low=_num(q.low), high=_num(q.high),
        qualifier=q.qualifier, kind=q.kind, family=q.family,
    )


_BREAK_RUN = re.compile(r"(?<![ \t\u3000])[ \t\u3000]*(?:\r\n|\r|\n)[\s\u3000]*")  # lookbehind: linear on long space runs


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
