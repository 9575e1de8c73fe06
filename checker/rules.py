"""The finding kinds, their codes and what each means: `checker rules` and `checker rule CK01`.

One record per kind, keyed by the code `compare.CODES` gives it (the SARIF
ruleId, the docs anchor, the baseline's and the concise format's code).
Plain data: the CLI prints it, no check is run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .compare import CODES, DEFAULT_SEVERITY
from .models import Kind


@dataclass(frozen=True)
class Rule:
    code: str
    kind: Kind
    summary: str
    explanation: str

    @property
    def severity(self) -> str:
        return DEFAULT_SEVERITY[self.kind].value


_TEXT = {
    Kind.CONFLICT: (
        "two sources give values for one fact that cannot both be true",
        """Statements about the same subject, place, measure and moment whose
values do not overlap: 北脑一号 "5例" in one article, "3例" in another; an
approval on 5月6日 in one, 5月8日 in another. A running total that falls
between two dates is a conflict too, unless the text says it was revised
(核减, 修正, 更正). Vague figures are intervals: 突破万亿元 agrees with
1.06万亿元 and with 1.6万亿元, so it never makes them agree with each other.

Fails the run with the default --fail-on error. To accept one that the desk
has checked: checker baseline write FILE …; to lower the kind:
severity = { conflict = "warning" } in the configuration.""",
    ),
    Kind.TIMELINE: (
        "a running total differs because the sources were written at different times",
        """Two running totals (已, 累计, 截至, 今年以来 …) reported at as-of dates more
than same_as_of_days apart, the later one larger: "2025年已有7款" in March,
"今年以来11款" in June. Both dates are shown, so an editor sees which figure is
current. Fails the run only with --fail-on warning.""",
    ),
    Kind.AGREEMENT: (
        "the same figure confirmed by several sources",
        """Two or more sources give overlapping values for one fact, even when
written differently (1.06万亿元 = 10600亿元, 8.7% = 百分之八点七, 五例 = 5例).
Never fails a run; listed with --show-agreements (terminal) and in the
Markdown and HTML reports. severity = { agreement = "off" } hides them.""",
    ),
}

RULES = {CODES[kind]: Rule(CODES[kind], kind, *_TEXT[kind]) for kind in Kind}


def find_rule(name: str) -> Optional[Rule]:
    """By code (CK01, ck01) or kind (conflict)."""
    wanted = name.strip().lower()
    return next((r for r in RULES.values() if wanted in (r.code.lower(), r.kind.value)), None)


def listing() -> str:
    """`checker rules`: one line a kind."""
    return "".join(f"{r.code}  {r.kind.value:<9}  {r.severity:<7}  {r.summary}\n" for r in RULES.values())


def explain(rule: Rule) -> str:
    """`checker rule CK01`: the kind in full."""
    return f"{rule.code} {rule.kind.value} (default severity: {rule.severity})\n\n{rule.summary}.\n\n{rule.explanation}\n"
