"""The `checker.report/v1` JSON document (DESIGN.md fixes its keys and order).

Infinite bounds (以上: [100, ∞)) are written as null. Output is
deterministic: same report, same bytes.

The document lists every statement, so on a large corpus it runs to
hundreds of megabytes. `chunks` therefore writes it piece by piece, one
model at a time, never holding the whole document as one dict tree or one
string; its bytes are those of `json.dumps(to_data(report),
ensure_ascii=False, indent=2)` (the reference `render` checks against in
tests), produced by a small encoder for the JSON types `model_dump` gives.
"""

from __future__ import annotations

import json
from typing import Iterator

from ..models import Report
from ..safe_text import json_safe

INDENT = "  "
_LISTS = ("sources", "statements", "findings")  # dumped one model at a time
_BATCH = 256  # models per chunk written


def to_data(report: Report) -> dict:
    return report.model_dump(mode="json", by_alias=True)


def render(report: Report, options=None) -> str:
    return "".join(chunks(report))


def chunks(report: Report, options=None) -> Iterator[str]:
    """The document as consecutive pieces of text, each a few hundred models at most; inert (safe_text.json_safe)."""
    return map(json_safe, _chunks(report))


def _chunks(report: Report) -> Iterator[str]:
    rest = report.model_dump(mode="json", by_alias=True, exclude=set(_LISTS))
    keys = [field.alias or name for name, field in Report.model_fields.items()]
    head = "{"
    for n, key in enumerate(keys):
        head += ("," if n else "") + "\n" + INDENT + _string(key) + ": "
        if key not in _LISTS:
            head += encode(rest[key], 1)
            continue
        models = getattr(report, key)
        if not models:
            head += "[]"
            continue
        yield head + "["
        pad = "\n" + INDENT * 2
        for start in range(0, len(models), _BATCH):
            items = (encode(m.model_dump(mode="json", by_alias=True), 2) for m in models[start : start + _BATCH])
            yield ("," if start else "") + pad + ("," + pad).join(items)
        head = "\n" + INDENT + "]"
    yield head + "\n}\n"


_string = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False


def _number(x: float) -> str:
    if x != x:
        return "NaN"
    if x in (float("inf"), -float("inf")):
        return "Infinity" if x > 0 else "-Infinity"
    return float.__repr__(x)


_SCALAR = {
    str: _string,
    int: int.__repr__,
    float: _number,
    bool: lambda b: "true" if b else "false",
    type(None): lambda _: "null",
}


def encode(value, level: int) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, as if nested `level` deep (same bytes).

    For what `model_dump(mode="json")` returns: dicts with string keys,
    lists, strings, numbers, booleans and None.
    """
    scalar = _SCALAR.get(type(value))
    if scalar is not None:
        return scalar(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__repr__(value)
    if isinstance(value, float):
        return _number(value)
    pad = "\n" + INDENT * (level + 1)
    end = "\n" + INDENT * level
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(pad + encode(v, level + 1) for v in value) + end + "]" if value else "[]"
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            scalar = _SCALAR.get(type(v))
            items.append(pad + _string(k) + ": " + (scalar(v) if scalar is not None else encode(v, level + 1)))
        return "{" + ",".join(items) + end + "}" if items else "{}"
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
