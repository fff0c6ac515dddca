"""Golden outlines: each corpus report's outline must equal its fixture exactly.

Fixtures live in tests/fixtures/outlines/<stem>.outline (format: generator.parse.outline_text).
A new quirk is a new pair of files, not a new test function: drop the report into
tests/fixtures/outlines/ as <stem>.txt/.md with its expected <stem>.outline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.parse.outline_text import outline_from_json, outline_text
from generator.parse.report import parse_report
from generator.readers import read_source
from tests.conftest import CORPUS, ROOT
from tests.unit.test_fuzz import check_paths, expected_text, shown_text

FIXTURES = ROOT / "tests" / "fixtures" / "outlines"
SHARED = ROOT.parent / "shared" / "reference" / "seed-outlines.json"
SEED_NAMES = {  # shared/seeds name → corpus name
    "000_6d47a2ca56599837.txt": "2021-qu-zhengfu-lingdao-banzi-duizhao-jiancha.txt",
    "001_bd559e0d7dd58c1e.txt": "2023-qu-wei-banzi-zhuti-jiaoyu-zhuanti.txt",
    "002_4d7b1220e6f3511e.txt": "2021-shi-zhengfu-dangzu-dangshi-zhuanti.md",
    "003_7653f37fa6a3d3d6.txt": "2021-qu-zhuyao-fuzeren-dangshi-zhuanti.txt",
    "004_3460dbafa9ccb2a5.txt": "2021-qu-zhengfu-fuzeren-dangshi-zhuanti.txt",
}


def _cases() -> list[tuple[Path, Path]]:
    cases = []
    for expected in sorted(FIXTURES.glob("*.outline")):
        sources = [p for p in expected.parent.glob(expected.stem + ".*")
                   if p != expected and p.suffix not in (".yml", ".yaml")]
        sources += [p for p in CORPUS.glob(expected.stem + ".*") if p.suffix != ".yml"]
        assert sources, f"no report file for {expected.name}"
        cases.append((sources[0], expected))
    return cases


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """Optional ``# field: value`` lines on top of a golden file assert metadata too
    (``title``, ``author``, ``year``, ``meeting``, ``body``, ``level``, ``collective``,
    ``date``) and
    ``# furniture: a | b`` the lines lifted out of the body."""
    header: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("# "):
        key, _, value = lines.pop(0)[2:].rstrip("\n").partition(": ")
        header[key] = value
    return header, "".join(lines)


@pytest.mark.parametrize(("source", "expected"), _cases(), ids=lambda p: p.name)
def test_outline_matches_golden_file(source: Path, expected: Path) -> None:
    report = parse_report(read_source(source, source.parent))
    header, outline = _split_header(expected.read_text(encoding="utf-8"))
    assert outline_text(report) == outline
    for key, value in header.items():
        if key == "furniture":
            assert " | ".join(line.text for line in report.source.furniture) == value
        else:
            assert getattr(report.meta, key) == value, key


@pytest.mark.parametrize(("source", "expected"), _cases(), ids=lambda p: p.name)
def test_fixture_is_parsed_losslessly(source: Path, expected: Path) -> None:
    """Every character of every text fixture is in the title or a passage (or lifted
    furniture); web pages and Word files lose their markup and navigation by design."""
    if source.suffix not in (".txt", ".md"):
        pytest.skip("not a text file")
    report = parse_report(read_source(source, source.parent))
    text = source.read_bytes().decode(report.source.encoding)  # as the reader decoded it
    assert shown_text(report) == expected_text(text, source.suffix.lstrip("."), report.source)
    check_paths(report)


def test_every_seed_has_a_golden_file() -> None:
    for name in SEED_NAMES.values():
        assert (FIXTURES / (Path(name).stem + ".outline")).is_file(), name


@pytest.mark.skipif(not SHARED.exists(), reason="shared/reference is not beside the repo")
def test_seed_golden_files_are_the_hand_annotation() -> None:
    """The seeds' golden files are seed-outlines.json, not the parser's own output."""
    annotated = json.loads(SHARED.read_text(encoding="utf-8"))
    for seed, name in SEED_NAMES.items():
        golden = (FIXTURES / (Path(name).stem + ".outline")).read_text(encoding="utf-8")
        assert golden == outline_from_json(annotated[seed])


def test_nested_points_stay_inside_their_parent_point() -> None:
    report = parse_report(read_source(CORPUS / SEED_NAMES["000_6d47a2ca56599837.txt"], CORPUS))
    measures = [p for p in report.passages if p.role == "measures" and p.kind == "point"]
    assert [p.lead for p in measures] == ["着力提高政治能力", "加强履职担当能力", "提升自身建设水平"]
    assert "一是抢抓中央" in measures[1].text and "三是切实改善民生" in measures[1].text


def test_markdown_bold_does_not_leak_into_text() -> None:
    report = parse_report(read_source(CORPUS / SEED_NAMES["002_4d7b1220e6f3511e.txt"], CORPUS))
    assert report.title_lines[0].text == "市政府党组专题民主生活会对照检查材料"
    assert not any("**" in p.text for p in report.passages if p.kind == "heading")
    assert report.sections[0].number == "一、"


def test_line_break_inside_book_title_is_rejoined() -> None:
    report = parse_report(read_source(CORPUS / SEED_NAMES["002_4d7b1220e6f3511e.txt"], CORPUS))
    assert "《毛泽东邓小平 江泽民胡锦涛关于中国共产党历史论述摘编》" in report.passages[0].text


def test_paths_follow_the_outline() -> None:
    report = parse_report(read_source(CORPUS / SEED_NAMES["003_7653f37fa6a3d3d6.txt"], CORPUS))
    by_lead = {p.lead: p for p in report.passages if p.kind == "point"}
    assert by_lead["管党治党偏于宽松"].path == "2.5.1"
    assert by_lead["宗旨意识树得不牢"].path == "3.3"
    assert report.passages[0].role == "preamble" and report.passages[0].path == ""
