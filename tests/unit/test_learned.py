"""Issue 12: the classifier learns from labelled examples (examples.yml)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from generator.models import Label
from generator.parse.report import parse_report
from generator.readers import read_source
from generator.site.chips import explain
from generator.taxonomy import classify as C
from generator.taxonomy.learned import Example, Learned, load_examples
from generator.taxonomy.load import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    tax, problems = load_taxonomy()
    assert problems == [] and len(tax.examples) > 1000
    return tax


@pytest.fixture(autouse=True)
def _fresh_compile() -> None:
    C._compiled.clear()
    yield
    C._compiled.clear()


# A made-up practice no pattern or prototype names, taught by examples alone.
TAUGHT = [f"夜读打卡{tail}" for tail in ("坚持得不好，常常中断", "流于形式，打卡不读书",
                                    "只图完成任务，记了不学", "时断时续，没有形成习惯",
                                    "应付检查，学习效果差", "拿别人的笔记充数")]
OTHER = [("会议多、文件多，基层疲于应付", "meetings_documents"),
         ("对群众反映的问题回应不及时", "urgent_needs"),
         ("班子成员之间沟通不够，配合不顺", "unity_weak"),
         ("执行请示报告制度不严格，先办后报", "reporting_lax"),
         ("对分管领域的干部管理偏松偏软", "cadre_supervision_lax"),
         ("攻坚克难的劲头不足，遇到难题绕着走", "tackling_tough_weak")]


def _examples() -> tuple[Example, ...]:
    taught = [Example(t, "在理论学习方面", ("theory_study",), ("study_passive",)) for t in TAUGHT]
    other = [Example(t, "在工作作风方面", ("work_style",), (c,)) for t, c in OTHER * 2]
    return tuple(taught + other)


def _point_labels(tmp_path: Path, taxonomy: Taxonomy, lead: str) -> list[Label]:
    path = tmp_path / "r.txt"
    path.write_text("某局党组年度民主生活会对照检查材料\n一、存在的问题\n（一）其他方面\n"
                    f"一是{lead}。有的同志对此认识不足。\n", encoding="utf-8")
    report = parse_report(read_source(path, tmp_path))
    labels = C.classify_report(report, taxonomy)
    anchor = next(p.anchor for p in report.passages if p.lead == lead)
    return [lb for lb in labels if lb.anchor == anchor]


def test_examples_teach_a_type_that_no_pattern_names(tmp_path: Path, taxonomy: Taxonomy) -> None:
    lead = "夜读打卡经常中断，没有形成习惯"
    taught = replace(taxonomy, examples=_examples())
    got = [lb for lb in _point_labels(tmp_path, taught, lead) if lb.kind == "problem"]
    assert [lb.category for lb in got][:1] == ["study_passive"]
    assert got[0].evidence[0].startswith("model:") and "夜读" in got[0].evidence[0]
    C._compiled.clear()
    untaught = replace(taxonomy, examples=())
    assert "study_passive" not in {lb.category for lb in _point_labels(tmp_path, untaught, lead)}


def test_the_model_learned_from_the_same_examples_is_the_same(taxonomy: Taxonomy) -> None:
    one, two = Learned(taxonomy), Learned(taxonomy)
    for kind, head in one.heads.items():
        assert head.ids == two.heads[kind].ids
        assert np.array_equal(head.weights, two.heads[kind].weights)
        assert np.array_equal(head.bias, two.heads[kind].bias)


def test_regressions_fitted_in_workers_equal_those_fitted_here(
        taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus's examples are fitted in two forked processes: the same numbers as in one."""
    from generator.taxonomy import learned

    assert len(taxonomy.examples) >= learned.PARALLEL_FROM  # (the shipped examples are)
    parallel = Learned(taxonomy)
    monkeypatch.setattr(learned, "PARALLEL_FROM", 10**9)
    serial = Learned(taxonomy)
    for kind, head in serial.heads.items():
        assert parallel.heads[kind].ids == head.ids
        assert np.array_equal(parallel.heads[kind].weights, head.weights)
        assert np.array_equal(parallel.heads[kind].bias, head.bias)


def test_examples_file_keeps_known_ids_and_marks_what_is_a_problem_point(
        tmp_path: Path, taxonomy: Taxonomy) -> None:
    path = tmp_path / "examples.yml"
    path.write_text(
        "- {text: 学用脱节, kind: point, heading: 理论学习方面, themes: [theory_study, nope],\n"
        "   problem_types: [theory_practice_gap, political]}\n"
        "- {text: 在理论学习方面, kind: heading, themes: [theory_study]}\n"
        "- {text: 强化理论武装, kind: point, themes: [theory_study]}\n"
        "- not a mapping\n", encoding="utf-8")
    point, heading, measure = load_examples(path, taxonomy.index)
    assert point == Example("学用脱节", "理论学习方面", ("theory_study",), ("theory_practice_gap",))
    assert heading.problems is None and measure.problems is None
    assert load_examples(tmp_path / "missing.yml", taxonomy.index) == ()


def test_tooltip_of_a_learned_label_names_its_ngrams_and_probability() -> None:
    alone = Label("p-x", "theory_practice_gap", "problem", ("model:0.91:学用、脱节",), 0.0, 0.91)
    assert explain(alone) == "示例学习（依据「学用、脱节」）；概率 0.91"
    mixed = Label("p-x", "theory_practice_gap", "problem", ("学用脱节", "model:0.91:学用"), 2.0, 0.9)
    assert explain(mixed) == "匹配词「学用脱节」；示例学习（依据「学用」）（概率 0.91）；置信度 0.90"


def test_agreement_counts_the_second_labeller_against_the_first() -> None:
    from evaluation.agreement import agreement

    first = {"a.txt": [{"unit": "1/1", "themes": ["x", "y"], "problem_types": ["p"]},
                       {"unit": "1/2", "themes": ["z"], "problem_types": []}]}
    second = {"a.txt": [{"unit": "1/1", "themes": ["x"], "problem_types": ["q"]},
                        {"unit": "9/9", "themes": ["z"]}]}
    got = agreement(first, second)
    assert (got["themes"].tp, got["themes"].fp, got["themes"].fn) == (1, 0, 1)
    assert (got["problem_types"].tp, got["problem_types"].fp, got["problem_types"].fn) == (0, 1, 1)
