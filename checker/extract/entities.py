"""Named things in clean text, and when two names mean the same thing.

Recognises quoted names (“北脑一号”), organisations by their suffix
(…公司, …研究所, …大学, …基金), short names an article declares
(（以下简称术锐）) and common abbreviations from the entity table and
the project configuration. `same_entity` decides whether two names refer to
one thing: equal after dropping company-form suffixes and a leading place,
an alias, or an abbreviation whose characters run through the full name in
order (北京脑所 ⊂ 北京脑科学与类脑研究所).

It does not decide which name a figure belongs to (`statements.py`), and
treats places (北京, 全市) as scope, not as entities.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from .. import lexicon

_HAN = r"\u4e00-\u9fff"
_QUOTED = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’\n,，。、;；:：!?！？]{2,16})[”\"」』’]")
_TITLE = re.compile(r"《([^《》\n]{2,40})》")
_DECLARED = re.compile(
    r"[(（]\s*(?:以下|下文)?\s*简称\s*[:：]?\s*[“\"「]?([^”\"」)）,，、]{1,12})[”\"」]?\s*[)）]"
)
_COMPANY_FORMS = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团公司|公司|集团)$")
# An organisation that tells the reporter something is the source, not the subject.
_INFORMANT = re.compile(r"[、和及\u4e00-\u9fff]{0,12}?(?:获悉|了解到|了解|表示|介绍|透露|指出|称|相关负责人|负责人|发布的)")
_PAREN_PLACE = re.compile(r"[(（][\u4e00-\u9fff]{2,4}[)）]")
_HAN_CHAR = re.compile(rf"[{_HAN}]")
_NAME_CHAR = re.compile(rf"[{_HAN}A-Za-z()（）·]")  # what an organisation's name is written with
_LATIN_OR_DIGIT = re.compile(r"[0-9A-Za-z]")


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    name: str
    kind: str  # quoted | org | title | informant


@lru_cache(maxsize=1)
def _org_pattern() -> re.Pattern:
    table = lexicon.entities().organisations
    suffixes = "|".join(re.escape(s) for s in sorted(table.suffixes + table.events, key=len, reverse=True))
    return re.compile(rf"(?:{suffixes})")


@lru_cache(maxsize=1)
def _event_suffixes() -> tuple[str, ...]:
    return tuple(lexicon.entities().organisations.events)


def is_event(name: str) -> bool:
    """A named event (…博览会, …运动会): its figures are that edition's."""
    return name.endswith(_event_suffixes())


@lru_cache(maxsize=1)
def _breaker_pattern() -> re.Pattern:
    words = lexicon.entities().organisations.breakers
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def find_entities(text: str, has_figure=lambda a, b: False) -> list[Entity]:
    """Entities in `text`; `has_figure(a, b)` tells whether a span holds a figure."""
    table = lexicon.entities()
    found: list[Entity] = []
    for m in _QUOTED.finditer(text):
        name = m.group(1).strip()
        if name in table.quoted.not_names or len(name) > table.quoted.max_length or has_figure(*m.span(1)):
            continue
        if re.fullmatch(r"[双0-9零〇一二两三四五六七八九十百]+", name):
            continue  # “五一”, “双十一”, “618”: a day of the year, not a name
        found.append(Entity(m.start(1), m.end(1), name, "quoted"))
    for m in _TITLE.finditer(text):
        found.append(Entity(m.start(1), m.end(1), m.group(1), "title"))
    found.extend(_organisations(text, found))
    found.sort(key=lambda e: (e.start, -e.end))
    return found


def _organisations(text: str, quoted: list[Entity]) -> Iterable[Entity]:
    table = lexicon.entities().organisations
    breakers = _breaker_pattern()
    last_end = 0
    in_quoted = bytearray(len(text) + 1)  # a mask, not a scan of `quoted` per match: linear in long texts
    for q in quoted:
        in_quoted[q.start : q.end] = b"\x01" * (q.end - q.start)
    for m in _org_pattern().finditer(text):
        suffix = m.group(0)
        follow = text[m.end() : m.end() + 1]
        if follow and follow in table.not_before.get(suffix, ""):
            continue
        if follow and _HAN_CHAR.match(follow) and _org_pattern().match(text, m.end()):
            continue  # a longer suffix follows: 研究 + 中心 …
        start = m.start()
        floor = max(last_end, m.end() - table.max_length)
        while start > floor and _NAME_CHAR.match(text[start - 1]):
            start -= 1
        name = text[start : m.end()]
        cut = 0
        for b in breakers.finditer(name[: -len(suffix)] if len(name) > len(suffix) else ""):
            cut = b.end()
        name = name[cut:].lstrip("()（）和与及")
        name = name[_after_closed_bracket(name) :]
        start = m.end() - len(name)
        if in_quoted[start]:  # (organisations yielded before end before `start`)
            continue
        if name in table.not_names:
            continue
        if len(name) >= max(table.min_length, len(suffix) + 2) and not name.startswith(("所", "中心")):
            kind = "informant" if _INFORMANT.match(text, m.end()) else "org"
            yield Entity(start, m.end(), name, kind)
            last_end = m.end()


def _after_closed_bracket(name: str) -> int:
    """Where a name can start at the earliest: after a bracket closed but never opened in it.

    （记者 王磊）常州微云光伏股份有限公司: the byline's bracket ends before the name does.
    """
    depth, cut = 0, 0
    for i, ch in enumerate(name):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth:
                depth -= 1
            else:
                cut = i + 1
    return cut


def is_product(entity: Entity, text: str) -> bool:
    """A quoted name that names a product or project, not a slogan or an event."""
    if entity.kind != "quoted":
        return False
    markers, nouns = _product_words()
    name = entity.name
    if _LATIN_OR_DIGIT.search(name) or any(m in name for m in markers):
        return True
    after = text[entity.end + 1 : entity.end + 8]
    return after.startswith(nouns) or after[2:].startswith(nouns)


@lru_cache(maxsize=1)
def _product_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    table = lexicon.entities().products
    return tuple(table.markers), tuple(table.nouns)


def cities_named(text: str) -> frozenset[str]:
    """The cities this article names with 市 (保定市) that the closed list of cities named without it
    lacks: in this article their bare stem (保定受灾人口110.69万人) names them too."""
    known = set(lexicon.entities().places.known())
    return frozenset(place for place in find_places(text) if place not in known and len(place) >= 2 and place + "市" in text)


def home_places(text: str) -> dict[str, str]:
    """What 全市 / 全省 stand for in this article: its most-mentioned city and province."""
    places = lexicon.entities().places
    cities: dict[str, int] = {}
    for m in re.finditer(r"[\u4e00-\u9fff]{1,4}?市", text):
        for place in find_places(m.group(0)):
            cities[place] = cities.get(place, 0) + 1
    for name in places.cities:
        n = text.count(name)
        if n:
            cities[name] = cities.get(name, 0) + n
    provinces = {name: n for name in places.provinces if (n := text.count(name))}
    home = {}
    if cities:
        home["全市"] = home["本市"] = max(sorted(cities), key=lambda k: cities[k])
    if provinces:
        home["全省"] = home["本省"] = max(sorted(provinces), key=lambda k: provinces[k])
    return home


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern:
    table = lexicon.entities().place_names
    def suffix(x: str) -> str:
        after = table.not_before.get(x)
        return re.escape(x) + (f"(?![{re.escape(after)}])" if after else "")

    suffixes = "|".join(suffix(x) for x in sorted(table.suffixes, key=len, reverse=True) if x != "省")
    known = "|".join(re.escape(x) for x in lexicon.entities().places.known())
    return re.compile(rf"(?:{known})(?:市|省)?|[\u4e00-\u9fff]{{1,4}}?(?:{suffixes})")


def find_places(fragment: str) -> set[str]:
    """Places named in `fragment`, without their 市/省 suffix: {"芜湖", "北京"}."""
    return set(_places_in(fragment))


_TIME_CHARS = "年月日时分秒号"


@lru_cache(maxsize=1)
def _suffixes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(lexicon.entities().place_names.suffixes, key=len, reverse=True))


# Called for every context word and every lead of a figure, most of them seen before.
@lru_cache(maxsize=65536)
def _places_in(fragment: str) -> frozenset[str]:
    table = lexicon.entities().place_names
    not_places = tuple(table.not_places)
    out = set()
    for m in _place_pattern().finditer(fragment):
        name = m.group(0)
        if name in table.kinds:
            continue  # 自治区, 直辖市: the word itself, before a breaker cuts it to 治区
        if m.start() > 0 and fragment[m.start() - 1].isdigit() and name[0] in _TIME_CHARS:
            name = name[1:]  # 17时00分芦山县: the time's last character is not the place's first
        suffix = next((x for x in _suffixes_longest_first() if name.endswith(x)), name[-1:])
        stem = name[: len(name) - len(suffix)]  # breakers cut before the suffix, never in it (自治区)
        cut = max(stem.rfind(ch) for ch in table.breakers)
        stem = stem[cut + 1 :]
        for b in _breaker_pattern().finditer(stem):
            stem = stem[b.end() :]
        name = stem + suffix
        known = next((p for p in _places() if p in name), None)
        if known:  # 其中合肥市: the known name, not 中合肥
            name = name[name.index(known) :]
        base = re.sub(r"(?:市|省)$", "", name)
        if len(name) < 2 or (name.endswith(not_places) and base not in _places()):
            continue  # 都市, 上市 …; but 成都市 ends like 都市 and is a city
        if len(base) >= 2:
            out.add(base)
    return frozenset(out)


def declared_aliases(text: str, entities: list[Entity]) -> dict[str, str]:
    """Short names declared in the text: （以下简称术锐） after an organisation."""
    aliases = {}
    starts = [e.start for e in entities]  # sorted: look only at entities that can end just before
    longest = max((e.end - e.start for e in entities), default=0)
    for m in _DECLARED.finditer(text):
        near = entities[bisect.bisect_left(starts, m.start() - 2 - longest) : bisect.bisect_right(starts, m.start())]
        before = [e for e in near if e.end <= m.start() and m.start() - e.end <= 2 and e.kind == "org"]
        if before:
            aliases[m.group(1).strip()] = before[-1].name
    return aliases


def with_short_names(text: str, entities: list[Entity], aliases: dict[str, str]) -> list[Entity]:
    """Add each use of a declared short name (术锐 after （以下简称术锐）) as an organisation."""
    if not aliases:
        return entities
    taken = bytearray(len(text) + 1)  # a mask of the entities' spans: one test per use, not one per entity
    for e in entities:
        taken[e.start : e.end] = b"\x01" * (e.end - e.start)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(aliases, key=len, reverse=True)))
    extra = [
        Entity(m.start(), m.end(), m.group(0), "org")
        for m in pattern.finditer(text)
        if 1 not in taken[m.start() : m.end()] and text[m.start() - 2 : m.start()] != "简称"
    ]
    return sorted(entities + extra, key=lambda e: (e.start, -e.end))


@lru_cache(maxsize=1)
def _places() -> tuple[str, ...]:
    places = lexicon.entities().places
    return tuple(places.known())


def canonical(name: str, aliases: Optional[dict[str, str]] = None) -> str:
    """A comparable form: alias resolved, company form, bracketed place and leading place dropped."""
    if aliases and name in aliases:
        name = aliases[name]
    return _canonical(name)


@lru_cache(maxsize=1)
def _leading_place() -> re.Pattern:
    names = "|".join(re.escape(p) for p in _places())
    return re.compile(rf"^(?:{names})(?:市|省)?")


@lru_cache(maxsize=65536)
def _canonical(name: str) -> str:
    name = lexicon.entities().aliases.get(name, name)
    name = _PAREN_PLACE.sub("", name)
    name = _COMPANY_FORMS.sub("", name) or name
    m = _leading_place().match(name)
    if m:
        rest = name[m.end() :]
        # 南京南站 keeps its place: without it only the suffix 南站 would be left.
        if len(rest) >= 2 and not _org_pattern().fullmatch(rest):
            return rest
    return name


@lru_cache(maxsize=65536)
def _same_canonical(ca: str, cb: str) -> bool:
    if ca == cb:
        return True
    short, long = sorted((ca, cb), key=len)
    if len(short) < 2:
        return False
    if long.startswith(short):
        return not _org_pattern().search(long[len(short) :])  # 北京大学 ≠ 北京大学第一医院
    if _model_name(long):
        return False  # a model is never shortened from inside: 天鹏二号 ≠ 天鹏昆二号, 烛星M5 ≠ 烛星融M5
    return short[0] == long[0] and _subsequence(short, long) and short[-1] == long[-1]


def _model_name(name: str) -> bool:
    """A product or model name: it ends in a Latin letter or digit, or a marker like 号 or 型."""
    return bool(_LATIN_OR_DIGIT.match(name[-1])) or name.endswith(_product_words()[0])


def same_entity(a: str, b: str, aliases: Optional[dict[str, str]] = None) -> bool:
    if a == b:
        return True
    return _same_canonical(canonical(a, aliases), canonical(b, aliases))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)
