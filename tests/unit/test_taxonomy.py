"""The taxonomy files: the project's load cleanly; broken ones report every error at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.taxonomy.load import load_taxonomy
from generator.taxonomy.matcher import simplified

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "taxonomy"
SEEDS = sorted((ROOT / "corpus").glob("20*"))


def test_project_taxonomy_is_valid_and_sized_as_issue_4_asks() -> None:
    tax, problems = load_taxonomy()
    assert problems == []
    assert 15 <= len(tax.themes) <= 20
    assert 40 <= len(tax.problems) <= 60
    assert tax.causes and tax.measures and tax.meetings
    for cat in tax.problems + tax.causes + tax.measures:
        assert cat.themes and all(tax.get(t).kind == "theme" for t in cat.themes), cat.id


def test_meetings_are_keyed_on_year_and_type() -> None:
    tax, _ = load_taxonomy()
    keys = [(m.year, m.type) for m in tax.meetings]
    assert len(keys) == len(set(keys))
    dangshi = next(m for m in tax.meetings if m.year == 2021 and "党史" in m.type)
    assert any("两个确立" in a.match for a in dangshi.aspects)


def test_patterns_are_simplified_script() -> None:
    tax, _ = load_taxonomy()
    for cat in tax.categories:
        for pattern in cat.patterns:
            assert simplified(pattern) == pattern, (cat.id, pattern)


def test_patterns_are_genre_phrases_not_seed_sentences() -> None:
    """A long pattern found verbatim in a seed report is a copied sentence, not a phrase."""
    text = "".join(p.read_text(encoding="utf-8") for p in SEEDS)
    tax, _ = load_taxonomy()
    for cat in tax.categories:
        for pattern in cat.patterns:
            if len(pattern) >= 12 and "…" not in pattern:
                assert pattern not in text, (cat.id, pattern)


BAD_TAXONOMY = [
    (17, "duplicate id 'theory' (first defined on line 3)"),
    (21, "id 'Bad-Id' must be ASCII"),
    (30, "patterns must not be empty"),
    (40, "patterns must be a list"),
    (44, "unknown key 'theme'"),
    (41, "missing key 'themes'"),
    (50, "pattern '…不够' has an empty part"),
    (31, "theme id 'nosuch' is unknown"),
    (7, "style: parent chain forms a cycle"),
    (12, "loop: parent chain forms a cycle"),
]
# bad_meetings.yml line 7 also names 'nosuch': one line per undefined id, bad_taxonomy.yml's
# line 31 counts that use too (issue 17, tests/test_reliability.py).
BAD_MEETINGS = [
    (7, "duplicate aspect id 'a_one' (first on line 6)"),
    (8, "duplicate meeting (2023, 主题教育专题)"),
    (12, "year must be an integer or null"),
]


def _problems(taxonomy: str, meetings: str) -> list[str]:
    return [str(p) for p in load_taxonomy(FIXTURES / taxonomy, FIXTURES / meetings)[1]]


@pytest.mark.parametrize(("line", "message"), BAD_TAXONOMY)
def test_taxonomy_errors_name_file_and_line(line: int, message: str) -> None:
    found = _problems("bad_taxonomy.yml", "good_meetings.yml")
    expected = f"bad_taxonomy.yml:{line}: "
    assert any(expected in p and message in p for p in found), found


@pytest.mark.parametrize(("line", "message"), BAD_MEETINGS)
def test_meetings_errors_name_file_and_line(line: int, message: str) -> None:
    found = _problems("bad_taxonomy.yml", "bad_meetings.yml")
    assert any(f"bad_meetings.yml:{line}: " in p and message in p for p in found), found


def test_all_errors_are_collected_not_just_the_first() -> None:
    found = _problems("bad_taxonomy.yml", "bad_meetings.yml")
    assert len(found) == len(BAD_TAXONOMY) + len(BAD_MEETINGS)
    assert all(re.match(r".+\.yml:\d+: ", p) for p in found)


def test_syntax_error_and_missing_file_are_reported() -> None:
    found = _problems("syntax_error.yml", "no_such_file.yml")
    assert any("syntax_error.yml:4: YAML syntax" in p for p in found), found
    assert any("no_such_file.yml: cannot read" in p for p in found), found


def test_broken_entries_are_left_out_so_the_build_can_go_on() -> None:
    tax, _ = load_taxonomy(FIXTURES / "bad_taxonomy.yml", FIXTURES / "good_meetings.yml")
    ids = {c.id for c in tax.categories}
    assert "ghost" not in ids and "typo" not in ids
    assert all(c.parent is None for c in tax.themes)
