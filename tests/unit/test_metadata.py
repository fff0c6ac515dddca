"""Metadata: canonical bodies, values people write in front matter and sidecars (issue 17
item 8), where each inferred field came from, and the warning for what could not be found.
The texts are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.gather import gather
from generator.models import Metadata
from generator.parse.bodies import body_key, is_post, place_level, unit_key
from generator.parse.meta_body import Who, from_author_line, signature, with_parent
from generator.parse.meta_time import year_of_date
from generator.parse.report import parse_report
from generator.readers import ReadError, read_source
from generator.readers.meta_values import ValueProblem, canonical_key, clean_value

ROOT = Path(__file__).resolve().parents[2]

BODY = "一、存在的问题\n一是调查研究不够。\n二、整改措施\n一是加强调研。\n"


def _meta(tmp_path: Path, text: str, name: str = "r.txt", sidecar: str | None = None
          ) -> Metadata:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        (tmp_path / (name + ".yml")).write_text(sidecar, encoding="utf-8")
    return parse_report(read_source(path, tmp_path)).meta


# --- one body, one key -----------------------------------------------------------------------

@pytest.mark.parametrize("variants", [
    ("中共长宁县委员会", "长宁县委", "中共长宁县委常委会", "长宁县委常委班子"),
    ("长宁县水利局领导班子", "中共长宁县水利局党组", "长宁县水利局党组班子"),
    ("长宁县政府党组班子", "长宁县人民政府党组", "长宁县人民政府领导班子"),
    ("中共长宁县白沙镇委员会", "长宁县白沙镇党委班子"),
    # a township named with its county in brackets, as registers write it
    ("中共白沙镇委员会（长宁县）", "长宁县白沙镇党委", "中共长宁县白沙镇委员会领导班子"),
    ("长宁县商务局机关第二党支部", "中共长宁县商务局机关第二支部委员会"),
    # a department by its full name and as reports shorten it
    ("中共长宁县人力资源和社会保障局党组", "长宁县人社局党组班子"),
    ("长宁县发展和改革委员会党组", "中共长宁县发改委党组"),
    ("长宁县住房和城乡建设局领导班子", "长宁县住建局党组"),
    ("长宁县卫生健康委员会党组", "长宁县卫健委领导班子"),
    # a general branch (党总支 and 总支部 name one committee)
    ("中共长宁县白沙镇柳村总支部委员会", "长宁县白沙镇柳村党总支委员会", "长宁县白沙镇柳村党总支"),
    # the discipline commission and the supervision commission: one office, two names
    ("长宁县纪委监委", "中共长宁县纪律检查委员会", "长宁县纪委", "长宁县纪委监委领导班子"),
])
def test_name_variants_of_one_body_share_one_key(variants: tuple[str, ...]) -> None:
    assert len({body_key(v) for v in variants}) == 1, [body_key(v) for v in variants]


def test_the_key_keeps_the_place_and_the_organisation() -> None:
    assert body_key("中共长宁县委员会") == "长宁县委"
    assert body_key("中共长宁县白沙镇委员会") == "长宁县白沙镇党委"
    assert len({body_key("长宁县委常委班子"), body_key("宁远县委常委班子"),
                body_key("长宁县人民政府党组"), body_key("长宁县水利局党组")}) == 4


def test_levels_come_from_the_innermost_place() -> None:
    assert place_level("中共桐溪县人民法院党组") == "县"
    # an autonomous area's name is long (the place and its peoples); 自治区 alone names none
    assert place_level("澜沧拉祜族佤族自治州财政局党组") == "市"
    assert place_level("格曲藏族自治州卓仓区纪委") == "区"
    assert place_level("景宁畲族自治县人民政府党组") == "县"
    assert place_level("自治区党委政法委") == ""
    assert place_level("塔木尔地区纪委监委") == "市"  # a prefecture
    assert place_level("崇平市林业局领导班子") == "市"
    assert place_level("云岭市青山区委常委、组织部部长") == "区"
    assert place_level("长宁县白沙镇党委书记") == "镇"
    assert place_level("某公司党委班子") == ""


def test_a_community_is_a_township_level_place_but_not_a_field_of_work() -> None:
    assert place_level("红岭社区第一党支部") == "镇"
    assert place_level("中共锦阳市城乡社区发展治理委员会") == "市"
    assert place_level("浦云县民政局农村社区建设科") == "县"
    assert place_level("国家市场监督管理总局执法稽查局") == ""


def test_a_redacted_place_keeps_its_level() -> None:
    # Copies hide the place's name (XX县, ××市, xx镇) but not its unit.
    assert place_level("XX县实验小学党支部") == "县"
    assert place_level("××市人民医院党委") == "市"
    assert place_level("xx县xx镇党委") == "镇"
    assert place_level("XYZ公司党委") == ""


def test_posts_are_individuals() -> None:
    assert is_post("长宁县委常委、宣传部部长") and is_post("白沙镇党委书记")
    assert not is_post("长宁县委常委班子") and not is_post("中共长宁县委常委")


# --- values people write ---------------------------------------------------------------------

@pytest.mark.parametrize(("value", "year"), [
    (2021, "2021"), ("二〇二一", "2021"), ("二零二一年", "2021"), ("2021年度", "2021"),
    ("２０２１", "2021")])
def test_years_are_four_digits(value: object, year: str) -> None:
    assert clean_value("year", value) == year


@pytest.mark.parametrize(("key", "value"), [
    ("year", 99999), ("year", "明年"), ("year", 1800), ("level", "村级"),
    ("collective", "也许")])
def test_impossible_values_are_refused(key: str, value: object) -> None:
    with pytest.raises(ValueProblem, match="fix it"):
        clean_value(key, value)


def test_level_and_collective_words_are_normalised() -> None:
    assert [clean_value("level", v) for v in ("县级", "街道", "county", "单位", "中央级", "央企")] == [
        "县", "镇", "县", "单位", "中央", "中央"]
    assert [clean_value("collective", v) for v in (True, "false", "班子", "个人")] == [
        "集体", "个人", "集体", "个人"]


def test_keys_people_use_are_aliases() -> None:
    assert [canonical_key(k) for k in ("org", "organization", "unit", "单位", "author",
                                       "date", "日期", "Year", "colour")] == [
        "body", "body", "body", "body", "author", "date", "date", "year", None]


def test_an_impossible_year_in_a_sidecar_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as err:
        _meta(tmp_path, BODY, sidecar="body: 中共长宁县委员会\nyear: 99999\n")
    assert err.value.line == 2 and err.value.path.endswith("r.txt.yml")
    assert "99999" in str(err.value)


def test_a_bad_value_in_front_matter_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as err:
        _meta(tmp_path, "---\ntitle: 标题\ncollective: 半个\n---\n" + BODY, name="r.md")
    assert err.value.line == 3 and "collective" in str(err.value)


def test_chinese_numeral_year_and_aliases_reach_the_report(tmp_path: Path) -> None:
    meta = _meta(tmp_path, BODY, sidecar="年度: 二〇二一\norg: 中共长宁县委员会\n日期: 2022-01-20\n")
    assert (meta.year, meta.body, meta.date, meta.level) == (
        "2021", "中共长宁县委员会", "2022-01-20", "县")
    assert meta.sources["year"] == meta.sources["body"] == "sidecar"
    assert meta.sources["level"] == "sidecar"  # read from the sidecar's body


def test_the_archive_key_wins_over_an_alias_and_the_sidecar_over_front_matter(
        tmp_path: Path) -> None:
    text = "---\nbody: 长宁县委常委班子\norg: 别的名字\nyear: 2020\n---\n" + BODY
    meta = _meta(tmp_path, text, name="r.md", sidecar="year: 2021\n")
    assert meta.body == "长宁县委常委班子" and meta.sources["body"] == "front_matter"
    assert meta.year == "2021" and meta.sources["year"] == "sidecar"


def test_unknown_keys_are_warnings_with_their_line(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("长宁县委常委班子2021年度民主生活会对照检查材料\n" + BODY,
                                    encoding="utf-8")
    (tmp_path / "r.txt.yml").write_text("year: 2021\ncolour: red\n", encoding="utf-8")
    [problem] = read_source(tmp_path / "r.txt", tmp_path).warnings
    assert (problem.line, problem.severity) == (2, "warning")
    assert "colour" in problem.message and problem.path.endswith("r.txt.yml")


# --- inference and its sources ---------------------------------------------------------------

def test_body_year_and_level_from_the_title(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "中共长宁县人民法院党组2023年度民主生活会对照检查材料\n" + BODY)
    assert (meta.body, meta.year, meta.level, meta.collective) == (
        "中共长宁县人民法院党组", "2023", "县", "集体")
    assert {meta.sources[k] for k in ("body", "year", "level", "collective")} == {"title"}


def test_a_party_group_that_says_we_is_collective(tmp_path: Path) -> None:
    text = ("长宁县审计局党组民主生活会对照检查材料\n我们对照检查，我局在审计整改上我局还有差距，"
            "我局将认真整改。我们要加强学习。\n" + BODY)
    assert _meta(tmp_path, text).collective == "集体"


@pytest.mark.parametrize("title", [
    "中共石门镇委员会领导班子及党委书记个人2023年度民主生活会对照检查材料",
    "长宁县财政局党组班子和个人2022年度民主生活会对照检查材料"])
def test_a_title_for_the_group_and_its_head_is_collective(tmp_path: Path, title: str) -> None:
    assert _meta(tmp_path, title + "\n" + BODY).collective == "集体"


def test_an_individual_title_stays_individual(tmp_path: Path) -> None:
    title = "长宁县委常委班子成员李某某2022年度民主生活会个人对照检查材料"
    assert _meta(tmp_path, title + "\n" + BODY).collective == "个人"


@pytest.mark.parametrize("kind", ["离退休干部党员", "学生党员", "教工党员个人"])
def test_a_member_kind_opening_the_title_is_no_body(tmp_path: Path, kind: str) -> None:
    text = (f"{kind}2023年度组织生活会对照检查发言提纲\n"
            "青禾县委老干部局离退休干部第二党支部　某某某\n" + BODY)
    meta = _meta(tmp_path, text)
    assert (meta.body, meta.collective) == ("青禾县委老干部局离退休干部第二党支部", "个人")


def test_a_notice_calling_the_meeting_names_no_person(tmp_path: Path) -> None:
    text = ("关于召开2024年度组织生活会和开展民主评议党员的通知\n各党小组：\n"
            "经支部委员会研究，定于1月下旬召开组织生活会。\n一、会议主题\n学习贯彻全会精神。\n"
            "中共青禾县税务局机关第一支部委员会\n2025年1月6日\n")
    meta = _meta(tmp_path, text)
    assert meta.author != "召开" and meta.collective == "集体"


def test_a_column_headline_above_the_reports_own_title(tmp_path: Path) -> None:
    text = ("教工党员对照检查材料汇编（二）\n"
            "2023年度组织生活会教工党员个人对照检查材料\n"
            "澜城大学材料科学与工程学院教工第一党支部　某某某\n" + BODY)
    meta = _meta(tmp_path, text)
    assert meta.title == "2023年度组织生活会教工党员个人对照检查材料"
    assert (meta.body, meta.collective) == ("澜城大学材料科学与工程学院教工第一党支部", "个人")


def test_a_copy_on_one_line_keeps_its_title_and_author_apart(tmp_path: Path) -> None:
    text = ("中共澄江县委常委班子2022年度民主生活会个人对照检查材料 澄江县委常委、组织部部长 某某某 "
            "按照县委统一部署，我会前认真学习，广泛征求意见建议12条。一、存在的问题 "
            "一是政治敏锐性不够强。二是贯彻落实有温差。二、整改措施 一是加强理论学习。\n")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    report = parse_report(read_source(path, tmp_path))
    assert report.meta.title == "中共澄江县委常委班子2022年度民主生活会个人对照检查材料"
    assert report.meta.sources["title"] == "title" and "某某某" in report.meta.author
    assert report.passages[0].text.startswith("按照县委统一部署")


@pytest.mark.parametrize(("line", "body", "person"), [
    ("发言人：青禾农商银行党委书记、董事长　某某某", "青禾农商银行党委书记、董事长", "某某某"),
    ("检视人：青禾县审计局党组书记、局长　某某", "青禾县审计局党组书记、局长", "某某"),
    ("对照检查人：中共青禾县委常委、宣传部部长　某某某", "中共青禾县委常委、宣传部部长", "某某某"),
    ("发言人：某某某（党委副书记、院长）", "党委副书记、院长", "某某某")])
def test_a_labelled_author_line_gives_the_post_and_the_name(line: str, body: str,
                                                            person: str) -> None:
    assert from_author_line(line) == Who(body, person)
    assert signature([line, "2024年1月"])[0] == Who(body, person)


@pytest.mark.parametrize(("line", "body", "person"), [
    ("姓名：柯某某　职务：桑园社区党委副书记", "桑园社区党委副书记", "柯某某"),
    ("教工第三党支部党员　芮某某（原化学系副主任）", "教工第三党支部", "芮某某"),
    ("党员　焦某（科员）", "", "焦某"),
    ("预备党员　葛某某", "", "葛某某"),
    ("姓名：闻某　职务：柳溪乡党委委员、副乡长　所在班子：中共柳溪乡委员会领导班子",
     "中共柳溪乡委员会领导班子", "闻某")])
def test_an_author_line_of_a_member_gives_the_unit_it_names(line: str, body: str,
                                                          person: str) -> None:
    """A form's 职务 field names the unit as an unlabelled post does; a name followed by
    its post in brackets is a name (a former post, 原…, is no unit of the author's now); a
    line that names the author only as a member names no unit."""
    assert from_author_line(line) == Who(body, person)


@pytest.mark.parametrize("title", ["领导班子专题民主生活会对照检查材料",
                                   "校党委常委会2024年度民主生活会对照检查材料"])
def test_a_title_naming_only_a_generic_body_yields_to_the_signature(tmp_path: Path,
                                                                    title: str) -> None:
    text = (title + "\n按照市委的部署，班子认真开展对照检查，现报告如下。\n" + BODY
            + "中共青禾市交通运输局党组\n2024年1月12日\n")
    assert _meta(tmp_path, text).body == "中共青禾市交通运输局党组"


def test_year_from_a_date_line(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "长宁县委常委班子民主生活会对照检查材料\n（2024年2月6日）\n" + BODY)
    assert (meta.date, meta.year, meta.sources["year"]) == ("2024-02-06", "2023", "date_line")
    assert year_of_date("2023-06-28", "巡视巡察整改专题") == "2023"
    assert year_of_date("2023-12-20", "年度民主生活会") == "2023"


def test_an_individual_post_and_person_from_the_author_line(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "2023年度民主生活会个人对照检查材料\n长宁县白沙镇镇长　李某\n" + BODY)
    assert (meta.body, meta.level, meta.collective, meta.sources["body"]) == (
        "长宁县白沙镇镇长", "镇", "个人", "author_line")


@pytest.mark.parametrize(("line", "body"), [
    # the name before the post
    ("柏川　青禾市审计局党组书记、局长", "青禾市审计局党组书记、局长"),
    ("龚某某　　中共长宁县委常委、组织部部长", "中共长宁县委常委、组织部部长"),
    # the post followed by the duties it covers
    ("青禾市水利局党组成员、副局长，分管水资源和河湖管理工作　龚某某", "青禾市水利局党组成员、副局长"),
    ("长宁县人民政府副县长，协助县长负责教育、卫生健康工作　柏川", "长宁县人民政府副县长")])
def test_an_author_line_in_other_orders_gives_post_and_name(tmp_path: Path, line: str,
                                                             body: str) -> None:
    meta = _meta(tmp_path, "2024年度民主生活会个人对照检查材料\n" + line + "\n" + BODY)
    assert (meta.body, meta.collective, meta.sources["body"]) == (body, "个人", "author_line")


def test_a_title_closing_with_a_name_keeps_the_body_it_opens_with(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "中共青禾市商务局党组2023年度民主生活会个人对照检查材料（柏某）\n"
                 + BODY)
    assert (meta.body, meta.author, meta.collective) == ("中共青禾市商务局党组", "柏某", "个人")


@pytest.mark.parametrize("opening", ["本人现任青禾市商务局党组成员、副局长，分管外贸工作。",
                                     "我担任青禾市商务局党组成员、副局长，负责外贸工作。"])
def test_the_post_an_individual_holds_from_the_opening(tmp_path: Path, opening: str) -> None:
    meta = _meta(tmp_path, "2023年度民主生活会个人对照检查材料\n" + opening + "现报告如下。\n"
                 + BODY)
    assert (meta.body, meta.level) == ("青禾市商务局党组成员、副局长", "市")


def test_a_village_named_alone_gets_the_town_the_opening_names(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "2023年度组织生活会个人对照检查材料\n石门村党支部书记　吕某\n"
                 "按照中共白沙镇石门村支部委员会的安排，我认真查摆问题，现报告如下。\n" + BODY)
    assert (meta.body, meta.level) == ("白沙镇石门村党支部书记", "镇")


@pytest.mark.parametrize(("heading", "role"), [
    ("关于群众反映本人有关问题的说明", "other"),
    ("关于本人被谈话函询情况的说明", "other"),
    ("个人有关事项报告情况", "other"),
    ("对照检查存在的问题", "problems"),
    ("问题整改落实情况", "review"),
    ("存在的问题及整改措施", "problems"),
    ("对照检查的问题和整改措施", "problems"),
    ("巡视反馈问题整改的总体进展", "review"),
    ("今后的整改措施", "measures"),
    # what a campaign's meeting fixed at once is a review of it
    ("主题教育以来立行立改情况", "review"),
    ("边学边查边改的成效", "review"),
    ("即知即改、立行立改的进展", "review"),
    ("下一步立行立改的措施", "measures"),
    ("以案促改的具体举措", "measures"),
    ("以案促改剖析", "case")])
def test_a_section_heading_gives_its_role(heading: str, role: str) -> None:
    """An account of the author's own matters is no problems section; what a campaign fixed
    at once is a review."""
    from generator.parse.roles import detect_role

    assert detect_role(heading) == role


@pytest.mark.parametrize(("title", "body"), [
    ("中共青禾市人民政府党组省委巡视反馈意见整改专题民主生活会对照检查材料", "中共青禾市人民政府党组"),
    ("青禾县交通运输局党组县委第二巡察反馈问题整改专题民主生活会对照检查材料", "青禾县交通运输局党组"),
    ("省委第三督导组对中共青禾市委常委班子2024年度民主生活会的点评意见", "中共青禾市委常委班子"),
    ("青禾海关关长柏某2022年度民主生活会个人对照检查材料", "青禾海关关长"),
    # a year typed or scanned with letters for zeros still ends the body
    ("中共青禾市委常委班子2O22年度民主生活会对照检查材料", "中共青禾市委常委班子"),
    ("青禾县财政局党组二O二三年度民主生活会对照检查材料", "青禾县财政局党组"),
    ("中共青禾县委常委班子2o24年度民主生活会对照检查材料", "中共青禾县委常委班子")])
def test_the_title_names_the_body_before_an_inspection_or_after_its_reviewers(
        title: str, body: str) -> None:
    from generator.parse.meta_body import from_title

    assert from_title(title).body == body


@pytest.mark.parametrize(("text", "meeting", "year"), [
    ("2015年至2021年间，他利用职务便利……2022年6月，市纪委对其立案审查。", "以案促改专题民主生活会", "2022"),
    ("2023年3月至5月，省委巡视组进行了巡视。", "巡视整改专题民主生活会", "2023"),
    ("到2035年基本实现现代化，2024年底前完成整改。", "以案促改专题民主生活会", ""),
    ("2024年3月，召开了推进会。", "年度民主生活会", "")])
def test_a_special_meeting_undated_otherwise_takes_the_latest_year_its_text_states(
        text: str, meeting: str, year: str) -> None:
    from generator.parse.meta_time import latest_stated_year

    assert latest_stated_year(text, meeting) == year


def test_a_post_named_in_short_and_in_full_takes_the_fuller(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "青榆街道党工委书记2020年度民主生活会个人对照检查材料\n"
                 "中共澧河区青榆街道工作委员会书记　顾某\n" + BODY)
    assert meta.body == "中共澧河区青榆街道工作委员会书记"


@pytest.mark.parametrize(("line", "body", "collective"), [
    ("汇报人：青禾镇柳湾村党支部书记　龚某", "青禾镇柳湾村党支部书记", "个人"),
    ("党员：柏某（青禾县实验小学党支部　五年级数学教师）", "青禾县实验小学党支部", "个人"),
    ("青禾市机床厂装配车间党支部　党员　栾某", "青禾市机床厂装配车间党支部", "个人"),
    ("青禾乡白沙村驻村第一书记：宁某", "青禾乡白沙村驻村第一书记", "个人")])
def test_a_member_naming_himself_under_a_generic_title(tmp_path: Path, line: str, body: str,
                                                       collective: str) -> None:
    meta = _meta(tmp_path, "组织生活会对照检查材料\n" + line + "\n" + BODY)
    assert (meta.body, meta.collective) == (body, collective)


def test_a_community_gets_the_town_that_convenes_its_meeting(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "桂花社区党支部委员会2022年度组织生活会检视材料\n"
                 "按照芸香街道党工委的安排，支委会认真查摆问题，现报告如下。\n" + BODY)
    assert (meta.body, meta.level) == ("芸香街道桂花社区党支部委员会", "镇")


def test_no_fragment_of_the_opening_becomes_the_body(tmp_path: Path) -> None:
    text = "对照检查材料\n其中涉及院党组班子的问题三个，涉及党组班子成员的问题五个。\n" + BODY
    assert _meta(tmp_path, text).body == ""


def test_missing_metadata_is_a_warning_naming_the_file_and_fields(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bare.txt").write_text(BODY, encoding="utf-8")
    (corpus / "full.txt").write_text("长宁县委常委班子2023年度民主生活会对照检查材料\n" + BODY,
                                     encoding="utf-8")
    [problem] = gather(corpus).problems
    assert problem.path == "corpus/bare.txt" and problem.severity == "warning"
    assert "年度 year" in problem.message and "主体 body" in problem.message


# --- on the site -----------------------------------------------------------------------------

def test_the_report_page_says_where_each_value_came_from(tmp_path: Path) -> None:
    from generator.site.render import render_report

    path = tmp_path / "r.txt"
    path.write_text("中共长宁县人民法院党组2023年度民主生活会对照检查材料\n" + BODY, encoding="utf-8")
    (tmp_path / "r.txt.yml").write_text("meeting: 年度民主生活会\n", encoding="utf-8")
    page = render_report(parse_report(read_source(path, tmp_path)))
    assert '<dd title="来源：标题">2023</dd>' in page
    assert '<dd title="来源：元数据文件">年度民主生活会</dd>' in page


def test_variants_of_one_body_are_listed_as_one_with_their_count(tmp_path: Path) -> None:
    from generator.site.browse import browse_index, browse_pages

    names = {"a.txt": "中共长宁县委常委会2022年度民主生活会对照检查材料",
             "b.txt": "长宁县委常委班子2023年度民主生活会对照检查材料",
             "c.txt": "中共长宁县水利局党组2023年度民主生活会对照检查材料",
             "d.txt": "长宁县白沙镇党委班子2023年度民主生活会对照检查材料"}
    reports = []
    for name, title in names.items():
        (tmp_path / name).write_text(title + "\n" + BODY, encoding="utf-8")
        reports.append(parse_report(read_source(tmp_path / name, tmp_path)))
    index = browse_pages(reports, browse_index(reports))["bodies/index.md"]
    assert index.count("| [长宁县委](") == 1 and "| [2](" in index
    # by level (县 before 镇), then by pinyin
    assert index.index("长宁县水利局") < index.index("长宁县委") < index.index("长宁县白沙镇党委")


def test_a_hostile_year_never_reaches_a_page(tmp_path: Path) -> None:
    """A year is four digits or refused: markup in it stops at the reader, with its line."""
    with pytest.raises(ReadError) as err:
        _meta(tmp_path, BODY, sidecar='level: 区\nyear: "2025</title><script>x=1</script>"\n')
    assert err.value.line == 2 and "fix it" in str(err.value)


@pytest.mark.parametrize(("post", "unit"), [
    ("乌岭市副市长", "乌岭市人民政府"), ("乌岭市人民政府党组成员、副市长", "乌岭市人民政府"),
    ("长宁县委常委、组织部部长", "长宁县委"), ("长宁县委副书记、县长", "长宁县委"),
    ("长宁县白沙镇党委书记", "长宁县白沙镇党委"), ("长宁县人大常委会党组书记、主任", "长宁县人大"),
    ("长宁县公安局局长", "长宁县公安局"), ("中共长宁县委常委班子", "长宁县委"),
    # the branch secretary who also heads the unit belongs to the unit, not the branch
    ("崇平市档案馆党支部书记、馆长", "崇平市档案馆"),
    ("国家水文监测总局信息化司党支部书记、司长", "国家水文监测总局信息化司"),
    ("长宁县水利局机关第二党支部书记", "长宁县水利局机关第二支部"),
    # …but a member who heads a section of the unit belongs to the branch
    ("长宁县水利局机关党支部党员、规划股股长", "长宁县水利局机关支部"),
    ("长宁县水利局机关党支部委员、副局长", "长宁县水利局机关")])
def test_a_post_belongs_to_a_unit(post: str, unit: str) -> None:
    from generator.parse.bodies import unit_key

    assert unit_key(post) == unit


@pytest.mark.parametrize(("body", "opening", "county"), [
    ("中共石坝乡委员会", "按照中共漓源县委组织部的通知", "中共漓源县石坝乡委员会"),
    ("望江街道党工委书记", "根据宁安市澄湖区委的部署", "宁安市澄湖区望江街道党工委书记"),
    ("中共石坝乡委员会", "按照县委统一部署", "中共石坝乡委员会"),
    ("中共漓源县石坝乡委员会", "根据岑溪县委的部署", "中共漓源县石坝乡委员会")])
def test_a_township_gets_the_county_that_convenes_it(body: str, opening: str, county: str
                                                     ) -> None:
    from generator.parse.meta_body import with_county

    assert with_county(body, opening) == county


@pytest.mark.parametrize(("body", "opening", "level"), [
    ("中共自然资源部党组", "", "中央"),
    ("水利部规划计划司党支部书记、司长", "", "中央"),
    ("生态环境部卫星遥感应用中心党委", "", "中央"),  # a ministry's own centre
    ("交通运输部公路科学研究院党委班子", "", "中央"),
    ("中共望川县委宣传部新闻中心党支部", "", "县"),  # a county's department's centre
    ("中国远航能源集团有限公司党委班子", "", "中央"),
    ("远航能源集团有限公司党委班子", "根据中央组织部和国务院国资委党委的通知", "中央"),
    ("国家税务总局浦云县税务局党委", "", "县"),  # a central system's local branch
    ("中国银行浦云市分行党委", "", "市"),
    ("澜城职业技术学院党委", "按照市委和市委教育工委的部署", "市"),
    ("沅北农业大学党委", "", "省"),
    ("某党支部班子", "", "单位"),
    ("县委组织部领导班子", "", "县"),
    # a development zone or new area sits at its superior's level
    ("中共枫桥县经济开发区工作委员会", "", "县"),
    ("梧州市龙泉区产业园区管委会机关党支部", "", "区"),
    ("中共云岭新区工作委员会", "按照市委关于开好民主生活会的通知", "市"),
    ("锦江高新技术产业开发区管委会党组", "", "市"),
    ("浦江新区区委常委班子", "", "区"),  # a district named 新区 is a district
    # a firm convened by a group a province owns: the province's
    ("青禾建设工程有限公司党委", "按照澜江省交通投资集团有限公司党委关于开好民主生活会的通知", "省"),
    ("青禾经济开发区管委会机关第一党支部", "根据开发区党工委关于开好组织生活会的通知", "市"),
    ("中共安新区教育局机关党支部委员会", "", "区"),  # 安新 + 区, not a new area
    ("中共昌新区委办公室党支部", "", "区"),
    ("中共云岭新区管委会机关第一党支部", "按照市委关于开好组织生活会的通知", "市"),
    ("中共澜州市云岭新区工作委员会", "", "市")])
def test_levels_of_bodies_without_a_leading_place(body: str, opening: str, level: str) -> None:
    from generator.parse.meta_level import infer_level

    assert infer_level(body, "title", opening, "")[0] == level


@pytest.mark.parametrize(("title", "body", "person"), [
    ("关于中共杉木县委常委班子2022年度民主生活会对照检查材料", "中共杉木县委常委班子", ""),
    ("澄州市人民政府副市长刘某某同志2023年度民主生活会个人对照检查材料", "澄州市人民政府副市长",
     "刘某某"),
    ("中共临江区委常委班子深入贯彻中央八项规定精神学习教育专题民主生活会检视剖析材料",
     "中共临江区委常委班子", ""),
    ("岷江省交通运输厅党组党纪学习教育专题民主生活会对照检查材料", "岷江省交通运输厅党组", ""),
    # a town of three characters is a place, not a person's name
    ("沅溪镇党史学习教育专题民主生活会个人对照检查材料", "沅溪镇", "")])
def test_the_title_names_the_body_before_its_meeting(title: str, body: str, person: str) -> None:
    from generator.parse.meta_body import from_title

    assert (from_title(title).body, from_title(title).person) == (body, person)


@pytest.mark.parametrize(("theme", "year"), [
    ("加强政治建设，提高政治能力，坚守人民情怀", "2020"),
    ("深刻领悟“两个确立”的决定性意义……以奋发有为的精神贯彻落实党的二十大作出的重大决策部署", "2022"),
    ("巩固深化党纪学习教育成果，综合发挥党的纪律教育约束、保障激励作用", "2024"),
])
def test_a_redacted_year_comes_from_the_meetings_theme(tmp_path: Path, theme: str,
                                                        year: str) -> None:
    text = (f"**县财政局党组20**年度民主生活会对照检查材料\n"
            f"按照县委要求，局党组围绕“{theme}”这一主题，认真开展会前学习，现报告如下。\n"
            "一、存在的问题\n（一）理论学习方面\n一是学习不够深入。\n"
            "二、整改措施\n（一）加强学习\n")
    assert _meta(tmp_path, text).year == year


@pytest.mark.parametrize(("title", "other"), [
    ("中共某县委常委班子2024年度民主生活会对照检查材料", False),
    ("局党组2024年度民主生活会个人对照检查发言提纲", False),
    ("个人对照检查情况报告", False),
    ("中共某县委常委班子关于2024年度民主生活会召开情况的报告", True),
    ("县委常委班子召开2024年度民主生活会", True),
    ("市委常委班子召开民主生活会 省委督导组到会指导", True),
    ("在中共某市委常委班子2024年度民主生活会上的点评讲话", True),
    ("在主题教育读书班上的研讨发言", True),
    ("民主生活会对照检查材料怎么写", True),
    ("2024年度民主生活会个人对照检查材料模板", True),
    ("某县委常委班子2024年度民主生活会查摆问题整改方案", True),
    ("关于县政府党组2024年度民主生活会征求意见建议情况的报告", True),
    ("关于征求到的意见建议的汇报", True),
    ("关于县委常委班子2022年度民主生活会会前征求意见情况的报告", True),
    ("中共某县财政局党组2024年度民主生活会查摆问题整改清单", True),
    ("市委常委班子主题教育检视问题清单", True),
    ("县政府党组民主生活会整改台账", True),
    ("县委常委班子2024年度民主生活会对照检查材料（附问题清单）", False),
    ("省委第三督导组对市委常委班子2024年度民主生活会的点评意见", True),
    ("2024年第一季度思想汇报", True),
    ("关于我县村级党组织书记队伍建设情况的报告", True),
    ("严明纪律规矩——党纪学习教育专题党课讲稿", True),
    ("县委常委班子2023年主题教育专题民主生活会对照检查情况报告", False),
    ("关于县委常委班子2024年度民主生活会对照检查情况的报告", False),
    ("关于2024年度各县（区）领导班子民主生活会监督检查情况的报告", True),
    ("关于2024年度民主评议党员结果的公示", True),
])
def test_titles_of_other_documents_of_the_meeting(title: str, other: bool) -> None:
    """A news headline, a speech, a report on how the meeting went, a drafting guide or a plan
    is not a self-examination: its lists are not the report's problems and measures."""
    from generator.parse.titles import other_document

    assert other_document(title) is other


@pytest.mark.parametrize(("page_title", "expected"), [
    ("检视剖析材料", "中共某省水利厅党组2019年度民主生活会检视剖析材料"),  # says less than the line
    ("某省水利厅党组召开民主生活会", "中共某省水利厅党组2019年度民主生活会检视剖析材料"),  # a headline
    ("中共某省水利厅党组2019年度民主生活会对照检查材料",
     "中共某省水利厅党组2019年度民主生活会对照检查材料"),  # another full title: kept
])
def test_the_reports_own_title_line_beats_a_shorter_or_other_page_title(
        tmp_path: Path, page_title: str, expected: str) -> None:
    page = (f"<html><head><title>{page_title}</title></head><body>"
            "<p>中共某省水利厅党组2019年度民主生活会检视剖析材料</p>"
            "<p>按照要求，现将检视剖析情况报告如下。</p><p>一、存在的问题</p>"
            "<p>1.学习不够深入。平时学得少。</p><p>二、整改措施</p><p>1.加强学习。每月学习。</p>"
            "</body></html>")
    assert _meta(tmp_path, page, "r.html").title == expected


def test_an_individuals_post_named_with_its_place_in_the_preamble_gives_the_body(
        tmp_path: Path) -> None:
    """A title naming only the person (某某同志…个人对照检查材料): the body comes from the
    post the preamble states, with the unit's place (作为蓟川市市场监督管理局党组书记、局长，)."""
    meta = _meta(tmp_path, "蒙某某同志2020年度民主生活会个人对照检查材料\n\n"
                 "根据市委要求，本人认真学习。本人作为滨江市市场监督管理局党组书记、局长，"
                 "主持全面工作。现将对照检查情况报告如下。\n\n一、存在的问题\n"
                 "1.学习不够深入。平时学得少。\n二、整改措施\n1.加强学习。每月学习。\n")
    assert (meta.body, meta.level) == ("滨江市市场监督管理局党组书记、局长", "市")


@pytest.mark.parametrize(("line", "body", "person"), [
    ("柳湾社区党支部　党员：贾某某", "柳湾社区党支部", "贾某某"),
    ("姓名：贾某某　单位：柳湾社区党支部", "柳湾社区党支部", "贾某某"),
    ("所在党支部：机关第二党支部　姓名：卫某某", "机关第二党支部", "卫某某"),
    ("党员：贾某某", "", "贾某某"),
    ("城关小学党支部　党员　付某某", "城关小学党支部", "付某某"),
    # a 支部： label, and the member's job in brackets after the name
    ("支部：城关小学第一党支部　　党员：付某某（教务处副主任）", "城关小学第一党支部", "付某某"),
    ("党组织：柳湾社区党委　姓名：贾某某", "柳湾社区党委", "贾某某"),
])
def test_author_line_with_labelled_fields(line: str, body: str, person: str) -> None:
    """An author line of labelled fields gives the unit and the person, not the labels."""
    who = from_author_line(line)
    assert (who.body, who.person) == (body, person)


def test_a_first_line_naming_another_document_makes_a_lookalike(tmp_path: Path) -> None:
    """No title block was found (the line names no genre word), but the first line names a
    speech: the file is a look-alike, its lists no problems of a report."""
    path = tmp_path / "r.txt"
    path.write_text("守纪律　强作风——党纪学习教育专题党课讲稿\n青禾县水利局党组书记　柏某\n"
                    + BODY, encoding="utf-8")
    report = parse_report(read_source(path, tmp_path))
    assert report.sections == () or all(s.role == "other" for s in report.sections)
    assert any("not a self-examination" in w.message for w in report.source.warnings)


@pytest.mark.parametrize("note", ["（2025年1月8日党组会审议稿）", "（征求意见稿）", "(送审稿)"])
def test_a_draft_note_over_the_title_is_not_the_title_and_gives_no_year(tmp_path: Path,
                                                                        note: str) -> None:
    meta = _meta(tmp_path, f"{note}\n中共芮平县林业局党组\n2024年度民主生活会对照检查材料\n"
                           "按照县委要求，局党组认真查摆问题。\n一、存在的问题\n（一）理论学习方面\n"
                           "1.学习不深。有时只读原文。\n")
    assert meta.title == "中共芮平县林业局党组2024年度民主生活会对照检查材料"
    assert meta.year == "2024"
    assert meta.date == ("2025-01-08" if "2025" in note else "")


def test_a_wechat_posts_account_byline_and_closing_lines_are_not_the_report(tmp_path: Path
                                                                           ) -> None:
    # the account's name over a date-first byline (…发表于湖南), 审核/监制 lines, 往期推荐
    # with its list of other posts, 阅读原文, 分享 收藏 赞 在看: furniture, kept off the outline
    path = ROOT / "tests" / "fixtures" / "outlines" / "wechat-account-byline-related.txt"
    report = parse_report(read_source(path, path.parent))
    assert report.meta.title == "中共清漪区委常委班子2024年度民主生活会对照检查材料"
    assert report.meta.body == "中共清漪区委常委班子"
    assert report.meta.level == "区"
    texts = "".join(p.text for p in report.passages)
    assert "往期推荐" not in texts and "夜市" not in texts and "监制" not in texts


@pytest.mark.parametrize(("body", "text", "level"), [
    ("中共某某建工集团第二分公司项目部支部委员会", "项目部隶属的建工集团是市属国有企业。", "市"),
    ("某某律师事务所党支部", "我所党支部隶属沅江县律师行业党委，现有党员7名。", "县"),
    ("某某能源公司风电场党支部", "作为中央企业的基层单位，风电场承担保供任务。", "中央"),
    # 属地 is no owner
    ("某某物流公司党支部", "落实属地管理责任，配合市属地块整治。", "单位"),
])
def test_a_units_level_from_who_owns_it(body: str, text: str, level: str) -> None:
    from generator.parse.meta_level import infer_level

    assert infer_level(body, "title", "", text)[0] == level


def test_a_note_under_the_signature_does_not_hide_it(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "县医院党委班子2023年度民主生活会对照检查材料\n按照要求，认真查摆。\n"
                           "一、存在的问题\n1.学习不深。读原著少。\n中共沅江县人民医院委员会\n"
                           "2024年1月20日\n（注：文中“县卫健委”即县卫生健康委员会。）\n")
    assert meta.body == "中共沅江县人民医院委员会"


@pytest.mark.parametrize(("opening", "body"), [
    ("经市中级人民法院党组同意，沅江县人民法院党组围绕“四个带头”认真查摆问题。",
     "沅江县人民法院党组"),
    ("根据县委的通知，班子认真学习，查摆问题。", ""),
])
def test_the_subject_of_the_opening_names_the_body(opening: str, body: str) -> None:
    from generator.parse.meta_body import from_opening

    assert from_opening(opening) == body


@pytest.mark.parametrize(("short", "full"), [
    ("沅江县法院党组", "中共沅江县人民法院党组"), ("湄州市检察院党组", "湄州市人民检察院党组"),
    ("湄州高新区党工委", "中共湄州高新技术产业开发区工作委员会")])
def test_short_names_of_courts_and_zones_are_one_body(short: str, full: str) -> None:
    assert body_key(short) == body_key(full)


def test_a_cover_pages_form_fields_are_not_the_title_block() -> None:
    # 编号：/份号：/会议名称：/报送单位：/日　　期： on a cover page before the report's title
    path = ROOT / "tests" / "fixtures" / "outlines" / "cover-page-form-fields.txt"
    meta = parse_report(read_source(path, path.parent)).meta
    assert meta.title == "中共湄州市水文局党组2023年度民主生活会对照检查材料"
    assert (meta.body, meta.level, meta.year) == ("中共湄州市水文局党组", "市", "2023")


def test_an_official_documents_masthead_is_not_the_body(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "中共沅溪县委文件\n\n中共沅溪县委常委班子2023年度民主生活会对照检查材料\n"
                           "按照要求，认真查摆。\n一、存在的问题\n1.学习不深。读原著少。\n")
    assert meta.body == "中共沅溪县委常委班子"


@pytest.mark.parametrize("text", [
    # the campaign's short name in the title, no year anywhere
    "「不忘初心」专题民主生活会检视剖析材料\n按照统一部署，班子深入查摆问题，现报告如下。\n",
    # a title without the campaign, an opening quoting its general requirement
    "专题民主生活会检视剖析材料\n班子紧扣“守初心、担使命，找差距、抓落实”总要求，"
    "深入查摆问题，现报告如下。\n",
    # the same in traditional script
    "「不忘初心」專題民主生活會檢視剖析材料\n按照統一部署，班子深入查擺問題，現報告如下。\n",
])
def test_the_2019_campaign_named_short_or_by_its_requirement_dates_the_report(
        tmp_path: Path, text: str) -> None:
    meta = _meta(tmp_path, text + BODY)
    assert (meta.meeting, meta.year) == ("“不忘初心、牢记使命”主题教育专题", "2019")


def test_a_title_year_in_full_width_digits(tmp_path: Path) -> None:
    meta = _meta(tmp_path, "青禾市数据局党组书记、局长某某２０２５年度民主生活会对照检查材料\n"
                 "按照市委统一部署，我认真查摆问题，现报告如下。\n" + BODY)
    assert (meta.year, meta.body) == ("2025", "青禾市数据局党组书记、局长")


@pytest.mark.parametrize(("signed", "year"), [
    ("2021年1月8日", "2020"),  # the first quarter: the year before, as an annual meeting's
    ("2021年3月", "2020"),
    ("2021年5月20日", "2021"),  # later: its own year (a campaign's or an inspection's)
    ("2021年12月28日", "2021"),
])
def test_a_report_naming_no_meeting_is_dated_as_an_annual_one(tmp_path: Path, signed: str,
                                                               year: str) -> None:
    meta = _meta(tmp_path, "个人对照检查材料\n按照统一部署，我认真查摆问题，现报告如下。\n" + BODY
                 + "\n青禾县水利局党组书记　某某\n" + signed + "\n")
    assert (meta.meeting, meta.year, meta.sources["year"]) == ("", year, "signature")


@pytest.mark.parametrize(("title", "opening", "meeting", "year"), [
    # the title's meeting, whatever campaign the opening recalls
    ("中共桦林社区支部委员会2023年度组织生活会对照检查材料",
     "支部在巩固拓展主题教育成果的基础上召开组织生活会。", "组织生活会", "2023"),
    ("中共柘县财政局党组2021年度民主生活会对照检查材料",
     "局党组把党史学习教育中形成的好经验好做法坚持下去。", "年度民主生活会", "2021"),
    ("苇县应急管理局党组2022年巡察整改专题民主生活会对照检查材料",
     "局党组结合党史学习教育成果，对照巡察反馈意见逐条查摆。", "巡视巡察整改专题", "2022"),
    # a title naming only 民主生活会: the opening may name the campaign
    ("中共柳镇委员会领导班子专题民主生活会检视剖析材料",
     "按照“不忘初心、牢记使命”主题教育安排，镇党委班子认真检视。",
     "“不忘初心、牢记使命”主题教育专题", "2019"),
    # or nothing: the yearly meeting, dated by the note under the title
    ("县人大常委会党组领导班子民主生活会对照检查材料\n（二〇二五年一月九日起草）",
     "县人大常委会党组认真查摆问题。", "年度民主生活会", "2024")])
def test_the_meeting_is_the_one_the_title_names(tmp_path: Path, title: str, opening: str,
                                                meeting: str, year: str) -> None:
    meta = _meta(tmp_path, f"{title}\n{opening}\n{BODY}")
    assert (meta.meeting, meta.year) == (meeting, year)


@pytest.mark.parametrize(("post", "unit"), [
    ("桐山县实验小学第一党支部组织委员", "桐山县实验小学第一支部"),
    ("槐岭市自然资源局党支部驻村第一书记", "槐岭市自然资源局支部")])
def test_a_branch_committee_members_unit_is_the_branch(post: str, unit: str) -> None:
    assert unit_key(post) == unit


def test_an_opening_that_names_the_members_branch_gives_the_body() -> None:
    from generator.parse.meta_body import from_opening

    assert from_opening("我叫邬某某，2015年退休，现在是市委老干部局离退休干部第二党支部党员。"
                        ) == "市委老干部局离退休干部第二党支部"


def test_a_list_of_attachments_under_the_signature_names_no_body(tmp_path: Path) -> None:
    text = ("2024年度民主生活会会议纪要\n会议由局党组书记主持，班子成员逐一对照检查。\n" + BODY
            + "2025年1月20日\n附件：会议签到表.pdf、征求意见汇总表.xlsx\n")
    assert "附件" not in _meta(tmp_path, text).body


def test_a_unit_part_takes_the_unit_the_text_names_it_with() -> None:
    text = "根据局党组的通知要求，国家档案保护局法规司领导班子认真学习，现报告如下。"
    assert with_parent("法规司领导班子", text) == "国家档案保护局法规司领导班子"
    # 党支部 and 支部 are one name; a place-named body and a sentence's words are left alone
    assert with_parent("内科支部", "按照桐岭县人民医院内科党支部的安排") == "桐岭县人民医院内科支部"
    assert with_parent("澄岭市财政局办公室", "澄岭市财政局办公室全体") == "澄岭市财政局办公室"
    assert with_parent("法规司", "我们按照要求到法规司调研") == "法规司"


def test_an_author_line_of_a_branch_and_a_name_gives_the_branch() -> None:
    assert from_author_line("柳岸镇东街社区党总支　韩某某") == Who("柳岸镇东街社区党总支", "韩某某")
    assert from_author_line("机关第二党支部  郑某某") == Who("机关第二党支部", "郑某某")
    # a post still reads as a post
    assert from_author_line("柳岸镇党委书记　韩某某").body == "柳岸镇党委书记"
