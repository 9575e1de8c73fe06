"""Property tests: for any text, every per-article stage returns, and offsets hold.

For arbitrary Unicode and for text biased towards Chinese news (numerals,
units, qualifiers, full-width digits, traditional characters, CR/LF mixes,
zero-width and direction marks), these check that
- `clean` never raises, maps every clean character to a raw index (strictly
  increasing, inside the raw text, end sentinel last) and never drops a
  character that carries a digit or a Chinese numeral;
- `segment` gives ordered, in-bounds sentences and clauses;
- `process_article` never raises, and every statement points at its figure
  in the raw text: `raw[start:end] == text`, with the right line and column.
"""

from __future__ import annotations

import os
import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.api import process_article
from checker.clean import clean
from checker.models import Article
from checker.segment import segment

# CHECKER_PROPERTY_EXAMPLES=5000 for a longer hunt; CI keeps the suite fast.
EXAMPLES = int(os.environ.get("CHECKER_PROPERTY_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that carry a value: any decimal digit (ASCII, full-width, other scripts) or a
# Chinese numeral, simplified, traditional or financial.
CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿兩萬億壹贰貳叁肆伍陆陸柒捌玖拾佰仟"
RANK_WORDS = ("榜首", "首位", "首")

PIECES = [
    *"0123456789", *"０１２３４５６７８９", *"零一二两三四五六七八九十百千万亿", *"萬億兩壹貳叁陸拾佰仟",
    "例", "家", "款", "个", "亿元", "万元", "%", "％", "年", "月", "日", "人", "项", "倍", "个百分点",
    "近", "约", "逾", "余", "多", "以上", "左右", "超过", "不足", "上", "几", "数", "百分之", "分之", "点", ".", ",", "-", "至",
    *"，。、；：“”《》（）！？", "\n", "\r\n", "\r", "\n\n", " ", "\u3000", "\t",
    "\u200b", "\u200f", "\u200e", "\u202e", "\ufeff", "\x00", "\x0b", "\x85", "\u2028",
    "醫院", "國際", "發展", "關於", "醫(yī)院", "臺灣", "截至", "今年以来", "去年", "累计", "同比增长", "其中", "分别为", "从", "压缩至",
    "2024年", "2025年6月19日", "5月6日", "北京6月19日电", "（记者 王五）", "责任编辑：李四", "相关阅读", "第3版",
    "“北脑一号”", "《规划》", "有限公司", "研究所", "北京市", "全市", "居全国第二", "位居榜首", "第六个",
    "北京脑所北京脑所", "壹贰壹贰", "一千\u200b七百", "1\u200b234", "北京术锐机器人股份有限公司", "（以下简称术锐）", "术锐",
]


def _news_text() -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(PIECES), st.text(alphabet="北京新增企业项目医院的了和是", min_size=1, max_size=4))
    return st.lists(piece, max_size=60).map("".join)


ANY_TEXT = st.one_of(st.text(max_size=300), _news_text(), st.text(alphabet="".join(PIECES), max_size=200))


def _carries_value(ch: str) -> bool:
    return ch in CN_NUMERALS or unicodedata.decimal(ch, None) is not None


def _line_and_column(raw: str, index: int) -> tuple[int, int]:
    """1-based line and column, counting \\r\\n, \\r and \\n as one break each."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", raw[:index])]
    return len(starts), index - starts[-1] + 1


def _check_clean(raw: str, body_start: int):
    c = clean(raw, body_start)
    assert len(c.offsets) == len(c.text) + 1
    assert c.offsets[-1] == len(raw)
    assert all(a < b for a, b in zip(c.offsets, c.offsets[1:]))
    assert not c.offsets[:-1] or (body_start <= c.offsets[0] and c.offsets[-2] < len(raw))
    kept = set(c.offsets)
    lost = [(j, raw[j]) for j in range(body_start, len(raw)) if _carries_value(raw[j]) and j not in kept]
    assert not lost, f"clean dropped {lost}"
    previous = 0
    for a, b in c.furniture:
        assert previous <= a < b <= len(c.text)
        previous = b
    return c


@SETTINGS
@given(ANY_TEXT, st.integers(min_value=0, max_value=20))
@example("壹贰壹贰家", 0)
@example("销售额壹佰贰拾壹佰贰拾万元", 0)
@example("銷售額壹佰貳拾壹佰貳拾萬元", 3)
@example("北京脑所北京脑所5例", 0)
@example("１２３例\r\n\r\n四\n\n\n\n大科室", 0)
def test_clean_keeps_offsets_and_figures(raw, cut):
    _check_clean(raw, min(cut, len(raw)))


@SETTINGS
@given(ANY_TEXT)
def test_segment_spans_in_bounds_and_ordered(raw):
    c = clean(raw)
    previous = 0
    for s in segment(c):
        assert previous <= s.start < s.end <= len(c.text)
        previous = s.end
        inner = s.start
        for a, b in s.clauses:
            assert inner <= a < b <= s.end
            inner = b


def _check_statements(raw: str, body_start: int = 0) -> None:
    extraction = process_article(Article(id="s1", path="x.txt", raw=raw, body_start=body_start))
    for s in extraction.statements:
        assert body_start <= s.start < s.end <= len(raw), (s.start, s.end, len(raw))
        assert raw[s.start : s.end] == s.text
        assert (s.line, s.column) == _line_and_column(raw, s.start)
        assert any(_carries_value(ch) for ch in s.text) or s.kind == "date" or any(w in s.text for w in RANK_WORDS), s.text


@SETTINGS
@given(ANY_TEXT)
@example("从200天压缩至60天，第二、三类分别为7023个和2628个。")
@example("近约逾余近约逾余5例" + "达到" * 30 + "x")
@example("共有1" + "0" * 400 + "例，" + "亿" * 200 + "元")
@example("一千\u200b七百例\r\n逾2700家\r约10亿元左右")
def test_process_article_statements_point_at_their_text(raw):
    _check_statements(raw)


@SETTINGS
@given(st.text(alphabet="-: \ntitle", max_size=20), _news_text())
def test_statements_stay_in_the_body(head, body):
    raw = head + body
    _check_statements(raw, body_start=len(head))


# ---------------------------------------------------------------- align's quick test for subjects named apart

NAME_PIECES = [*"北京上海天奇凯华科创联", "大学", "医院", "集团", "股份有限公司", "有限公司", "（北京）", "市", "第一"]


@SETTINGS
@given(
    a=st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=5).map("".join),
    b=st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=5).map("".join),
    strengths=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    alias=st.booleans(),
)
def test_named_apart_only_when_judge_would_say_different(a, b, strengths, alias):
    """The shortcut in `align._candidates` never drops a pair `judge` would keep."""
    from checker.align import _entity_relation, _Initials
    from checker.models import Family, Statement

    def statement(name: str, strength: int) -> Statement:
        return Statement.model_construct(entity=name, entity_strength=strength, family=Family.COUNT)

    aliases = {a: b} if alias else {}
    sa, sb = statement(a, strengths[0]), statement(b, strengths[1])
    if _Initials(aliases).apart(sa, sb):
        assert _entity_relation(sa, sb, aliases) == "different"
