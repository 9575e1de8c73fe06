"""Cache entries: one article's `Extraction` as compressed JSON, and back.

An entry holds the source fields, the declared aliases, and one list of
values per statement in model order — internal fields included (context,
markers, entity_strength, date_known, as_of_explicit), since align and
compare read them. Sentences, entities, metrics and context words are
written once per article in a string table and referred to by number; a
statement's `text` is left out when it is the raw text at its offsets. The
run's ids, paths and role are not in it: `decode` takes them from the
article it is given, so the same text under another name or id is usable.

Reading is the hot path of a warm run (10,000 articles, 100,000+
statements), so statements are built directly (`_values`, `_construct`)
rather than through pydantic's per-field machinery; `_layout_matches`
checks at import that the fast path reads exactly what the slow one does.
Anything that is not a well-formed entry raises `CacheCorrupt`, and zlib's
checksum catches damaged bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from functools import lru_cache
from typing import Optional

from .models import Article, Extraction, Family, Period, Source, Statement, Topic

FORMAT = 10  # the entry layout: part of the cache fingerprint


class CacheCorrupt(Exception):
    """The cache file or an entry in it is not what this program wrote."""


_RENAMED = ("id", "source", "path")  # rewritten for the current run
_FIELDS = [name for name in Statement.model_fields if name not in _RENAMED]
_WIDTH = len(_FIELDS) + 1  # the id's number, then the fields in model order
_NAMES = ["id", *_RENAMED[1:], *_FIELDS]


def _date(value: Optional[dt.date]) -> Optional[str]:
    return value.isoformat() if value is not None else None


def encode(extraction: Extraction, raw: Optional[str] = None) -> bytes:
    """An extraction as compressed JSON, without the run's ids and paths.

    Statements are lists of values in model order. Sentences, entities,
    metrics and context words are written once per article in a string table
    and referred to by number (a sentence holds several figures, an article
    repeats its subject), and a statement's `text` is left out when it is
    `raw[start:end]` (it always is today): entries stay small, quick to read
    back, and the strings they hold are shared in memory.
    """
    src = extraction.source
    prefix = src.id + ":"
    strings: dict[str, int] = {}
    number = lambda text: strings.setdefault(text, len(strings))  # noqa: E731
    rows = []
    for s in extraction.statements:
        if not s.id.startswith(prefix):
            raise ValueError(f"statement id {s.id!r} does not start with {prefix!r}")
        d = s.__dict__
        row = [s.id[len(prefix) :]]
        for name in _FIELDS:
            v = d[name]
            if name == "period":
                v = None if v is None else f"{_date(v.start) or ''}/{_date(v.end) or ''}"
            elif name == "as_of":
                v = _date(v)
            elif name == "family":
                v = v.value
            elif name in ("sentence", "metric", "entity"):
                v = None if v is None else number(v)
            elif name == "context":
                v = [number(w) for w in v]
            elif name == "text" and raw is not None and raw[d["start"] : d["end"]] == v:
                v = None
            row.append(v)
        rows.append(row)
    data = {
        "format": FORMAT,
        "source": {"title": src.title, "date": _date(src.date), "outlet": src.outlet, "date_from": src.date_from},
        "aliases": extraction.aliases,
        "topic": [extraction.topic.terms, extraction.topic.weights, extraction.topic.marks],
        "fields": _WIDTH,
        "strings": list(strings),
        "statements": rows,
    }
    if extraction.dropped:
        data["dropped"] = extraction.dropped
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1)


def decode(blob: bytes, article: Article, memo: Optional[dict] = None) -> Extraction:
    """An entry back as an `Extraction` of `article` (its id, path and role); CacheCorrupt if it is not one.

    `memo` shares equal strings (context words above all) between the
    entries of one run: a 10,000-article corpus holds far fewer distinct words
    than word occurrences.
    """
    memo = {} if memo is None else memo
    try:
        data = json.loads(zlib.decompress(blob))
        if data["format"] != FORMAT or data["fields"] != _WIDTH:
            raise CacheCorrupt("entry format")
        src = data["source"]
        source = Source(
            id=article.id,
            path=article.path,
            title=src["title"],
            date=_parse_date(src["date"]),
            outlet=src["outlet"],
            role=article.role,
            date_from=src["date_from"],
        )
        aliases = data["aliases"]
        if not isinstance(aliases, dict):
            raise CacheCorrupt("aliases")
        statements = _statements(data["statements"], data["strings"], article, memo)
        dropped = data.get("dropped", 0)
        if not isinstance(dropped, int) or dropped < 0:
            raise CacheCorrupt("dropped")
        terms, weights, marks = data["topic"]
        if not (len(terms) == len(weights) and all(type(t) is str for t in terms + marks)):
            raise CacheCorrupt("topic")
        share = memo.setdefault
        topic = construct(Topic, {"terms": [share(t, t) for t in terms], "weights": weights, "marks": marks})
    except CacheCorrupt:
        raise
    except (zlib.error, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError, AttributeError) as e:
        raise CacheCorrupt(f"bad entry: {e}") from None
    return Extraction.model_construct(source=source, statements=statements, aliases=aliases, dropped=dropped, topic=topic)


def _statements(rows: list, strings: list, article: Article, memo: dict) -> list[Statement]:
    """Rows back to statements: the hot loop of a warm run (10,000 articles, 100,000+ statements)."""
    aid, path, raw = article.id, article.path, article.raw
    prefix = aid + ":"
    share = memo.setdefault
    strings = [share(x, x) if type(x) is str else _bad("string") for x in strings]
    out = []
    for row in rows:
        if len(row) != _WIDTH:
            raise CacheCorrupt("statement width")
        out.append(_construct(_values(row, prefix, aid, path, strings, raw)))
    return out


def _values(row: list, prefix: str, aid: str, path: str, strings: list, raw: str) -> dict:
    """A statement's fields from its row, in model order (a dict display: the fastest way to build one)."""
    period, as_of, entity, text = row[14], row[15], row[7], row[5]
    return {
        "id": prefix + row[0],
        "source": aid,
        "path": path,
        "start": row[1],
        "end": row[2],
        "line": row[3],
        "column": row[4],
        "text": raw[row[1] : row[2]] if text is None else text,
        "sentence": None if row[6] is None else strings[row[6]],
        "entity": None if entity is None else strings[entity],
        "metric": None if row[8] is None else strings[row[8]],
        "unit": row[9],
        "value": row[10],
        "low": row[11],
        "high": row[12],
        "qualifier": row[13],
        "period": None if period is None else (_KNOWN_PERIODS.get(period) or _period(period)),
        "as_of": None if as_of is None else (_KNOWN_DATES.get(as_of) or _parse_date(as_of)),
        "cumulative": row[16],
        "kind": row[17],
        "family": _FAMILIES[row[18]],
        "role": row[19],
        "as_of_time": row[20],
        "modality": row[21],
        "measure": row[22],
        "context": [strings[i] for i in row[23]],
        "markers": row[24] if type(row[24]) is list else _bad("markers"),
        "entity_strength": row[25],
        "date_known": row[26],
        "as_of_explicit": row[27],
        "siblings": row[28],
        "part": row[29],
        "mates": row[30] if type(row[30]) is list else _bad("mates"),
        "top": row[31],
    }


def _values_by_name(row: list, prefix: str, aid: str, path: str, strings: list, raw: str) -> dict:
    """`_values` for any field order: used if the model's fields no longer match `_values`."""
    values = dict(zip(_NAMES, [prefix + row[0], aid, path, *row[1:]]))
    values["text"] = raw[values["start"] : values["end"]] if values["text"] is None else values["text"]
    for name in ("sentence", "metric", "entity"):
        values[name] = None if values[name] is None else strings[values[name]]
    values["context"] = [strings[i] for i in values["context"]]
    values["period"] = None if values["period"] is None else _period(values["period"])
    values["as_of"] = _parse_date(values["as_of"])
    values["family"] = _FAMILIES[values["family"]]
    if type(values["markers"]) is not list:
        raise CacheCorrupt("markers")
    return values


def _bad(what: str):
    raise CacheCorrupt(what)


_KNOWN_DATES: dict[str, dt.date] = {}
_KNOWN_PERIODS: dict[str, Period] = {}


def _parse_date(text: Optional[str]) -> Optional[dt.date]:
    if text is None:
        return None
    date = _KNOWN_DATES.get(text)
    if date is None:
        date = _KNOWN_DATES[text] = dt.date.fromisoformat(text)
    return date


def _period(text: str) -> Period:
    """"2024-01-01/2024-12-31" (either side may be empty) as a Period, one shared instance per text."""
    p = _KNOWN_PERIODS.get(text)
    if p is None:  # frozen: sharing one instance is safe
        start, end = text.split("/")
        p = _KNOWN_PERIODS[text] = Period(start=_parse_date(start or None), end=_parse_date(end or None))
    return p


_FAMILIES = {f.value: f for f in Family}
_ALL = frozenset(Statement.model_fields)


def _layout_matches() -> bool:
    """Whether `_values` (fixed positions) reads a row as `_values_by_name` does: true until the model changes."""
    try:
        sample = Statement.model_construct(
            id="s1:7", source="s1", path="p", start=0, end=2, line=1, column=1, text="5例", sentence="5例。",
            entity="北脑一号", metric="植入", unit="例", value=5.0, low=4.0, high=6.0, qualifier="about",
            period=Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 1)), as_of=dt.date(2025, 6, 19),
            cumulative=True, kind="quantity", family=Family.COUNT, role="after", context=["植入", "例"],
            markers=["p:北京"], entity_strength=2, date_known=False, as_of_explicit=True, siblings=2, part=True,
            mates=["例 3"], top=False,
        )
        source = Source(id="s1", path="p", title=None, date=None, outlet=None)
        data = json.loads(zlib.decompress(encode(Extraction.model_construct(source=source, statements=[sample], aliases={}), "5例。")))
        row, strings = data["statements"][0], data["strings"]
        fast, slow = _values(row, "s1:", "s1", "p", strings, "5例。"), _values_by_name(row, "s1:", "s1", "p", strings, "5例。")
        return list(fast.items()) == list(slow.items()) == list(sample.__dict__.items())
    except Exception:
        return False


def construct(model: type, values: dict):
    """`model.model_construct(**values)` for values holding every field in model order, already checked.

    Without pydantic's per-field bookkeeping: this is how a warm run builds
    100,000 statements (and an --against run 10,000 sources) in well under
    a second. A model the shortcut cannot build (post-init hooks, private
    attributes, extra fields) goes through model_construct.
    """
    fields = _complete_fields(model)
    if fields is None:
        return model.model_construct(**values)
    m = model.__new__(model)
    object.__setattr__(m, "__dict__", values)
    object.__setattr__(m, "__pydantic_fields_set__", fields)
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


@lru_cache(maxsize=None)
def _complete_fields(model: type) -> Optional[set]:
    """The set of all the model's fields, shared by its instances (pydantic only adds to it); None: no shortcut."""
    if model.__pydantic_post_init__ or model.__private_attributes__ or model.model_config.get("extra") == "allow":
        return None
    return set(model.model_fields)


def _construct(values: dict) -> Statement:
    return construct(Statement, values)


if not _layout_matches():  # the model changed: read rows by field name (slower, same result)
    _values = _values_by_name  # noqa: F811
