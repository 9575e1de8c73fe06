"""Score a checker JSON report against gold relations, as ../shared/tools/score.py does, in linear time.

The shared scorer looks at every finding for every relation, which takes
over ten minutes on the report of 2,000 generated articles. This one indexes
statements by file and findings by statement first; its rules are the shared
scorer's, line for line:

- a statement hits an anchor when it comes from the anchor's file (by base
  name) and its [start, end) span overlaps the anchor's span in the decoded
  text (whitespace allowed between the anchor's characters);
- a finding links a relation when it holds a statement hitting each side;
- conflict (timeline) precision is the share of conflict (timeline)
  findings that link a gold CONFLICT or TIMELINE relation; recall per label is the share of relations
  linked by a finding of the wanted kind; NOT-SAME is right when nothing
  links it; wrong agreements are CONFLICT/TIMELINE relations an agreement links.

Usage: python benchmarks/scoring.py --gold GOLD.jsonl --root DIR [--root DIR] REPORT.json
It prints the shared scorer's last line ("score: conflict_p=… … timeline_p=…").
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable

WANTED = {"CONFLICT": "conflict", "TIMELINE": "timeline", "AGREE": "agreement"}


def read_text(path: Path) -> str:
    """A file's text as the shared scorer decodes it: UTF-8 (with or without BOM), else GB18030."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", "replace")


def anchor_span(text: str, anchor: str) -> tuple[int, int]:
    pattern = r"\s*".join(re.escape(ch) for ch in anchor if not ch.isspace())
    m = re.search(pattern, text)
    if m is None:
        raise SystemExit(f"scoring: anchor {anchor!r} not found")
    return m.start(), m.end()


def score(gold_path: Path, roots: Iterable[Path], reports: Iterable[Path]) -> dict:
    """The shared scorer's figures for `reports`: conflict_p, conflict_r, timeline_r, agree_r, notsame_ok, wrong_agreements, timeline_p."""
    gold = read_gold(gold_path)
    loaded = [json.loads(Path(path).read_text(encoding="utf-8")) for path in reports]
    return score_loaded(gold, files_under(roots), loaded)


def read_gold(path: Path) -> list[dict]:
    """A gold JSON Lines file's relations."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def files_under(roots: Iterable[Path]) -> dict[str, Path]:
    """Base name → path, the first found under `roots` winning (as the shared scorer resolves gold files)."""
    files: dict[str, Path] = {}
    for root in roots:
        for dirpath, _, names in os.walk(root):
            for name in names:
                files.setdefault(name, Path(dirpath) / name)
    return files


def score_loaded(gold: list[dict], files: dict[str, Path], reports: list[dict]) -> dict:
    """`score` on relations and reports already read: `files` maps each gold file's base name to its path."""
    texts: dict[str, str] = {}
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    for rel in gold:
        for side in ("a", "b"):
            name, anchor = rel[side]["file"], rel[side]["anchor"]
            if name not in texts:
                texts[name] = read_text(files[name])
            spans[(name, anchor)] = anchor_span(texts[name], anchor)

    by_file: dict[str, list[tuple[int, int, tuple[int, str]]]] = defaultdict(list)  # base name → (start, end, statement key)
    findings: list[dict] = []
    holding: dict[tuple[int, str], list[int]] = defaultdict(list)  # statement key → findings holding it
    for r, report in enumerate(reports):
        for s in report.get("statements", []):
            by_file[os.path.basename(str(s.get("path", "")))].append((int(s["start"]), int(s["end"]), (r, s["id"])))
        known = {(r, s["id"]) for s in report.get("statements", [])}
        for f in report.get("findings", []):
            index = len(findings)
            findings.append(f)
            for sid in dict.fromkeys(f.get("statements", [])):
                if (r, sid) in known:
                    holding[(r, sid)].append(index)

    def findings_hitting(side: dict) -> set[int]:
        a0, a1 = spans[(side["file"], side["anchor"])]
        out: set[int] = set()
        for start, end, key in by_file.get(side["file"], ()):
            if start < a1 and end > a0:
                out.update(holding.get(key, ()))
        return out

    ok = defaultdict(int)
    total = defaultdict(int)
    used: dict[str, set[int]] = {"conflict": set(), "timeline": set()}
    wrong_agreements = 0
    for rel in gold:
        label, tier = rel["label"], rel.get("tier", "core")
        linked = findings_hitting(rel["a"]) & findings_hitting(rel["b"])
        kinds = {findings[i].get("kind") for i in linked}
        if label in ("CONFLICT", "TIMELINE"):
            for i in linked:
                if findings[i].get("kind") in used:
                    used[findings[i]["kind"]].add(i)
            if "agreement" in kinds:
                wrong_agreements += 1
        good = not (kinds & {"conflict", "timeline", "agreement"}) if label == "NOT-SAME" else WANTED[label] in kinds
        if tier == "core":
            total[label] += 1
            ok[label] += good

    def rate(label: str) -> float:
        return ok[label] / total[label] if total[label] else 1.0

    def precision(kind: str) -> float:
        n = sum(1 for f in findings if f.get("kind") == kind)
        return len(used[kind]) / n if n else 1.0

    return {
        "conflict_p": precision("conflict"),
        "conflict_r": rate("CONFLICT"),
        "timeline_r": rate("TIMELINE"),
        "agree_r": rate("AGREE"),
        "notsame_ok": rate("NOT-SAME"),
        "wrong_agreements": wrong_agreements,
        "timeline_p": precision("timeline"),
        "findings": {kind: sum(1 for f in findings if f.get("kind") == kind) for kind in ("conflict", "timeline", "agreement")},
        "counts": {label: (ok[label], total[label]) for label in sorted(total)},
        "right": {kind: len(used[kind]) for kind in used},  # findings of the kind that link a CONFLICT or TIMELINE
    }


def line(s: dict) -> str:
    c = s["counts"]
    part = lambda label: f"({c.get(label, (0, 0))[0]}/{c.get(label, (0, 0))[1]})"  # noqa: E731
    return (
        f"score: conflict_p={s['conflict_p']:.2f} conflict_r={s['conflict_r']:.2f} {part('CONFLICT')} "
        f"timeline_r={s['timeline_r']:.2f} {part('TIMELINE')} agree_r={s['agree_r']:.2f} {part('AGREE')} "
        f"notsame_ok={s['notsame_ok']:.2f} {part('NOT-SAME')} wrong_agreements={s['wrong_agreements']} "
        f"timeline_p={s['timeline_p']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--root", action="append", required=True, type=Path)
    parser.add_argument("reports", nargs="+", type=Path)
    args = parser.parse_args()
    print(line(score(args.gold, args.root, args.reports)))


if __name__ == "__main__":
    main()
