"""Write N realistic Chinese news articles with planted, labelled relations.

    python benchmarks/generate.py --n 10000 --out benchmarks/generated/10k --seed 1

Each article is about 2,000 characters: a dateline or YAML front matter, a
handful of statements about companies, products and cities (counts with
classifiers, money in 亿元/万元/亿美元, growth rates, ranks, running totals
with 截至 / 今年以来), filler sentences without figures, and now and then
page furniture. Facts are shared between articles, so the corpus holds
- agreements, often written differently (五例 / 5例, 1.2万 / 12000);
- planted conflicts: one article changes a figure;
- timelines: a running total reported again later, larger;
- look-alikes: the same metric for another company (must not be linked).
`labels.jsonl` lists them in the format of ../shared/tools/score.py.
Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

CITIES = ["合肥", "芜湖", "苏州", "无锡", "宁波", "温州", "佛山", "东莞", "长沙", "郑州", "济南", "青岛", "成都", "西安"]
SYLLABLES = list("华创远景瑞康博达凯星恒信泰宏盛安新亿联科智航云海中天鼎源睿")
INDUSTRIES = ["新能源", "智能制造", "生物医药", "半导体", "储能", "机器人", "新材料", "软件"]
FILLER = [
    "当天，来自全国各地的行业代表齐聚一堂，围绕技术创新、市场拓展等议题深入交流。",
    "企业负责人表示，将抢抓发展机遇，加快推进数字化转型和绿色化发展。",
    "据了解，当地近年来持续完善产业配套，吸引了一批上下游企业集聚发展。",
    "在展厅里，一块块显示屏实时滚动着生产数据，吸引不少参观者驻足。",
    "业内人士认为，这一进展将进一步提升区域产业竞争力。",
    "据介绍，相关项目将坚持创新驱动，推动产业链上下游协同发展。",
    "下一步，当地将持续优化营商环境，加大对重点企业的服务保障力度。",
    "专家表示，高质量发展需要科技创新与产业创新深度融合。",
    "记者在现场看到，生产线上工人们正有序忙碌，一派繁忙景象。",
    "该负责人说，企业将继续加大研发投入，提升核心竞争力。",
    "与此同时，相关部门将加强统筹协调，推动政策落地见效。",
    "多位受访者表示，对行业未来发展充满信心。",
]
CN_DIGITS = "零一二三四五六七八九"

# (metric words, classifier or unit, value range, kind); kind: total (running), flow, rate, money
METRICS = [
    ("累计交付新能源汽车", "辆", (1000, 90000), "total"),
    ("累计申请发明专利", "件", (50, 3000), "total"),
    ("员工人数达到", "人", (200, 20000), "flow"),
    ("建成智能生产线", "条", (2, 60), "flow"),
    ("服务海外客户", "家", (10, 900), "flow"),
    ("营业收入", "亿元", (2, 900), "money"),
    ("研发投入", "亿元", (1, 90), "money"),
    ("出口额同比增长", "%", (2, 60), "rate"),
]


def company(rng: random.Random, used: set[str]) -> tuple[str, str]:
    """A company with a short name no other company in the corpus has."""
    while True:
        short = "".join(rng.sample(SYLLABLES, 2 if len(used) < 300 else 3))
        if short not in used:
            used.add(short)
            break
    city = rng.choice(CITIES)
    return short, f"{city}{short}{rng.choice(INDUSTRIES)}科技有限公司"


def chinese_number(n: int) -> str:
    """Small integers in Chinese numerals: 五, 十二, 三百零五."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return str(n)


def written(value: float, unit: str, rng: random.Random) -> str:
    """The figure as an article writes it, in one of several equivalent ways."""
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "亿元":
        return f"{value:g}亿元" if rng.random() < 0.8 or value < 1 else f"{value * 10000:g}万元"
    n = int(value)
    if n < 100 and rng.random() < 0.3:
        return chinese_number(n) + unit
    if n >= 10000 and n % 100 == 0 and rng.random() < 0.5:
        return f"{n / 10000:g}万{unit}"
    return f"{n}{unit}"


class Fact:
    def __init__(self, fid: int, rng: random.Random, short: str, full: str, metric):
        self.id, self.short, self.full = fid, short, full
        self.words, self.unit, (lo, hi), self.kind = metric
        value = rng.uniform(lo, hi)
        self.value = round(value, 1) if self.unit in ("%", "亿元") else int(value)
        self.year = 2025

    def sentence(self, value, rng: random.Random, as_of: dt.date | None) -> tuple[str, str]:
        figure = written(value, self.unit, rng)
        if self.kind == "total":
            lead = f"截至{as_of.month}月底，{self.short}" if as_of else f"今年以来，{self.short}"
            return f"{lead}{self.words}{figure}。", f"{self.words}{figure}"
        if self.kind == "rate":
            return f"2024年，{self.short}{self.words}{figure}。", f"{self.words}{figure}"
        if self.kind == "money":
            return f"2024年，{self.short}实现{self.words}{figure}。", f"{self.words}{figure}"
        return f"截至2024年底，{self.short}{self.words}{figure}。", f"{self.words}{figure}"


def generate(n: int, seed: int, out: Path) -> dict:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    companies = [company(rng, used) for _ in range(max(4, n // 3))]
    # Look-alikes name companies that report nothing themselves, so they never contradict a fact.
    outsiders = [company(rng, used) for _ in range(max(4, n // 10))]
    articles: list[dict] = [{"name": f"a{i:05d}.{'md' if i % 3 == 0 else 'txt'}", "facts": []} for i in range(n)]
    start = dt.date(2025, 3, 1)
    for a in articles:
        a["date"] = start + dt.timedelta(days=rng.randrange(0, 120))
        a["company"] = rng.choice(companies)
    labels = []
    fid = 0
    # Every fact is reported by 2-4 articles about the same company; some are changed or move on.
    for c_index, (short, full) in enumerate(companies):
        writers = [a for a in articles if a["company"][0] == short]
        if len(writers) < 2:
            continue
        for metric in rng.sample(METRICS, k=4):
            fid += 1
            fact = Fact(fid, rng, short, full, metric)
            reporters = rng.sample(writers, k=min(len(writers), rng.randint(2, 4)))
            reporters.sort(key=lambda a: a["date"])
            plan = rng.random()
            for k, a in enumerate(reporters):
                value, as_of, role = fact.value, None, "same"
                if fact.kind == "total":
                    as_of = dt.date(2025, 2, 28)
                if plan < 0.15 and k == len(reporters) - 1:
                    value, role = _changed(fact.value, rng), "changed"
                elif plan > 0.7 and fact.kind == "total" and k == len(reporters) - 1:
                    value, role = int(fact.value * 1.4) + 1, "later"
                    as_of = dt.date(2025, 5, 31)
                text, anchor = fact.sentence(value, rng, as_of)
                a["facts"].append({"fact": fid, "text": text, "anchor": anchor, "role": role})
    # Look-alikes: the same metric for another company, with another value (one value per
    # outsider and metric, so look-alikes never contradict each other).
    outsider_facts: dict[tuple[str, str], Fact] = {}
    for a in articles:
        if rng.random() < 0.3 and a["facts"]:
            other = rng.choice(outsiders)
            metric = rng.choice(METRICS)
            if (other[0], metric[0]) not in outsider_facts:
                fid += 1
                outsider_facts[(other[0], metric[0])] = Fact(fid, rng, other[0], other[1], metric)
            fact = outsider_facts[(other[0], metric[0])]
            text, anchor = fact.sentence(fact.value, rng, dt.date(2025, 2, 28) if fact.kind == "total" else None)
            a["facts"].append({"fact": fact.id, "text": text, "anchor": anchor, "role": "other", "company": other[0]})
    by_fact: dict[int, list] = {}
    for a in articles:
        for f in a["facts"]:
            by_fact.setdefault(f["fact"], []).append((a, f))
    for fact_id, reports in sorted(by_fact.items()):
        same = [(a, f) for a, f in reports if f["role"] == "same"]
        if not same:
            continue
        a1, f1 = same[0]
        for a2, f2 in reports:
            label = {"same": "AGREE", "changed": "CONFLICT", "later": "TIMELINE"}.get(f2["role"])
            if label and f2 is not f1:
                labels.append(_rel(len(labels), label, a1, f1, a2, f2))
    _look_alike_labels(articles, labels)
    for a in articles:
        (out / a["name"]).write_text(_article_text(a, rng), encoding="utf-8")
    with (out / "labels.jsonl").open("w", encoding="utf-8") as handle:
        for rel in labels:
            handle.write(json.dumps(rel, ensure_ascii=False) + "\n")
    return {"articles": n, "relations": len(labels)}


def _changed(value, rng: random.Random):
    text = str(value)
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digits) >= 2:  # a transposition, the most common slip
        i = rng.randrange(len(digits) - 1)
        a, b = digits[i], digits[i + 1]
        swapped = text[:a] + text[b] + text[a] + text[b + 1 :]
        if swapped != text and not swapped.startswith("0"):
            return type(value)(swapped)
    return value * 2 if isinstance(value, int) else round(value * 1.5, 1)


def _rel(n: int, label: str, a1, f1, a2, f2) -> dict:
    return {
        "id": f"g-{n}", "label": label, "kind": "number", "tier": "core",
        "a": {"file": a1["name"], "anchor": f1["anchor"]}, "b": {"file": a2["name"], "anchor": f2["anchor"]},
        "note": f"fact {f1['fact']}",
    }


def _look_alike_labels(articles, labels) -> None:
    """A look-alike against a report of the same metric by the article's own company."""
    for a in articles:
        for f in a["facts"]:
            if f["role"] != "other":
                continue
            words = f["anchor"].rstrip("0123456789.%万亿元辆件人条家零一二三四五六七八九十")
            for b in articles:
                if b is a:
                    continue
                if b["company"][0] == f["company"]:
                    continue
                match = next((g for g in b["facts"] if g["role"] != "other" and g["anchor"].startswith(words)), None)
                if match:
                    labels.append(_rel(len(labels), "NOT-SAME", a, f, b, match))
                    break


def _article_text(a: dict, rng: random.Random) -> str:
    short, full = a["company"]
    date = a["date"]
    city = full[:2]
    body = [f"{full}（以下简称{short}）近日召开年度发展大会。"]
    lines = [f["text"] for f in a["facts"]]
    filler = FILLER[:]
    rng.shuffle(filler)
    while len("".join(body + lines)) < 1700:
        lines.append(rng.choice(filler) * 1)
    rng.shuffle(lines)
    body += lines
    paragraphs = ["".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    title = f"{short}加快推动高质量发展"
    if a["name"].endswith(".md"):
        head = f"---\ntitle: {title}\ndate: {date.isoformat()}\noutlet: 示例经济报\n---\n\n"
        text = head + "\n\n".join(paragraphs)
    else:
        dateline = f"新华社{city}{date.month}月{date.day}日电（记者 王磊）"
        text = f"{title}\n\n{dateline}{date.year}年以来，当地经济运行稳中向好。" + "\n\n".join(paragraphs)
    if rng.random() < 0.2:
        text += "\n\n责任编辑：李明\n"
    return text + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(generate(args.n, args.seed, args.out)))


if __name__ == "__main__":
    main()
