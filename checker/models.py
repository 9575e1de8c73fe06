"""The records that cross a stage boundary or leave the program.

Every stage of the pipeline (load → clean → segment → extract → align →
compare → report) takes and returns these models; nothing here imports any
other module of the package. Field order of `Source`, `Statement`, `Finding`
and `Report` is part of the `checker.report/v1` contract (see DESIGN.md):
new fields go at the end.

Hot internal records (`CleanText`, `Sentence`) are built with
`model_construct` by the stages that make them: their invariants are kept by
construction and validating millions of offsets would dominate run time.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_ID = "checker.report/v1"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------------------------------------------------------- load


class Article(Frozen):
    """One input file, decoded. `raw` is the text every offset points into."""

    id: str
    path: str
    raw: str
    title: Optional[str] = None
    date: Optional[dt.date] = None
    outlet: Optional[str] = None
    body_start: int = 0  # first character after YAML front matter
    encoding: str = "utf-8"
    role: str = "corpus"  # "draft" or "corpus"
    # The year of the story the article is in (stories.inferred_years), for a text that names
    # none: a dateline 4月20日电 or a 5月6日 then resolves. None until the stories stage says.
    year_hint: Optional[int] = None

    @field_validator("raw")
    @classmethod
    def _no_lone_surrogates(cls, raw: str) -> str:
        """Text decoded from a file never holds one; a caller of the library may pass one (errors="surrogateescape")."""
        match = _SURROGATE.search(raw)
        if match:
            raise ValueError(
                f"the article text holds a lone surrogate (U+{ord(match.group()):04X}) at character {match.start()}: "
                "it is not text; decode the file with errors='strict' (or 'replace') before checking it"
            )
        return raw


_SURROGATE = re.compile("[\ud800-\udfff]")


class Problem(Frozen):
    """An input that could not be used, told the way the user can act on it."""

    path: str
    code: str
    message: str
    hint: str = ""

    def line(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}: {self.message}{hint}"

    @property
    def skipped(self) -> bool:
        """Whether the file was left out (else it was read, and this says what was not read of it)."""
        return self.code not in READ_ANYWAY


READ_ANYWAY = frozenset({"too-many-figures"})  # problem codes of files that were still checked


# ---------------------------------------------------------------- clean / segment


class CleanText(BaseModel):
    """Cleaned text plus, for each of its characters, the index in `raw`."""

    text: str
    offsets: list[int]  # len(offsets) == len(text) + 1; last entry = end sentinel
    furniture: list[tuple[int, int]] = Field(default_factory=list)  # masked spans


class Sentence(BaseModel):
    start: int  # clean-text offsets
    end: int
    paragraph: int
    clauses: list[tuple[int, int]]
    furniture: bool = False


# ---------------------------------------------------------------- extract


class Family(str, Enum):
    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    RATIO = "ratio"
    DURATION = "duration"
    RANK = "rank"
    PHYSICAL = "physical"
    NUMBER = "number"
    DATE = "date"


class Period(Frozen):
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None


class Statement(BaseModel):
    """A checkable claim: a figure or date tied to an entity and a metric."""

    model_config = ConfigDict(extra="forbid")

    id: str
    source: str
    path: str
    start: int
    end: int
    line: int
    column: int
    text: str
    sentence: str
    entity: Optional[str]
    metric: str
    unit: str
    value: Union[float, str, None]
    low: Union[float, str, None]
    high: Union[float, str, None]
    qualifier: str
    period: Optional[Period]
    as_of: Optional[dt.date]
    cumulative: bool
    # --- additions to v1 (allowed: new fields at the end)
    kind: str = "quantity"  # quantity | rank | date
    family: Family = Family.NUMBER
    role: Optional[str] = None  # before / after for 从A压缩至B
    as_of_time: Optional[str] = None  # "12:00" when the as-of moment is given to the hour (截至20日12时)
    modality: str = "actual"  # actual | forecast (预计, 计划, 目标, 有望: never the same fact as an actual)
    measure: Optional[str] = None  # what is counted, as a head of data/measures.toml (遇难 → 死亡)
    # --- internal: used by align/compare, kept out of the JSON report
    context: list[str] = Field(default_factory=list, exclude=True)
    # k: category, s: rank scope, c: contrast, p: place, and OWN_PLACE when the figure's own item names it
    markers: list[str] = Field(default_factory=list, exclude=True)
    entity_strength: int = Field(default=0, exclude=True)
    date_known: bool = Field(default=True, exclude=True)
    as_of_explicit: bool = Field(default=False, exclude=True)  # 截至2月10日, not the article date
    siblings: int = Field(default=1, exclude=True)  # statements of its article with its unit, role and measure
    part: bool = Field(default=False, exclude=True)  # a part of a whole: 其中3例, a list of places' figures
    mates: list[str] = Field(default_factory=list, exclude=True)  # the other figures of its sentence, as "unit value"
    top: bool = Field(default=True, exclude=True)  # the largest of its siblings: an article's toll, not one it recalls


OWN_PLACE = "o:own"  # a Statement marker: its places are named in its own list item (其中甘孜州38人)


class Source(Frozen):
    id: str
    path: str
    title: Optional[str]
    date: Optional[dt.date]
    outlet: Optional[str]
    # --- additions to v1
    role: str = "corpus"
    date_from: str = "unknown"  # front-matter | dateline | inferred (a dateline dated by its story's year) | unknown


class Topic(Frozen):
    """What an article is about: its headline's and lead's terms, heaviest first."""

    terms: list[str] = Field(default_factory=list)
    weights: list[float] = Field(default_factory=list)  # one per term
    # What tells one story of a kind from another (year:2013, serial:嫦娥:五, holiday:五一,
    # magnitude:7.0): two articles whose marks of one kind are disjoint tell different stories.
    marks: list[str] = Field(default_factory=list)


class Extraction(BaseModel):
    """What the extract stage makes of one article: the unit that is cached."""

    source: Source
    statements: list[Statement]
    aliases: dict[str, str] = Field(default_factory=dict)  # short names the article declares
    dropped: int = 0  # figures past the per-sentence or per-article limit (extract.MAX_FIGURES_*), not read
    topic: Topic = Field(default_factory=Topic)


# ---------------------------------------------------------------- stories


class Story(Frozen):
    """Articles that tell one story: one event or subject followed by several outlets."""

    id: str  # "t1", "t2" … in order of each story's first article
    name: str  # its heaviest shared terms, for people: "芦山 · 地震"
    sources: list[str]  # source ids


# ---------------------------------------------------------------- align


class Link(Frozen):
    """Two statements judged to be about the same fact, and how their values relate."""

    a: str
    b: str
    relation: str  # agree | differ
    similarity: float
    entity: str  # same | unknown | none
    period: str  # same | unknown
    score: float = 0.0  # the fitted linkage score (log-odds, `linkage`)
    levels: dict[str, str] = Field(default_factory=dict)  # slot → level, kept only when asked (explain)


class Alignment(BaseModel):
    links: list[Link]
    blocks: int
    largest_block: int
    candidate_pairs: int


# ---------------------------------------------------------------- compare / report


class Kind(str, Enum):
    CONFLICT = "conflict"
    TIMELINE = "timeline"
    AGREEMENT = "agreement"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Kind
    severity: Severity
    entity: Optional[str]
    metric: str
    message: str
    statements: list[str]
    # --- additions to v1
    code: str = ""
    groups: list[list[str]] = Field(default_factory=list)  # statements per agreeing value
    why: str = ""


class Tool(Frozen):
    name: str = "checker"
    version: str


class Summary(BaseModel):
    sources: int
    statements: int
    conflict: int
    timeline: int
    agreement: int


class Report(BaseModel):
    schema_: str = Field(default=SCHEMA_ID, alias="schema")
    tool: Tool
    sources: list[Source]
    # Every statement; but a run --against an indexed corpus that is not written as JSON lists
    # those of the articles it read (the drafts, and the corpus articles that could pair with them).
    statements: list[Statement]
    findings: list[Finding]
    summary: Summary
    # --- additions to v1
    problems: list[Problem] = Field(default_factory=list)
    baselined: list[str] = Field(default_factory=list)
    stale_baseline: list[str] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)

    model_config = ConfigDict(populate_by_name=True)
