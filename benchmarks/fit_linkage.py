"""Fit the linkage weights (checker/data/linkage.toml) on the labelled corpora, and cross-validate them.

    python benchmarks/fit_linkage.py            # fit on everything labelled, write the table
    python benchmarks/fit_linkage.py --loso     # leave-one-story-out: fit without each story, check it
    python benchmarks/fit_linkage.py --check    # refit and say whether the stored table is what it gives

What is fitted on: every candidate pair `align` would judge (`align.candidate_pairs`) that no rule
keeps apart, in the archive benchmarks/news/ checked as one corpus and in each smoke set
(corpus and drafts in one run). A pair is labelled from the gold relations whose two anchors
its statements hit: for values that overlap, AGREE is a match; for values that differ, CONFLICT
and TIMELINE are; NOT-SAME and pairs no relation names are non-matches (the labellers were told
to label every difference, and agreements where practical); a pair whose label contradicts its
values (an AGREE of values that differ: an extraction error) is left out.

The model: logistic regression on the pair's comparison levels (`linkage.levels`, one-hot), with
an L2 penalty, by Newton's method on the distinct level patterns (pairs with the same levels are
one row with their counts). Each model's threshold is the score that maximises F1 on the pairs
of real text it was fitted on (the archive, the smoke sets, the comparison cases; not the
generated corpus).

Leave-one-story-out: for each story of the archive, the weights are fitted without the pairs
touching it, the archive is aligned and compared with them, and that story's relations are scored
against the findings touching its articles (a finding spanning two stories counts in both); the
counts are summed over the stories. Smoke sets are always in the training data.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

import archive  # noqa: E402
import scoring  # noqa: E402
from accuracy import SHARED, touching  # noqa: E402

from checker import api  # noqa: E402
from checker.align import candidate_pairs, compared_pairs  # noqa: E402
from checker.api import CheckOptions, RunInfo  # noqa: E402
from checker.extract import words  # noqa: E402
from checker.linkage import MODELS, SLOTS, Fitted, Linkage, Model, model_name  # noqa: E402
from checker.parallel import extract_many  # noqa: E402

TABLE = ROOT / "checker" / "data" / "linkage.toml"
CASES = ROOT / "tests" / "cases" / "comparison.toml"
PENALTY = 1.0  # L2 on the level weights (not the intercept)
PLATEAU = 0.01  # thresholds: the cuts whose F-beta is this close to the best are as good
SMOKE_WEIGHT = 3.0
GENERATED = 400  # articles of the generated corpus
GENERATED_WEIGHT = 0.2  # its pairs count this much: an invented world's regularities must not outweigh real text
BETA = {"agree": 1.0, "running": 1.0, "fixed": 1.0, "dates": 1.0}
FEATURES = [(slot, level) for slot, names in SLOTS.items() for level in names]
INDEX = {f: i for i, f in enumerate(FEATURES)}


@dataclass
class Corpus:
    """One run's articles (a labelled set, or the archive) with its gold relations."""

    name: str
    folders: list[str]
    gold: list[dict]
    story_of_file: dict[str, str]  # base name → the story (fold) it belongs to
    files: dict[str, Path] = field(default_factory=dict)
    models: tuple[str, ...] = MODELS  # the models whose matches its gold lists exhaustively
    weight: float = 1.0  # of each of its pairs in the fit; only corpora of weight 1 set the thresholds


@dataclass
class Pair:
    model: str
    levels: tuple[int, ...]  # feature indexes
    match: bool
    stories: frozenset[str]
    weight: float = 1.0


def corpora() -> list[Corpus]:
    """The archive (its stories are the folds) and the smoke sets (always trained on)."""
    found = [s for s in archive.stories() if s.status == "written" and s.gold]
    out = [Corpus("news", [str(s.folder / "articles") for s in found], [r for s in found for r in s.gold],
                  {p.name: s.name for s in found for p in s.articles}, archive.all_files(found))]
    bench = SHARED / "bench"
    sets = []
    if bench.exists():
        sets.append(("dev", [ROOT / "seeds", bench / "drafts"], [bench / "seeds.gold.jsonl", bench / "drafts.gold.jsonl"]))
    for folder in sorted(p for p in (ROOT / "benchmarks").iterdir() if (p / "corpus").is_dir()):
        sets.append((folder.name, [folder / "corpus", folder / "drafts"], [folder / "corpus.gold.jsonl", folder / "drafts.gold.jsonl"]))
    for name, folders, golds in sets:
        folders = [f for f in folders if f.is_dir()]
        gold = [g for path in golds if path.exists() for g in scoring.read_gold(path)]
        files = scoring.files_under(folders)
        out.append(Corpus(name, [str(f) for f in folders], gold, {n: f"smoke:{name}" for n in files}, files, weight=SMOKE_WEIGHT))
    scratch = Path(tempfile.mkdtemp(prefix="fit-linkage-"))
    out += comparison_cases(scratch / "cases")
    out.append(generated(scratch / "generated"))
    return out


def comparison_cases(folder: Path) -> list[Corpus]:
    """The minimal pairs of tests/cases/comparison.toml, each case a corpus of its own: what one
    factor alone does (another city, another year, a transposed digit), which neither the archive
    nor the smoke sets isolate. An `expect` is a relation of its kind between the two articles
    whose text holds its figures; an `absent` pair is NOT-SAME."""
    label = {"conflict": "CONFLICT", "timeline": "TIMELINE", "agreement": "AGREE"}
    out = []
    for case in tomllib.loads(CASES.read_text(encoding="utf-8"))["case"]:
        where = folder / case["id"]
        where.mkdir(parents=True)
        texts = {}
        for a in case["articles"]:
            front = f"---\ndate: {a['date']}\n---\n" if a["date"] else ""
            (where / a["name"]).write_text(front + a["text"] + "\n", encoding="utf-8")
            texts[a["name"]] = a["text"]
        gold = []
        for want in case.get("expect", []):
            first, second = want["figures"][:2]
            a = next((n for n, t in texts.items() if first in t), None)
            b = next((n for n, t in texts.items() if second in t and n != a), None)
            if a and b and want["kind"] in label:
                gold.append({"label": label[want["kind"]], "a": {"file": a, "anchor": first}, "b": {"file": b, "anchor": second}})
        for (fa, xa), (fb, xb) in case.get("absent", []):
            gold.append({"label": "NOT-SAME", "a": {"file": fa, "anchor": xa}, "b": {"file": fb, "anchor": xb}})
        files = scoring.files_under([where])
        out.append(Corpus(f"case {case['id']}", [str(where)], gold, {n: "smoke:cases" for n in files}, files, weight=SMOKE_WEIGHT))
    return out


def generated(folder: Path) -> Corpus:
    """A generated corpus (benchmarks/generate.py): its every conflict and timeline is labelled, its
    agreements only sampled, so it trains the two difference models only. It holds what the
    archive's own-words rewrites seldom do: a sentence copied with one figure changed."""
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--n", str(GENERATED), "--out", str(folder),
                    "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
    gold = scoring.read_gold(folder / "labels.jsonl")
    files = scoring.files_under([folder])
    return Corpus("generated", [str(folder)], gold, {n: "smoke:generated" for n in files}, files, ("running", "fixed", "dates"),
                  GENERATED_WEIGHT)


def checked(corpus: Corpus):
    """The corpus's extractions, stories and aliases, as `checker check` finds them."""
    options = CheckOptions(jobs=2)
    words.configure(options.config.vocabulary)
    articles, _, _ = api.load_inputs(corpus.folders, (), options.config, options.root, None)
    info = RunInfo()
    extractions = extract_many(articles, options, info, None)
    extractions, grouping, _ = api.dated_by_story(articles, extractions, None, options, info, None)
    aliases = api.merged_aliases(options.config, (e.aliases for e in extractions))
    return extractions, grouping, aliases


def labelled_pairs(corpus: Corpus, extractions, grouping, aliases) -> list[Pair]:
    statements = [s for e in extractions for s in e.statements]
    label_of = pair_labels(corpus, statements)
    pairs = []
    compared = [c for block in candidate_pairs(statements, aliases, grouping) for c in compared_pairs(block, aliases, grouping)]
    for a, b, found, overlap, *_ in compared:
        label = label_of.get((a.id, b.id)) or label_of.get((b.id, a.id))
        if overlap:
            if label in ("CONFLICT", "TIMELINE"):
                continue
            match = label == "AGREE"
        else:
            if label == "AGREE":
                continue
            match = label in ("CONFLICT", "TIMELINE")
        stories = frozenset(corpus.story_of_file.get(os.path.basename(s.path), corpus.name) for s in (a, b))
        model = model_name(a, b, overlap)
        if model not in corpus.models:
            continue
        pairs.append(Pair(model, tuple(INDEX[f] for f in found.items()), match, stories, corpus.weight))
    return pairs


def pair_labels(corpus: Corpus, statements) -> dict[tuple[str, str], str]:
    """(statement id, statement id) → the gold label of a relation whose anchors they hit."""
    by_file = defaultdict(list)
    for s in statements:
        by_file[os.path.basename(s.path)].append(s)
    texts: dict[str, str] = {}

    def hits(side: dict) -> list[str]:
        name = side["file"]
        if name not in corpus.files:
            return []
        if name not in texts:
            texts[name] = scoring.read_text(corpus.files[name])
        a0, a1 = scoring.anchor_span(texts[name], side["anchor"])
        return [s.id for s in by_file.get(name, ()) if s.start < a1 and s.end > a0]

    out: dict[tuple[str, str], str] = {}
    for rel in corpus.gold:
        for x in hits(rel["a"]):
            for y in hits(rel["b"]):
                if x != y:
                    out.setdefault((x, y), rel["label"])
    return out


# ---------------------------------------------------------------- logistic regression


def fit(pairs: list[Pair], model: str, start: list[float] | None = None) -> tuple[list[float], float]:
    """Weights (intercept first, then one per feature) and the F-beta-best threshold for one model."""
    rows: dict[tuple[int, ...], list[float]] = defaultdict(lambda: [0.0, 0.0])
    # The thresholds' pairs: those of real text (not the generated corpus: an invented world's
    # regularities must not set them), at their weight.
    real: dict[tuple[int, ...], list[int]] = defaultdict(lambda: [0, 0])
    for p in pairs:
        if p.model == model:
            rows[p.levels][0 if p.match else 1] += p.weight
            if p.weight >= 1.0:
                real[p.levels][0 if p.match else 1] += p.weight
    data = sorted(rows.items())
    k = len(FEATURES) + 1
    beta = list(start) if start else [0.0] * k
    for _ in range(50):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for levels, (pos, neg) in data:
            idx = (0, *(i + 1 for i in levels))
            eta = sum(beta[i] for i in idx)
            mu = 1 / (1 + math.exp(-eta))
            n = pos + neg
            g, w = pos - n * mu, n * mu * (1 - mu)
            for i in idx:
                grad[i] += g
                row = hess[i]
                for j in idx:
                    row[j] += w
        for i in range(1, k):
            grad[i] -= PENALTY * beta[i]
            hess[i][i] += PENALTY
        hess[0][0] += 1e-6
        step = _solve(hess, grad)
        beta = [b + s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    scored = sorted(((sum(beta[i] for i in (0, *(j + 1 for j in levels))), pos, neg) for levels, (pos, neg) in sorted(real.items())),
                    reverse=True)
    return beta, best_threshold(scored, BETA[model])


def best_threshold(scored: list[tuple[float, int, int]], beta: float) -> float:
    """The score at or above which pairs are linked, where F-beta is at its best (scores descending).

    F-beta is flat near its top, so the argmax jumps between distant scores when a few pairs change:
    the threshold is the middle cut (by rank) of those within `PLATEAU` of the best F.
    """
    total = sum(pos for _, pos, _ in scored)
    cuts: list[tuple[float, float]] = []  # (score, F) at each distinct score
    tp, fp = 0, 0
    b2 = beta * beta
    for i, (score, pos, neg) in enumerate(scored):
        tp, fp = tp + pos, fp + neg
        if i + 1 < len(scored) and scored[i + 1][0] == score:
            continue
        p, r = tp / (tp + fp), tp / total if total else 0.0
        cuts.append((score, (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0))
    if not cuts:
        return math.inf
    best_f = max(f for _, f in cuts)
    near = [score for score, f in cuts if f >= best_f - PLATEAU]
    return near[len(near) // 2]


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is small and positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        pivot = m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / pivot
            if f:
                row, top = m[r], m[c]
                for j in range(c, n + 1):
                    row[j] -= f * top[j]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][j] * x[j] for j in range(r + 1, n))) / m[r][r]
    return x


def linkage_of(fitted: dict[str, tuple[list[float], float]], meta: Fitted) -> Linkage:
    models = {}
    for name, (beta, threshold) in fitted.items():
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for (slot, level), w in zip(FEATURES, beta[1:]):
            weights[slot][level] = round(w, 3)
        models[name] = Model(intercept=round(beta[0], 3), threshold=round(threshold, 3), weights=dict(weights))
    return Linkage(fitted=meta, **models)


def fit_all(pairs: list[Pair], meta: Fitted, start=None) -> Linkage:
    return linkage_of({m: fit(pairs, m, start[m] if start else None) for m in MODELS}, meta)


def toml_text(linkage: Linkage) -> str:
    f = linkage.fitted
    lines = [
        "# Linkage weights: log-odds that two statements are one fact, by comparison level of each frame slot.",
        "# Written by benchmarks/fit_linkage.py; do not edit by hand (refit instead).",
        "# A pair's score is the intercept plus its levels' weights; it is linked when the score reaches",
        "# the threshold. `agree` is for values that overlap; `running` for two running totals that differ;",
        "# `fixed` for other figures that differ; `dates` for dates that differ.",
        "",
        "[fitted]",
        f'corpus = "{f.corpus}"',
        f'commit = "{f.commit}"',
        f'method = "{f.method}"',
        f"pairs = {f.pairs}",
        f"matches = {f.matches}",
    ]
    for name in MODELS:
        m = getattr(linkage, name)
        lines += ["", f"[{name}]", f"intercept = {m.intercept}", f"threshold = {m.threshold}"]
        for slot, names in SLOTS.items():
            lines.append(f"[{name}.weights.{slot}]")
            lines += [f"{level} = {m.weights[slot][level]}" for level in names]
    return "\n".join(lines) + "\n"


def gather() -> tuple[list[Pair], dict]:
    pairs, runs = [], {}
    for corpus in corpora():
        extractions, grouping, aliases = checked(corpus)
        pairs += labelled_pairs(corpus, extractions, grouping, aliases)
        runs[corpus.name] = (corpus, extractions, grouping, aliases)
    return pairs, runs


def meta_for(pairs: list[Pair], runs: dict) -> Fitted:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    news = runs["news"][0]
    stories = len(set(news.story_of_file.values()))
    smoke = ", ".join(dict.fromkeys("comparison cases" if n.startswith("case ") else n for n in runs if n != "news"))
    return Fitted(
        corpus=f"benchmarks/news ({stories} stories) and the smoke sets ({smoke})",
        commit=commit or "unknown",
        method=f"logistic regression on one-hot comparison levels, L2 {PENALTY}; thresholds by F-beta (" + ", ".join(f"{m} {b:g}" for m, b in BETA.items()) + ")",
        pairs=len(pairs),
        matches=sum(p.match for p in pairs),
    )


def loso(pairs: list[Pair], runs: dict, meta: Fitted) -> None:
    found = [s for s in archive.stories() if s.status == "written" and s.gold]
    full = {m: fit(pairs, m) for m in MODELS}
    _FOLD.update(pairs=pairs, runs=runs, meta=meta, found=found, start={m: full[m][0] for m in MODELS})
    workers = max(1, min(os.cpu_count() or 1, len(found)))
    context = multiprocessing.get_context("fork")  # the folds share the extractions, read once
    with context.Pool(workers) as pool:
        results = pool.map(_fold, range(len(found)))
    totals = Counter()
    for story, (line, got) in zip(found, results):
        print(f"  {story.name:40} {line}")
        for label, (ok, n) in got["counts"].items():
            totals[label, "ok"] += ok
            totals[label, "n"] += n
        for kind in ("conflict", "timeline"):
            totals[kind, "found"] += got["findings"][kind]
            totals[kind, "right"] += got["right"][kind]
        totals["wrong"] += got["wrong_agreements"]

    def rate(label):
        return totals[label, "ok"] / totals[label, "n"] if totals[label, "n"] else 1.0

    def precision(kind):
        return totals[kind, "right"] / totals[kind, "found"] if totals[kind, "found"] else 1.0

    positives = totals["CONFLICT", "n"] + totals["TIMELINE", "n"]
    print(f"leave-one-story-out ({len(found)} stories): conflict_p={precision('conflict'):.2f} "
          f"conflict_r={rate('CONFLICT'):.2f} timeline_p={precision('timeline'):.2f} timeline_r={rate('TIMELINE'):.2f} "
          f"agree_r={rate('AGREE'):.2f} notsame_ok={rate('NOT-SAME'):.2f} wrong_agreements={totals['wrong']} "
          f"({totals['wrong'] / positives:.1%} of CONFLICT+TIMELINE)")


_FOLD: dict = {}  # what every fold reads (set before the pool forks)


def _fold(index: int) -> tuple[str, dict]:
    """Story `index` held out: fit without its pairs, align and compare the archive, score its relations."""
    from checker.align import align
    from checker.compare import compare

    pairs, runs, meta, found, start = (_FOLD[k] for k in ("pairs", "runs", "meta", "found", "start"))
    story = found[index]
    corpus, extractions, grouping, aliases = runs["news"]
    statements = [s for e in extractions for s in e.statements]
    linkage = fit_all([p for p in pairs if story.name not in p.stories], meta, start)
    alignment = align(statements, aliases=aliases, stories=grouping, linkage=linkage)
    findings = compare(statements, alignment, story_of=grouping.story_of, together=grouping.same)  # as `check` does
    report = {"statements": [{"id": s.id, "path": s.path, "start": s.start, "end": s.end} for s in statements],
              "findings": [{"kind": f.kind.value, "statements": f.statements} for f in findings]}
    got = scoring.score_loaded(archive.relations_of(story, found), archive.all_files(found), [touching(report, story.files)])
    return scoring.line(got), got


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loso", action="store_true", help="leave-one-story-out figures (the table is not written)")
    parser.add_argument("--check", action="store_true", help="refit and compare with the stored table")
    args = parser.parse_args()
    pairs, runs = gather()
    counts = Counter((p.model, p.match) for p in pairs)
    print(f"pairs: {len(pairs):,} (" + "; ".join(
        f"{m} model {counts[m, True]:,} matches of {counts[m, True] + counts[m, False]:,}" for m in MODELS) + ")")
    meta = meta_for(pairs, runs)
    if args.loso:
        loso(pairs, runs, meta)
        return
    linkage = fit_all(pairs, meta)
    text = toml_text(linkage)
    if args.check:
        stored = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
        same = _weights_part(stored) == _weights_part(text)
        print("the stored table is what the labelled corpora give" if same else "the stored table differs from a refit")
        sys.exit(0 if same else 1)
    TABLE.write_text(text, encoding="utf-8")
    for name in MODELS:
        m = getattr(linkage, name)
        print(f"{name}: intercept {m.intercept}, threshold {m.threshold}")
    print(f"wrote {TABLE.relative_to(ROOT)}")


def _weights_part(text: str) -> str:
    """The table without its [fitted] section (the commit changes with every commit)."""
    return text.split("[agree]", 1)[-1]


if __name__ == "__main__":
    main()
