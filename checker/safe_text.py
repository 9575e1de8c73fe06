"""Text from articles and file names, made inert for every output that a terminal or a CI runner reads.

An article's author controls its sentences, its title and its file name.
None of them may drive the reader's terminal or the CI runner:

- C0 and C1 control characters (ESC sequences that retitle a window, add a
  hyperlink or clear the screen; BEL) and the bidirectional overrides,
  embeddings and isolates (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F,
  U+061C: "Trojan Source" reordering) are dropped from prose and shown as
  escapes (`\\x1b`, `\\u202e`) in file names, so the name stays recognisable;
- a file name never carries a raw line break or tab (`\\n`, `\\t`), and bytes
  that are not UTF-8 (a GBK name from a Windows archive, kept by Python as
  lone surrogates) are shown as `\\xff`;
- GitHub Actions runs any output line that starts with `::` (after leading
  spaces) as a workflow command, and `##[` as an old-style one: `::` and
  `##[` from an article get a zero-width space inside them (`:\\u200b:`,
  `##\\u200b[`) wherever they occur, since wrapping may bring any part of a
  sentence to a line's start;
- rich markup is never parsed in article text (callers build `rich.text.Text`
  or escape with `rich.markup.escape`).

JSON outputs keep the exact strings (a parser gets them back) but write these
characters (and the `[` of `##[`) as `\\uXXXX` escapes (`json_safe`), so the
raw document is inert too.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_PROSE_DROP = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_NAME_ESCAPE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPE = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029\ud800-\udfff]")
_COMMANDS = re.compile(r"::|##\[")
_BREAK = {"::": ":\u200b:", "##[": "##\u200b["}
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def inert(text: str) -> str:
    """No workflow command can start anywhere in `text`."""
    if ":" not in text and "#" not in text:
        return text
    return _COMMANDS.sub(lambda m: _BREAK[m.group()], text)


def prose(text: str) -> str:
    """A sentence, title, entity or message from an article: controls and bidi overrides dropped, commands broken."""
    text = _PROSE_DROP.sub("", text)
    if _SURROGATE.search(text):  # not from a decoded file; perhaps through the library API
        text = _SURROGATE.sub(_escape_char, text)
    return inert(text)


def name(text: str) -> str:
    """A file name or path: every control, line break, bidi mark and undecodable byte shown as an escape."""
    return inert(_NAME_ESCAPE.sub(_escape_char, text))


def line(text: str) -> str:
    """One line of a message on stderr (it may name files): nothing in it starts a new line or drives the terminal."""
    return name(text)


def _escape_char(match: re.Match) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by os.fsdecode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_safe(text: str) -> str:
    """JSON text with C1 controls, bidi marks, line separators and lone surrogates written as \\uXXXX escapes.

    Only valid inside JSON strings (where these characters can only be), and
    the decoded value is unchanged; json.dumps already escapes C0 controls.
    """
    if "##[" in text:  # GitHub's old-style command may start anywhere in a line: `[` as \u005b
        text = text.replace("##[", "##\\u005b")
    if not _JSON_ESCAPE.search(text):
        return text
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
