"""What one article is about: the weighted terms of its headline and lead, for the stories stage.

A story (one event or subject followed by several outlets) is named in the
headline and the first sentences: 芦山7.0级地震, 台风“杜苏芮”, 贵州茅台2023年
年报, 2024年春节档. This module reads those two places only and returns their
terms with weights (`data/stories.toml`): names (quoted names, titles,
organisations, serial names such as 嫦娥五号) above words (places and the
years named are words), the headline above the lead. Event names (芦山地震,
杭州亚运会) are ordinary words, rare enough across an archive to weigh by
themselves. Reading only the lead keeps the cost a fraction of extraction's.

It does not group articles (`checker/stories.py` does) and reads no other
article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from .. import lexicon
from ..models import Sentence, Statement, Topic
from . import words
from .entities import Entity
from .times import comparison_bases

_HAN = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)\d{2})\s*年")
_QUOTED = re.compile(r"[“\"「《]([^”\"」》\n]{2,16})[”\"」》]")
# A name with a serial number: 嫦娥五号, 天问一号, 神舟十六号, 长征五号B (jieba cuts them apart).
_SERIAL = re.compile(r"[\u4e00-\u9fff]{2}[一二三四五六七八九十]{1,3}号")
_SERIAL_PARTS = re.compile(r"([\u4e00-\u9fff]{2})([一二三四五六七八九十]{1,3})号")
_MAGNITUDE = re.compile(r"(?<![\d.])(\d\.\d)\s*级(?:强烈|强|浅源)?地震")
_TYPHOON = re.compile(r"台风\s*[“\"「]([^”\"」\n]{2,6})[”\"」]")


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    terms = lexicon.stories().terms
    return frozenset(terms.stop) | frozenset(terms.colloquial) | frozenset(lexicon.function_words().words)


@lru_cache(maxsize=1)
def _counted() -> re.Pattern:
    return re.compile(lexicon.stories().terms.counted or r"(?!)")  # (?!) matches nothing


def _says_nothing(term: str) -> bool:
    """A stop word, a self-media filler or a count (一年, 两个): no clue to which story an article tells."""
    return term in _stop() or _counted().match(term) is not None


def lead_span(text: str, sentences: list[Sentence]) -> tuple[int, int]:
    """The body's first sentences that are not furniture (at most `lead.max_chars` characters)."""
    table = lexicon.stories().lead
    body = [s for s in sentences if not s.furniture and _HAN.search(text, s.start, s.end)]
    if not body:
        return 0, 0
    start = body[0].start
    end = body[min(table.sentences, len(body)) - 1].end
    return start, min(end, start + table.max_chars)


def topic(
    headline: Optional[str],
    text: str,
    sentences: list[Sentence],
    entities: list[Entity],
    statements: Iterable[Statement] = (),
) -> Topic:
    """The article's topic terms and weights; `headline` is the simplified title (None when it has none).

    `statements` are the article's own: the words around their figures and
    their subjects stand for the body at little cost (they are cut already).
    """
    table = lexicon.stories().weights
    start, end = lead_span(text, sentences)
    lead = text[start:end]
    head = headline or ""
    if head and lead.startswith(head):  # a .txt article's first line is its headline and its first "sentence"
        lead = lead[len(head) :]
    weights: dict[str, float] = {}

    def add(term: str, weight: float) -> None:
        if weight > 0 and len(term) >= 2 and not _says_nothing(term):
            weights[term] = max(weights.get(term, 0.0), weight)

    for s in statements:
        for w in s.context:
            add(w, table.body)
        if s.entity:
            add(s.entity, table.body * table.name)
    for part, where in ((lead, table.lead), (head, table.headline)):
        for w in words.cut(part):
            if _HAN.search(w) or w.isalpha():
                add(w, where)
        for name in _names(part):
            add(name, table.name * where)
        for year in _YEAR.findall(part):
            add(year + "年", table.year * where)
    for e in entities:
        if e.kind in ("quoted", "title", "org") and start <= e.start < end:
            add(e.name, table.name * table.lead)
    terms = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    return Topic(terms=[t for t, _ in terms], weights=[round(w, 3) for _, w in terms], marks=marks(head, lead))


def marks(head: str, lead: str) -> list[str]:
    """What tells the story of a headline and lead from another of its kind (`data/stories.toml`
    [marks]): kind=value strings, sorted. Years from the headline only: a lead recalls the years
    of other events (继2008年汶川地震之后, 1963年以来最大).
    """
    table = lexicon.stories().marks
    found = set()
    part = head + "\n" + lead
    for m in _YEAR.finditer(head):
        before, after = head[max(0, m.start() - 2) : m.start()], head[m.end() : m.end() + 2]
        if not before.endswith(comparison_bases()) and not after.startswith("以来"):
            found.add(f"year={m.group(1)}")
    found.update(f"serial:{stem}={n}" for stem, n in _SERIAL_PARTS.findall(part))
    found.update(f"holiday={table.holidays[w]}" for w in table.holidays if w in part)
    found.update(f"games={table.games[w]}" for w in _longest_names(table.games, part))
    found.update(f"magnitude={x}" for x in _MAGNITUDE.findall(part))
    found.update(f"typhoon={x}" for x in _TYPHOON.findall(part))
    return sorted(found)


def _longest_names(names: dict[str, str], part: str) -> list[str]:
    """The names of `names` in `part`, each where no longer one holds it (冬残奥会, not 残奥会 in it)."""
    return [m.group(0) for m in _names_pattern(tuple(names)).finditer(part)]


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(names, key=len, reverse=True)))


def _names(part: str) -> list[str]:
    """Quoted names and titles (杜苏芮, 满江红) and serial names (嫦娥五号, 神舟十六号) in a headline or lead."""
    return _QUOTED.findall(part) + _SERIAL.findall(part)
