"""The terminal report's cost is linear in sentence length (issue 13, point 17).

A 1,000-character sentence cost about 32 ms a statement: the sentence was cut
one character at a time, measuring the whole rest each time. Without a
clock: the cells of the text are counted a bounded number of times per line,
and the cut is the one the old loop made (the same output, byte for byte).
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from rich.cells import cell_len

from checker.models import Kind, Source
from checker.report import RenderOptions
from checker.report import terminal
from test_formats import finding, make_report, stmt


def _old_fit(before: str, after: str, room: int) -> tuple[str, str]:
    while cell_len(before) + cell_len(after) > room and (before or after):
        if cell_len(before) > room // 2:
            before = before[1:]
        else:
            after = after[:-1]
    return before, after


TEXT = st.text(alphabet=st.sampled_from(list("ab1 中文，。😀\u0301")), max_size=120)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.integers(min_value=20, max_value=120))
def test_the_cut_is_the_old_one(before, after, room):
    assert terminal._fit(before, after, room) == _old_fit(before, after, room)


def test_a_long_sentence_is_measured_a_bounded_number_of_times(monkeypatch):
    sentence = "北京" * 2500 + "新增5例" + "患者" * 2500
    s1 = stmt("s1:1", "s1", "a.md", "5例", sentence)
    s2 = stmt("s2:1", "s2", "b.md", "3例", sentence.replace("5例", "3例"), value=3.0, low=3.0, high=3.0)
    report = make_report([finding("f-1", Kind.CONFLICT, ["s1:1", "s2:1"])], [s1, s2],
                         [Source(id=i, path=p, title=None, date=None, outlet=None) for i, p in (("s1", "a.md"), ("s2", "b.md"))])
    calls = []
    real = terminal.cell_len
    monkeypatch.setattr(terminal, "cell_len", lambda text: calls.append(len(text)) or real(text))
    out = terminal.render(report, RenderOptions(width=100))
    assert "5例" in out and "3例" in out
    assert len(calls) <= 20, len(calls)  # the old loop: about 10,000 calls on 5,000-character strings
