"""Write N realistic Chinese news articles with planted, labelled relations.

    python benchmarks/generate.py --n 10000 --out benchmarks/generated/10k --seed 1
    python benchmarks/generate.py --n 1000 --out /tmp/c --drafts 3 --drafts-out /tmp/d

The corpus is a small invented world: companies (full 有限公司 names, a
（以下简称X） declaration, quoted product names), cities, trade fairs. Every
fact of that world — a company's 2024 revenue, its patents as of March, a
city's industry output — has exactly one true value, and every article that
mentions it writes that value, in one of several equivalent ways (五例 / 5例,
一千七百人 / 1700人, 百分之八点七 / 8.7%, 1.06万亿元 / 10600亿元, 3.5亿元 /
35000万元, 5月6日 / 2025年5月6日). Then relations are planted:

- AGREE: two articles state one fact (often written differently);
- CONFLICT: one article changes a figure (a transposed digit, a wrong
  multiple, another day) or a running total that falls;
- TIMELINE: a running total (截至3月底 / 今年以来 / 累计) reported again at a
  later date, larger;
- NOT-SAME: look-alikes that must not be linked: the same metric of another
  company or city, the same company's figure for another year.

Articles are about 2,000 characters: a dateline (新华社合肥3月12日电（记者 …）,
本报讯, 中新网) or YAML front matter, a lead naming the company, figures
mixed with sentences that hold none, and now and then page furniture (a
source line, 责任编辑, 相关阅读 lists, a copyright notice).

`labels.jsonl` lists the relations in the format of ../shared/tools/score.py:
each side names a file and an anchor, a substring that holds the figure and
occurs once in that file. Every conflict and timeline in the world is
labelled, against every report of the other value (so precision can be
measured); agreements (one pair per fact, a third of the facts) and
look-alikes are sampled, so that the scorer stays fast. With --drafts K, K draft articles are written to
--drafts-out with `drafts.gold.jsonl` relating them to the corpus (for
`checker check DRAFT --against CORPUS`). Same --seed, same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

# ---------------------------------------------------------------- vocabulary

CITIES = [
    ("合肥", "安徽"), ("芜湖", "安徽"), ("苏州", "江苏"), ("无锡", "江苏"), ("常州", "江苏"), ("宁波", "浙江"),
    ("温州", "浙江"), ("嘉兴", "浙江"), ("佛山", "广东"), ("东莞", "广东"), ("惠州", "广东"), ("长沙", "湖南"),
    ("株洲", "湖南"), ("郑州", "河南"), ("洛阳", "河南"), ("济南", "山东"), ("青岛", "山东"), ("烟台", "山东"),
    ("成都", "四川"), ("绵阳", "四川"), ("西安", "陕西"), ("武汉", "湖北"), ("襄阳", "湖北"), ("南昌", "江西"),
    ("厦门", "福建"), ("泉州", "福建"), ("昆明", "云南"), ("南宁", "广西"), ("太原", "山西"), ("石家庄", "河北"),
]
SYLLABLES = list("华创远景瑞康博达凯星恒信泰宏盛安新亿联科智航云海中天鼎源睿晶微芯拓峰融汇鑫锐腾飞越")
INDUSTRIES = [
    # (industry, product noun, classifier for deliveries, approving body)
    ("新能源汽车", "智能电动车", "辆", "工业和信息化部"),
    ("储能", "储能系统", "套", "国家能源局"),
    ("医疗器械", "手术机器人", "台", "国家药品监督管理局"),
    ("生物医药", "创新药", "批", "国家药品监督管理局"),
    ("半导体", "车规级芯片", "万颗", "工业和信息化部"),
    ("工业机器人", "协作机器人", "台", "工业和信息化部"),
    ("光伏", "光伏组件", "万片", "国家能源局"),
    ("无人机", "工业无人机", "架", "中国民用航空局"),
]
PRODUCT_HEADS = list("星云天穹北斗玄武青龙麒麟鲲鹏昆仑长风飞鸿凌霄启明羲和望舒祝融悟空蛟烛照")
PRODUCT_TAILS = ["一号", "二号", "Pro", "X1", "S3", "Max", "M5", "Neo"]
COMPANY_FORMS = ["科技有限公司", "股份有限公司", "科技股份有限公司", "集团有限公司"]
REPORTERS = ["王磊", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄昊", "周婷", "吴迪", "徐静", "孙艳"]
OUTLETS = ["示例经济报", "新华社", "中国产经日报", "科技创新周刊", "财经观察"]
AGENCY_SHORT = {"国家药品监督管理局": "国家药监局"}

FILLER_OPENERS = ["据了解，", "记者了解到，", "据介绍，", "与此同时，", "业内人士认为，", "此外，", "记者在现场看到，", "", "", ""]
# Sentences without figures; {s} the company's short name, {c} its city, {i} its industry, {p} a product.
FILLER = [
    "{c}近年来持续完善{i}产业配套，吸引了一批上下游企业集聚发展",
    "{s}的生产线上工人们正有序忙碌，一派繁忙景象",
    "相关部门将加强统筹协调，推动各项惠企政策落地见效",
    "{s}将继续加大研发力度，提升核心竞争力",
    "这一进展将进一步提升{c}{i}产业的竞争力",
    "园区坚持创新驱动，推动产业链上下游协同发展",
    "{c}将持续优化营商环境，加大对重点企业的服务保障力度",
    "高质量发展需要科技创新与产业创新深度融合",
    "行业代表围绕技术创新、市场拓展等议题深入交流",
    "{s}正加快推进数字化转型和绿色化发展",
    "展厅里的显示屏实时滚动着生产数据，吸引不少参观者驻足",
    "多位受访者表示，对{i}行业未来发展充满信心",
    "项目建成后将有效带动就业，助力{c}经济发展",
    "{s}与高校、科研院所共建联合实验室，打通成果转化的堵点",
    "下一步，{s}将聚焦关键核心技术攻关，加快产品迭代升级",
    "“{p}”的订单排期已经延续到明年，工厂正在加紧扩产",
    "{c}出台专项政策，在用地、融资、人才等方面给予支持",
    "不少海外客户专程前来考察，洽谈合作意向",
    "{i}行业竞争日趋激烈，企业纷纷在细分领域寻找突破口",
    "专家建议进一步完善标准体系，引导{i}行业规范有序发展",
    "{s}在研发中心引进了一支高水平的工程师团队",
    "从原材料采购到整机装配，“{p}”的关键环节基本实现自主可控",
    "“{p}”在高温、高湿等极端环境下经受住了考验",
    "{s}负责人坦言，人才仍是制约发展的最大瓶颈",
    "走进{s}的智能工厂，机械臂上下翻飞，物流小车往来穿梭",
    "“{p}”上市后迅速打开了市场，口碑持续走高",
    "在{c}高新区，像{s}这样的科技型企业正在加速成长",
    "{s}把用户反馈作为产品改进的重要依据",
    "面对原材料价格波动，{s}通过精益管理稳住了成本",
    "{c}的{i}企业正在从“制造”向“智造”转变",
    "技术人员正在调试新一代“{p}”的样机",
    "{s}还积极参与行业标准的制定工作",
    "业内普遍认为，{i}赛道仍处于快速成长期",
    "当地金融机构为{s}量身定制了融资方案",
    "{s}在海外设立了营销服务网点，服务响应更加及时",
    "围绕产业链关键环节，{c}开展精准招商",
    "质量是企业的生命线，{s}对每一道工序都严格把关",
    "“{p}”的核心部件实现了国产替代",
    "年轻的研发团队是{s}最宝贵的财富",
    "{c}正在打造具有全国影响力的{i}产业高地",
]
QUOTES = [
    "“我们要把更多精力放在基础研究上，真正解决卡脖子问题。”",
    "“客户的需求在变，我们的产品也必须跟着变。”",
    "“过去靠价格取胜，现在要靠技术和服务取胜。”",
    "“这是一场马拉松，不能只看眼前的投入产出。”",
    "“市场空间很大，但门槛也在不断提高。”",
    "“我们的目标是让每一位用户都用得上、用得起。”",
    "“创新没有捷径，只能一步一个脚印往前走。”",
    "“政府的服务很贴心，企业发展的底气更足了。”",
]
ROLES = ["董事长", "总经理", "副总裁", "研发中心主任", "首席技术官", "市场总监"]
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂")

CN_DIGITS = "零一二三四五六七八九"


# ---------------------------------------------------------------- numerals


def cn_int(n: int) -> str:
    """An integer in Chinese numerals as news writes it: 五, 十二, 三百零五, 一千七百, 一万二千."""
    if n == 0:
        return "零"
    if n >= 100000000:
        high, low = divmod(n, 100000000)
        return cn_int(high) + "亿" + (("零" if low < 10000000 else "") + cn_int(low) if low else "")
    if n >= 10000:
        high, low = divmod(n, 10000)
        return cn_int(high) + "万" + (("零" if low < 1000 else "") + cn_int(low) if low else "")
    out, zero = [], False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out.append("零")
            out.append(CN_DIGITS[d] + name)
            zero = False
        else:
            zero = bool(out)
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def cn_decimal(x: float) -> str:
    """8.7 → 八点七; 12 → 十二."""
    whole, _, frac = f"{x:g}".partition(".")
    return cn_int(int(whole)) + ("点" + "".join(CN_DIGITS[int(c)] for c in frac) if frac else "")


def fmt(x: float) -> str:
    return f"{x:.10g}"


# ---------------------------------------------------------------- the world


@dataclass
class Subject:
    name: str  # as written in full on first mention
    short: str  # as written afterwards
    kind: str  # company | city | fair
    city: str = ""
    industry: tuple = ()
    products: list[str] = field(default_factory=list)


@dataclass
class Fact:
    """One true value of the world: (subject, metric, time frame) → value."""

    id: int
    subject: Subject
    template: str
    value: Union[int, float, dt.date]
    extra: dict = field(default_factory=dict)
    as_of_month: int = 0  # running totals: 截至 this month's end (0: 2024年底)


@dataclass
class Fig:
    text: str
    key: Optional[tuple] = None  # (fact id, mention role) when a label may point here


@dataclass(eq=False)
class Mention:
    fact: Fact
    role: str  # same | changed | later | fallen
    value: object
    as_of_month: int = 0

    @property
    def fig_key(self) -> tuple:
        return (self.fact.id, id(self))


Part = Union[str, Fig]


class World:
    def __init__(self, rng: random.Random, n_companies: int):
        self.rng = rng
        self.used: set[str] = set()
        self.products: set[str] = set()
        self.companies = [self._company() for _ in range(n_companies)]
        self.cities = [Subject(f"{c}市", c, "city", city=c) for c, _ in CITIES]
        self.fairs = [
            Subject(f"“2025{c}{ind[0]}产业博览会”", f"{c}{ind[0]}产业博览会", "fair", city=c, industry=ind)
            for c, _ in CITIES
            for ind in INDUSTRIES
        ]
        self.facts: list[Fact] = []
        self._by_key: dict[tuple, Fact] = {}

    def _company(self) -> Subject:
        rng = self.rng
        while True:
            short = "".join(rng.sample(SYLLABLES, 2 if len(self.used) < 400 else 3))
            # 华创 and 华创远 would read as one company: no name contains another.
            if short not in self.used and short[:2] not in self.used and short[1:] not in self.used:
                self.used.add(short)
                break
        city = rng.choice(CITIES)[0]
        industry = rng.choice(INDUSTRIES)
        form = rng.choice(COMPANY_FORMS)
        full = f"{city}{short}{industry[0]}{form}"
        products = [self._product() for _ in range(2)]
        return Subject(full, short, "company", city=city, industry=industry, products=products)

    def _product(self) -> str:
        """A product name no other company uses (two makers of one “星云X1” would be one product)."""
        rng = self.rng
        while True:
            head = "".join(rng.sample(PRODUCT_HEADS, 2 if len(self.products) < 2000 else 3))
            name = head + rng.choice(PRODUCT_TAILS)
            if name not in self.products:
                self.products.add(name)
                return name

    def fact(self, subject: Subject, template: str, **key) -> Fact:
        """The one fact for this subject, template and time frame (made on first use)."""
        k = (subject.name, template, tuple(sorted(key.items())))
        if k not in self._by_key:
            f = Fact(len(self.facts) + 1, subject, template, TEMPLATES[template].value(self.rng, subject, key), dict(key))
            f.as_of_month = key.get("as_of_month", 0)
            self.facts.append(f)
            self._by_key[k] = f
        return self._by_key[k]


# ---------------------------------------------------------------- how figures are written


def w_money_yi(v: float, rng: random.Random) -> str:
    """An amount in 亿元, written as 亿元, 万亿元 or 万元."""
    r = rng.random()
    if v >= 10000:
        return f"{fmt(v / 10000)}万亿元" if r < 0.6 else f"{fmt(v)}亿元"
    if v < 100 and r < 0.25 and v * 10000 == int(v * 10000):
        return f"{int(v * 10000)}万元"
    return f"{fmt(v)}亿元"


def w_count(n: int, unit: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.25 and n < 100000:
        return cn_int(n) + unit
    if r < 0.45 and n >= 10000 and n % 100 == 0:
        return f"{fmt(n / 10000)}万{unit}"
    return f"{n}{unit}"


def w_percent(p: float, rng: random.Random) -> str:
    return f"百分之{cn_decimal(p)}" if rng.random() < 0.25 else f"{fmt(p)}%"


def w_date(d: dt.date, rng: random.Random, article_year: int) -> str:
    if d.year != article_year or rng.random() < 0.3:
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.month}月{d.day}日"


def w_rank(n: int, rng: random.Random) -> str:
    return rng.choice(["居全国第", "位列全国第", "排名全国第"]) + cn_int(n)


# ---------------------------------------------------------------- templates

# A template makes the fact's true value and writes a sentence mentioning it:
# `render(subject, mention, ctx) -> list[Part]`. Figures are `Fig`s so labels can
# anchor on them. `ctx` knows the article (date, how the subject is named).


@dataclass
class Ctx:
    rng: random.Random
    date: dt.date
    name: str  # how the article names the subject here (short name after the declaration)


@dataclass
class Template:
    value: object  # (rng, subject, key) -> value
    render: object  # (subject, mention, ctx) -> list[Part]
    running: bool = False  # a running total: may be reported later, larger
    kind: str = "number"


def _changed_number(v, rng: random.Random, integer: bool):
    """A slip: two adjacent digits swapped, or a wrong multiple; always clearly different."""
    text = fmt(v) if not integer else str(int(v))
    pairs = [i for i in range(len(text) - 1) if text[i].isdigit() and text[i + 1].isdigit()]
    for _ in range(4):
        if not pairs:
            break
        a = rng.choice(pairs)
        swapped = text[:a] + text[a + 1] + text[a] + text[a + 2 :]
        if swapped[0] == "0" or swapped == text:
            continue
        new = int(swapped) if integer else float(swapped)
        # 7023 / 7203 is a slip; a round 12000 (also written 1.2万, ±500) needs a larger change.
        if abs(new - v) / v >= (0.08 if text.endswith("00") else 0.02):
            return new
    factor = rng.choice([1.5, 2, 0.6])
    return int(round(v * factor)) if integer else round(v * factor, 1)


def t_revenue():
    def value(rng, s, key):
        v = round(rng.uniform(3, 900), 1) if rng.random() < 0.97 else round(rng.uniform(1.01, 3.5), 2) * 10000
        return v

    def render(s, m, c):
        year = m.fact.extra["year"]
        lead = f"{year}年，" if c.rng.random() < 0.7 or year != c.date.year - 1 else "去年，"
        verb = c.rng.choice(["实现营业收入", "营业收入达到", "全年营收"])
        return [lead, c.name, verb, Fig(w_money_yi(m.value, c.rng), m.fig_key), "。"]

    return Template(value, render)


def t_growth():
    def value(rng, s, key):
        return round(rng.uniform(2, 60), 1)

    def render(s, m, c):
        year = m.fact.extra["year"]
        verb = c.rng.choice(["出口额同比增长", "出口额较上年增长"])
        return [f"{year}年，", c.name, verb, Fig(w_percent(m.value, c.rng), m.fig_key), "。"]

    return Template(value, render)


def t_rd():
    def value(rng, s, key):
        return round(rng.uniform(0.5, 40), 2)

    def render(s, m, c):
        year = m.fact.extra["year"]
        lead = f"{year}年，" if year != c.date.year - 1 or c.rng.random() < 0.5 else "去年，"
        return [lead, c.name, c.rng.choice(["研发投入", "投入研发资金"]), Fig(w_money_yi(m.value, c.rng), m.fig_key), "。"]

    return Template(value, render)


def t_staff():
    def value(rng, s, key):
        return rng.choice([rng.randrange(200, 3000, 10), rng.randrange(3000, 30000, 100)])

    def render(s, m, c):
        return ["截至2024年底，", c.name, c.rng.choice(["共有员工", "员工总数达"]), Fig(w_count(m.value, "人", c.rng), m.fig_key), "。"]

    return Template(value, render)


def _as_of(month: int, c: Ctx) -> str:
    if month == 0:
        return "截至2024年底，"
    return f"截至{month}月底，" if c.rng.random() < 0.7 else f"截至今年{month}月底，"


def t_patents():
    def value(rng, s, key):
        return rng.randrange(40, 2400)

    def render(s, m, c):
        if m.role in ("later", "fallen") and c.rng.random() < 0.4 and m.as_of_month == c.date.month:
            lead = "目前，"
        else:
            lead = _as_of(m.as_of_month, c)
        verb = c.rng.choice(["累计获得授权专利", "已累计拥有授权专利"])
        return [lead, c.name, verb, Fig(w_count(m.value, "件", c.rng), m.fig_key), "。"]

    return Template(value, render, running=True)


def t_deliveries():
    def value(rng, s, key):
        return rng.randrange(300, 60000) if s.industry[2] not in ("万颗", "万片", "批") else rng.randrange(20, 900)

    def render(s, m, c):
        product = s.products[0]
        unit = s.industry[2]
        lead = _as_of(m.as_of_month, c)
        return [lead, c.name, f"“{product}”{s.industry[1]}累计交付", Fig(w_count(m.value, unit, c.rng), m.fig_key), "。"]

    return Template(value, render, running=True)


def t_approval():
    def value(rng, s, key):
        return key["before"] - dt.timedelta(days=rng.randrange(5, 160))

    def render(s, m, c):
        product, agency = s.products[1], s.industry[3]
        agency = AGENCY_SHORT.get(agency, agency) if c.rng.random() < 0.5 else agency
        return [Fig(w_date(m.value, c.rng, c.date.year), m.fig_key), "，", c.name, f"自主研发的“{product}”获得{agency}注册批准。"]

    return Template(value, render, kind="date")


def t_rank():
    def value(rng, s, key):
        return rng.randrange(2, 9)

    def render(s, m, c):
        return [c.name, f"{s.industry[1]}市场占有率", Fig(w_rank(m.value, c.rng), m.fig_key), "。"]

    return Template(value, render)


def t_cycle():
    def value(rng, s, key):
        return rng.randrange(14, 36)

    def render(s, m, c):
        after = m.fact.extra["after"]
        return [f"据介绍，“{s.products[0]}”的研发周期从", Fig(f"{m.value}个月", m.fig_key), f"缩短至{after}个月。"]

    return Template(value, render)


def t_orders_usd():
    def value(rng, s, key):
        return round(rng.uniform(0.3, 12), 1)

    def render(s, m, c):
        return ["2025年一季度，" if c.date < dt.date(2025, 4, 1) or c.rng.random() < 0.5 else "今年一季度，",
                c.name, "海外订单金额达", Fig(f"{fmt(m.value)}亿美元", m.fig_key), "。"]

    return Template(value, render)


def t_lines():
    def value(rng, s, key):
        return rng.randrange(3, 60)

    def render(s, m, c):
        return ["截至2024年底，", c.name, "已建成智能生产线", Fig(w_count(m.value, "条", c.rng), m.fig_key), "。"]

    return Template(value, render)


def t_base():
    def value(rng, s, key):
        return round(rng.uniform(1.2, 80), 1)

    def render(s, m, c):
        return [c.name, f"在{s.city}投资建设的{s.industry[0]}生产基地项目总投资", Fig(w_money_yi(m.value, c.rng), m.fig_key), "。"]

    return Template(value, render)


def t_city_output():
    def value(rng, s, key):
        return rng.randrange(300, 9000)

    def render(s, m, c):
        industry = m.fact.extra["industry"]
        year = m.fact.extra["year"]
        return [f"{year}年，", s.name, f"{industry}产业规模达到", Fig(w_money_yi(m.value, c.rng), m.fig_key), "。"]

    return Template(value, render)


def t_fair():
    def value(rng, s, key):
        return rng.randrange(120, 1600)

    def render(s, m, c):
        return ["本届", s.name, "共吸引", Fig(w_count(m.value, "家", c.rng), m.fig_key), "企业参展。"]

    return Template(value, render)


def t_countries():
    def value(rng, s, key):
        return rng.randrange(8, 120)

    def render(s, m, c):
        return ["截至2024年底，", c.name, f"的{s.industry[1]}已出口到", Fig(w_count(m.value, "个", c.rng), m.fig_key), "国家和地区。"]

    return Template(value, render)


def t_customers():
    def value(rng, s, key):
        return rng.choice([rng.randrange(2, 20) * 100, rng.randrange(2, 10) * 10])

    def render(s, m, c):
        v = m.value
        figure = f"超过{v}家" if c.rng.random() < 0.5 else (f"{v}余家" if c.rng.random() < 0.5 else f"{v}多家")
        return ["截至2024年底，", c.name, "服务的海外客户", Fig(figure, m.fig_key), "。"]

    return Template(value, render)


TEMPLATES: dict[str, Template] = {
    "revenue": t_revenue(),
    "growth": t_growth(),
    "rd": t_rd(),
    "staff": t_staff(),
    "patents": t_patents(),
    "deliveries": t_deliveries(),
    "approval": t_approval(),
    "rank": t_rank(),
    "cycle": t_cycle(),
    "orders": t_orders_usd(),
    "lines": t_lines(),
    "base": t_base(),
    "city": t_city_output(),
    "fair": t_fair(),
    "countries": t_countries(),
    "customers": t_customers(),
}
COMPANY_TEMPLATES = [
    "revenue", "growth", "rd", "staff", "patents", "deliveries", "approval", "rank", "cycle", "orders", "lines", "base",
    "countries", "customers",
]


# ---------------------------------------------------------------- articles


@dataclass
class Article:
    name: str
    date: dt.date
    company: Subject
    mentions: list[Mention] = field(default_factory=list)
    text: str = ""
    spans: dict = field(default_factory=dict)  # fig key → (start, end) in text


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))


def fillers(rng: random.Random, a: Article):
    """Sentences without figures, none repeated until all have been used."""
    c = a.company
    slots = {"s": c.short, "c": c.city, "i": c.industry[0], "p": c.products[0]}
    while True:
        pool = FILLER[:]
        rng.shuffle(pool)
        for sentence in pool:
            if rng.random() < 0.12:
                yield f"{c.short}{rng.choice(ROLES)}{person(rng)}说：{rng.choice(QUOTES)}"
            yield rng.choice(FILLER_OPENERS) + sentence.format(**slots) + "。"


def render_article(a: Article, rng: random.Random) -> None:
    """The article's text; `a.spans` records where each figure landed."""
    c = a.company
    full_first = f"{c.name}（以下简称{c.short}）"
    sentences: list[list[Part]] = []
    for m in a.mentions:
        s = m.fact.subject
        name = s.short if s is c else s.name
        if s.kind == "company" and s is not c:
            name = f"同行业的{s.name}"
        ctx = Ctx(rng, a.date, name)
        sentences.append(TEMPLATES[m.fact.template].render(s, m, ctx))
    rng.shuffle(sentences)
    lead = [rng.choice(["近日，", "日前，", ""]), full_first, rng.choice(["召开年度发展大会", "举行新品发布会", "迎来了一批客户"]), "。"]
    body: list[list[Part]] = [lead]
    more = fillers(rng, a)
    for s in sentences:
        body.append(s)
        if rng.random() < 0.6:
            body.append([next(more)])
    size = sum(len(p) if isinstance(p, str) else len(p.text) for s in body for p in s)
    while size < 1800:
        sentence = next(more)
        body.insert(rng.randrange(1, len(body) + 1), [sentence])
        size += len(sentence)
    # Paragraphs of 2-4 sentences.
    paragraphs: list[list[list[Part]]] = []
    i = 0
    while i < len(body):
        k = rng.randint(2, 4)
        paragraphs.append(body[i : i + k])
        i += k
    head, dateline = _head(a, rng)
    if dateline.endswith("，"):  # 本报讯（…）5月22日，近日，… reads wrong: the day is said
        lead[0] = ""
    out: list[str] = [head]
    pos = len(head)
    for pi, para in enumerate(paragraphs):
        if pi:
            out.append("\n\n")
            pos += 2
        elif dateline:
            out.append(dateline)
            pos += len(dateline)
        for sent in para:
            for part in sent:
                if isinstance(part, Fig):
                    if part.key is not None:
                        a.spans[part.key] = (pos, pos + len(part.text))
                    out.append(part.text)
                    pos += len(part.text)
                else:
                    out.append(part)
                    pos += len(part)
    out.append(_tail(a, rng))
    a.text = "".join(out)


def _head(a: Article, rng: random.Random) -> tuple[str, str]:
    title = f"{a.company.short}{rng.choice(['加快推动高质量发展', '跑出创新加速度', '深耕细分赛道', '以创新赢得市场'])}"
    d = a.date
    if a.name.endswith(".md"):
        outlet = rng.choice(OUTLETS)
        return f"---\ntitle: {title}\ndate: {d.isoformat()}\noutlet: {outlet}\n---\n\n", ""
    city = a.company.city
    style = rng.random()
    head = f"{title}\n\n"
    if style < 0.15:
        head += f"来源：{rng.choice(OUTLETS)}　{d.isoformat()} {rng.randint(7, 21):02d}:{rng.choice(['00', '15', '30', '45'])}\n\n"
    if style < 0.55:
        dateline = f"新华社{city}{d.month}月{d.day}日电（记者 {rng.choice(REPORTERS)}）"
    elif style < 0.8:
        dateline = f"中新网{city}{d.month}月{d.day}日电（{rng.choice(REPORTERS)}）"
        head = f"{title}\n\n{d.year}年{d.month:02d}月{d.day:02d}日 来源：中国新闻网\n\n"
    else:
        head += f"{d.year}年{d.month:02d}月{d.day:02d}日\n\n"
        dateline = f"本报讯（记者 {rng.choice(REPORTERS)} 通讯员 {person(rng)}）{d.month}月{d.day}日，"
    return head, dateline


def _tail(a: Article, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.2:
        return f"\n\n责任编辑：{person(rng)}\n"
    if r < 0.3:
        titles = [f"{rng.choice(CITIES)[0]}{rng.choice(INDUSTRIES)[0]}产业集群加速成势" for _ in range(3)]
        return "\n\n相关阅读：\n" + "".join(f"· {t}\n" for t in titles)
    if r < 0.35:
        return f"\n\n（图片来源：{rng.choice(OUTLETS)}）\n\n版权声明：本文版权归{rng.choice(OUTLETS)}所有，未经授权不得转载。\n"
    return "\n"


# ---------------------------------------------------------------- planting relations


def plan(n: int, rng: random.Random) -> tuple[World, list[Article]]:
    world = World(rng, max(4, n // 4))
    start = dt.date(2025, 1, 6)
    articles = []
    for i in range(n):
        name = f"a{i:05d}.{'md' if i % 3 == 0 else 'txt'}"
        articles.append(Article(name, start + dt.timedelta(days=rng.randrange(0, 240)), rng.choice(world.companies)))
    by_company: dict[str, list[Article]] = {}
    for a in articles:
        by_company.setdefault(a.company.name, []).append(a)
    for company in world.companies:
        writers = sorted(by_company.get(company.name, []), key=lambda a: (a.date, a.name))
        if writers:
            _plant_company(world, company, writers, rng)
    for a in articles:
        _plant_context(world, a, rng)
    return world, articles


def _plant_company(world: World, c: Subject, writers: list[Article], rng: random.Random) -> None:
    """Each article about `c` mentions 8-11 of its facts; shared facts may be changed or move on."""
    chosen = {a.name: rng.sample(COMPANY_TEMPLATES, rng.randint(8, 11)) for a in writers}
    after = rng.randrange(3, 12)
    for template in COMPANY_TEMPLATES:
        reporters = [a for a in writers if template in chosen[a.name]]
        if not reporters:
            continue
        t = TEMPLATES[template]
        key: dict = {}
        if template in ("revenue", "growth", "rd"):
            key["year"] = 2024
        if template == "cycle":
            key["after"] = after
        if t.running:
            key["as_of_month"] = reporters[0].date.month - 1
        if template == "approval":
            key["before"] = reporters[0].date
        fact = world.fact(c, template, **key)
        plan_roll = rng.random()
        last = reporters[-1]
        for k, a in enumerate(reporters):
            role, value, month = "same", fact.value, fact.as_of_month
            if k and a is last and len(reporters) >= 2:
                if t.running and plan_roll < 0.45 and last.date.month - 1 > fact.as_of_month:
                    month = last.date.month - 1
                    role, value = "later", int(fact.value * rng.uniform(1.15, 1.9)) + 1
                    if plan_roll < 0.05:
                        role, value = "fallen", int(fact.value * rng.uniform(0.5, 0.8))
                elif plan_roll > 0.88:
                    role, value = "changed", _changed(fact, rng)
            a.mentions.append(Mention(fact, role, value, month))
        if template == "revenue" and rng.random() < 0.35:
            # The same company's revenue of another year: a look-alike of the 2024 figure.
            other = world.fact(c, "revenue", year=2023)
            a = rng.choice(writers)
            a.mentions.append(Mention(other, "same", other.value))


def _changed(fact: Fact, rng: random.Random):
    v = fact.value
    if isinstance(v, dt.date):
        return v + dt.timedelta(days=rng.choice([-2, 2, 3, -3, 7]))
    if fact.template == "rank":
        return v + rng.choice([1, 2]) if v < 4 or rng.random() < 0.5 else v - 1
    if fact.template == "cycle":
        return v + rng.choice([-6, -4, 4, 6])
    if fact.template == "customers":  # round figures stay round: 300 → 500, 60 → 90
        step = 100 if v >= 100 else 10
        return v + step * rng.choice([2, 3, 5]) if v < 5 * step else v - step * 2
    return _changed_number(v, rng, isinstance(v, int))


def _plant_context(world: World, a: Article, rng: random.Random) -> None:
    """A city figure, a trade fair and now and then another company's figure."""
    city = next(s for s in world.cities if s.city == a.company.city)
    if rng.random() < 0.5:
        year = 2024 if rng.random() < 0.85 else 2023  # the same city's figure for another year: a look-alike
        fact = world.fact(city, "city", year=year, industry=a.company.industry[0])
        a.mentions.append(Mention(fact, _roll_change(rng), None))
    if rng.random() < 0.3:
        fair = next(f for f in world.fairs if f.city == a.company.city and f.industry == a.company.industry)
        a.mentions.append(Mention(world.fact(fair, "fair"), _roll_change(rng), None))
    if rng.random() < 0.3:
        other = rng.choice(world.companies)
        if other is not a.company:
            fact = world.fact(other, "revenue", year=2024)
            a.mentions.append(Mention(fact, "same", fact.value))


def _roll_change(rng: random.Random) -> str:
    return "maybe-changed" if rng.random() < 0.06 else "same"


def _settle(world: World, articles: list[Article], rng: random.Random) -> None:
    """Context facts: the first mention is right; a later one may be the planted slip."""
    seen: dict[int, int] = {}
    for a in sorted(articles, key=lambda a: (a.date, a.name)):
        for m in a.mentions:
            if m.value is None:
                first = m.fact.id not in seen
                seen[m.fact.id] = seen.get(m.fact.id, 0) + 1
                if m.role == "maybe-changed" and not first:
                    m.role, m.value = "changed", _changed(m.fact, rng)
                else:
                    m.role, m.value = "same", m.fact.value


# ---------------------------------------------------------------- labels


def anchor(a: Article, key) -> str:
    """A substring holding the figure (and no other figure) that occurs once in the file."""
    start, end = a.spans[key]
    text = a.text
    floor = max(text.rfind(ch, 0, start) for ch in "，。\n") + 1
    for other_start, other_end in a.spans.values():
        if other_end <= start:
            floor = max(floor, other_end)
    for left in range(start, floor - 1, -1):
        cand = text[left:end]
        if len(cand) >= 4 and text.count(cand) == 1:
            return cand
    for right in range(end + 1, min(len(text), end + 30)):
        cand = text[floor:right]
        if text.count(cand) == 1:
            return cand
    raise ValueError(f"{a.name}: no unique anchor for {text[start:end]!r}")


# The scorer compares every label with every finding: a sample of agreements and look-alikes
# measures them well enough and keeps scoring a 2,000-article corpus to a minute or two.
# Every conflict and timeline is labelled (precision needs them all).
AGREE_EVERY = 3  # label the agreement of one fact in three
NOT_SAME_PER_GROUP = 10  # look-alike labels per (metric, time frame)


def labels_for(articles: list[Article]) -> list[dict]:
    where: dict[int, list[tuple[Article, Mention]]] = {}
    for a in sorted(articles, key=lambda a: (a.date, a.name)):
        for m in a.mentions:
            where.setdefault(m.fact.id, []).append((a, m))
    out: list[dict] = []

    def rel(label, fact, x, y, note):
        (a1, m1), (a2, m2) = x, y
        out.append({
            "id": f"g-{len(out) + 1}", "label": label, "kind": TEMPLATES[fact.template].kind, "tier": "core",
            "a": {"file": a1.name, "anchor": anchor(a1, m1.fig_key)},
            "b": {"file": a2.name, "anchor": anchor(a2, m2.fig_key)},
            "note": note,
        })

    by_subject_template: dict[tuple, list[int]] = {}
    facts = {}
    for fid, reports in sorted(where.items()):
        fact = reports[0][1].fact
        facts[fid] = fact
        by_subject_template.setdefault((fact.template, str(sorted(fact.extra.items()))), []).append(fid)
        same = [r for r in reports if r[1].role == "same"]
        if not same:
            continue
        first = same[0]
        if len(same) >= 2 and fid % AGREE_EVERY == 0:
            rel("AGREE", fact, first, same[1], f"fact {fid}: {fact.template} of {fact.subject.short}")
        for r in reports:
            role = r[1].role
            if role in ("changed", "fallen"):
                # Every value that differs is labelled against every report of the right value.
                for s in same:
                    rel("CONFLICT", fact, s, r, f"fact {fid}: {fact.template} of {fact.subject.short} changed")
            elif role == "later":
                for s in same:
                    rel("TIMELINE", fact, s, r, f"fact {fid}: {fact.template} of {fact.subject.short} later")
    # Look-alikes: the same metric and time frame for another subject; the same company, another year.
    for (template, _), fids in sorted(by_subject_template.items()):
        for f1, f2 in list(zip(fids, fids[1:]))[:NOT_SAME_PER_GROUP]:
            x, y = where[f1][0], where[f2][0]
            if x[0] is not y[0] and x[1].value != y[1].value:
                rel("NOT-SAME", facts[f1], x, y, f"{template}: {facts[f1].subject.short} vs {facts[f2].subject.short}")
    by_subject: dict[tuple, list[int]] = {}
    for fid, fact in sorted(facts.items()):
        if "year" in fact.extra:
            by_subject.setdefault((fact.subject.name, fact.template, str(sorted((k, v) for k, v in fact.extra.items() if k != "year"))), []).append(fid)
    for fids in by_subject.values():
        for f1, f2 in zip(fids, fids[1:]):
            (x, y), fact = (where[f1][0], where[f2][0]), facts[f1]
            if x[0] is not y[0] and x[1].value != y[1].value:
                rel("NOT-SAME", fact, x, y, f"{fact.template} of {fact.subject.short}: {fact.extra['year']} vs {facts[f2].extra['year']}")
    return out


# ---------------------------------------------------------------- drafts


def drafts(world: World, articles: list[Article], k: int, rng: random.Random) -> list[Article]:
    """Draft articles about corpus companies: agreeing figures, one planted slip each."""
    pool = sorted({a.company.name: a.company for a in articles}.values(), key=lambda s: s.name)
    out = []
    last_date = max(a.date for a in articles)
    for i in range(k):
        c = rng.choice(pool)
        d = Article(f"draft{i + 1:02d}.md", last_date + dt.timedelta(days=1 + i), c)
        facts = [f for f in world.facts if f.subject is c and not TEMPLATES[f.template].running]
        for j, fact in enumerate(facts[:6]):
            if j == 0:
                d.mentions.append(Mention(fact, "changed", _changed(fact, rng)))
            else:
                d.mentions.append(Mention(fact, "same", fact.value))
        render_article(d, rng)
        out.append(d)
    return out


# ---------------------------------------------------------------- main


def generate(n: int, seed: int, out: Path, n_drafts: int = 0, drafts_out: Optional[Path] = None) -> dict:
    rng = random.Random(seed)
    world, articles = plan(n, rng)
    _settle(world, articles, rng)
    for a in articles:
        render_article(a, rng)
    labels = labels_for(articles)
    out.mkdir(parents=True, exist_ok=True)
    for a in articles:
        (out / a.name).write_text(a.text, encoding="utf-8")
    _write_jsonl(out / "labels.jsonl", labels)
    summary = {"articles": n, "characters": sum(len(a.text) for a in articles), "relations": len(labels)}
    for label in ("AGREE", "CONFLICT", "TIMELINE", "NOT-SAME"):
        summary[label] = sum(1 for r in labels if r["label"] == label)
    if n_drafts:
        if drafts_out is None:
            raise SystemExit("--drafts needs --drafts-out")
        made = drafts(world, articles, n_drafts, rng)
        drafts_out.mkdir(parents=True, exist_ok=True)
        for d in made:
            (drafts_out / d.name).write_text(d.text, encoding="utf-8")
        _write_jsonl(drafts_out / "drafts.gold.jsonl", _draft_labels(made, articles))
        summary["drafts"] = len(made)
    return summary


def _draft_labels(made: list[Article], articles: list[Article]) -> list[dict]:
    """A draft's slip against every corpus report of another value; its agreement with the first right one."""
    where: dict[int, list[tuple[Article, Mention]]] = {}
    for a in sorted(articles, key=lambda a: (a.date, a.name)):
        for m in a.mentions:
            where.setdefault(m.fact.id, []).append((a, m))
    out = []
    for d in made:
        for m in d.mentions:
            for a, am in where.get(m.fact.id, []):
                if am.value == m.value:
                    label = "AGREE"
                elif am.role == "later":
                    continue  # a running total reported later: not what the draft contradicts
                else:
                    label = "CONFLICT"
                out.append({
                    "id": f"d-{len(out) + 1}", "label": label, "kind": TEMPLATES[m.fact.template].kind, "tier": "core",
                    "a": {"file": d.name, "anchor": anchor(d, m.fig_key)}, "b": {"file": a.name, "anchor": anchor(a, am.fig_key)},
                    "note": f"fact {m.fact.id}",
                })
    return out


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the articles and labels.jsonl into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drafts", type=int, default=0, help="also write this many draft articles")
    parser.add_argument("--drafts-out", type=Path, help="folder for the drafts and drafts.gold.jsonl")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    summary = generate(args.n, args.seed, args.out, args.drafts, args.drafts_out)
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
