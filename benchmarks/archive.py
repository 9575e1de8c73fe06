"""The labelled real-coverage archive under benchmarks/news/: its stories, their articles and gold relations.

One folder a story (`NN-slug/`): `story.toml` (title, domain, event_date,
latest, status), `story.md` (the writer's notes: sources, outlets, facts,
traps), `articles/` (the story's articles) and `gold.jsonl` (relations in
../shared/tools/score.py's format, labelled blind). This module reads that
layout and checks it (`problems`); it runs no checker and scores nothing:
benchmarks/accuracy.py does that.

A relation belongs to every story one of its sides is in, so a trap between
two stories (the deaths of one earthquake against another's) counts for both.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from scoring import read_text  # noqa: F401  (the scorer's reading of a file, for anchors)

NEWS = Path(__file__).resolve().parent / "news"
LABELS = ("CONFLICT", "TIMELINE", "AGREE", "NOT-SAME")
DOMAINS = ("disasters", "statistics", "companies", "transport", "sports", "culture", "science", "health", "education", "policy")
ARTICLE_SUFFIXES = (".txt", ".md")


@dataclass
class Story:
    folder: Path
    title: str
    domain: str
    event_date: str
    latest: str
    status: str
    articles: list[Path] = field(default_factory=list)
    gold: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def files(self) -> set[str]:
        return {p.name for p in self.articles}

    @property
    def labelled(self) -> bool:
        return (self.folder / "gold.jsonl").exists()


def stories(root: Path = NEWS) -> list[Story]:
    """Every story folder under `root` with a story.toml, in folder order.

    Stories named in $ARCHIVE_HOLD_OUT (folder names or their numbers, comma-separated) are left
    out: stories written and labelled but held back until their blind first run (BLIND.md), so
    that no fit or measure taken before it has seen them.
    """
    held = {h.strip() for h in os.environ.get("ARCHIVE_HOLD_OUT", "").split(",") if h.strip()}
    found = []
    for folder in sorted(p for p in root.iterdir() if (p / "story.toml").is_file()) if root.is_dir() else ():
        if folder.name in held or folder.name.split("-")[0] in held:
            continue
        meta = tomllib.loads((folder / "story.toml").read_text(encoding="utf-8"))
        articles = sorted(p for p in (folder / "articles").glob("*") if p.suffix in ARTICLE_SUFFIXES)
        gold_path = folder / "gold.jsonl"
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()] if gold_path.exists() else []
        found.append(Story(folder, meta.get("title", ""), meta.get("domain", ""), str(meta.get("event_date", "")),
                           meta.get("latest", ""), meta.get("status", ""), articles, gold))
    return found


def all_files(found: list[Story]) -> dict[str, Path]:
    """Base name → path for every article of the archive."""
    return {p.name: p for story in found for p in story.articles}


def relations_of(story: Story, found: list[Story]) -> list[dict]:
    """The gold relations touching `story`: its own, and other stories' relations with a side in it."""
    mine = story.files
    out = list(story.gold)
    for other in found:
        if other is not story:
            out += [r for r in other.gold if r["a"]["file"] in mine or r["b"]["file"] in mine]
    return out


def anchor_pattern(anchor: str) -> re.Pattern:
    """The shared scorer's reading of an anchor: its characters in order, whitespace allowed between them."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in anchor if not ch.isspace()))


def problems(found: list[Story]) -> list[str]:
    """What is wrong with the archive's layout or gold, one line each (empty when it is sound)."""
    out: list[str] = []
    seen: dict[str, str] = {}
    for story in found:
        where = story.name
        if story.domain not in DOMAINS:
            out.append(f"{where}: domain {story.domain!r} is not one of {', '.join(DOMAINS)}")
        if not story.articles:
            out.append(f"{where}: no articles under articles/")
        if story.latest not in story.files:
            out.append(f"{where}: latest = {story.latest!r} is not one of its articles")
        for p in story.articles:
            if p.name in seen:
                out.append(f"{where}: article name {p.name} is also in {seen[p.name]} (the scorer matches by base name)")
            seen[p.name] = where
    files = all_files(found)
    texts: dict[str, str] = {}
    for story in found:
        ids: set[str] = set()
        for n, rel in enumerate(story.gold, start=1):
            where = f"{story.name}/gold.jsonl:{n}"
            if rel.get("id") in ids:
                out.append(f"{where}: duplicate id {rel.get('id')!r}")
            ids.add(rel.get("id"))
            if rel.get("label") not in LABELS:
                out.append(f"{where}: label {rel.get('label')!r} is not one of {', '.join(LABELS)}")
            sides = [rel.get(s) or {} for s in ("a", "b")]
            if not any(side.get("file") in story.files for side in sides):
                out.append(f"{where}: neither side is an article of this story")
            for side in sides:
                name, anchor = side.get("file"), side.get("anchor") or ""
                if name not in files:
                    out.append(f"{where}: no article named {name!r} in the archive")
                    continue
                text = texts.setdefault(name, read_text(files[name]))
                hits = list(anchor_pattern(anchor).finditer(text)) if anchor.strip() else []
                if not hits:
                    out.append(f"{where}: anchor {anchor!r} is not in {name}")
                elif len(hits) > 1:
                    out.append(f"{where}: anchor {anchor!r} occurs {len(hits)} times in {name}; the scorer takes the first, make it unique")
    return out


def summary(found: list[Story]) -> str:
    """One line: stories, domains, articles, relations by label."""
    labelled = [s for s in found if s.gold]
    counts = {label: sum(1 for s in labelled for r in s.gold if r["label"] == label) for label in LABELS}
    total = sum(counts.values())
    return (f"{len(labelled)} labelled stories ({len(found)} in all) in {len({s.domain for s in labelled})} domains, "
            f"{sum(len(s.articles) for s in labelled)} articles, {total} relations: "
            + ", ".join(f"{label} {n}" for label, n in counts.items())
            + (f" (NOT-SAME {counts['NOT-SAME'] / total:.0%})" if total else ""))


def main() -> None:
    """`python benchmarks/archive.py [--root DIR ...] [NN ...]`: check the layout and gold of the archive
    (or of the stories named); with --root, of the story folders under those folders instead."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--root", action="append", type=Path, help="a folder of story folders (default: benchmarks/news)")
    parser.add_argument("names", nargs="*", help="story folders to check, by prefix (default: all)")
    args = parser.parse_args()
    found = [s for root in (args.root or [NEWS]) for s in stories(root)]
    wanted = [s for s in found if not args.names or any(s.name.startswith(a) for a in args.names)]
    bad = [p for p in problems(found) if any(p.startswith(s.name) for s in wanted)]
    print(summary(wanted))
    for line in bad:
        print(line)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
