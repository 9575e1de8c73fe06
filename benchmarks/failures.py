"""What costs the most on the real-coverage archive: its reported differences and its misses, by class.

    python benchmarks/failures.py                 # checks benchmarks/news as one corpus, then counts
    python benchmarks/failures.py REPORT.json     # counts on a report made already (--format json)
    python benchmarks/failures.py -v              # and up to four examples a class

Classes, each a count of findings or gold relations:
- a reported difference (conflict or timeline) that links no gold CONFLICT or
  TIMELINE pair: across stories (its statements come from different story
  folders), or inside one story about different periods, moments or scopes
  (their periods or as-of dates differ), or inside one story otherwise;
- a gold CONFLICT, TIMELINE or AGREE relation the report misses: no statement
  at one of its anchors (not extracted), linked as the wrong kind, or not
  linked at all (then: units differ, a running total not read as one, subjects
  named differently, or other);
- a NOT-SAME trap the report links, across stories or inside one.

It decides nothing about the checker and changes nothing: it counts, so that
the next change goes where the count is largest.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import archive  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WANTED = {"CONFLICT": "conflict", "TIMELINE": "timeline", "AGREE": "agreement"}


def _report() -> dict:
    folders = [str(p.relative_to(ROOT)) for p in sorted(archive.NEWS.glob("*/articles"))]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "archive.json"
        cmd = [sys.executable, "-m", "checker", "check", *folders, "--format", "json", "--fail-on", "never", "--no-cache"]
        with out.open("w", encoding="utf-8") as handle:
            subprocess.run(cmd, stdout=handle, stderr=subprocess.DEVNULL, check=False, cwd=ROOT)
        return json.loads(out.read_text(encoding="utf-8"))


def classify(report: dict, stories: list[archive.Story]) -> dict[str, Counter]:
    files = archive.all_files(stories)
    story_of = {p.name: s.name for s in stories for p in s.articles}
    statements = {s["id"]: s for s in report["statements"]}
    by_file: dict[str, list[dict]] = defaultdict(list)
    for s in report["statements"]:
        by_file[os.path.basename(s["path"])].append(s)
    holding: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(report["findings"]):
        for sid in f["statements"]:
            holding[sid].append(i)
    texts: dict[str, str] = {}

    def hits(side: dict) -> list[str]:
        text = texts.setdefault(side["file"], archive.read_text(files[side["file"]]))
        m = archive.anchor_pattern(side["anchor"]).search(text)
        return [s["id"] for s in by_file[side["file"]] if s["start"] < m.end() and s["end"] > m.start()]

    def kinds(a: list[str], b: list[str]) -> set[str]:
        bs = set(b)
        return {report["findings"][i]["kind"] for x in a for i in holding[x] if bs & set(report["findings"][i]["statements"])}

    gold = [r for s in stories for r in s.gold]
    real = set()
    for r in gold:
        if r["label"] in ("CONFLICT", "TIMELINE"):
            real.update(frozenset((x, y)) for x in hits(r["a"]) for y in hits(r["b"]))
    out = {"false differences": Counter(), "misses": Counter(), "traps linked": Counter()}
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in report["findings"]:
        if f["kind"] not in ("conflict", "timeline"):
            continue
        ids = f["statements"]
        if any(frozenset((x, y)) in real for x in ids for y in ids if x != y):
            continue
        members = [statements[x] for x in ids]
        if len({story_of.get(os.path.basename(s["path"])) for s in members}) > 1:
            cause = "across stories"
        elif len({json.dumps(s["period"]) for s in members}) > 1 or len({s["as_of"] for s in members}) > 1:
            cause = "one story: different periods, moments or scopes"
        else:
            cause = "one story: another fact"
        key = f"{f['kind']}, {cause}"
        out["false differences"][key] += 1
        examples[("false differences", key)].append(" | ".join(f"{s['text']} @{os.path.basename(s['path'])}" for s in members[:3]))
    for r in gold:
        a, b = hits(r["a"]), hits(r["b"])
        found = kinds(a, b)
        if r["label"] == "NOT-SAME":
            if found:
                where = "across stories" if story_of[r["a"]["file"]] != story_of[r["b"]["file"]] else "inside one story"
                out["traps linked"][f"{where}, as {'/'.join(sorted(found))}"] += 1
            continue
        if WANTED[r["label"]] in found:
            continue
        if not a or not b:
            cause = "not extracted (no statement at an anchor)"
        elif found:
            cause = f"linked as {'/'.join(sorted(found))}"
        else:
            sa, sb = statements[a[0]], statements[b[0]]
            if sa["unit"] != sb["unit"]:
                cause = "not linked: units differ"
            elif r["label"] == "TIMELINE" and not (sa["cumulative"] and sb["cumulative"]):
                cause = "not linked: a running total not read as one"
            elif sa["entity"] and sb["entity"] and sa["entity"] != sb["entity"]:
                cause = "not linked: subjects named differently"
            else:
                cause = "not linked: other"
        key = f"{r['label']}, {cause}"
        out["misses"][key] += 1
        examples[("misses", key)].append(r.get("note", "")[:100])
    out["_examples"] = examples  # type: ignore[assignment]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", nargs="?", type=Path, help="a JSON report of the archive (default: check it now)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    stories = [s for s in archive.stories() if s.gold]
    report = json.loads(args.report.read_text(encoding="utf-8")) if args.report else _report()
    counts = classify(report, stories)
    examples = counts.pop("_examples")
    for section, counter in counts.items():
        print(f"{section}:")
        for key, n in counter.most_common():
            print(f"  {n:5d}  {key}")
            if args.verbose:
                for e in examples[(section, key)][:4]:
                    print(f"           {e}")


if __name__ == "__main__":
    main()
