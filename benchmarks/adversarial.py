"""Adversarial inputs, timed: does the checker's time and memory grow linearly with the input?

    python benchmarks/adversarial.py                 # every family at 1×, 2×, 4×, 8×
    python benchmarks/adversarial.py --only digits   # one family
    python benchmarks/adversarial.py --base 0.25     # smaller sizes
    python benchmarks/adversarial.py --cli           # also time `checker check FILE` at 8×

Each family makes one hostile input of a given size and runs the stage its
size stresses. Text families (`GENERATORS`: 5 MB of digits, 1 MB without
punctuation, 100,000 one-character lines, 1 MB of `1.` …) run the
per-article pipeline (`process_article`: clean → segment → extract, the
only stages whose cost grows with one article's length) and check that
every statement's offsets point at its text in the raw input. The other
families (`FAMILIES`) stress one stage each: a front-matter line of spaces
(load), nested folders (the walk), one figure flooding a corpus (align),
a very long sentence (the terminal report). With --base 1, 8× is the size
the issue names.

For each family it prints seconds and peak traced memory (tracemalloc, MiB)
at 1×, 2×, 4× and 8×, and the largest ratio from one size to the next: 2 is
linear, 4 quadratic; the issue asks for every ratio ≤ 2.3. Times are the
best of three runs, or of up to five when runs are short (under 1 s), at every
size alike, so that noise does not pass for growth; memory is measured in a
separate run. jieba is loaded
before timing starts.

The text generators are imported by tests/test_hostile_inputs.py, which runs
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


def dense_figures(size: int) -> str:
    """`1.` repeated: a figure every two characters (1 MB held 262,144 statements)."""
    return "1." * (size // 2)


GENERATORS["dense_figures"] = (dense_figures, 1_000_000 // 8)
for _name, (_make, _size) in list(GENERATORS.items()):  # the size at 8× (it was at 4×)
    GENERATORS[_name] = (_make, _size if _name == "dense_figures" else _size // 2)


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


# ---------------------------------------------------------------- families of one stage each
# Each: size → (prepare() → input, run(input) → a count to print); prepare is not timed.


def _front_matter(size: int):
    folder = tempfile.mkdtemp(prefix="adv-fm-")
    path = Path(folder) / "a.md"
    path.write_text("---\ntitle" + " " * size + "x\n---\n北京6月19日电 新增5例。\n", encoding="utf-8")

    def run() -> int:
        from checker.load import load_paths

        articles, problems = load_paths([str(path)])
        return len(articles) + len(problems)

    return run


def _nested_folders(size: int):
    folder = tempfile.mkdtemp(prefix="adv-deep-")
    fd = os.open(folder, os.O_RDONLY)
    for _ in range(size):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    handle = os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(handle, "北京6月19日电 新增5例。\n".encode("utf-8"))
    os.close(handle)
    os.close(fd)

    def run() -> int:
        from checker.load import find_files

        files, _ = find_files([folder])
        return len(files)

    return run


def _flooding(size: int):
    """`size` articles saying 北脑一号 5例 and one saying 7例: every key but the strong one is over the cap."""
    from checker.api import process_article

    statements = []
    for i in range(size + 1):
        figure = "7例" if i == size else "5例"
        text = f"北京6月19日电 脑科所、芯智达研发的“北脑一号”已完成{figure}人体植入。第{i}期。"
        a = article(text, f"a{i:05d}.txt").model_copy(update={"id": f"s{i + 1}"})
        statements += process_article(a).statements

    def run() -> int:
        from checker.align import Thresholds, align

        return align(statements, aliases={}, focus=None, thresholds=Thresholds()).candidate_pairs

    return run


def _long_sentence(size: int):
    """Two statements whose sentence is `size` characters long, rendered for the terminal."""
    import datetime as dt

    from checker.models import Finding, Kind, Period, Report, Severity, Source, Statement, Summary, Tool

    def statement(sid: str, source: str, figure: str) -> Statement:
        sentence = "北京" * (size // 4) + "新增" + figure + "患者" * (size // 4)
        return Statement(id=sid, source=source, path=f"{source}.md", start=10, end=12, line=1, column=1, text=figure,
                         sentence=sentence, entity="北脑一号", metric="人体植入", unit="例", value=5.0, low=5.0, high=5.0,
                         qualifier="exact", period=Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 19)),
                         as_of=dt.date(2025, 6, 19), cumulative=True)

    stmts = [statement("s1:1", "s1", "5例"), statement("s2:1", "s2", "3例")]
    finding = Finding(id="f-1", kind=Kind.CONFLICT, severity=Severity.ERROR, entity="北脑一号", metric="人体植入",
                      message="s1 says 5例; s2 says 3例", statements=["s1:1", "s2:1"])
    sources = [Source(id=i, path=f"{i}.md", title=None, date=None, outlet=None) for i in ("s1", "s2")]
    report = Report(tool=Tool(version="0"), sources=sources, statements=stmts, findings=[finding],
                    summary=Summary(sources=2, statements=2, conflict=1, timeline=0, agreement=0))

    def run() -> int:
        from checker.report import RenderOptions
        from checker.report.terminal import render

        return len(render(report, RenderOptions(width=100)))

    return run


# name → (prepare, size at 1× with --base 1: the size at 8×)
FAMILIES: dict[str, tuple[Callable[[int], Callable[[], int]], int]] = {
    "front_matter_spaces": (_front_matter, 1_000_000 // 8),
    "nested_folders": (_nested_folders, 1600 // 8),
    "flooding": (_flooding, 1600 // 8),
    "long_sentence_render": (_long_sentence, 200_000 // 8),
}


def _text_family(make: Callable[[int], str]):
    def prepare(size: int):
        text = make(size)

        def run() -> int:
            from checker.api import process_article
            from checker.parallel import without_cyclic_gc

            from checker.extract import words

            words._cut_run.cache_clear()  # each run cold, as one article is: no words remembered from the last run
            with without_cyclic_gc():  # as extract_many runs it: the cyclic collector's passes are not the pipeline's cost
                extraction = process_article(article(text))
            check_offsets(text, extraction)
            return len(extraction.statements)

        return run

    return prepare


def measure(run: Callable[[], int]) -> tuple[float, float, int]:
    """(best seconds, peak traced MiB, the count `run` returns)."""
    import gc
    import tracemalloc

    best, count, spent = float("inf"), 0, 0.0
    for n in range(1, 6):
        gc.collect()
        t0 = time.perf_counter()
        count = run()
        seconds = time.perf_counter() - t0
        best, spent = min(best, seconds), spent + seconds
        if n >= 3 and (seconds >= 1.0 or spent >= 3.0):
            break  # every size gets at least three runs: a single slow run must not pass for growth
    gc.collect()
    tracemalloc.start()
    try:
        run()
        peak = tracemalloc.get_traced_memory()[1] / (1 << 20)
    finally:
        tracemalloc.stop()
    return best, peak, count


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


SCALES = (1, 2, 4, 8)


def _ratio(values: list[float], floor: float) -> float:
    """The largest ratio from one size to the next (values under `floor` count as `floor`: noise, not growth)."""
    v = [max(x, floor) for x in values]
    return max(b / a for a, b in zip(v, v[1:]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = sorted([*GENERATORS, *FAMILIES])
    parser.add_argument("--only", action="append", choices=names, help="run only these families")
    parser.add_argument("--base", type=float, default=1.0, help="scale of the 1× size (default 1: the issue's sizes at 8×)")
    parser.add_argument("--cli", action="store_true", help="also time the command line at 8× (text families)")
    args = parser.parse_args(argv)

    from checker.extract import words

    words.cut("预热")  # load jieba before timing
    run_one("北京6月19日电 新增5例。")
    header = ("| family | size at 1× | s at 1× / 2× / 4× / 8× | MiB at 1× / 2× / 4× / 8× | time ratio per doubling "
              "| memory ratio per doubling | count at 8× |" + (" CLI at 8× s |" if args.cli else ""))
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    worst = 0.0
    for name in args.only or [*GENERATORS, *FAMILIES]:
        if name in GENERATORS:
            make, size = GENERATORS[name]
            prepare = _text_family(make)
        else:
            prepare, size = FAMILIES[name]
        size = max(8, int(size * args.base))
        times, peaks, count = [], [], 0
        for k in SCALES:
            seconds, peak, count = measure(prepare(size * k))
            times.append(seconds)
            peaks.append(peak)
        t_ratio, m_ratio = _ratio(times, 0.02), _ratio(peaks, 1.0)
        worst = max(worst, t_ratio, m_ratio)
        row = (f"| {name} | {size:,} | {' / '.join(f'{t:.2f}' for t in times)} | {' / '.join(f'{m:.1f}' for m in peaks)} "
               f"| {t_ratio:.2f} | {m_ratio:.2f} | {count:,} |")
        if args.cli:
            row += f" {run_cli(make(size * 8)) if name in GENERATORS else '—'} |"
        print(row, flush=True)
    print(f"\nlargest ratio per doubling: {worst:.2f} (linear: 2; the bound asked for: 2.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
