"""Screenshot the HTML report in headless Chromium, to look at it as a reader would.

    python benchmarks/screenshot_html.py [--out /tmp]

Writes two PNGs:
- report.png: the seeds' report (`checker report seeds/`), as committed in reports/;
- report-hostile.png: one seed plus an article whose title, outlet and body
  carry `<script>alert(1)</script>` and `<img src=x onerror=alert(1)>`: they
  must show as text, and nothing may run.

Needs Debian's `chromium` (and `fonts-noto-cjk` for the Chinese text):
`apt-get install -y chromium fonts-noto-cjk`. Look at the PNGs yourself; this
script checks only that Chromium ran and that the page's DOM holds no script
or image element.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = """---
title: "<script>alert(1)</script> 北京医药健康产业"
date: 2025-06-20
outlet: <img src=x onerror=alert(1)>
---

<script>alert(1)</script>记者获悉，2024年，北京市医药健康产业总体规模首次突破万亿元，达到了1.06万亿元<img src=x onerror=alert(1)>，同比增长8.7%。
"""
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def chromium(args: list[str], profile: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["chromium", *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=180
    )


def report(corpus: list[str], out_dir: Path) -> Path:
    command = [sys.executable, "-m", "checker", "report", *corpus, "--no-cache", "--output-dir", str(out_dir)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return out_dir / "report.html"


def shoot(page: Path, png: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        done = chromium([f"--screenshot={png}", "--window-size=1400,2000", page.resolve().as_uri()], profile)
        if not png.exists():
            raise SystemExit(f"chromium made no screenshot of {page}: {done.stderr.strip()[-300:]}")
        dom = chromium(["--dump-dom", page.resolve().as_uri()], profile).stdout
    if "<script" in dom or "<img" in dom:
        raise SystemExit(f"{page}: the rendered page holds a script or image element")
    print(f"{png}  ({png.stat().st_size} bytes; DOM has no script or image element)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp"), help="folder for the PNGs (default /tmp)")
    args = parser.parse_args()
    if shutil.which("chromium") is None:
        raise SystemExit("chromium is not installed: apt-get install -y chromium fonts-noto-cjk")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        shoot(report(["seeds/"], work_dir / "seeds"), args.out / "report.png")
        corpus = work_dir / "corpus"  # one seed and the hostile article: a short page
        corpus.mkdir()
        shutil.copy(ROOT / "seeds" / "000_a467ca5c4690234b.txt", corpus)
        (corpus / "hostile.md").write_text(HOSTILE, encoding="utf-8")
        shoot(report([str(corpus)], work_dir / "hostile"), args.out / "report-hostile.png")


if __name__ == "__main__":
    main()
