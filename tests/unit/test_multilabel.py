"""Issue 12: ranked multi-label output with confidence, similarity to prototypes, corpus
propagation, tooltips that say why, and the clusters of the 未归类 page."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from generator.models import Label, Report
from generator.parse.report import parse_report
from generator.readers import read_source
from generator.site.chips import explain
from generator.site.unclassified import Point, cluster
from generator.taxonomy import classify as C
from generator.taxonomy import similar as S
from generator.taxonomy.load import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    """The project's taxonomy without its labelled examples: these tests pin the pattern,
    heading and similarity layers; the learned model on top has tests/unit/test_learned.py."""
    tax, problems = load_taxonomy()
    assert problems == [] and tax.examples
    return replace(tax, examples=())


@pytest.fixture(autouse=True)
def _fresh_compile() -> None:
    C._compiled.clear()  # thresholds are read per call, but caches hold earlier results
    yield
    C._compiled.clear()


def _report(tmp_path: Path, text: str, name: str = "sample.txt") -> Report:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_report(read_source(path, tmp_path))


def _doc(*leads: str) -> str:
    points = "".join(f"{n}是{lead}。这里是具体表现。\n" for n, lead in zip("一二三四五", leads, strict=False))
    return f"某单位年度民主生活会对照检查材料\n一、存在的主要问题\n（一）工作作风方面\n{points}"


def _one_point(heading: str, lead: str, body: str) -> str:
    return f"某单位年度民主生活会对照检查材料\n一、存在的主要问题\n（一）{heading}\n一是{lead}。{body}\n"


def _point_labels(report: Report, labels: tuple[Label, ...], lead: str) -> list[Label]:
    anchor = next(p.anchor for p in report.passages if p.lead == lead)
    return [lb for lb in labels if lb.anchor == anchor]


CROWDED = "学用结合不够、调查研究不深入、形式主义和文山会海问题、推诿扯皮"


def test_point_keeps_at_most_three_types_and_two_themes_ranked(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    report = _report(tmp_path, _doc(CROWDED))
    mine = _point_labels(report, C.classify_report(report, taxonomy), CROWDED)
    types = [lb for lb in mine if lb.kind == "problem"]
    themes = [lb for lb in mine if lb.kind == "theme"]
    assert 1 <= len(types) <= C.MAX_PROBLEMS and 1 <= len(themes) <= C.MAX_THEMES
    for group in (types, themes):
        confs = [lb.confidence for lb in group]
        assert confs == sorted(confs, reverse=True)
        assert all(0 < c <= 1 for c in confs)
    # Lead patterns are the surest evidence.
    assert types[0].confidence >= C.CONF_LEAD


def test_unpatterned_lead_gets_a_similar_type_above_the_threshold_only(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = "事务一多就把读书学习往后推"
    report = _report(tmp_path, _doc(lead))
    mine = _point_labels(report, C.classify_report(report, taxonomy), lead)
    similar = [lb for lb in mine if lb.kind == "problem"]
    assert [lb.category for lb in similar][:1] == ["study_passive"]
    lb = similar[0]
    assert lb.evidence[0].startswith("prototype:")
    assert C.SIM_PROBLEM <= lb.confidence < 1
    assert "相似度" in explain(lb) and "相似原型" in explain(lb)
    # Above every similarity the threshold leaves the point without a similarity type.
    for name in ("SIM_PROBLEM", "SIM_ALONE", "SIM_THEME"):
        monkeypatch.setattr(C, name, 0.999)
    C._compiled.clear()
    again = _point_labels(report, C.classify_report(report, taxonomy), lead)
    assert not [x for x in again if x.kind == "problem"]
    assert [x.category for x in again if x.kind == "theme"] == ["work_style"]  # the heading's


def _labels_of(report: Report, lead: str, cid: str, conf: float, ev: str) -> tuple[Label, ...]:
    anchor = next(p.anchor for p in report.passages if p.lead == lead)
    return (Label(anchor, cid, "problem", (ev,), 2.0, conf),)


def test_propagation_copies_a_close_paraphrase_from_another_report(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    src_lead = "会议开得多而实地督办少"
    near = "会议开得多但实地督办少"
    far = "对青年干部的培养不够系统"
    a = _report(tmp_path, _doc(src_lead), "a.txt")
    b = _report(tmp_path, _doc(near, far), "b.txt")
    labels = {
        a.slug: _labels_of(a, src_lead, "implementation_weak", 0.9, "督办"),
        b.slug: (),
    }
    out = C.propagate([a, b], labels, taxonomy)
    got = _point_labels(b, out[b.slug], near)
    types = [lb for lb in got if lb.kind == "problem"]
    assert [lb.category for lb in types] == ["implementation_weak"]
    assert re.match(rf"corpus:0\.\d\d:{a.slug}#p-", types[0].evidence[0])
    assert C.PROP_MIN <= types[0].confidence < 1
    assert "相似段落" in explain(types[0]) and "相似度" in explain(types[0])
    # Its primary theme comes along; the unrelated lead gets nothing.
    assert "work_style" in {lb.category for lb in got if lb.kind == "theme"}
    assert not _point_labels(b, out[b.slug], far)


def test_propagation_ignores_weak_sources_and_the_same_report(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    src_lead = "会议开得多而实地督办少"
    near = "会议开得多但实地督办少"
    a = _report(tmp_path, _doc(src_lead), "a.txt")
    b = _report(tmp_path, _doc(near), "b.txt")
    both = _report(tmp_path, _doc(src_lead, near), "c.txt")
    # A source labelled only by similarity is not confident enough to copy.
    weak = {a.slug: _labels_of(a, src_lead, "implementation_weak", 0.5, "prototype:x"),
            b.slug: ()}
    assert C.propagate([a, b], weak, taxonomy) == weak
    # A paraphrase within the same report is not "elsewhere in the corpus".
    own = {both.slug: _labels_of(both, src_lead, "implementation_weak", 0.9, "督办")}
    assert C.propagate([both], own, taxonomy) == own


def test_propagation_does_not_depend_on_the_order_of_the_reports(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    # An incremental build lists the reports in another order than a full build of the same
    # corpus: the source a paraphrase is credited to, and its similarity, must not change.
    src_lead = "会议开得多而实地督办少"
    near = "会议开得多但实地督办少"
    a = _report(tmp_path, _doc(src_lead, "青年干部培养缺少长远规划"), "a.txt")
    c = _report(tmp_path, _doc("对青年干部的培养缺少规划", src_lead), "c.txt")
    b = _report(tmp_path, _doc(near, "青年干部培养缺少长期规划"), "b.txt")
    labels = {
        a.slug: _labels_of(a, src_lead, "implementation_weak", 0.9, "督办")
        + _labels_of(a, "青年干部培养缺少长远规划", "cadre_selection_weak", 0.9, "青年干部"),
        c.slug: _labels_of(c, src_lead, "implementation_weak", 0.9, "督办")
        + _labels_of(c, "对青年干部的培养缺少规划", "cadre_selection_weak", 0.9, "青年干部"),
        b.slug: (),
    }
    first = C.propagate([a, c, b], labels, taxonomy)
    for order in ([c, b, a], [b, a, c], [c, a, b]):
        assert C.propagate(order, labels, taxonomy) == first
    got = _point_labels(b, first[b.slug], near)
    assert got and all(f"{a.slug}#" in lb.evidence[-1] for lb in got)  # the first by name


def test_tooltip_names_words_heading_and_confidence() -> None:
    lb = Label("p-x", "theory_study", "theme", ("理论学习", "heading:理论学习方面"), 2.0, 0.9)
    tip = explain(lb)
    assert "匹配词「理论学习」" in tip and "标题「理论学习方面」" in tip and "置信度 0.90" in tip
    mixed = Label("p-x", "theory_study", "theme", ("理论学习", "prototype:0.41:学习不深"), 2.0, 0.95)
    assert explain(mixed) == "匹配词「理论学习」；相似原型「学习不深」（相似度 0.41）；置信度 0.95"
    alone = Label("p-x", "theory_study", "theme", ("prototype:0.62:学习不深",), 0.0, 0.62)
    assert explain(alone) == "相似原型「学习不深」；相似度 0.62"


def test_unclassified_points_cluster_by_shared_phrase(tmp_path: Path) -> None:
    report = _report(tmp_path, _doc("甲"))
    p = report.passages[0]
    leads = ["基层减负成效反弹", "基层减负还有回潮", "基层减负不够彻底", "家风建设抓得不紧", "家风建设不够经常", "独一无二"]
    clusters, rest = cluster([Point(report, p, x) for x in leads])
    phrases = {c.phrase: len(c.points) for c in clusters}
    assert phrases.get("基层减负") == 3 and phrases.get("家风建设") == 2
    assert [pt.lead for pt in rest] == ["独一无二"]


def test_a_clusters_other_phrases_are_in_a_fixed_order(tmp_path: Path) -> None:
    # Phrases shared by equally many leads come longest first, then in code-point order (the
    # n-grams are sets, iterated in an order that changes with the process' hash seed).
    report = _report(tmp_path, _doc("甲"))
    p = report.passages[0]
    leads = ["基层减负服务群众不够", "基层减负服务群众欠缺", "基层减负服务群众较少"]
    [found], _ = cluster([Point(report, p, x) for x in leads])
    counts = [n for _, n in found.phrases]
    assert counts and all(n == 3 for n in counts)
    assert found.phrases == sorted(found.phrases, key=lambda xn: (-xn[1], -len(xn[0]), xn[0]))


def test_a_point_whose_lead_only_regrets_is_typed_by_its_body(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The lead says only that there is a gap; the body says what it is (study_passive).
    lead = "这方面的差距还比较明显"
    body = "平时读书多是被动完成规定动作，很少挤时间自学，常以事务多为由把学习往后放。"
    report = _report(tmp_path, _one_point("其他方面", lead, body))
    mine = _point_labels(report, C.classify_report(report, taxonomy), lead)
    types = [lb for lb in mine if lb.kind == "problem"]
    assert types and types[0].category == "study_passive"
    assert types[0].evidence[0].startswith("prototype:")
    # Compared by its lead alone, the point does not get that type.
    monkeypatch.setattr(C, "BODY_SIM", 0.0)
    C._compiled.clear()
    alone = _point_labels(report, C.classify_report(report, taxonomy), lead)
    assert "study_passive" not in {lb.category for lb in alone if lb.kind == "problem"}


def test_a_vague_point_prefers_types_of_its_headings_theme(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under a study heading a vague lead is ranked towards the study types.
    lead = "钻研得还不够"
    report = _report(tmp_path, _one_point("理论学习方面", lead, "平时忙于事务，钻研原著少，满足于一知半解。"))

    def study_first() -> bool:
        C._compiled.clear()
        mine = _point_labels(report, C.classify_report(report, taxonomy), lead)
        types = [lb for lb in mine if lb.kind == "problem"]
        return bool(types) and "theory_study" in taxonomy.index[types[0].category].themes

    assert study_first()
    monkeypatch.setattr(C, "HEADING_BOOST", 1.0)
    monkeypatch.setattr(C, "BODY_SIM", 0.0)
    assert not study_first()


def test_a_measure_without_theme_words_takes_a_similar_theme(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = "提升处理复杂问题的本事"
    text = (
        "某单位年度民主生活会对照检查材料\n一、存在的主要问题\n（一）其他方面\n"
        "一是工作标准不高。满足于过得去。\n二、整改措施\n"
        f"一是{lead}。每季度参加一次专题培训。\n"
    )
    report = _report(tmp_path, text)
    themes = [lb for lb in _point_labels(report, C.classify_report(report, taxonomy), lead)]
    assert [lb.category for lb in themes] == ["capability"]
    assert themes[0].evidence[0].startswith("prototype:")
    monkeypatch.setattr(C, "THEME_ROLES", C.POINT_ROLES)
    C._compiled.clear()
    assert not _point_labels(report, C.classify_report(report, taxonomy), lead)


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("对下属干部的管理提醒不够经常", "cadre_supervision_lax"),
        ("心得体会多是照抄照搬", "study_formalism"),
        ("遇到新问题还是老一套的办法", "innovation_weak"),
    ],
)
def test_prototypes_carry_the_genres_wording_of_a_type(
    taxonomy: Taxonomy, lead: str, expected: str
) -> None:
    # Paraphrases that share no pattern with the type: the prototypes' wording finds them.
    comp = C.compile_taxonomy(taxonomy)
    assert not [k for k, *_ in comp.matcher.find(lead) if comp.kinds[k] == "problem"]
    found = C._similar(comp, [lead])[lead]
    best = max((c for c in found if c[1] == "problem"), key=lambda c: c[2])
    assert best[0] == expected and best[2] >= C.SIM_ALONE


def test_a_faint_resemblance_through_one_common_word_gives_no_type(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # These points share only a two-character word (考虑, 安排, 两个) with some prototype.
    points = ("对食堂菜品的安排考虑不周", "对车队的调度安排不够合理")
    bodies = ("有几次饭菜送晚了。", "两个月里误了三次班车。")
    text = "某单位年度民主生活会对照检查材料\n一、存在的主要问题\n（一）其他方面\n" + "".join(
        f"{n}是{lead}。{body}\n" for n, lead, body in zip("一二", points, bodies, strict=True)
    )
    report = _report(tmp_path, text)

    def typed() -> list[bool]:
        C._compiled.clear()
        labels = C.classify_report(report, taxonomy)
        return [any(lb.kind == "problem" for lb in _point_labels(report, labels, p)) for p in points]

    assert typed() == [False, False]
    monkeypatch.setattr(C, "SIM_WORD", 0.0)
    assert typed() == [True, True]


def test_a_short_body_weighs_in_proportion_to_its_length(taxonomy: Taxonomy) -> None:
    protos = C.compile_taxonomy(taxonomy).prototypes
    lead, body = "理论学习不够深入", "两个月里没学"
    alone, _ = protos.similarities([lead])
    by_body, _ = protos.similarities([body])
    got, *_ = S._blended(protos, [f"{lead}\n{body}"], 0.5)
    w = 0.5 * len(body) / S.FULL_BODY
    assert np.allclose(got[0], (1 - w) * alone[0] + w * by_body[0], atol=1e-6)


def test_a_second_type_beside_a_pattern_type_needs_a_phrase_in_common(
    taxonomy: Taxonomy,
) -> None:
    # The lead names its problem in the taxonomy's words (调查研究不够深入); a similar type
    # beside it must state a second problem, not echo one common two-character word.
    from generator.models import Passage

    comp = C.compile_taxonomy(taxonomy)
    lead, body = "调查研究不够深入", "下去的时间短，谋划工作的思路不宽。"
    p = Passage("point", f"一是{lead}。{body}", "problems", "1.1.1", 3, "一是", lead, 3)
    sim = 0.27  # enough beside a pattern type, but faint
    assert C.SIM_EXTRA <= sim < C.SIM_EXTRA_WORD

    def types(proto: str) -> set[str]:
        cand = (("weak_planning", "problem", sim, f"prototype:{sim:.2f}:{proto}"),)
        labels = C.classify_passage(p, lead, body, (), comp, False, cand)
        return {lb.category for lb in labels if lb.kind == "problem"}

    assert types("规划时间安排欠妥") == {"research_shallow"}  # only 时间 in common
    assert types("谋划工作思路不宽") == {"research_shallow", "weak_planning"}


@pytest.mark.parametrize(
    ("lead", "second"),
    [
        ("开会发文仍然偏多，带头攻坚克难的勇气不足", "meetings_documents"),
        ("理论学习时紧时松，服务企业的主动性不够", "study_not_systematic"),
    ],
)
def test_each_clause_of_a_lead_that_states_two_problems_gives_its_type(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch, lead: str, second: str
) -> None:
    # The lead's second problem, in words no pattern knows, is lost in the whole lead's
    # similarity; compared on its own, the clause finds its type.
    report = _report(tmp_path, _one_point("其他方面", lead, "有时说得多做得少，自己也觉得不应该。"))

    def types() -> list[str]:
        C._compiled.clear()
        mine = _point_labels(report, C.classify_report(report, taxonomy), lead)
        return [lb.category for lb in mine if lb.kind == "problem"]

    assert second in types()
    monkeypatch.setattr(C, "CLAUSE_MIN", 0)
    assert second not in types()


def test_a_lead_is_split_into_clauses_of_some_length_only() -> None:
    from generator.taxonomy.parts import lead_clauses

    assert lead_clauses("调研次数偏少，学习不够系统", 5) == ["调研次数偏少", "学习不够系统"]
    assert lead_clauses("有时，学习不够系统", 5) == []  # an aside is no second problem
    assert lead_clauses("调研次数偏少", 5) == []


def test_a_reports_labels_do_not_depend_on_the_reports_classified_with_it(
        tmp_path: Path, taxonomy: Taxonomy) -> None:
    """The incremental build classifies a changed report alone and a full build in batches:
    a paragraph that is not compared with the prototypes must not pick up the similarity of
    an identical clause that another report's point brought into the batch."""
    head = "某某局党组班子民主生活会对照检查材料\n\n一、存在的主要问题\n\n（一）理论学习方面\n\n"
    alone = _report(tmp_path, head + "一是学习不够深入。有的同志学习浮于表面，满足于读原文。\n\n"
                    "尽管列入了年度工作，但很少专门安排，目前已经整改完毕。比如，有的事项推进较慢。\n",
                    "a.txt")
    other = _report(tmp_path, head.replace("某某局", "某某委") + "一是整改工作推进迟缓，目前已经整改"
                    "完毕。具体表现在有的问题反复出现。\n", "b.txt")
    assert C.classify_reports([other, alone], taxonomy)[1] == \
        C.classify_reports([alone], taxonomy)[0]


def test_a_problem_point_no_evidence_types_takes_the_models_best_type_above_a_floor() -> None:
    from generator.taxonomy.evidence import fuse

    order = {"capability_panic": 0, "innovation_weak": 1}
    probs = {"capability_panic": 0.27, "innovation_weak": 0.12}
    kept = fuse({}, probs, (0.5, 1.0, 0.35), 3, order, lambda c, p: f"model:{p}", False,
                0.5, alone=0.2)
    assert list(kept) == ["capability_panic"]  # below the floor, but the best and above 0.2
    assert kept["capability_panic"][2] == ["model:0.27"]
    assert fuse({}, probs, (0.5, 1.0, 0.35), 3, order, str, False, 0.5, alone=0.3) == {}
    assert fuse({}, probs, (0.5, 1.0, 0.35), 3, order, str, False, 0.5) == {}
    assert C.ALONE_PROBLEM > 0  # the classifier uses it
