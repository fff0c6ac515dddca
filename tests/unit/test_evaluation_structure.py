"""The structure evaluator scores a corpus against a manifest (``--corpus/--manifest``)."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.structure import evaluate, load_manifest, main
from evaluation.structure_score import norm

REPORT = """中共长宁县水利局党组2023年度民主生活会对照检查材料
一、存在的问题
（一）学习方面。一是学习不够深入。二是学用脱节。
二、整改措施
一是加强学习。
"""


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(REPORT, encoding="utf-8")
    manifest = {"reports": [{
        "file": "a.txt", "year": 2023, "body": "长宁县水利局领导班子", "person": "collective",
        "meeting": "2023年度民主生活会",
        "sections": [
            {"role": "problems", "heading": "存在的问题", "points": [],
             "subsections": [{"heading": "学习方面", "points": ["学习不够深入", "学用脱节。"]}]},
            {"role": "measures", "heading": "整改措施", "subsections": [],
             "points": ["加强学习", "改进作风"]}]}]}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return corpus, path


def test_scores_each_column(tmp_path: Path) -> None:
    corpus, manifest = _corpus(tmp_path)
    tally = evaluate(corpus, load_manifest(manifest))
    assert (tally.gold_points, tally.parsed_points, tally.matched_points) == (4, 3, 3)
    assert tally.row() == ["0.750 / 1.000", "1.000 / 1.000", "1.000", "1.000", "1.000",
                           "1.000", "1.000", "1.000"]


def test_a_mapping_manifest_with_leads_only(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    corpus, _ = _corpus(tmp_path)
    manifest = tmp_path / "blind.json"
    manifest.write_text(json.dumps({"a.txt": {
        "leads": ["学习不够深入", "学用脱节", "加强学习"], "year": "2022", "level": "县",
        "body": "中共长宁县水利局党组", "collective": True}}, ensure_ascii=False), "utf-8")
    assert main(["--corpus", str(corpus), "--manifest", str(manifest)]) == 0
    row = capsys.readouterr().out.splitlines()[-1]
    # points right, no outline given (roles not scored), year wrong
    assert row.endswith("| 1.000 / 1.000 | — / 0.000 | — | 0.000 | 1.000 | 1.000 | 1.000 | — |"), row


def test_leads_are_compared_without_presentation() -> None:
    assert norm(" **学用“脱节”** 。") == norm('学用"脱节"') == '学用"脱节"'
    assert norm("ＡＢ；") == "AB"


def test_an_individual_post_given_apart_from_the_unit() -> None:
    from evaluation.structure_score import _level, _parsed_body

    assert _parsed_body("乌岭市人民政府副市长", "副市长") == "乌岭市人民政府"
    assert _parsed_body("乌岭市副市长", "副市长") == "乌岭市人民政府"
    assert _parsed_body("乌岭市委副书记", "副市长") != "乌岭市人民政府"
    assert (_level("乡镇"), _level("中央")) == ("镇", "中央")


def test_a_district_is_county_level_where_the_manifest_has_no_district() -> None:
    """A manifest whose levels are 乡镇/县/市/省/中央 files a city district under 县; the
    archive names it 区. Where the gold names a level, 区 counts as 县 (not the other way
    round, and not when the gold comes from a body's place)."""
    from evaluation.structure_score import Tally, score_report
    from generator.models import Metadata

    class _Report:
        sections = ()
        meta = Metadata(level="区")

    tally = Tally()
    assert not [m for m in score_report(tally, {"level": "县"}, _Report()) if "level" in m]
    assert [m for m in score_report(tally, {"level": "市"}, _Report()) if "level" in m]
    assert [m for m in score_report(tally, {"body": "长宁县水利局"}, _Report()) if "level" in m]
