"""The classifier: gold figures on the seeds, heading inheritance, both scripts, evidence."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from opencc import OpenCC

from evaluation.labels import evaluate
from generator.models import Report
from generator.parse.report import parse_report
from generator.readers import read_source
from generator.taxonomy.classify import classify_report
from generator.taxonomy.load import Taxonomy, load_taxonomy
from generator.taxonomy.matcher import Matcher

ROOT = Path(__file__).resolve().parents[2]

SAMPLE = """关于主题教育专题民主生活会对照检查材料
一、存在的主要问题
（一）理论学习方面。一是对新思想钻研得还不够。平时忙于事务，钻研不足。二是学用结合不够紧密。存在学用“两张皮”现象。
（二）工作作风方面。一是调查研究不够深入。下基层蹲点少，听汇报多。
二、整改措施
一是强化理论武装。坚持学用结合，防止学用脱节。
"""


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    """The project's taxonomy without its labelled examples: these tests pin the pattern,
    heading and similarity layers; the learned model on top has tests/unit/test_learned.py."""
    tax, problems = load_taxonomy()
    assert problems == [] and tax.examples
    return replace(tax, examples=())


def _report(tmp_path: Path, text: str, name: str = "sample.txt") -> Report:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_report(read_source(path, tmp_path))


def _labels(report: Report, taxonomy: Taxonomy) -> dict[str, set[tuple[str, str]]]:
    """Passage lead (or text) → {(kind, category)}."""
    out: dict[str, set[tuple[str, str]]] = {}
    by_anchor = {p.anchor: p for p in report.passages}
    for lb in classify_report(report, taxonomy):
        p = by_anchor[lb.anchor]
        out.setdefault(p.lead or p.text, set()).add((lb.kind, lb.category))
    return out


def test_gold_figures_meet_the_issue_targets(taxonomy: Taxonomy) -> None:
    result = evaluate(taxonomy)
    assert result.scores["theme"].f1 >= 0.90
    assert result.scores["problem"].f1 >= 0.80
    assert result.problem_points_without_theme == 0
    assert not [d for d in result.diffs if "no such unit" in d]


def test_point_inherits_the_theme_of_its_heading(tmp_path: Path, taxonomy: Taxonomy) -> None:
    report = _report(tmp_path, SAMPLE)
    labels = classify_report(report, taxonomy)
    point = next(p for p in report.passages if p.lead == "对新思想钻研得还不够")
    mine = [lb for lb in labels if lb.anchor == point.anchor and lb.kind == "theme"]
    # The heading's theme comes first; a faint similarity type may add a second one.
    assert mine[0].category == "theory_study"
    assert mine[0].evidence == ("heading:理论学习方面",)
    assert all(lb.confidence < mine[0].confidence for lb in mine[1:])


def test_lead_words_give_problem_types_with_their_evidence(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    report = _report(tmp_path, SAMPLE)
    labels = classify_report(report, taxonomy)
    point = next(p for p in report.passages if p.lead == "学用结合不够紧密")
    mine = {lb.category: lb for lb in labels if lb.anchor == point.anchor}
    assert "theory_practice_gap" in mine
    assert "学用结合不够" in mine["theory_practice_gap"].evidence
    patterns = {p for c in taxonomy.categories for p in c.patterns}
    for lb in labels:
        assert lb.evidence, lb
        assert all(
            e.startswith(("heading:", "problem:", "cause:", "measure:", "prototype:", "corpus:"))
            or e in patterns
            for e in lb.evidence
        ), lb


def test_types_only_in_their_own_sections(tmp_path: Path, taxonomy: Taxonomy) -> None:
    labels = _labels(_report(tmp_path, SAMPLE), taxonomy)
    measure = labels["强化理论武装"]
    assert ("measure", "m_theory") in measure
    assert not {k for k, _ in measure} & {"problem", "cause"}
    research = labels["调查研究不够深入"]
    assert ("problem", "research_shallow") in research
    assert ("theme", "work_style") in research  # from the heading


def test_traditional_script_gets_the_same_labels(tmp_path: Path, taxonomy: Taxonomy) -> None:
    simple = _labels(_report(tmp_path, SAMPLE), taxonomy)
    trad_text = OpenCC("s2t").convert(SAMPLE)
    assert trad_text != SAMPLE
    trad = _labels(_report(tmp_path, trad_text, "trad.txt"), taxonomy)
    to_simple = OpenCC("t2s")
    assert {to_simple.convert(k): v for k, v in trad.items()} == simple


def test_output_is_deterministic(tmp_path: Path, taxonomy: Taxonomy) -> None:
    report = _report(tmp_path, SAMPLE)
    assert classify_report(report, taxonomy) == classify_report(report, taxonomy)


def test_matcher_finds_nested_overlapping_and_gapped_patterns() -> None:
    m = Matcher(
        [
            (0, "学用结合"),
            (1, "学用结合不够"),
            (2, "结合不够"),
            (3, "调查研究…不够"),
            (4, "研究…深入"),
        ]
    )
    text = "学用结合不够紧密，调查研究还不够深入。研究。深入"
    found = {(k, text[s:e]) for k, _, s, e in m.find(text)}
    assert found == {
        (0, "学用结合"),
        (1, "学用结合不够"),
        (2, "结合不够"),
        (3, "调查研究还不够"),
        (4, "研究还不够深入"),
    }


LONG_ASPECT = (
    "在带头深刻汲取党史中正反两方面经验，履行全面从严治党责任，旗帜鲜明讲政治，落实中央八项规定"
    "及其实施细则精神，持续用力纠“四风”、树新风，坚决反对形式主义官僚主义方面"
)


def test_aspect_headings_map_to_their_meetings_themes_not_every_word(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    from generator.taxonomy.aspects import HeadingMapper

    mapper = HeadingMapper(taxonomy)
    dangshi = next(m for m in taxonomy.meetings if m.year == 2021 and "党史" in m.type)
    assert [t for t, _ in mapper.themes(LONG_ASPECT, dangshi)] == ["party_governance"]
    # Unknown meeting: the best-matching aspect of any meeting still wins over theme words.
    assert [t for t, _ in mapper.themes(LONG_ASPECT, None)] == ["party_governance"]
    # A home-grown heading that is no official aspect falls back to theme words.
    assert [t for t, _ in mapper.themes("纪律规矩方面", dangshi)] == ["discipline"]
    report = _report(tmp_path, "2021年度党史学习教育专题民主生活会对照检查材料\n" + SAMPLE)
    assert mapper.meeting_of(report) is dangshi


def _subsection(
    tmp_path: Path, taxonomy: Taxonomy, heading: str, *points: str
) -> dict[str, set[tuple[str, str]]]:
    """Labels of a report with one problem subsection ``heading`` and its ``points``."""
    body = "".join(f"{n}是{p}\n" for n, p in zip("一二三四五", points, strict=False))
    text = f"某单位年度民主生活会对照检查材料\n一、存在的主要问题\n（一）{heading}\n{body}"
    return _labels(_report(tmp_path, text), taxonomy)


def test_genre_names_of_study_reform_and_party_spirit_give_their_themes(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    # Meeting-campaign wording (党史学习, 深化改革, 建党精神) names the theme it is about.
    labels = _subsection(
        tmp_path,
        taxonomy,
        "在学习党史、为群众办实事方面",
        "深化改革的步子迈得不大。几项改革停在方案阶段。",
        "弘扬伟大建党精神还有差距。遇到困难时劲头不足。",
    )
    assert ("theme", "theory_study") in labels["在学习党史、为群众办实事方面"]
    assert ("theme", "innovation") in labels["深化改革的步子迈得不大"]
    assert ("theme", "mission") in labels["弘扬伟大建党精神还有差距"]


def test_a_point_under_a_heading_of_two_aspects_takes_the_one_it_is_about(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    labels = _subsection(
        tmp_path,
        taxonomy,
        "在理论学习和廉洁自律方面",
        "落实中央八项规定精神有松懈。公务接待偶有超标。",
        "理论学习的系统性不够。读原著少，满足于看摘要。",
    )
    heading = {c for k, c in labels["在理论学习和廉洁自律方面"] if k == "theme"}
    assert heading == {"theory_study", "integrity"}
    assert {c for k, c in labels["落实中央八项规定精神有松懈"] if k == "theme"} == {"integrity"}
    assert {c for k, c in labels["理论学习的系统性不够"] if k == "theme"} == {"theory_study"}


def test_a_short_heading_joining_its_own_matter_to_an_aspect_names_both(
    taxonomy: Taxonomy,
) -> None:
    from generator.taxonomy.aspects import HeadingMapper

    mapper = HeadingMapper(taxonomy)
    year2025 = next(m for m in taxonomy.meetings if m.year == 2025)
    # 担当作为 is the meeting's aspect; 理论武装 is the unit's own matter, joined with 、.
    themes = [t for t, _ in mapper.themes("在加强理论武装、干事创业担当作为方面", year2025)]
    assert themes[0] == "responsibility" and "theory_study" in themes
    # A long official aspect heading still inherits its aspect's curated themes only.
    dangshi = next(m for m in taxonomy.meetings if m.year == 2021 and "党史" in m.type)
    assert [t for t, _ in mapper.themes(LONG_ASPECT, dangshi)] == ["party_governance"]


def test_old_ways_of_working_and_science_innovation_name_innovation(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    # Stock wording of the genre for methods that did not change (手段陈旧, 方式传统, 缺乏新意)
    # and for the matter of 科技创新: lead → (kind, category) it must give.
    expected = {
        "调解邻里纠纷的手段还比较陈旧": ("problem", "innovation_weak"),
        "宣传工作的方式偏于传统": ("problem", "innovation_weak"),
        "科技创新对园区发展的支撑不够有力": ("theme", "innovation"),
    }
    bodies = ("多靠上门劝说。", "年年一个样。", "研发投入少。")
    points = [f"{lead}。{body}" for lead, body in zip(expected, bodies, strict=True)]
    labels = _subsection(tmp_path, taxonomy, "工作作风方面", *points)
    for lead, label in expected.items():
        assert label in labels[lead], lead


def test_a_party_discipline_campaign_report_is_checked_against_the_six_disciplines(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    # 2024's 党纪学习教育 专题 meetings checked each member against the six disciplines of the
    # 纪律处分条例; a heading names one of them, and a point under it is filed by its matter.
    text = (
        "某局党组党纪学习教育专题民主生活会对照检查材料\n"
        "按照党纪学习教育的安排，现将对照检查情况报告如下。\n"
        "一、存在的主要问题\n（一）生活纪律方面\n"
        "一是对子女和身边人员的廉洁提醒不够经常。平时要求多，检查少。\n"
        "（二）群众纪律方面\n"
        "一是对群众来信来访的答复不够及时。有的信件一个多月才回。\n"
    )
    report = _report(tmp_path, text)
    from generator.taxonomy.patterns import compile_taxonomy

    meeting = compile_taxonomy(taxonomy).headings.meeting_of(report)
    assert meeting is not None and meeting.type == "党纪学习教育专题"
    labels = _labels(report, taxonomy)
    themes = {lead: {c for k, c in got if k == "theme"} for lead, got in labels.items()}
    assert themes["生活纪律方面"] == {"integrity", "discipline"}
    assert themes["群众纪律方面"] == {"people", "discipline"}
    assert "people" in themes["对群众来信来访的答复不够及时"]
    assert "integrity" in themes["对子女和身边人员的廉洁提醒不够经常"]


def test_a_problem_tables_header_row_is_not_labelled(tmp_path: Path, taxonomy: Taxonomy) -> None:
    """A problem list kept as a table: each row is a point with its labels; the header row
    (序号 | 问题 | 整改措施 | 时限) names columns, and gets none (整改 there is no 整改不彻底)."""
    report = _report(tmp_path, (
        "中共某某县统计局党组2023年度民主生活会对照检查材料\n\n二、存在的问题\n"
        "| 序号 | 问题 | 整改措施 | 时限 |\n|---|---|---|---|\n"
        "| 1 | 统计数据质量把关不严 | 建立数据审核制度 | 2024年6月 |\n"
        "| 2 | 深入基层调研不够 | 每季度蹲点调研 | 长期 |\n"
        "\n三、整改措施\n1.强化数据审核。每月抽查一次。\n"), "table.md")
    header = next(p for p in report.passages if "序号" in p.text)
    assert header.kind == "para"
    labels = classify_report(report, taxonomy)
    assert not [lb for lb in labels if lb.anchor == header.anchor]
    rows = [p for p in report.passages if p.kind == "point" and p.role == "problems"]
    assert [p.lead for p in rows] == ["统计数据质量把关不严", "深入基层调研不够"]
    assert all(any(lb.anchor == p.anchor for lb in labels) for p in rows)
