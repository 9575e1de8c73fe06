"""Adversarial texts, timed: does the checker's time grow linearly with the input?

    python benchmarks/adversarial.py                 # every generator at 1×, 2×, 4×
    python benchmarks/adversarial.py --only digits   # one generator
    python benchmarks/adversarial.py --base 0.25     # smaller sizes (1× = a quarter of the issue's)
    python benchmarks/adversarial.py --cli           # also time `checker check FILE` at 4×

Each generator makes one hostile text of roughly `size` characters (the
issue's sizes at 4× with --base 1: 5 MB of digits, 1 MB without punctuation,
100,000 one-character lines, …). The script runs the per-article pipeline
(`process_article`: clean → segment → extract, the only stages whose cost
grows with one article's length) at 1×, 2× and 4× and prints a table of
seconds, statements and the ratio t(4×)/t(1×): about 4 means linear, 16
quadratic. jieba is loaded before timing starts. It also checks, for every
run, that each statement's offsets point at its text in the raw input.

The generators are imported by tests/test_hostile_inputs.py, which runs
each at a small size for behaviour only (no timing in tests).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CN_NUMERALS = "零一二两三四五六七八九十百千万亿"
UNITS = ["例", "家", "款", "个", "亿元", "万元", "%", "年", "月", "日", "人", "项"]
QUALIFIERS = "近约逾余多"
HAN = "北京市新增企业项目医院研究所公司累计达到超过其中全国产业发展创新科技园区合作"


def digits(size: int) -> str:
    """One run of digits, no unit, no break: `\\d+` must not backtrack over it."""
    return "1234567890" * (size // 10)


def long_numbers(size: int) -> str:
    """Very long numbers with units: 1 and 400 zeros 例, 9999….5亿元, 一千二百…万万万家, 1,234,… ."""
    parts, n = [], 0
    pieces = [
        "共有1" + "0" * 400 + "例。",
        "收入" + "9" * 350 + ".5亿元。",
        "约" + "一千二百三十四" * 40 + "万" * 30 + "家。",
        "达" + ",".join(["123"] * 150) + "人。",
        "百分之" + "九" * 60 + "点" + "五" * 60 + "。",
        "0." + "0" * 300 + "1%。",
        "近" + "亿" * 200 + "元。\n",
    ]
    while n < size:
        piece = pieces[len(parts) % len(pieces)]
        parts.append(piece)
        n += len(piece)
    return "".join(parts)


def no_punctuation(size: int) -> str:
    """Chinese text with figures but no punctuation and no line break: one sentence, one clause."""
    rng = random.Random(1)
    out, n = [], 0
    while n < size:
        word = rng.choice([
            rng.choice(HAN) + rng.choice(HAN),
            str(rng.randint(1, 9999)) + rng.choice(UNITS),
            rng.choice(QUALIFIERS) + str(rng.randint(1, 99)) + rng.choice(UNITS),
            rng.choice(CN_NUMERALS[1:10]) + rng.choice(UNITS),
            "“北脑一号”", "《规划》", "有限公司", "达到", "分别为", "和", "等",
        ])
        out.append(word)
        n += len(word)
    return "".join(out)


def han_line(size: int) -> str:
    """Han characters only: no digit, no punctuation, no line break (the doubled-glyph repair's worst case)."""
    rng = random.Random(7)
    return "".join(rng.choice(HAN) for _ in range(size))


def figure_lines(size: int) -> str:
    """`size` short lines, each a figure or a page number: many sentences, many furniture spans."""
    pool = ["5例", "12", "三家", "第3版", "约10亿元", "（记者 王五）", "2025年6月"]
    return "".join(pool[i % len(pool)] + "\n" for i in range(size))


def ranks(size: int) -> str:
    """Many ranks among many figures: 居全国第二，新增5例，第六个项目。 (each rank replaces the figures it overlaps)."""
    block = "北京居全国第二，新增5例，第六个项目位居榜首。"
    return block * max(1, size // len(block))


def declared_names(size: int) -> str:
    """Many organisations with declared short names, each used again: （以下简称术锐7）…术锐7."""
    out, n, i = [], 0, 0
    while n < size:
        piece = f"北京术锐{i}机器人股份有限公司（以下简称术锐{i}）发布“北脑{i}号”，术锐{i}新增5例。"
        out.append(piece)
        n += len(piece)
        i += 1
    return "".join(out)


def one_char_lines(size: int) -> str:
    """`size` lines of one character each (a PDF export gone wrong)."""
    pool = "字5五年例。，"
    return "".join(pool[i % len(pool)] + "\n" for i in range(size))


def qualifiers(size: int) -> str:
    """Qualifiers repeated deeply before figures: 近约逾余近约逾余…5例, and words a label strips: 达到达到…"""
    block = "近约逾余" * 200 + "5例" + "达到" * 100 + "约近" * 100 + "x" + "达到" * 30 + "余多以上" * 50 + "。\n"
    return block * max(1, size // len(block))


def enumeration(size: int) -> str:
    """One long list before a figure: 甲、乙、丙、…等5家, broken once by an over-long item."""
    rng = random.Random(2)
    items = ["".join(rng.choice(HAN) for _ in range(rng.randint(1, 4))) for _ in range(size // 4)]
    half = len(items) // 2
    return "、".join(items[:half]) + "、这个名字实在是太长太长太长了、" + "、".join(items[half:]) + "等5家企业。"


def mixed_scripts(size: int) -> str:
    """Latin, Cyrillic, Arabic, Hebrew, Devanagari, emoji, combining marks and other scripts' digits."""
    rng = random.Random(3)
    pool = [
        "Beijing 5 cases", "Москва 12 случаев", "عدد ٣٤ حالة", "מספר 7 מקרים", "संख्या ३४ मामले",
        "😀🚀", "e\u0301\u0301\u0301", "Ｘ１０００型", "第①名", "²³", "５例", "壹佰贰拾家", "萬億", "兩款",
        "醫(yī)院", "北京6月19日电", "2025年6月19日", "同比增长8.7%", "Ⅻ", "𠀀𠀁",
    ]
    out, n = [], 0
    while n < size:
        word = rng.choice(pool) + rng.choice(["", "，", "。", " ", "\n"])
        out.append(word)
        n += len(word)
    return "".join(out)


def control_chars(size: int) -> str:
    """C0 and C1 control characters, separators and BOMs sprinkled through figures."""
    rng = random.Random(4)
    controls = [chr(c) for c in range(0, 32) if chr(c) not in "\n"] + [chr(c) for c in range(0x7F, 0xA0)]
    controls += ["\u2028", "\u2029", "\ufeff", "\x85", "\u00a0", "\u3000"]
    out, n = [], 0
    while n < size:
        word = rng.choice(["5例", "三家", "约10亿元", "2025年", "企业", "。", "，"]) + rng.choice(controls)
        out.append(word)
        n += len(word)
    return "".join(out)


def rtl_marks(size: int) -> str:
    """Direction marks and embeddings around and inside figures: 5\\u200f例, \\u202e12家\\u202c."""
    marks = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c"]
    rng = random.Random(5)
    out, n = [], 0
    while n < size:
        m = rng.choice(marks)
        word = rng.choice([f"新增{m}5{m}例，", f"{m}共12家{m}。", f"约1{m}0亿元，", f"同比增长8{m}.7%。\n", "企业" + m])
        out.append(word)
        n += len(word)
    return "".join(out)


def zero_width_numbers(size: int) -> str:
    """Zero-width spaces and joiners inside numbers: 一千\\u200b七百例, 1\\u200b234家, 5\\u200d例."""
    rng = random.Random(6)
    pieces = ["一千\u200b七百例，", "1\u200b234家，", "5\u200d例。", "约\u200c10亿元，", "百分之\u2060八点七。",
              "30\u200b余家，", "2025\u200b年6\u200b月19\u200b日，", "\u200b" * 20 + "逾2700家。\n"]
    out, n = [], 0
    while n < size:
        word = rng.choice(pieces)
        out.append(word)
        n += len(word)
    return "".join(out)


def whitespace(size: int) -> str:
    """Long runs of spaces and ideographic spaces between figures, no line break."""
    half = size // 2
    return "5例" + " " * half + "十家" + "\u3000" * (half // 2) + "\t" * (half // 2) + "约3亿元\n"


# name → (generator, characters at 1× with --base 1: the size is reached at 4×)
GENERATORS: dict[str, tuple[Callable[[int], str], int]] = {
    "digits": (digits, 5_000_000 // 4),
    "no_punctuation": (no_punctuation, 1_000_000 // 3 // 4),  # 1 MB of UTF-8 (3 bytes a character)
    "han_line": (han_line, 1_000_000 // 3 // 4),
    "one_char_lines": (one_char_lines, 100_000 // 4),
    "figure_lines": (figure_lines, 100_000 // 4),
    "qualifiers": (qualifiers, 400_000 // 4),
    "ranks": (ranks, 400_000 // 4),
    "declared_names": (declared_names, 400_000 // 4),
    "long_numbers": (long_numbers, 400_000 // 4),
    "enumeration": (enumeration, 200_000 // 4),
    "mixed_scripts": (mixed_scripts, 400_000 // 4),
    "control_chars": (control_chars, 400_000 // 4),
    "rtl_marks": (rtl_marks, 400_000 // 4),
    "zero_width_numbers": (zero_width_numbers, 400_000 // 4),
    "whitespace": (whitespace, 1_000_000 // 4),
}


def article(text: str, path: str = "adversarial.txt"):
    from checker.models import Article

    return Article(id="s1", path=path, raw=text)


def check_offsets(raw: str, extraction) -> None:
    """Every statement points at its text in the raw input."""
    for s in extraction.statements:
        assert 0 <= s.start < s.end <= len(raw), (s.start, s.end, len(raw))
        assert raw[s.start : s.end] == s.text, (s.start, s.end, s.text)


def run_one(text: str) -> tuple[float, int]:
    """Seconds for clean → segment → extract on `text`, and the number of statements."""
    from checker.api import process_article

    a = article(text)
    t0 = time.perf_counter()
    extraction = process_article(a)
    seconds = time.perf_counter() - t0
    check_offsets(text, extraction)
    return seconds, len(extraction.statements)


def run_cli(text: str) -> str:
    """Seconds for `checker check FILE --format json --no-cache` as a user runs it (jieba load included).

    A file the loader refuses (NUL bytes make it binary) shows as "refused" with the time to say so.
    """
    checker = Path(sys.executable).with_name("checker")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "adversarial.txt")
        Path(path).write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        done = subprocess.run(
            [str(checker), "check", path, "--format", "json", "--no-cache", "--fail-on", "never", "--jobs", "1"],
            capture_output=True, text=True, cwd=folder,
        )
        seconds = time.perf_counter() - t0
    if done.returncode == 2 and "binary file" in done.stderr:
        return f"{seconds:.2f} (refused: binary)"
    if done.returncode not in (0, 1):
        raise SystemExit(f"checker exited {done.returncode}: {done.stderr.strip()}")
    return f"{seconds:.2f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(GENERATORS), help="run only these generators")
    parser.add_argument("--base", type=float, default=1.0, help="scale of the 1× size (default 1)")
    parser.add_argument("--cli", action="store_true", help="also time the command line at 4×")
    args = parser.parse_args(argv)

    from checker.extract import words

    words.cut("预热")  # load jieba before timing
    run_one("北京6月19日电 新增5例。")
    header = "| input | chars at 1× | 1× s | 2× s | 4× s | 4×/1× | statements at 4× |" + (" CLI at 4× s |" if args.cli else "")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for name in args.only or GENERATORS:
        make, size = GENERATORS[name]
        size = max(100, int(size * args.base))
        times, count = [], 0
        for k in (1, 2, 4):
            seconds, count = run_one(make(size * k))
            times.append(seconds)
        ratio = times[2] / times[0] if times[0] > 0 else float("nan")
        row = f"| {name} | {size:,} | {times[0]:.2f} | {times[1]:.2f} | {times[2]:.2f} | {ratio:.1f} | {count:,} |"
        if args.cli:
            row += f" {run_cli(make(size * 4))} |"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
