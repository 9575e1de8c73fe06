"""The `checker.report/v1` JSON document (DESIGN.md fixes its keys and order).

Infinite bounds (以上: [100, ∞)) are written as null. Output is
deterministic: same report, same bytes.
"""

from __future__ import annotations

import json

from ..models import Report


def to_data(report: Report) -> dict:
    return report.model_dump(mode="json", by_alias=True)


def render(report: Report, options=None) -> str:
    return json.dumps(to_data(report), ensure_ascii=False, indent=2) + "\n"
