"""Nothing is lost on the blind sets: every text report of every ``tests/blind*`` set (written
by others, in every encoding and layout they chose) is parsed with each of its characters in
the title or a passage (or lifted furniture), once and in order, and with consistent paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.parse.report import parse_report
from generator.readers import read_source
from tests.conftest import ROOT
from tests.unit.test_fuzz import check_paths, expected_text, shown_text

REPORTS = sorted(p for p in ROOT.glob("tests/blind*/reports/*") if p.suffix in (".txt", ".md"))


def test_the_blind_sets_are_there() -> None:
    assert len(REPORTS) > 200


@pytest.mark.parametrize("source", REPORTS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_blind_report_is_parsed_losslessly(source: Path) -> None:
    report = parse_report(read_source(source, source.parent))
    text = source.read_bytes().decode(report.source.encoding)  # as the reader decoded it
    assert shown_text(report) == expected_text(text, source.suffix.lstrip("."), report.source)
    check_paths(report)
