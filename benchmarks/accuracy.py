"""Accuracy on every labelled set: the shared dev set and our own sets under benchmarks/.

    python benchmarks/accuracy.py            # prints a Markdown table
    python benchmarks/accuracy.py -v         # and the scorer's per-relation lines

For each set it runs the real command line (`checker check … --format json`)
and scores the reports with the shared scorer (../shared/tools/score.py):
a corpus file `<set>/corpus.gold.jsonl` is scored on `checker check <set>/corpus`,
a drafts file `<set>/drafts.gold.jsonl` on one `checker check DRAFT --against
<set>/corpus` per draft, all reports scored together.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"


def run_check(args: list[str], out: Path) -> None:
    cmd = [sys.executable, "-m", "checker", "check", *args, "--format", "json", "--fail-on", "never", "--no-cache"]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
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
