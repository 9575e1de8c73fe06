"""The benchmark scorer (benchmarks/scoring.py): the dev scorer's rules, checked by hand and against a plain loop."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402
import scoring  # noqa: E402

from checker.api import CheckOptions, check  # noqa: E402


def _write(folder: Path, gold: list[dict], report: dict) -> tuple[Path, Path]:
    (folder / "gold.jsonl").write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8")
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return folder / "gold.jsonl", folder / "report.json"


def _statement(sid: str, path: str, text: str, figure: str) -> dict:
    start = text.index(figure)
    return {"id": sid, "path": path, "start": start, "end": start + len(figure)}


def test_rules_by_hand(tmp_path):
    texts = {"a.md": "甲厂去年营收12亿元，员工300人，专利5件。", "b.md": "甲厂去年营收21亿元，员工300人，专\n利5件。"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    side = lambda f, anchor: {"file": f, "anchor": anchor}  # noqa: E731
    gold = [
        {"id": "1", "label": "CONFLICT", "a": side("a.md", "12亿元"), "b": side("b.md", "21亿元")},
        {"id": "2", "label": "AGREE", "a": side("a.md", "300人"), "b": side("b.md", "300人")},
        {"id": "3", "label": "NOT-SAME", "a": side("a.md", "专利5件"), "b": side("b.md", "专利5件")},  # across a line break
        {"id": "4", "label": "TIMELINE", "tier": "stretch", "a": side("a.md", "12亿元"), "b": side("b.md", "300人")},
    ]
    statements = [
        _statement("s1:1", "x/a.md", texts["a.md"], "12亿元"),
        _statement("s1:2", "x/a.md", texts["a.md"], "300人"),
        _statement("s1:3", "x/a.md", texts["a.md"], "5件"),
        _statement("s2:1", "y/b.md", texts["b.md"], "21亿元"),
        _statement("s2:2", "y/b.md", texts["b.md"], "300人"),
        _statement("s2:3", "y/b.md", texts["b.md"], "5件"),
    ]
    findings = [
        {"id": "f1", "kind": "conflict", "statements": ["s1:1", "s2:1"]},
        {"id": "f2", "kind": "conflict", "statements": ["s1:3", "s2:3"]},  # links the NOT-SAME pair: a false conflict
        {"id": "f3", "kind": "agreement", "statements": ["s1:1", "s2:2"]},  # agrees on a stretch TIMELINE pair
        {"id": "f4", "kind": "timeline", "statements": ["s1:2", "s2:2"]},  # a timeline on an agreement: no gold difference
    ]
    gold_path, report = _write(tmp_path, gold, {"statements": statements, "findings": findings})
    s = scoring.score(gold_path, [tmp_path], [report])
    assert s["conflict_p"] == 0.5  # f1 links a gold conflict, f2 none
    assert (s["conflict_r"], s["agree_r"], s["notsame_ok"], s["timeline_r"]) == (1.0, 0.0, 0.0, 1.0)  # no core timeline
    assert s["wrong_agreements"] == 1  # counted on every tier, as the dev scorer does
    assert s["timeline_p"] == 0.0  # f4 links no gold CONFLICT or TIMELINE pair
    assert scoring.line(s).startswith("score: conflict_p=0.50 conflict_r=1.00 (1/1)")


def _plain_loop(gold_path: Path, root: Path, report_path: Path) -> tuple:
    """The dev scorer's algorithm as written there: every relation against every finding."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in report["statements"]}
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]

    def hits(s, side):
        a0, a1 = scoring.anchor_span((root / side["file"]).read_text(encoding="utf-8"), side["anchor"])
        return Path(s["path"]).name == side["file"] and s["start"] < a1 and s["end"] > a0

    used, right = {"conflict": set(), "timeline": set()}, {}
    for rel in gold:
        kinds = set()
        for i, f in enumerate(report["findings"]):
            stmts = [by_id[x] for x in f["statements"]]
            if any(hits(s, rel["a"]) for s in stmts) and any(hits(s, rel["b"]) for s in stmts):
                kinds.add(f["kind"])
                if f["kind"] in used and rel["label"] in ("CONFLICT", "TIMELINE"):
                    used[f["kind"]].add(i)
        wanted = {"CONFLICT": "conflict", "TIMELINE": "timeline", "AGREE": "agreement"}.get(rel["label"])
        right[rel["id"]] = not kinds & {"conflict", "timeline", "agreement"} if wanted is None else wanted in kinds
    def precision(kind):
        n = sum(1 for f in report["findings"] if f["kind"] == kind)
        return len(used[kind]) / n if n else 1.0

    return (precision("conflict"), precision("timeline")), right


def test_same_figures_as_the_plain_loop_on_a_generated_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    generate.generate(40, seed=5, out=corpus)
    report, _ = check([str(corpus)], options=CheckOptions(jobs=1))
    (tmp_path / "report.json").write_text(report.model_dump_json(), encoding="utf-8")
    precision, right = _plain_loop(corpus / "labels.jsonl", corpus, tmp_path / "report.json")
    s = scoring.score(corpus / "labels.jsonl", [corpus], [tmp_path / "report.json"])
    assert (s["conflict_p"], s["timeline_p"]) == precision
    for label, (ok, total) in s["counts"].items():
        ids = [json.loads(line)["id"] for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()
               if json.loads(line)["label"] == label]
        assert (ok, total) == (sum(right[i] for i in ids), len(ids))
    assert total > 0
