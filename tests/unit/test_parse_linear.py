"""Issue 17 item 7: one long line of repeated 一是…。 sentences parsed in quadratic time (the
outline stack grew by one nested item per sentence and was scanned for every marker; the rest
of the line was copied for every marker). The parser's work counters must grow linearly.
No wall-clock time is asserted: the counters count the work."""

from __future__ import annotations

from generator.models import SourceLine
from generator.parse.builder import Builder
from generator.parse.report import build_outline

SENTENCE = "一是学习不够深入，对理论的理解停留在表面。"  # 21 characters, 63 bytes of UTF-8


def _work(sentences: int) -> tuple[int, int, Builder]:
    builder = build_outline([SourceLine(SENTENCE * sentences, 1)])
    return builder.stack.steps, builder.scanned, builder


def test_a_one_megabyte_line_costs_linear_work() -> None:
    n = 16_000  # ~1 MB of UTF-8
    assert len((SENTENCE * n).encode()) > 1_000_000
    steps, scanned, builder = _work(n)
    half_steps, half_scanned, _ = _work(n // 2)
    # A few stack entries per marker and each character cut out of the line once.
    assert steps <= 4 * n
    assert scanned <= len(SENTENCE) * n
    assert steps <= 2.2 * half_steps and scanned <= 2.2 * half_scanned
    assert len(builder.stack.stack) <= 3


def test_the_long_line_keeps_every_character() -> None:
    text = SENTENCE * 2_000
    builder = build_outline([SourceLine(text, 1)])
    assert "".join(p.text for p in builder.passages) == text
    assert builder.passages[0].kind == "point" and builder.passages[0].lead == "学习不够深入，对理论的理解停留在表面"


def test_a_nested_list_is_still_read_inside_a_point() -> None:
    """Bounding the nesting keeps ``二是…。一是…二是…`` (a list inside a measure) intact."""
    text = "一是加强学习。二是改进作风：一是深入调研。二是狠抓落实。"
    builder = build_outline([SourceLine(text, 1), SourceLine("三是从严治党。", 2)])
    assert [p.lead for p in builder.passages] == ["加强学习", "改进作风", "从严治党"]
    assert "一是深入调研。二是狠抓落实。" in builder.passages[1].text
