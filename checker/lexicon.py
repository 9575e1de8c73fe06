"""The language tables under `checker/data/`, loaded and validated once.

Each table is a TOML file that reads like a reference (numerals, units,
qualifiers, time words, entity suffixes, boilerplate markers, function
words). This module only loads them into pydantic models (and offers
`any_word`, a pattern for "one of these words"); the stages that apply them
live elsewhere. A broken table is a programming error and fails loudly at
first use.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from .models import Family


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WordList(_Table):
    words: list[str]


class Numerals(_Table):
    idioms: WordList
    digits: dict[str, int]
    small_units: dict[str, int]
    section_units: dict[str, float]
    magnitudes: dict[str, float]


class UnitEntry(_Table):
    words: list[str]
    family: Family
    unit: Optional[str] = None  # counts: the classifier itself
    factor: float = 1.0
    specific: bool = False
    not_before: str = ""  # characters after which a word is no unit: 5银 is a medal, 5银行 a bank


class Units(_Table):
    unit: list[UnitEntry]


class RangeWords(_Table):
    separators: list[str]


class Qualifiers(_Table):
    prefix: dict[str, str]
    infix: dict[str, str]
    suffix: dict[str, str]
    range: RangeWords
    about_steps: float = 5.0


class Since(_Table):
    before: list[str]
    after: list[str]


class Dateline(_Table):
    patterns: list[str]


class WholeYear(_Table):
    words: list[str]
    not_after: list[str]


class LeadDate(_Table):
    """How an undated article's lead dates it (data/time_words.toml [lead_date])."""

    window: int = 300
    announced: list[str] = Field(default_factory=list)
    as_of: list[str] = Field(default_factory=list)
    not_after: list[str] = Field(default_factory=list)


class TimeWords(_Table):
    relative_years: dict[str, int]
    year_parts: dict[str, tuple[str, str]]
    cumulative: WordList
    since: Since
    until: WordList
    relative_weeks: dict[str, int]
    relative_months: dict[str, int]
    vague: WordList
    dateline: Dateline
    reporting: WordList
    comparison_base: WordList
    whole_year: WholeYear
    holidays: dict[str, tuple[str, str]]
    running_measures: WordList = Field(default_factory=lambda: WordList(words=[]))
    falling_measures: WordList = Field(default_factory=lambda: WordList(words=[]))
    clock: "Clock" = Field(default_factory=lambda: Clock())
    lead_date: LeadDate = Field(default_factory=lambda: LeadDate())


class Clock(_Table):
    """How far a time of day said roughly may be from another (data/time_words.toml [clock])."""

    about: list[str] = Field(default_factory=list)
    on_day_named: dict[str, int] = Field(default_factory=dict)
    today: dict[str, int] = Field(default_factory=dict)
    about_minutes: int = 5
    about_hour_minutes: int = 30


class Organisations(_Table):
    suffixes: list[str]
    events: list[str] = Field(default_factory=list)
    not_before: dict[str, str] = Field(default_factory=dict)
    breakers: list[str]
    min_length: int
    max_length: int
    not_names: list[str] = Field(default_factory=list)


class Quoted(_Table):
    max_length: int
    not_names: list[str]


class Places(_Table):
    own: list[str]
    own_levels: dict[str, str] = Field(default_factory=dict)
    provinces: list[str]
    cities: list[str]
    regions: list[str]

    def known(self) -> list[str]:
        """Every place name, longest first (alphabetical among equals: the same order in every process)."""
        return sorted(set(self.provinces) | set(self.cities) | set(self.regions), key=lambda name: (-len(name), name))


class Products(_Table):
    markers: list[str]
    nouns: list[str]


class PlaceNames(_Table):
    suffixes: list[str]
    not_places: list[str]
    breakers: str
    not_before: dict[str, str] = Field(default_factory=dict)
    kinds: list[str] = Field(default_factory=list)


class Entities(_Table):
    organisations: Organisations
    quoted: Quoted
    products: Products
    places: Places
    place_names: PlaceNames
    rank_scopes: WordList
    aliases: dict[str, str]


class ShortLineMarkers(_Table):
    max_length: int
    words: list[str]


class Boilerplate(_Table):
    line_markers: WordList
    short_line_markers: ShortLineMarkers
    bylines: WordList = Field(default_factory=lambda: WordList(words=[]))
    tail_openers: WordList
    story_end: WordList
    list_items: WordList = Field(default_factory=lambda: WordList(words=[]))
    breadcrumbs: "Breadcrumbs" = Field(default_factory=lambda: Breadcrumbs())


class Breadcrumbs(_Table):
    """A portal's navigation line (首页 > 新闻中心 > 国内 > 正文): no headline."""

    separators: list[str] = Field(default_factory=list)
    min_separators: int = 2
    openers: list[str] = Field(default_factory=list)


class Contrasts(_Table):
    groups: list[list[str]]


class Changes(_Table):
    words: list[str]
    to_level: list[str]


class Forecast(_Table):
    """Words of a forecast, plan or target (data/function_words.toml [forecast])."""

    words: list[str]
    included_after: list[str] = Field(default_factory=list)  # 含预售: what a total includes, not a forecast


class FunctionWords(_Table):
    words: list[str]
    measure_words: WordList = Field(default_factory=lambda: WordList(words=[]))
    contrasts: Contrasts = Field(default_factory=lambda: Contrasts(groups=[]))
    comparison_bases: dict[str, list[str]] = Field(default_factory=dict)
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    forecast: "Forecast" = Field(default_factory=lambda: Forecast(words=[]))
    changes: "Changes" = Field(default_factory=lambda: Changes(words=[], to_level=[]))


class StoryLead(_Table):
    sentences: int
    max_chars: int


class StoryWeights(_Table):
    name: float
    headline: float
    lead: float
    body: float
    year: float


class StoryTerms(_Table):
    stop: list[str]
    colloquial: list[str] = Field(default_factory=list)
    counted: str = ""


class Measures(_Table):
    heads: dict[str, list[str]]
    classifiers: dict[str, str] = Field(default_factory=dict)
    elided_units: dict[str, str] = Field(default_factory=dict)
    elided_units_by_word: dict[str, list[str]] = Field(default_factory=dict)
    elided_not_before: str = ""


class StoryMarks(_Table):
    contrast: float
    holidays: dict[str, str]
    games: dict[str, str] = Field(default_factory=dict)


class Stories(_Table):
    lead: StoryLead
    weights: StoryWeights
    terms: StoryTerms
    marks: StoryMarks


def any_word(words: list[str]) -> re.Pattern:
    """A pattern that finds any of `words` (longest first); it finds nothing when there are none."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _read(name: str) -> dict:
    text = resources.files("checker.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=None)
def numerals() -> Numerals:
    return Numerals.model_validate(_read("numerals.toml"))


@lru_cache(maxsize=None)
def units() -> Units:
    return Units.model_validate(_read("units.toml"))


@lru_cache(maxsize=None)
def qualifiers() -> Qualifiers:
    return Qualifiers.model_validate(_read("qualifiers.toml"))


@lru_cache(maxsize=None)
def time_words() -> TimeWords:
    return TimeWords.model_validate(_read("time_words.toml"))


@lru_cache(maxsize=None)
def entities() -> Entities:
    return Entities.model_validate(_read("entities.toml"))


@lru_cache(maxsize=None)
def boilerplate() -> Boilerplate:
    return Boilerplate.model_validate(_read("boilerplate.toml"))


@lru_cache(maxsize=None)
def function_words() -> FunctionWords:
    return FunctionWords.model_validate(_read("function_words.toml"))


@lru_cache(maxsize=None)
def stories() -> Stories:
    return Stories.model_validate(_read("stories.toml"))


@lru_cache(maxsize=None)
def measures() -> Measures:
    return Measures.model_validate(_read("measures.toml"))
