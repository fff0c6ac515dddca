"""Line repair before parsing: hard-wrapped lines are joined, title lines are not."""

from __future__ import annotations

from generator.models import SourceLine
from generator.parse.repair import rejoin


def _lines(*texts: str) -> list[SourceLine]:
    return [SourceLine(t, i) for i, t in enumerate(texts, start=1)]


def test_a_line_broken_inside_a_sentence_is_joined() -> None:
    out = rejoin(_lines("对照检查前，我与班子成员逐一谈心谈话，听取了大家对我的",
                        "批评意见，共收到意见建议十二条。"))
    assert [line.text for line in out] == [
        "对照检查前，我与班子成员逐一谈心谈话，听取了大家对我的批评意见，共收到意见建议十二条。"]


def test_a_title_repeated_after_a_cover_page_stays_its_own_line() -> None:
    title = "某某县委常委、宣传部部长2023年度民主生活会个人对照检查材料"
    out = rejoin(_lines(title, "按照县委的安排，我认真查摆问题，现报告如下。"))
    assert [line.text for line in out] == [title, "按照县委的安排，我认真查摆问题，现报告如下。"]
    speech = "在市政府党组2022年度民主生活会上的对照检查发言"
    assert len(rejoin(_lines(speech, "按照市委的部署，现发言如下。"))) == 2


def test_running_headers_and_rules_are_furniture_not_text() -> None:
    from generator.parse.report import parse_report
    from generator.readers import read_source
    from tests.conftest import ROOT

    path = ROOT / "tests" / "fixtures" / "outlines" / "running-header-and-rules.txt"
    report = parse_report(read_source(path, path.parent))
    text = "".join(p.text for p in report.passages)
    assert "内部资料" not in text and "~~~" not in text
    assert "的舆情应对比较被动" in text  # the sentence the page broke is whole again
    lifted = [line.text for line in report.source.furniture]
    assert sum("内部资料" in t for t in lifted) == 3 and sum("~~~" in t for t in lifted) == 2
    assert report.meta.body == "中共青禾县人民检察院党组"


def test_web_furniture_and_repost_lines_leave_the_title_block() -> None:
    from generator.parse.report import parse_report
    from generator.readers import read_source
    from tests.conftest import ROOT

    folder = ROOT / "tests" / "fixtures" / "outlines"
    wechat = parse_report(read_source(folder / "wechat-furniture-emoji-numbers.md", folder))
    assert wechat.meta.title == "2024年度民主生活会个人对照检查材料"
    assert wechat.meta.body == "青禾市水务集团有限公司党委书记、董事长"
    lifted = " ".join(line.text for line in wechat.source.furniture)
    assert "仅供参考" in lifted and "编辑器导出" in lifted and "点赞" in lifted
    blog = parse_report(read_source(folder / "blog-repost-lines.txt", folder))
    assert blog.meta.title == "2020年度民主生活会个人对照检查材料"
    assert blog.meta.body == "青禾县交通运输局党组书记、局长"
