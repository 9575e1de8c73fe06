"""Clean stage: raw article text → clean text plus a map back to raw offsets.

What it does, in order: drops invisible characters (zero-width spaces,
direction marks, control characters) and pinyin glosses (`醫(yī)院`), folds
full-width ASCII to ASCII and traditional characters to simplified, masks page
furniture (bylines, copyright lines, related-article lists), rejoins lines
broken inside a sentence, removes spaces that print layout put between Chinese
characters, and repairs doubled-glyph headings (`北京脑所北京脑所`).

What it does not do: it never deletes a digit or a Chinese numeral, and it
never moves text: every character of the clean text maps to the raw index it
came from (`CleanText.offsets`), so statements point into the file as decoded
from disk. Furniture is masked, not removed, so its figures are still there
for anyone who asks; extraction skips masked spans.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .extract.prefilter import guarded
from .models import CleanText

_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
_PINYIN = guarded(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}\)")
_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_CJK_PUNCT = "\u3000-\u303f\u2018\u2019\u201c\u201d\uff01-\uff0f"
_LAYOUT_SPACE = guarded(
    rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t]+(?=[{_CJK}{_CJK_PUNCT}0-9])"
    rf"|(?<=[{_CJK}0-9])[ \t]+(?=[{_CJK}{_CJK_PUNCT}])"
)
_TERMINAL = "。！？!?…"
_CLOSERS = "”’」』)）】》\"'"
_INNER_PUNCT = re.compile(r"[,，、;；:：]")
_NUMERAL_CHARS = "0123456789零〇一二两三四五六七八九十百千万亿"
_FINANCIAL_NUMERALS = "壹贰叁肆伍陆柒捌玖拾佰仟"  # 壹佰贰拾壹佰贰拾 is a figure, not a doubled heading
# A doubled heading repeats at most _DOUBLED_MAX characters: an unbounded group makes
# both searches quadratic in the length of a line of Han characters without punctuation.
_DOUBLED_MAX = 50
_DOUBLED_RUN = re.compile(rf"([{_CJK}]{{2,{_DOUBLED_MAX}}}?)\1")
_DOUBLED_LONG = re.compile(rf"([{_CJK}]{{4,{_DOUBLED_MAX}}})\1")
_DOUBLED_QUOTE = re.compile(r"(“)“|(”)”|(《)《|(》)》")


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    table[ord("\r")] = "\n"
    table[ord("\t")] = " "
    return table


@lru_cache(maxsize=1)
def _foldable() -> re.Pattern:
    return re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_fold_table())) + "]+")


def _fold(text: str) -> str:
    """Full-width ASCII to ASCII, ideographic space to space, \r to \n, tab to space.

    Only the runs that change are translated: `str.translate` pays a failed table
    lookup for every other character, and most characters of Chinese text are others.
    """
    table = _fold_table()
    return _foldable().sub(lambda m: m.group().translate(table), text)


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
    except ImportError:  # the converter is optional: simplified text needs none
        return None
    return opencc.OpenCC("t2s")


class _Text:
    """Text being cleaned: characters, raw offsets and a furniture mask, kept in step."""

    def __init__(self, text: str, offsets: list[int], mask: bytearray):
        self.text, self.offsets, self.mask = text, offsets, mask

    def delete(self, spans: list[tuple[int, int]]) -> None:
        if not spans:
            return
        parts, offs, mask, pos = [], [], bytearray(), 0
        for a, b in spans:
            parts.append(self.text[pos:a])
            offs.extend(self.offsets[pos:a])
            mask.extend(self.mask[pos:a])
            pos = b
        parts.append(self.text[pos:])
        offs.extend(self.offsets[pos:])  # includes the end sentinel
        mask.extend(self.mask[pos:])
        self.text, self.offsets, self.mask = "".join(parts), offs, mask

    def delete_matches(self, pattern: re.Pattern) -> None:
        self.delete([m.span() for m in pattern.finditer(self.text)])

    def replace_same_length(self, new: str) -> None:
        assert len(new) == len(self.text)
        self.text = new


def clean(raw: str, body_start: int = 0) -> CleanText:
    """Clean `raw[body_start:]`; offsets in the result index into `raw`."""
    body = raw[body_start:]
    t = _Text(body, list(range(body_start, len(raw) + 1)), bytearray(len(body) + 1))
    # "\r\n" → one "\n": delete the "\r" of each pair; a lone "\r" becomes "\n" below.
    t.delete([(m.start(), m.start() + 1) for m in re.finditer("\r\n", t.text)])
    t.delete_matches(_INVISIBLE)
    t.delete_matches(_PINYIN)
    t.replace_same_length(_fold(t.text))
    _to_simplified(t)
    _mask_furniture(t)
    _join_broken_lines(t)
    t.delete_matches(_LAYOUT_SPACE)
    _repair_doubled_glyphs(t)
    return CleanText.model_construct(text=t.text, offsets=t.offsets, furniture=_mask_spans(t.mask, len(t.text)))


def _to_simplified(t: _Text) -> None:
    converter = _t2s()
    if converter is None or not t.text:
        return
    converted = converter.convert(t.text)
    if len(converted) == len(t.text):
        t.replace_same_length(converted)
        return
    # Rare phrase conversions change length: convert line by line, keep the safe ones.
    lines = t.text.split("\n")
    t.replace_same_length("\n".join(_same_length(converter.convert(line), line) for line in lines))


def _same_length(new: str, old: str) -> str:
    return new if len(new) == len(old) else old


def _lines(text: str):
    """(start, end) of every line, without its newline."""
    start = 0
    for m in re.finditer("\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


_INLINE_FURNITURE = re.compile(
    r"[(（]\s*(?:记者|通讯员|实习生|编辑)[^()（）\n]{0,30}[)）]"  # (记者 吕少威)
    r"|(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,8}\d{1,2}月\d{1,2}日电"  # 北京6月19日电
)
_PAGE_NUMBER = re.compile(r"^\s*(?:第\s*)?\d{1,4}\s*(?:版|页)?\s*$")


def _mask_furniture(t: _Text) -> None:
    _mask_lines(t)
    for m in _INLINE_FURNITURE.finditer(t.text):
        t.mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())


@lru_cache(maxsize=1)
def _byline() -> re.Pattern:
    """A line of roles and names only: an outlet's name may lead (湖南日报记者 周晓　通讯员 李湘)."""
    roles = "|".join(re.escape(r) for r in sorted(lexicon.boilerplate().bylines.words, key=len, reverse=True))
    if not roles:
        return re.compile(r"(?!)")
    part = rf"[\u4e00-\u9fff]{{0,6}}?(?:{roles})\s*[/:：]?\s*(?:[\u4e00-\u9fff·]{{2,4}}(?:[\s、,，]+|$))+"
    return re.compile(rf"(?:{part})+$")


@lru_cache(maxsize=1)
def _line_words() -> tuple[re.Pattern, re.Pattern, int]:
    """(any line marker, any short-line marker, the longest tail opener)."""
    table = lexicon.boilerplate()
    return (
        lexicon.any_word(table.line_markers.words),
        lexicon.any_word(table.short_line_markers.words),
        max(map(len, table.tail_openers.words), default=0),
    )


def _mask_lines(t: _Text) -> None:
    table = lexicon.boilerplate()
    openers, ends = table.tail_openers.words, table.story_end.words
    short_max = table.short_line_markers.max_length
    markers, short_markers, longest_opener = _line_words()
    from .extract.times import is_date_line, looks_like_dateline  # a new story after "(完)" is not furniture

    in_tail = False
    for a, b in _lines(t.text):
        line = t.text[a:b].strip()
        if not line:
            continue
        if in_tail and looks_like_dateline(line):
            in_tail = False
        if line in openers or (
            len(line) <= longest_opener + 2 and any(line.startswith(o) and len(line) <= len(o) + 2 for o in openers)
        ):
            in_tail = True
        if in_tail or _PAGE_NUMBER.match(line) or is_date_line(line):
            t.mask[a:b] = b"\x01" * (b - a)
        elif len(line) <= short_max and _byline().match(line):
            t.mask[a:b] = b"\x01" * (b - a)
        elif markers.search(line) or (len(line) <= short_max and short_markers.search(line)):
            _mask_furniture_sentences(t, a, b, markers, short_markers)
        elif (end_at := _story_end(line, ends)) is not None:
            cut = t.text.index(line, a) + end_at
            t.mask[cut:b] = b"\x01" * (b - cut)
            in_tail = True


_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
_CLAUSE_START = re.compile(r"(?<=[，,])")
_HAN = re.compile("[\u4e00-\u9fff]")
_PROSE_HAN = 6  # this many ideographs without a marker: prose, kept even on a furniture line


def _mask_furniture_sentences(t: _Text, a: int, b: int, markers: re.Pattern, short_markers: re.Pattern) -> None:
    """Mask the furniture of a line that holds a furniture marker: never the article's sentences beside it.

    In a sentence that holds a marker, the furniture runs from the clause that
    holds it to the sentence's end (北脑一号完成5例植入，来源：新华社 keeps its
    first clause when that is prose). A sentence without a marker is kept when
    it is prose (北脑一号已完成5例人体植入。), masked when it is too short to be
    (京公网安备11010502035号). So a copyright notice appended to a claim's line,
    or a one-line article, loses none of its claims.
    """
    start = a
    for piece in _SENTENCE_END.split(t.text[a:b]):
        end = start + len(piece)
        cut = None  # where the furniture starts in this sentence
        if markers.search(piece) or short_markers.search(piece):
            at = 0
            for clause in _CLAUSE_START.split(piece):
                if markers.search(clause) or short_markers.search(clause):
                    break
                at += len(clause)
            cut = start + at if len(_HAN.findall(piece[:at])) >= _PROSE_HAN else start
        elif len(_HAN.findall(piece)) < _PROSE_HAN:
            cut = start
        if cut is not None:
            t.mask[cut:end] = b"\x01" * (end - cut)
        start = end


def _story_end(line: str, ends: list[str]):
    for word in ends:
        i = line.find(word)
        if i >= 0:
            return i + len(word)
    return None


def _join_broken_lines(t: _Text) -> None:
    """Delete line breaks that fall inside a sentence; keep one "\n" at real breaks."""
    text, spans = t.text, []
    at_paragraph_start = True  # the break before the current line was kept
    for m in re.finditer(r"(?<![ \t])[ \t]*\n\s*", text):  # the lookbehind keeps long space runs linear
        a, b = m.span()
        prev = text[text.rfind("\n", 0, a) + 1 : a].strip()
        nxt_end = text.find("\n", b)
        nxt = text[b : nxt_end if nxt_end >= 0 else len(text)].strip()
        keep = (
            not prev
            or not nxt
            or bool(t.mask[a - 1] if a else 0)
            or bool(t.mask[b])
            or _ends_sentence(prev)
            or _list_item().match(nxt) is not None
            or (at_paragraph_start and _is_heading(prev) and not _continues(nxt))
        )
        if keep:
            nl = text.index("\n", a)
            if a < nl:
                spans.append((a, nl))
            if nl + 1 < b:
                spans.append((nl + 1, b))
        else:
            spans.append((a, b))
        at_paragraph_start = keep
    t.delete(spans)


@lru_cache(maxsize=1)
def _list_item() -> re.Pattern:
    """A line that is an item of a list (data/boilerplate.toml [list_items])."""
    return re.compile("|".join(f"(?:{p})" for p in lexicon.boilerplate().list_items.words) or r"(?!)")


def _ends_sentence(line: str) -> bool:
    last = line[-1]
    return last in _TERMINAL or (last in _CLOSERS and len(line) > 1 and line[-2] in _TERMINAL)


def _is_heading(line: str) -> bool:
    return (
        len(line) <= 40
        and not _INNER_PUNCT.search(line)
        and line[-1] not in _NUMERAL_CHARS
        and line[-1] not in "的和与及在对为是了、"
    )


def _continues(line: str) -> bool:
    """A line that cannot start a sentence: it continues the one before."""
    return line[0] in ",，、。;；:：)）”》年月日%个家项例人款元亿万" or line[0].isdigit()


def _repair_doubled_glyphs(t: _Text) -> None:
    # Neither pattern matches across a line break: a text without a match has no line to repair.
    if not (_DOUBLED_QUOTE.search(t.text) or _DOUBLED_LONG.search(t.text)):
        return
    spans = []
    for a, b in _lines(t.text):
        line = t.text[a:b]
        if not (_DOUBLED_QUOTE.search(line) or _DOUBLED_LONG.search(line)):
            continue
        for m in _DOUBLED_QUOTE.finditer(line):
            spans.append((a + m.start(), a + m.start() + 1))
        for m in _DOUBLED_RUN.finditer(line):
            if not any(ch in _NUMERAL_CHARS or ch in _FINANCIAL_NUMERALS for ch in m.group(1)):
                spans.append((a + m.start(1), a + m.end(1)))
    t.delete(sorted(set(spans)))


def _mask_spans(mask: bytearray, n: int) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rb"\x01+", bytes(mask[:n]))]
