"""Speed, memory and accuracy at scale (issue 4): prints a Markdown table.

    python benchmarks/speed.py             # everything: about 15 minutes on 2 cores
    python benchmarks/speed.py --quick     # seeds, 1k/2k scaling and their accuracy: a few minutes
    python benchmarks/speed.py --only seeds --only against

Every figure is a whole `checker` process started with subprocess: wall time
by time.perf_counter around it (the median of --repeat runs), peak memory
from resource.getrusage(RUSAGE_CHILDREN).ru_maxrss read by a small wrapper
process, so each run's peak is its own (the largest process of the run's
tree: the parent, which holds the corpus). Corpora are written by
benchmarks/generate.py (seed 1) into benchmarks/generated/ and reused.

Rows:
- seeds: warm (jieba's compact dictionary and the statement cache present)
  and cold (the cache folder, jieba's dictionary included, removed first);
- 10,000 generated articles, a full check from a cold cache (`--jobs`, default
  the machine's cores), `--format json` to a file;
- one draft `--against` those 10,000 articles with the cache the cold run
  left and the corpus index the first such run stores (`--format github`:
  the CI gate): the draft unchanged (its statements cached too), and the
  draft edited before every run (extracted each time, jieba loaded);
- scaling: 1k, 2k, 4k, 8k articles from a cold cache, and 8k's time over 1k's;
- accuracy: every report the run made (10k, the scaling sizes; else 1k with
  --quick, 2k without) scored against the corpus's labels by
  benchmarks/scoring.py, the dev scorer's rules indexed so 10k takes seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "benchmarks" / "generated"
CHECKER = [sys.executable, "-m", "checker"]

# Runs one command, prints {"wall": seconds, "peak_kib": KiB, "status": code} on stdout.
_WRAPPER = """
import json, resource, subprocess, sys, time
out = open(sys.argv[1], "wb") if sys.argv[1] != "-" else subprocess.DEVNULL
t = time.perf_counter()
code = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.PIPE).returncode
wall = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_kib": peak, "status": code}))
"""


def measure(args: list[str], output: Optional[Path] = None) -> dict:
    cmd = [sys.executable, "-c", _WRAPPER, str(output) if output else "-", *CHECKER, *args]
    env = {**os.environ, "CI": "true", "NO_COLOR": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"speed: {' '.join(args)} failed: {done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["status"] not in (0, 1):
        raise SystemExit(f"speed: checker {' '.join(args)} exited {result['status']}")
    return result


def repeated(args: list[str], repeat: int, before=None, output: Optional[Path] = None) -> dict:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(measure(args, output))
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "peak_mib": max(r["peak_kib"] for r in runs) / 1024,
        "runs": [round(r["wall"], 2) for r in runs],
    }


def corpus(n: int) -> Path:
    """benchmarks/generated/speed-N (seed 1), written again whenever generate.py changes."""
    folder = GENERATED / f"speed-{n}"
    drafts = GENERATED / f"speed-{n}-drafts"
    stamp = hashlib.sha256((ROOT / "benchmarks" / "generate.py").read_bytes()).hexdigest()
    made = (folder / ".generator").read_text() if (folder / ".generator").exists() else ""
    if made != stamp or not (drafts / "drafts.gold.jsonl").exists():
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(drafts, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--n", str(n), "--out", str(folder), "--seed", "1",
             "--drafts", "1", "--drafts-out", str(drafts)],
            check=True, capture_output=True,
        )
        (folder / ".generator").write_text(stamp)
    return folder


def cold(cache: Path):
    return lambda: shutil.rmtree(cache, ignore_errors=True)


def score(gold: Path, roots: list[Path], report: Path) -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import scoring

    return scoring.score(gold, roots, [report])


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, result: str, memory: str = "", target: str = "") -> None:
        self.rows.append((what, result, memory, target))
        print(f"  {what}: {result} {memory} {target}", file=sys.stderr, flush=True)

    def markdown(self) -> str:
        lines = ["| run | wall (median) | peak memory | target |", "|---|---|---|---|"]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.rows]
        return "\n".join(lines)


def verdict(ok: bool, text: str) -> str:
    return f"{text} {'✅' if ok else '❌'}"


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="seeds, 1k and 2k scaling and their accuracy")
    parser.add_argument("--only", action="append", choices=["seeds", "10k", "against", "scaling", "accuracy"])
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (default 5 for seeds and the draft, 3 for corpora; 1 with --quick for corpora)")
    parser.add_argument("--jobs", type=int, default=0, help="--jobs for checker (0: the machine's cores)")
    parser.add_argument("--big", type=int, default=10000, help="articles in the large corpus")
    args = parser.parse_args(argv)
    only = set(args.only or (["seeds", "scaling", "accuracy"] if args.quick else ["seeds", "10k", "against", "scaling", "accuracy"]))
    small_repeat = args.repeat or 5
    big_repeat = args.repeat or (1 if args.quick else 3)
    jobs = ["--jobs", str(args.jobs)]
    table = Table()
    work = Path(tempfile.mkdtemp(prefix="checker-speed-"))
    print(f"speed: {platform.python_version()}, {os.cpu_count()} cores; scratch {work}", file=sys.stderr)
    try:
        if "seeds" in only:
            cache = work / "seeds-cache"
            base = ["check", "seeds", "--format", "json", "--fail-on", "never", "--cache", str(cache)]
            measure(base)  # fills jieba's dictionary and the statement cache
            r = repeated(base, small_repeat)
            table.add("seeds, warm (jieba dictionary and statement cache present)", verdict(r["wall"] < 1, f"{r['wall']:.2f} s"), f"{r['peak_mib']:.0f} MiB", "< 1 s")
            r = repeated(["check", "seeds", "--format", "json", "--fail-on", "never", "--no-cache"], small_repeat)
            table.add("seeds, `--no-cache` (jieba dictionary present, every article extracted)", f"{r['wall']:.2f} s", f"{r['peak_mib']:.0f} MiB")
            r = repeated(base, small_repeat, before=cold(cache))
            table.add("seeds, cold (cache folder and jieba dictionary removed)", verdict(r["wall"] < 2.5, f"{r['wall']:.2f} s"), f"{r['peak_mib']:.0f} MiB", "< 2.5 s")
        big_cache = work / "big-cache"
        reports: dict[int, Path] = {}
        if "10k" in only or "against" in only:
            folder = corpus(args.big)
            chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.suffix in (".txt", ".md"))
            check = ["check", str(folder), "--format", "json", "--fail-on", "never", "--cache", str(big_cache), *jobs]
            if "10k" in only:
                reports[args.big] = work / "big.json"
                r = repeated(check, big_repeat, before=cold(big_cache), output=reports[args.big])
                table.add(
                    f"{args.big:,} articles ({chars / 1e6:.1f}M characters), cold cache, runs {r['runs']}",
                    verdict(r["wall"] < 120, f"{r['wall']:.1f} s"),
                    verdict(r["peak_mib"] < 1536, f"{r['peak_mib']:.0f} MiB"),
                    "< 120 s, < 1.5 GiB",
                )
            else:
                measure(check)
            draft = next((GENERATED / f"speed-{args.big}-drafts").glob("*.md"))
            against = ["check", str(draft), "--against", str(folder), "--format", "github", "--fail-on", "never", "--cache", str(big_cache), *jobs]
            if "against" in only:
                measure(against)  # the first run against this corpus stores its index
                r = repeated(against, small_repeat)
                table.add(f"one draft `--against` the {args.big:,} articles, warm cache (draft unchanged)", verdict(r["wall"] < 2, f"{r['wall']:.2f} s"), f"{r['peak_mib']:.0f} MiB", "< 2 s")
                # The CI case: the draft is new on every run, so it is extracted (jieba loaded) each time.
                edited = work / "edited" / draft.name
                edited.parent.mkdir()
                text = draft.read_text(encoding="utf-8")
                runs = iter(range(1_000_000))
                fresh = lambda: edited.write_text(text + f"\n（第{next(runs)}稿）\n", encoding="utf-8")  # noqa: E731
                r = repeated(["check", str(edited), *against[2:]], small_repeat, before=fresh)
                table.add(f"one edited draft `--against` the {args.big:,} articles, warm cache (draft extracted)", verdict(r["wall"] < 2, f"{r['wall']:.2f} s"), f"{r['peak_mib']:.0f} MiB", "< 2 s")
        if "scaling" in only:
            sizes = [1000, 2000] if args.quick else [1000, 2000, 4000, 8000]
            walls = {}
            for n in sizes:
                folder = corpus(n)
                cache = work / f"cache-{n}"
                reports[n] = work / f"report-{n}.json"
                check = ["check", str(folder), "--format", "json", "--fail-on", "never", "--cache", str(cache), *jobs]
                r = repeated(check, big_repeat, before=cold(cache), output=reports[n])
                walls[n] = r["wall"]
                ratio = f" ({r['wall'] / walls[1000]:.1f}× 1k)" if n > 1000 else ""
                table.add(f"scaling: {n:,} articles, cold cache", f"{r['wall']:.1f} s{ratio}", f"{r['peak_mib']:.0f} MiB", "8k ≤ 10× 1k" if n == 8000 else "")
        if "accuracy" in only:
            if not reports:
                n = 1000 if args.quick else 2000
                reports[n] = work / f"report-{n}.json"
                measure(["check", str(corpus(n)), "--format", "json", "--fail-on", "never", "--no-cache", *jobs], reports[n])
            for n, report in sorted(reports.items()):
                folder = corpus(n)
                s = score(folder / "labels.jsonl", [folder], report)
                ok = s["conflict_p"] >= 0.9 and s["conflict_r"] >= 0.9 and s["timeline_r"] >= 0.9
                text = (f"conflict_p {s['conflict_p']:.2f}, conflict_r {s['conflict_r']:.2f}, timeline_r {s['timeline_r']:.2f}, "
                        f"agree_r {s['agree_r']:.2f}, notsame_ok {s['notsame_ok']:.2f}, wrong agreements {s['wrong_agreements']}")
                table.add(f"accuracy on {n:,} generated articles", verdict(ok, text), "", "precision, recall ≥ 0.9")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table.markdown())


if __name__ == "__main__":
    main()
