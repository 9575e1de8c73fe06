"""Accuracy on every labelled set: the real-coverage archive, the shared dev set and our own small sets.

    python benchmarks/accuracy.py --news     # the archive benchmarks/news/, checked as one corpus
    python benchmarks/accuracy.py --news --record-blind   # and append new stories' first runs to BLIND.md
    python benchmarks/accuracy.py            # the seed-centred smoke sets, as a Markdown table
    python benchmarks/accuracy.py -v         # and the scorer's per-relation lines

The archive (see benchmarks/news/README.md) is checked the way a newsroom
holds it: every story's articles in one `checker check` run. It prints a
line per story (that story's gold relations, against the findings that
touch its articles), then the draft mode (each story's `latest` article
checked `--against` the whole rest of the archive, as an editor checks a new
story: the command line's stages, in one process), then the archive's overall
line last. Scoring follows
../shared/tools/score.py's rules (benchmarks/scoring.py, indexed).

Smoke sets:
For each set it runs the real command line (`checker check … --format json`)
and scores the reports with the shared scorer (../shared/tools/score.py):
a corpus file `<set>/corpus.gold.jsonl` is scored on `checker check <set>/corpus`,
a drafts file `<set>/drafts.gold.jsonl` on one `checker check DRAFT --against
<set>/corpus` per draft, all reports scored together.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import archive  # noqa: E402
import scoring  # noqa: E402

BLIND = archive.NEWS / "BLIND.md"


def run_check(args: list[str], out: Path, cache: str | None = None) -> None:
    cmd = [sys.executable, "-m", "checker", "check", *args, "--format", "json", "--fail-on", "never"]
    cmd += ["--cache", cache] if cache else ["--no-cache"]
    with out.open("w", encoding="utf-8") as handle:
        subprocess.run(cmd, stdout=handle, stderr=subprocess.DEVNULL, check=False, cwd=ROOT)


def score(gold: Path, roots: list[Path], reports: list[Path], verbose: bool) -> str:
    cmd = [sys.executable, str(SCORER), "--gold", str(gold)]
    for root in roots:
        cmd += ["--root", str(root)]
    cmd += [str(r) for r in reports] + (["-v"] if verbose else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    if verbose:
        print(out)
    return out.strip().splitlines()[-1] if out.strip() else "score: (no output)"


def sets() -> list[tuple[str, Path, list[Path], list[str], list[list[str]]]]:
    """(name, gold, roots, corpus args, per-draft args)."""
    found = []
    bench = SHARED / "bench"
    if bench.exists():
        found.append(("dev: seeds", bench / "seeds.gold.jsonl", [ROOT / "seeds"], ["seeds"], []))
        drafts = sorted((bench / "drafts").glob("*.md"))
        found.append(("dev: drafts", bench / "drafts.gold.jsonl", [ROOT / "seeds", bench / "drafts"], [],
                      [[str(d), "--against", "seeds"] for d in drafts]))
    for folder in sorted(p for p in (ROOT / "benchmarks").iterdir() if (p / "corpus").is_dir()):
        corpus = folder / "corpus"
        if (folder / "corpus.gold.jsonl").exists():
            found.append((f"own: {folder.name} corpus", folder / "corpus.gold.jsonl", [folder], [str(corpus)], []))
        if (folder / "drafts.gold.jsonl").exists():
            drafts = sorted((folder / "drafts").glob("*.md"))
            found.append((f"own: {folder.name} drafts", folder / "drafts.gold.jsonl", [folder], [],
                          [[str(d), "--against", str(corpus)] for d in drafts]))
    return found


def touching(report: dict, files: set[str]) -> dict:
    """The report cut to the findings that hold a statement from one of `files` (base names)."""
    mine = {s["id"] for s in report["statements"] if Path(s["path"]).name in files}
    return {"statements": report["statements"], "findings": [f for f in report["findings"] if mine & set(f["statements"])]}


def news(verbose: bool, record_blind: bool, only: list[str]) -> None:
    # Only labelled stories are checked: a story is never run before its gold is written (the blind rule).
    found = [s for s in archive.stories() if s.status == "written" and s.labelled]
    bad = archive.problems(found)
    if bad:
        sys.exit("benchmarks/news is not sound:\n  " + "\n  ".join(bad))
    labelled = [s for s in found if s.gold and (not only or any(s.name.startswith(o) for o in only))]
    folders = [str((s.folder / "articles").relative_to(ROOT)) for s in found]
    files = archive.all_files(found)
    print(f"archive: {archive.summary(found)}")
    with tempfile.TemporaryDirectory() as tmp:
        cache = str(Path(tmp) / "cache")
        run_check(folders, Path(tmp) / "archive.json", cache)
        whole = json.loads((Path(tmp) / "archive.json").read_text(encoding="utf-8"))

        drafts = _draft_reports(folders, [s.latest for s in labelled], cache)

    lines: dict[str, tuple[str, str]] = {}
    width = max((len(s.name) for s in labelled), default=0)
    print("per story (its relations; the archive's findings that touch its articles):")
    for story, report in zip(labelled, drafts):
        mine = archive.relations_of(story, found)
        on_archive = scoring.line(scoring.score_loaded(mine, files, [touching(whole, story.files)]))
        on_draft = [r for r in mine if story.latest in (r["a"]["file"], r["b"]["file"])]
        as_draft = scoring.line(scoring.score_loaded(on_draft, files, [report]))
        lines[story.name] = (on_archive, as_draft)
        print(f"  {story.name:{width}}  {on_archive}")
        if verbose:
            print(f"  {'':{width}}  draft {story.latest}: {as_draft}")
    latest = {s.latest for s in labelled}
    draft_gold = [r for s in labelled for r in s.gold if latest & {r["a"]["file"], r["b"]["file"]}]
    print(f"draft mode ({len(labelled)} drafts, each story's latest article --against the rest of the archive):")
    print(f"  {scoring.line(scoring.score_loaded(draft_gold, files, drafts))}")
    all_gold = [r for s in labelled for r in s.gold]
    overall = scoring.score_loaded(all_gold, files, [whole])
    print(f"archive ({len(labelled)} stories as one corpus; {overall['findings']['conflict']} conflict, "
          f"{overall['findings']['timeline']} timeline, {overall['findings']['agreement']} agreement findings):")
    print(f"  {scoring.line(overall)}")
    if record_blind:
        _record_blind(labelled, found, lines)


def _draft_reports(folders: list[str], latest: list[str], cache: str) -> list[dict]:
    """Each named article checked as a draft against the whole archive: what `checker check DRAFT
    --against FOLDERS --format json` computes (`api.check`), called in worker processes (one per
    core, each with its own copy of the statement cache the archive run filled; a process per
    draft would take minutes), in the order given."""
    at = {Path(p).name: p for f in folders for p in map(str, (ROOT / f).iterdir())}
    against = [str(ROOT / f) for f in folders]
    workers = max(1, min(os.cpu_count() or 1, len(latest)))
    caches = [cache]
    for n in range(1, workers):
        caches.append(f"{cache}-{n}")
        shutil.copytree(cache, caches[-1])
    chunks = [latest[n::workers] for n in range(workers)]
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        done = list(pool.map(_check_drafts, [[at[name] for name in chunk] for chunk in chunks], [against] * workers, caches))
    by_name = {name: report for chunk, reports in zip(chunks, done) for name, report in zip(chunk, reports)}
    return [by_name[name] for name in latest]


def _check_drafts(drafts: list[str], against: list[str], cache: str) -> list[dict]:
    from checker.api import CheckOptions, check
    from checker.config import Config

    reports = []
    for draft in drafts:
        report, _ = check([draft], against, CheckOptions(config=Config(), jobs=1, cache_dir=cache))
        reports.append(json.loads(report.model_dump_json(by_alias=True)))
    return reports


def _record_blind(labelled: list, found: list, lines: dict[str, tuple[str, str]]) -> None:
    """Append the first run of every story BLIND.md does not hold yet; never rewrite a line."""
    text = BLIND.read_text(encoding="utf-8") if BLIND.exists() else ""
    recorded = {line.split("`")[1] for line in text.splitlines() if line.startswith("- `")}
    new = [s for s in labelled if s.name not in recorded]
    if not new:
        print("BLIND.md: every labelled story is recorded already")
        return
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "checker"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    when = datetime.date.today().isoformat()
    with BLIND.open("a", encoding="utf-8") as out:
        if not text:
            out.write(_BLIND_HEAD)
        out.write(f"\n### {when}, checker at {commit}{' (uncommitted changes under checker/)' if dirty else ''}, "
                  f"in an archive of {len(found)} stories\n\n")
        for story in new:
            on_archive, as_draft = lines[story.name]
            out.write(f"- `{story.name}` ({len(story.articles)} articles, {len(story.gold)} relations)\n"
                      f"  - archive: {on_archive}\n  - draft `{story.latest}`: {as_draft}\n")
    print(f"BLIND.md: recorded {len(new)} stories' first runs")


_BLIND_HEAD = """# Blind first runs

Append-only. Each story's first score, taken the first time the checker ran on
it, after its gold was written and before any change the story prompted.
Written by `python benchmarks/accuracy.py --news --record-blind`, which only
appends stories not yet here; later runs never change a line.

Each story has two lines: `archive`, its relations scored against the
findings of the whole archive checked as one corpus (the findings touching
its articles), and `draft`, its latest article checked `--against` the rest
of the archive (the relations touching that article).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--news", action="store_true", help="score the real-coverage archive benchmarks/news/")
    parser.add_argument("--record-blind", action="store_true", help="with --news: append new stories' first runs to BLIND.md")
    parser.add_argument("--story", action="append", default=[], help="with --news: only stories whose folder starts so")
    args = parser.parse_args()
    if args.news:
        news(args.verbose, args.record_blind, args.story)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, gold, roots, corpus_args, draft_args) in enumerate(sets()):
            reports = []
            if corpus_args:
                reports.append(Path(tmp) / f"{n}-corpus.json")
                run_check(corpus_args, reports[-1])
            for k, a in enumerate(draft_args):
                reports.append(Path(tmp) / f"{n}-draft{k}.json")
                run_check(a, reports[-1])
            if args.verbose:
                print(f"## {name}")
            line = score(gold, roots, reports, args.verbose)
            rows.append((name, dict(kv.split("=", 1) for kv in line.replace("score: ", "").split() if "=" in kv)))
    keys = ["conflict_p", "conflict_r", "timeline_r", "agree_r", "notsame_ok", "wrong_agreements"]
    print("| set | " + " | ".join(keys) + " |")
    print("|---|" + "---|" * len(keys))
    for name, values in rows:
        print(f"| {name} | " + " | ".join(values.get(k, "") for k in keys) + " |")


if __name__ == "__main__":
    main()
